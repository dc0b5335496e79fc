"""Write a ledger out as JSON Lines (the contract), CSV or Parquet (one table per kind).

JSONL is the interchange format that outside checks read: every line is a record's
``to_json()`` (plus additive fields: a claim's cluster and its corrections), and the
``document`` lines carry the text the spans index. CSV and Parquet are analysis tables
(``TABLES``): every claim row carries its outlet, URL and publication date; clusters, their
members and the claims of each discrepancy are tables of their own. Parquet is typed (dates
as dates, a discrepancy's claims as a list of structs); CSV is flat UTF-8, and its text
cells are made safe for spreadsheets (OWASP's CSV-injection rule: a cell starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'``) and hold one line
each (line breaks become spaces), so every record is one line of the file.
``docs/schema.md`` is generated from ``TABLES`` (``python -m claimledger.schema_doc``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from claimledger.corrections import claim_marks
from claimledger.crosssource.view import ClaimRef, Cluster, CrossSourceView
from claimledger.errors import ClaimledgerError
from claimledger.query import ClaimFilter, parse_day
from claimledger.records import Discrepancy, Document, Entity, Event, Incident, Quantity
from claimledger.store import Ledger

FORMATS = ("jsonl", "csv", "parquet")
DATE_FIELDS = frozenset({"published", "as_of", "date", "event_date", "first_date", "last_date"})
# The struct of one claim inside a discrepancy (Parquet list<struct>; CSV: its own table).
CLAIM_STRUCT: tuple[tuple[str, str], ...] = (
    ("id", "str"), ("doc", "str"), ("source", "str"), ("value", "float"), ("qualifier", "str"),
    ("low", "float"), ("high", "float"), ("claimant", "str"), ("as_of", "date"),
    ("evidence", "str"), ("start", "int"), ("end", "int"),
)
CORRECTION_STRUCT: tuple[tuple[str, str], ...] = (
    ("field", "str"), ("value", "str"), ("who", "str"), ("at", "str"), ("why", "str"),
)
_PROVENANCE = (("outlet", "str"), ("url", "str"), ("published", "date"))


@dataclass(frozen=True)
class Table:
    """One export table: leading columns, a dataclass's fields, trailing columns."""

    stem: str
    kind: str
    cls: type | None = None
    lead: tuple[tuple[str, str], ...] = ()
    tail: tuple[tuple[str, str], ...] = ()
    drop: tuple[str, ...] = ()

    def columns(self) -> list[tuple[str, str]]:
        """(name, type) with types str, int, float, bool, date, list[str], claims, corrections."""
        own = [] if self.cls is None else [
            (f.name, _type_of(f.name, str(f.type))) for f in fields(self.cls)
            if f.name not in self.drop]
        names = {n for n, _ in own}
        lead = [c for c in self.lead if c[0] not in names]
        return [("kind", "str"), *lead, *own, *[c for c in self.tail if c[0] not in names]]


def _type_of(name: str, annotation: str) -> str:
    base = annotation.replace(" | None", "").strip()
    if name in DATE_FIELDS:
        return "date"
    if base.startswith("tuple[str"):
        return "list[str]"
    if name == "claims" and base.startswith("tuple[dict"):
        return "claims"
    return base if base in ("str", "int", "float", "bool") else "str"


TABLES: dict[str, Table] = {t.stem: t for t in (
    Table("documents", "document", Document, tail=(("text_length", "int"),)),
    Table("quantities", "quantity", Quantity, lead=(("id", "str"),),
          tail=(*_PROVENANCE, ("cluster", "str"), ("corrected", "bool"),
                ("corrections", "corrections"))),
    Table("events", "event", Event, tail=_PROVENANCE),
    Table("entities", "entity", Entity, tail=(("outlet", "str"),)),
    Table("clusters", "cluster", Cluster, drop=("claims",),
          tail=(("claims", "int"), ("sources", "int"), ("claim_ids", "list[str]"))),
    Table("cluster_members", "cluster_member", ClaimRef, lead=(("cluster", "str"),
                                                                ("position", "int"))),
    Table("discrepancies", "discrepancy", Discrepancy, lead=(("id", "str"),),
          tail=(("claim_ids", "list[str]"),)),
    Table("discrepancy_claims", "discrepancy_claim", None,
          lead=(("discrepancy", "str"), ("position", "int"), *CLAIM_STRUCT)),
    Table("incidents", "incident", Incident),
)}


def discrepancy_id(discrepancy: Discrepancy) -> str:
    """Stable: the cluster, the reason and the ids of the claims it sets against each other."""
    import hashlib

    ids = ",".join(str(c.get("id") or f"{c.get('doc')}:{c.get('start')}")
                   for c in discrepancy.claims)
    text = f"{discrepancy.cluster}|{discrepancy.reason}|{ids}"
    return "d-" + hashlib.sha1(text.encode()).hexdigest()[:12]


def _clean(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return None
    return value


def _plain(item: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f.name: _clean(getattr(item, f.name)) for f in fields(item) if f.name not in skip}


def _provenance(document: Document | None) -> dict[str, Any]:
    if document is None:
        return {"outlet": None, "url": None, "published": None}
    return {"outlet": document.source, "url": document.url, "published": document.published}


def analysis_tables(view: CrossSourceView, marks: dict[str, list[dict[str, Any]]]
                    ) -> dict[str, list[dict[str, Any]]]:
    """Rows of every export table (values not yet typed for a format)."""
    docs = {d.id: d for d in view.documents}
    member_of = {ref.claim_id: c.id for c in view.clusters for ref in c.claims}
    found = [(discrepancy_id(d), d) for d in view.discrepancies]
    return {
        "documents": [{"kind": "document", **_plain(d), "text_length": len(d.text)}
                      for d in view.documents],
        "quantities": [{**q.to_json(), **_provenance(docs.get(q.doc)),
                        "cluster": member_of.get(q.id), "corrected": q.id in marks,
                        "corrections": marks.get(q.id, [])} for q in view.quantities],
        "events": [{**e.to_json(), **_provenance(docs.get(e.doc))} for e in view.events],
        "entities": [{**e.to_json(), "outlet": _provenance(docs.get(e.doc))["outlet"]}
                     for e in view.entities],
        "clusters": [{"kind": "cluster", **_plain(c, ("claims",)), "claims": len(c.claims),
                      "sources": len({r.source or r.doc for r in c.claims}),
                      "claim_ids": [r.claim_id for r in c.claims]} for c in view.clusters],
        "cluster_members": [{"kind": "cluster_member", "cluster": c.id, "position": i,
                             **_plain(r)} for c in view.clusters
                            for i, r in enumerate(c.claims)],
        "discrepancies": [{"id": ident, **d.to_json(),
                           "claim_ids": [c.get("id") for c in d.claims]} for ident, d in found],
        "discrepancy_claims": [{"kind": "discrepancy_claim", "discrepancy": ident,
                                "position": i, **claim} for ident, d in found
                               for i, claim in enumerate(d.claims)],
        "incidents": [i.to_json() for i in view.incidents],
    }


def ledger_tables(ledger: Ledger, wanted: ClaimFilter | None = None
                  ) -> dict[str, list[dict[str, Any]]]:
    """The export tables of a ledger as corrected, of the claims a filter keeps."""
    from claimledger.orchestrate import ledger_view

    return analysis_tables(ledger_view(ledger, wanted, framing=False, reuse=True),
                           claim_marks(ledger.corrections()))


def ledger_json(ledger: Ledger, wanted: ClaimFilter | None = None
                ) -> dict[str, list[dict[str, Any]]]:
    """Every record in contract form (plus additive fields), grouped by kind, in JSONL order."""
    from claimledger.orchestrate import ledger_view

    view = ledger_view(ledger, wanted, framing=False, reuse=True)
    tables = analysis_tables(view, claim_marks(ledger.corrections()))
    claims = []
    for row in tables["quantities"]:
        extra = {"cluster": row["cluster"]} if row["cluster"] else {}
        if row["corrected"]:
            extra.update(corrected=True, corrections=row["corrections"])
        claims.append({k: v for k, v in row.items() if k not in (
            "outlet", "url", "published", "cluster", "corrected", "corrections")} | extra)
    return {
        "document": [d.to_json() for d in view.documents],
        "quantity": claims,
        "event": [e.to_json() for e in view.events],
        "entity": [e.to_json() for e in view.entities],
        "cluster": tables["clusters"],
        "discrepancy": [{k: v for k, v in row.items() if k != "claim_ids"}
                        for row in tables["discrepancies"]],
        "incident": tables["incidents"],
    }


def export_ledger(ledger: Ledger, fmt: str, path: Path, wanted: ClaimFilter | None = None,
                  *, bom: bool = False) -> list[Path]:
    """Write the ledger to ``path`` (a file for jsonl, a folder otherwise); returns files.

    ``bom`` starts each CSV file with a UTF-8 byte-order mark (Excel then reads UTF-8).
    """
    writers: dict[str, Callable[[Ledger, Path, ClaimFilter | None], list[Path]]] = {
        "jsonl": lambda lg, p, w: write_jsonl(ledger_json(lg, w), p),
        "csv": lambda lg, p, w: write_csv(ledger_tables(lg, w), p, bom=bom),
        "parquet": lambda lg, p, w: write_parquet(ledger_tables(lg, w), p),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](ledger, Path(path), wanted)


def write_jsonl(records: dict[str, list[dict[str, Any]]], path: Path) -> list[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for rows in records.values():
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return [path]


def _flat_cell(value: Any) -> Any:
    """Lists of words become "a; b", structures JSON; then :func:`safe_cell`."""
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (dict, list)) for v in value):
            value = json.dumps(value, ensure_ascii=False)
        else:
            value = "; ".join("" if v is None else str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return safe_cell(value)


# OWASP CSV injection: cells a spreadsheet would read as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: one line, never a formula."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return _LINE_BREAKS.sub(" ", value)


def _correction_text(marks: list[dict[str, Any]]) -> str:
    return "; ".join(f"{m['field']}={m['value']} ({m['who'] or 'unsigned'}, {m['at']}"
                     f"{': ' + m['why'] if m['why'] else ''})" for m in marks)


def csv_columns(stem: str) -> list[tuple[str, str]]:
    """A table's CSV columns: nested claims are left to their own table (no JSON in cells),
    article texts to the JSONL and Parquet (a spreadsheet cell is no place for them)."""
    return [(n, t) for n, t in TABLES[stem].columns()
            if t != "claims" and not (stem == "documents" and n == "text")]


def write_csv(tables: dict[str, list[dict[str, Any]]], path: Path, *,
              bom: bool = False) -> list[Path]:
    path.mkdir(parents=True, exist_ok=True)
    written = []
    encoding = "utf-8-sig" if bom else "utf-8"
    for stem, rows in tables.items():
        target = path / f"{stem}.csv"
        columns = csv_columns(stem)
        with target.open("w", encoding=encoding, newline="") as out:
            writer = csv.writer(out)
            writer.writerow([n for n, _ in columns])
            for row in rows:
                writer.writerow([
                    safe_cell(_correction_text(row.get(n) or [])) if t == "corrections"
                    else _flat_cell(row.get(n)) for n, t in columns])
        written.append(target)
    return written


def _struct(spec: tuple[tuple[str, str], ...]) -> Any:
    import pyarrow as pa

    return pa.struct([(n, arrow_type(t)) for n, t in spec])


def arrow_type(kind: str) -> Any:
    import pyarrow as pa

    simple = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
              "date": pa.date32(), "list[str]": pa.list_(pa.string())}
    if kind in simple:
        return simple[kind]
    return pa.list_(_struct(CLAIM_STRUCT if kind == "claims" else CORRECTION_STRUCT))


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        try:
            return parse_day(str(value)[:10])
        except ClaimledgerError:
            return None
    if kind in ("claims", "corrections"):
        spec = CLAIM_STRUCT if kind == "claims" else CORRECTION_STRUCT
        return [{n: _typed(t, item.get(n)) for n, t in spec} for item in value]
    if kind == "str" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if kind == "float":
        return float(value)
    return value


def arrow_table(stem: str, rows: list[dict[str, Any]]) -> Any:
    """One typed Arrow table (the same schema whatever the rows, even none)."""
    import pyarrow as pa

    columns = TABLES[stem].columns()
    schema = pa.schema([(n, arrow_type(t)) for n, t in columns])
    data = {n: pa.array([_typed(t, row.get(n)) for row in rows], type=arrow_type(t))
            for n, t in columns}
    return pa.table(data, schema=schema)


def write_parquet(tables: dict[str, list[dict[str, Any]]], path: Path) -> list[Path]:
    import pyarrow.parquet as pq

    path.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, rows in tables.items():
        target = path / f"{stem}.parquet"
        pq.write_table(arrow_table(stem, rows), target)
        written.append(target)
    return written


__all__ = ["FORMATS", "FORMULA_STARTS", "TABLES", "arrow_table", "discrepancy_id",
           "export_ledger", "ledger_json", "ledger_tables", "safe_cell", "write_csv",
           "write_jsonl", "write_parquet"]
