"""Counting windows in cluster keys: running totals from different stated starts are
different series, one day's flow is no rival of a total (``Quantity.count_window``, read by
pipeline/count_windows.py).

A block's incident element is ``incident[@place][~window]``; :func:`incident_parts` splits
it. :func:`split_by_window` cuts the figures of one group into their series: starts that one
contains the other ("since mid-August", "since 14 August") are one series, and a figure
that states no window is a running total of the whole: it joins the series with the
earliest start (the total since the operation began), never a day's count or a stock.
"""

from __future__ import annotations

from collections import defaultdict

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


def split_by_window(blocks: dict, notes: dict) -> tuple[dict, dict]:
    """Each block (its groups already settled) cut into its series: the items of one
    window, or of windows of one series, form a block ``incident[@place]~window``; items
    stating none join the earliest series. Notes follow their block's pieces."""
    out: dict = defaultdict(list)
    kept_notes = {}
    for key, items in blocks.items():
        found = {quantity.count_window for _, quantity in items if quantity.incident}
        series = _series([w for w in found if w.startswith(SINCE)])
        first = series[min(series, key=lambda w: day_range(w[len(SINCE):])[0] or 0)] \
            if series else ""
        for item in items:
            window = item[1].count_window if item[1].incident else ""
            target = series.get(window, window or first)
            piece = (*key[:4], with_window(key[4], target))
            out[piece].append(item)
            if key in notes:
                kept_notes[piece] = notes[key]
    return dict(out), kept_notes
