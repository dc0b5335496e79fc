"""Cut an article's text into segments so claims and events can be marked up.

Spans may overlap (a claim inside an event sentence, two claims sharing a
number), so the text is split at every span boundary; each segment knows which
spans cover it and the first segment of a span carries the span's anchor id.
The template escapes the text; nothing here builds HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.records import Document, Event, Quantity


def safe_id(text: str) -> str:
    """A string usable in an HTML id and a URL fragment without escaping."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text) or "_"


def claim_anchor(doc: str, start: int) -> str:
    return f"q-{safe_id(doc)}-{start}"


def event_anchor(doc: str, start: int) -> str:
    return f"e-{safe_id(doc)}-{start}"


def doc_anchor(doc: str) -> str:
    return f"doc-{safe_id(doc)}"


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[str, ...] = ()  # one-line summaries of the claims covering the segment
    event: str = ""  # summary of the covering event(s), "" when none
    claim_id: str = ""  # anchor placed on this segment's <mark>
    event_id: str = ""  # anchor placed on this segment's event span


@dataclass(frozen=True)
class ArticleText:
    doc: str
    anchor: str
    source: str
    title: str
    published: str
    url: str
    segments: tuple[Segment, ...]
    anchors: frozenset[str]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # "claim" | "event"
    anchor: str
    summary: str


def highlight_document(document: Document, quantities: Sequence[Quantity],
                       events: Sequence[Event]) -> ArticleText:
    """The document's text as segments, with anchors for every claim and event span."""
    size = len(document.text)
    spans = [s for s in _claim_spans(document.id, quantities) + _event_spans(document.id, events)
             if 0 <= s.start < s.end <= size]
    segments = _segments(document.text, spans)
    anchors = {s.claim_id for s in segments if s.claim_id}
    anchors |= {s.event_id for s in segments if s.event_id}
    anchors.add(doc_anchor(document.id))
    return ArticleText(
        doc=document.id, anchor=doc_anchor(document.id), source=document.source or "",
        title=document.title or "", published=document.published or "",
        url=document.url or "", segments=tuple(segments), anchors=frozenset(anchors),
    )


def _claim_spans(doc: str, quantities: Sequence[Quantity]) -> list[_Span]:
    return [_Span(q.start, q.end, "claim", claim_anchor(doc, q.start), _claim_summary(q))
            for q in quantities]


def _claim_summary(q: Quantity) -> str:
    who = q.claimant or q.claimant_text or "unattributed"
    subject = f" ({q.subject})" if q.subject else ""
    value = f"{q.value:,.0f}" if float(q.value).is_integer() else str(q.value)
    return f"{q.measure}{subject}: {q.qualifier.replace('_', ' ')} {value}, per {who}"


def _event_spans(doc: str, events: Sequence[Event]) -> list[_Span]:
    return [_Span(e.start, e.end, "event", event_anchor(doc, e.start),
                  f"{e.type} on {e.date or 'unknown date'}") for e in events]


def _segments(text: str, spans: list[_Span]) -> list[Segment]:
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    placed: set[str] = set()
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        segments.append(_segment(text[start:end], start, covering, placed))
    return segments


def _segment(text: str, start: int, covering: list[_Span], placed: set[str]) -> Segment:
    claims = [s for s in covering if s.kind == "claim"]
    events = [s for s in covering if s.kind == "event"]
    return Segment(
        text=text,
        claims=tuple(dict.fromkeys(s.summary for s in claims)),
        event="; ".join(dict.fromkeys(s.summary for s in events)),
        claim_id=_first_anchor(claims, start, placed),
        event_id=_first_anchor(events, start, placed),
    )


def _first_anchor(spans: list[_Span], start: int, placed: set[str]) -> str:
    """The anchor of a span that begins here, once per page (spans may share a start)."""
    for span in spans:
        if span.start == start and span.anchor not in placed:
            placed.add(span.anchor)
            return span.anchor
    return ""
