"""``/discrepancies``: where outlets or claimants disagree, with the claims behind it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render

router = APIRouter()


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies(request: Request, ledger: LedgerDep) -> HTMLResponse:
    return render(request, "discrepancies.html.j2", {"items": ledger.discrepancies()})
