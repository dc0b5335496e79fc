"""The interval of values a figure admits once its qualifier is taken at its word.

Two figures can both be true only if their intervals overlap, so ``compatible`` is the
test every discrepancy starts from: "at least 200" admits 213, "192" does not admit 204.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from claimledger.lexicons import load_lexicon
from claimledger.settings import AlignSettings, align_settings

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A closed or open interval [lo, hi]; ``lo_open``/``hi_open`` mark strict bounds."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def overlaps(self, other: Interval) -> bool:
        lo = max(self.lo, other.lo)
        hi = min(self.hi, other.hi)
        if lo < hi:
            return True
        lo_open = (self.lo == lo and self.lo_open) or (other.lo == lo and other.lo_open)
        hi_open = (self.hi == hi and self.hi_open) or (other.hi == hi and other.hi_open)
        return lo == hi and not lo_open and not hi_open


@cache
def _below_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _has_below_word(number_text: str, settings: AlignSettings) -> bool:
    return bool(number_text and _below_pattern(settings.below_words).search(number_text))


def _about(value: float, number_text: str, settings: AlignSettings) -> Interval:
    spread = abs(value) * settings.about_width
    if _has_below_word(number_text, settings):
        return Interval(value - spread, value)
    return Interval(value - spread, value + spread)


def _vague(value: float, low: float | None, number_text: str) -> Interval:
    """A vague amount has an order of magnitude: "dozens" (24) and "several dozen" (36) lie
    under 100, "hundreds" under 1,000, "tens of thousands" under 100,000; "dozens if not
    hundreds" reaches the next power of ten, under 1,000."""
    floor = low if low is not None else value
    if value <= 0:
        return Interval(floor, INF)
    ceiling = 10.0 ** (math.floor(math.log10(value)) + 1)
    if _widening_pattern().search(number_text):
        ceiling *= 10
    return Interval(floor, max(ceiling, floor), hi_open=ceiling > floor)


@cache
def _widening_pattern() -> re.Pattern[str]:
    words = load_lexicon("numbers").get("vague_widening", {}).get("words", ())
    return _below_pattern(tuple(words)) if words else re.compile(r"(?!)")


def _range(value: float, low: float | None, high: float | None) -> Interval:
    lo = value if low is None else low
    hi = value if high is None else high
    return Interval(min(lo, hi), max(lo, hi))


def interval_for(
    value: float,
    qualifier: str = "exact",
    low: float | None = None,
    high: float | None = None,
    vague: bool = False,
    number_text: str = "",
    settings: AlignSettings | None = None,
) -> Interval:
    """The interval a figure implies; unknown qualifiers are read as exact."""
    settings = settings or align_settings()
    if vague:
        return _vague(value, low, number_text or "")
    if qualifier == "about":
        return _about(value, number_text or "", settings)
    if qualifier == "at_least":
        return Interval(value, INF)
    if qualifier == "more_than":
        return Interval(value, INF, lo_open=True)
    if qualifier in ("at_most", "up_to"):
        return Interval(0.0, value)
    if qualifier == "less_than":
        return Interval(0.0, value, hi_open=True)
    if qualifier == "range":
        return _range(value, low, high)
    return Interval(value, value)


def quantity_interval(quantity, settings: AlignSettings | None = None) -> Interval:
    """``interval_for`` on anything with Quantity's fields (a Quantity, a ClaimRef-like)."""
    return interval_for(
        float(quantity.value), getattr(quantity, "qualifier", "exact") or "exact",
        getattr(quantity, "low", None), getattr(quantity, "high", None),
        bool(getattr(quantity, "vague", False)), getattr(quantity, "number_text", "") or "",
        settings,
    )


def compatible(a, b, settings: AlignSettings | None = None) -> bool:
    """True when two figures (Quantity, ClaimRef or Interval) can both be true."""
    first = a if isinstance(a, Interval) else quantity_interval(a, settings)
    second = b if isinstance(b, Interval) else quantity_interval(b, settings)
    return first.overlaps(second)
