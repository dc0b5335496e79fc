"""``/claims``: every quantity claim, filtered by the GET form's fields, sorted, paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageAsk, paginate
from claimledger.web.queries import CLAIM_SORTS, ClaimFilter, claim_rows, sorted_by

router = APIRouter()

FilterDep = Annotated[ClaimFilter, Depends(ClaimFilter)]
SortParam = Annotated[str, Query(max_length=40)]
PageParam = Annotated[int, Query(ge=1)]
# Rows per page: a longer page is unreadable; the filters (or /api/claims) give the rest.
MAX_ROWS = 500


def page_of(items: list, page: int) -> tuple[list, int, int]:
    """The items of one page, the first item's position (from 1) and the number of pages."""
    shown = paginate(items, PageAsk(page), MAX_ROWS)
    return shown.items, (shown.number - 1) * MAX_ROWS + 1, shown.pages


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, ledger: LedgerDep, wanted: FilterDep, sort: SortParam = "",
           page: PageParam = 1) -> HTMLResponse:
    rows, options = claim_rows(ledger, wanted)
    shown, first, pages = page_of(sorted_by(rows, sort, CLAIM_SORTS), page)
    return render(request, "claims.html.j2", {
        "rows": shown, "total": len(rows), "first": first, "page": min(page, pages),
        "pages": pages, "options": options, "wanted": wanted, "sort": sort,
        "sorts": CLAIM_SORTS})
