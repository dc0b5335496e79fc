"""Cross-source view: align claims across outlets, discrepancies, evolution, framing, profiles.

``build_view`` is the one entry point the report, the web UI and the exports call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from claimledger.corrections import IncidentFix
from claimledger.crosssource.align import align
from claimledger.crosssource.discrepancies import find_discrepancies
from claimledger.crosssource.evolution import evolution
from claimledger.crosssource.framing import framing_terms
from claimledger.crosssource.incidents import resolve_incidents
from claimledger.crosssource.intervals import compatible, interval_for
from claimledger.crosssource.profiles import sourcing_profiles
from claimledger.crosssource.regroup import regroup
from claimledger.crosssource.view import CrossSourceView
from claimledger.entities import merge_claimants
from claimledger.records import Document, Entity, Event, Quantity
from claimledger.settings import AlignSettings


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


def build_view(
    documents: Iterable[Document], quantities: Iterable[Quantity],
    events: Iterable[Event] = (), entities: Iterable[Entity] = (),
    settings: AlignSettings | None = None, cluster_moves: Mapping[str, str] | None = None,
    incident_fix: IncidentFix | None = None,
) -> CrossSourceView:
    """Everything the cross-source analysis finds in one ledger; ``cluster_moves`` (claim id →
    cluster id) and ``incident_fix`` (claims moved, incidents merged) are readers'
    corrections, applied before claims are aligned and discrepancies looked for."""
    documents = tuple(documents)
    quantities = tuple(quantities)
    entities = tuple(entities)
    quantities = tuple(merge_claimants(quantities, entities))  # one name per person
    incidents, ids = resolve_incidents(documents, quantities, entities)
    if incident_fix is not None:
        incidents, ids = incident_fix(incidents, quantities, ids)
    quantities = tuple(replace(q, incident=i) for q, i in zip(quantities, ids, strict=True))
    usable = _usable(quantities)
    places = {i.id: i.location or "" for i in incidents}
    countries = {i.id: i.country for i in incidents}
    clusters = regroup(align(documents, usable, settings, places, countries),
                       cluster_moves or {})
    return CrossSourceView(
        documents=documents, quantities=quantities, events=tuple(events), entities=entities,
        incidents=tuple(incidents),
        clusters=tuple(clusters), discrepancies=tuple(find_discrepancies(clusters, settings)),
        evolution=tuple(evolution(clusters)), framing=tuple(framing_terms(documents, entities)),
        profiles=tuple(sourcing_profiles(documents, quantities)),
    )


__all__ = ["build_view", "compatible", "interval_for"]
