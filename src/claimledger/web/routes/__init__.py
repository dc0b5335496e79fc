"""One router per resource; ``ROUTERS`` is what ``create_app`` includes."""

from __future__ import annotations

from claimledger.web.routes import (
    api,
    assets,
    claims,
    clusters,
    corrections,
    discrepancies,
    documents,
    entities,
    events,
    incidents,
    overview,
    search,
)

ROUTERS = (overview.router, incidents.router, claims.router, documents.router, discrepancies.router,
           clusters.router, events.router, entities.router, search.router, api.router,
           corrections.router,
           assets.router)
