"""Incidents: which event each figure counts (cues from the parse), resolved across documents."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.incidents import day_range, resolve_incidents
from claimledger.records import Entity


def test_two_strikes_in_one_week_in_one_region_are_two_incidents():
    docs = [doc("a", "Outlet A", "2031-03-03"), doc("b", "Outlet B", "2031-03-08")]
    claims = [
        claim("a", 12, incident_type="attack", incident_trigger="strike",
              incident_date="2031-03-02", incident_country="NL"),
        claim("b", 30, incident_type="attack", incident_trigger="strike",
              incident_date="2031-03-07", incident_country="NL"),
        claim("b", 14, incident_type="attack", incident_trigger="attack",
              incident_date="2031-03-02", incident_country="NL"),
    ]
    incidents, ids = resolve_incidents(docs, claims)
    assert len(incidents) == 2
    assert ids[0] == ids[2] != ids[1]


def test_a_rising_toll_without_dates_stays_with_its_earthquake():
    docs = [doc(f"d{i}", f"Outlet {i}", day) for i, day in
            enumerate(("2031-05-01", "2031-05-03", "2031-05-19"))]
    claims = [
        claim("d0", 100, incident_type="earthquake", incident_trigger="earthquake",
              incident_date="2031-05-01", incident_country="NP"),
        claim("d1", 900, incident_type="earthquake", incident_trigger="quake",
              incident_country="NP"),
        claim("d2", 4000, incident_type="earthquake", incident_trigger="quake",
              incident_country="NP"),
    ]
    incidents, ids = resolve_incidents(docs, claims)
    assert len(set(ids)) == 1
    assert incidents[0].first_date == "2031-05-01" and incidents[0].last_date == "2031-05-19"


def test_an_aftershock_weeks_later_is_an_incident_of_its_own():
    docs = [doc("a", "A", "2031-05-20")]
    claims = [
        claim("a", 4000, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-05-01", incident_country="NP"),
        claim("a", 60, incident_type="earthquake", incident_trigger="aftershock",
              incident_date="2031-05-19", incident_country="NP", incident_distinct=True),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1]


def test_an_earthquake_and_a_flood_in_one_corpus_never_share_an_incident():
    docs = [doc("a", "A", "2031-07-02"), doc("b", "B", "2031-07-02")]
    claims = [
        claim("a", 50, incident_type="earthquake", incident_trigger="earthquake",
              incident_date="2031-07-01", incident_country="PE"),
        claim("b", 50, incident_type="flood", incident_trigger="flood",
              incident_date="2031-07-01", incident_country="PE"),
    ]
    incidents, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1] and {i.type for i in incidents} == {"earthquake", "flood"}


def test_earthquakes_on_two_continents_the_same_week_are_two_incidents():
    docs = [doc("a", "A", "2031-07-02"), doc("b", "B", "2031-07-03")]
    claims = [
        claim("a", 50, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-07-01", incident_country="PE"),
        claim("b", 70, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-07-02", incident_country="JP"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1]


def test_a_named_storm_a_year_later_is_still_that_storm():
    docs = [doc("a", "A", "2031-09-21"), doc("b", "B", "2032-08-30")]
    claims = [
        claim("a", 16, incident_type="storm", incident_trigger="hurricane zelda",
              incident_date="2031-09-20", incident_country="PR"),
        claim("b", 2900, incident_type="storm", incident_trigger="hurricane zelda",
              incident_country="PR"),
    ]
    incidents, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[1] and "Zelda" in incidents[0].label


def test_background_figures_never_join_the_main_incident():
    docs = [doc("a", "A", "2031-09-21")]
    claims = [
        claim("a", 80, incident_type="armed_conflict", incident_trigger="clash",
              incident_date="2031-09-20", incident_country="AM"),
        claim("a", 5000, incident_type="armed_conflict", incident_trigger="war",
              incident_date="2027", incident_country="AM", era="background"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1] and "background" in ids[1]


def test_day_range_reads_days_months_and_years():
    day = day_range("2031-02-10")
    assert day[0] == day[1]
    month = day_range("2031-02")
    assert month[1] - month[0] == 27
    assert day_range("2031")[1] - day_range("2031")[0] == 364
    assert day_range(None) == (None, None)


def _cues(run_pipeline, text: str, published: str = "2031-05-20") -> list:
    return run_pipeline(text, published=published)._.cl_quantities


def test_the_cue_takes_the_trigger_its_date_and_a_storm_name(run_pipeline):
    found = _cues(run_pipeline, "At least 40 people were killed in the May 19 quake, officials "
                                "said. The toll from Hurricane Zelda rose to 16 on Tuesday.")
    by_value = {q["value"]: q for q in found}
    quake, storm = by_value[40], by_value[16]
    assert (quake["incident_type"], quake["incident_date"]) == ("earthquake", "2031-05-19")
    assert storm["incident_type"] == "storm" and storm["incident_trigger"] == "hurricane zelda"


def test_a_sentence_without_a_trigger_takes_the_articles_main_event(run_pipeline):
    found = _cues(run_pipeline, "A flood swept through the valley on Monday. Rescuers said "
                                "that 23 people had died and 40 were missing.")
    assert {q["incident_type"] for q in found} == {"flood"}
    assert {q["incident_cue"] for q in found} == {"article"}


def test_equipment_words_are_not_triggers(run_pipeline):
    found = _cues(run_pipeline, "The army said it had destroyed 12 rocket launchers. The war "
                                "began on May 2.")
    assert found[0]["incident_type"] == "armed_conflict"


def test_an_undated_strike_on_another_town_of_the_country_is_another_incident():
    docs = [doc("a", "Outlet A", "2031-03-03"), doc("b", "Outlet B", "2031-03-20")]
    claims = [
        claim("a", 9, incident_type="attack", incident_trigger="strike",
              incident_date="2031-03-02", incident_country="NL", incident_place="Zwolle"),
        claim("b", 21, incident_type="attack", incident_trigger="strike",
              incident_country="NL", incident_place="Assen"),
        claim("b", 10, incident_type="attack", incident_trigger="strike",
              incident_country="NL", incident_place="Zwolle"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[2] != ids[1]


def test_a_town_of_another_country_does_not_split_a_strike():
    docs = [doc("a", "Outlet A", "2031-03-03"), doc("b", "Outlet B", "2031-03-04")]
    claims = [
        claim("a", 9, incident_type="attack", incident_trigger="strike",
              incident_date="2031-03-02", incident_country="NL", incident_place="Zwolle"),
        claim("b", 12, incident_type="attack", incident_trigger="strike",
              incident_country="BE", incident_place="Hasselt"),
    ]
    about = [Entity(doc=d, start=i, end=i + 1, evidence="x", label="place", canonical=name,
                    country_code=code)
             for d in ("a", "b") for i, (name, code) in enumerate(
                 (("Zwolle", "NL"), ("Zwolle", "NL"), ("Hasselt", "BE"), ("Hasselt", "BE")))]
    _, ids = resolve_incidents(docs, claims, about)
    assert ids[0] == ids[1]
