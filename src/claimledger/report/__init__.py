"""Static report: one self-contained ``index.html`` and a ``report.md`` with SVG charts.

``write_report(view, out_dir)`` is the whole API; the CLI's ``report`` command and
``demo`` call it with the view built by ``claimledger.crosssource``.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from claimledger.crosssource.view import CrossSourceView
from claimledger.report import charts
from claimledger.report.html import InlineCharts, render_html
from claimledger.report.markdown import render_markdown
from claimledger.report.model import ReportModel, build_model


def draw_charts(model: ReportModel) -> dict[str, str]:
    """Every chart the report has data for, as full SVG documents keyed by name."""
    drawn = {
        "measures": charts.measure_chart(model.counts),
        "events": charts.event_chart(model.events),
        "profiles": charts.profile_chart(model.profiles, model.profile_keys),
    }
    for timeline in model.timelines:
        drawn[timeline.chart_id] = charts.timeline_chart(timeline, timeline.chart_id)
    return {name: svg for name, svg in drawn.items() if svg}


def _inline(svgs: dict[str, str]) -> InlineCharts:
    inline = {name: Markup(charts.inline_svg(svg)) for name, svg in svgs.items()}
    timelines = {k: v for k, v in inline.items() if k.startswith("chart-timeline-")}
    return InlineCharts(measures=inline.get("measures"), events=inline.get("events"),
                        profiles=inline.get("profiles"), timelines=timelines)


def _write_charts(svgs: dict[str, str], out_dir: Path) -> dict[str, Path]:
    chart_dir = out_dir / "charts"
    if svgs:
        chart_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, svg in svgs.items():
        path = chart_dir / f"{name.removeprefix('chart-')}.svg"
        path.write_text(svg, encoding="utf-8")
        written[name] = path
    return written


def write_report(view: CrossSourceView, out_dir: Path) -> dict[str, Path]:
    """Write index.html, report.md and charts/*.svg into out_dir; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = build_model(view)
    svgs = draw_charts(model)
    chart_files = _write_charts(svgs, out_dir)
    html_path, md_path = out_dir / "index.html", out_dir / "report.md"
    html_path.write_text(render_html(model, _inline(svgs)), encoding="utf-8")
    relative = {name: path.relative_to(out_dir).as_posix() for name, path in chart_files.items()}
    md_path.write_text(render_markdown(model, relative), encoding="utf-8")
    return {"html": html_path, "markdown": md_path,
            **{f"chart:{name.removeprefix('chart-')}": p for name, p in chart_files.items()}}


__all__ = ["write_report", "build_model", "draw_charts"]
