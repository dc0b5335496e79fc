"""Local web UI to browse a ledger: FastAPI, server-side rendered, nothing loaded from outside.

``create_app(db_path)`` is the whole API; ``claimledger serve`` runs it under uvicorn.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from claimledger.errors import StoreError
from claimledger.store import Ledger
from claimledger.web.deps import ViewCache
from claimledger.web.errors import install_error_handlers
from claimledger.web.routes import ROUTERS


def _check_ledger(db_path: Path) -> None:
    """Fail at start-up, not on the first request: the file must exist and be a ledger."""
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no ledger here; build one with "
                         "`claimledger analyze INPUT --db LEDGER.db`")
    Ledger(db_path).close()


def create_app(db_path: str | Path) -> FastAPI:
    """The web app over one ledger file; each request opens its own connection."""
    path = Path(db_path)
    _check_ledger(path)
    app = FastAPI(title="claimledger", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db_path = str(path)
    app.state.view_cache = ViewCache()
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


__all__ = ["create_app"]
