"""One cluster's evolution as a step chart (SVG), for the web UI's incident and cluster pages.

The report draws the same chart from its ``TimelineModel``; this builds that model straight
from a cluster and its evolution points, so both show one figure the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from claimledger.crosssource.view import Cluster, EvolutionPoint
from claimledger.report import charts
from claimledger.report.model import TimelineModel


def evolution_svg(cluster: Cluster, points: Iterable[EvolutionPoint],
                  chart_id: str = "chart-evolution") -> str | None:
    """The inline ``<svg>`` of the cluster's figures over time per claimant, or None when
    fewer than two dated points exist."""
    series: dict[str, list[tuple[str | None, float]]] = defaultdict(list)
    for point in sorted(points, key=lambda p: (p.date or "", p.claimant)):
        series[point.claimant].append((point.date, point.value))
    timeline = TimelineModel(
        cluster=cluster.id, chart_id=chart_id, measure=cluster.measure,
        subject=cluster.subject, best=cluster.best, low=cluster.low, high=cluster.high,
        best_rule=cluster.best_rule,
        series=tuple((name, tuple(pts)) for name, pts in series.items()), claims=(),
    )
    svg = charts.timeline_chart(timeline, chart_id)
    return charts.inline_svg(svg) if svg else None
