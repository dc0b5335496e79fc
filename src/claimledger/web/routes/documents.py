"""``/documents`` and ``/documents/{id}``: the article text with its records marked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.corrections import claim_marks, excluded_documents
from claimledger.records import Document
from claimledger.store import Ledger
from claimledger.web.deps import LedgerDep, render
from claimledger.web.errors import NotFoundError
from claimledger.web.markup import record_spans, segment_text
from claimledger.web.paging import PageDep, paginate
from claimledger.web.routes.corrections import EDIT_CHOICES

router = APIRouter()


def find_document(ledger: Ledger, doc_id: str) -> Document:
    document = ledger.document(doc_id)
    if document is None:
        raise NotFoundError("document", doc_id)
    return document


def safe_url(url: str | None) -> str:
    """Only http(s) links leave the page; a "javascript:" url is shown as text."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, ledger: LedgerDep, ask: PageDep) -> HTMLResponse:
    page = paginate(ledger.documents(), ask)
    counts = {d.id: len(ledger.quantities(d.id)) for d in page.items}
    return render(request, "documents.html.j2",
                  {"documents": page.items, "page": page, "counts": counts})


# Ids may hold slashes ("wire/2023/17"): the UI links to them unescaped, hence ":path".
@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, ledger: LedgerDep, doc_id: str) -> HTMLResponse:
    found = find_document(ledger, doc_id)
    quantities, events = ledger.quantities(doc_id), ledger.events(doc_id)
    entities = request.app.state.view_cache.entities_of(ledger, doc_id)
    segments = segment_text(found.text, record_spans(quantities, events, entities))
    corrections = ledger.corrections()
    context = {"doc": found, "url": safe_url(found.url), "segments": segments,
               "quantities": sorted(quantities, key=lambda q: q.start),
               "events": sorted(events, key=lambda e: e.start), "entities": entities,
               "marks": claim_marks(corrections), "choices": EDIT_CHOICES,
               "excluded": found.id in excluded_documents(corrections),
               "back": request.url.path}
    return render(request, "document.html.j2", context)
