"""``/discrepancies``: where outlets or claimants disagree, with the claims behind it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageDep, paginate

router = APIRouter()


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies(request: Request, ledger: LedgerDep, ask: PageDep) -> HTMLResponse:
    page = paginate(ledger.discrepancies(), ask, per_page=50)
    return render(request, "discrepancies.html.j2", {"items": page.items, "page": page})
