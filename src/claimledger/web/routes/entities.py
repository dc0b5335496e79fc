"""``/entities``: canonical entities, the names seen for each and the outlets using them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import ViewDep, render
from claimledger.web.paging import PageDep, paginate
from claimledger.web.queries import entity_index

router = APIRouter()


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, view: ViewDep, ask: PageDep) -> HTMLResponse:
    page = paginate(entity_index(view.entities, view.documents), ask)
    return render(request, "entities.html.j2", {"entries": page.items, "page": page})
