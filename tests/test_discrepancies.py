"""Discrepancies on claims written for the test and on claims made from the seed gold file."""

from __future__ import annotations

import json
from pathlib import Path

from claim_builders import claim, doc
from claimledger.crosssource import build_view
from claimledger.crosssource.align import align
from claimledger.crosssource.discrepancies import find_discrepancies, granularity
from claimledger.records import Document, Quantity

HOURS = "other:duration"


def findings(docs, claims):
    return find_discrepancies(align(docs, claims))


def by_reason(found, reason):
    return [d for d in found if d.reason == reason]


def test_incompatible_figures_from_two_claimants_are_a_conflict():
    docs = [doc("a", "Wire A", "2023-09-27"), doc("b", "Paper B", "2023-09-28")]
    claims = [claim("a", 192, claimant="Health Ministry", claimant_kind="organisation"),
              claim("b", 204, claimant="Paper B", claimant_kind="outlet")]
    conflicts = by_reason(findings(docs, claims), "conflict")
    assert len(conflicts) == 1
    assert "incompatible" in conflicts[0].note and "204" in conflicts[0].note
    assert {c["value"] for c in conflicts[0].claims} == {192, 204}
    assert set(conflicts[0].claims[0]) >= {"doc", "value", "qualifier", "claimant", "as_of",
                                           "evidence", "start", "end"}


def test_compatible_figures_from_rival_sides_are_reported():
    docs = [doc("a", "Wire A", "2023-09-20"), doc("b", "Paper B", "2023-09-21")]
    claims = [claim("a", 200, qualifier="at_least", claimant="Local official",
                    claimant_kind="person", claimant_side="Northland", subject_side="Northland"),
              claim("b", 310, claimant="Southland tally", claimant_kind="side",
                    claimant_side="Southland", subject_side="Northland")]
    rivals = by_reason(findings(docs, claims), "different_claimants")
    assert len(rivals) == 1
    assert rivals[0].note.endswith("compatible figures from different sides (Northland, Southland)")
    assert {c["value"] for c in rivals[0].claims} == {200, 310}


def test_a_rising_toll_is_one_revision_across_claimants_not_a_conflict():
    docs = [doc(f"d{i}", f"Outlet {i}", f"2023-05-{i:02d}") for i in (1, 5, 9)]
    claims = [claim(f"d{i}", v, claimant=who, claimant_kind="organisation")
              for i, v, who in ((1, 25, "Civil Defence"), (5, 200, "Civil Defence"),
                                (9, 213, "Health Ministry"))]
    found = findings(docs, claims)
    revised = by_reason(found, "revision")
    assert len(revised) == 1
    assert ("25 (Civil Defence, 2023-05-01) → 200 (Civil Defence, 2023-05-05) → "
            "213 (Health Ministry, 2023-05-09)") in revised[0].note
    assert not by_reason(found, "conflict")


def test_one_figure_from_one_source_is_no_discrepancy():
    docs = [doc("a", "Wire A", "2023-05-01"), doc("b", "Paper B", "2023-05-01")]
    claims = [claim("a", 12, measure="captured", claimant="Wire A", claimant_kind="wire"),
              claim("a", 60, measure="wounded", claimant="Army", claimant_kind="side",
                    claimant_side="Northland"),
              claim("b", 60, measure="wounded", claimant="Army", claimant_kind="side",
                    claimant_side="Northland")]
    assert findings(docs, claims) == []


def test_a_lower_estimate_the_next_day_is_a_conflict_between_sides():
    docs = [doc("a", "Wire A", "2031-10-18"), doc("b", "Paper B", "2031-10-19")]
    claims = [claim("a", 471, claimant="Health Ministry", claimant_kind="organisation",
                    claimant_side="Westland"),
              claim("b", 100, qualifier="range", low=100, high=300, claimant="Intelligence",
                    claimant_kind="organisation", claimant_side="Eastland")]
    found = findings(docs, claims)
    assert [d.reason for d in found][0] == "conflict"
    assert "between sides (Eastland, Westland)" in found[0].note and found[0].rank == 1


def test_figures_one_digit_apart_from_one_claimant_are_a_transcription():
    docs = [doc("a", "Wire A", "2031-10-18"), doc("b", "Paper B", "2031-10-18")]
    claims = [claim("a", 13550, claimant="Ministry", claimant_kind="organisation"),
              claim("b", 13350, claimant="Ministry", claimant_kind="organisation")]
    slips = by_reason(findings(docs, claims), "transcription")
    assert len(slips) == 1 and "one digit apart" in slips[0].note


def test_durations_that_differ_only_in_precision_are_rounding():
    docs = [doc("a", "Paper A", "2024-09-19"), doc("b", "Paper B", "2023-09-21"),
            doc("c", "Review C", "2023-10-02")]
    claims = [
        claim("a", 23 + 43 / 60, measure=HOURS, number_text="23 hours and 43 minutes",
              claimant="Paper A", claimant_kind="outlet"),
        claim("b", 24, qualifier="up_to", measure=HOURS, number_text="within 24 hours",
              claimant="Paper B", claimant_kind="outlet"),
        claim("c", 24, measure=HOURS, number_text="a day", claimant="Review C",
              claimant_kind="outlet"),
    ]
    found = findings(docs, claims)
    assert len(by_reason(found, "rounding")) == 1
    assert not by_reason(found, "conflict")
    steps = {ref.doc: granularity(ref, HOURS) for ref in align(docs, claims)[0].claims}
    assert steps == {"a": 1 / 60, "b": 1.0, "c": 24.0}


def test_round_counts_far_apart_stay_conflicts():
    docs = [doc("a", "Wire A", "2023-05-01"), doc("b", "Paper B", "2023-05-02")]
    claims = [claim("a", 1000, claimant="Wire A"), claim("b", 1400, claimant="Paper B")]
    assert "conflict" in [d.reason for d in findings(docs, claims)]


# --- the seed articles: gold quantity lines turned into claims -------------------------

SIDES = {"armenian": "Armenia", "azerbaijani": "Azerbaijan", "russian": "Russia"}
CLAIMANTS = {"azerbaijan": ("side", "Azerbaijan"), "stepanyan": ("person", "Armenia"),
             "armenian sources": ("unnamed", "Armenia"), "baku": ("side", "Azerbaijan"),
             "separatist official": ("person", "Armenia")}


def seed_documents(seeds: Path) -> list[Document]:
    rows = [json.loads(line) for line in (seeds / "corpus.jsonl").read_text().splitlines()]
    return [Document(id=r["id"], text=r["text"], content_hash=r["id"], source=r["source"],
                     published=r["published"]) for r in rows]


def gold_quantity(row: dict) -> Quantity:
    claimant = row["claimant_keys"][0]
    kind, side = ("outlet", "") if row.get("claimant_is_outlet") else CLAIMANTS[claimant]
    subjects = row["subject_keys"]
    return Quantity(
        doc=row["doc"], start=row["quote_start"], end=row["quote_start"] + len(row["quote"]),
        evidence=row["quote"], measure=row["measure"], value=row["value"], low=row.get("low"),
        high=row.get("high"), qualifier=row["qualifier"], vague=row.get("vague", False),
        claimant=claimant, claimant_kind=kind, claimant_side=side,
        subject_side=SIDES[subjects[0]] if subjects else "", era=row.get("era", "current"),
        number_text=row["quote"],
    )


def seed_view(seeds: Path):
    rows = [json.loads(line) for line in (seeds / "gold.jsonl").read_text().splitlines()]
    claims = [gold_quantity(r) for r in rows if r["kind"] == "quantity"]
    return build_view(seed_documents(seeds), claims, [], [])


def test_seed_armenian_killed_310_against_at_least_200(seeds_dir):
    view = seed_view(seeds_dir)
    values = [{c["value"] for c in d.claims} for d in view.discrepancies
              if d.measure == "killed"]
    assert any({310, 200} <= v for v in values)


def test_seed_population_150000_against_120000(seeds_dir):
    view = seed_view(seeds_dir)
    found = [d for d in view.discrepancies if d.measure == "population"]
    assert any({150_000, 120_000} <= {c["value"] for c in d.claims} for d in found)


def test_seed_background_figures_stay_out_of_the_operation(seeds_dir):
    view = seed_view(seeds_dir)
    current = [c for c in view.clusters if c.measure == "killed" and c.era == "current"]
    assert all(ref.value not in (30_000, 300, 11) for c in current for ref in c.claims)


def test_a_rising_toll_leaves_out_a_district_figure_of_the_same_day():
    docs = [doc(f"d{i}", f"Outlet {i}", f"2031-05-{i:02d}") for i in (1, 2, 3)]
    claims = [claim("d1", 1400, claimant="Police", claimant_kind="organisation"),
              claim("d2", 3600, claimant="Police", claimant_kind="organisation"),
              claim("d2", 1050, claimant="Police", claimant_kind="organisation"),
              claim("d3", 4450, claimant="Ministry", claimant_kind="organisation")]
    series = [d for d in by_reason(findings(docs, claims), "revision")
              if d.note.startswith("The figure changed over time")]
    assert [c["value"] for c in series[0].claims] == [1400, 3600, 4450]


def test_a_conflict_record_holds_only_the_claims_that_disagree():
    docs = [doc("a", "Wire A", "2031-10-18"), doc("b", "Paper B", "2031-10-18"),
            doc("c", "Paper C", "2031-12-01")]
    claims = [claim("a", 471, claimant="Health Ministry", claimant_kind="organisation"),
              claim("b", 100, qualifier="range", low=100, high=300, claimant="Intelligence",
                    claimant_kind="organisation"),
              claim("c", 480, claimant="Paper C", claimant_kind="outlet")]
    conflicts = by_reason(findings(docs, claims), "conflict")
    assert [sorted(c["value"] for c in d.claims) for d in conflicts] == [[100, 471]]


def test_a_total_and_its_children_from_one_claimant_are_no_revision():
    docs = [doc("a", "Wire A", "2031-04-08")]
    claims = [claim("a", 50, claimant="Governor", claimant_kind="person"),
              claim("a", 5, claimant="Governor", claimant_kind="person", start=5, end=6)]
    assert not by_reason(findings(docs, claims), "revision")


def test_a_toll_updated_the_same_day_by_one_claimant_is_a_revision():
    docs = [doc("a", "Wire A", "2031-10-28")]
    claims = [claim("a", 19, claimant="Prosecutor", claimant_kind="organisation"),
              claim("a", 21, claimant="Prosecutor", claimant_kind="organisation", start=5,
                    end=6)]
    revised = by_reason(findings(docs, claims), "revision")
    assert [sorted(c["value"] for c in d.claims) for d in revised] == [[19, 21]]


def test_new_losses_since_a_report_never_conflict_with_the_toll():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Paper B", "2031-05-01")]
    claims = [claim("a", 140, claimant="Health Ministry", claimant_kind="organisation",
                    evidence="140 soldiers have been killed"),
              claim("b", 12, claimant="Paper B", claimant_kind="outlet",
                    evidence="12 more soldiers were killed overnight"),
              claim("b", 9, start=40, claimant="Paper B", claimant_kind="outlet",
                    evidence="another 9 died in hospital")]
    assert findings(docs, claims) == []
    claims[1] = claim("b", 12, claimant="Paper B", claimant_kind="outlet",
                      evidence="12 soldiers were killed overnight")
    assert {c["value"] for d in by_reason(findings(docs, claims), "conflict")
            for c in d.claims} == {140, 12}


def test_an_addition_told_with_the_total_it_raises_never_conflicts_with_a_toll():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Paper B", "2031-05-01")]
    claims = [claim("a", 9000, claimant="Health Ministry", claimant_kind="organisation",
                    measure="displaced"),
              claim("b", 1300, claimant="Paper B", claimant_kind="outlet",
                    measure="displaced", increment=True)]
    assert findings(docs, claims) == []
    claims[1] = claim("b", 1300, claimant="Paper B", claimant_kind="outlet",
                      measure="displaced")
    assert by_reason(findings(docs, claims), "conflict")


def test_a_days_step_in_a_rising_toll_is_its_largest_figure():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-02"),
            doc("c", "Wire C", "2031-05-03")]
    claims = [claim("a", 1200, claimant="Police"),
              claim("b", 3500, qualifier="more_than", claimant="Agencies"),
              claim("b", 3517, start=40, claimant="Police"),
              claim("c", 4400, claimant="Police")]
    series = [d for d in by_reason(findings(docs, claims), "revision") if len(d.claims) > 2]
    assert [c["value"] for c in series[0].claims][:3] == [1200, 3517, 4400]
    assert "3,517 (Police, 2031-05-02) → 4,400" in series[0].note
