"""Read-side helpers the routers share: claim filters, outlets, timeline, entity index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

from claimledger.records import Document, Entity, Event, Quantity
from claimledger.store import Ledger


@dataclass(frozen=True)
class ClaimFilter:
    """The claims page's GET form; an empty field matches everything."""

    measure: str = ""
    outlet: str = ""
    claimant: str = ""
    side: str = ""
    era: str = ""
    doc: str = ""

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def matches(self, claim: Quantity, outlet: str) -> bool:
        wanted = (
            (self.measure, claim.measure), (self.outlet, outlet),
            (self.claimant, claim.claimant or claim.claimant_text),
            (self.side, claim.subject_side), (self.era, claim.era), (self.doc, claim.doc),
        )
        return all(not want or want == have for want, have in wanted)


@dataclass(frozen=True)
class ClaimRow:
    claim: Quantity
    outlet: str
    published: str


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take in this ledger (for the form's select boxes)."""

    measure: list[str] = field(default_factory=list)
    outlet: list[str] = field(default_factory=list)
    claimant: list[str] = field(default_factory=list)
    side: list[str] = field(default_factory=list)
    era: list[str] = field(default_factory=list)


def outlet_of(document: Document | None) -> str:
    return (document.source or "") if document else ""


def claim_rows(ledger: Ledger, wanted: ClaimFilter) -> tuple[list[ClaimRow], FilterOptions]:
    """The claims that pass the filter, and every filter value the ledger holds."""
    documents = {d.id: d for d in ledger.documents()}
    claims = ledger.quantities(wanted.doc or None)
    rows = [ClaimRow(q, outlet_of(documents.get(q.doc)),
                     (documents[q.doc].published or "") if q.doc in documents else "")
            for q in claims]
    kept = [r for r in rows if wanted.matches(r.claim, r.outlet)]
    return kept, _options(rows)


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v}, key=str.casefold)


def _options(rows: Sequence[ClaimRow]) -> FilterOptions:
    return FilterOptions(
        measure=_distinct(r.claim.measure for r in rows),
        outlet=_distinct(r.outlet for r in rows),
        claimant=_distinct(r.claim.claimant or r.claim.claimant_text for r in rows),
        side=_distinct(r.claim.subject_side for r in rows),
        era=_distinct(r.claim.era for r in rows),
    )


def timeline(events: Iterable[Event]) -> list[Event]:
    """Dated events first, by date; undated ones after, in document order."""
    return sorted(events, key=lambda e: (e.date is None, e.date or "", e.doc, e.start))


@dataclass
class EntityEntry:
    """One canonical entity: the names used for it and which outlets used each name."""

    canonical: str
    label: str
    canonical_id: str
    mentions: int = 0
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def entity_index(entities: Iterable[Entity], documents: Sequence[Document]) -> list[EntityEntry]:
    outlets = {d.id: outlet_of(d) or d.id for d in documents}
    index: dict[str, EntityEntry] = {}
    for entity in entities:
        key = entity.canonical_id or f"{entity.label}:{entity.canonical}"
        entry = index.setdefault(key, EntityEntry(entity.canonical, entity.label, key))
        entry.mentions += 1
        entry.names[entity.evidence].add(outlets.get(entity.doc, entity.doc))
        for alias in entity.aliases_seen:
            entry.names.setdefault(alias, set())
    return sorted(index.values(), key=lambda e: (-e.mentions, e.canonical.casefold()))


def search_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split an FTS snippet ("…the [word] here…") into (text, is_match) parts."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while "[" in rest and "]" in rest[rest.index("["):]:
        before, _, tail = rest.partition("[")
        hit, _, rest = tail.partition("]")
        parts += [(before, False), (hit, True)]
    parts.append((rest, False))
    return [p for p in parts if p[0]]
