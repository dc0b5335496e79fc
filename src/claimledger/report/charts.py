"""Charts for the report, drawn with matplotlib into SVG strings.

Text stays text (``svg.fonttype = "none"``): the SVG is small, searchable and
selectable, and the font list ends in the generic ``sans-serif`` so a reader
without DejaVu Sans still gets a sans face. Colours are the Okabe-Ito palette,
which stays distinguishable under the common colour-vision deficiencies.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from claimledger.report.model import (  # noqa: E402
    EventRow,
    MeasureCounts,
    ProfileRow,
    TimelineModel,
)

OKABE_ITO = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7",
    "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
LIGHT = {"#E69F00", "#56B4E9", "#F0E442", "#CC79A7"}
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")
INK = "#222222"
GRID = "#d9d9d9"
WIDTH = 5.2  # inches: a phone shows it near full size (text stays ~10 px); pages cap it

_RC = {
    "svg.fonttype": "none",
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial"],
    "font.size": 11,  # still about 10 px when a phone scales the chart down
    "text.parse_math": False,  # outlet names may contain "$"
    "axes.edgecolor": "#888888",
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
}


def colour(index: int) -> str:
    return OKABE_ITO[index % len(OKABE_ITO)]


@contextmanager
def _figure(chart_id: str, width: float, height: float) -> Iterator[Figure]:
    """A figure with house style and SVG ids salted per chart (several SVGs share one page)."""
    with plt.rc_context({**_RC, "svg.hashsalt": chart_id, "svg.id": chart_id}):
        fig = plt.figure(figsize=(width, height), layout="constrained")
        try:
            yield fig
        finally:
            plt.close(fig)


def _to_svg(fig: Figure) -> str:
    """Saved with a tight box: every legend and label lies inside the SVG's viewBox."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight",
                pad_inches=0.06)
    return buffer.getvalue()


def inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone (no XML prolog or DOCTYPE), scalable to its container."""
    element = svg[svg.index("<svg"):]
    for _ in ("width", "height"):  # one at a time: a match consumes the "<svg" it starts at
        element = re.sub(r'(<svg[^>]*?)\s(?:width|height)="[^"]*"', r"\1", element, count=1)
    return _drop_unreferenced_ids(element)


def _drop_unreferenced_ids(svg: str) -> str:
    """Remove matplotlib's group ids ("axes_1", "patch_2"): they repeat in every chart.

    Ids that something points at (clip paths, markers, hatches: salted per chart)
    and the root id stay, so each id is unique on the page.
    """
    referenced = set(re.findall(r'#([A-Za-z_][\w.:-]*)', svg))
    root = re.match(r'<svg[^>]*\sid="([^"]+)"', svg)
    keep = referenced | ({root.group(1)} if root else set())
    return re.sub(r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in keep else "", svg)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def measure_chart(counts: MeasureCounts, chart_id: str = "chart-measures") -> str | None:
    """Stacked horizontal bars: claims per measure, one segment per outlet.

    Stacked rather than grouped: with many measures and outlets most groups are
    sparse, and a grouped chart grows tall and mostly empty.
    """
    if not counts.measures or not counts.outlets:
        return None
    height = 1.3 + 0.36 * len(counts.measures)
    with _figure(chart_id, WIDTH, min(height, 12.0)) as fig:
        ax = fig.add_subplot()
        left = [0] * len(counts.measures)
        for i, outlet in enumerate(counts.outlets):
            widths = [counts.table[measure].get(outlet, 0) for measure in counts.measures]
            ax.barh(counts.measures, widths, left=left, height=0.7, color=colour(i),
                    hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.6,
                    label=_short(outlet))
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel("claims (every mention counts)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        fig.legend(loc="outside lower center", ncols=min(len(counts.outlets), 2))
        return _to_svg(fig)


def _as_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def timeline_chart(timeline: TimelineModel, chart_id: str) -> str | None:
    """Step chart of one figure over time, one line per claimant, with the cluster's band."""
    series = [(c, [(d, v) for d, v in pts if _as_date(d)]) for c, pts in timeline.series]
    series = [(c, pts) for c, pts in series if pts]
    if sum(len(pts) for _, pts in series) < 2:
        return None
    series.sort(key=lambda item: -len(item[1]))  # the longest series get the colours
    with _figure(chart_id, WIDTH, _timeline_height(series)) as fig:
        ax = fig.add_subplot()
        _draw_band(ax, timeline)
        for i, (claimant, pts) in enumerate(series[:_NAMED_SERIES]):
            xs = [_as_date(d) for d, _ in pts]
            ys = [v for _, v in pts]
            ax.step(xs, ys, where="post", color=colour(i), linewidth=2)
            ax.plot(xs, ys, linestyle="none", marker=MARKERS[i % len(MARKERS)],
                    markersize=7, color=colour(i), label=_short(claimant, 26))
        _draw_others(ax, series[_NAMED_SERIES:])
        _date_axis(ax)
        _fit_dates(ax, [_as_date(d) for _, pts in series for d, _ in pts])
        ax.set_ylabel(timeline.measure)
        _fit_values(ax, timeline, [v for _, pts in series for _, v in pts])
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        fig.legend(loc="outside lower center", ncols=_legend_columns(series))
        return _to_svg(fig)


def _legend_labels(series) -> list[str]:
    return [_short(claimant, 26) for claimant, _ in series[:_NAMED_SERIES]]


def _legend_columns(series) -> int:
    """Two columns fit a phone's width unless a claimant's name is long."""
    return 1 if max((len(label) for label in _legend_labels(series)), default=0) > 20 else 2


def _timeline_height(series) -> float:
    """Inches: the plot keeps its height and the legend below it adds a line per row, so
    ten claimants never squash the chart into a strip (the band and best lines, the named
    claimants and one entry for the others)."""
    entries = 2 + len(_legend_labels(series)) + (len(series) > _NAMED_SERIES)
    rows = -(-entries // _legend_columns(series))
    return 2.9 + 0.24 * rows


_NAMED_SERIES = 8
"""Claimants drawn in colour with a legend entry; more would crowd the legend off the page."""


def _draw_others(ax, rest) -> None:
    """The remaining claimants' figures as small grey points under one legend entry."""
    xs = [_as_date(d) for _, pts in rest for d, _ in pts]
    ys = [v for _, pts in rest for _, v in pts]
    if xs:
        ax.plot(xs, ys, linestyle="none", marker="o", markersize=4, color="#8a8a8a",
                label=f"{len(rest)} other claimant{'s' if len(rest) != 1 else ''}")


def _fit_dates(ax, days: Sequence[date | None]) -> None:
    """The x axis spans this cluster's own dates, padded a little; one day gets a week."""
    known = sorted({d for d in days if d})
    if not known:
        return
    pad = max(timedelta(days=1), (known[-1] - known[0]) / 20)
    if len(known) == 1:
        pad = timedelta(days=3)
    ax.set_xlim(known[0] - pad, known[-1] + pad)


def _fit_values(ax, timeline: TimelineModel, values: Sequence[float]) -> None:
    """From zero to a little above the highest figure or band, so no marker sits on the
    frame; ticks with thousands separators, as the tables print figures."""
    bounds = [v for v in (*values, timeline.best, timeline.high)
              if v is not None and math.isfinite(v)]
    top = max(bounds, default=1.0) or 1.0
    ax.set_ylim(0, top * 1.08)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.get_major_locator().set_params(integer=True)


def _draw_band(ax, timeline: TimelineModel) -> None:
    low, high, best = timeline.low, timeline.high, timeline.best
    if low is not None and high is not None and math.isfinite(high) and high > low:
        ax.axhspan(low, high, color="#999999", alpha=0.18, linewidth=0, label="low–high")
    if best is not None:
        ax.axhline(best, color="#555555", linestyle="--", linewidth=1, label="best")


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def event_chart(events: Sequence[EventRow], chart_id: str = "chart-events") -> str | None:
    """Dated events on one time axis, one row and one colour/marker per event type."""
    dated = [e for e in events if _as_date(e.date)]
    if not dated:
        return None
    types = sorted({e.type for e in dated})
    with _figure(chart_id, WIDTH, 1.0 + 0.36 * len(types)) as fig:
        ax = fig.add_subplot()
        for i, kind in enumerate(types):
            rows = [e for e in dated if e.type == kind]
            xs = [_as_date(e.date) for e in rows]
            ys = [i + _jitter(j) for j in range(len(rows))]
            ax.scatter(xs, ys, s=46, color=colour(i), marker=MARKERS[i % len(MARKERS)],
                       edgecolor="white", linewidth=0.6, zorder=3)
        ax.set_yticks(range(len(types)), types)
        ax.set_ylim(-0.6, len(types) - 0.4)
        ax.invert_yaxis()
        _date_axis(ax)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        return _to_svg(fig)


def _jitter(index: int) -> float:
    """Spread events of one type and day vertically so they do not hide each other."""
    return ((index % 5) - 2) * 0.07


def profile_chart(profiles: Sequence[ProfileRow], keys: Sequence[str],
                  chart_id: str = "chart-profiles") -> str | None:
    """Stacked horizontal bars: each outlet's share of claims per kind of claimant."""
    if not profiles or not keys:
        return None
    with _figure(chart_id, WIDTH, 1.2 + 0.38 * len(profiles)) as fig:
        ax = fig.add_subplot()
        names = [_short(p.source) for p in profiles]
        left = [0.0] * len(profiles)
        for i, key in enumerate(keys):
            widths = [100 * p.shares.get(key, 0.0) for p in profiles]
            bars = ax.barh(names, widths, left=left, color=colour(i), label=key,
                           hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.5)
            _label_shares(ax, bars, widths, i)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        ax.set_xlabel("share of the outlet's claims (%)")
        fig.legend(loc="outside lower center", ncols=min(len(keys), 3))
        return _to_svg(fig)


def _label_shares(ax, bars, widths: Sequence[float], index: int) -> None:
    """Print the percentage inside segments wide enough to hold it."""
    labels = [f"{w:.0f}%" if w >= 12 else "" for w in widths]
    text_colour = "black" if OKABE_ITO[index % len(OKABE_ITO)] in LIGHT else "white"
    ax.bar_label(bars, labels=labels, label_type="center", color=text_colour, fontsize=9,
                 fontweight="bold")
