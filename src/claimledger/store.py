"""The SQLite ledger: documents, their records, cross-source findings and input errors.

One file (WAL mode) holds everything a run produced, so a later run resumes where the
last one stopped: each document is written in its own transaction, keyed by content
hash. Records are stored as their contract JSON plus a few indexed columns, which keeps
the schema stable when records gain optional fields.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
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


def _migration_3_change_counter(conn: sqlite3.Connection) -> None:
    """A counter bumped by every write transaction: caches key on data, not on file times."""
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    conn.execute("INSERT INTO meta (key, value) VALUES ('changes', 0)")


# Applied in order; the schema version is the number of migrations applied.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migration_1_initial, _migration_2_incidents, _migration_3_change_counter,
)
SCHEMA_VERSION = len(MIGRATIONS)


# Resolved entities per ledger file (path, device, inode) → (change counter, entities).
_RESOLVED: dict[tuple[str, int, int], tuple[int, list[Entity]]] = {}
_RESOLVED_LOCK = threading.Lock()

# How long one connection waits for another's write lock (creation, a document) before
# giving up; a second process opening or creating the same ledger waits rather than fails.
BUSY_TIMEOUT_S = 30.0
MEMORY = ":memory:"


@dataclass(frozen=True)
class Stored:
    """What ``add_document`` did: ``id`` is where the document now lives (None: already
    stored, nothing written); ``renamed_from`` / ``replaced`` say how a clashing id went."""

    id: str | None
    renamed_from: str | None = None
    replaced: bool = False

    def __bool__(self) -> bool:
        return self.id is not None


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


# A search reads at most this many words of at most this many characters in all: the
# cost of an FTS5 match grows with its terms, and nobody types more into a search box.
MAX_SEARCH_TERMS = 16
MAX_SEARCH_CHARS = 400
# SQLite virtual-machine steps one search may take (about a second's work); past them the
# query is interrupted, so no request, abandoned or not, keeps a thread busy for long.
SEARCH_STEP_BUDGET = 50_000_000
_PROGRESS_EVERY = 10_000
_CONTROL = {c: " " for c in range(32)} | {0x7F: " "}


def _fts_query(query: str) -> str:
    """Quote every word so user text ("killed-wounded", "Mr.") is never FTS syntax; control
    characters (a NUL) are spaces, and words past the caps are dropped."""
    words = query[:MAX_SEARCH_CHARS].translate(_CONTROL).split()[:MAX_SEARCH_TERMS]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _retry_busy(action: Callable[[], Any], attempts: int = 5) -> Any:
    """Run ``action``, retrying when another process holds the lock past the busy timeout."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


def _free_id(conn: sqlite3.Connection, doc_id: str) -> str:
    """``id~2``, ``id~3``, …: the first version number no stored document uses."""
    prefix = f"{doc_id}~"
    taken = {row[0] for row in conn.execute(
        "SELECT id FROM documents WHERE substr(id, 1, ?) = ?", (len(prefix), prefix))}
    number = 2
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _delete_document(conn: sqlite3.Connection, seq: int, text: str) -> None:
    """Remove one stored document, its records (cascade) and its full-text entry."""
    conn.execute("INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', ?, ?)",
                 (seq, text))
    conn.execute("DELETE FROM documents WHERE seq = ?", (seq,))


class Ledger:
    """A claim ledger in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        """Open (``create=True``: or create) the ledger at ``path``.

        Read commands pass ``create=False``: a mistyped path then fails with "no ledger at
        PATH" instead of leaving an empty ledger behind.
        """
        self.path = str(path)
        self._lock = threading.RLock()
        if not create and (self.path == MEMORY or not Path(self.path).is_file()):
            raise StoreError(f"no ledger at {self.path}; build one with "
                             "`claimledger analyze INPUT --db LEDGER.db`")
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the ledger ({err})") from err
        self._conn.row_factory = sqlite3.Row
        try:
            self._prepare(create)
        except sqlite3.DatabaseError as err:
            self._conn.close()
            raise StoreError(f"{self.path}: not a SQLite claimledger ledger ({err})") from err
        except StoreError:
            self._conn.close()
            raise

    # -- opening and migrations -------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        if not self._check_identity() and not create:
            raise StoreError(f"no ledger at {self.path} (an empty database); build one with "
                             "`claimledger analyze INPUT --db LEDGER.db`")
        _retry_busy(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
        # In WAL mode NORMAL stays consistent on a crash; only the last commits may be lost.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        if self._pragma("user_version") < SCHEMA_VERSION:
            _retry_busy(self._migrate)

    def _check_identity(self) -> bool:
        """Refuse foreign or newer databases; True when this already is a ledger."""
        version = self._pragma("user_version")
        app_id = self._pragma("application_id")
        if version == 0 and app_id == 0:
            tables = self._conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path}: a SQLite database, but not a claimledger "
                                 "ledger; give a new file name with --db")
            return False
        if app_id != APPLICATION_ID:
            raise StoreError(f"{self.path}: a SQLite database, but not a claimledger ledger; "
                             "give a new file name with --db")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: ledger schema version {version} is newer than this "
                             f"claimledger supports ({SCHEMA_VERSION}); upgrade claimledger")
        return True

    def _pragma(self, name: str) -> int:
        return int(self._conn.execute(f"PRAGMA {name}").fetchone()[0])

    def _migrate(self) -> None:
        """All pending migrations in one exclusive transaction, the version read inside it:
        two processes creating one ledger at once migrate it once, the other one waits."""
        with self._lock:
            self._conn.execute("BEGIN EXCLUSIVE")
            try:
                self._check_identity()
                version = self._pragma("user_version")
                for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                    migration(self._conn)
                    self._conn.execute(f"PRAGMA user_version = {number}")
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._pragma("user_version")

    @property
    def journal_mode(self) -> str:
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, or ROLLBACK of everything written inside on any error.

        A transaction that changed any row bumps the change counter (:meth:`change_counter`).
        """
        with self._lock:
            _retry_busy(lambda: self._conn.execute("BEGIN IMMEDIATE"))
            changes = self._conn.total_changes
            try:
                yield self._conn
                if self._conn.total_changes != changes:
                    self._conn.execute(
                        "UPDATE meta SET value = value + 1 WHERE key = 'changes'")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def change_counter(self) -> int:
        """A number that changes whenever any process commits a write to this ledger.

        Key caches on it (the web UI's cross-source view): file times change when a reader
        merely opens the ledger (the WAL file is re-created), the counter only with data.
        """
        return int(self._rows("SELECT value FROM meta WHERE key = 'changes'")[0][0])

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- documents ----------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        rows = self._rows("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,))
        return bool(rows)

    def add_document(self, document: Document, records: Sequence[Record], *,
                     on_same_id: str = "refuse") -> Stored:
        """Store one document with its records in one transaction.

        Already stored (same content hash): nothing is written, the result is falsy. An id
        already stored with different text (an edited article) is, by ``on_same_id``:
        ``"refuse"`` (StoreError), ``"rename"`` (stored as ``id~2``, ``id~3``, …) or
        ``"replace"`` (the stored version and its records are deleted first).
        """
        if on_same_id not in ("refuse", "rename", "replace"):
            raise ValueError(f"on_same_id must be refuse, rename or replace: {on_same_id!r}")
        rows = [_record_row(r) for r in records]
        stray = {row[0] for row in rows} - {document.id}
        if stray:
            raise StoreError(f"document {document.id}: records point at other documents "
                             f"{sorted(stray)}")
        try:
            with self._transaction() as conn:
                return self._write_document(conn, document, records, rows, on_same_id)
        except sqlite3.Error as err:
            raise StoreError(f"document {document.id}: not stored ({err})") from err

    def _write_document(self, conn: sqlite3.Connection, document: Document,
                        records: Sequence[Record], rows: list[tuple[Any, ...]],
                        on_same_id: str) -> Stored:
        found = conn.execute("SELECT seq, content_hash, text FROM documents WHERE "
                             "content_hash = ? OR id = ?",
                             (document.content_hash, document.id)).fetchall()
        if any(row["content_hash"] == document.content_hash for row in found):
            return Stored(None)
        outcome = Stored(document.id)
        if found and on_same_id == "refuse":
            raise StoreError(f"document id {document.id!r} is already stored with different "
                             "text; give the article another id")
        if found and on_same_id == "replace":
            _delete_document(conn, found[0]["seq"], found[0]["text"])
            outcome = Stored(document.id, replaced=True)
        elif found:
            new_id = _free_id(conn, document.id)
            outcome = Stored(new_id, renamed_from=document.id)
            document = replace(document, id=new_id)
            rows = [_record_row(replace(r, doc=new_id)) for r in records]
        seq = self._insert_document(conn, document)
        conn.execute("INSERT INTO documents_fts(rowid, text) VALUES (?, ?)",
                     (seq, document.text))
        conn.executemany(
            'INSERT INTO records (doc_id, kind, start, "end", measure, date, label, '
            "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return outcome

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
        return [e for e in self._resolved_entities() if doc is None or e.doc == doc]

    def _resolved_entities(self) -> list[Entity]:
        """Resolution spans every document, so one document's page would redo the whole
        ledger's: the result is kept per ledger file until its change counter moves."""
        if self.path == MEMORY:
            return resolve_across_documents(self._records("entity", None))
        try:
            info = os.stat(self.path)
        except OSError:
            return resolve_across_documents(self._records("entity", None))
        key = (os.path.realpath(self.path), info.st_dev, info.st_ino)
        counter = self.change_counter()
        with _RESOLVED_LOCK:
            hit = _RESOLVED.get(key)
        if hit is not None and hit[0] == counter:
            return hit[1]
        entities = resolve_across_documents(self._records("entity", None))
        with _RESOLVED_LOCK:
            _RESOLVED[key] = (counter, entities)
        return entities

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
        steps = [0]

        def over_budget() -> int:
            steps[0] += _PROGRESS_EVERY
            return int(steps[0] > SEARCH_STEP_BUDGET)

        with self._lock:
            self._conn.set_progress_handler(over_budget, _PROGRESS_EVERY)
            try:
                rows = self._conn.execute(
                    "SELECT d.id, snippet(documents_fts, 0, '[', ']', '…', 16) AS snip "
                    "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                    "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()
            except sqlite3.OperationalError as err:
                raise StoreError(f"search stopped ({err}); try fewer or rarer words") from err
            finally:
                self._conn.set_progress_handler(None, 0)
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


__all__ = ["Ledger", "MIGRATIONS", "SCHEMA_VERSION", "APPLICATION_ID", "Stored"]
