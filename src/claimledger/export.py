"""Write a ledger out as JSON Lines (the contract), CSV or Parquet (one file per kind).

JSONL is the interchange format that outside checks read: every line is a record's
``to_json()``, and the ``document`` lines carry the text the spans index. CSV and Parquet
are for spreadsheets and dataframes, so their columns are flat. CSV text cells are made safe
for spreadsheets (OWASP's CSV-injection rule: a cell starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return gets a leading ``'``, so it is never run as a formula) and hold one
line each (line breaks become spaces), so every record is one line of the file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from claimledger.records import Discrepancy, Document, Entity, Event, Incident, Quantity
from claimledger.store import Ledger

FORMATS = ("jsonl", "csv", "parquet")
# Kind → (file stem, dataclass): the column order of CSV and Parquet files.
TABLES: dict[str, tuple[str, type]] = {
    "document": ("documents", Document),
    "quantity": ("quantities", Quantity),
    "event": ("events", Event),
    "entity": ("entities", Entity),
    "discrepancy": ("discrepancies", Discrepancy),
    "incident": ("incidents", Incident),
}


def ledger_json(ledger: Ledger) -> dict[str, list[dict[str, Any]]]:
    """Every record in contract form, grouped by kind, in the order the JSONL writes them."""
    return {
        "document": [d.to_json() for d in ledger.documents()],
        "quantity": [q.to_json() for q in ledger.quantities()],
        "event": [e.to_json() for e in ledger.events()],
        "entity": [e.to_json() for e in ledger.entities(resolved=True)],
        "discrepancy": [d.to_json() for d in ledger.discrepancies()],
        "incident": [i.to_json() for i in ledger.incidents()],
    }


def export_ledger(ledger: Ledger, fmt: str, path: Path, *, bom: bool = False) -> list[Path]:
    """Write the ledger to ``path`` (a file for jsonl, a folder otherwise); returns files.

    ``bom`` starts each CSV file with a UTF-8 byte-order mark (Excel then reads UTF-8).
    """
    writers: dict[str, Callable[[dict[str, list[dict[str, Any]]], Path], list[Path]]] = {
        "jsonl": write_jsonl, "csv": lambda records, out: write_csv(records, out, bom=bom),
        "parquet": write_parquet,
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](ledger_json(ledger), Path(path))


def write_jsonl(records: dict[str, list[dict[str, Any]]], path: Path) -> list[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for rows in records.values():
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return [path]


def _columns(kind: str) -> list[str]:
    _, cls = TABLES[kind]
    names = [f.name for f in fields(cls)]
    if kind == "document":
        names = ["text_length" if n == "text" else n for n in names]
    return ["kind", *names]


def _flat_cell(value: Any) -> Any:
    """Lists become "a; b"; dicts and lists of dicts become JSON; scalars stay."""
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (dict, list)) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


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


def _csv_rows(kind: str, rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for row in rows:
        if kind == "document":
            row = {**row, "text_length": len(row["text"])}
            del row["text"]
        yield {key: safe_cell(_flat_cell(value)) for key, value in row.items()}


def write_csv(records: dict[str, list[dict[str, Any]]], path: Path, *,
              bom: bool = False) -> list[Path]:
    path.mkdir(parents=True, exist_ok=True)
    written = []
    encoding = "utf-8-sig" if bom else "utf-8"
    for kind, rows in records.items():
        target = path / f"{TABLES[kind][0]}.csv"
        with target.open("w", encoding=encoding, newline="") as out:
            writer = csv.DictWriter(out, fieldnames=_columns(kind), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(_csv_rows(kind, rows))
        written.append(target)
    return written


def _arrow_type(annotation: str) -> Any:
    """Arrow type for a dataclass field annotation, so every export has one stable schema."""
    import pyarrow as pa

    base = annotation.replace(" | None", "")
    simple = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
              "tuple[str, ...]": pa.list_(pa.string())}
    return simple.get(base, pa.string())  # anything else (claims) travels as JSON text


def _parquet_table(kind: str, rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    typed = [(f.name, _arrow_type(str(f.type))) for f in fields(TABLES[kind][1])]
    schema = pa.schema([("kind", pa.string()), *typed])
    columns = {}
    for name, arrow_type in [("kind", pa.string()), *typed]:
        values = [row.get(name) for row in rows]
        if arrow_type == pa.string():
            values = [v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                      for v in values]
        columns[name] = pa.array(values, type=arrow_type)
    return pa.table(columns, schema=schema)


def write_parquet(records: dict[str, list[dict[str, Any]]], path: Path) -> list[Path]:
    import pyarrow.parquet as pq

    path.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, rows in records.items():
        target = path / f"{TABLES[kind][0]}.parquet"
        pq.write_table(_parquet_table(kind, rows), target)
        written.append(target)
    return written


__all__ = ["FORMATS", "export_ledger", "safe_cell", "ledger_json", "write_csv", "write_jsonl",
           "write_parquet"]
