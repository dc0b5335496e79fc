"""The stylesheet, served by the app itself (no CDN, nothing fetched from outside)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter()
_CSS = Path(__file__).resolve().parent.parent / "static" / "style.css"


@router.get("/static/style.css", include_in_schema=False)
def stylesheet() -> Response:
    return Response(_CSS.read_text(encoding="utf-8"), media_type="text/css",
                    headers={"Cache-Control": "max-age=300"})
