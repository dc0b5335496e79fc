"""The quantities component on short texts written for these tests (not from any article)."""

from __future__ import annotations

import pytest

DISASTER = (
    "At least 41 people died when the quake struck. Rescuers pulled 12 bodies from a collapsed "
    "clinic. The death toll climbed to 3,419 by Thursday. Officials reported 1,200 casualties "
    "in the port. Another 5,000 were injured, and 300 remain missing.\n\n"
    "Police detained 27 looters and arrested nine more on Friday.\n\n"
    "Some 8,000 residents fled across the border, and 2,500 were evacuated by boat. More than "
    "60,000 refugees crossed into the neighbouring state. The exodus of 100,000 people went on.\n\n"
    "The town has a population of about 45,000. Thousands of protesters marched in two cities, "
    "and the draft accord has 13 articles."
)

WAR = (
    "Army units destroyed 14 tanks, 6 howitzers and nine trucks and seized 300 rifles. "
    "The militia surrendered 22 artillery pieces. The government deployed 3,000 troops next to "
    "a 1,500-strong police contingent. Four Syrian children drowned in the river crossing.\n\n"
    "The war of the 1990s left 17,000 people dead and forced hundreds of thousands from their "
    "homes."
)


def _claims(doc) -> list[tuple[str, float, str]]:
    return [(q["measure"], q["value"], q["qualifier"]) for q in doc._.cl_quantities
            if not q["measure"].startswith("other:")]


@pytest.fixture(scope="module")
def disaster(run_pipeline):
    return run_pipeline(DISASTER, published="2023-02-10", source="Valley Herald")


@pytest.fixture(scope="module")
def war(run_pipeline):
    return run_pipeline(WAR, published="2023-02-10", source="Plains Courier")


def test_disaster_measures(disaster) -> None:
    assert _claims(disaster) == [
        ("killed", 41, "at_least"), ("killed", 12, "exact"), ("killed", 3419, "exact"),
        ("killed", 1200, "exact"), ("wounded", 5000, "exact"), ("missing", 300, "exact"),
        ("captured", 27, "exact"), ("captured", 9, "exact"),
        ("displaced", 8000, "about"), ("displaced", 2500, "exact"),
        ("displaced", 60000, "more_than"), ("displaced", 100000, "exact"),
        ("population", 45000, "about"),
    ]


def test_counts_of_other_things_are_not_claims(disaster) -> None:
    values = {q["value"] for q in disaster._.cl_quantities}
    assert not values & {2000, 2, 13}  # protesters, cities, articles


def test_war_measures_equipment_and_personnel(war) -> None:
    assert _claims(war) == [
        ("destroyed", 14, "exact"), ("destroyed", 6, "exact"), ("destroyed", 9, "exact"),
        ("seized", 300, "exact"), ("seized", 22, "exact"),
        ("personnel", 3000, "exact"), ("personnel", 1500, "exact"),
        ("killed", 4, "exact"), ("killed", 17000, "exact"), ("displaced", 200000, "at_least"),
    ]


def test_background_figures_are_marked(war) -> None:
    eras = {q["value"]: q["era"] for q in war._.cl_quantities}
    assert eras[17000] == "background" and eras[200000] == "background"
    assert eras[14] == "current"


def test_vague_amount_record(war) -> None:
    [vague] = [q for q in war._.cl_quantities if q["vague"]]
    assert (vague["value"], vague["low"], vague["qualifier"]) == (200000, 200000, "at_least")


def test_evidence_span_holds_number_and_what_it_counts(disaster) -> None:
    spans = [DISASTER[q["start"]:q["end"]] for q in disaster._.cl_quantities]
    assert "At least 41 people died" in spans
    assert "toll climbed to 3,419" in spans


def test_subject_side_and_role_from_demonym(war) -> None:
    [children] = [q for q in war._.cl_quantities if q["value"] == 4]
    assert "syrian" in children["subject"].lower()
    assert children["subject_role"] == "children"


def test_own_voice_claimant_is_the_outlet(disaster) -> None:
    [toll] = [q for q in disaster._.cl_quantities if q["value"] == 3419]
    assert (toll["claimant"], toll["claimant_kind"]) == ("Valley Herald", "outlet")


def test_active_subject_is_not_the_victim(run_pipeline) -> None:
    doc = run_pipeline("Five gunmen killed three guards at the gate.")
    assert [(q["measure"], q["value"]) for q in doc._.cl_quantities] == [("killed", 3)]


def test_durations_compare_as_hours(run_pipeline) -> None:
    doc = run_pipeline("The 72-hour offensive ended. It was over within three days.\n\n"
                       "In 70 hours and 30 minutes, the army took the ridge.")
    durations = [(q["value"], q["qualifier"], q["subject_role"]) for q in doc._.cl_quantities
                 if q["measure"] == "other:duration"]
    assert durations == [(72, "exact", "event"), (72, "at_most", "event"),
                         (70.5, "exact", "event")]


def test_seeds_quantity_recall(run_pipeline, seeds_dir) -> None:
    """Every gold quantity of the seed articles is found with its measure and value."""
    import json

    lines = (seeds_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = {d["id"]: d for d in map(json.loads, lines)}
    gold_lines = (seeds_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [g for g in map(json.loads, gold_lines) if g["kind"] == "quantity"]
    found = {}
    for doc_id, record in corpus.items():
        doc = run_pipeline(record["text"], published=record["published"],
                           source=record["source"], doc_id=doc_id)
        found[doc_id] = [(q["measure"], q["value"]) for q in doc._.cl_quantities]
    hits = sum((g["measure"], g["value"]) in found[g["doc"]] for g in gold)
    assert hits / len(gold) >= 0.9


NOT_CLAIMS = (
    "On Oct. 3, 2023, the March 16 strike was recalled; nothing had moved since April 8. "
    "On May 12 a magnitude 7.8 quake struck 40 km from the coast at 14:35. "
    "XYZ 38.65 ▲ 0.04\n\n"
    "Call (202) 555-0100 for story 1999950. A 34-year-old man, aged 34, sold bread at 2.50. "
    "The 19th convoy came for the second time. Some 95% of homes were hit. "
    "The toll is ten times the first estimate."
)


def test_numbers_that_are_not_claims_never_become_claims(run_pipeline) -> None:
    doc = run_pipeline(NOT_CLAIMS, published="2023-10-04", source="Valley Herald")
    assert _claims(doc) == []


def test_a_change_is_two_figures_not_a_range(run_pipeline) -> None:
    doc = run_pipeline("The toll rose by 12 to 57. The governor raised the toll from 64 to 2,975.")
    assert _claims(doc) == [("killed", 57, "exact"), ("killed", 64, "exact"),
                            ("killed", 2975, "exact")]
