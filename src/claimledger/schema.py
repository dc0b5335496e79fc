"""The relational shape of the ledger: typed SQLite tables derived from the record dataclasses.

Every contract field of a record is a typed column of its table (numbers as REAL/INTEGER,
flags as 0/1, lists as JSON arrays), so `sqlite3`, datasette and DuckDB see plain columns
rather than JSON blobs. Tables follow the dataclasses: a record field added later becomes
a column the next time a ledger is opened (:func:`sync_columns`), so old ledgers keep up.
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache, partial
from operator import attrgetter
from typing import Any

from claimledger.corrections import SETTABLE
from claimledger.crosssource.view import ClaimRef, Cluster
from claimledger.records import Discrepancy, Entity, Event, Quantity


@dataclass(frozen=True)
class TableSpec:
    """One ledger table built from a dataclass: extra leading columns, then the fields."""

    name: str
    cls: type
    lead: tuple[tuple[str, str], ...] = ()  # (column, SQL declaration) before the fields
    skip: tuple[str, ...] = ()  # fields stored elsewhere (a discrepancy's claims)
    doc: str = ""

    def field_columns(self) -> list[tuple[str, str]]:
        return [(f.name, sql_type(str(f.type))) for f in fields(self.cls)
                if f.name not in self.skip]

    def columns(self) -> list[str]:
        return [name for name, _ in self.lead if name != "seq"] + [
            name for name, _ in self.field_columns()]


_DOC = "REFERENCES documents(id) ON DELETE CASCADE"

# Record tables, one per kind; `doc` references the document each record comes from.
CLAIMS = TableSpec("claims", Quantity, (("seq", "INTEGER PRIMARY KEY"),),
                   doc="Quantity claims, one row per mention (`id` is stable).")
EVENTS = TableSpec("events", Event, (("seq", "INTEGER PRIMARY KEY"),),
                   doc="Dated events on the timeline.")
ENTITIES = TableSpec("entities", Entity, (("seq", "INTEGER PRIMARY KEY"),),
                     doc="Entity mentions with their canonical id across documents.")
RECORD_TABLES: dict[type, TableSpec] = {Quantity: CLAIMS, Event: EVENTS, Entity: ENTITIES}

# Cross-source tables, recomputed over the whole ledger after every analysis or correction.
CLUSTERS = TableSpec("clusters", Cluster, (("seq", "INTEGER PRIMARY KEY"),), skip=("claims",),
                     doc="Claims that count the same thing, with best / low / high.")
CLUSTER_MEMBERS = TableSpec(
    "cluster_members", ClaimRef,
    (("cluster", "TEXT NOT NULL"), ("position", "INTEGER NOT NULL")),
    doc="The claims of each cluster (`claim_id` joins `claims.id`); lo/hi are the "
        "interval a qualifier implies (NULL when open).")
DISCREPANCIES = TableSpec("discrepancies", Discrepancy, (("seq", "INTEGER PRIMARY KEY"),),
                          skip=("claims",),
                          doc="Where sources disagree within a cluster, with a reason.")
# A discrepancy's claims: the keys of a contract claim dict, typed; others go to `extra`.
DISCREPANCY_CLAIM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("discrepancy", "INTEGER NOT NULL REFERENCES discrepancies(seq) ON DELETE CASCADE"),
    ("position", "INTEGER NOT NULL"), ("id", "TEXT"), ("doc", "TEXT"), ("source", "TEXT"),
    ("value", "REAL"), ("qualifier", "TEXT"), ("low", "REAL"), ("high", "REAL"),
    ("claimant", "TEXT"), ("as_of", "TEXT"), ("evidence", "TEXT"), ("start", "INTEGER"),
    ("end", "INTEGER"), ("extra", "TEXT"),
)
DERIVED_TABLES = (CLUSTERS, CLUSTER_MEMBERS, DISCREPANCIES)

def _latest(target: str, actions: str, column: str = "action") -> str:
    return (f"(SELECT {column} FROM corrections WHERE target = {target} AND action IN "
            f"({actions}) ORDER BY seq DESC LIMIT 1)")


def _corrected_column(name: str) -> str:
    latest = (f"(SELECT json_extract(value, '$') FROM corrections WHERE target = c.id AND "
              f"action = 'set' AND field = '{name}' ORDER BY seq DESC LIMIT 1)")
    return f"COALESCE({latest}, c.{quote(name)}) AS {quote(name)}"


def views() -> dict[str, str]:
    """Views for people who query the file directly: claims as corrected (rejected claims and
    excluded documents left out) with their outlet, URL and dates; cluster members likewise."""
    columns = [quote(n) for n in CLAIMS.columns()]
    corrected = [_corrected_column(n.strip('"')) if n.strip('"') in SETTABLE
                 else f"c.{n}" for n in columns]
    rejected = _latest("c.id", "'reject', 'restore'")
    excluded = _latest("c.doc", "'exclude', 'include'")
    kept = f"{rejected} IS NOT 'reject' AND {excluded} IS NOT 'exclude'"
    changed = "EXISTS (SELECT 1 FROM corrections WHERE target = c.id AND action = 'set')"
    return {
        "claims_view": f"""CREATE VIEW claims_view AS
            SELECT {', '.join(corrected)}, {changed} AS corrected,
                   d.source AS outlet, d.url AS url, d.title AS title, d.published AS published
            FROM claims c JOIN documents d ON d.id = c.doc WHERE {kept}""",
        "cluster_claims_view": """CREATE VIEW cluster_claims_view AS
            SELECT m.cluster, k.best, k.low AS cluster_low, k.high AS cluster_high,
                   k.best_rule, v.*
            FROM cluster_members m JOIN clusters k ON k.id = m.cluster
            JOIN claims_view v ON v.id = m.claim_id""",
    }


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_type(annotation: str) -> str:
    """SQLite column type for a dataclass annotation (lists and dicts are JSON text)."""
    base = annotation.replace(" | None", "").strip()
    return {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT"}.get(base, "JSON")


def create_table(conn: sqlite3.Connection, spec: TableSpec) -> None:
    columns = [f"{quote(n)} {d}" for n, d in spec.lead]
    for name, kind in spec.field_columns():
        reference = f" {_DOC}" if name == "doc" and spec.cls in RECORD_TABLES else ""
        columns.append(f"{quote(name)} {'TEXT' if kind == 'JSON' else kind}{reference}")
    conn.execute(f"CREATE TABLE {spec.name} ({', '.join(columns)})")


def create_discrepancy_claims(conn: sqlite3.Connection) -> None:
    columns = ", ".join(f"{quote(n)} {d}" for n, d in DISCREPANCY_CLAIM_COLUMNS)
    conn.execute(f"CREATE TABLE discrepancy_claims ({columns})")


def create_views(conn: sqlite3.Connection) -> None:
    for name in reversed(list(views())):
        conn.execute(f"DROP VIEW IF EXISTS {name}")
    for statement in views().values():
        conn.execute(statement)


def missing_columns(conn: sqlite3.Connection) -> list[str]:
    """ALTER statements adding a column for every record field the file lacks (fields are
    only ever added, so an older ledger gains them when a newer claimledger opens it)."""
    statements = []
    for spec in (*RECORD_TABLES.values(), *DERIVED_TABLES):
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({spec.name})")}
        for name, kind in spec.field_columns():
            if name not in present:
                declared = "TEXT" if kind == "JSON" else kind
                statements.append(f"ALTER TABLE {spec.name} ADD COLUMN {quote(name)} {declared}")
    return statements


def to_sql(value: Any) -> Any:
    """A field value as stored: flags 0/1, lists/dicts JSON, infinite bounds NULL."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def from_sql(annotation: str, value: Any) -> Any:
    base = annotation.replace(" | None", "").strip()
    if value is None:
        return math.inf if base == "float" and annotation == "float" else None
    if base == "bool":
        return bool(value)
    if base.startswith("tuple"):
        return tuple(json.loads(value))
    if base.startswith(("dict", "list")):
        return json.loads(value)
    return value


def insert_rows(conn: sqlite3.Connection, spec: TableSpec, items: Iterable[Any],
                lead: Iterable[tuple[Any, ...]] | None = None, verb: str = "INSERT") -> None:
    """Insert dataclass instances (with per-row values for the non-seq lead columns)."""
    plan = _insert_plan(spec, verb)
    rows = [plan.row(item) for item in items]
    if lead is not None:
        rows = [(*head, *row) for head, row in zip(lead, rows, strict=True)]
    conn.executemany(plan.sql, rows)


@dataclass(frozen=True)
class _InsertPlan:
    """A table's INSERT statement and how a row is read from a dataclass: all fields in one
    ``attrgetter`` call, then a writer on the few that are not text or whole numbers
    (flags, floats, lists), instead of a getattr and a type test per value."""

    sql: str
    read: Callable[[Any], tuple[Any, ...]]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, writer)

    def row(self, item: Any) -> tuple[Any, ...]:
        values = self.read(item)
        if not isinstance(values, tuple):  # attrgetter of a single field
            values = (values,)
        if not self.converted:
            return values
        written = list(values)
        for index, write in self.converted:
            written[index] = write(written[index])
        return tuple(written)


@lru_cache(maxsize=256)
def _insert_plan(spec: TableSpec, verb: str) -> _InsertPlan:
    names = spec.columns()
    stored = [f for f in fields(spec.cls) if f.name not in spec.skip]
    return _InsertPlan(
        sql=(f"{verb} INTO {spec.name} ({', '.join(quote(n) for n in names)}) "
             f"VALUES ({', '.join('?' for _ in names)})"),
        read=attrgetter(*(f.name for f in stored)),
        converted=tuple((i, _writer(str(f.type))) for i, f in enumerate(stored)
                        if not _plain(str(f.type))))


def _plain(annotation: str) -> bool:
    """A text or whole-number field: ``to_sql`` would return its values unchanged."""
    return annotation.replace(" | None", "").strip() in ("str", "int")


def _writer(annotation: str) -> Callable[[Any], Any]:
    """:func:`to_sql`, or for a tuple of texts its JSON once per distinct tuple."""
    return _texts_to_sql if annotation == "tuple[str, ...]" else to_sql


def _texts_to_sql(value: Any) -> Any:
    return _tuple_json(value) if type(value) is tuple else to_sql(value)


@lru_cache(maxsize=65536)
def _tuple_json(value: tuple[str, ...]) -> str:
    """``to_sql`` of a tuple of texts, written once per distinct tuple: an entity's aliases
    and an event's actors repeat across a ledger's rows."""
    return to_sql(value)


def _identity(value: Any) -> Any:
    return value


_SHARED_TEXT_LIMIT = 80


def _shared_text(value: Any) -> Any:
    """Short texts (names, kinds, ids, an entity's words) repeat across many rows: one
    shared copy each (``sys.intern``) instead of one per row keeps a large ledger small."""
    if isinstance(value, str) and len(value) <= _SHARED_TEXT_LIMIT:
        return sys.intern(value)
    return value


def _converter(annotation: str) -> Callable[[Any], Any]:
    """``from_sql`` for one annotation, with a plain pass-through for text and numbers that
    may be NULL (most columns), so loading a large ledger does no per-value type parsing."""
    base = annotation.replace(" | None", "").strip()
    if base == "str":
        return _shared_text
    if base == "int" or (base == "float" and annotation != "float"):
        return _identity
    if base.startswith("tuple"):
        return _tuple_from_sql
    return partial(from_sql, annotation)


@lru_cache(maxsize=65536)
def _tuple_from_sql(value: Any) -> tuple | None:
    """A JSON list as a tuple; one parse per distinct text (a place's aliases repeat in every
    mention of it, and the tuples, immutable, can be shared)."""
    return None if value is None else tuple(json.loads(value))


@lru_cache(maxsize=256)
def _reader(spec: TableSpec, keys: tuple[str, ...]) -> tuple[tuple[str, Callable], ...]:
    present = set(keys)
    return tuple((f.name, _converter(str(f.type))) for f in fields(spec.cls)
                 if f.name in present and f.name not in spec.skip)


def _row_maker(spec: TableSpec, cursor: sqlite3.Cursor) -> tuple[dict[str, int], Callable]:
    names = tuple(column[0] for column in cursor.description)
    where = {name: index for index, name in enumerate(names)}
    reader = [(name, where[name], convert) for name, convert in _reader(spec, names)]
    cls = spec.cls
    return where, lambda row: cls(**{name: convert(row[index])
                                     for name, index, convert in reader})


def build_all(spec: TableSpec, cursor: sqlite3.Cursor) -> list[Any]:
    """The dataclasses of every row of an executed ``SELECT *`` (plain tuples read by
    position: a large table loads without a name look-up per value)."""
    _, make = _row_maker(spec, cursor)
    return [make(row) for row in cursor]


def build_grouped(spec: TableSpec, cursor: sqlite3.Cursor, column: str) -> dict[Any, list[Any]]:
    """:func:`build_all` grouped by one column's value (a cluster's members by its id)."""
    where, make = _row_maker(spec, cursor)
    grouped: dict[Any, list[Any]] = {}
    for row in cursor:
        grouped.setdefault(row[where[column]], []).append(make(row))
    return grouped


def build(spec: TableSpec, row: sqlite3.Row, **given: Any) -> Any:
    """The dataclass of a row; ``given`` supplies the skipped fields (a cluster's claims)."""
    values = {name: convert(row[name]) for name, convert in _reader(spec, tuple(row.keys()))}
    return spec.cls(**values, **given)


def discrepancy_claim_row(seq: int, position: int, claim: dict[str, Any]) -> tuple[Any, ...]:
    known = [n for n, _ in DISCREPANCY_CLAIM_COLUMNS[2:-1]]
    extra = {k: v for k, v in claim.items() if k not in known}
    return (seq, position, *(to_sql(claim.get(n)) for n in known),
            json.dumps(extra, ensure_ascii=False) if extra else None)


def discrepancy_claim_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A discrepancy's claim in contract form: empty keys left out, whole numbers as ints."""
    claim = {n: row[n] for n, _ in DISCREPANCY_CLAIM_COLUMNS[2:-1] if row[n] is not None}
    for key in ("value", "low", "high"):
        if isinstance(claim.get(key), float) and claim[key].is_integer():
            claim[key] = int(claim[key])
    claim.update(json.loads(row["extra"]) if row["extra"] else {})
    return claim


def all_tables() -> dict[str, list[str]]:
    """Table → columns of a freshly created ledger (used by the schema page and its test)."""
    conn = sqlite3.connect(":memory:")
    from claimledger.store import MIGRATIONS

    for migration in MIGRATIONS:
        migration(conn)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
        "'documents_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    return {n: [r[1] for r in conn.execute(f"PRAGMA table_info({n})")] for n in names}
