"""``/discrepancies``: where outlets or claimants disagree, with the claims behind it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageDep, paginate
from claimledger.web.queries import DISCREPANCY_SORTS, discrepancy_items, sorted_by
from claimledger.web.routes.claims import FilterDep, SortParam

router = APIRouter()


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies(request: Request, ledger: LedgerDep, wanted: FilterDep,
                  ask: PageDep, sort: SortParam = "") -> HTMLResponse:
    items, options = discrepancy_items(ledger, wanted)
    page = paginate(sorted_by(items, sort, DISCREPANCY_SORTS), ask, per_page=50)
    return render(request, "discrepancies.html.j2", {
        "items": page.items, "page": page, "options": options,
        "wanted": wanted, "sort": sort, "sorts": DISCREPANCY_SORTS})
