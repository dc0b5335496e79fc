"""``/search?q=``: full-text search over the article texts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.deps import LedgerDep, render
from claimledger.web.formatting import headline
from claimledger.web.queries import search_parts

router = APIRouter()


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, ledger: LedgerDep, q: str = "", limit: int = 50) -> HTMLResponse:
    hits = [(doc_id, search_parts(snippet)) for doc_id, snippet in
            ledger.search(q, max(1, min(limit, 500)))] if q.strip() else []
    titles = {d.id: headline(d) for d in ledger.documents()}
    return render(request, "search.html.j2", {"q": q, "hits": hits, "titles": titles})
