"""Small readings of the parse shared by the components (texts written for these tests)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.pipeline.syntax import (
    sentence_of,
    sentence_starts,
    span_text,
    token_indices,
    within,
)

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
    doc = run_pipeline(TEXT + "\n\nA second  paragraph.\nFlooding Hits Town")
    assert sentence_starts(doc) == [s.start for s in doc.sents]
    assert len(sentence_starts(doc)) >= 3
    for token in doc:
        found, expected = sentence_of(doc, token.i), token.sent
        assert (found.start, found.end) == (expected.start, expected.end)


def test_sentence_starts_of_a_doc_with_one_sentence(nlp) -> None:
    doc = Doc(nlp.vocab, words=["Floods", "hit", "the", "town"],
              sent_starts=[True, False, False, False])
    assert sentence_starts(doc) == [0]
    assert (sentence_of(doc, 3).start, sentence_of(doc, 3).end) == (0, 4)
