"""Generate docs/schema.md from the code: the ledger's SQLite tables and the export tables.

Every column name has one meaning wherever it appears, stated once in ``COLUMNS``; a test
fails when a table gains a column that is not described here. Regenerate the page with
``python -m claimledger.schema_doc > docs/schema.md``.
"""

from __future__ import annotations

import sys

COLUMNS: dict[str, str] = {
    "action": "what a correction does: reject, restore, set, move, exclude, include, merge",
    "actors": "who acted in the event (JSON array in SQLite, `; `-joined in CSV)",
    "added_at": "when the document entered the ledger (UTC, ISO)",
    "aliases_seen": "the names this entity was written as",
    "as_of": "the date the figure refers to (ISO day), if the text gives one",
    "at": "when (UTC, ISO)",
    "best": "the cluster's best estimate (UCDP-style; see docs/alignment.md)",
    "best_rule": "one line: which claim gave `best` and why",
    "canonical": "the entity's canonical name",
    "canonical_id": "`geonames:…`, `person:…`, `org:…`: one id per real entity",
    "claim_id": "the claim's stable id (joins `claims.id` / `quantities.id`)",
    "claim_ids": "ids of the claims in this cluster or discrepancy",
    "claimant": "who asserts the figure (person, ministry, side, outlet, wire)",
    "claimant_kind": "person, organisation, government, side, outlet, wire, document, unnamed",
    "claimant_side": "the country or side the claimant speaks for, empty if neutral/unknown",
    "claimant_text": "the claimant as written in the text",
    "claims": "number of claims (clusters); the claims themselves, list<struct> (Parquet "
              "discrepancies)",
    "cluster": "the cluster id the claim belongs to",
    "cluster_high": "the cluster's high estimate",
    "cluster_low": "the cluster's low estimate",
    "content_hash": "hash of the text: analysing the same text again stores it once",
    "corrected": "true when a hand correction changed this claim",
    "corrections": "what was corrected: field, value, who, at, why (list<struct> in Parquet, "
                   "text in CSV)",
    "country_code": "ISO country code of a place",
    "date": "the event's date (ISO day)",
    "date_how": "how the date was found: absolute, relative, anaphoric, weekday",
    "date_start": "character offset of `date_text` in the document",
    "date_text": "the date as written",
    "discrepancy": "the discrepancy this claim belongs to (`seq` in SQLite, `id` in exports)",
    "doc": "the document id (joins `documents.id`)",
    "end": "end character offset of the evidence in the document text",
    "era": "current, or background (an earlier war or event)",
    "event_date": "the first date among the cluster's claims",
    "evidence": "the exact text the record rests on: `text[start:end]`",
    "extra": "any other keys of a discrepancy's claim (JSON)",
    "fingerprint": "a hash of the claims (and code) an incident's stored clusters were "
                   "computed from: a refresh aligns only incidents whose hash changed",
    "field": "the field a correction sets",
    "hi": "upper bound the qualifier implies (NULL when open: 'at least 200')",
    "high": "upper figure of a range, or the cluster's high estimate",
    "id": "stable id: document id, claim id (`q-` + hash of doc, span and measure), cluster "
          "id, discrepancy id (`d-` + hash)",
    "country": "ISO country code of the incident's place",
    "documents": "ids of the documents that report the incident",
    "first_date": "the incident's first date (ISO day)",
    "last_date": "the incident's last date (ISO day)",
    "incident": "the resolved incident id (joins `incidents.id`)",
    "incident_country": "ISO country of the incident cue's place, else the article's",
    "incident_cue": "where the incident cue came from: sentence, previous (the sentence before, "
                    "in its paragraph), article, or empty",
    "incident_date": "the date attached to the incident word (ISO, maybe YYYY-MM)",
    "incident_distinct": "true for a sub-event named apart ('aftershock')",
    "incident_place": "the place attached to the incident word",
    "incident_town": "the place the incident word itself names ('the strike on X')",
    "incident_site": "the kind of site the incident word names ('station', 'theatre')",
    "count_window": "the span of time a figure counts over, as its sentence states it: "
                    "'since:2021-07' (a running total from a stated start), 'day:2021-08-26' "
                    "(one day's flow of an ongoing event), or empty",
    "increment": "true for an addition told with the total it raises ('12,500 on Thursday, "
                 "raising the total to 105,000'): new since the last report, not a rival toll",
    "starting": "true for the level a change started from ('rose to 34 from 16', 'down from the "
                "1,000'): an earlier step of the figure, not a rival of the new one",
    "incident_trigger": "the word naming the incident ('quake', 'strike')",
    "incident_type": "earthquake, attack, armed_conflict, displacement, …",
    "payload": "the incident in contract JSON",
    "place": "the incident's place",
    "triggers": "the words its articles use for the incident, most used first",
    "docs": "ids of the documents that report the incident",
    "rank": "1 = the most telling discrepancy of the ledger, then 2, …",
    "key": "a ledger setting's name (`meta`: `changes` counts write transactions)",
    "kind": "record kind, as in the JSONL contract",
    "label": "place, country, person or organisation",
    "lo": "lower bound the qualifier implies",
    "location": "the place named with the figure or event",
    "low": "lower figure of a range or vague amount, or the cluster's low estimate",
    "measure": "killed, wounded, missing, captured, displaced, population, personnel, "
               "destroyed, seized, or other:NAME",
    "message": "what went wrong reading the input",
    "note": "the discrepancy in words",
    "number_text": "the number as written ('some 204')",
    "origin": "where the document came from (file and line)",
    "outlet": "the document's outlet (`documents.source`)",
    "position": "order within its cluster or discrepancy",
    "published": "the document's publication date (ISO day; a date in Parquet)",
    "published_how": "input, dateline, first_published, html_meta, option or none",
    "qualifier": "exact, about, at_least, more_than, at_most, less_than, up_to, range",
    "reason": "conflict, different_claimants, revised, precision, one_sided, …",
    "seq": "insertion order (SQLite row id)",
    "source": "the outlet that published the document",
    "sources": "number of distinct outlets in the cluster",
    "start": "start character offset of the evidence in the document text",
    "subject": "whose losses or what the figure counts",
    "subject_role": "military, civilian, separatist, peacekeeper, people, or empty",
    "subject_side": "the country or group of the subject, empty if unknown",
    "subject_text": "the subject as written",
    "target": "what a correction applies to: a claim id, a document id or an incident id",
    "text": "the article text as given; offsets index it",
    "text_length": "length of the text in characters",
    "title": "the headline",
    "type": "attack, ceasefire, talks, agreement, arrest, withdrawal, protest, dissolution, "
            "displacement, statement, other",
    "url": "the document's URL",
    "vague": "true for vague amounts ('hundreds'); 0/1 in SQLite",
    "value": "the figure (the lower one of a range); for a correction, the new value (JSON)",
    "who": "who made the correction",
    "window": "a cluster's counting window (a series since a stated start, one day's flow, "
              "a stock of people present), as in `count_window`; empty when none is stated",
    "why": "why the correction was made",
}


def sqlite_tables() -> dict[str, list[str]]:
    from claimledger.schema import all_tables

    return all_tables()


def export_tables() -> dict[str, list[tuple[str, str]]]:
    from claimledger.export import TABLES

    return {stem: table.columns() for stem, table in TABLES.items()}


def undocumented() -> list[str]:
    """Columns with no description (the test wants none)."""
    names = {n for cols in sqlite_tables().values() for n in cols}
    names |= {n for cols in export_tables().values() for n, _ in cols}
    return sorted(names - set(COLUMNS))


def render() -> str:
    from claimledger.export import csv_columns
    from claimledger.schema import DERIVED_TABLES, RECORD_TABLES

    docs = {s.name: s.doc for s in (*RECORD_TABLES.values(), *DERIVED_TABLES)}
    lines = [
        "# Ledger and export schema",
        "",
        "Generated from the code by `python -m claimledger.schema_doc`; do not edit by hand.",
        "",
        "## The SQLite ledger",
        "",
        "Typed tables (no JSON blobs): open the file with `sqlite3`, datasette or DuckDB. "
        "`claims_view` is the claims as corrected (rejected claims and excluded documents "
        "left out), with outlet, URL and dates; `cluster_claims_view` joins each cluster's "
        "members to it. Corrections live in `corrections` and are re-applied on every read.",
        "",
    ]
    for table, columns in sqlite_tables().items():
        lines += [f"### `{table}`", ""] + ([docs[table], ""] if docs.get(table) else [])
        lines += ["| column | meaning |", "| --- | --- |"]
        lines += [f"| `{c}` | {COLUMNS.get(c, '')} |" for c in columns] + [""]
    lines += [
        "## Exports (`claimledger export --format csv|parquet`)",
        "",
        "One file per table. Parquet types: `date` is a date, `list[str]` a list of strings, "
        "`claims` and `corrections` lists of structs. CSV is flat UTF-8: lists are `; `-joined, "
        "line breaks are written as `\\n`, a discrepancy's claims are in "
        "`discrepancy_claims.csv`, and `documents.csv` has no `text` column.",
        "",
    ]
    for stem, columns in export_tables().items():
        flat = {n for n, _ in csv_columns(stem)}
        lines += [f"### `{stem}`", "", "| column | type | in CSV | meaning |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| `{n}` | {t} | {'yes' if n in flat else 'no'} | {COLUMNS.get(n, '')} |"
                  for n, t in columns] + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render())
