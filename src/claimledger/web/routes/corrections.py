"""``POST /corrections``: the CLI's ``claimledger correct`` from the pages; ``GET`` lists them.

One endpoint takes every correction (the form says which ``action``), so the CSRF check, the
validation and the re-statement of clusters and discrepancies are those of the CLI
(``orchestrate.correct``). After a correction the browser is sent back to the page it came
from (a local path only: never an open redirect).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from claimledger.corrections import (
    Correction,
    CorrectionError,
    apply_corrections,
    excluded_documents,
    parse_value,
    rejected_claims,
)
from claimledger.orchestrate import correct
from claimledger.records import MEASURES, QUALIFIERS, Quantity
from claimledger.store import Ledger
from claimledger.web.csrf import form_fields
from claimledger.web.deps import LedgerDep, render
from claimledger.web.paging import PageDep, paginate

router = APIRouter()

# The claim fields the document page's form edits; `claimledger correct --set` takes more.
FORM_FIELDS = ("measure", "qualifier", "value", "claimant", "subject", "incident")
CLAIM_ACTIONS = ("set", "reject", "restore")
DOCUMENT_ACTIONS = ("exclude", "include")


def local_path(target: str) -> str:
    """Where to go back to: a path on this server, else the overview."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _claim(ledger: Ledger, claim_id: str) -> Quantity:
    """The claim as corrected so far (as extracted, if a correction rejected it)."""
    found = ledger.claims_named([claim_id]).get(claim_id)
    if found is None:
        raise CorrectionError(f"no claim {claim_id!r} in the ledger")
    return next(iter(apply_corrections([found], ledger.corrections())), found)


def _unchanged(claim: Quantity, name: str, text: str) -> bool:
    current = getattr(claim, name)
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        try:
            return float(text) == float(current)
        except ValueError:
            return False
    return text == (current or "")


def field_corrections(claim: Quantity, fields: dict[str, str], who: str,
                      why: str) -> list[Correction]:
    """One `set` correction per form field whose value differs from the claim's."""
    asked = [Correction(claim.id, "set", name, parse_value(name, fields[name].strip()),
                        who=who, why=why)
             for name in FORM_FIELDS
             if name in fields and not _unchanged(claim, name, fields[name].strip())]
    if not asked:
        raise CorrectionError("nothing changed: edit a field before saving")
    return asked


def asked_corrections(ledger: Ledger, fields: dict[str, str]) -> list[Correction]:
    target, action = fields.get("target", ""), fields.get("action", "")
    who, why = fields.get("who", "").strip() or "web UI", fields.get("why", "").strip()
    if action == "set":
        return field_corrections(_claim(ledger, target), fields, who, why)
    if action in (*CLAIM_ACTIONS, *DOCUMENT_ACTIONS):
        return [Correction(target, action, who=who, why=why)]
    if action in ("merge", "move"):  # an incident into another; a claim into a cluster
        return [Correction(target, action, value=fields.get("into", "").strip(), who=who,
                           why=why)]
    raise CorrectionError(f"unknown correction {action!r}")


@router.post("/corrections")
async def post_correction(request: Request, ledger: LedgerDep) -> RedirectResponse:
    fields = await form_fields(request)
    try:
        correct(ledger, asked_corrections(ledger, fields))
    except CorrectionError as error:
        raise HTTPException(400, str(error)) from error
    request.app.state.view_cache.get(ledger, current=True)  # the next page shows it
    return RedirectResponse(local_path(fields.get("next", "/")), status_code=303)


@router.get("/corrections", response_class=HTMLResponse)
def list_corrections(request: Request, ledger: LedgerDep, ask: PageDep) -> HTMLResponse:
    """One page of corrections; only the claims and documents they name are read."""
    corrections = ledger.corrections()
    page = paginate(corrections, ask)
    targets = {c.target for c in page.items}
    context = {"corrections": page.items, "page": page, "total": len(corrections),
               "documents": ledger.documents_named(targets),
               "claims": ledger.claims_named(targets),
               "rejected": rejected_claims(corrections),
               "excluded": excluded_documents(corrections)}
    return render(request, "corrections.html.j2", context)


EDIT_CHOICES = {"measure": MEASURES, "qualifier": QUALIFIERS}

__all__ = ["EDIT_CHOICES", "FORM_FIELDS", "asked_corrections", "local_path", "router"]
