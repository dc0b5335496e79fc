"""Hand moves of claims between clusters (a reader's correction), applied after alignment.

A claim moved to an existing cluster joins it; moved to an id no cluster has, it starts a
new cluster of its own (a split). Both clusters' best / low / high are stated again by the
same rule as in alignment, so a move never leaves a stale estimate behind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from claimledger.crosssource.align import estimates
from claimledger.crosssource.view import ClaimRef, Cluster


def _restated(cluster: Cluster, claims: list[ClaimRef]) -> Cluster:
    best, low, high, rule = estimates(claims, cluster.subject_side)
    return replace(cluster, claims=tuple(claims), best=best, low=low, high=high,
                   best_rule=rule)


def regroup(clusters: Sequence[Cluster], moves: Mapping[str, str]) -> list[Cluster]:
    """Clusters after moving claims (claim id → cluster id); emptied clusters drop out."""
    if not moves:
        return list(clusters)
    members: dict[str, list[ClaimRef]] = {c.id: [] for c in clusters}
    template = {c.id: c for c in clusters}
    for cluster in clusters:
        for ref in cluster.claims:
            target = moves.get(ref.claim_id, cluster.id)
            if target not in template:  # a split: a new cluster like the one it left
                template[target] = replace(cluster, id=target)
                members[target] = []
            members[target].append(ref)
    changed = {c.id for c in clusters if [r.claim_id for r in c.claims] != [
        r.claim_id for r in members[c.id]]} | (set(template) - {c.id for c in clusters})
    return [
        _restated(template[cid], refs) if cid in changed else template[cid]
        for cid, refs in members.items() if refs
    ]


__all__ = ["regroup"]
