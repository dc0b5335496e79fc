"""``/events``: every dated event on one timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageDep, paginate
from claimledger.web.queries import outlet_of, timeline

router = APIRouter()


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, ledger: LedgerDep, ask: PageDep) -> HTMLResponse:
    page = paginate(timeline(ledger.events()), ask)
    outlets = {doc: outlet_of(ledger.document(doc)) for doc in {e.doc for e in page.items}}
    return render(request, "events.html.j2",
                  {"events": page.items, "page": page, "outlets": outlets})
