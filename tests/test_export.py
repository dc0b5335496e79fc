"""Exports: JSONL in contract form, CSV and Parquet folders, all read back."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from claimledger.export import export_ledger
from claimledger.records import Discrepancy, Document, Entity, Event, Quantity, record_from_json
from claimledger.store import Ledger

TEXTS = {
    "w1": "Rescuers in Qaraçala said 14 villagers died after the landslide on Sunday.",
    "w2": "The ministry put the toll at some 20 dead; about 300 people were evacuated.",
}


def part(doc: str, words: str) -> dict:
    start = TEXTS[doc].index(words)
    return {"doc": doc, "start": start, "end": start + len(words), "evidence": words}


@pytest.fixture
def ledger():
    with Ledger(":memory:") as opened:
        for doc_id, text in TEXTS.items():
            opened.add_document(
                Document(id=doc_id, text=text, content_hash=doc_id, source="Valley News"),
                records_for(doc_id))
        opened.replace_discrepancies([Discrepancy(
            measure="killed", subject="villagers", note="14 vs 20",
            claims=({"doc": "w1", "value": 14}, {"doc": "w2", "value": 20.5, "claimant": "x"}))])
        yield opened


def records_for(doc_id: str) -> list:
    if doc_id == "w1":
        return [
            Quantity(**part("w1", "14 villagers died"), measure="killed", value=14,
                     claimant="Rescuers", claimant_text="Rescuers in Qaraçala"),
            Event(**part("w1", "the landslide on Sunday"), type="other", date="2024-03-03",
                  date_text="on Sunday", actors=("rescuers", "villagers")),
            Entity(**part("w1", "Qaraçala"), label="place", canonical="Qaraçala",
                   aliases_seen=("Qaraçala",), canonical_id="geonames:7"),
        ]
    return [
        Quantity(**part("w2", "some 20 dead"), measure="killed", value=20, qualifier="about"),
        Quantity(**part("w2", "about 300 people were evacuated"), measure="displaced",
                 value=300.5, qualifier="about", low=300, high=None),
    ]


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def test_jsonl_is_contract_form_with_documents_first(ledger, tmp_path):
    [path] = export_ledger(ledger, "jsonl", tmp_path / "out" / "ledger.jsonl")
    lines = read_jsonl(path)
    assert [line["kind"] for line in lines] == (
        ["document"] * 2 + ["quantity"] * 3 + ["event", "entity", "discrepancy"])
    assert "Qaraçala" in path.read_text(encoding="utf-8")  # not \\u-escaped
    assert lines[2] == ledger.quantities()[0].to_json()
    rebuilt = [record_from_json(line) for line in lines]
    assert rebuilt[2:5] == ledger.quantities()


def test_every_exported_span_matches_its_document_text(ledger, tmp_path):
    [path] = export_ledger(ledger, "jsonl", tmp_path / "ledger.jsonl")
    lines = read_jsonl(path)
    texts = {line["id"]: line["text"] for line in lines if line["kind"] == "document"}
    spans = [line for line in lines if "start" in line]
    assert len(spans) == 5
    for line in spans:
        assert texts[line["doc"]][line["start"]:line["end"]] == line["evidence"]


def test_csv_folder_has_one_flat_file_per_kind(ledger, tmp_path):
    paths = export_ledger(ledger, "csv", tmp_path / "csv")
    assert sorted(p.name for p in paths) == [
        "discrepancies.csv", "documents.csv", "entities.csv", "events.csv", "incidents.csv",
        "quantities.csv"]
    tables = {p.stem: read_csv(p) for p in paths}
    assert [row["text_length"] for row in tables["documents"]] == [
        str(len(TEXTS["w1"])), str(len(TEXTS["w2"]))]
    assert "text" not in tables["documents"][0]
    assert tables["events"][0]["actors"] == "rescuers; villagers"
    assert tables["quantities"][2]["value"] == "300.5"
    assert tables["quantities"][0]["claimant_text"] == "Rescuers in Qaraçala"
    claims = json.loads(tables["discrepancies"][0]["claims"])
    assert claims[1] == {"doc": "w2", "value": 20.5, "claimant": "x"}


def test_parquet_folder_reads_back_with_typed_columns(ledger, tmp_path):
    paths = export_ledger(ledger, "parquet", tmp_path / "pq")
    tables = {p.stem: pq.read_table(p) for p in paths}
    quantities = tables["quantities"].to_pylist()
    assert [q["value"] for q in quantities] == [14.0, 20.0, 300.5]
    assert str(tables["quantities"].schema.field("value").type) == "double"
    assert tables["events"].to_pylist()[0]["actors"] == ["rescuers", "villagers"]
    assert tables["documents"].to_pylist()[0]["text"] == TEXTS["w1"]
    claims = json.loads(tables["discrepancies"].to_pylist()[0]["claims"])
    assert claims[0] == {"doc": "w1", "value": 14}
    for row in quantities:
        text = TEXTS[row["doc"]]
        assert text[row["start"]:row["end"]] == row["evidence"]


def test_empty_ledger_exports_typed_empty_tables(tmp_path):
    with Ledger(":memory:") as empty:
        paths = export_ledger(empty, "parquet", tmp_path / "pq")
        assert all(pq.read_table(p).num_rows == 0 for p in paths)
        assert "start" in pq.read_table(tmp_path / "pq" / "entities.parquet").column_names
        [path] = export_ledger(empty, "jsonl", tmp_path / "empty.jsonl")
        assert path.read_text() == ""


def test_unknown_format_is_refused(ledger, tmp_path):
    with pytest.raises(ValueError, match="jsonl, csv, parquet"):
        export_ledger(ledger, "xlsx", tmp_path / "x")
