"""Incidents: which event each figure counts (cues from the parse), resolved across documents."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.incidents import day_range, resolve_incidents
from claimledger.pipeline.incident_cues import (
    _since_dates,
    _trigger_words,
    find_cues,
    trigger_type,
)
from claimledger.pipeline.token_table import doc_tokens
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
    found = _cues(run_pipeline, "A flood swept through the valley on Monday.\n\nRescuers "
                                "said that 23 people had died and 40 were missing.")
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
              incident_date="2031-03-02", incident_country="NL", incident_place="Zwolle",
              incident_town="Zwolle"),
        claim("b", 21, incident_type="attack", incident_trigger="strike",
              incident_country="NL", incident_place="Assen",
              incident_town="Assen"),
        claim("b", 10, incident_type="attack", incident_trigger="strike",
              incident_country="NL", incident_place="Zwolle",
              incident_town="Zwolle"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[2] != ids[1]


def test_a_town_of_another_country_does_not_split_a_strike():
    docs = [doc("a", "Outlet A", "2031-03-03"), doc("b", "Outlet B", "2031-03-04")]
    claims = [
        claim("a", 9, incident_type="attack", incident_trigger="strike",
              incident_date="2031-03-02", incident_country="NL", incident_place="Zwolle",
              incident_town="Zwolle"),
        claim("b", 12, incident_type="attack", incident_trigger="strike",
              incident_country="BE", incident_place="Hasselt",
              incident_town="Hasselt"),
    ]
    about = [Entity(doc=d, start=i, end=i + 1, evidence="x", label="place", canonical=name,
                    country_code=code)
             for d in ("a", "b") for i, (name, code) in enumerate(
                 (("Zwolle", "NL"), ("Zwolle", "NL"), ("Hasselt", "BE"), ("Hasselt", "BE")))]
    _, ids = resolve_incidents(docs, claims, about)
    assert ids[0] == ids[1]


def _cue_of(found: list, value: float) -> dict:
    return next(q for q in found if q["value"] == value)


def test_a_killed_figure_never_counts_the_exodus_it_is_told_beside(run_pipeline):
    found = _cues(run_pipeline, "The boat capsized near the coast on Monday. Twelve people "
                                "were killed as thousands of refugees crossed the border.")
    assert _cue_of(found, 12)["incident_type"] == "shipwreck"


def test_the_trigger_of_the_figures_own_clause_beats_a_nearer_one(run_pipeline):
    found = _cues(run_pipeline, "With crews clearing landslides, officials said that 300 "
                                "people had died as a result of the quake.")
    assert _cue_of(found, 300)["incident_type"] == "earthquake"


def test_losses_since_an_attack_count_the_campaign_not_the_attack(run_pipeline):
    found = _cues(run_pipeline, "Police say they have lost 15 officers since the August "
                                "attacks. Militants launched 97 attacks in two weeks, killing "
                                "36 people. On May 12, an attack on the port killed four "
                                "guards.")
    assert _cue_of(found, 15)["incident_type"] == "armed_conflict"
    assert _cue_of(found, 36)["incident_type"] == "armed_conflict"
    assert _cue_of(found, 4)["incident_type"] == "attack"


def test_a_figure_counts_the_event_a_trigger_set_off(run_pipeline):
    found = _cues(run_pipeline, "Eighteen climbers died on the peak when the quake sparked an "
                                "avalanche. Nine of them were guides.\n\nThe quake killed "
                                "4,000 people across the country.")
    assert _cue_of(found, 18)["incident_type"] == "avalanche"
    assert (_cue_of(found, 9)["incident_type"], _cue_of(found, 9)["incident_cue"]) == (
        "avalanche", "previous")
    assert _cue_of(found, 4000)["incident_type"] == "earthquake"


def test_efforts_are_not_events_and_headline_capitals_are_not_names(run_pipeline):
    found = _cues(run_pipeline, "Quake Toll Tops 500 In Mountain Towns\n\nRescue operations "
                                "went on as 40 people were reported missing.")
    assert _cue_of(found, 500)["incident_trigger"] == "quake"
    assert _cue_of(found, 40)["incident_type"] == "earthquake"


def test_the_town_and_site_a_strike_names_not_a_town_named_for_another_reason(run_pipeline):
    found = _cues(run_pipeline, "The governor of the Lviv region said 12 people died in the "
                                "strike on the railway station in Kharkiv. The blast also "
                                "wounded 30.")
    twelve, thirty = _cue_of(found, 12), _cue_of(found, 30)
    assert (twelve["incident_town"], twelve["incident_site"]) == ("Kharkiv", "station")
    assert (thirty["incident_town"], thirty["incident_site"]) == ("Kharkiv", "station")


def test_a_later_undated_mention_of_a_struck_site_joins_that_strike():
    docs = [doc("a", "A", "2031-05-04"), doc("b", "B", "2031-05-20"),
            doc("c", "C", "2031-05-21")]
    claims = [
        claim("a", 600, incident_type="attack", incident_trigger="airstrike",
              incident_date="2031-03-16", incident_country="NL", incident_town="Zwolle",
              incident_site="theatre"),
        claim("b", 12, incident_type="attack", incident_trigger="bombing",
              incident_country="NL", incident_site="theatre"),
        claim("c", 7, incident_type="attack", incident_trigger="strike",
              incident_date="2031-05-20", incident_country="NL", incident_town="Zwolle",
              incident_site="market"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[1] != ids[2]


def test_a_figure_at_the_place_of_an_avalanche_counts_the_avalanche_not_the_quake():
    docs = [doc("a", "A", "2031-04-27"), doc("b", "B", "2031-04-28")]
    claims = [
        claim("a", 22, incident_type="avalanche", incident_trigger="avalanche",
              incident_country="NP", incident_town="Mount Everest"),
        claim("a", 3600, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-04-25", incident_country="NP"),
        claim("b", 18, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-04-25", incident_country="NP",
              incident_place="Mount Everest"),
        claim("b", 18, incident_type="landslide", incident_trigger="landslide",
              incident_country="NP", incident_place="Mount Everest"),
        claim("b", 4400, incident_type="earthquake", incident_trigger="quake",
              incident_date="2031-04-25", incident_country="NP", incident_place="Nepal"),
    ]
    about = [Entity(doc=d, start=0, end=1, evidence="x", label="country", canonical="Nepal",
                    country_code="NP") for d in ("a", "b")]
    _, ids = resolve_incidents(docs, claims, about)
    assert ids[0] == ids[2] == ids[3] != ids[1] == ids[4]


def test_a_named_country_the_article_is_not_about_still_finds_its_deployment():
    docs = [doc("a", "A", "2031-11-10"), doc("b", "B", "2031-12-04")]
    claims = [
        claim("a", 1960, measure="personnel", incident_type="deployment",
              incident_trigger="deploy", incident_date="2031-11-10", incident_country="RU"),
        claim("b", 2000, measure="personnel", incident_type="deployment",
              incident_trigger="deploy", incident_country="RU"),
    ]
    about = [Entity(doc="b", start=i, end=i + 1, evidence="x", label="country",
                    canonical=name, country_code=code)
             for i, (name, code) in enumerate((("Armenia", "AM"), ("Armenia", "AM"),
                                               ("Azerbaijan", "AZ"), ("Azerbaijan", "AZ")))]
    _, ids = resolve_incidents(docs, claims, about)
    assert ids[0] == ids[1]


def test_people_who_fled_count_the_flight_and_troops_count_their_deployment(run_pipeline):
    found = _cues(run_pipeline, "Nearly 65,000 villagers have fled the fighting, the agency "
                                "said. The army sent 3,000 troops to the border on Monday.")
    assert _cue_of(found, 65000)["incident_type"] == "displacement"
    assert _cue_of(found, 3000)["incident_type"] == "deployment"


def test_those_attacks_are_the_attacks_named_before(run_pipeline):
    found = _cues(run_pipeline, "A storm hit the coast, and the storm cut power. Militants "
                                "carried out 52 waves of attacks on border posts. In those "
                                "attacks, 300 militants were killed.")
    assert _cue_of(found, 300)["incident_type"] == "armed_conflict"


def test_a_hyphenated_prefix_makes_no_trigger(run_pipeline):
    parsed = run_pipeline("The army disabled 73 aircraft. Most of them are non-mission "
                          "capable to begin with. The post-war talks failed.")
    assert find_cues(parsed) == []


def test_a_bigger_figure_after_a_local_one_is_not_its_detail(run_pipeline):
    found = _cues(run_pipeline, "The quake struck on Saturday.\n\nThat toll leaves out the 22 "
                                "people killed in the avalanche on the peak. Officials said "
                                "6,800 people were killed.")
    assert _cue_of(found, 22)["incident_type"] == "avalanche"
    assert _cue_of(found, 6800)["incident_type"] == "earthquake"


def test_a_count_since_another_day_counts_the_campaign_not_the_strike(run_pipeline):
    found = _cues(run_pipeline, "An airstrike on the market in Kharkiv killed 40 people on "
                                "May 18. In the east, since 24 February, 900 people have "
                                "died.", published="2031-05-19")
    assert _cue_of(found, 40)["incident_type"] == "attack"
    assert (_cue_of(found, 900)["incident_type"], _cue_of(found, 900)["incident_date"]) == (
        "armed_conflict", "2031-02-24")


def test_the_site_hit_by_strikes_is_their_site(run_pipeline):
    found = _cues(run_pipeline, "Officials said the hospital had been hit by missiles, and "
                                "put the toll at 471.")
    assert _cue_of(found, 471)["incident_site"] == "hospital"


def test_a_toll_of_two_quakes_together_is_an_incident_of_its_own(run_pipeline):
    found = _cues(run_pipeline, "The toll from the May 2 earthquake and May 14 temblor has "
                                "reached 3,100 in the district. The May 14 temblor killed 60.",
                  published="2031-05-16")
    both, second = _cue_of(found, 3100), _cue_of(found, 60)
    assert (both["incident_date"], both["incident_distinct"]) == ("2031-05-02", True)
    assert (second["incident_date"], second["incident_distinct"]) == ("2031-05-14", False)
    docs = [doc("t1", "Test Wire", "2031-05-16")]
    claims = [claim("t1", q["value"], **{k: v for k, v in q.items() if k.startswith("incident")})
              for q in (both, second)]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1]


def test_an_attack_no_article_dates_or_places_during_a_war_is_part_of_the_war():
    docs = [doc("a", "A", "2031-09-14"), doc("b", "B", "2031-09-15"),
            doc("c", "C", "2032-08-01")]
    claims = [
        claim("a", 50, incident_type="armed_conflict", incident_trigger="clashes",
              incident_date="2031-09-13", incident_country="AM"),
        claim("b", 4, incident_type="attack", incident_trigger="attack",
              incident_country="AM"),
        claim("c", 9, incident_type="attack", incident_trigger="attack",
              incident_country="AM"),
    ]
    about = [Entity(doc=d, start=i, end=i + 1, evidence="x", label="country",
                    canonical="Armenia", country_code="AM") for d in "abc" for i in range(2)]
    _, ids = resolve_incidents(docs, claims, about)
    assert ids[0] == ids[1] != ids[2]  # a year on, the war is no longer being reported


def test_what_refugees_fled_is_not_what_killed_the_dead_beside_them(run_pipeline):
    found = _cues(run_pipeline, "A boat capsized off the coast on Friday, and the boat sank "
                                "fast. Police confirmed 20 dead as more refugees fleeing the "
                                "army's offensive arrived.\n\nThe offensive began in May.")
    assert _cue_of(found, 20)["incident_type"] == "shipwreck"


def test_the_site_a_strike_hit_and_a_patients_fight_for_life(run_pipeline):
    parsed = run_pipeline("A strike that hit the Central Hospital killed 300 people on "
                          "Tuesday.\n\nRescuers said 12 patients were fighting for their "
                          "lives.", published="2031-05-20")
    cues = find_cues(parsed)
    assert [(c.type, c.site) for c in cues] == [("attack", "hospital")]


def test_a_bare_plural_of_attacks_counts_the_campaign_not_the_strike(run_pipeline):
    found = _cues(run_pipeline, "A strike on the Central Hospital in Velmar killed 300 people on "
                                "Tuesday. Figures from the ministry put the toll of Northland "
                                "raids at 4,000 dead.", published="2031-05-20")
    assert _cue_of(found, 300)["incident_type"] == "attack"
    assert _cue_of(found, 4000)["incident_type"] == "armed_conflict"


def test_counted_named_or_placed_plural_attacks_stay_one_attack(run_pipeline):
    found = _cues(run_pipeline, "Two blasts outside the airport killed 90 people on Thursday. "
                                "Four guards were killed in the explosions. Rocket attacks on "
                                "the port killed 12 people. Five officers were killed last Friday "
                                "in raids on police posts.", published="2031-05-20")
    for value in (90, 4, 12, 5):
        assert _cue_of(found, value)["incident_type"] == "attack", value


def test_a_count_since_a_day_in_another_place_is_that_places_campaign(run_pipeline):
    found = _cues(run_pipeline, "A strike on the Central Hospital in Velmar killed 300 people on "
                                "May 18. The toll of Northland raids stands at 4,000 dead in "
                                "Velmar. Furthermore, in Ostland, since 7 April, there have "
                                "been 61 deaths.", published="2031-05-20")
    war, region = _cue_of(found, 4000), _cue_of(found, 61)
    assert (war["incident_type"], war["incident_distinct"]) == ("armed_conflict", False)
    assert (region["incident_type"], region["incident_date"], region["incident_distinct"]) == (
        "armed_conflict", "2031-04-07", True)


def test_an_event_at_a_town_of_another_country_is_not_the_articles_event(run_pipeline):
    found = _cues(run_pipeline, "Some 8,000 people were evacuated from Khartoum on Monday, "
                                "officials in Sudan said. Flights out of Khartoum resume on "
                                "Friday. Historians compare it with the evacuation of Beirut. "
                                "The navy evacuated 300,000 soldiers in nine days.",
                  published="2031-05-20")
    main, other = _cue_of(found, 8000), _cue_of(found, 300000)
    assert main["incident_distinct"] is False
    assert (other["incident_type"], other["incident_distinct"], other["incident_country"]) == (
        "evacuation", True, "LB")
    docs = [doc("t1", "Test Wire", "2031-05-20")]
    claims = [claim("t1", q["value"], **{k: v for k, v in q.items() if k.startswith("incident")})
              for q in (main, other)]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1]


def test_a_days_fighting_inside_a_war_is_an_incident_of_its_own(run_pipeline):
    found = _cues(run_pipeline, "The war began on 27 May. The army has destroyed 12 more "
                                "tanks, the ministry said. Also destroyed in clashes on 7 June "
                                "were six howitzers. In all, the enemy has lost 260 tanks.",
                  published="2031-06-08")
    war, more, day = _cue_of(found, 260), _cue_of(found, 12), _cue_of(found, 6)
    assert (war["incident_type"], war["incident_distinct"]) == ("armed_conflict", False)
    assert (day["incident_date"], day["incident_distinct"]) == ("2031-06-07", True)
    assert (more["incident_date"], more["incident_distinct"]) == ("2031-06-08", True)
    docs = [doc("t1", "Test Wire", "2031-06-08")]
    claims = [claim("t1", q["value"], measure="destroyed",
                    **{k: v for k, v in q.items() if k.startswith("incident")})
              for q in (war, more, day)]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] != ids[1] == ids[2]  # one day apart: one day's fighting


def test_the_hostilities_ending_on_a_day_are_no_days_fighting(run_pipeline):
    found = _cues(run_pipeline, "The war began on 27 May. The hostilities ended on 10 July, "
                                "and 2,700 soldiers were killed in the fighting.",
                  published="2031-08-08")
    assert _cue_of(found, 2700)["incident_distinct"] is False


def test_a_background_figure_joins_the_earlier_incident_others_reported():
    docs = [doc("a", "A", "2030-10-01"), doc("b", "B", "2032-09-20"),
            doc("c", "C", "2032-09-21")]
    claims = [
        claim("a", 300, incident_type="armed_conflict", incident_trigger="war",
              incident_date="2030-09-27", incident_country="AM"),
        claim("b", 3000, era="background", incident_type="armed_conflict",
              incident_trigger="war", incident_date="2030", incident_country="AM"),
        claim("c", 1800, era="background", incident_type="storm",
              incident_trigger="hurricane zelda", incident_date="2005", incident_country="AM"),
    ]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[1] != ids[2]


def test_days_of_fighting_four_days_apart_are_two():
    docs = [doc("a", "A", "2031-06-08"), doc("b", "B", "2031-06-12")]
    claims = [claim(d, v, incident_type="armed_conflict", incident_trigger="clash",
                    incident_date=day, incident_distinct=True, incident_country="AM")
              for d, v, day in (("a", 6, "2031-06-07"), ("a", 12, "2031-06-08"),
                                ("b", 25, "2031-06-11"))]
    _, ids = resolve_incidents(docs, claims)
    assert ids[0] == ids[1] != ids[2]


def test_trigger_words_are_the_tokens_with_a_trigger_type(run_pipeline):
    doc = run_pipeline("The earthquake on Monday killed 12 people. Floods followed the quake, "
                       "and an airstrike hit the port on Tuesday.")
    found = _trigger_words(doc_tokens(doc))
    assert found == [(t.i, trigger_type(t)) for t in doc if trigger_type(t) is not None]
    assert len(found) >= 3


def test_since_dates_are_the_dates_that_open_a_period(run_pipeline):
    doc = run_pipeline("Since 7 October, 61 people have died in the east. On 9 October a "
                       "strike hit the port, and the toll has risen since 11 October.")
    assert [doc.text[m.start:m.end] for m in _since_dates(doc)] == ["7 October", "11 October"]
