"""Framing terms, voice and place-name choice on short texts written for the test."""

from __future__ import annotations

from claimledger.crosssource.framing import (
    MAIN_EVENT,
    find_loaded,
    find_phrases,
    framing_terms,
    place_name_choices,
    place_name_table,
    quoted_spans,
)
from claimledger.records import Document, Entity

OWN_WIRE = (
    "The army of Northland began a counterterrorism operation on Monday.\n"
    "Southland called it “an act of large-scale aggression” and said the so-called "
    "security zone was illegal. Armed Southland rebels withdrew after the lightning offensive."
)
RIVAL_PAPER = (
    "Southland's government condemned the invasion. Northland forces shelled the river port, "
    "and the 2019 war was mentioned by officials who remembered earlier clashes."
)


def document(doc_id: str, text: str, source: str, published: str = "2025-04-02") -> Document:
    return Document(id=doc_id, text=text, content_hash=doc_id, source=source, published=published)


def test_operation_phrases_keep_their_modifiers():
    terms = {p.term: p for p in find_phrases(OWN_WIRE)}
    assert "counterterrorism operation" in terms
    assert "act of large-scale aggression" in terms
    assert "lightning offensive" in terms
    assert terms["counterterrorism operation"].referent == MAIN_EVENT


def test_armed_side_phrases_are_named_after_their_modifier():
    sides = [p for p in find_phrases(OWN_WIRE) if p.category == "armed side"]
    assert [(p.term, p.referent) for p in sides] == [("armed southland rebels", "side: Southland")]


def test_bare_side_heads_and_possessives_are_not_terms():
    terms = [p.term for p in find_phrases("The forces moved. Northland's troops stayed.")]
    assert terms == []


def test_years_before_the_corpus_mark_an_earlier_event():
    phrases = find_phrases(RIVAL_PAPER, main_year=2025)
    referents = {p.term: p.referent for p in phrases}
    assert referents["2019 war"] == "earlier event (2019)"
    assert referents["invasion"] == MAIN_EVENT


def test_loaded_terms_found_with_hyphen_variants():
    found = {term for _, _, term, _ in find_loaded("A counter terrorism drive by the regime.")}
    assert found == {"counterterrorism", "regime"}  # spelling variants fold into one term


def test_quotation_marks_set_the_voice():
    rows = framing_terms([document("w", OWN_WIRE, "Own Wire")])
    voices = {(r.term, r.voice) for r in rows}
    assert ("act of large-scale aggression", "quoted") in voices
    assert ("counterterrorism operation", "own") in voices
    zone = next(r for r in rows if r.term == "so-called security zone")
    assert zone.loaded and zone.referent == "territory"
    loaded = {r.term: r for r in rows if r.referent == "loaded language"}
    assert loaded["illegal"].category == "delegitimising" and loaded["illegal"].voice == "own"
    assert "so-called" not in loaded  # counted once, inside its phrase
    assert quoted_spans('He said "no" and ‘maybe’ twice.') == [(8, 12), (17, 24)]


def test_each_outlet_gets_its_own_rows():
    rows = framing_terms([document("w", OWN_WIRE, "Own Wire"),
                          document("p", RIVAL_PAPER, "Rival Paper")])
    main = {(r.source, r.term) for r in rows if r.referent == MAIN_EVENT}
    assert ("Own Wire", "counterterrorism operation") in main
    assert ("Rival Paper", "invasion") in main
    assert all(r.count >= 1 for r in rows)


def place(doc_id: str, name: str, start: int, canonical_id: str, canonical: str) -> Entity:
    return Entity(doc=doc_id, start=start, end=start + len(name), evidence=name, label="place",
                  canonical=canonical, canonical_id=canonical_id)


def test_place_name_choice_counts_which_outlet_uses_which_name():
    docs = [document("a", "Kiev and Kiev again; also Lviv.", "Paper A"),
            document("b", "In Kyiv, crowds gathered near “Kiev Station”.", "Paper B")]
    entities = [
        place("a", "Kiev", 0, "geonames:703448", "Kyiv"),
        place("a", "Kiev", 9, "geonames:703448", "Kyiv"),
        place("a", "Lviv", 26, "geonames:702550", "Lviv"),
        place("b", "Kyiv", 3, "geonames:703448", "Kyiv"),
        place("b", "Kiev", 33, "geonames:703448", "Kyiv"),
    ]
    rows = place_name_choices(docs, entities)
    assert place_name_table(rows) == {"Kyiv": {"Kiev": {"Paper A": 2, "Paper B": 1},
                                               "Kyiv": {"Paper B": 1}}}
    assert all(r.category == "place name" for r in rows)
    quoted = [r for r in rows if r.voice == "quoted"]
    assert [(r.source, r.term) for r in quoted] == [("Paper B", "Kiev")]
