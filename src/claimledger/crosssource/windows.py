"""Counting windows in cluster keys: running totals from different stated starts are
different series, one day's flow is no rival of a total (``Quantity.count_window``, read by
pipeline/count_windows.py).

A block's incident element is ``incident[@place][~window]``; :func:`incident_parts` splits
it. :func:`fold_windows` puts the figures of one group into their series: starts that one
contains the other ("since mid-August", "since 14 August") are one series, and a figure
that states no window is a running total of the whole: it joins the series with the
earliest start (the total since the operation began), never a day's count or a stock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from claimledger.crosssource.incidents import day_range

SINCE = "since:"


def incident_parts(element: str) -> tuple[str, str, str]:
    """(incident, part place, window) of a block key's incident element."""
    rest, _, window = element.partition("~")
    incident, _, place = rest.partition("@")
    return incident, place, window


def with_window(element: str, window: str) -> str:
    return f"{element}~{window}" if window else element


def _series(starts: list[str]) -> dict[str, str]:
    """Each since-window → the window of its series: windows sorted by first day; a start
    whose days lie inside another's ("2021-08-14" in "2021-08") is that series, named by
    its most precise start."""
    ranges = sorted(((day_range(w[len(SINCE):]), w) for w in starts),
                    key=lambda item: (item[0][0] or 0, -(item[0][1] or 0)))
    groups: list[tuple[int, int, list[str]]] = []
    for (lo, hi), window in ranges:
        if lo is None or hi is None:
            continue
        if groups and lo >= groups[-1][0] and hi <= groups[-1][1]:
            groups[-1][2].append(window)
        else:
            groups.append((lo, hi, [window]))
    return {w: max(found, key=len) for _, _, found in groups for w in found}


def fold_windows(blocks: dict, move: Callable[[tuple, tuple], None]) -> None:
    """Rename each block into its series (``move(old_key, new_key)``)."""
    windows: dict[tuple, set[str]] = defaultdict(set)
    for key in blocks:
        rest, _, window = key[4].partition("~")
        windows[(*key[:4], rest)].add(window)
    for (*head, rest), found in windows.items():
        series = _series([w for w in found if w.startswith(SINCE)])
        if not series:
            continue
        first = series[min(series, key=lambda w: day_range(w[len(SINCE):])[0] or 0)]
        for window in found:
            target = series.get(window, first if not window else window)
            if target != window:
                move((*head, with_window(rest, window)), (*head, with_window(rest, target)))
