"""Cross-source view: align claims across outlets, discrepancies, evolution, framing, profiles.

``build_view`` is the one entry point the report, the web UI and the exports call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from claimledger.corrections import IncidentFix
from claimledger.crosssource.discrepancies import cluster_discrepancies, ranked
from claimledger.crosssource.evolution import evolution
from claimledger.crosssource.framing import framing_terms
from claimledger.crosssource.groups import (
    Stored,
    align_changed,
    group_prints,
    reusable,
    untouched_by_moves,
)
from claimledger.crosssource.incidents import resolve_incidents
from claimledger.crosssource.intervals import compatible, interval_for
from claimledger.crosssource.profiles import sourcing_profiles
from claimledger.crosssource.regroup import regroup
from claimledger.crosssource.view import Cluster, CrossSourceView
from claimledger.entities import merge_claimants
from claimledger.records import Discrepancy, Document, Entity, Event, Incident, Quantity
from claimledger.settings import AlignSettings, align_settings


def _usable(quantities: Iterable[Quantity]) -> list[Quantity]:
    """Claims with a measure and a finite number; anything else cannot be compared."""
    kept = []
    for quantity in quantities:
        try:
            number = float(quantity.value)
        except (TypeError, ValueError):
            continue
        if quantity.measure and number == number:
            kept.append(quantity)
    return kept


@dataclass(frozen=True)
class Findings:
    """What the ledger stores of the cross-source analysis: claims with their incident (and
    one name per claimant), incidents, clusters, discrepancies, and per incident the
    fingerprint of its group (``groups.py``) that lets the next refresh reuse them."""

    quantities: tuple[Quantity, ...]
    incidents: tuple[Incident, ...]
    clusters: tuple[Cluster, ...]
    discrepancies: tuple[Discrepancy, ...]
    prints: Mapping[str, str]
    kept: frozenset[str] = frozenset()  # ids of clusters taken as stored (claims unchanged)


def _with_incidents(quantities: Sequence[Quantity], ids: Sequence[str]) -> tuple[Quantity, ...]:
    return tuple(q if q.incident == i else replace(q, incident=i)
                 for q, i in zip(quantities, ids, strict=True))


def find_findings(
    documents: Sequence[Document], quantities: Iterable[Quantity],
    entities: Sequence[Entity] = (), settings: AlignSettings | None = None,
    cluster_moves: Mapping[str, str] | None = None, incident_fix: IncidentFix | None = None,
    stored: Stored | None = None,
) -> Findings:
    """Incidents, clusters and discrepancies of one ledger. With ``stored`` (the last
    refresh's), incidents are resolved again (a sort) but only the incidents whose claims
    changed are aligned and checked again; the result is the same as without."""
    quantities = tuple(merge_claimants(quantities, entities))  # one name per person
    incidents, ids = resolve_incidents(documents, quantities, entities)
    if incident_fix is not None:
        incidents, ids = incident_fix(incidents, quantities, ids)
    quantities = _with_incidents(quantities, ids)
    usable = _usable(quantities)
    places = {i.id: i.location or "" for i in incidents}
    countries = {i.id: i.country for i in incidents}
    moves = cluster_moves or {}
    prints = group_prints(usable, {d.id: d for d in documents}, places, countries, settings,
                          moves)
    stored = stored or Stored()
    loaded, findings = stored.load(reusable(prints, stored.prints))
    kept = untouched_by_moves(loaded, usable, moves)
    clusters = regroup(align_changed(documents, usable, settings, places, countries, kept),
                       moves)
    settings = settings or align_settings()
    reused = {id(c) for cs in kept.values() for c in cs}
    found = [d for c in clusters if c.claims for d in (
        findings[c.id] if id(c) in reused and c.id in findings
        else cluster_discrepancies(c, settings))]
    return Findings(quantities, tuple(incidents), tuple(clusters), tuple(ranked(found)), prints,
                    frozenset(c.id for c in clusters if id(c) in reused))


def build_view(
    documents: Iterable[Document], quantities: Iterable[Quantity],
    events: Iterable[Event] = (), entities: Iterable[Entity] = (),
    settings: AlignSettings | None = None, cluster_moves: Mapping[str, str] | None = None,
    incident_fix: IncidentFix | None = None, *, stored: Stored | None = None,
    framing: bool = True,
) -> CrossSourceView:
    """Everything the cross-source analysis finds in one ledger; ``cluster_moves`` (claim id →
    cluster id) and ``incident_fix`` (claims moved, incidents merged) are readers'
    corrections, applied before claims are aligned and discrepancies looked for. ``stored``
    lets unchanged incidents keep their stored clusters; ``framing=False`` leaves out the
    outlets' wording (the web UI does not show it; it reads every text)."""
    documents = tuple(documents)
    entities = tuple(entities)
    found = find_findings(documents, quantities, entities, settings, cluster_moves,
                          incident_fix, stored)
    return CrossSourceView(
        documents=documents, quantities=found.quantities, events=tuple(events),
        entities=entities, incidents=found.incidents, clusters=found.clusters,
        discrepancies=found.discrepancies, evolution=tuple(evolution(found.clusters)),
        framing=tuple(framing_terms(documents, entities)) if framing else (),
        profiles=tuple(sourcing_profiles(documents, found.quantities)),
    )


__all__ = ["Findings", "Stored", "build_view", "compatible", "find_findings", "interval_for"]
