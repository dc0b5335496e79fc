"""``/clusters`` and ``/clusters/{id}``: claims counting one thing, best/low/high, evolution."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.crosssource.view import Cluster, CrossSourceView
from claimledger.web.deps import LedgerDep, ViewDep, render
from claimledger.web.errors import NotFoundError
from claimledger.web.paging import PageDep, paginate
from claimledger.web.queries import cluster_items
from claimledger.web.routes.claims import FilterDep
from claimledger.web.routes.incidents import evolution_chart

router = APIRouter()


def find_cluster(view: CrossSourceView, cluster_id: str) -> Cluster:
    for cluster in view.clusters:
        if cluster.id == cluster_id:
            return cluster
    raise NotFoundError("cluster", cluster_id)


@router.get("/clusters", response_class=HTMLResponse)
def clusters(request: Request, ledger: LedgerDep, view: ViewDep, wanted: FilterDep,
             ask: PageDep) -> HTMLResponse:
    kept, options = cluster_items(ledger, view.clusters, wanted)
    page = paginate(kept, ask)
    return render(request, "clusters.html.j2", {"clusters": page.items, "page": page,
                                                "options": options, "wanted": wanted,
                                                "total": len(view.clusters)})


# Cluster ids contain slashes ("killed/X/military/current/2023-09-20"), hence ":path".
@router.get("/clusters/{cluster_id:path}", response_class=HTMLResponse)
def cluster(request: Request, view: ViewDep, cluster_id: str) -> HTMLResponse:
    found = find_cluster(view, cluster_id)
    points = sorted((p for p in view.evolution if p.cluster == found.id),
                    key=lambda p: (p.claimant, p.date or ""))
    return render(request, "cluster.html.j2", {"cluster": found, "points": points,
                                               "chart": evolution_chart(found, points)})
