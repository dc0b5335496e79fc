"""How figures, claimants and dates read in notes and rules: one place, so notes stay uniform."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from claimledger.crosssource.view import ClaimRef
from claimledger.settings import align_settings

DURATION_MEASURE = "other:duration"
_QUALIFIER_WORDS = {
    "about": "about", "at_least": "at least", "more_than": "more than", "at_most": "at most",
    "less_than": "less than", "up_to": "up to",
}


def parse_date(text: str | None) -> date | None:
    """The calendar day of an ISO date or date-time; None when missing or unreadable."""
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


@lru_cache(maxsize=65536)  # a few thousand distinct dates, asked for per comparison
def day_number(text: str | None) -> int | None:
    """The day's ordinal (days since year 1) of an ISO date, for date arithmetic and sorting."""
    day = parse_date(text)
    return day.toordinal() if day else None


def claim_day(ref: ClaimRef) -> int | None:
    """The ordinal of the day a claim speaks for (``claim_date``), or None when undated."""
    return day_number(claim_date(ref))


def format_number(value: float | None) -> str:
    if value is None:
        return "?"
    if math.isinf(value):
        return "∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_hours(hours: float) -> str:
    """23.7167 → "23 h 43 min": durations are stored in hours, read in hours and minutes."""
    whole = int(hours)
    minutes = round((hours - whole) * 60)
    if minutes == 60:
        whole, minutes = whole + 1, 0
    return f"{whole} h {minutes} min" if minutes else f"{whole} h"


def format_figure(ref: ClaimRef, measure: str = "") -> str:
    """The figure with its qualifier, as a reader would say it ("at least 200")."""
    if ref.qualifier == "range" and ref.low is not None and ref.high is not None:
        number = f"{_number(ref.low, measure)}–{_number(ref.high, measure)}"
    else:
        number = _number(ref.value, measure)
    if measure == DURATION_MEASURE and ref.number_text:
        return f"{ref.number_text} [{number}]"
    words = _QUALIFIER_WORDS.get(ref.qualifier, "")
    if ref.qualifier == "about":
        words = _below_word(ref.number_text) or words
    return f"{words} {number}".strip()


def _below_word(number_text: str) -> str:
    """"nearly" or "almost" as written, so a note does not flatten it to "about"."""
    lower = number_text.lower()
    return next((w for w in align_settings().below_words if re.search(rf"\b{w}\b", lower)), "")


def _number(value: float, measure: str) -> str:
    return format_hours(value) if measure == DURATION_MEASURE else format_number(value)


def claimant_label(ref: ClaimRef) -> str:
    return ref.claimant or ref.source or "unattributed"


def claim_date(ref: ClaimRef) -> str | None:
    """The date a figure speaks for: its own as-of date, else the article's publication date."""
    return ref.as_of or ref.published
