"""The compiled attribute rules give exactly what spaCy's attribute ruler gives, token by token."""

from __future__ import annotations

import json

import spacy
from spacy.tokens import Doc

from claimledger.pipeline.attribute_rules import NAME, RULER, replace_attribute_ruler

# Written for these tests: the ruler's special cases (contractions whose lemmas it sets across
# two tokens, "there is", pronoun case by dependency, auxiliaries) and runs of whitespace.
SPECIAL = (
    "I ain't sure, and she ain't going. We're gonna leave and you gotta stay, y'all said. "
    "Let's go! C'mon, let's see.\n"
    "It's raining;  the mayor's office said it gets worse.   There are 40 dead and there's "
    "no water.\n\n  He got it.\tI gave it to you and you gave it to me. But it was what it "
    "was: that which remains.\nDo you have it? I did, she does, they had. Which one is it?"
)
UPSTREAM = ("tok2vec", "tagger", "parser")


def _annotations(docs: list[Doc]) -> list[list[tuple]]:
    return [[(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]
            for doc in docs]


def _both_ways(model, texts: list[str]) -> tuple[list[list[tuple]], list[list[tuple]]]:
    """The texts through the model with spaCy's ruler, and with the compiled rules instead
    (both followed by the model's lemmatizer)."""
    from claimledger.pipeline.attribute_rules import compiled_ruler

    docs = []
    for text in texts:
        doc = model.make_doc(text)
        for name in UPSTREAM:
            doc = model.get_pipe(name)(doc)
        docs.append(doc)
    compiled, ruler, lemmatizer = (compiled_ruler(model, "rules"), model.get_pipe(RULER),
                                   model.get_pipe("lemmatizer"))
    spacy_way = [lemmatizer(ruler(doc.copy())) for doc in docs]
    compiled_way = [lemmatizer(compiled(doc.copy())) for doc in docs]
    return _annotations(spacy_way), _annotations(compiled_way)


def test_compiled_rules_equal_the_ruler_on_the_seed_articles(small_model, seeds_dir):
    texts = [json.loads(line)["text"] for line in
             (seeds_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]
    spacy_way, compiled_way = _both_ways(small_model, texts)
    assert sum(map(len, spacy_way)) > 1000
    assert compiled_way == spacy_way


def test_compiled_rules_equal_the_ruler_on_contractions_and_whitespace(small_model):
    spacy_way, compiled_way = _both_ways(small_model, [SPECIAL])
    assert compiled_way == spacy_way
    lemmas = {(text.lower(), lemma) for text, _, _, lemma, _, _ in compiled_way[0]}
    # lemmas that only the ruler's patterns of two tokens set
    assert {("ai", "be"), ("gon", "go"), ("na", "to"), ("ta", "to"), ("'s", "us"),
            ("c'm", "come"), ("y'", "you")} <= lemmas
    spaces = [pos for text, pos, *_ in compiled_way[0] if text.isspace()]
    assert len(spaces) >= 4 and set(spaces) == {"SPACE"}


def _hand_ruler(patterns: list[dict]):
    nlp = spacy.blank("en")
    nlp.add_pipe(RULER).add_patterns(patterns)
    return nlp


HAND_PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"LOWER": "rice", "TAG": "NN"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": "new"}, {"LOWER": {"REGEX": "^yorks?$"}}]],
     "attrs": {"LEMMA": "York"}, "index": -1},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
]


def test_later_rules_override_only_what_they_set_like_the_ruler():
    nlp = _hand_ruler(HAND_PATTERNS)
    words = ["Rice", "went", "to", "New", "York", "  ", "new", "yorks", "rice"]
    tags = ["NN", "VBD", "IN", "NNP", "NNP", "", "JJ", "NNS", "NN"]
    from claimledger.pipeline.attribute_rules import compiled_ruler

    expected = _annotations([nlp.get_pipe(RULER)(Doc(nlp.vocab, words=words, tags=tags))])
    got = _annotations([compiled_ruler(nlp, "rules")(Doc(nlp.vocab, words=words, tags=tags))])
    assert got == expected
    assert expected[0][0][1:4] == ("PROPN", "Number=Sing", "")
    assert expected[0][4][3] == "York" and expected[0][5][1] == "SPACE"


def test_a_pattern_beyond_the_compiler_keeps_spacy_ruler():
    nlp = _hand_ruler(HAND_PATTERNS + [
        {"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    replace_attribute_ruler(nlp)
    assert RULER in nlp.pipe_names and NAME not in nlp.pipe_names
    simple = _hand_ruler(HAND_PATTERNS)
    replace_attribute_ruler(simple)
    assert simple.pipe_names == [NAME]


def test_the_tool_runs_the_compiled_rules(nlp):
    assert NAME in nlp.pipe_names and RULER not in nlp.pipe_names
