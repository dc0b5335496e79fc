"""The SQLite ledger: documents, their records, cross-source findings and input errors.

One file (WAL mode) holds everything a run produced, so a later run resumes where the
last one stopped: each document is written in its own transaction, keyed by content
hash. Records are stored as their contract JSON plus a few indexed columns, which keeps
the schema stable when records gain optional fields.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from claimledger.entities import resolve_across_documents
from claimledger.errors import StoreError
from claimledger.records import (
    Discrepancy,
    Document,
    Entity,
    Event,
    Incident,
    Quantity,
    Record,
    record_from_json,
)

# Marks a database as a claimledger ledger ("CLGR"), so foreign SQLite files are refused.
APPLICATION_ID = 0x434C4752

RECORD_KINDS: dict[type, str] = {Quantity: "quantity", Event: "event", Entity: "entity"}


def _migration_1_initial(conn: sqlite3.Connection) -> None:
    """Documents, records (contract JSON + indexed columns), findings, errors, FTS."""
    statements = [
        """CREATE TABLE documents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            source TEXT, url TEXT, title TEXT, published TEXT,
            published_how TEXT NOT NULL DEFAULT 'none',
            origin TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL)""",
        """CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('quantity', 'event', 'entity')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            measure TEXT,
            date TEXT,
            label TEXT,
            payload TEXT NOT NULL)""",
        "CREATE INDEX records_kind_doc ON records(kind, doc_id)",
        "CREATE INDEX records_measure ON records(measure) WHERE measure IS NOT NULL",
        """CREATE TABLE discrepancies (
            id INTEGER PRIMARY KEY,
            measure TEXT NOT NULL,
            subject TEXT NOT NULL,
            payload TEXT NOT NULL)""",
        """CREATE TABLE input_errors (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL)""",
        """CREATE VIRTUAL TABLE documents_fts USING fts5(
            text, content='documents', content_rowid='seq')""",
    ]
    for statement in statements:
        conn.execute(statement)


def _migration_2_incidents(conn: sqlite3.Connection) -> None:
    """Incidents (the events figures count) and, per quantity, the incident it counts."""
    conn.execute("""CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        payload TEXT NOT NULL)""")
    conn.execute("ALTER TABLE records ADD COLUMN incident TEXT")


# Applied in order; the schema version is the number of migrations applied.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migration_1_initial, _migration_2_incidents,
)
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _record_row(record: Record) -> tuple[Any, ...]:
    kind = RECORD_KINDS.get(type(record))
    if kind is None:
        raise StoreError(f"cannot store a {type(record).__name__}: not a Quantity, Event or Entity")
    payload = record.to_json()
    return (record.doc, kind, record.start, record.end, payload.get("measure"),
            payload.get("date"), payload.get("label"),
            json.dumps(payload, ensure_ascii=False))


def _document_from_row(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"], text=row["text"], content_hash=row["content_hash"],
        source=row["source"], url=row["url"], title=row["title"],
        published=row["published"], published_how=row["published_how"], origin=row["origin"],
    )


def _with_incident(payload: dict[str, Any], incident: str | None) -> dict[str, Any]:
    """A quantity's stored incident id goes into its contract form."""
    if incident:
        payload["incident"] = incident
    return payload


def _fts_query(query: str) -> str:
    """Quote every word so user text ("killed-wounded", "Mr.") is never FTS syntax."""
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)


class Ledger:
    """A claim ledger in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the ledger ({err})") from err
        self._conn.row_factory = sqlite3.Row
        try:
            self._prepare()
        except sqlite3.DatabaseError as err:
            self._conn.close()
            raise StoreError(f"{self.path}: not a SQLite claimledger ledger ({err})") from err
        except StoreError:
            self._conn.close()
            raise

    # -- opening and migrations -------------------------------------------------------

    def _prepare(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._check_identity()
        self._conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL stays consistent on a crash; only the last commits may be lost.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _check_identity(self) -> None:
        version = self._pragma("user_version")
        app_id = self._pragma("application_id")
        if version == 0 and app_id == 0:
            tables = self._conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path}: a SQLite database, but not a claimledger "
                                 "ledger; give a new file name with --db")
            return
        if app_id != APPLICATION_ID:
            raise StoreError(f"{self.path}: a SQLite database, but not a claimledger ledger; "
                             "give a new file name with --db")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: ledger schema version {version} is newer than this "
                             f"claimledger supports ({SCHEMA_VERSION}); upgrade claimledger")

    def _pragma(self, name: str) -> int:
        return int(self._conn.execute(f"PRAGMA {name}").fetchone()[0])

    def _migrate(self) -> None:
        version = self._pragma("user_version")
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction() as conn:
                migration(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self._pragma("user_version")

    @property
    def journal_mode(self) -> str:
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, or ROLLBACK of everything written inside on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- documents ----------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        rows = self._rows("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,))
        return bool(rows)

    def add_document(self, document: Document, records: Sequence[Record]) -> bool:
        """Store one document with its records; False (nothing written) if already stored."""
        rows = [_record_row(r) for r in records]
        stray = {row[0] for row in rows} - {document.id}
        if stray:
            raise StoreError(f"document {document.id}: records point at other documents "
                             f"{sorted(stray)}")
        try:
            with self._transaction() as conn:
                if self._stored(conn, document):
                    return False
                seq = self._insert_document(conn, document)
                conn.execute("INSERT INTO documents_fts(rowid, text) VALUES (?, ?)",
                             (seq, document.text))
                conn.executemany(
                    'INSERT INTO records (doc_id, kind, start, "end", measure, date, label, '
                    "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as err:
            raise StoreError(f"document {document.id}: not stored ({err})") from err
        return True

    def _stored(self, conn: sqlite3.Connection, document: Document) -> bool:
        found = conn.execute("SELECT content_hash FROM documents WHERE content_hash = ? "
                             "OR id = ?", (document.content_hash, document.id)).fetchall()
        if any(row[0] == document.content_hash for row in found):
            return True
        if found:
            raise StoreError(f"document id {document.id!r} is already stored with different "
                             "text; give the article another id")
        return False

    @staticmethod
    def _insert_document(conn: sqlite3.Connection, document: Document) -> int:
        cursor = conn.execute(
            "INSERT INTO documents (id, content_hash, text, source, url, title, published, "
            "published_how, origin, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document.id, document.content_hash, document.text, document.source,
             document.url, document.title, document.published, document.published_how,
             document.origin, _now()))
        return int(cursor.lastrowid or 0)

    def documents(self) -> list[Document]:
        return [_document_from_row(r) for r in self._rows("SELECT * FROM documents ORDER BY seq")]

    def document(self, doc_id: str) -> Document | None:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return _document_from_row(rows[0]) if rows else None

    # -- records ------------------------------------------------------------------------

    def _records(self, kind: str, doc: str | None) -> list[Any]:
        sql = "SELECT payload, incident FROM records WHERE kind = ?"
        params: list[Any] = [kind]
        if doc is not None:
            sql += " AND doc_id = ?"
            params.append(doc)
        rows = self._rows(sql + " ORDER BY id", params)
        return [record_from_json(_with_incident(json.loads(r["payload"]), r["incident"]))
                for r in rows]

    def quantities(self, doc: str | None = None) -> list[Quantity]:
        return self._records("quantity", doc)

    def events(self, doc: str | None = None) -> list[Event]:
        return self._records("event", doc)

    def entities(self, doc: str | None = None, resolved: bool = True) -> list[Entity]:
        """Entity mentions; resolved ones share canonical ids across documents."""
        if not resolved:
            return self._records("entity", doc)
        entities = resolve_across_documents(self._records("entity", None))
        return [e for e in entities if doc is None or e.doc == doc]

    # -- cross-source findings and input errors -----------------------------------------

    def replace_discrepancies(self, items: Sequence[Discrepancy]) -> None:
        """The cross-source step recomputes findings over the whole ledger: replace all."""
        rows = [(d.measure, d.subject, json.dumps(d.to_json(), ensure_ascii=False))
                for d in items]
        with self._transaction() as conn:
            conn.execute("DELETE FROM discrepancies")
            conn.executemany("INSERT INTO discrepancies (measure, subject, payload) "
                             "VALUES (?, ?, ?)", rows)

    def replace_incidents(self, incidents: Sequence[Incident],
                          quantities: Sequence[Quantity]) -> None:
        """Store the resolved incidents and each quantity's incident (recomputed as a whole)."""
        rows = [(i.id, i.label, json.dumps(i.to_json(), ensure_ascii=False)) for i in incidents]
        links = [(q.incident or None, q.doc, q.start, q.end, q.measure) for q in quantities]
        with self._transaction() as conn:
            conn.execute("DELETE FROM incidents")
            conn.executemany("INSERT INTO incidents (id, label, payload) VALUES (?, ?, ?)", rows)
            conn.execute("UPDATE records SET incident = NULL WHERE kind = 'quantity'")
            conn.executemany(
                "UPDATE records SET incident = ? WHERE kind = 'quantity' AND doc_id = ? "
                'AND start = ? AND "end" = ? AND measure = ?', links)

    def incidents(self) -> list[Incident]:
        rows = self._rows("SELECT payload FROM incidents ORDER BY rowid")
        return [record_from_json(json.loads(r["payload"])) for r in rows]  # type: ignore[misc]

    def discrepancies(self) -> list[Discrepancy]:
        rows = self._rows("SELECT payload FROM discrepancies ORDER BY id")
        return [record_from_json(json.loads(r["payload"])) for r in rows]  # type: ignore[misc]

    def add_input_error(self, origin: str, message: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT INTO input_errors (origin, message, at) VALUES (?, ?, ?)",
                         (origin, message, _now()))

    def input_errors(self) -> list[dict[str, str]]:
        rows = self._rows("SELECT origin, message, at FROM input_errors ORDER BY id")
        return [dict(r) for r in rows]

    # -- search and summary -------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search over article text: (doc id, snippet with [matches])."""
        match = _fts_query(query)
        if not match:
            return []
        rows = self._rows(
            "SELECT d.id, snippet(documents_fts, 0, '[', ']', '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit))
        return [(r["id"], r["snip"]) for r in rows]

    def stats(self) -> dict[str, Any]:
        """Counts for the CLI summary: documents, quantities per measure, events, …"""
        measures = self._rows("SELECT measure, count(*) AS n FROM records WHERE kind = "
                              "'quantity' GROUP BY measure ORDER BY n DESC, measure")
        kinds = dict(self._rows("SELECT kind, count(*) FROM records GROUP BY kind"))
        return {
            "documents": self._count("documents"),
            "quantities": {r["measure"]: r["n"] for r in measures},
            "events": kinds.get("event", 0),
            "entities": kinds.get("entity", 0),
            "discrepancies": self._count("discrepancies"),
            "errors": self._count("input_errors"),
        }

    def _count(self, table: str) -> int:
        return int(self._rows(f"SELECT count(*) FROM {table}")[0][0])

    # -- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


__all__ = ["Ledger", "MIGRATIONS", "SCHEMA_VERSION", "APPLICATION_ID"]
