"""``/incidents`` and ``/incidents/{id}``: the events the figures count, their headline
figures, each cluster's evolution chart (server-rendered SVG) and their discrepancies."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from claimledger.crosssource.view import CrossSourceView
from claimledger.report.evolution import evolution_svg
from claimledger.report.incidents import IncidentRow, incident_clusters, incident_rows
from claimledger.web.deps import LedgerDep, ViewDep, render
from claimledger.web.errors import NotFoundError
from claimledger.web.queries import cluster_items
from claimledger.web.routes.claims import FilterDep

router = APIRouter()


def find_incident(view: CrossSourceView, incident_id: str) -> IncidentRow:
    for row in incident_rows(view):
        if row.id == incident_id:
            return row
    raise NotFoundError("incident", incident_id)


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, ledger: LedgerDep, view: ViewDep,
              wanted: FilterDep) -> HTMLResponse:
    """Incidents with a cluster that passes the filter (a measure, an outlet, a claimant,
    a date range)."""
    kept, options = cluster_items(ledger, view.clusters, wanted)
    shown = {c.incident for c in kept}
    rows = [row for row in incident_rows(view) if row.id in shown]
    return render(request, "incidents.html.j2", {"incidents": rows, "options": options,
                                                 "wanted": wanted})


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, view: ViewDep, incident_id: str) -> HTMLResponse:
    row = find_incident(view, incident_id)
    points = defaultdict(list)
    for point in view.evolution:
        points[point.cluster].append(point)
    clusters = [(cluster,
                 evolution_chart(cluster, points[cluster.id], f"chart-evolution-{index}"))
                for index, cluster in enumerate(incident_clusters(view, incident_id))]
    found = [d for d in view.discrepancies if d.incident == incident_id]
    return render(request, "incident.html.j2",
                  {"incident": row, "clusters": clusters, "discrepancies": found})


def evolution_chart(cluster, points, chart_id: str = "chart-evolution") -> Markup | None:
    """The cluster's step chart as markup for a page (incident or cluster), or None."""
    if len(points) < 2:
        return None
    svg = evolution_svg(cluster, points, chart_id)
    return Markup(svg) if svg else None
