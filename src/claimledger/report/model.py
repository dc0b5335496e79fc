"""What the report shows, computed once from a CrossSourceView.

Both renderers (HTML and Markdown) read these rows, so the two outputs agree
and the templates stay free of logic. Every claim row carries the anchor of its
highlighted evidence, resolved against the anchors the document text really has.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from claimledger.crosssource.view import ClaimRef, Cluster, CrossSourceView
from claimledger.records import Document, Entity, Quantity
from claimledger.report.highlight import (
    ArticleText,
    claim_anchor,
    doc_anchor,
    event_anchor,
    highlight_document,
)
from claimledger.report.incidents import IncidentRow, incident_rows

QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than ",
    "at_most": "at most ", "less_than": "less than ", "up_to": "up to ",
}


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if math.isinf(value):
        return "∞"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def format_figure(value: float | None, qualifier: str = "exact", low: float | None = None,
                  high: float | None = None) -> str:
    """How a reader would say the figure: "at least 200", "18,000–20,000"."""
    if qualifier == "range" and low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    prefix = QUALIFIER_WORDS.get(qualifier, f"{qualifier.replace('_', ' ')} ")
    return prefix + format_number(value)


@dataclass(frozen=True)
class ClaimRow:
    anchor: str
    doc: str
    source: str
    figure: str
    qualifier: str
    claimant: str
    date: str
    measure: str = ""
    subject: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class DiscrepancyRow:
    measure: str
    subject: str
    reason: str
    note: str
    claims: tuple[ClaimRow, ...]
    incident: str = ""  # the incident's label


@dataclass(frozen=True)
class TimelineModel:
    cluster: str
    chart_id: str
    measure: str
    subject: str
    best: float | None
    low: float | None
    high: float | None
    best_rule: str
    series: tuple[tuple[str, tuple[tuple[str | None, float], ...]], ...]
    claims: tuple[ClaimRow, ...]
    band: str = ""
    incident: str = ""  # the incident's label: two clusters may share measure and subject
    span: str = ""  # first to last dated figure, as the chart's axis shows them


@dataclass(frozen=True)
class EventRow:
    anchor: str
    date: str
    date_text: str
    type: str
    source: str
    actors: str
    location: str
    evidence: str


@dataclass(frozen=True)
class FramingTable:
    referent: str
    category: str
    sources: tuple[str, ...]
    rows: tuple[tuple[str, bool, tuple[str, ...]], ...]  # term, loaded, cell per source


@dataclass(frozen=True)
class PlaceNameRow:
    place: str
    cells: tuple[str, ...]  # one per outlet


@dataclass(frozen=True)
class ProfileRow:
    source: str
    total: int
    shares: Mapping[str, float]
    counts: Mapping[str, int]


@dataclass(frozen=True)
class MeasureCounts:
    measures: tuple[str, ...]
    outlets: tuple[str, ...]
    table: Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class DocumentRow:
    anchor: str
    id: str
    source: str
    title: str
    published: str
    url: str
    claims: int
    events: int


@dataclass
class ReportModel:
    documents: list[DocumentRow]
    articles: list[ArticleText]
    outlets: list[str]
    counts: MeasureCounts
    date_span: tuple[str, str]
    discrepancies: list[DiscrepancyRow]
    timelines: list[TimelineModel]
    events: list[EventRow]
    framing: list[FramingTable]
    place_outlets: list[str]
    place_names: list[PlaceNameRow]
    profiles: list[ProfileRow]
    profile_keys: list[str]
    claims: list[ClaimRow]
    anchors: set[str] = field(default_factory=set)
    incidents: list[IncidentRow] = field(default_factory=list)


class _Resolver:
    """Maps (doc, start) to the anchor that exists in the page, else the document's anchor."""

    def __init__(self, docs: Mapping[str, Document], anchors: set[str]) -> None:
        self.docs, self.anchors = docs, anchors

    def claim(self, doc: str, start: int | None) -> str:
        if start is not None and claim_anchor(doc, start) in self.anchors:
            return claim_anchor(doc, start)
        return doc_anchor(doc) if doc in self.docs else "documents"

    def event(self, doc: str, start: int) -> str:
        anchor = event_anchor(doc, start)
        return anchor if anchor in self.anchors else self.claim(doc, None)

    def source(self, doc: str) -> str:
        document = self.docs.get(doc)
        return (document.source if document else None) or doc


def build_model(view: CrossSourceView) -> ReportModel:
    """Everything the templates need, in display order."""
    docs = {d.id: d for d in view.documents}
    articles = [highlight_document(d, _of_doc(view.quantities, d.id), _of_doc(view.events, d.id))
                for d in view.documents]
    anchors = {a for article in articles for a in article.anchors}
    resolve = _Resolver(docs, anchors)
    outlets = sorted({resolve.source(d.id) for d in view.documents})
    place_outlets, place_names = _place_names(view, resolve)
    profile_keys = _profile_keys(view)
    timelines = _timelines(view, resolve)
    return ReportModel(
        documents=_document_rows(view),
        articles=articles,
        outlets=outlets,
        counts=_measure_counts(view.quantities, resolve),
        date_span=_date_span(view),
        discrepancies=[_discrepancy_row(d.to_json(), view, resolve) for d in view.discrepancies],
        timelines=timelines,
        events=_event_rows(view, resolve),
        framing=_framing_tables(view),
        place_outlets=place_outlets,
        place_names=place_names,
        profiles=[ProfileRow(p.source, p.total, dict(p.shares), dict(p.counts))
                  for p in view.profiles],
        profile_keys=profile_keys,
        claims=[_quantity_row(q, resolve) for q in _by_position(view.quantities)],
        anchors=anchors,
        incidents=incident_rows(view, timelines),
    )


def _of_doc(records: Iterable[Any], doc: str) -> list[Any]:
    return [r for r in records if r.doc == doc]


def _by_position(quantities: Iterable[Quantity]) -> list[Quantity]:
    return sorted(quantities, key=lambda q: (q.doc, q.start, q.measure))


def _document_rows(view: CrossSourceView) -> list[DocumentRow]:
    claims = Counter(q.doc for q in view.quantities)
    events = Counter(e.doc for e in view.events)
    return [DocumentRow(doc_anchor(d.id), d.id, d.source or "", d.title or "",
                        d.published or "", d.url or "", claims[d.id], events[d.id])
            for d in view.documents]


def _measure_counts(quantities: Iterable[Quantity], resolve: _Resolver) -> MeasureCounts:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quantities:
        table[q.measure][resolve.source(q.doc)] += 1
    measures = tuple(sorted(table, key=lambda m: (-sum(table[m].values()), m)))
    outlets = tuple(sorted({o for counter in table.values() for o in counter}))
    return MeasureCounts(measures, outlets, {m: dict(c) for m, c in table.items()})


def _date_span(view: CrossSourceView) -> tuple[str, str]:
    """First and last date seen (publication or event); empty strings when none."""
    dates = sorted({d.published[:10] for d in view.documents if d.published}
                   | {e.date[:10] for e in view.events if e.date})
    if not dates:
        return ("", "")
    return (dates[0], dates[-1])


def _quantity_row(q: Quantity, resolve: _Resolver) -> ClaimRow:
    return ClaimRow(
        anchor=resolve.claim(q.doc, q.start), doc=q.doc, source=resolve.source(q.doc),
        figure=format_figure(q.value, q.qualifier, q.low, q.high), qualifier=q.qualifier,
        claimant=q.claimant or q.claimant_text, date=q.as_of or "", measure=q.measure,
        subject=q.subject or q.subject_text, evidence=q.evidence,
    )


def _discrepancy_row(data: Mapping[str, Any], view: CrossSourceView,
                     resolve: _Resolver) -> DiscrepancyRow:
    cluster = next((c for c in view.clusters if c.id == data.get("cluster")), None)
    claims = tuple(_discrepancy_claim(c, cluster, view, resolve) for c in data["claims"])
    labels = {i.id: i.label for i in view.incidents}
    return DiscrepancyRow(data["measure"], data["subject"], data.get("reason", ""),
                          data.get("note", ""), claims,
                          labels.get(data.get("incident") or "", ""))


def _discrepancy_claim(claim: Mapping[str, Any], cluster: Cluster | None,
                       view: CrossSourceView, resolve: _Resolver) -> ClaimRow:
    """A claim given as a loose dict: fill what it lacks from the cluster or the quantities."""
    doc = str(claim.get("doc", ""))
    known = _find_claim(claim, cluster, view)
    start = claim.get("start", known.start if known else None)
    value = claim.get("value", known.value if known else None)
    qualifier = str(claim.get("qualifier") or (known.qualifier if known else "exact"))
    date = claim.get("as_of") or claim.get("date") or (known.as_of if known else None)
    return ClaimRow(
        anchor=resolve.claim(doc, start), doc=doc,
        source=str(claim.get("source") or resolve.source(doc)),
        figure=format_figure(value, qualifier, claim.get("low"), claim.get("high")),
        qualifier=qualifier, claimant=str(claim.get("claimant", "")), date=str(date or ""),
        evidence=str(claim.get("evidence") or (known.evidence if known else "")),
    )


def _find_claim(claim: Mapping[str, Any], cluster: Cluster | None,
                view: CrossSourceView) -> ClaimRef | Quantity | None:
    """The cluster claim or quantity a loose dict refers to (by doc, start or value)."""
    doc, start, value = claim.get("doc"), claim.get("start"), claim.get("value")
    pool: list[ClaimRef | Quantity] = list(cluster.claims) if cluster else []
    pool += [q for q in view.quantities if q.doc == doc]
    for ref in pool:
        if ref.doc != doc:
            continue
        if (start is not None and ref.start == start) or (start is None and ref.value == value):
            return ref
    return None


def _timelines(view: CrossSourceView, resolve: _Resolver) -> list[TimelineModel]:
    points = defaultdict(list)
    for point in view.evolution:
        points[point.cluster].append(point)
    labels = {incident.id: incident.label for incident in view.incidents}
    models = []
    for cluster in view.clusters:
        mine = sorted(points.get(cluster.id, []), key=lambda p: (p.date or "", p.claimant))
        if len(mine) < 2:
            continue
        series: dict[str, list[tuple[str | None, float]]] = defaultdict(list)
        for p in mine:
            series[p.claimant].append((p.date, p.value))
        model = _timeline_model(cluster, len(models), series, resolve)
        dates = sorted(p.date[:10] for p in mine if p.date)
        span = describe_span((dates[0], dates[-1])) if dates else ""
        models.append(replace(model, incident=labels.get(cluster.incident, ""), span=span))
    return models


def _timeline_model(cluster: Cluster, index: int, series: Mapping[str, list],
                    resolve: _Resolver) -> TimelineModel:
    claims = tuple(ClaimRow(
        anchor=resolve.claim(c.doc, c.start), doc=c.doc, source=c.source,
        figure=format_figure(c.value, c.qualifier, c.low, c.high), qualifier=c.qualifier,
        claimant=c.claimant, date=c.as_of or c.published or "", evidence=c.evidence,
    ) for c in cluster.claims)
    band = ""
    if cluster.low is not None and cluster.high is not None:
        band = f"{format_number(cluster.low)}–{format_number(cluster.high)}"
    return TimelineModel(
        cluster=cluster.id, chart_id=f"chart-timeline-{index}", measure=cluster.measure,
        subject=cluster.subject, best=cluster.best, low=cluster.low, high=cluster.high,
        best_rule=cluster.best_rule,
        series=tuple((name, tuple(pts)) for name, pts in series.items()),
        claims=claims, band=band,
    )


def _event_rows(view: CrossSourceView, resolve: _Resolver) -> list[EventRow]:
    ordered = sorted(view.events, key=lambda e: (e.date is None, e.date or "", e.doc, e.start))
    return [EventRow(resolve.event(e.doc, e.start), e.date or "", e.date_text, e.type,
                     resolve.source(e.doc), ", ".join(e.actors), e.location or "", e.evidence)
            for e in ordered]


def _framing_tables(view: CrossSourceView) -> list[FramingTable]:
    """One source × term table per referent (place-name choices have their own table)."""
    by_referent: dict[str, list] = defaultdict(list)
    for term in view.framing:
        if term.category != "place name":
            by_referent[term.referent].append(term)
    return [_framing_table(referent, terms) for referent, terms in sorted(by_referent.items())]


def _framing_table(referent: str, terms: list) -> FramingTable:
    sources = tuple(sorted({t.source for t in terms}))
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    loaded: dict[str, bool] = defaultdict(bool)
    quoted: dict[tuple[str, str], bool] = defaultdict(bool)
    for t in terms:
        cells[t.term][t.source] += t.count
        loaded[t.term] |= t.loaded
        quoted[(t.term, t.source)] |= t.voice == "quoted"
    rows = []
    for term in sorted(cells, key=lambda k: (-sum(cells[k].values()), k)):
        row = tuple(_framing_cell(cells[term][s], quoted[(term, s)]) for s in sources)
        rows.append((term, loaded[term], row))
    category = next((t.category for t in terms if t.category), "")
    return FramingTable(referent, category, sources, tuple(rows))


def _framing_cell(count: int, quoted: bool) -> str:
    if not count:
        return ""
    return f"{count} (quoted)" if quoted else str(count)


def _place_names(view: CrossSourceView,
                 resolve: _Resolver) -> tuple[list[str], list[PlaceNameRow]]:
    """Which name each outlet uses for a place that goes by more than one name."""
    names: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for term in view.framing:
        if term.category == "place name":
            names[term.referent][term.source][term.term] += term.count
    for entity in view.entities:
        if entity.label in ("place", "country"):
            _add_entity_name(names, entity, resolve)
    varied = {p: by_src for p, by_src in names.items()
              if len({n for c in by_src.values() for n in c}) > 1}
    outlets = sorted({s for by_src in varied.values() for s in by_src})
    rows = [PlaceNameRow(place, tuple(_names_cell(varied[place].get(o)) for o in outlets))
            for place in sorted(varied)]
    return outlets, rows


def _add_entity_name(names: dict, entity: Entity, resolve: _Resolver) -> None:
    names[entity.canonical][resolve.source(entity.doc)][entity.evidence] += 1


def _names_cell(counter: Counter[str] | None) -> str:
    if not counter:
        return ""
    return ", ".join(f"{name} ({n})" for name, n in counter.most_common())


def _profile_keys(view: CrossSourceView) -> list[str]:
    totals: Counter[str] = Counter()
    for profile in view.profiles:
        totals.update(profile.shares)
    return [key for key, _ in totals.most_common()]


def describe_span(span: tuple[str, str]) -> str:
    first, last = span
    if not first:
        return "no dates"
    return first if first == last else f"{first} to {last}"
