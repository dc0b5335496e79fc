"""Attribution's per-doc look-ups answer what the spaCy calls they stand for would.

The texts are written for these tests.
"""

from __future__ import annotations

from claimledger.pipeline.attribution import Attributor
from claimledger.pipeline.attribution_text import AttributionLexicon, CountryWords, phrase_matches
from claimledger.pipeline.claimants import entity_ranges

TEXT = ("Flood toll rises: officials\n"
        "According to the regional health office, 40 people died on Monday.  Jane Morrow, "
        "who heads the Red Cross in the province, said 12 more were missing. \n\n"
        "“We expect more rain,” she told reporters. The count by the agency rose again.")


def _attributor(doc) -> Attributor:
    lexicon = AttributionLexicon.load()
    return Attributor(doc, lexicon, CountryWords(lexicon))


def test_phrase_matches_finds_each_phrase_where_it_starts() -> None:
    words = "according to the count by the ministry , citing the count by aid workers".split()
    phrases = (("according", "to"), ("citing",), ("the", "count", "by"), ("by", "the", "end"))
    assert phrase_matches(words, phrases) == [(0, 0), (2, 2), (8, 1), (9, 2)]


def test_phrase_matches_leaves_a_phrase_cut_by_the_end_of_the_words() -> None:
    assert phrase_matches(["data", "from"], (("data", "from", "the"),)) == []
    assert phrase_matches([], (("per",),)) == []


def test_sentence_at_is_the_sentence_char_span_finds(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    attributor = _attributor(doc)
    for offset in range(-1, len(doc.text) + 2):
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else doc[-1]
        expected = token.sent
        found = attributor._sentence_at(offset)
        assert (found.start, found.end) == (expected.start, expected.end), offset


def test_sentence_of_is_the_tokens_sentence(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    attributor = _attributor(doc)
    assert len(attributor.sentences) > 3
    for token in doc:
        found = attributor._sentence_of(token.i)
        assert (found.start, found.end) == (token.sent.start, token.sent.end)


def test_entity_ranges_are_the_docs_entities(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    assert [(start, end, doc.vocab.strings[label]) for start, end, label in
            entity_ranges(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert any(e.label_ == "PERSON" for e in doc.ents)


def test_entity_ranges_of_a_doc_without_entities(nlp) -> None:
    doc = nlp.make_doc("nothing here")
    assert entity_ranges(doc) == []
    assert entity_ranges(nlp.make_doc("")) == []


def test_entity_at_holds_each_token_of_an_entity(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    reader = _attributor(doc).reader
    entity = {i: e for e in doc.ents for i in range(e.start, e.end)}
    for token in doc:
        found, expected = reader.entity_at(token.i), entity.get(token.i)
        assert (found is None) == (expected is None)
        if found is not None:
            assert (found.start, found.end, found.label_) == (expected.start, expected.end,
                                                              expected.label_)
    assert reader.full_names.get("morrow") == "Jane Morrow"


PEOPLE = ("Ukrainian Defence Minister Jon Doe said 40 soldiers died on Monday. "
          "Doe said 12 more were hurt.")


def test_a_phrase_read_again_names_the_same_claimant(run_pipeline) -> None:
    doc = run_pipeline(PEOPLE)
    reader = _attributor(doc).reader
    subjects = [t for t in doc if t.dep_ == "nsubj" and t.text == "Doe"]
    assert len(subjects) == 2
    first = reader.read(subjects[0])
    assert first is not None and first.name == "Jon Doe" and first.kind == "person"
    assert reader.read(subjects[0]) == first


def test_a_persons_side_from_an_earlier_reading_applies_to_a_phrase_read_before(
        run_pipeline) -> None:
    doc = run_pipeline(PEOPLE)
    reader = _attributor(doc).reader
    titled, bare = [t for t in doc if t.dep_ == "nsubj" and t.text == "Doe"]
    assert reader.read(bare).side == ""  # nothing known of Doe yet
    assert reader.read(titled).side == "Ukraine"
    assert reader.read(bare).side == "Ukraine"  # the name's side, not the first reading's


QUOTED = ("“We lost 30 homes,” the mayor said. 'Help is slow', a resident added, and "
          "\"nobody came\n"
          "She said: “the river rose ‘fast’ and” — then \"stopped\". \"\"")


def test_quotations_follow_one_another_without_overlapping() -> None:
    from claimledger.pipeline.attribution_text import find_quotations

    quotes = find_quotations(QUOTED, AttributionLexicon.load())
    assert len(quotes) >= 4
    assert all(a.end <= b.start for a, b in zip(quotes, quotes[1:], strict=False))


def test_in_quote_is_any_quotation_holding_the_offset(run_pipeline) -> None:
    doc = run_pipeline(QUOTED)
    attributor = _attributor(doc)
    quotes = attributor.quotes
    for offset in range(-1, len(QUOTED) + 2):
        assert attributor._in_quote(offset) == any(q.start < offset < q.end for q in quotes)
        for quote in quotes:
            assert attributor._in_other_quote(offset, quote) == any(
                q.start < offset < q.end for q in quotes if q != quote)
