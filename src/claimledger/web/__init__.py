"""Local web UI to browse a ledger: FastAPI, server-side rendered, nothing loaded from outside.

``create_app(db_path)`` is the whole API; ``claimledger serve`` runs it under uvicorn.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from claimledger.store import Ledger
from claimledger.web.csrf import CsrfGuard, check_csrf
from claimledger.web.deps import ViewCache
from claimledger.web.errors import install_error_handlers
from claimledger.web.routes import ROUTERS


def _check_ledger(db_path: Path) -> None:
    """Fail at start-up, not on the first request: the file must exist and be a ledger."""
    Ledger(db_path, create=False).close()


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def allowed_hosts(host: str) -> list[str]:
    """The ``Host`` header values the app answers: the name it is bound to (and the loopback
    names, when bound to loopback). A web page on another name that resolves to 127.0.0.1
    (DNS rebinding) is refused with 400. Bound to every interface, any name is answered."""
    if host in WILDCARD_HOSTS:
        return ["*"]
    if is_loopback(host):
        return sorted({host, *LOOPBACK_NAMES})
    return [host]


def create_app(db_path: str | Path, host: str = "127.0.0.1",
               edits: bool | None = None) -> FastAPI:
    """The web app over one ledger file; each request opens its own connection.

    ``host`` is the address the server is bound to; requests naming another host are refused.
    ``edits`` lets the pages post corrections (CSRF-protected); by default only on loopback,
    since anyone who reaches the server could otherwise rewrite the ledger.
    """
    path = Path(db_path)
    _check_ledger(path)
    app = FastAPI(title="claimledger", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(check_csrf)])
    app.state.csrf = CsrfGuard()
    app.state.edits = is_loopback(host) if edits is None else edits
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    app.state.db_path = str(path)
    app.state.view_cache = ViewCache()
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


__all__ = ["allowed_hosts", "create_app", "is_loopback"]
