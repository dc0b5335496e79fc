"""The SQLite ledger: documents, their records, cross-source findings, corrections, errors.

One file (WAL mode) holds everything a run produced, so a later run resumes where the
last one stopped: each batch of documents is written in one transaction (a savepoint per
document), keyed by content hash. Records live in typed tables (``schema.py``) that gain a
column when a record gains a field; hand corrections live in their own table and are
applied on every read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from claimledger import schema
from claimledger.corrections import Correction, apply_corrections, excluded_documents
from claimledger.crosssource.groups import Reused as StoredReuse
from claimledger.crosssource.groups import Stored as StoredGroups
from claimledger.crosssource.groups import split_by_incident
from claimledger.crosssource.view import ClaimRef, Cluster
from claimledger.entities import resolve_across_documents
from claimledger.errors import StoreError
from claimledger.query import ClaimFilter
from claimledger.records import (
    Discrepancy,
    Document,
    Entity,
    Event,
    Incident,
    Quantity,
    Record,
    claim_id,
    record_from_json,
)

# Marks a database as a claimledger ledger ("CLGR"), so foreign SQLite files are refused.
APPLICATION_ID = 0x434C4752


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


def _migration_4_relational(conn: sqlite3.Connection) -> None:
    """Typed tables per record kind (no JSON payloads), clusters, discrepancies with their
    claims, corrections and views; existing records and discrepancies are carried over."""
    records = [record_from_json(_with_incident(json.loads(r[0]), r[1])) for r in
               conn.execute("SELECT payload, incident FROM records ORDER BY id")]
    findings = [record_from_json(json.loads(r[0])) for r in
                conn.execute("SELECT payload FROM discrepancies ORDER BY id")]
    conn.execute("DROP TABLE records")
    conn.execute("DROP TABLE discrepancies")
    for spec in (*schema.RECORD_TABLES.values(), *schema.DERIVED_TABLES):
        schema.create_table(conn, spec)
    schema.create_discrepancy_claims(conn)
    for statement in (
        "CREATE UNIQUE INDEX claims_id ON claims(id)",
        "CREATE INDEX claims_doc ON claims(doc)",
        "CREATE INDEX claims_measure ON claims(measure)",
        "CREATE INDEX events_doc ON events(doc)",
        "CREATE INDEX entities_doc ON entities(doc)",
        "CREATE INDEX cluster_members_claim ON cluster_members(claim_id)",
        "CREATE INDEX discrepancy_claims_of ON discrepancy_claims(discrepancy)",
        """CREATE TABLE corrections (
            seq INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            action TEXT NOT NULL,
            field TEXT,
            value TEXT,
            who TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            why TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX corrections_target ON corrections(target)",
    ):
        conn.execute(statement)
    schema.create_views(conn)
    _insert_records(conn, records)  # type: ignore[arg-type]
    _insert_discrepancies(conn, findings)  # type: ignore[arg-type]


def _migration_5_group_prints(conn: sqlite3.Connection) -> None:
    """Per incident, the fingerprint of the claims its stored clusters were computed from
    (``crosssource/groups.py``): a refresh aligns again only the incidents that changed."""
    conn.execute("CREATE TABLE cross_source_groups (incident TEXT PRIMARY KEY, "
                 "fingerprint TEXT NOT NULL)")


# Applied in order; the schema version is the number of migrations applied.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migration_1_initial, _migration_2_incidents, _migration_3_change_counter,
    _migration_4_relational, _migration_5_group_prints,
)
SCHEMA_VERSION = len(MIGRATIONS)


# Resolved entities per ledger file (path, device, inode) → (documents version, entities).
_RESOLVED: dict[tuple[str, int, int], tuple[tuple[int, int], list[Entity]]] = {}
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


def _check_records(document: Document, records: Sequence[Any]) -> None:
    """Refuse, before anything is written, what is not a record of this document."""
    for record in records:
        if type(record) not in schema.RECORD_TABLES:
            raise StoreError(f"cannot store a {type(record).__name__}: not a Quantity, Event or "
                             "Entity")
    stray = {r.doc for r in records} - {document.id}
    if stray:
        raise StoreError(f"document {document.id}: records point at other documents "
                         f"{sorted(stray)}")


def _insert_records(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    """Claims are stored with the id of their span as stored (a record moved by ``replace``,
    e.g. out of a text chunk, carries its old id until here)."""
    for cls, spec in schema.RECORD_TABLES.items():
        items = [r for r in records if type(r) is cls]
        if cls is Quantity:
            items = [_with_span_id(q) for q in items]
        if items:
            verb = "INSERT OR IGNORE" if cls is Quantity else "INSERT"  # one row per claim id
            schema.insert_rows(conn, spec, items, verb=verb)


def _with_span_id(quantity: Quantity) -> Quantity:
    """The claim with the id of its span as stored; copied only when that id differs."""
    span_id = claim_id(quantity.doc, quantity.start, quantity.end, quantity.measure)
    return quantity if quantity.id == span_id else replace(quantity, id=span_id)


def _insert_discrepancies(conn: sqlite3.Connection, items: Sequence[Discrepancy]) -> None:
    for item in items:
        schema.insert_rows(conn, schema.DISCREPANCIES, [item])
        seq = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        conn.executemany(
            f"INSERT INTO discrepancy_claims VALUES "
            f"({', '.join('?' for _ in schema.DISCREPANCY_CLAIM_COLUMNS)})",
            [schema.discrepancy_claim_row(seq, i, c) for i, c in enumerate(item.claims)])


def _insert_members(conn: sqlite3.Connection, clusters: Sequence[Cluster]) -> None:
    members = [(c.id, i, ref) for c in clusters for i, ref in enumerate(c.claims)]
    schema.insert_rows(conn, schema.CLUSTER_MEMBERS, [m[2] for m in members],
                       lead=[m[:2] for m in members])
def _write_findings(conn: sqlite3.Connection, clusters: Sequence[Cluster],
                    discrepancies: Sequence[Discrepancy], kept: frozenset[str]) -> None:
    """Cluster rows and findings are few and rewritten; the claims of a cluster in ``kept``
    (taken as stored, unchanged) stay, the others' are written again."""
    for table in ("discrepancy_claims", "discrepancies", "clusters"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM cluster_members WHERE cluster NOT IN "
                 "(SELECT value FROM json_each(?))", (json.dumps(sorted(kept)),))
    schema.insert_rows(conn, schema.CLUSTERS, clusters)
    _insert_members(conn, [c for c in clusters if c.id not in kept])
    _insert_discrepancies(conn, discrepancies)


def _write_incidents(conn: sqlite3.Connection, incidents: Sequence[Incident],
                     quantities: Sequence[Quantity]) -> None:
    """Incidents are few and rewritten; a claim's incident is written when it changed."""
    rows = [(i.id, i.label, json.dumps(i.to_json(), ensure_ascii=False)) for i in incidents]
    conn.execute("DELETE FROM incidents")
    conn.executemany("INSERT INTO incidents (id, label, payload) VALUES (?, ?, ?)", rows)
    now = {q.id: q.incident or "" for q in quantities}
    was = dict(conn.execute("SELECT id, coalesce(incident, '') FROM claims").fetchall())
    conn.executemany("UPDATE claims SET incident = ? WHERE id = ?",
                     [(now.get(i, ""), i) for i, old in was.items() if now.get(i, "") != old])


def _write_prints(conn: sqlite3.Connection, prints: Mapping[str, str]) -> None:
    conn.execute("DELETE FROM cross_source_groups")
    conn.executemany("INSERT INTO cross_source_groups (incident, fingerprint) VALUES (?, ?)",
                     sorted(prints.items()))


def _meta(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def _count_change(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'changes'")


def _set_cross_source_at(conn: sqlite3.Connection, counter: int) -> None:
    """The change counter the stored findings are current for (checked before a recompute)."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('cross_source_at', ?)",
                 (counter,))


_DOCUMENT_COLUMNS = ("seq", "id", "content_hash", "text", "source", "url", "title", "published",
                     "published_how", "origin", "added_at")


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
        if not _retry_busy(self._identity_snapshot) and not create:
            raise StoreError(f"no ledger at {self.path} (an empty database); build one with "
                             "`claimledger analyze INPUT --db LEDGER.db`")
        _retry_busy(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
        # In WAL mode NORMAL stays consistent on a crash; only the last commits may be lost.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        if self._pragma("user_version") < SCHEMA_VERSION or schema.missing_columns(self._conn):
            _retry_busy(self._migrate)  # also a record field added since this file was made

    def _identity_snapshot(self) -> bool:
        """:meth:`_check_identity` inside one read transaction: its reads (version, id,
        tables) must see one snapshot, or a ledger another process creates between two of
        them looks like a foreign database with tables and no version."""
        self._conn.execute("BEGIN")
        try:
            return self._check_identity()
        finally:
            self._conn.execute("COMMIT")

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
                missing = schema.missing_columns(self._conn)  # record fields added since
                for statement in missing:
                    self._conn.execute(statement)
                if missing:
                    schema.create_views(self._conn)
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
    def _writes(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, or ROLLBACK of everything written inside on any error."""
        with self._lock:
            _retry_busy(lambda: self._conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """:meth:`_writes` that bumps the change counter (:meth:`change_counter`) when it
        changed any row."""
        with self._writes() as conn:
            changes = conn.total_changes
            yield conn
            if conn.total_changes != changes:
                _count_change(conn)

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
        [outcome] = self.add_documents([(document, records)], on_same_id=on_same_id)
        if isinstance(outcome, StoreError):
            raise outcome
        return outcome

    def add_documents(self, items: Sequence[tuple[Document, Sequence[Record]]], *,
                      on_same_id: str = "refuse") -> list[Stored | StoreError]:
        """:meth:`add_document` for a batch, in one transaction: one commit (one append to
        the WAL, one FTS segment) for the batch instead of one per document. Each document
        is written in a savepoint of its own: one that cannot be stored is rolled back
        alone and its StoreError stands in its place. A crash before the commit loses the
        batch, not what earlier commits stored; a re-run stores it (none twice)."""
        if on_same_id not in ("refuse", "rename", "replace"):
            raise ValueError(f"on_same_id must be refuse, rename or replace: {on_same_id!r}")
        with self._writes() as conn:
            return [self._add_one(conn, document, records, on_same_id)
                    for document, records in items]

    def _add_one(self, conn: sqlite3.Connection, document: Document, records: Sequence[Record],
                 on_same_id: str) -> Stored | StoreError:
        """One document in its own savepoint; a change bumps the change counter once, as a
        transaction of its own would."""
        try:
            _check_records(document, records)
        except StoreError as error:
            return error
        conn.execute("SAVEPOINT document")
        changes = conn.total_changes
        try:
            stored = self._write_document(conn, document, records, on_same_id)
        except (StoreError, sqlite3.Error) as error:
            conn.execute("ROLLBACK TO document")
            conn.execute("RELEASE document")
            if isinstance(error, StoreError):
                return error
            return StoreError(f"document {document.id}: not stored ({error})")
        if conn.total_changes != changes:
            _count_change(conn)
        conn.execute("RELEASE document")
        return stored

    def _write_document(self, conn: sqlite3.Connection, document: Document,
                        records: Sequence[Record], on_same_id: str) -> Stored:
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
            records = [replace(r, doc=new_id) for r in records]
        seq = self._insert_document(conn, document)
        conn.execute("INSERT INTO documents_fts(rowid, text) VALUES (?, ?)",
                     (seq, document.text))
        _insert_records(conn, records)
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

    def documents(self, include_excluded: bool = False, texts: bool = True) -> list[Document]:
        """The documents, less those a correction excluded (off-topic) unless asked;
        ``texts=False`` leaves their texts out (empty), for work that reads none."""
        columns = "*" if texts else ", ".join(
            "'' AS text" if name == "text" else name for name in _DOCUMENT_COLUMNS)
        documents = [_document_from_row(r) for r in self._rows(f"SELECT {columns} FROM "
                                                                "documents ORDER BY seq")]
        if include_excluded:
            return documents
        excluded = self.excluded_documents()
        return [d for d in documents if d.id not in excluded]

    def document(self, doc_id: str) -> Document | None:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return _document_from_row(rows[0]) if rows else None

    def documents_named(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among ``ids`` (excluded ones too), by id: a look-up by key."""
        wanted = json.dumps(sorted(set(ids)))
        rows = self._rows("SELECT * FROM documents WHERE id IN (SELECT value FROM "
                          "json_each(?))", (wanted,))
        return {row["id"]: _document_from_row(row) for row in rows}

    # -- records ------------------------------------------------------------------------

    def claims_named(self, ids: Iterable[str]) -> dict[str, Quantity]:
        """The claims among ``ids`` as extracted (no correction applied), by id."""
        found = self._built(schema.CLAIMS, "SELECT * FROM claims WHERE id IN (SELECT value "
                            "FROM json_each(?))", [json.dumps(sorted(set(ids)))])
        return {q.id: q for q in found}

    def _built(self, spec: schema.TableSpec, sql: str, params: Sequence[Any],
               group_by: str | None = None) -> Any:
        """Records of a ``SELECT *`` (grouped by a column's value when asked)."""
        with self._lock:
            cursor = self._conn.cursor()
            cursor.row_factory = None  # tuples: schema.build_all reads them by position
            cursor.execute(sql, params)
            if group_by is None:
                return schema.build_all(spec, cursor)
            return schema.build_grouped(spec, cursor, group_by)

    def _records(self, spec: schema.TableSpec, doc: str | None) -> list[Any]:
        sql, params = f"SELECT * FROM {spec.name}", []
        if doc is not None:
            sql, params = sql + " WHERE doc = ?", [doc]
        return self._built(spec, sql + " ORDER BY seq", params)

    def quantities(self, doc: str | None = None, corrected: bool = True) -> list[Quantity]:
        """Quantity claims; ``corrected`` applies the corrections table (rejections drop)."""
        claims = self._records(schema.CLAIMS, doc)
        if not corrected:
            return claims
        return apply_corrections(claims, self.corrections())

    def claims(self, **filters: Any) -> list[Quantity]:
        """Corrected claims a filter keeps: ``measure``, ``source``, ``claimant``, ``incident``,
        ``doc`` (a value or a list each), ``since`` / ``until`` (ISO days)."""
        wanted = ClaimFilter.of(**filters)
        documents = {d.id: d for d in self.documents()}
        return [q for q in self.quantities() if q.doc in documents and (
            wanted.empty or wanted.claim_matches(q, documents[q.doc]))]

    def table(self, name: str, **filters: Any) -> Any:
        """One export table (``documents``, ``quantities``, ``clusters``, ``discrepancies``, …)
        as a typed ``pyarrow.Table``, of the claims the filters keep."""
        from claimledger.export import TABLES, arrow_table, ledger_tables

        if name not in TABLES:
            raise StoreError(f"no table {name!r}; one of {', '.join(TABLES)}")
        return arrow_table(name, ledger_tables(self, ClaimFilter.of(**filters))[name])

    def events(self, doc: str | None = None) -> list[Event]:
        excluded = self.excluded_documents()
        return [e for e in self._records(schema.EVENTS, doc) if e.doc not in excluded]

    def entities(self, doc: str | None = None, resolved: bool = True) -> list[Entity]:
        """Entity mentions; resolved ones share canonical ids across documents."""
        if not resolved:
            return self._records(schema.ENTITIES, doc)
        return [e for e in self._resolved_entities() if doc is None or e.doc == doc]

    def _resolved_entities(self) -> list[Entity]:
        """Resolution spans every document, so one document's page would redo the whole
        ledger's: the result is kept per ledger file until its change counter moves."""
        if self.path == MEMORY:
            return resolve_across_documents(self._records(schema.ENTITIES, None))
        try:
            info = os.stat(self.path)
        except OSError:
            return resolve_across_documents(self._records(schema.ENTITIES, None))
        key = (os.path.realpath(self.path), info.st_dev, info.st_ino)
        version = self._documents_version()
        with _RESOLVED_LOCK:  # one resolution at a time: others wait for it, not redo it
            hit = _RESOLVED.get(key)
            if hit is None or hit[0] != version:
                hit = (version, resolve_across_documents(self._records(schema.ENTITIES, None)))
                _RESOLVED[key] = hit
        return hit[1]

    def _documents_version(self) -> tuple[int, int]:
        """Changes whenever a document (and so its entities) is added, replaced or removed,
        and with nothing else: a correction or a refresh leaves the resolved entities be."""
        row = self._rows("SELECT count(*), coalesce(max(seq), 0) FROM documents")[0]
        return int(row[0]), int(row[1])

    # -- corrections --------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> Correction:
        """Record a hand correction; it holds for every later read and re-run."""
        stored = correction.stamped(_now())
        with self._transaction() as conn:
            conn.execute("INSERT INTO corrections (target, action, field, value, who, at, why) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", stored.row())
        return stored

    def corrections(self) -> list[Correction]:
        rows = self._rows("SELECT target, action, field, value, who, at, why FROM corrections "
                          "ORDER BY seq")
        return [Correction.from_row(tuple(r)) for r in rows]

    def excluded_documents(self) -> set[str]:
        return excluded_documents(self.corrections())

    # -- cross-source findings and input errors -----------------------------------------

    def store_cross_source(self, incidents: Sequence[Incident], quantities: Sequence[Quantity],
                           clusters: Sequence[Cluster], discrepancies: Sequence[Discrepancy],
                           *, read_at: int, prints: Mapping[str, str] | None = None,
                           kept: frozenset[str] = frozenset()) -> None:
        """Store findings computed from the data as of change counter ``read_at``, in one
        transaction; they are marked current (:meth:`cross_source_current`) unless another
        write came in since ``read_at``, so a later run recomputes what they missed.
        ``prints`` (incident → fingerprint of its claims) let the next refresh reuse the
        clusters of unchanged incidents; ``kept`` names clusters read from the store as
        they are (their claims are not written again)."""
        with self._transaction() as conn:
            _write_incidents(conn, incidents, quantities)
            _write_findings(conn, clusters, discrepancies, kept)
            _write_prints(conn, prints or {})
            if _meta(conn, "changes") == read_at:
                _set_cross_source_at(conn, read_at + 1)  # the bump this commit makes

    def stored_groups(self, findings: bool = True) -> StoredGroups:
        """The last refresh's fingerprints per incident, and a reader of its clusters (and
        ``findings``) by incident, for a refresh that aligns only the incidents changed
        since. Readers whose findings must be as computed (exports) take clusters only."""
        prints = dict(self._rows("SELECT incident, fingerprint FROM cross_source_groups"))
        if findings:
            return StoredGroups(prints, self._stored_clusters)
        return StoredGroups(prints, lambda incidents: (self._stored_clusters(incidents)[0], {}))

    def _stored_clusters(self, incidents: Iterable[str]) -> StoredReuse:
        wanted = json.dumps(sorted(set(incidents)))
        rows = self._rows("SELECT * FROM clusters WHERE incident IN (SELECT value FROM "
                          "json_each(?)) ORDER BY seq", (wanted,))
        members = self._members("WHERE cluster IN (SELECT id FROM clusters WHERE incident IN "
                                "(SELECT value FROM json_each(?)))", (wanted,))
        clusters = [schema.build(schema.CLUSTERS, row, claims=tuple(members.get(row["id"], ())))
                    for row in rows]
        findings: dict[str, list[Discrepancy]] = defaultdict(list)
        for item in self.discrepancies():
            findings[item.cluster].append(item)
        return split_by_incident(clusters), findings

    def cross_source_current(self) -> bool:
        """True when the stored findings were computed from the data as it is now."""
        with self._lock:
            return _meta(self._conn, "cross_source_at") == _meta(self._conn, "changes")

    def replace_discrepancies(self, items: Sequence[Discrepancy]) -> None:
        """Replace the discrepancies alone (clusters kept)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM discrepancy_claims")
            conn.execute("DELETE FROM discrepancies")
            _insert_discrepancies(conn, items)

    def incidents(self) -> list[Incident]:
        rows = self._rows("SELECT payload FROM incidents ORDER BY rowid")
        return [record_from_json(json.loads(r["payload"])) for r in rows]  # type: ignore[misc]

    def discrepancies(self) -> list[Discrepancy]:
        claims: dict[int, list[dict[str, Any]]] = {}
        for row in self._rows("SELECT * FROM discrepancy_claims ORDER BY discrepancy, position"):
            claims.setdefault(row["discrepancy"], []).append(schema.discrepancy_claim_dict(row))
        return [schema.build(schema.DISCREPANCIES, row, claims=tuple(claims.get(row["seq"], ())))
                for row in self._rows("SELECT * FROM discrepancies ORDER BY seq")]

    def clusters(self) -> list[Cluster]:
        """Stored clusters with their claims (as of the last analysis or correction)."""
        members = self._members()
        return [schema.build(schema.CLUSTERS, row, claims=tuple(members.get(row["id"], ())))
                for row in self._rows("SELECT * FROM clusters ORDER BY seq")]

    def _members(self, where: str = "", params: Sequence[Any] = ()) -> dict[str, list[ClaimRef]]:
        return self._built(schema.CLUSTER_MEMBERS, f"SELECT * FROM cluster_members {where} "
                           "ORDER BY cluster, position", params, group_by="cluster")

    def add_input_error(self, origin: str, message: str) -> None:
        with self._transaction() as conn:
            current = _meta(conn, "cross_source_at") == _meta(conn, "changes")
            conn.execute("INSERT INTO input_errors (origin, message, at) VALUES (?, ?, ?)",
                         (origin, message, _now()))
            if current:  # an input error changes no finding
                _set_cross_source_at(conn, _meta(conn, "changes") + 1)

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
        measures = self._rows("SELECT measure, count(*) AS n FROM claims "
                              "GROUP BY measure ORDER BY n DESC, measure")
        return {
            "documents": self._count("documents"),
            "quantities": {r["measure"]: r["n"] for r in measures},
            "events": self._count("events"),
            "entities": self._count("entities"),
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
