"""`evaluate()` against a small hand-written gold file, and parsing the seed gold file."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from rich.console import Console

from claimledger.errors import GoldError
from claimledger.evaluate import evaluate, read_gold, render_report
from claimledger.records import Document, Entity, Event, Quantity
from claimledger.store import Ledger

TEXTS = {
    "e1": ("The health ministry said at least 40 people were killed and 75 wounded in the "
           "shelling of Marrow Bay on 3 June. Local officials said 12 fishermen are missing. "
           "A later bulletin repeated the figure of 40 dead."),
    "e2": ("Relief groups in Marobay said 900 families fled on Friday. The army sent 300 troops "
           "and rebuilt 5 houses."),
    "x9": "An unrelated story: 7 people were killed elsewhere.",
}


def at(doc: str, words: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXTS[doc].index(words, start + 1)
    return {"doc": doc, "start": start, "end": start + len(words), "evidence": words}


def predictions() -> dict[str, list]:
    return {
        "e1": [
            Quantity(**at("e1", "40 dead"), measure="killed", value=40, claimant="bulletin"),
            Quantity(**at("e1", "at least 40 people were killed"), measure="killed", value=40,
                     qualifier="at_least", claimant="Health Ministry",
                     claimant_text="The health ministry", subject="people"),
            Quantity(**at("e1", "75 wounded"), measure="wounded", value=75, qualifier="about",
                     claimant="Local officials", subject="civilians", subject_side="Bayland"),
            Event(**at("e1", "the shelling of Marrow Bay on 3 June"), type="attack",
                  date="2024-06-03", date_text="on 3 June"),
            Entity(**at("e1", "Marrow Bay"), label="place", canonical="Marrow Bay",
                   canonical_id="geonames:1"),
            Entity(**at("e1", "health ministry"), label="organisation",
                   canonical="Ministry of Health"),
        ],
        "e2": [
            Quantity(**at("e2", "900 families fled"), measure="displaced", value=900,
                     claimant="Relief groups", subject="families", subject_side="Bayland"),
            Quantity(**at("e2", "300 troops"), measure="personnel", value=300.0,
                     claimant="the army"),
            Quantity(**at("e2", "5 houses"), measure="other:houses", value=5),
            Event(**at("e2", "900 families fled on Friday"), type="displacement",
                  date="2024-06-08", date_text="on Friday"),
            Event(**at("e2", "The army sent 300 troops"), type="other", date="2024-06-07",
                  date_text="on Friday"),
            Entity(**at("e2", "Marobay"), label="place", canonical="Marobay",
                   canonical_id="geonames:2"),
        ],
        "x9": [Quantity(**at("x9", "7 people were killed"), measure="killed", value=7)],
    }


GOLD = [
    {"kind": "quantity", "doc": "e1", "measure": "killed", "value": 40, "qualifier": "at_least",
     "subject_keys": [], "claimant_keys": ["ministry"], "quote": "at least 40 people",
     "quote_start": TEXTS["e1"].index("at least 40"), "note": "unknown fields are ignored"},
    {"kind": "quantity", "doc": "e1", "measure": "wounded", "value": 75, "qualifier": "exact",
     "subject_keys": ["civilian"], "claimant_keys": ["Ministry"], "quote": "75 wounded"},
    {"kind": "quantity", "doc": "e1", "measure": "missing", "value": 12,
     "subject_keys": ["fishermen"], "claimant_keys": ["officials"],
     "quote": "12 fishermen are missing", "quote_start": TEXTS["e1"].index("12 fishermen")},
    {"kind": "quantity", "doc": "e2", "measure": "displaced", "value": 900.0,
     "qualifier": "exact", "subject_keys": [], "claimant_keys": ["relief"]},
    {"kind": "quantity", "doc": "e2", "measure": "other:houses", "value": 5},
    {"kind": "event", "doc": "e1", "date": "2024-06-03", "date_text": "on 3 June",
     "keys": ["Shelling", "bombing"], "quote": "the shelling", "quote_start": 60},
    {"kind": "event", "doc": "e2", "date": "2024-06-07", "keys": ["fled"]},
    {"kind": "alias", "doc": "*", "docs": ["e1", "e2"], "label": "place",
     "names": ["Marrow Bay", "marobay"]},
    {"kind": "alias", "doc": "*", "docs": ["e1"], "label": "organisation",
     "names": ["health ministry", "Ministry of Health"]},
]


def write_gold(path, lines) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines) + "\n",
                    encoding="utf-8")


@pytest.fixture
def report(tmp_path, monkeypatch):
    # Scoring rules only: keep the hand-built canonical ids as they are.
    monkeypatch.setattr("claimledger.store.resolve_across_documents", list)
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, GOLD)
    with Ledger(":memory:") as ledger:
        for doc_id, records in predictions().items():
            ledger.add_document(Document(id=doc_id, text=TEXTS[doc_id], content_hash=doc_id),
                                records)
        yield evaluate(ledger, gold)


def test_quantity_precision_recall_on_core_measures_only(report):
    scores = report.to_json()["quantities"]
    # hits: killed 40 (nearest span), wounded 75, displaced 900; miss: missing 12;
    # false positives: the repeated "40 dead" and "300 troops"; other:* and x9 ignored.
    assert (scores["tp"], scores["fp"], scores["fn"]) == (3, 2, 1)
    assert scores["precision"] == 0.6
    assert scores["recall"] == 0.75
    assert scores["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert set(scores["per_measure"]) == {"killed", "wounded", "missing", "displaced",
                                          "personnel"}
    assert scores["per_measure"]["killed"] == {"precision": 0.5, "recall": 1.0,
                                               "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}
    assert scores["qualifier_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_nearest_prediction_wins_and_the_other_is_a_false_positive(report):
    evidence = {(fp["measure"], fp["evidence"]) for fp in report.to_json()["false_positives"]}
    assert evidence == {("killed", "40 dead"), ("personnel", "300 troops")}
    [miss] = report.to_json()["misses"]
    assert (miss["doc"], miss["measure"], miss["value"]) == ("e1", "missing", 12)
    assert miss["quote"] == "12 fishermen are missing"


def test_claimant_accuracy_uses_lowercased_keys(report):
    data = report.to_json()
    assert data["claimant_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    [wrong] = data["wrong_claimants"]
    assert (wrong["measure"], wrong["value"], wrong["claimant"]) == ("wounded", 75,
                                                                     "Local officials")
    assert wrong["expected"] == ["Ministry"]


def test_subject_accuracy_and_the_empty_keys_rule(report):
    data = report.to_json()
    # killed: empty keys and no side → right; wounded: "civilian" in "civilians" → right;
    # displaced: empty keys but a side asserted → wrong.
    assert data["subject_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert [w["measure"] for w in data["wrong_subjects"]] == ["displaced"]


def test_event_date_recall_and_unmatched_predictions(report):
    assert report.to_json()["events"] == {"recall": 0.5, "found": 1, "total": 2,
                                          "unmatched_predictions": 2}


def test_alias_groups_split_and_missing(report):
    aliases = report.to_json()["aliases"]
    assert (aliases["groups"], aliases["consistent"]) == (2, 1)
    assert aliases["split"] == [{"names": ["Marrow Bay", "marobay"], "label": "place",
                                 "canonical_ids": ["geonames:1", "geonames:2"]}]
    assert [m["name"] for m in aliases["missing"]] == ["Ministry of Health"]


def test_json_shape_and_rendering(report):
    data = report.to_json()
    assert {"quantities", "claimant_accuracy", "subject_accuracy", "events", "aliases",
            "misses", "false_positives", "wrong_claimants"} <= set(data)
    json.dumps(data)
    console = Console(record=True, width=140)
    console.print(render_report(report))
    shown = console.export_text()
    for heading in ("quantity precision", "Per measure", "Missed gold quantities",
                    "False positives", "Wrong claimants", "Split alias groups"):
        assert heading in shown
    assert "12 fishermen are missing" in shown
    assert "alias names not found" in shown


def test_era_background_and_as_of_on_matched_pairs(tmp_path, monkeypatch):
    monkeypatch.setattr("claimledger.store.resolve_across_documents", list)
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, [
        {"kind": "quantity", "doc": "e1", "measure": "killed", "value": 40, "era": "background",
         "as_of": "2024-06-03"},
        {"kind": "quantity", "doc": "e1", "measure": "wounded", "value": 75, "as_of": "2024"},
        {"kind": "quantity", "doc": "e1", "measure": "missing", "value": 12},
    ])
    records = [
        Quantity(**at("e1", "at least 40 people were killed"), measure="killed", value=40,
                 era="current", as_of="2024-06-03"),
        Quantity(**at("e1", "75 wounded"), measure="wounded", value=75, era="background",
                 as_of="2024-06-05"),
        Quantity(**at("e1", "12 fishermen are missing"), measure="missing", value=12),
    ]
    with Ledger(":memory:") as ledger:
        ledger.add_document(Document(id="e1", text=TEXTS["e1"], content_hash="e1"), records)
        era = evaluate(ledger, gold).to_json()["era"]
    assert era["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert (era["background"]["tp"], era["background"]["fp"], era["background"]["fn"]) == (
        0, 1, 1)
    # "2024-06-03" equals its gold date; gold's "2024" accepts any day inside it.
    assert (era["as_of_accuracy"], era["as_of_checked"]) == (1.0, 2)


@pytest.mark.parametrize("bad_line, message", [
    ('{"kind": "quantity", "doc": "e1", "measure": "killed"}', "'value' must be a number"),
    ('{"kind": "quantity", "doc": "e1", "measure": "killed", "value": 3', "not JSON"),
    ('{"kind": "claim", "doc": "e1"}', "'kind' must be one of"),
    ('{"kind": "event", "doc": "e1", "date": "2024-01-01", "keys": "x"}', "list of strings"),
    ('{"kind": "alias", "doc": "*", "docs": ["e1"], "names": []}', "must not be empty"),
    ('[1, 2]', "JSON object"),
])
def test_malformed_gold_line_names_file_and_line(tmp_path, bad_line, message):
    gold = tmp_path / "broken.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n\n" + bad_line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=rf"broken\.jsonl:3: .*{message}"):
        read_gold(gold)


def test_missing_gold_file_is_a_gold_error(tmp_path):
    with pytest.raises(GoldError, match="cannot read"):
        read_gold(tmp_path / "absent.jsonl")


def test_seed_gold_file_parses(seeds_dir):
    path = seeds_dir / "gold.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    kinds = Counter(line["kind"] for line in lines)
    gold = read_gold(path)
    assert len(gold.quantities) == kinds["quantity"] > 0
    assert len(gold.events) == kinds["event"] > 0
    assert len(gold.aliases) == kinds["alias"] > 0
    assert gold.docs == {line["doc"] for line in lines if line["kind"] != "alias"}


def test_seed_gold_against_an_empty_ledger_counts_every_line_missed(seeds_dir):
    path = seeds_dir / "gold.jsonl"
    gold = read_gold(path)
    with Ledger(":memory:") as ledger:
        data = evaluate(ledger, path).to_json()
    core = [g for g in gold.quantities if g.measure in ("killed", "wounded", "missing",
            "captured", "displaced", "population", "personnel", "destroyed", "seized")]
    assert data["quantities"]["fn"] == len(core)
    assert data["events"]["found"] == 0
    assert len(data["aliases"]["missing"]) == sum(len(a.names) for a in gold.aliases)
