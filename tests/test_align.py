"""Intervals, clustering and best/low/high on claims written for the test."""

from __future__ import annotations

import math

from claim_builders import claim, doc
from claimledger.crosssource.align import align, claimant_rank
from claimledger.crosssource.evolution import evolution
from claimledger.crosssource.intervals import compatible, interval_for
from claimledger.settings import AlignSettings


def test_at_least_admits_a_higher_exact_count():
    assert compatible(interval_for(200, "at_least"), interval_for(213))


def test_two_different_exact_counts_are_incompatible():
    assert not compatible(interval_for(192), interval_for(204))


def test_nearly_stays_under_its_number():
    nearly = interval_for(150_000, "about", number_text="nearly 150,000")
    assert nearly.hi == 150_000
    assert not compatible(nearly, interval_for(120_000))


def test_about_spreads_both_ways_and_open_bounds_are_strict():
    about = interval_for(100, "about")
    assert (about.lo, about.hi) == (90, 110)
    assert not compatible(interval_for(400, "more_than"), interval_for(400))
    assert compatible(interval_for(400, "more_than"), interval_for(401))
    assert interval_for(30, "up_to").lo == 0
    assert math.isinf(interval_for(24, "at_least").hi)
    assert (interval_for(18_000, "range", low=18_000, high=20_000).hi) == 20_000


def test_same_count_from_two_outlets_forms_one_cluster_with_every_mention():
    docs = [doc("a", "Wire A", "2024-03-02"), doc("b", "Paper B", "2024-03-03")]
    claims = [
        claim("a", 40, subject_side="Northland", claimant="Wire A", claimant_kind="wire"),
        claim("a", 40, start=90, subject_side="Northland", claimant="Wire A",
              claimant_kind="wire"),
        claim("b", 45, subject_side="Northland", claimant="Paper B", claimant_kind="outlet"),
    ]
    clusters = align(docs, claims)
    assert len(clusters) == 1
    assert len(clusters[0].claims) == 3
    assert clusters[0].measure == "killed" and clusters[0].subject_side == "Northland"


def test_background_figures_never_join_the_main_event():
    docs = [doc("a", "Wire A", "2024-03-02")]
    claims = [claim("a", 40, subject_side="Northland"),
              claim("a", 30_000, subject_side="Northland", era="background")]
    eras = sorted(c.era for c in align(docs, claims))
    assert eras == ["background", "current"]


def test_sides_roles_places_and_distant_dates_split_clusters():
    docs = [doc("a", "Wire A", "2020-01-05"), doc("b", "Wire B", "2024-06-01")]
    claims = [
        claim("a", 10, subject_side="Northland", location="Port Vale"),
        claim("a", 12, subject_side="Northland", location="Hill Town"),
        claim("a", 12, subject_side="Southland", location="Port Vale"),
        claim("a", 3, subject_side="Northland", subject_role="civilian"),
        claim("b", 10, subject_side="Northland", location="Port Vale"),
    ]
    assert len(align(docs, claims)) == 5


def test_window_is_a_setting():
    docs = [doc("a", "Wire A", "2023-01-01"), doc("b", "Wire B", "2023-03-01")]
    claims = [claim("a", 10), claim("b", 12)]
    assert len(align(docs, claims, AlignSettings(window_days=30))) == 2
    assert len(align(docs, claims, AlignSettings(window_days=90))) == 1


def test_population_ignores_subject_side():
    docs = [doc("a", "Wire A", "2023-01-01"), doc("b", "Wire B", "2023-01-02")]
    claims = [claim("a", 150_000, measure="population", subject_side="Northland"),
              claim("b", 120_000, measure="population")]
    assert len(align(docs, claims)) == 1


def test_best_prefers_neutral_body_then_bounds_come_from_stated_figures():
    docs = [doc("a", "Wire A", "2023-05-01"), doc("b", "Wire B", "2023-05-04")]
    claims = [
        claim("a", 300, subject_side="Northland", claimant="Southland army",
              claimant_kind="side", claimant_side="Southland"),
        claim("a", 120, qualifier="at_least", subject_side="Northland",
              claimant="Northland health office", claimant_kind="side",
              claimant_side="Northland"),
        claim("b", 180, qualifier="about", subject_side="Northland",
              claimant="Relief Committee", claimant_kind="organisation"),
    ]
    cluster = align(docs, claims)[0]
    assert (cluster.best, cluster.low, cluster.high) == (180, 120, 300)
    assert "Relief Committee" in cluster.best_rule and "neutral" in cluster.best_rule


def test_claimant_rank_orders_own_losses_before_the_adversary():
    docs = [doc("a", "Wire A", "2023-05-01")]
    own = claim("a", 50, subject_side="Northland", claimant_kind="side",
                claimant_side="Northland")
    rival = claim("a", 90, subject_side="Northland", claimant_kind="side",
                  claimant_side="Southland")
    refs = align(docs, [own, rival])[0].claims
    ranks = sorted(claimant_rank(ref, "Northland") for ref in refs)
    assert ranks == [2, 4]


def test_latest_figure_wins_among_equal_claimants():
    docs = [doc(f"d{i}", "Wire A", f"2023-05-0{i}") for i in (1, 2, 3)]
    claims = [claim(f"d{i}", v, claimant="Wire A", claimant_kind="wire")
              for i, v in ((1, 25), (2, 200), (3, 213))]
    assert align(docs, claims)[0].best == 213


def test_undated_and_incomplete_claims_do_not_break_alignment():
    docs = [doc("a", "", None)]
    claims = [claim("a", 5), claim("missing-doc", 7, measure="wounded")]
    clusters = align(docs, claims)
    assert {c.measure for c in clusters} == {"killed", "wounded"}
    assert all(c.event_date is None for c in clusters)


def test_evolution_follows_one_claimant_over_time_and_folds_repeats():
    docs = [doc(f"d{i}", "Wire A", f"2023-05-0{i}") for i in (1, 2, 3)]
    claims = [claim(f"d{i}", v, claimant="Ministry", claimant_kind="side",
                    claimant_side="Northland") for i, v in ((3, 213), (1, 25), (2, 200))]
    claims.append(claim("d2", 200, start=50, claimant="Ministry", claimant_kind="side",
                        claimant_side="Northland"))
    points = evolution(align(docs, claims))
    assert [p.value for p in points] == [25, 200, 213]
    assert [p.date for p in points] == ["2023-05-01", "2023-05-02", "2023-05-03"]


def test_a_revised_toll_no_longer_widens_the_band():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-06")]
    claims = [claim("a", 25, claimant="Civil Defence", claimant_kind="organisation"),
              claim("b", 200, claimant="Civil Defence", claimant_kind="organisation"),
              claim("b", 210, claimant="Wire B", claimant_kind="wire")]
    (cluster,) = align(docs, claims)
    assert (cluster.best, cluster.low, cluster.high) == (200, 200, 210)
    assert "still valid" in cluster.best_rule


def test_a_district_toll_stands_apart_from_its_incident_toll():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-02")]
    quake = {"incident": "quake-1"}
    claims = [claim("a", 1400, claimant="Police", **quake),
              claim("b", 3600, claimant="Police", **quake),
              claim("b", 1050, claimant="Police", subject="people in the Lake District", **quake),
              claim("b", 470, claimant="Red Cross", subject="people at the Grand al-Noor Hospital",
                    **quake),
              claim("b", 3500, claimant="Army", subject="people in Northland", **quake)]
    clusters = align(docs, claims, places={"quake-1": "Northland"})
    assert sorted(sorted(r.value for r in c.claims) for c in clusters) == [
        [470, 1400, 3500, 3600], [1050]]
    district = next(c for c in clusters if len(c.claims) == 1)
    assert district.location == "Lake District" and district.incident == "quake-1"


def test_killed_and_people_killed_are_one_group():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-01")]
    claims = [claim("a", 12, claimant="Police", incident="blast-1"),
              claim("b", 14, claimant="Medics", subject="people", subject_role="people",
                    incident="blast-1")]
    assert len(align(docs, claims)) == 1


def test_an_unnamed_toll_never_joins_its_children_count_but_may_join_civilians():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-01")]
    children = [claim("a", 40, claimant="Police", incident="blast-1"),
                claim("b", 4, claimant="Medics", subject="children", subject_role="children",
                      incident="blast-1")]
    assert sorted(len(c.claims) for c in align(docs, children)) == [1, 1]
    residents = [claim("a", 40, claimant="Police", incident="blast-1"),
                 claim("b", 45, claimant="Medics", subject="residents",
                       subject_role="civilians", incident="blast-1")]
    assert len(align(docs, residents)) == 1


def test_an_unnamed_toll_never_joins_one_sides_group():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-01")]
    claims = [claim("a", 150, claimant="Hospital", incident="blast-1", measure="wounded"),
              claim("b", 3, claimant="Pentagon", subject="Northland troops",
                    subject_side="Northland", subject_role="military", incident="blast-1",
                    measure="wounded")]
    assert sorted(len(c.claims) for c in align(docs, claims)) == [1, 1]


def test_a_toll_published_days_after_the_incident_speaks_for_its_report_date():
    docs = [doc("a", "Wire A", "2031-05-04")]
    later = claim("a", 900, as_of="2031-05-01", incident_date="2031-05-01",
                  evidence="the toll of the 1 May quake has climbed to 900")
    dated = claim("a", 700, as_of="2031-05-02", incident_date="2031-05-01",
                  evidence="700 had died by 2 May")
    refs = {r.value: r.as_of for c in align(docs, [later, dated]) for r in c.claims}
    assert refs == {900: "2031-05-04", 700: "2031-05-02"}


def test_a_sides_unnamed_dead_join_its_fighters_only_when_the_side_tells_them():
    docs = [doc("a", "Wire A", "2031-05-01")]
    soldiers = claim("a", 120, subject="Northland soldiers", subject_side="Northland",
                     subject_role="military", claimant_side="Northland")
    own = claim("a", 130, start=30, subject="Northlanders", subject_side="Northland",
                subject_role="people", claimant="Northland ministry", claimant_side="Northland")
    outsider = claim("a", 1000, start=60, subject="Northlanders", subject_side="Northland",
                     subject_role="people", claimant="UN envoy", claimant_kind="person")
    clusters = align(docs, [soldiers, own, outsider])
    sizes = sorted(sorted(r.value for r in c.claims) for c in clusters)
    assert sizes == [[120, 130], [1000]]


def test_a_spot_named_after_another_place_is_a_part_but_a_named_building_is_the_site():
    docs = [doc("a", "Wire A", "2031-05-02")]
    whole = claim("a", 3000, subject="people", subject_role="people", incident="quake-1")
    camp = claim("a", 20, start=30, subject="climbers at Mount Kestrel base camp",
                 subject_role="people", incident="quake-1")
    hall = claim("a", 2900, start=60, subject="people at the Grand Civic Theatre",
                 subject_role="people", incident="quake-1")
    clusters = align(docs, [whole, camp, hall], places={"quake-1": "Northland"})
    assert sorted(sorted(r.value for r in c.claims) for c in clusters) == [[20], [2900, 3000]]
