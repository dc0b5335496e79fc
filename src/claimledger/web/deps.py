"""Request dependencies: a ledger opened per request, the cached cross-source view, templates.

Each request opens its own SQLite connection and closes it, so uvicorn's worker threads
never share one. The cross-source view is costly to build, so it is kept until the
ledger's data changes (its change counter, not file times: opening a connection alone
re-creates the WAL file).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from claimledger.crosssource.view import CrossSourceView
from claimledger.orchestrate import ledger_view
from claimledger.records import Entity
from claimledger.store import Ledger
from claimledger.web.csrf import page_token, set_cookie
from claimledger.web.formatting import TEMPLATE_FILTERS

TEMPLATE_DIR = Path(__file__).parent / "templates"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(TEMPLATE_FILTERS)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, context: dict[str, Any],
           status_code: int = 200) -> HTMLResponse:
    """A page; every page carries the CSRF token its correction forms post back."""
    edits = getattr(request.app.state, "edits", False)
    context = {"csrf": page_token(request) if edits else "", "edits": edits,
               "updating": getattr(request.state, "view_behind", False), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    if edits:
        set_cookie(request, response)
    return response


def open_ledger(request: Request) -> Iterator[Ledger]:
    ledger = Ledger(request.app.state.db_path, create=False)
    try:
        yield ledger
    finally:
        ledger.close()


LedgerDep = Annotated[Ledger, Depends(open_ledger)]


def web_view(ledger: Ledger) -> CrossSourceView:
    """The view the pages show: no framing terms (no page shows them), and the stored
    clusters of every incident unchanged since the last refresh (``analyze`` and every
    correction refresh them), so a rebuild after a write aligns only what the write touched."""
    return ledger_view(ledger, framing=False, reuse=True)


class ViewCache:
    """The last cross-source view, reused while the ledger's change counter is unchanged.

    After a write the previous view is served at once while one background thread builds
    the new one (an `analyze` committing every second would otherwise make every overview
    request wait for a rebuild); the pages say the findings are being updated. Only when
    there is no view yet does a request wait. A reader who just made a correction asks
    for a ``current`` view, which waits for one at least as new as the ledger.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the fields below
        self._building = threading.Lock()  # held by the one thread rebuilding
        self._key: int | None = None
        self._view: CrossSourceView | None = None
        self._entities: dict[str, list[Entity]] = {}  # doc id → its resolved entities
        self._worker: threading.Thread | None = None

    def _cached(self, key: int) -> CrossSourceView | None:
        with self._lock:
            if self._view is not None and self._key is not None and self._key >= key:
                return self._view
            return None

    def get(self, ledger: Ledger, *, current: bool = False) -> CrossSourceView:
        key = ledger.change_counter()  # read before building: a later write rebuilds again
        view = self._cached(key)
        if view is not None:
            return view
        with self._lock:
            previous = self._view
        if not current and previous is not None:
            self._build_in_background(ledger.path)
            return previous
        return self._build(ledger, key)

    def behind(self, ledger: Ledger) -> bool:
        """Whether the view served is older than the ledger (a rebuild is under way)."""
        with self._lock:
            return self._key is not None and self._key < ledger.change_counter()

    def _build(self, ledger: Ledger, key: int) -> CrossSourceView:
        with self._building:
            view = self._cached(key)
            if view is not None:  # built while this request waited
                return view
            key = ledger.change_counter()
            view = web_view(ledger)
            with self._lock:
                if self._key is None or key >= self._key:
                    self._view, self._key, self._entities = view, key, _by_document(view)
            return view

    def warm(self, path: str) -> None:
        """Start building the view now (a server starting), so its first reader finds it
        built or under way rather than starting it."""
        self._build_in_background(path)

    def _build_in_background(self, path: str) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return  # one rebuild at a time; it reads the counter when it starts
            self._worker = threading.Thread(target=self._rebuild, args=(path,), daemon=True,
                                            name="claimledger-view")
            self._worker.start()

    def _rebuild(self, path: str) -> None:
        try:
            with Ledger(path, create=False) as ledger:
                self._build(ledger, ledger.change_counter())
        except Exception:  # noqa: BLE001 - the next request tries again; pages keep the last view
            logging.getLogger(__name__).exception("rebuilding the cross-source view failed")

    def wait(self, timeout: float | None = None) -> None:
        """Until a background rebuild under way is done (tests; a clean shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def entities_of(self, ledger: Ledger, doc: str) -> list[Entity]:
        """One document's entities as resolved across the ledger: a look-up once the view is
        built, so a document page costs what its document holds (an excluded document,
        absent from the view, is resolved on its own)."""
        view = self.get(ledger)
        with self._lock:
            if self._view is view and doc in self._entities:
                return list(self._entities[doc])
        return ledger.entities(doc)


def _by_document(view: CrossSourceView) -> dict[str, list[Entity]]:
    by_doc: dict[str, list[Entity]] = {d.id: [] for d in view.documents}
    for entity in view.entities:
        by_doc.setdefault(entity.doc, []).append(entity)
    return by_doc


def current_view(request: Request, ledger: LedgerDep) -> CrossSourceView:
    cache = request.app.state.view_cache
    view = cache.get(ledger)
    request.state.view_behind = cache.behind(ledger)
    return view


ViewDep = Annotated[CrossSourceView, Depends(current_view)]
