"""Cut an article into segments marked as claim, event and entity, for the document page.

``report/highlight.py`` marks claims and events only, with anchors that carry the
document id (its page holds every article); this page also marks entity mentions and
uses the short ``q-<start>`` anchors, so it has its own small segmenter. Spans may
overlap, so the text is split at every span boundary; nothing here builds HTML (the
template escapes each segment's text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.records import Entity, Event, Quantity
from claimledger.web.formatting import claim_anchor, event_anchor, figure


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # claim | event | entity
    note: str  # tooltip: what the record says
    anchor: str = ""


@dataclass(frozen=True)
class Segment:
    text: str
    claim: str = ""  # tooltip of the covering claim(s), "" when none
    event: str = ""
    entity: str = ""
    claim_id: str = ""  # id placed on this segment's <mark> (first segment of a claim)
    event_id: str = ""


def claim_note(q: Quantity) -> str:
    who = q.claimant or q.claimant_text or "unattributed"
    subject = f" ({q.subject})" if q.subject else ""
    return f"{q.measure}{subject}: {figure(q)}, per {who}"


def record_spans(quantities: Sequence[Quantity], events: Sequence[Event],
                 entities: Sequence[Entity]) -> list[Span]:
    spans = [Span(q.start, q.end, "claim", claim_note(q), claim_anchor(q.start))
             for q in quantities]
    spans += [Span(e.start, e.end, "event", f"{e.type} on {e.date or 'unknown date'}",
                   event_anchor(e.start)) for e in events]
    spans += [Span(e.start, e.end, "entity", f"{e.label}: {e.canonical}") for e in entities]
    return spans


def segment_text(text: str, spans: Sequence[Span]) -> list[Segment]:
    """The whole text as consecutive segments; spans outside the text are dropped."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text)} | {s.start for s in valid} | {s.end for s in valid})
    placed: set[str] = set()
    return [_segment(text[start:end], start, [s for s in valid if s.start <= start < s.end],
                     placed)
            for start, end in zip(cuts, cuts[1:], strict=False)]


def _segment(text: str, start: int, covering: list[Span], placed: set[str]) -> Segment:
    by_kind = {kind: [s for s in covering if s.kind == kind]
               for kind in ("claim", "event", "entity")}
    return Segment(
        text=text,
        claim=_notes(by_kind["claim"]), event=_notes(by_kind["event"]),
        entity=_notes(by_kind["entity"]),
        claim_id=_first_anchor(by_kind["claim"], start, placed),
        event_id=_first_anchor(by_kind["event"], start, placed),
    )


def _notes(spans: list[Span]) -> str:
    return "; ".join(dict.fromkeys(s.note for s in spans))


def _first_anchor(spans: list[Span], start: int, placed: set[str]) -> str:
    """The anchor of a span beginning here, once per page (two claims may share a start)."""
    for span in spans:
        if span.start == start and span.anchor not in placed:
            placed.add(span.anchor)
            return span.anchor
    return ""
