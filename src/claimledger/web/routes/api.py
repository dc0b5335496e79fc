"""``/api/...``: the same data as JSON, records in their contract form (``to_json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from claimledger.web.deps import LedgerDep
from claimledger.web.paging import PageDep, api_page
from claimledger.web.queries import claim_rows
from claimledger.web.routes.claims import FilterDep
from claimledger.web.routes.documents import find_document

router = APIRouter(prefix="/api")


@router.get("/claims")
def api_claims(request: Request, response: Response, ledger: LedgerDep, wanted: FilterDep,
               ask: PageDep) -> list[dict[str, Any]]:
    rows, _ = claim_rows(ledger, wanted)
    return [row.claim.to_json() for row in api_page(rows, ask, request, response)]


@router.get("/documents")
def api_documents(request: Request, response: Response, ledger: LedgerDep,
                  ask: PageDep) -> list[dict[str, Any]]:
    return [d.to_json() for d in api_page(ledger.documents(), ask, request, response)]


@router.get("/documents/{doc_id:path}")
def api_document(request: Request, ledger: LedgerDep, doc_id: str) -> dict[str, Any]:
    """The document and all its records, each in contract form."""
    document = find_document(ledger, doc_id)
    records = [*ledger.quantities(doc_id), *ledger.events(doc_id),
               *request.app.state.view_cache.entities_of(ledger, doc_id)]
    return {"document": document.to_json(), "records": [r.to_json() for r in records]}


@router.get("/discrepancies")
def api_discrepancies(request: Request, response: Response, ledger: LedgerDep,
                      ask: PageDep) -> list[dict[str, Any]]:
    return [d.to_json() for d in api_page(ledger.discrepancies(), ask, request, response)]
