"""The report's opening view: one row per incident with its headline figures.

A reader first wants "what happened, when, where, who reported it, and how many died by
whose count"; the clusters already hold best/low/high per incident × measure × group, so
this only picks and formats them. The biggest clusters of an incident are its headlines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.crosssource.view import Cluster, CrossSourceView
from claimledger.crosssource.wording import format_number
from claimledger.subjects import breakdown_role

if TYPE_CHECKING:
    from claimledger.report.model import TimelineModel

_HEADLINES = 4  # figures shown per incident; the rest are one click away in its timelines


@dataclass(frozen=True)
class HeadlineRow:
    measure: str
    subject: str
    best: str
    band: str  # "low–high", "" when the claims agree
    sources: int  # documents giving a figure of this cluster
    timeline: str = ""  # anchor of its evolution chart, if it has one
    cluster: str = ""


@dataclass(frozen=True)
class IncidentRow:
    id: str
    label: str
    first_date: str
    last_date: str
    place: str
    outlets: tuple[str, ...]
    documents: int
    claims: int
    discrepancies: int
    headlines: tuple[HeadlineRow, ...]


def _headline(cluster: Cluster, timelines: dict[str, str],
              wholes: frozenset[str] = frozenset()) -> HeadlineRow:
    """``wholes``: the measures whose whole toll the incident states; a breakdown of one
    ("bodies recovered", children) reads "of which …" so nobody takes it for a rival toll."""
    band = ""
    if cluster.low is not None and cluster.high is not None and cluster.low != cluster.high:
        band = f"{format_number(cluster.low)}–{format_number(cluster.high)}"
    subject = cluster.subject or "all victims"
    if cluster.measure in wholes and breakdown_role(cluster.subject_role):
        subject = f"of which {subject}"
    return HeadlineRow(
        measure=cluster.measure, subject=subject,
        best=format_number(cluster.best), band=band,
        sources=len({ref.doc for ref in cluster.claims}),
        timeline=timelines.get(cluster.id, ""), cluster=cluster.id,
    )


def _whole(cluster: Cluster) -> bool:
    """A cluster of everybody the incident's measure counts: no side, group or part place."""
    return not (cluster.subject_side or cluster.subject_role or cluster.location)


def incident_clusters(view: CrossSourceView, incident: str) -> list[Cluster]:
    """An incident's clusters, the most sourced first (its headlines lead), counts of people
    and things before other measures (durations)."""
    mine = [c for c in view.clusters if c.incident == incident]
    return sorted(mine, key=lambda c: (c.measure.startswith("other:"),
                                       -len({r.doc for r in c.claims}), -len(c.claims), c.id))


def incident_rows(view: CrossSourceView,
                  timelines: Iterable[TimelineModel] = ()) -> list[IncidentRow]:
    """Incidents with claims, most claimed first, each with its biggest clusters of counts
    (an "other:" measure such as a duration is no headline)."""
    anchors = {t.cluster: t.chart_id.removeprefix("chart-") for t in timelines}
    clusters: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in view.clusters:
        clusters[cluster.incident].append(cluster)
    findings = Counter(d.incident for d in view.discrepancies)
    outlets = {d.id: d.source or d.id for d in view.documents}
    rows = []
    for incident in view.incidents:
        mine = sorted((c for c in clusters.get(incident.id, [])
                       if not c.measure.startswith("other:")),
                      key=lambda c: (-len({r.doc for r in c.claims}), -len(c.claims), c.id))
        wholes = frozenset(c.measure for c in mine if _whole(c))
        rows.append(IncidentRow(
            id=incident.id, label=incident.label, first_date=incident.first_date or "",
            last_date=incident.last_date or "", place=incident.location or incident.country,
            outlets=tuple(sorted({outlets.get(doc, doc) for doc in incident.docs})),
            documents=len(incident.docs), claims=incident.claims,
            discrepancies=findings.get(incident.id, 0),
            headlines=tuple(_headline(c, anchors, wholes) for c in mine[:_HEADLINES]),
        ))
    return [row for row in rows if row.claims]
