"""CSRF protection for the web UI's corrections: the only requests that change the ledger.

Every page hands the browser a random session cookie (HttpOnly, SameSite=Strict) and puts
``HMAC(app secret, session)`` in each form. A state-changing request (anything but GET,
HEAD, OPTIONS) must carry both, and the token must match the cookie; a page on another site
can make the browser send the cookie but cannot read the token. An ``Origin`` header naming
another host is refused too. The secret lives only in the running app: a restart makes old
pages' forms invalid, which costs a reload, nothing more.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qsl, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response

COOKIE = "claimledger_session"
FIELD = "csrf"
HEADER = "x-csrf-token"
FORM_TYPE = "application/x-www-form-urlencoded"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfGuard:
    """Issues and checks the tokens of one running app."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def token(self, session: str) -> str:
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.token(str(session)),
                                                               str(token))


def session_of(request: Request) -> tuple[str, bool]:
    """The request's session id, and whether it is new (then the response must set it)."""
    existing = request.cookies.get(COOKIE)
    if existing:
        return existing, False
    cached = getattr(request.state, "new_session", None)
    if cached is None:
        cached = request.state.new_session = secrets.token_urlsafe(24)
    return cached, True


def page_token(request: Request) -> str:
    """The token to embed in this page's forms (the session cookie is set by ``set_cookie``)."""
    guard: CsrfGuard = request.app.state.csrf
    return guard.token(session_of(request)[0])


def set_cookie(request: Request, response: Response) -> None:
    session, new = session_of(request)
    if new:
        response.set_cookie(COOKIE, session, httponly=True, samesite="strict", path="/")


async def form_fields(request: Request) -> dict[str, str]:
    """A urlencoded form body as a dict (the last value of a repeated field wins), parsed
    here rather than by ``request.form()``, which would need python-multipart."""
    cached = getattr(request.state, "form_fields", None)
    if cached is None:
        cached = {}
        if request.headers.get("content-type", "").startswith(FORM_TYPE):
            body = (await request.body()).decode("utf-8", errors="replace")
            cached = dict(parse_qsl(body, keep_blank_values=True))
        request.state.form_fields = cached
    return cached


def _foreign_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


async def check_csrf(request: Request) -> None:
    """App-wide dependency: a state-changing request without a valid token is a 403."""
    if request.method in SAFE_METHODS:
        return
    if not request.app.state.edits:
        raise HTTPException(403, "this server does not take corrections (bound to a "
                                 "non-loopback address; use `claimledger correct`)")
    if _foreign_origin(request):
        raise HTTPException(403, "request from another site refused")
    token = request.headers.get(HEADER) or (await form_fields(request)).get(FIELD)
    if not request.app.state.csrf.valid(request.cookies.get(COOKIE), token):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and retry")


__all__ = ["COOKIE", "FIELD", "CsrfGuard", "check_csrf", "form_fields", "page_token", "set_cookie"]
