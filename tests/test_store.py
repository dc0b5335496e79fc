"""The SQLite ledger: opening, migrations, idempotent writes, rollback, search, round trip."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from claimledger.errors import StoreError
from claimledger.records import Discrepancy, Document, Entity, Event, Quantity
from claimledger.store import APPLICATION_ID, SCHEMA_VERSION, Ledger

TEXT = ("Flood officials in Port Elm said at least 12 people were killed on Monday. "
        "The mayor of Lakeside said about 4,000 residents fled their homes.")


def span(text: str, part: str) -> tuple[int, int, str]:
    start = text.index(part)
    return start, start + len(part), part


def make_document(doc_id: str = "d1", text: str = TEXT) -> Document:
    return Document(id=doc_id, text=text, content_hash=f"hash-{doc_id}", source="River Post",
                    url=f"https://example.org/{doc_id}", title="Floods", published="2024-05-07",
                    published_how="input", origin=f"corpus.jsonl:{doc_id}")


def full_records(doc_id: str = "d1", text: str = TEXT) -> list:
    """One record of each kind with every field set to a non-default value."""
    q_start, q_end, q_ev = span(text, "at least 12 people were killed")
    e_start, e_end, e_ev = span(text, "12 people were killed on Monday")
    n_start, n_end, n_ev = span(text, "Lakeside")
    quantity = Quantity(
        doc=doc_id, start=q_start, end=q_end, evidence=q_ev, measure="killed", value=12,
        low=12, high=15.5, qualifier="at_least", subject="civilians", subject_text="people",
        claimant="flood officials", claimant_text="Flood officials in Port Elm",
        as_of="2024-05-06", location="Port Elm", vague=True, subject_side="Elmland",
        subject_role="civilian", claimant_kind="organisation", claimant_side="Elmland",
        era="background", number_text="at least 12")
    event = Event(doc=doc_id, start=e_start, end=e_end, evidence=e_ev, type="attack",
                  date="2024-05-06", date_text="on Monday", actors=("river", "officials"),
                  location="Port Elm", date_start=text.index("on Monday"), date_how="weekday",
                  era="background")
    entity = Entity(doc=doc_id, start=n_start, end=n_end, evidence=n_ev, label="place",
                    canonical="Lakeside", aliases_seen=("Lakeside", "Lake Side"),
                    canonical_id="geonames:1", country_code="EL")
    return [quantity, event, entity]


@pytest.fixture
def ledger():
    with Ledger(":memory:") as opened:
        yield opened


def test_memory_ledger_starts_empty_at_current_schema(ledger):
    assert ledger.schema_version == SCHEMA_VERSION
    assert ledger.documents() == []
    assert ledger.stats() == {"documents": 0, "quantities": {}, "events": 0, "entities": 0,
                              "discrepancies": 0, "errors": 0}


def test_round_trip_returns_equal_records(ledger):
    document = make_document()
    quantity, event, entity = full_records()
    assert ledger.add_document(document, [quantity, event, entity])
    assert ledger.documents() == [document]
    assert ledger.document("d1") == document
    assert ledger.document("nope") is None
    assert ledger.quantities() == [quantity]
    assert ledger.events() == [event]
    assert ledger.entities(resolved=False) == [entity]
    [resolved] = ledger.entities()
    assert (resolved.doc, resolved.start, resolved.end) == (entity.doc, entity.start, entity.end)


def test_columns_are_written_as_plain_values(ledger):
    """Flags 0/1, an open bound NULL, lists of texts as JSON (the same list twice, one text)."""
    quantity, event, entity = full_records()
    quantity = replace(quantity, high=float("inf"))
    twin = replace(entity, start=entity.start + 1, aliases_seen=("Lakeside", "Lake Side"))
    event = replace(event, actors=("Ríver Pólice",))
    ledger.add_document(make_document(), [quantity, event, entity, twin])
    conn = ledger._conn
    assert tuple(conn.execute("SELECT vague, high, low FROM claims").fetchone()) == (1, None, 12)
    assert conn.execute("SELECT actors FROM events").fetchone()[0] == '["Ríver Pólice"]'
    assert [r[0] for r in conn.execute("SELECT aliases_seen FROM entities")] == [
        '["Lakeside", "Lake Side"]'] * 2


def test_records_filter_by_document(ledger):
    ledger.add_document(make_document("d1"), full_records("d1"))
    other = "Heavy rain again. " + TEXT
    ledger.add_document(make_document("d2", other), full_records("d2", other))
    assert [q.start for q in ledger.quantities(doc="d2")] == [other.index("at least 12")]
    assert [e.doc for e in ledger.entities(doc="d1")] == ["d1"]
    assert len(ledger.events()) == 2


def test_resolved_entities_are_resolved_across_all_documents(ledger, monkeypatch):
    seen: list[list[str]] = []

    def fake_resolve(entities):
        seen.append([e.doc for e in entities])
        return [replace(e, canonical_id="shared:lakeside") for e in entities]

    monkeypatch.setattr("claimledger.store.resolve_across_documents", fake_resolve)
    ledger.add_document(make_document("d1"), full_records("d1"))
    other = "Heavy rain again. " + TEXT
    ledger.add_document(make_document("d2", other), full_records("d2", other))
    [entity] = ledger.entities(doc="d2")
    assert seen == [["d1", "d2"]]
    assert (entity.doc, entity.canonical_id) == ("d2", "shared:lakeside")
    assert ledger.entities(doc="d2", resolved=False)[0].canonical_id == "geonames:1"


def test_re_adding_a_document_is_a_no_op(ledger):
    assert ledger.add_document(make_document(), full_records())
    assert ledger.has_document("hash-d1")
    assert not ledger.add_document(make_document(), full_records())
    assert len(ledger.documents()) == 1
    assert len(ledger.quantities()) == 1


def test_same_id_with_different_text_is_refused(ledger):
    ledger.add_document(make_document(), [])
    changed = Document(id="d1", text="Other words.", content_hash="hash-other")
    with pytest.raises(StoreError, match="already stored with different text"):
        ledger.add_document(changed, [])


def test_same_id_with_different_text_is_kept_as_a_new_version(ledger):
    ledger.add_document(make_document(), full_records())
    edited = replace(make_document(), text=TEXT + " Later: 14.", content_hash="hash-edit")
    stored = ledger.add_document(edited, full_records(), on_same_id="rename")
    assert (stored.id, stored.renamed_from) == ("d1~2", "d1")
    third = replace(edited, content_hash="hash-third")
    assert ledger.add_document(third, full_records(), on_same_id="rename").id == "d1~3"
    assert [d.id for d in ledger.documents()] == ["d1", "d1~2", "d1~3"]
    assert {q.doc for q in ledger.quantities()} == {"d1", "d1~2", "d1~3"}
    assert not ledger.add_document(edited, full_records(), on_same_id="rename")


def test_same_id_with_different_text_replaces_on_request(ledger):
    ledger.add_document(make_document(), full_records())
    edited = Document(id="d1", text="Snow closed the mountain pass.", content_hash="hash-new")
    stored = ledger.add_document(edited, [], on_same_id="replace")
    assert (stored.id, stored.replaced) == ("d1", True)
    assert ledger.documents() == [edited]
    assert ledger.quantities() == [] and ledger.events() == []
    assert ledger.search("flood") == []
    assert [doc for doc, _ in ledger.search("mountain")] == ["d1"]


def test_every_write_bumps_the_change_counter(ledger):
    before = ledger.change_counter()
    ledger.add_document(make_document(), full_records())
    after_document = ledger.change_counter()
    ledger.add_document(make_document(), full_records())  # already stored: no change
    ledger.replace_discrepancies([])  # nothing to delete, nothing added: no change
    ledger.add_input_error("x.jsonl:1", "bad")
    ledger.replace_discrepancies([Discrepancy(measure="killed", subject="", claims=(), note="")])
    assert before < after_document
    assert ledger.change_counter() == after_document + 2


def test_change_counter_is_seen_by_other_connections(tmp_path):
    path = tmp_path / "shared.db"
    with Ledger(path) as writer, Ledger(path) as reader:
        seen = reader.change_counter()
        writer.add_document(make_document(), [])
        assert reader.change_counter() == seen + 1


def test_reading_a_missing_ledger_fails_and_creates_nothing(tmp_path):
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=f"no ledger at {path}"):
        Ledger(path, create=False)
    assert not path.exists()
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="no ledger at"):
        Ledger(path, create=False)
    Ledger(path).close()
    Ledger(path, create=False).close()


def test_non_record_is_refused_before_anything_is_written(ledger):
    ledger.add_document(make_document("d1"), full_records("d1"))
    with pytest.raises(StoreError, match="cannot store a object"):
        ledger.add_document(make_document("d2"), [*full_records("d2"), object()])
    assert [d.id for d in ledger.documents()] == ["d1"]
    assert not ledger.has_document("hash-d2")
    assert len(ledger.quantities()) == 1


def test_failing_document_rolls_back_alone(ledger):
    ledger.add_document(make_document("d1"), full_records("d1"))
    ledger._conn.execute(  # a trigger that fails on the second record of d2
        "CREATE TEMP TRIGGER fail_events BEFORE INSERT ON events "
        "WHEN NEW.doc = 'd2' "
        "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    with pytest.raises(StoreError, match="disk says no"):
        ledger.add_document(make_document("d2"), full_records("d2"))
    assert ledger.document("d2") is None
    assert [doc for doc, _ in ledger.search("flood")] == ["d1"]
    assert ledger.quantities(doc="d2") == []
    assert ledger.stats()["events"] == 1


def test_a_batch_stores_each_document_and_rolls_back_a_failing_one_alone(ledger):
    ledger._conn.execute(  # a trigger that fails on the event of d2
        "CREATE TEMP TRIGGER fail_events BEFORE INSERT ON events "
        "WHEN NEW.doc = 'd2' "
        "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    before = ledger.change_counter()
    batch = [(make_document(d), full_records(d)) for d in ("d1", "d2", "d3")]
    first, failed, third, again = ledger.add_documents(batch + batch[:1])
    assert (first.id, third.id) == ("d1", "d3") and not again  # d1 twice: stored once
    assert isinstance(failed, StoreError) and "disk says no" in str(failed)
    assert [d.id for d in ledger.documents()] == ["d1", "d3"]
    assert [q.doc for q in ledger.quantities()] == ["d1", "d3"]
    assert ledger.change_counter() == before + 2  # one count per document written


def test_a_batch_refuses_stray_records_for_that_document_alone(ledger):
    outcomes = ledger.add_documents([(make_document("d1"), full_records("d9")),
                                     (make_document("d2"), full_records("d2"))])
    assert isinstance(outcomes[0], StoreError) and outcomes[1].id == "d2"
    assert [d.id for d in ledger.documents()] == ["d2"]


def test_records_must_belong_to_the_document(ledger):
    with pytest.raises(StoreError, match="other documents"):
        ledger.add_document(make_document("d1"), full_records("d9"))
    assert ledger.documents() == []


def test_file_ledger_uses_wal_and_persists(tmp_path):
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        assert ledger.journal_mode == "wal"
        ledger.add_document(make_document(), full_records())
    with Ledger(path) as reopened:
        assert reopened.quantities() == [full_records()[0]]
        assert reopened.schema_version == SCHEMA_VERSION


def test_empty_file_is_migrated(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Ledger(path) as ledger:
        assert ledger.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"documents", "claims", "events", "entities", "clusters", "cluster_members",
            "discrepancies", "discrepancy_claims", "corrections", "input_errors",
            "documents_fts"} <= tables


def test_text_file_is_not_a_ledger(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a SQLite claimledger ledger"):
        Ledger(path)


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a claimledger ledger"):
        Ledger(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this claimledger"):
        Ledger(path)


def test_full_text_search_finds_words_and_tolerates_syntax(ledger):
    ledger.add_document(make_document("d1"), [])
    ledger.add_document(make_document("d2", "Snow closed the mountain pass."), [])
    hits = ledger.search("residents fled")
    assert [doc for doc, _ in hits] == ["d1"]
    assert "[residents]" in hits[0][1]
    assert ledger.search('mountain-pass "OR') == []
    assert [doc for doc, _ in ledger.search("mountain")] == ["d2"]
    assert ledger.search("   ") == []


def test_discrepancies_are_replaced_as_a_whole(ledger):
    first = Discrepancy(measure="killed", subject="civilians",
                        claims=({"doc": "d1", "value": 12}, {"doc": "d2", "value": 13}),
                        note="values differ", reason="conflict", cluster="c1")
    ledger.replace_discrepancies([first, first])
    assert ledger.discrepancies() == [first, first]
    second = Discrepancy(measure="displaced", subject="", claims=(), note="one source")
    ledger.replace_discrepancies([second])
    assert ledger.discrepancies() == [second]
    assert ledger.stats()["discrepancies"] == 1


def test_input_errors_and_stats(ledger):
    ledger.add_document(make_document(), full_records())
    ledger.add_input_error("bad.jsonl:3", "no text field")
    errors = ledger.input_errors()
    assert [(e["origin"], e["message"]) for e in errors] == [("bad.jsonl:3", "no text field")]
    assert errors[0]["at"].startswith("20")
    assert ledger.stats() == {"documents": 1, "quantities": {"killed": 1}, "events": 1,
                              "entities": 1, "discrepancies": 0, "errors": 1}


def synthetic(index: int) -> tuple[Document, list]:
    text = f"Report {index}: " + " ".join(f"{n} people were killed in town {n}."
                                          for n in range(20))
    doc_id = f"s{index}"
    records = []
    for n in range(20):
        start, end, evidence = span(text, f"{n} people were killed in town {n}.")
        records.append(Quantity(doc=doc_id, start=start, end=end, evidence=evidence,
                                measure="killed", value=n))
    return Document(id=doc_id, text=text, content_hash=f"h{index}"), records


def test_add_document_cost(tmp_path):
    """Measures documents/second for 1,000 documents × 20 records (printed, not asserted)."""
    batch = [synthetic(i) for i in range(1000)]
    with Ledger(tmp_path / "bench.db") as ledger:
        began = time.perf_counter()
        for document, records in batch:
            ledger.add_document(document, records)
        elapsed = time.perf_counter() - began
        assert ledger.stats()["quantities"] == {"killed": 20_000}
    print(f"add_document: {len(batch) / elapsed:.0f} docs/s ({elapsed:.2f}s for 1000×20)")


def test_path_objects_and_strings_open_the_same_file(tmp_path):
    path: Path = tmp_path / "same.db"
    with Ledger(path) as ledger:
        ledger.add_document(make_document(), [])
    with Ledger(str(path)) as ledger:
        assert ledger.has_document("hash-d1")


def test_resolved_entities_follow_writes_from_any_connection(tmp_path):
    path = tmp_path / "entities.db"
    with Ledger(path) as reader, Ledger(path) as writer:
        writer.add_document(make_document("d1"), full_records("d1"))
        assert [e.doc for e in reader.entities()] == ["d1"]
        writer.add_document(make_document("d2"), full_records("d2"))
        assert [e.doc for e in reader.entities()] == ["d1", "d2"]
        assert [e.doc for e in reader.entities(doc="d2")] == ["d2"]
    path.unlink()
    Path(f"{path}-wal").unlink(missing_ok=True)
    with Ledger(path) as fresh:  # a new ledger at the same path starts empty
        assert fresh.entities() == []


def test_a_version_1_ledger_is_migrated_keeping_its_records(tmp_path):
    """Ledgers written before the typed tables keep every record and finding."""
    import json

    from claimledger.store import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    quantity, event, entity = full_records()
    conn.execute("INSERT INTO documents (id, content_hash, text, added_at) VALUES "
                 "('d1', 'h', ?, 'now')", (TEXT,))
    for kind, record in (("quantity", quantity), ("event", event), ("entity", entity)):
        conn.execute('INSERT INTO records (doc_id, kind, start, "end", payload) VALUES '
                     "('d1', ?, 0, 1, ?)", (kind, json.dumps(record.to_json())))
    finding = Discrepancy(measure="killed", subject="", claims=({"doc": "d1", "value": 3},),
                          note="n", reason="one_sided", cluster="c")
    conn.execute("INSERT INTO discrepancies (measure, subject, payload) VALUES ('killed', '', ?)",
                 (json.dumps(finding.to_json()),))
    conn.commit()
    conn.close()
    with Ledger(path) as ledger:
        assert ledger.schema_version == SCHEMA_VERSION
        assert ledger.quantities() == [quantity]
        assert ledger.events() == [event] and ledger.entities(resolved=False) == [entity]
        assert ledger.discrepancies() == [finding]
        row = ledger._rows("SELECT value, vague, id FROM claims")[0]
        assert (type(row["value"]), row["vague"], row["id"]) == (float, int(quantity.vague),
                                                                 quantity.id)


def test_a_record_field_added_since_the_file_was_made_gets_its_column(tmp_path):
    """Fields are added without a new schema version: opening the file adds their columns,
    so records with the field can be stored."""
    path = tmp_path / "ledger.db"
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP VIEW cluster_claims_view")
    conn.execute("DROP VIEW claims_view")
    conn.execute('ALTER TABLE claims DROP COLUMN "number_text"')
    conn.commit()
    conn.close()
    with Ledger(path) as ledger:
        text = "Officials said 12 people were killed."
        ledger.add_document(Document(id="a", text=text, content_hash="h-a"), [Quantity(
            doc="a", start=15, end=37, evidence=text[15:37], measure="killed", value=12,
            number_text="12")])
        assert ledger.quantities()[0].number_text == "12"
