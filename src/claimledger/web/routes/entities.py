"""``/entities``: canonical entities, the names seen for each and the outlets using them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.queries import entity_index

router = APIRouter()


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, ledger: LedgerDep) -> HTMLResponse:
    index = entity_index(ledger.entities(), ledger.documents())
    return render(request, "entities.html.j2", {"entries": index})
