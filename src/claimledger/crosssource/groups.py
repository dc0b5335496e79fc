"""Align and check only the incidents whose claims changed (an incremental refresh).

Clusters never span incidents: every block of alignment, and every fold between blocks, is
within one incident (claims with none form one group of their own). So the claims of one
incident — with their documents' outlet and date, the incident's place, the settings and
the code that aligns them — decide its clusters and their findings. Their fingerprint says
when a group is unchanged since the findings were stored: its clusters and findings are
reused as stored and only the groups a new document (or a correction) touched are
aligned again. The merged result is the one :func:`align` gives over the whole ledger.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from claimledger.crosssource.align import align, cluster_block_key
from claimledger.crosssource.view import Cluster
from claimledger.records import Discrepancy, Document, Quantity
from claimledger.settings import AlignSettings, align_settings

Reused = tuple[Mapping[str, Sequence[Cluster]], Mapping[str, Sequence[Discrepancy]]]


def _nothing(incidents: Iterable[str]) -> Reused:
    return {}, {}


@dataclass(frozen=True)
class Stored:
    """What the ledger holds from its last refresh: per incident its group's fingerprint,
    and ``load``, which reads the clusters (with their claims) of the incidents asked for, by
    incident, and their findings, by cluster id (a cluster whose findings it does not give
    is checked again: cheap, and a finding read back lacks the empty keys it had)."""

    prints: Mapping[str, str] = field(default_factory=dict)
    load: Callable[[Iterable[str]], Reused] = _nothing


@cache
def _code_print() -> str:
    """The code and word lists alignment reads: findings stored by another version of them
    are never reused."""
    digest = hashlib.blake2b(digest_size=16)
    package = resources.files("claimledger")
    for folder, suffix in (("crosssource", ".py"), ("data", ".toml")):
        for item in sorted(package.joinpath(folder).iterdir(), key=lambda i: i.name):
            if item.name.endswith(suffix):
                digest.update(item.name.encode() + item.read_bytes())
    for name in ("records.py", "settings.py", "subjects.py", "lexicons.py"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()


def group_prints(usable: Sequence[Quantity], documents: Mapping[str, Document],
                 places: Mapping[str, str], countries: Mapping[str, str],
                 settings: AlignSettings | None = None,
                 moves: Mapping[str, str] | None = None) -> dict[str, str]:
    """incident id ("" for claims of none) → fingerprint of everything its clusters and
    findings are computed from. Hand moves between clusters cross incidents: every print
    carries them, so a new move aligns every incident again once."""
    salt = repr((_code_print(), settings or align_settings(), sorted((moves or {}).items())))
    digests: dict[str, hashlib.blake2b] = {}
    for quantity in usable:
        incident = quantity.incident or ""
        digest = digests.get(incident)
        if digest is None:
            digest = digests[incident] = hashlib.blake2b(digest_size=16)
            digest.update(repr((salt, places.get(incident, ""),
                                countries.get(incident, ""))).encode())
        document = documents.get(quantity.doc)
        facts = (document.source, document.published) if document else None
        digest.update(repr((quantity, facts)).encode())
    return {incident: digest.hexdigest() for incident, digest in digests.items()}


def reusable(prints: Mapping[str, str], stored: Mapping[str, str]) -> set[str]:
    """Incidents whose claims (and everything else their clusters come from) are unchanged."""
    return {incident for incident, value in prints.items() if stored.get(incident) == value}


def untouched_by_moves(clusters: Mapping[str, Sequence[Cluster]], usable: Sequence[Quantity],
                       moves: Mapping[str, str]) -> dict[str, Sequence[Cluster]]:
    """The stored clusters of incidents no hand move touches. A move takes a claim out of
    its incident's cluster and into another (or a new one): both incidents' clusters are
    restated, so they are aligned afresh and moved again; the others are as aligned."""
    if not moves:
        return dict(clusters)
    moved = {q.incident or "" for q in usable if q.id in moves}
    targets = set(moves.values())
    return {incident: found for incident, found in clusters.items()
            if incident not in moved and not any(c.id in targets for c in found)}


def align_changed(documents: Sequence[Document], usable: Sequence[Quantity],
                  settings: AlignSettings | None, places: Mapping[str, str],
                  countries: Mapping[str, str],
                  kept: Mapping[str, Sequence[Cluster]]) -> list[Cluster]:
    """Clusters of the whole ledger: the ``kept`` incidents' as stored, the others aligned
    now; in the order :func:`align` gives (by block, stable within one)."""
    fresh_claims = [q for q in usable if (q.incident or "") not in kept]
    wanted = {q.doc for q in fresh_claims}
    fresh = align([d for d in documents if d.id in wanted], fresh_claims, settings, places,
                  countries)
    merged = [*fresh, *(c for clusters in kept.values() for c in clusters)]
    return sorted(merged, key=cluster_block_key) if kept else fresh


def split_by_incident(clusters: Iterable[Cluster]) -> dict[str, list[Cluster]]:
    grouped: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        grouped[cluster.incident].append(cluster)
    return dict(grouped)


__all__ = ["Stored", "align_changed", "group_prints", "reusable", "split_by_incident",
           "untouched_by_moves"]
