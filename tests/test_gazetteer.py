"""Gazetteer: places, countries, demonyms, people and organisations on texts written here."""

from __future__ import annotations

from claimledger.pipeline.places import (
    country_code_for,
    country_for_demonym,
    country_names,
    place_index,
)


def _mentions(doc, text: str) -> list[dict]:
    return [e for e in doc._.cl_entities if e["text"] == text]


def _one_id(doc, text: str) -> str:
    ids = {e["canonical_id"] for e in _mentions(doc, text)}
    assert len(ids) == 1, (text, doc._.cl_entities)
    return ids.pop()


def test_alternate_city_names_resolve_to_one_geonames_id(run_pipeline):
    doc = run_pipeline(
        "Drones struck Kyiv overnight, and sirens sounded in Lviv. Older maps print Kiev and "
        "Lvov for the same two cities. Flights from Mumbai, once called Bombay, were delayed."
    )
    assert _one_id(doc, "Kyiv") == _one_id(doc, "Kiev")
    assert _one_id(doc, "Lviv") == _one_id(doc, "Lvov")
    assert _one_id(doc, "Mumbai") == _one_id(doc, "Bombay")
    assert _one_id(doc, "Kyiv").startswith("geonames:")
    assert {e["canonical"] for e in _mentions(doc, "Kiev")} == {"Kyiv"}


def test_ambiguous_city_takes_the_country_the_article_names(run_pipeline):
    lebanon = run_pipeline("Gunfire echoed in Tripoli overnight. Lebanon's army sent "
                           "armoured vehicles to the northern port, a Lebanese officer said.")
    libya = run_pipeline("Militias fought near the airport of Tripoli as Libya's rival "
                         "governments traded blame.")
    assert {e["country_code"] for e in _mentions(lebanon, "Tripoli")} == {"LB"}
    assert {e["country_code"] for e in _mentions(libya, "Tripoli")} == {"LY"}


def test_common_word_that_is_also_a_hamlet_is_not_a_place(run_pipeline):
    doc = run_pipeline("Officials told Media outlets that the Victory parade in Baku would "
                       "go ahead on Saturday despite the rain.")
    found = {e["text"] for e in doc._.cl_entities if e["label"] in ("place", "country")}
    assert "Baku" in found
    assert not {"Media", "Victory"} & found
    assert not [ent for ent in doc.ents if ent.text in ("Media", "Victory")
                and ent.label_ == "GPE"]


def test_demonyms_with_plurals_map_to_countries(run_pipeline):
    doc = run_pipeline("Ukrainians and Russians traded fire while Turkish mediators, two "
                       "Israelis, a Sudanese doctor and South African observers waited.")
    codes = {d["text"]: d["country_code"] for d in doc._.cl_demonyms}
    assert codes == {"Ukrainians": "UA", "Russians": "RU", "Turkish": "TR", "Israelis": "IL",
                     "Sudanese": "SD", "South African": "ZA"}
    assert {d["country"] for d in doc._.cl_demonyms} >= {"Ukraine", "Turkey", "South Africa"}


def test_country_abbreviations_and_formal_names(run_pipeline):
    doc = run_pipeline("The U.S. sent an envoy. Officials in the United States and the UK "
                       "said the Republic of Armenia and Georgia were consulted; US aid rose.")
    us_ids = {e["canonical_id"] for e in doc._.cl_entities if e["text"] in
              ("U.S.", "United States", "US")}
    assert len(us_ids) == 1
    assert {e["label"] for e in _mentions(doc, "U.S.")} == {"country"}
    assert _mentions(doc, "UK")[0]["canonical"] == "United Kingdom"
    assert _mentions(doc, "Republic of Armenia")[0]["canonical"] == "Armenia"


def test_people_lose_titles_and_surnames_link_to_the_full_name(run_pipeline):
    doc = run_pipeline("Prime Minister Nikol Pashinyan met reporters in Yerevan. Later, "
                       "Pashinyan said talks would continue. His aide David Babayan agreed, "
                       "and Mr. Babayan added that nothing was signed.")
    assert {e["canonical"] for e in _mentions(doc, "Pashinyan")} == {"Nikol Pashinyan"}
    assert {e["canonical_id"] for e in _mentions(doc, "Babayan")} == {"person:david-babayan"}
    assert all(not e["canonical"].startswith(("Prime", "Mr")) for e in doc._.cl_entities)


def test_byline_surname_first_becomes_given_surname(run_pipeline):
    doc = run_pipeline("The dispatch, filed by KOVALENKO Oksana from Odesa, was checked "
                       "twice by the desk.")
    persons = [e for e in doc._.cl_entities if e["label"] == "person"]
    assert [(p["text"], p["canonical"]) for p in persons] == [
        ("KOVALENKO Oksana", "Oksana Kovalenko")]


def test_regions_outside_geonames_stay_places_with_a_slug(run_pipeline):
    doc = run_pipeline("Shelling continued across the Donbas region. Farmers in Donbas "
                       "said the harvest was lost.")
    ids = {e["canonical_id"] for e in _mentions(doc, "Donbas")}
    assert ids == {"place:donbas"}


def test_known_places_are_gpe_in_doc_ents(run_pipeline):
    doc = run_pipeline("Yerevan said on Monday that Baku had closed the road, and Moscow "
                       "urged calm. Ankara and Tbilisi stayed silent.")
    places = {(e["start"], e["end"]) for e in doc._.cl_entities if e["label"] in
              ("place", "country")}
    gpes = {(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "GPE"}
    assert places and places <= gpes


def test_organisations_are_normalised(run_pipeline):
    doc = run_pipeline("A statement from the European Union's foreign service followed "
                       "one by the United Nations.")
    orgs = {e["canonical_id"] for e in doc._.cl_entities if e["label"] == "organisation"}
    assert "organisation:united-nations" in orgs
    assert "organisation:european-union" in orgs


def test_helpers_for_other_components():
    assert country_for_demonym("Ukrainians") == "Ukraine"
    assert country_for_demonym("Azerbaijani") == "Azerbaijan"
    assert country_for_demonym("Table") is None
    assert country_code_for("U.S.") == "US"
    assert country_code_for("United States") == "US"
    assert country_code_for("Republic of Moldova") == "MD"
    assert country_code_for("Georgians") == "GE"
    assert country_code_for("Springfield") is None
    assert {"Ukraine", "United States", "UAE"} <= country_names()


def test_index_keeps_latin_alternate_names_only():
    index = place_index()
    assert [p.name for p in index.lookup("Stepanakert")] == ["Khankendi"]
    assert index.lookup("Киев") == ()


def test_index_makes_a_names_places_once_and_keeps_a_bounded_number(monkeypatch):
    from claimledger.pipeline import places

    index = place_index()
    first = index.lookup("Springfield")
    assert len(first) > 1 and index.lookup("springfield") is first  # one name key
    monkeypatch.setattr(places, "_CITIES_KEPT", len(index.cities))
    again = index.lookup("Paris")
    assert list(index.cities) == ["paris"] and again == index.lookup("Paris")
    assert index.lookup("Springfield") == first  # made again, the same places


def test_word_units_join_hyphenated_names_only():
    """"Nagorno-Karabakh" and "Ras-al-Ain" are one unit each; a spaced dash, a hyphen before
    a number and a hyphen opening the text join nothing."""
    from claimledger.pipeline.gazetteer import _word_units

    words = ["-", "Nagorno", "-", "Karabakh", "and", "Ras", "-", "al", "-", "Ain", "-", "5",
             "x", "-", "y"]
    spaces = [False, False, False, True, True, False, False, False, False, False, False, True,
              True, True, False]
    units = _word_units(words, spaces)
    assert units.joined == {1: 4, 5: 10}
    assert units.inside == {2, 3, 6, 7, 8, 9}
    assert [units.end(start) for start in (0, 1, 4, 5, 10, 11, 12, 13, 14)] == [
        1, 4, 5, 10, 11, 12, 13, 14, 15]


def test_demonyms_are_read_longest_first_from_the_words(nlp):
    from claimledger.pipeline.gazetteer import _find_demonyms
    from claimledger.pipeline.places import demonym_table

    doc = nlp.make_doc("Two South Africans, a Ukrainian and Central Africa officials met "
                       "Central Africans.")
    words, starts = [t.text for t in doc], [t.idx for t in doc]
    found = [(doc[s:e].text, code) for s, e, code in _find_demonyms(doc.text, words, starts)]
    table = demonym_table()
    assert found == [("South Africans", table["South Africans"]),
                     ("Ukrainian", table["Ukrainian"]),
                     ("Central Africans", table["Central Africans"])]


def test_every_later_capitalised_surname_is_the_person(run_pipeline):
    doc = run_pipeline("The mayor, Jon Halvorsen, opened the bridge on Monday. Crowds cheered "
                       "as Halvorsen cut the ribbon, and Halvorsen's deputy read a poem.")
    found = [e for e in doc._.cl_entities if e["text"].startswith("Halvorsen")]
    assert len(found) == 2 and {e["canonical"] for e in found} == {"Jon Halvorsen"}


def test_capitalised_words_open_with_a_capital_and_hold_a_letter():
    from claimledger.pipeline.gazetteer import _capitalised

    assert [_capitalised(w) for w in ("Ukraine", "U.S.", "\u2167b", "\u2167", "ukraine", "")] \
        == [True, True, True, False, False, False]


def test_a_model_entity_is_kept_over_ours_only_when_it_holds_exactly_one_shorter():
    from claimledger.pipeline.gazetteer import _holds_one_smaller

    assert _holds_one_smaller(2, 6, [(3, 4)])  # "the [Baku] State University"
    assert not _holds_one_smaller(2, 6, [(2, 6)])  # the same range: ours replaces it
    assert not _holds_one_smaller(2, 6, [(2, 3), (4, 5)])  # two of ours inside
    assert not _holds_one_smaller(2, 6, [(1, 3)])  # only overlapping, not inside


def test_the_doc_context_reads_entity_types_and_demonym_offsets_as_spacy_gives_them(
        run_pipeline, nlp):
    from claimledger.pipeline.gazetteer import _DocContext

    doc = run_pipeline("Mr. Jon  Halvorsen's\tNorwegian aides\n\nflew from Oslo to South "
                       "African ports with the Red Cross.")
    context = _DocContext(doc, nlp.get_pipe("claimledger_gazetteer"))
    assert [context.ent_type(i) for i in range(len(doc))] == [t.ent_type_ for t in doc]
    assert context.ent_iob == [t.ent_iob for t in doc]
    assert context.ent_spans == [(e.start, e.end, e.label_) for e in doc.ents]
    for start, end, code in context.demonyms:
        span = doc[start:end]
        assert context.demonym_dict(start, end, code) == {
            "start": span.start_char, "end": span.end_char, "text": span.text,
            "country": country_for_demonym(span.text), "country_code": code}
    assert [doc[s:e].text for s, e, _ in context.demonyms] == ["Norwegian", "South African"]
