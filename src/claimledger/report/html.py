"""Render the report model to one self-contained HTML page (inline CSS and SVG)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from claimledger.report.model import ReportModel, describe_span, format_number

TITLE = "Claim ledger report"


@dataclass
class InlineCharts:
    """SVG elements ready to inline; only matplotlib output is ever marked safe."""

    measures: Markup | None = None
    events: Markup | None = None
    profiles: Markup | None = None
    timelines: dict[str, Markup] = field(default_factory=dict)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimledger.report", "templates"),
        autoescape=True,  # every template, whatever its extension: article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = format_number
    env.filters["span"] = describe_span
    env.tests["web_url"] = lambda url: str(url).startswith(("http://", "https://"))
    return env


def stylesheet() -> str:
    return files("claimledger.report").joinpath("report.css").read_text(encoding="utf-8")


def render_html(model: ReportModel, charts: InlineCharts, title: str = TITLE) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(m=model, charts=charts, css=Markup(stylesheet()), title=title)
