"""Domain errors of the web UI and the one place that maps them to HTTP status."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger.errors import ClaimledgerError, StoreError
from claimledger.web.deps import render


class NotFoundError(ClaimledgerError):
    """A document, cluster or other item the ledger does not hold."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key!r} in this ledger")


def _error_response(request: Request, status: int, title: str, message: str) -> Response:
    """JSON under /api, an HTML page everywhere else."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html.j2", {"title": title, "message": message},
                  status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Map every domain error (and unknown routes) to a status code, once, for all routes."""

    @app.exception_handler(NotFoundError)
    def not_found(request: Request, error: NotFoundError) -> Response:
        return _error_response(request, 404, "Not found", str(error))

    @app.exception_handler(StoreError)
    def store_failed(request: Request, error: StoreError) -> Response:
        return _error_response(request, 503, "Ledger unavailable", str(error))

    @app.exception_handler(ClaimledgerError)
    def bad_request(request: Request, error: ClaimledgerError) -> Response:
        return _error_response(request, 400, "Bad request", str(error))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        title = "Not found" if error.status_code == 404 else "Error"
        return _error_response(request, error.status_code, title, str(error.detail))
