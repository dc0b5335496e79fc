"""Small readings of the parse shared by the components (texts written for these tests)."""

from __future__ import annotations

from claimledger.pipeline.syntax import (
    in_subtree,
    indexed_tokens,
    sentence_of,
    span_text,
    token_indices,
    within,
)
from claimledger.pipeline.token_table import doc_tokens

TEXT = ("Shelling on the port killed 12 people on Monday. A boat of fleeing villagers sank on "
        "Tuesday, raising the toll to 40.")


def test_token_indices_pick_from_the_table_once_per_doc(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    calls = []

    def preps(table) -> list[int]:
        calls.append(1)
        return [i for i in table.where(table.lower, {"on"}) if table.dep[i] == "prep"]

    found = token_indices(doc, "test.preps", preps)
    assert found == [t.i for t in doc if t.lower_ == "on" and t.dep_ == "prep"]
    assert len(found) >= 2
    assert token_indices(doc, "test.preps", preps) is found and len(calls) == 1


def test_within_keeps_the_indices_of_a_sentence(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    everywhere = [t.i for t in doc if t.lower_ == "on"]
    first, second = list(doc.sents)[:2]
    assert within(everywhere, first.start, first.end) == [i for i in everywhere if i < first.end]
    assert within(everywhere, second.start, second.end) == [
        i for i in everywhere if second.start <= i < second.end]
    assert within([], 0, len(doc)) == []


def test_span_text_is_the_spans_text(run_pipeline) -> None:
    doc = run_pipeline(TEXT + "\n\nA second  paragraph.")
    spans = [*doc.sents, doc[0:3], doc[2:2], doc[len(doc) - 2:], doc[:]]
    assert [span_text(span) for span in spans] == [span.text for span in spans]
    assert span_text(doc[0:2]) == "Shelling on"  # no trailing space


def test_sentence_of_is_the_tokens_sentence(run_pipeline) -> None:
    doc = run_pipeline(TEXT + "\n\nA second paragraph follows. It has two sentences.")
    words = doc_tokens(doc)
    assert [sentence_of(doc, words, t.i) for t in doc] == [t.sent for t in doc]
    assert len({sentence_of(doc, words, t.i).start for t in doc}) >= 4


def test_in_subtree_is_membership_of_the_subtree(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    words = doc_tokens(doc)
    for top in doc:
        below = {t.i for t in top.subtree}
        assert {i for i in range(len(doc)) if in_subtree(doc, words, top.i, i)} == below


def test_indexed_tokens_are_the_docs_table_read_once(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    table = indexed_tokens(doc)
    assert table.lemma == doc_tokens(doc).lemma and table.starts == doc_tokens(doc).starts
    assert indexed_tokens(doc) is table
    first, second = indexed_tokens(doc).sentence(0), indexed_tokens(doc).sentence(len(doc) - 1)
    assert first == (doc[0].sent.start, doc[0].sent.end)
    assert second == (doc[-1].sent.start, doc[-1].sent.end) != first
