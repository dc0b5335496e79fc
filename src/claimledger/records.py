"""Data passed between stages: small frozen dataclasses whose ``to_json`` is the contract.

The field names and meanings follow ``shared/spec/interchange.md``; fields beyond the
contract are additive and optional. Offsets always index ``Document.text`` (the text as
given in the input, or as extracted from HTML), so ``text[start:end] == evidence``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

MEASURES = (
    "killed", "wounded", "missing", "captured", "displaced",
    "population", "personnel", "destroyed", "seized",
)
QUALIFIERS = (
    "exact", "about", "at_least", "more_than", "at_most", "less_than", "up_to", "range",
)
EVENT_TYPES = (
    "attack", "ceasefire", "talks", "agreement", "arrest", "withdrawal",
    "protest", "dissolution", "displacement", "statement", "other",
)


def _plain(record: Any) -> dict[str, Any]:
    """Shallow field dict with tuples as lists (records hold no nested dataclasses)."""
    data = {f.name: getattr(record, f.name) for f in fields(record)}
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()}


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``id`` is the input id or, failing that, the content hash."""

    id: str
    text: str
    content_hash: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD)
    published_how: str = "none"  # input | dateline | first_published | html_meta | option | none
    origin: str = ""  # where it came from: "file.jsonl:3", "page.html", "<stdin>:1"

    def to_json(self) -> dict[str, Any]:
        data = _plain(self)
        return {"kind": "document", **data}


def claim_id(doc: str, start: int, end: int, measure: str) -> str:
    """The id a claim keeps across re-runs and corrections (a corrected measure keeps it)."""
    digest = hashlib.sha1(f"{doc}\x1f{start}\x1f{end}\x1f{measure}".encode()).hexdigest()
    return f"q-{digest[:16]}"


@dataclass(frozen=True, slots=True)
class Quantity:
    doc: str
    start: int
    end: int
    evidence: str
    measure: str
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    subject: str = ""
    subject_text: str = ""
    claimant: str = ""
    claimant_text: str = ""
    as_of: str | None = None
    location: str | None = None
    vague: bool = False
    # additive fields
    subject_side: str = ""  # canonical country / group of the subject ("Armenia"), "" if unknown
    subject_role: str = ""  # a role of data/subjects.toml (docs/subjects.md), "" if unknown
    # person | organisation | government | side | outlet | wire | document | unnamed
    claimant_kind: str = ""
    claimant_side: str = ""  # canonical country the claimant speaks for, "" if neutral/unknown
    era: str = "current"  # current | background (an earlier war or event)
    number_text: str = ""  # the number as written ("some 204", "hundreds of thousands")
    # which real-world event the figure counts, as its article says (pipeline/incident_cues.py)
    incident_type: str = ""  # earthquake | attack | armed_conflict | displacement | … | ""
    incident_trigger: str = ""  # the word naming it ("quake", "strike", "hurricane maria")
    incident_date: str | None = None  # the date attached to that word (ISO, maybe YYYY-MM)
    incident_place: str | None = None
    incident_country: str = ""  # ISO country code of that place, else the article's country
    incident_cue: str = ""  # sentence | previous (sentence before) | article (main event) | ""
    incident_distinct: bool = False  # a sub-event named apart ("aftershock")
    incident_town: str | None = None  # the place the incident word names ("strike on X")
    incident_site: str | None = None  # the kind of site it names ("station", "theatre")
    # a day's addition told with the total it raises ("12,500 on Thursday, raising the total
    # to 105,000"): new losses since the last report, never a rival of the total
    increment: bool = False
    # the level a change started from ("rose to 34 from 16", "down from the 1,000"): an
    # earlier step of the figure, told beside the new one, never a rival of it
    starting: bool = False
    # the span of time it counts over, as its sentence states it: "since:2021-07" (a running
    # total from a stated start), "day:2021-08-26" (one day's flow), "" (not stated)
    count_window: str = ""
    incident: str = ""  # the resolved incident id across documents (crosssource/incidents.py)
    id: str = ""  # stable claim id: hash of doc + span + measure as extracted (see claim_id)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", claim_id(self.doc, self.start, self.end, self.measure))

    def to_json(self) -> dict[str, Any]:
        data = _plain(self)
        for key in ("value", "low", "high"):
            if isinstance(data[key], float) and data[key].is_integer():
                data[key] = int(data[key])
        return {"kind": "quantity", **data}


@dataclass(frozen=True)
class Event:
    doc: str
    start: int
    end: int
    evidence: str
    type: str
    date: str | None
    date_text: str
    actors: tuple[str, ...] = ()
    location: str | None = None
    # additive fields
    date_start: int | None = None  # char offset of date_text in the document
    date_how: str = ""  # absolute | relative | anaphoric | weekday
    era: str = "current"

    def to_json(self) -> dict[str, Any]:
        return {"kind": "event", **_plain(self)}


@dataclass(frozen=True, slots=True)
class Entity:
    doc: str
    start: int
    end: int
    evidence: str
    label: str  # place | country | person | organisation
    canonical: str
    aliases_seen: tuple[str, ...] = ()
    canonical_id: str = ""  # "geonames:146970", "person:ilham-aliyev", ...
    country_code: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": "entity", **_plain(self)}


@dataclass(frozen=True)
class Discrepancy:
    measure: str
    subject: str
    claims: tuple[dict[str, Any], ...]
    note: str
    reason: str = ""  # conflict | transcription | revision | different_claimants | rounding
    cluster: str = ""
    incident: str = ""  # the incident id the figures count (kind "incident" records)
    rank: int = 0  # 1 = the most telling finding of the ledger

    def to_json(self) -> dict[str, Any]:
        return {"kind": "discrepancy", **_plain(self)}


@dataclass(frozen=True)
class Incident:
    """A real-world event that figures count ("the earthquake of 25 April 2015 in Nepal"),
    resolved across documents from the incident cues of their quantities."""

    id: str
    label: str
    type: str  # earthquake | attack | armed_conflict | displacement | … | "" (no trigger)
    first_date: str | None
    last_date: str | None
    location: str | None
    country: str = ""
    docs: tuple[str, ...] = ()
    claims: int = 0
    era: str = "current"
    triggers: tuple[str, ...] = ()  # the words its articles use for it, most used first

    def to_json(self) -> dict[str, Any]:
        return {"kind": "incident", **_plain(self)}


Record = Quantity | Event | Entity


def record_from_json(data: dict[str, Any]) -> Record | Document | Discrepancy | Incident:
    """Inverse of ``to_json``: rebuild a record from its contract form (unknown keys dropped)."""
    kinds = {"quantity": Quantity, "event": Event, "entity": Entity,
             "document": Document, "discrepancy": Discrepancy, "incident": Incident}
    cls = kinds[data["kind"]]
    names = {f for f in cls.__dataclass_fields__}
    kwargs = {k: v for k, v in data.items() if k in names}
    for key in ("actors", "aliases_seen", "claims", "docs", "triggers"):
        if key in kwargs and isinstance(kwargs[key], list):
            kwargs[key] = tuple(kwargs[key])
    return cls(**kwargs)


__all__ = [
    "Document", "Quantity", "Event", "Entity", "Discrepancy", "Incident", "Record",
    "MEASURES", "QUALIFIERS", "EVENT_TYPES", "claim_id", "record_from_json", "field",
]
