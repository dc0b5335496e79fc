"""Render the report model as Markdown: the same sections as the HTML, as tables.

Figures link to their highlighted evidence in ``index.html`` next to the file;
charts are referenced as ``charts/*.svg`` written beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from claimledger.report.model import ClaimRow, ReportModel, describe_span, format_number

_SPECIAL = re.compile(r"([\\|*`\[\]])")


def cell(value: object) -> str:
    """One table cell: no line breaks, Markdown and HTML metacharacters neutralised."""
    text = " ".join(str(value if value is not None else "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]],
          numeric: Sequence[int] = ()) -> str:
    head = "| " + " | ".join(cell(h) for h in headers) + " |"
    rule = "| " + " | ".join("---:" if i in numeric else "---" for i in range(len(headers))) + " |"
    body = ["| " + " | ".join(_raw_or_cell(v) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


class Raw(str):
    """A cell already in Markdown (a link we built), not to be escaped again."""


def _raw_or_cell(value: object) -> str:
    return str(value) if isinstance(value, Raw) else cell(value)


def _figure_link(claim: ClaimRow) -> Raw:
    return Raw(f"[{cell(claim.figure)}](index.html#{claim.anchor})")


def _claims_table(claims: Sequence[ClaimRow]) -> str:
    rows = [(_figure_link(c), c.claimant or "—", c.source, c.date or "—") for c in claims]
    return table(["Figure", "Claimant", "Outlet", "Date"], rows, numeric=(0,))


def _chart(path: str | None, alt: str) -> list[str]:
    return [f"![{cell(alt)}]({path})", ""] if path else []


def render_markdown(model: ReportModel, chart_paths: Mapping[str, str],
                    title: str = "Claim ledger report") -> str:
    parts = [f"# {cell(title)}", "",
             f"{len(model.documents)} documents from {len(model.outlets)} outlets · "
             f"{len(model.claims)} figure claims · {len(model.events)} dated events · "
             f"{cell(describe_span(model.date_span))}", ""]
    for section in (_incidents, _overview, _discrepancies, _timelines, _events, _framing, _profiles,
                    _documents):
        parts += section(model, chart_paths)
    return "\n".join(parts).rstrip() + "\n"


def _incidents(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Incidents", ""]
    for i in m.incidents:
        dates = i.first_date + (f" to {i.last_date}" if i.last_date not in ("", i.first_date)
                                else "")
        facts = " · ".join(p for p in (dates, i.place, f"{i.documents} document(s) from "
                                       f"{', '.join(i.outlets)}", f"{i.claims} figure claims",
                                       f"{i.discrepancies} discrepancies") if p)
        out += [f"### {cell(i.label)}", "", cell(facts), ""]
        rows = [(h.measure, h.subject, h.best, h.band or "—", h.sources) for h in i.headlines]
        if rows:
            out += [table(["Measure", "Who", "Best", "Low–high", "Sources"], rows, (2, 3, 4)),
                    ""]
    if not m.incidents:
        out += ["No figure could be tied to an incident.", ""]
    return out


def _overview(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    facts = (len(m.documents), len(m.outlets), len(m.claims), describe_span(m.date_span))
    out = ["## Overview", "",
           table(["Documents", "Outlets", "Figure claims", "Dates covered"], [facts]), "",
           "### Claims per measure", ""]
    if m.counts.measures:
        outlets = m.counts.outlets
        rows = [(measure, *(m.counts.table[measure].get(o, "") for o in outlets),
                 sum(m.counts.table[measure].values())) for measure in m.counts.measures]
        numeric = tuple(range(1, len(outlets) + 2))
        out += [table(["Measure", *outlets, "All"], rows, numeric), ""]
        out += _chart(charts.get("measures"), "Claims per measure and outlet")
    else:
        out += ["No figure claims were extracted.", ""]
    docs = [(d.title or d.id, d.source or "—", d.published or "—", d.claims, d.events)
            for d in m.documents]
    out += ["### Documents", "",
            table(["Document", "Outlet", "Published", "Claims", "Events"], docs, (3, 4)), ""]
    return out


def _discrepancies(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Discrepancies", ""]
    for d in m.discrepancies:
        reason = f" ({cell(d.reason.replace('_', ' '))})" if d.reason else ""
        subject = f" · {cell(d.subject)}" if d.subject else ""
        out += [f"### {cell(d.measure)}{subject}{reason}", ""]
        out += [cell(d.note), ""] if d.note else []
        out += [_claims_table(d.claims), ""]
    if not m.discrepancies:
        out += ["No discrepancies between outlets were found.", ""]
    return out


def _timelines(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Figure timelines", ""]
    for t in m.timelines:
        subject = f" · {cell(t.subject)}" if t.subject else ""
        band = f", range {cell(t.band)}" if t.band else ""
        rule = f" — {cell(t.best_rule)}" if t.best_rule else ""
        out += [f"### {cell(t.measure)}{subject}", "",
                f"Best estimate **{format_number(t.best)}**{band}{rule}", ""]
        out += _chart(charts.get(t.chart_id), f"{t.measure} over time per claimant")
        out += [_claims_table(t.claims), ""]
    if not m.timelines:
        out += ["No figure was reported at two or more points in time.", ""]
    return out


def _events(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Event timeline", ""]
    if not m.events:
        return out + ["No dated events were extracted.", ""]
    out += _chart(charts.get("events"), "Dated events by type")
    rows = [(e.date or "undated", e.date_text, e.type, e.source, e.actors or "—",
             Raw(f"[{cell(_shorten(e.evidence))}](index.html#{e.anchor})")) for e in m.events]
    return out + [table(["Date", "As written", "Type", "Outlet", "Actors", "Evidence"], rows), ""]


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _framing(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Framing", "", "Loaded terms are marked ⚑; “quoted” counts are inside "
           "someone else’s words.", ""]
    for f in m.framing:
        category = f" ({cell(f.category)})" if f.category else ""
        rows = [(f"{term} ⚑" if loaded else term, *cells) for term, loaded, cells in f.rows]
        out += [f"### {cell(f.referent)}{category}", "",
                table(["Term", *f.sources], rows, tuple(range(1, len(f.sources) + 1))), ""]
    if not m.framing:
        out += ["No framing terms were found.", ""]
    out += ["### Place names by outlet", ""]
    if m.place_names:
        rows = [(p.place, *(c or "—" for c in p.cells)) for p in m.place_names]
        return out + [table(["Place", *m.place_outlets], rows), ""]
    return out + ["Every outlet uses the same name for every place.", ""]


def _profiles(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    out = ["## Outlet profiles", ""]
    if not m.profiles:
        return out + ["No sourcing profiles.", ""]
    out += _chart(charts.get("profiles"), "Sourcing shares per outlet")
    rows = [(p.source, p.total, *(_share(p.shares.get(k), p.counts.get(k))
                                  for k in m.profile_keys)) for p in m.profiles]
    numeric = tuple(range(1, len(m.profile_keys) + 2))
    return out + [table(["Outlet", "Claims", *m.profile_keys], rows, numeric), ""]


def _share(share: float | None, count: int | None) -> str:
    if share is None:
        return ""
    return f"{round(100 * share)}%" + (f" ({count})" if count is not None else "")


def _documents(m: ReportModel, charts: Mapping[str, str]) -> list[str]:
    rows = [(c.measure, c.subject or "—", _figure_link(c), c.claimant or "—", c.source,
             c.date or "—", _shorten(c.evidence)) for c in m.claims]
    out = ["## Documents", "", "Each figure links to its highlighted evidence in index.html.", ""]
    if rows:
        headers = ["Measure", "Subject", "Figure", "Claimant", "Outlet", "As of", "Evidence"]
        out += [table(headers, rows, (2,)), ""]
    for d in m.documents:
        meta = " · ".join(x for x in (d.source, d.published, d.url) if x)
        out += [f"- [{cell(d.title or d.id)}](index.html#{d.anchor}) — {cell(meta)}"]
    return out + [""]
