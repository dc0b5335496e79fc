"""How each claimant's figure for one cluster moved over time (a toll going 25 → 200 → 213)."""

from __future__ import annotations

from collections.abc import Iterable

from claimledger.crosssource.view import ClaimRef, Cluster, EvolutionPoint
from claimledger.crosssource.wording import claim_date, claimant_label


def _point(cluster: Cluster, ref: ClaimRef) -> EvolutionPoint:
    return EvolutionPoint(
        cluster=cluster.id, claimant=claimant_label(ref), date=claim_date(ref),
        value=ref.value, qualifier=ref.qualifier, doc=ref.doc, source=ref.source,
    )


def cluster_evolution(cluster: Cluster) -> list[EvolutionPoint]:
    """One point per claimant, date and figure, ordered by claimant then date (undated last);
    within one day, the level a change started from comes first ("rose to 34 from 16").

    Repeats of a figure in one article (headline and body) give one point, not two.
    """
    points: dict[tuple, tuple[bool, EvolutionPoint]] = {}
    for ref in cluster.claims:
        point = _point(cluster, ref)
        key = (point.claimant.lower(), point.date, point.value, point.qualifier, point.doc)
        points.setdefault(key, (not ref.starting, point))
    ordered = sorted(points.values(), key=lambda item: (
        item[1].claimant.lower(), item[1].date is None, item[1].date or "", item[0],
        item[1].doc))
    return [point for _, point in ordered]


def evolution(clusters: Iterable[Cluster]) -> list[EvolutionPoint]:
    """Evolution points of every cluster, clusters in their given order."""
    return [point for cluster in clusters for point in cluster_evolution(cluster)]
