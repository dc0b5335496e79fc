"""Exports: JSONL in contract form, CSV and Parquet folders, all read back."""

from __future__ import annotations

import csv
import json
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from claimledger.export import export_ledger
from claimledger.query import ClaimFilter
from claimledger.records import Document, Entity, Event, Quantity, record_from_json
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
            opened.add_document(Document(
                id=doc_id, text=text, content_hash=doc_id, source=SOURCES[doc_id],
                url=f"https://example.org/{doc_id}", published=PUBLISHED[doc_id]),
                records_for(doc_id))
        yield opened


SOURCES = {"w1": "Valley News", "w2": "Hill Post"}
PUBLISHED = {"w1": "2024-03-04", "w2": "2024-03-05"}


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
        ["document"] * 2 + ["quantity"] * 3 + ["event", "entity"] + ["cluster"] * 2
        + ["discrepancy"] * 2 + ["incident"])
    assert "Qaraçala" in path.read_text(encoding="utf-8")  # not \\u-escaped
    contract = ledger.quantities()[0].to_json()
    del contract["incident"]  # resolved by the cross-source view at export time
    assert {k: v for k, v in lines[2].items() if k in contract} == contract
    assert lines[2]["id"] == ledger.quantities()[0].id
    rebuilt = [record_from_json(line) for line in lines[:7]]
    assert [q.id for q in rebuilt[2:5]] == [q.id for q in ledger.quantities()]


def test_every_claim_names_its_cluster_and_every_discrepancy_claim_its_id(ledger, tmp_path):
    [path] = export_ledger(ledger, "jsonl", tmp_path / "ledger.jsonl")
    lines = read_jsonl(path)
    clusters = {line["id"]: line for line in lines if line["kind"] == "cluster"}
    claims = {line["id"]: line for line in lines if line["kind"] == "quantity"}
    for claim in claims.values():
        assert claim["id"] in clusters[claim["cluster"]]["claim_ids"]
    killed = next(line for line in lines if line["kind"] == "discrepancy"
                  and line["measure"] == "killed")
    assert {c["id"] for c in killed["claims"]} == {
        q.id for q in ledger.quantities() if q.measure == "killed"}
    assert killed["id"].startswith("d-")


def test_every_exported_span_matches_its_document_text(ledger, tmp_path):
    [path] = export_ledger(ledger, "jsonl", tmp_path / "ledger.jsonl")
    lines = read_jsonl(path)
    texts = {line["id"]: line["text"] for line in lines if line["kind"] == "document"}
    spans = [line for line in lines if "start" in line]
    assert len(spans) == 5
    for line in spans:
        assert texts[line["doc"]][line["start"]:line["end"]] == line["evidence"]


def test_csv_folder_has_one_flat_table_per_kind(ledger, tmp_path):
    paths = export_ledger(ledger, "csv", tmp_path / "csv")
    assert sorted(p.name for p in paths) == [
        "cluster_members.csv", "clusters.csv", "discrepancies.csv", "discrepancy_claims.csv",
        "documents.csv", "entities.csv", "events.csv", "incidents.csv", "quantities.csv"]
    tables = {p.stem: read_csv(p) for p in paths}
    assert [row["text_length"] for row in tables["documents"]] == [
        str(len(TEXTS["w1"])), str(len(TEXTS["w2"]))]
    assert "text" not in tables["documents"][0]
    assert tables["events"][0]["actors"] == "rescuers; villagers"
    first, _, third = tables["quantities"]
    assert third["value"] == "300.5"
    assert (first["claimant_text"], first["outlet"], first["url"], first["published"]) == (
        "Rescuers in Qaraçala", "Valley News", "https://example.org/w1", "2024-03-04")
    assert "claims" not in tables["discrepancies"][0]  # no JSON in a cell: its own table
    killed = next(d for d in tables["discrepancies"] if d["measure"] == "killed")
    rows = [r for r in tables["discrepancy_claims"] if r["discrepancy"] == killed["id"]]
    assert sorted(r["value"] for r in rows) == ["14.0", "20.0"]
    assert {r["id"] for r in rows} == {q["id"] for q in tables["quantities"][:2]}


def test_csv_cells_hold_no_line_breaks(tmp_path):
    text = "Officials said:\n12 people died."
    with Ledger(":memory:") as ledger:
        start = text.index("said")
        ledger.add_document(Document(id="n1", text=text, content_hash="n1", title="Two\nlines"),
                            [Quantity(doc="n1", start=start, end=len(text), measure="killed",
                                      evidence=text[start:], value=12)])
        paths = export_ledger(ledger, "csv", tmp_path / "csv")
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        assert len(raw.splitlines()) == 1 + len(read_csv(path)), path.name
    quantities = read_csv(tmp_path / "csv" / "quantities.csv")
    assert quantities[0]["evidence"] == "said: 12 people died."


def test_parquet_folder_reads_back_with_typed_columns(ledger, tmp_path):
    paths = export_ledger(ledger, "parquet", tmp_path / "pq")
    tables = {p.stem: pq.read_table(p) for p in paths}
    quantities = tables["quantities"].to_pylist()
    assert [q["value"] for q in quantities] == [14.0, 20.0, 300.5]
    schema = tables["quantities"].schema
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("published").type) == "date32[day]"
    assert quantities[0]["published"] == date(2024, 3, 4)
    assert tables["events"].to_pylist()[0]["actors"] == ["rescuers", "villagers"]
    assert tables["events"].to_pylist()[0]["date"] == date(2024, 3, 3)
    assert tables["documents"].to_pylist()[0]["text"] == TEXTS["w1"]
    claims_type = tables["discrepancies"].schema.field("claims").type
    assert str(claims_type).startswith("list<element: struct<id: string")
    killed = next(d for d in tables["discrepancies"].to_pylist() if d["measure"] == "killed")
    assert sorted(c["value"] for c in killed["claims"]) == [14.0, 20.0]
    for row in quantities:
        text = TEXTS[row["doc"]]
        assert text[row["start"]:row["end"]] == row["evidence"]


def test_duckdb_queries_the_parquet_folder(ledger, tmp_path):
    export_ledger(ledger, "parquet", tmp_path / "pq")
    folder = tmp_path / "pq"
    rows = duckdb.sql(
        f"SELECT q.outlet, q.value, c.best FROM '{folder}/quantities.parquet' q "
        f"JOIN '{folder}/clusters.parquet' c ON c.id = q.cluster "
        "WHERE q.measure = 'killed' AND q.published >= DATE '2024-03-04' ORDER BY q.value"
    ).fetchall()
    assert rows == [("Valley News", 14.0, 20.0), ("Hill Post", 20.0, 20.0)]


def test_filters_keep_the_claims_asked_for(ledger, tmp_path):
    wanted = ClaimFilter.of(measure="killed", source="Hill Post")
    [path] = export_ledger(ledger, "jsonl", tmp_path / "f.jsonl", wanted)
    lines = read_jsonl(path)
    assert [(line["kind"], line.get("doc", line.get("id"))) for line in lines
            if line["kind"] in ("document", "quantity")] == [
        ("document", "w2"), ("quantity", "w2")]
    since = ClaimFilter.of(since="2024-03-05")
    [path] = export_ledger(ledger, "jsonl", tmp_path / "s.jsonl", since)
    assert {line["doc"] for line in read_jsonl(path) if line["kind"] == "quantity"} == {"w2"}
    until = ClaimFilter.of(until="2024-03-04")
    [path] = export_ledger(ledger, "jsonl", tmp_path / "u.jsonl", until)
    assert [line["evidence"] for line in read_jsonl(path) if line["kind"] == "quantity"] == [
        "14 villagers died"]


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
