"""Read-side helpers the routers share: claim filters, outlets, timeline, entity index."""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from claimledger import query
from claimledger.crosssource.view import Cluster
from claimledger.crosssource.wording import claim_date
from claimledger.records import Discrepancy, Document, Entity, Event, Incident, Quantity
from claimledger.store import MEMORY, Ledger

T = TypeVar("T")


@dataclass(frozen=True)
class ClaimFilter:
    """The GET form of the claims and discrepancies pages; an empty field matches everything.

    Measure, outlet, incident, document and the date range mean what they mean for exports
    (``claimledger.query``); claimant also matches the words of an unresolved claimant."""

    measure: str = ""
    outlet: str = ""
    claimant: str = ""
    side: str = ""
    era: str = ""
    doc: str = ""
    incident: str = ""
    since: str = ""
    until: str = ""

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def shared(self) -> query.ClaimFilter:
        """The part every view of the ledger shares (raises on a malformed date)."""
        return query.ClaimFilter.of(measure=self.measure, source=self.outlet,
                                    incident=self.incident, doc=self.doc, since=self.since,
                                    until=self.until)

    def own_matches(self, claim: Quantity) -> bool:
        wanted = ((self.claimant, claim.claimant or claim.claimant_text),
                  (self.side, claim.subject_side), (self.era, claim.era))
        return all(not want or want == have for want, have in wanted)

    def cluster_matches(self, cluster: Cluster, shared: query.ClaimFilter) -> bool:
        """A cluster is kept when its measure and incident match and one of its claims is
        from the outlet, by the claimant and dated in the range asked."""
        if (self.measure and cluster.measure != self.measure) or (
                self.incident and cluster.incident != self.incident):
            return False
        return any((not self.outlet or ref.source == self.outlet)
                   and (not self.claimant or ref.claimant == self.claimant)
                   and shared.in_range(claim_date(ref)) for ref in cluster.claims)

    def discrepancy_matches(self, item: Discrepancy, shared: query.ClaimFilter) -> bool:
        """A finding is kept when its measure and incident match and one of its claims is
        from the outlet, by the claimant and dated in the range asked."""
        if (self.measure and item.measure != self.measure) or (
                self.incident and item.incident != self.incident):
            return False
        return any((not self.outlet or c.get("source") == self.outlet)
                   and (not self.claimant or c.get("claimant") == self.claimant)
                   and (not self.doc or c.get("doc") == self.doc)
                   and shared.in_range(c.get("as_of")) for c in item.claims)


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
    incident: list[tuple[str, str]] = field(default_factory=list)  # (id, label)


def outlet_of(document: Document | None) -> str:
    return (document.source or "") if document else ""


@dataclass(frozen=True)
class _LedgerRows:
    documents: dict[str, Document]
    rows: list[ClaimRow]
    incidents: list[Incident]
    options: FilterOptions


_ROWS_LOCK = threading.Lock()
_ROWS: dict[str, tuple[tuple[int, int], _LedgerRows]] = {}  # path → (counter, inode), rows


def _ledger_rows(ledger: Ledger) -> _LedgerRows:
    """Every corrected claim as a row, kept until the ledger's change counter moves: each
    claims, discrepancies or API request filters these instead of re-reading the ledger."""
    if ledger.path == MEMORY:  # every in-memory ledger has this path: never cached
        return _read_rows(ledger)
    counter = (ledger.change_counter(), os.stat(ledger.path).st_ino)  # a file made anew
    with _ROWS_LOCK:
        cached = _ROWS.get(ledger.path)
        if cached and cached[0] == counter:
            return cached[1]
    built = _read_rows(ledger)
    with _ROWS_LOCK:
        _ROWS[ledger.path] = (counter, built)
    return built


def _read_rows(ledger: Ledger) -> _LedgerRows:
    documents = {d.id: d for d in ledger.documents()}
    rows = [ClaimRow(q, outlet_of(documents[q.doc]), documents[q.doc].published or "")
            for q in ledger.quantities() if q.doc in documents]
    incidents = ledger.incidents()
    return _LedgerRows(documents, rows, incidents, _options(rows, incidents))


def claim_rows(ledger: Ledger, wanted: ClaimFilter) -> tuple[list[ClaimRow], FilterOptions]:
    """The claims that pass the filter, and every filter value the ledger holds (of the one
    document ``doc`` names, when it names one)."""
    shared = wanted.shared()
    ledger_rows = _ledger_rows(ledger)
    documents, rows, options = ledger_rows.documents, ledger_rows.rows, ledger_rows.options
    if wanted.doc:
        rows = [r for r in rows if r.claim.doc == wanted.doc]
        options = _options(rows, ledger_rows.incidents)
    kept = [r for r in rows if wanted.own_matches(r.claim)
            and shared.claim_matches(r.claim, documents[r.claim.doc])]
    return kept, options


def discrepancy_items(ledger: Ledger, wanted: ClaimFilter
                      ) -> tuple[list[Discrepancy], FilterOptions]:
    """The findings that pass the filter, and the filter values of the ledger's claims."""
    shared = wanted.shared()
    items = [d for d in ledger.discrepancies() if wanted.discrepancy_matches(d, shared)]
    _, options = claim_rows(ledger, ClaimFilter())
    return items, options


def cluster_items(ledger: Ledger, clusters: Iterable[Cluster], wanted: ClaimFilter
                  ) -> tuple[list[Cluster], FilterOptions]:
    """The clusters that pass the filter, and the filter values of the ledger's claims."""
    shared = wanted.shared()
    kept = [c for c in clusters if wanted.cluster_matches(c, shared)]
    _, options = claim_rows(ledger, ClaimFilter())
    return kept, options


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v}, key=str.casefold)


def _options(rows: Sequence[ClaimRow], incidents: Sequence[Incident]) -> FilterOptions:
    used = {r.claim.incident for r in rows}
    return FilterOptions(
        measure=_distinct(r.claim.measure for r in rows),
        outlet=_distinct(r.outlet for r in rows),
        claimant=_distinct(r.claim.claimant or r.claim.claimant_text for r in rows),
        side=_distinct(r.claim.subject_side for r in rows),
        era=_distinct(r.claim.era for r in rows),
        incident=[(i.id, i.label or i.id) for i in incidents if i.id in used],
    )


# Sortable columns: the ``sort=`` values each page takes ("-date" sorts newest first).
CLAIM_SORTS: dict[str, Callable[[ClaimRow], Any]] = {
    "measure": lambda r: r.claim.measure,
    "figure": lambda r: r.claim.value,
    "subject": lambda r: r.claim.subject or r.claim.subject_text,
    "side": lambda r: r.claim.subject_side,
    "claimant": lambda r: r.claim.claimant or r.claim.claimant_text,
    "outlet": lambda r: r.outlet,
    "date": lambda r: r.claim.as_of or r.published,
    "era": lambda r: r.claim.era,
}
DISCREPANCY_SORTS: dict[str, Callable[[Discrepancy], Any]] = {
    "rank": lambda d: d.rank or None,
    "measure": lambda d: d.measure,
    "subject": lambda d: d.subject,
    "reason": lambda d: d.reason,
    "claims": lambda d: len(d.claims),
    "date": lambda d: max((c.get("as_of") or "" for c in d.claims), default=""),
}


def _sort_key(value: Any) -> tuple[bool, Any]:
    """Blank values after the others; text without regard to case."""
    blank = value is None or value == ""
    return blank, (value.casefold() if isinstance(value, str) else (0 if blank else value))


def sorted_by(items: Sequence[T], sort: str, keys: Mapping[str, Callable[[T], Any]]
              ) -> list[T]:
    """The items in the order ``sort`` names (a whitelisted column, "-" for descending);
    an unknown column leaves the order as it is. Blank values stay last either way."""
    name = sort.removeprefix("-")
    if name not in keys:
        return list(items)
    key, descending = keys[name], sort.startswith("-")
    filled = [i for i in items if not _sort_key(key(i))[0]]
    blank = [i for i in items if _sort_key(key(i))[0]]
    return sorted(filled, key=lambda i: _sort_key(key(i)), reverse=descending) + blank


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
