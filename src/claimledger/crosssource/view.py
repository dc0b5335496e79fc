"""The data the cross-source analysis hands to the report, the web UI and the exports.

Everything is plain frozen dataclasses of strings and numbers so it serialises to JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.records import Discrepancy, Document, Entity, Event, Incident, Quantity


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """One document's figure inside a cluster, with the interval its qualifier implies
    (slotted: a million claims are a million of these)."""

    doc: str
    source: str
    start: int
    end: int
    evidence: str
    value: float
    qualifier: str
    claimant: str
    lo: float  # lower bound implied by value + qualifier
    hi: float  # upper bound (math.inf when open: "at least 200")
    low: float | None = None
    high: float | None = None
    vague: bool = False
    claimant_kind: str = ""
    claimant_side: str = ""
    as_of: str | None = None
    published: str | None = None
    number_text: str = ""  # the number as written, when extraction kept it ("nearly 150,000")
    location: str | None = None
    claim_id: str = ""  # the claim's stable id (Quantity.id), to join the claims table
    increment: bool = False  # an addition to a total told beside it (Quantity.increment)
    starting: bool = False  # the level a change started from (Quantity.starting)


@dataclass(frozen=True)
class Cluster:
    """Claims that count the same thing: measure, subject side and role, event."""

    id: str
    measure: str
    subject: str
    claims: tuple[ClaimRef, ...]
    best: float | None
    low: float | None
    high: float | None
    best_rule: str  # one line: which claim gave `best` and why
    subject_side: str = ""
    subject_role: str = ""
    era: str = "current"
    event_date: str | None = None
    location: str | None = None
    incident: str = ""
    window: str = ""  # the counting window of its series ("since:2021-07", "day:2021-08-26")


@dataclass(frozen=True)
class EvolutionPoint:
    """A figure as one claimant gave it on one date (a step in the evolution chart)."""

    cluster: str
    claimant: str
    date: str | None
    value: float
    qualifier: str
    doc: str
    source: str


@dataclass(frozen=True)
class FramingTerm:
    """A term one outlet uses for a referent (the operation, a side, a place)."""

    referent: str
    term: str
    source: str
    doc: str
    count: int
    loaded: bool = False
    category: str = ""  # e.g. "operation", "armed side", "territory", "place name"
    voice: str = "own"  # own | quoted (inside someone else's words)


@dataclass(frozen=True)
class SourcingProfile:
    """How one outlet sources its figures: share of claims per kind of claimant."""

    source: str
    total: int
    shares: dict[str, float] = field(default_factory=dict)  # own_voice, side:<X>, neutral, ...
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CrossSourceView:
    documents: tuple[Document, ...]
    quantities: tuple[Quantity, ...]
    events: tuple[Event, ...]
    entities: tuple[Entity, ...]
    incidents: tuple[Incident, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    evolution: tuple[EvolutionPoint, ...] = ()
    framing: tuple[FramingTerm, ...] = ()
    profiles: tuple[SourcingProfile, ...] = ()
