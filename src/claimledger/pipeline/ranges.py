"""Sorted ``[start, end)`` ranges that answer "which overlap, lie inside or contain this one"
by bisection, for per-mention look-ups over all of a document's entities or places.

Scanning every range of the document once per mention made a component's cost grow with
the square of the article's length; here a look-up reads only the ranges that start within
the longest range's length of it. Duplicates are kept, in sorted order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Ranges:
    """An immutable, sorted collection of ``(start, end)`` pairs."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.items = sorted(ranges)
        self.starts = [start for start, _ in self.items]
        self.longest = max((end - start for start, end in self.items), default=0)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        """Every range that can overlap, lie inside or contain ``[start, end)``."""
        low = bisect_left(self.starts, start - self.longest)
        return self.items[low:bisect_right(self.starts, end)]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self._near(start, end) if s < end and start < e]

    def inside(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self._near(start, end) if s >= start and e <= end]

    def containing(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self._near(start, end) if s <= start and end <= e]


class ByStart:
    """Mention dicts (``"start"`` a character offset) kept in order of start, looked up by
    where they start: what a component asks per claim or trigger ("the places of this
    sentence") costs a bisection instead of a scan of the whole document's mentions.
    Mentions that start together keep their given order."""

    def __init__(self, mentions: Iterable[dict]) -> None:
        self.items = sorted(mentions, key=lambda m: m["start"])
        self.starts = [m["start"] for m in self.items]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The slice of ``items`` that starts in ``[start, end)``."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def starting_in(self, start: int, end: int) -> list[dict]:
        low, high = self.bounds(start, end)
        return self.items[low:high]
