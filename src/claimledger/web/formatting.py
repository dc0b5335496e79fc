"""How figures and labels read on the pages (Jinja filters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from claimledger.crosssource.wording import DURATION_MEASURE, format_hours, format_number

_QUALIFIER_WORDS = {
    "about": "about", "at_least": "at least", "more_than": "more than",
    "at_most": "at most", "less_than": "less than", "up_to": "up to",
}


def _field(claim: Any, name: str) -> Any:
    """Read a field from a record, a ClaimRef or a discrepancy's claim dict alike."""
    if isinstance(claim, Mapping):
        return claim.get(name)
    return getattr(claim, name, None)


def _amount(value: float | None, measure: str) -> str:
    """Durations are stored in hours and read as "23 h 43 min"; counts as "1,234"."""
    if measure == DURATION_MEASURE and value is not None:
        return format_hours(float(value))
    return format_number(value)


def figure(claim: Any, measure: str = "") -> str:
    """The number with its qualifier, as a reader says it: "at least 200", "18,000–20,000".

    ``measure`` is for items that do not carry their own (a cluster's claims)."""
    measure = measure or _field(claim, "measure") or ""
    qualifier = _field(claim, "qualifier") or "exact"
    low, high = _field(claim, "low"), _field(claim, "high")
    if qualifier == "range" and low is not None and high is not None:
        return f"{_amount(low, measure)}–{_amount(high, measure)}"
    number = _amount(_field(claim, "value"), measure)
    words = _QUALIFIER_WORDS.get(qualifier, "")
    return f"{words} {number}".strip()


def words(label: str | None) -> str:
    """Snake-case codes ("at_least", "one_sided") as words."""
    return (label or "").replace("_", " ")


def number(value: float | None) -> str:
    return format_number(value)


def input_number(value: float | None) -> str:
    """A number as a form field holds it: "42", "2.5", never "42.0" or "1,234"."""
    if value is None:
        return ""
    return f"{value:g}" if float(value) != int(value) else str(int(value))


HEADLINE_CHARS = 120


def headline(document: Any) -> str:
    """What a document is called on the pages: its title, else its first line, else its id."""
    title = (_field(document, "title") or "").strip()
    if not title:
        text = _field(document, "text") or ""
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if len(title) > HEADLINE_CHARS:
            title = title[:HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"
    return title or _field(document, "id") or ""


def query_link(params: Mapping[str, str], **changes: Any) -> str:
    """This page's query string with some parameters changed (None or "" drops one), so a
    sort or page link keeps the filters."""
    kept = {k: v for k, v in params.items() if k not in changes and v}
    kept.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
    return "?" + urlencode(kept) if kept else "?"


def claim_anchor(start: int) -> str:
    return f"q-{start}"


def event_anchor(start: int) -> str:
    return f"e-{start}"


TEMPLATE_FILTERS: dict[str, Callable[..., str]] = {
    "figure": figure, "words": words, "number": number,
    "claim_anchor": claim_anchor, "event_anchor": event_anchor,
    "input_number": input_number, "headline": headline, "query_link": query_link,
}
