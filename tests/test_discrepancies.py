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


def test_compatible_figures_from_rival_claimants_are_reported_with_dates():
    docs = [doc("a", "Wire A", "2023-09-20"), doc("b", "Paper B", "2024-09-19")]
    claims = [claim("a", 200, qualifier="at_least", claimant="Local official",
                    claimant_kind="person", claimant_side="Northland", subject_side="Northland"),
              claim("b", 310, claimant="Southland tally", claimant_kind="side",
                    claimant_side="Southland", subject_side="Northland")]
    rivals = by_reason(findings(docs, claims), "different_claimants")
    assert [d.note for d in rivals] == [
        "310 (Southland tally, 2024-09-19) vs at least 200 (Local official, 2023-09-20): "
        "compatible, different claimants (a side's tally vs a named person) and dates"
    ]


def test_revisions_are_tracked_per_claimant():
    docs = [doc(f"d{i}", f"Outlet {i}", f"2023-05-0{i}") for i in (1, 2, 3)]
    claims = [claim(f"d{i}", v, claimant="Civil Defence", claimant_kind="organisation")
              for i, v in ((1, 25), (2, 200), (3, 213))]
    revised = by_reason(findings(docs, claims), "revised")
    assert len(revised) == 1
    assert "25 (2023-05-01) → 200 (2023-05-02) → 213 (2023-05-03)" in revised[0].note
    assert not by_reason(findings(docs, claims), "conflict")


def test_a_figure_from_one_outlet_only_is_one_sided():
    docs = [doc("a", "Wire A", "2023-05-01"), doc("b", "Paper B", "2023-05-01")]
    claims = [claim("a", 12, measure="captured", claimant="Wire A", claimant_kind="wire"),
              claim("a", 60, measure="wounded", claimant="Army", claimant_kind="side",
                    claimant_side="Northland"),
              claim("b", 65, measure="wounded", claimant="Army", claimant_kind="side",
                    claimant_side="Northland")]
    lone = by_reason(findings(docs, claims), "one_sided")
    notes = sorted(d.note for d in lone)
    assert len(lone) == 2
    assert "given only by Wire A" in notes[0]
    assert "given only by claimants of Northland" in notes[1]


def test_durations_that_differ_only_in_precision_are_reported_as_such():
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
    precision = by_reason(found, "precision")
    assert len(precision) == 3
    assert sum("23 h 43 min" in d.note for d in precision) == 2
    assert any(d.note.startswith("a day [24 h] (Review C, 2023-10-02) vs within 24 hours")
               for d in precision)
    assert not by_reason(found, "conflict")
    steps = {ref.doc: granularity(ref, HOURS) for ref in align(docs, claims)[0].claims}
    assert steps == {"a": 1 / 60, "b": 1.0, "c": 24.0}


def test_round_counts_far_apart_stay_conflicts():
    docs = [doc("a", "Wire A", "2023-05-01"), doc("b", "Paper B", "2023-05-02")]
    claims = [claim("a", 1000, claimant="Wire A"), claim("b", 1400, claimant="Paper B")]
    assert [d.reason for d in findings(docs, claims) if d.reason != "one_sided"] == ["conflict"]


# --- the seed articles: gold quantity lines turned into claims -------------------------

SIDES = {"armenian": "Armenia", "azerbaijani": "Azerbaijan", "russian": "Russia"}
CLAIMANTS = {"azerbaijan": ("side", "Azerbaijan"), "stepanyan": ("person", "Armenia"),
             "armenian sources": ("sources", "Armenia"), "baku": ("side", "Azerbaijan"),
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
    notes = [d.note for d in view.discrepancies
             if d.measure == "killed" and d.reason == "different_claimants"]
    assert any(n.startswith("310 (azerbaijan, 2024-09-19) vs at least 200 (stepanyan")
               for n in notes)
    assert any("at least 200 (armenian sources" in n and "stepanyan" in n for n in notes)


def test_seed_population_150000_against_120000(seeds_dir):
    view = seed_view(seeds_dir)
    conflicts = [d for d in view.discrepancies
                 if d.measure == "population" and d.reason == "conflict"]
    values = {frozenset(c["value"] for c in d.claims) for d in conflicts}
    assert values == {frozenset({150_000, 120_000})}
    assert len(conflicts) == 2


def test_seed_background_figures_stay_out_of_the_operation(seeds_dir):
    view = seed_view(seeds_dir)
    current = [c for c in view.clusters if c.measure == "killed" and c.era == "current"]
    assert all(ref.value not in (30_000, 300, 11) for c in current for ref in c.claims)
