"""``/``: what the ledger holds, with links to every page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, ViewDep, render
from claimledger.web.queries import outlet_of

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, ledger: LedgerDep, view: ViewDep) -> HTMLResponse:
    documents = ledger.documents()
    outlets = sorted({outlet_of(d) for d in documents if d.source}, key=str.casefold)
    context = {"stats": ledger.stats(), "outlets": outlets, "clusters": len(view.clusters),
               "documents": documents, "errors": ledger.input_errors()}
    return render(request, "overview.html.j2", context)
