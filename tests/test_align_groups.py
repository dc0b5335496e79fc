"""Which figures a cluster puts side by side: incident × measure × victim group (docs/alignment.md,
"Clusters"), on claims written for the test."""

from __future__ import annotations

from dataclasses import replace

from claim_builders import claim, doc
from claimledger.crosssource.align import align, part_place, place_key, spelling_groups
from claimledger.subjects import thing_kind

DOCS = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-02")]
STRIKE = {"incident": "strike-1", "measure": "wounded"}


def _groups(clusters) -> list[list[float]]:
    return sorted(sorted(r.value for r in c.claims) for c in clusters)


def test_a_sideless_toll_joins_the_group_of_the_incidents_own_people() -> None:
    claims = [claim("a", 33, subject="Georgians", subject_side="Georgia", **STRIKE),
              claim("a", 34, start=20, subject="people", subject_role="people", **STRIKE),
              claim("b", 35, subject="people", subject_role="people", **STRIKE)]
    clusters = align(DOCS, claims, countries={"strike-1": "GE"})
    assert _groups(clusters) == [[33, 34, 35]]
    assert clusters[0].subject_side == "Georgia"


def test_a_sideless_toll_stays_apart_from_a_foreign_sides_group_and_says_why() -> None:
    claims = [claim("a", 150, subject="people", subject_role="people", **STRIKE),
              claim("b", 3, subject="Georgians", subject_side="Georgia", **STRIKE)]
    clusters = align(DOCS, claims, countries={"strike-1": "AM"})
    assert _groups(clusters) == [[3], [150]]
    whole = next(c for c in clusters if c.best == 150)
    assert "kept apart" in whole.best_rule and "elsewhere" in whole.best_rule
    people = [replace(claims[1], subject="Yazidis", subject_side="Yazidi")]
    apart = align(DOCS, claims[:1] + people, countries={"strike-1": "AM"})
    assert "one people's" in next(c for c in apart if c.best == 150).best_rule


def test_without_countries_the_claims_own_incident_country_is_the_home() -> None:
    claims = [claim("a", 33, subject_side="Georgia", incident_country="GE", **STRIKE),
              claim("b", 35, subject_role="people", incident_country="GE", **STRIKE)]
    assert _groups(align(DOCS, claims)) == [[33, 35]]


def test_a_sideless_toll_never_joins_the_home_sides_fighters() -> None:
    claims = [claim("a", 40, subject_role="people", **STRIKE),
              claim("b", 4, subject_side="Georgia", subject_role="military", **STRIKE)]
    assert _groups(align(DOCS, claims, countries={"strike-1": "GE"})) == [[4], [40]]


def test_a_sideless_group_of_a_role_joins_the_one_sides_group_of_that_role() -> None:
    kill = {"incident": "raid-1"}
    claims = [claim("a", 370, subject="militants", subject_role="militants", **kill),
              claim("b", 387, subject="Velm militants", subject_side="Velm",
                    subject_role="militants", **kill)]
    assert _groups(align(DOCS, claims)) == [[370, 387]]
    two_sides = claims + [claim("b", 12, start=40, subject_side="Georgia",
                                subject_role="militants", **kill)]
    assert _groups(align(DOCS, two_sides)) == [[12], [370], [387]]


def test_prisoners_restate_a_captured_count() -> None:
    held = {"incident": "clash-1", "measure": "captured"}
    claims = [claim("a", 20, subject_side="Georgia", subject_role="military",
                    claimant_side="Georgia", **held),
              claim("b", 17, subject="Georgian prisoners", subject_side="Georgia",
                    subject_role="prisoners", claimant_side="Georgia", **held)]
    assert _groups(align(DOCS, claims)) == [[17, 20]]
    assert len(align(DOCS, [replace(c, measure="killed") for c in claims])) == 2


def test_a_regions_people_of_a_nation_count_with_the_nation() -> None:
    war = {"incident": "war-1"}
    claims = [claim("a", 429, subject_side="Velm Armenians", subject_role="military", **war),
              claim("b", 2718, subject_side="Armenia", subject_role="military", **war)]
    (cluster,) = align(DOCS, claims)
    assert cluster.subject_side == "Armenia"


def test_civilians_join_a_sideless_toll_beside_its_breakdowns() -> None:
    claims = [claim("a", 100, subject_role="", **STRIKE),
              claim("a", 100, start=20, subject="civilians", subject_role="civilians", **STRIKE),
              claim("b", 16, subject="children", subject_role="children", **STRIKE),
              claim("b", 36, start=20, subject="men", subject_role="men", **STRIKE)]
    assert _groups(align(DOCS, claims)) == [[16], [36], [100, 100]]


def test_a_named_people_is_never_the_overall_toll() -> None:
    kill = {"incident": "violence-1"}
    claims = [claim("a", 1000, subject_role="people", **kill),
              claim("a", 7, start=20, subject="Yazidis", subject_side="Yazidi", **kill),
              claim("a", 16, start=40, subject="Christians", subject_side="Christian", **kill),
              claim("b", 3000, subject="Yazidis", subject_side="Yazidi", **kill)]
    assert _groups(align(DOCS, claims, countries={"violence-1": "IQ"})) == [
        [7, 3000], [16], [1000]]


def test_a_district_spelled_two_ways_is_one_part() -> None:
    quake = {"incident": "quake-1"}
    claims = [claim("a", 3600, **quake),
              claim("a", 875, start=20, subject="people in Sindhupal chowk", **quake),
              claim("b", 1400, subject="people in Sindupalchowk district", **quake),
              claim("b", 300, start=20, subject="people in Dolakha", **quake)]
    clusters = align(DOCS, claims, places={"quake-1": "Nepal"})
    assert _groups(clusters) == [[300], [875, 1400], [3600]]


def test_spelling_keys_tolerate_transliteration_but_not_other_places() -> None:
    assert place_key("Sindhu-pal Chowk") == place_key("Sindupalchowk")
    groups = spelling_groups(["Sindhupal", "Sindupalchowk", "Sindhupalchok", "Kathmandu",
                              "Kathmandu Valley", "Karachi", "Rasuwa", "Rasuwa Gadhi"])
    assert len(set(groups.values())) == 4
    assert groups["Karachi"] != groups["Kathmandu"]


def test_a_region_narrowed_by_a_word_or_a_list_of_places_is_a_part() -> None:
    assert part_place("people in the central region", "Nepal") == "central region"
    assert part_place("people in the region", "Nepal") == ""
    assert part_place("people in the whole country", "Nepal") == ""
    assert part_place("people in Nepal, India and Tibet", "Nepal") == "Nepal, India and Tibet"
    assert part_place("people in neighbouring India and Tibet", "Nepal") == "India and Tibet"
    assert part_place("people in Kathmandu, Nepal", "Nepal") == "Kathmandu"
    assert part_place("people across Velmaria and Ostland", "Velmaria") == "Velmaria and Ostland"
    assert part_place("people throughout Velmaria", "Velmaria") == ""


def test_a_list_of_places_is_not_one_of_its_places() -> None:
    quake = {"incident": "quake-1"}
    claims = [claim("a", 72, subject="people in India", **quake),
              claim("b", 50, subject="people in neighbouring India, Tibet and Bhutan", **quake),
              claim("b", 75, start=20, subject="people in India", **quake)]
    clusters = align(DOCS, claims, places={"quake-1": "Nepal"})
    assert _groups(clusters) == [[50], [72, 75]]


def test_a_figure_restated_in_one_article_counts_what_its_fullest_statement_says() -> None:
    """A headline's bare toll and its subheadline's toll over three countries are one figure:
    the wider total, never a rival of the national toll in the body or in other reports."""
    quake = {"incident": "quake-2", "qualifier": "more_than"}
    region = "people in Velmaria, Ostland and Tirria"
    claims = [claim("a", 3100, evidence="toll above 3,100", **quake),
              claim("a", 3100, start=20, subject=region, **quake),
              claim("a", 3040, start=60, evidence="toll has climbed to 3,040", incident="quake-2"),
              claim("b", 3080, evidence="3,080 killed", incident="quake-2")]
    clusters = align(DOCS, claims, places={"quake-2": "Velmaria"})
    assert _groups(clusters) == [[3040, 3080], [3100, 3100]]
    assert next(c for c in clusters if c.best == 3100).location == "Velmaria, Ostland and Tirria"
    two_places = [*claims, claim("a", 3100, start=90, subject="people in Ostland", **quake)]
    assert [3040, 3080, 3100] in _groups(align(DOCS, two_places, places={"quake-2": "Velmaria"}))


def test_a_number_taken_out_of_a_counted_group_is_a_part() -> None:
    blast = {"incident": "blast-1"}
    claims = [claim("a", 50, subject_role="people", evidence="50 people killed", **blast),
              claim("a", 12, start=20, number_text="Some 12", evidence="Some 12 of them died",
                    **blast),
              claim("b", 1, number_text="one", evidence="one of whom was killed", **blast),
              claim("b", 48, start=30, evidence="48 died", **blast)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[1], [12], [48, 50]]
    part = next(c for c in clusters if c.best == 12)
    assert "a part" in part.best_rule and part.subject_role == "part"
    assert part.subject == "part of a count given before"  # never the internal block key
    assert len({c.id for c in clusters}) == 3


def test_two_families_losses_are_never_one_count() -> None:
    boat = {"incident": "capsize-1"}
    claims = [claim("a", 3, subject="relatives", subject_role="relatives", **boat),
              claim("b", 2, subject="relatives", subject_role="relatives", **boat)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[2], [3]] and {c.subject_role for c in clusters} == {"relatives"}


def test_a_number_taken_out_of_a_count_before_is_a_part_even_when_it_says_who() -> None:
    raid = {"incident": "raid-2"}
    troops = {"subject_side": "Velmaria", "subject_role": "military", **raid}
    claims = [claim("a", 13, evidence="13 Velmarian soldiers were killed", **troops),
              claim("a", 10, start=40, number_text="Ten", evidence="Ten of those",
                    subject="Velmarian marines", **troops),
              claim("b", 12, evidence="12 Velmarian troops died", **troops),
              claim("b", 2, start=40, number_text="two", evidence="two of the soldiers",
                    **troops),
              claim("b", 9, start=60, number_text="nine", evidence="nine of the dead were marines",
                    **troops)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[2, 12, 13], [9], [10]]
    assert next(c for c in clusters if c.best == 10).subject_role == "part"
    militants = {"subject_role": "militants", **raid}
    wider = [claim("a", 400, evidence="400 people died", subject_role="people", **raid),
             claim("a", 376, start=30, number_text="376", evidence="376 of them were militants",
                   **militants),
             claim("b", 387, evidence="387 militants were killed", **militants)]
    assert _groups(align(DOCS, wider)) == [[376, 387], [400]]


def test_counts_of_different_kinds_of_things_are_never_one_cluster() -> None:
    """Aircraft, armoured vehicles, artillery and air defence are different things: "scores of
    aircraft" and "27 Humvees" disabled are two counts, not rival figures for one."""
    kill = {"incident": "pullout-1", "measure": "destroyed"}
    claims = [claim("a", 40, subject="aircraft", subject_text="aircraft", **kill),
              claim("b", 73, subject="aircraft", subject_text="aircraft", **kill),
              claim("b", 27, start=60, subject="humvees", subject_text="Humvees", **kill),
              claim("a", 70, start=80, subject="vehicles",
                    subject_text="MRAP armored tactical vehicles", **kill),
              claim("a", 60, start=120, subject="systems", subject_text="air defense systems",
                    **kill),
              claim("b", 500, start=140, subject="equipment",
                    subject_text="military equipment", **kill)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[27, 70], [40, 73], [60], [500]]
    assert {c.subject_role for c in clusters} == {"aircraft", "vehicles", "air_defence", ""}
    total = next(c for c in clusters if c.best == 500)
    assert "names no kind of thing" in total.best_rule


def test_the_kind_of_a_thing_comes_from_its_head_noun() -> None:
    assert thing_kind("Humvees") == thing_kind("Velm tanks") == "vehicles"
    assert thing_kind("D-20 howitzers") == thing_kind("artillery and rocket systems")
    assert thing_kind("long-range air defence system") == "air_defence"
    assert thing_kind("unmanned aerial vehicles") == "drones"  # the longer phrase wins
    assert thing_kind("helicopters") == "aircraft"
    assert thing_kind("aircraft carriers") == "ships"
    assert thing_kind("Grad rockets") == "munitions"
    assert thing_kind("multiple rocket launchers") == "artillery"
    assert thing_kind("military equipment") == thing_kind("different types") == ""


def test_bodies_recovered_are_a_part_of_the_toll_never_its_rival() -> None:
    slide = {"incident": "slide-1"}
    claims = [claim("a", 22, **slide), claim("b", 18, **slide),
              claim("b", 13, start=30, subject="bodies recovered", subject_role="recovered",
                    **slide),
              claim("a", 11, start=30, subject="bodies recovered", subject_role="recovered",
                    **slide)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[11, 13], [18, 22]]
    assert next(c for c in clusters if c.best == 13).subject == "bodies recovered"
    assert "kept apart" not in next(c for c in clusters if c.best == 18).best_rule


def test_an_exodus_is_one_series_whatever_word_names_its_people() -> None:
    """"Tens of thousands fled across the border", "164,000 mostly Velm civilians have fled",
    "300,000 Velms have entered": one people's displacement into one country, one cluster."""
    flee = {"incident": "exodus-1", "measure": "displaced"}
    claims = [claim("a", 20000, subject="", **flee),
              claim("a", 164000, start=50, subject="Velm civilians", subject_side="Velm",
                    subject_role="civilians", **flee),
              claim("b", 300000, subject="Velms", subject_side="Velm", **flee),
              claim("b", 502000, start=70, subject="", **flee),
              claim("b", 650000, start=90, subject="Velms", subject_side="Velm", **flee)]
    assert _groups(align(DOCS, claims)) == [[20000, 164000, 300000, 502000, 650000]]


def test_a_people_named_once_among_many_sideless_figures_stays_apart() -> None:
    """An airlift's totals name no people; one figure of earlier refugees of one people is not
    what they count."""
    lift = {"incident": "airlift-1", "measure": "displaced"}
    claims = [claim("a", 101300, **lift), claim("a", 96000, start=40, **lift),
              claim("b", 105000, **lift),
              claim("b", 31000, start=60, subject="Velms", subject_side="Velm", **lift)]
    assert _groups(align(DOCS, claims)) == [[31000], [96000, 101300, 105000]]


def test_a_toll_naming_no_group_never_joins_one_peoples_dead() -> None:
    kill = {"incident": "violence-1", "measure": "killed"}
    claims = [claim("a", 400, **kill),
              claim("b", 6700, subject="Velms", subject_side="Velm", **kill),
              claim("b", 3000, start=40, subject="Velms", subject_side="Velm", **kill)]
    assert _groups(align(DOCS, claims)) == [[400], [3000, 6700]]


def test_an_addition_whose_total_counts_something_else_is_its_groups_own_figure() -> None:
    """"12,500 on Thursday, raising the total to 105,000": an increment of the total's cluster.
    "300,000 Velms have entered in two weeks, taking the number of Velm nationals living here
    to 700,000": the total is another measure, so 300,000 is a figure of the exodus itself."""
    lift = {"incident": "lift-1", "measure": "displaced"}
    raised = [claim("a", 12500, increment=True, **lift),
              claim("a", 105000, start=60, **lift)]
    assert [r.increment for c in align(DOCS, raised) for r in c.claims] == [True, False]
    other = [claim("b", 300000, subject="Velms", subject_side="Velm", increment=True, **lift),
             claim("b", 700000, start=80, incident="lift-1", measure="population")]
    flee = next(c for c in align(DOCS, other) if c.measure == "displaced")
    assert [r.increment for r in flee.claims] == [False]


def test_one_peoples_figure_beside_as_many_sideless_ones_stays_apart() -> None:
    """"500,000 displaced by the fighting" beside "20,000 Velms" once: the people is one group
    among the displaced, not the incident's people."""
    flee = {"incident": "fighting-1", "measure": "displaced"}
    claims = [claim("a", 500000, **flee),
              claim("b", 20000, subject="Velms", subject_side="Velm", **flee)]
    clusters = align(DOCS, claims)
    assert _groups(clusters) == [[20000], [500000]]
    assert "one group among the displaced" in next(c for c in clusters if c.best == 500000
                                                   ).best_rule
