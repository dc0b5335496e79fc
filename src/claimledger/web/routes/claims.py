"""``/claims``: every quantity claim, filtered by the GET form's fields."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageDep, paginate
from claimledger.web.queries import ClaimFilter, claim_rows

router = APIRouter()

FilterDep = Annotated[ClaimFilter, Depends(ClaimFilter)]


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, ledger: LedgerDep, wanted: FilterDep,
           ask: PageDep) -> HTMLResponse:
    rows, options = claim_rows(ledger, wanted)
    page = paginate(rows, ask)
    return render(request, "claims.html.j2", {"rows": page.items, "total": len(rows),
                                              "page": page, "options": options,
                                              "wanted": wanted})
