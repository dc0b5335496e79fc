"""``/claims``: every quantity claim, filtered by the GET form's fields."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.queries import ClaimFilter, claim_rows

router = APIRouter()

FilterDep = Annotated[ClaimFilter, Depends(ClaimFilter)]
# A page longer than this is unreadable; the filters (or /api/claims) give the rest.
MAX_ROWS = 1000


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, ledger: LedgerDep, wanted: FilterDep) -> HTMLResponse:
    rows, options = claim_rows(ledger, wanted)
    return render(request, "claims.html.j2", {"rows": rows[:MAX_ROWS], "total": len(rows),
                                              "options": options, "wanted": wanted})
