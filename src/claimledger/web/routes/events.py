"""``/events``: every dated event on one timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.queries import outlet_of, timeline

router = APIRouter()


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, ledger: LedgerDep) -> HTMLResponse:
    outlets = {d.id: outlet_of(d) for d in ledger.documents()}
    return render(request, "events.html.j2",
                  {"events": timeline(ledger.events()), "outlets": outlets})
