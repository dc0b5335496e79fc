"""Filters over a ledger's claims: one definition for the API, exports, the report and the web.

A claim's date is the date its figure refers to (``as_of``), else its article's publication
date; a claim with neither is outside every date range. Several values of one filter are
alternatives (measure killed or wounded); different filters must all hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from claimledger.errors import ClaimledgerError
from claimledger.records import Document, Event, Quantity


def parse_day(text: str | date | None, what: str = "date") -> date | None:
    """An ISO day (YYYY-MM-DD, or the first day of YYYY-MM / YYYY) or None."""
    if text is None or isinstance(text, date):
        return text
    text = str(text).strip()
    if not text:
        return None
    padded = text + "-01" * (2 - text.count("-")) if len(text) in (4, 7) else text
    try:
        return date.fromisoformat(padded[:10])
    except ValueError as error:
        raise ClaimledgerError(f"{what} must be an ISO date (YYYY-MM-DD), not {text!r}") from error


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class ClaimFilter:
    """What to keep; an empty filter keeps everything."""

    measure: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    claimant: tuple[str, ...] = ()
    incident: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, measure: str | Sequence[str] | None = None,
           source: str | Sequence[str] | None = None,
           claimant: str | Sequence[str] | None = None,
           incident: str | Sequence[str] | None = None, doc: str | Sequence[str] | None = None,
           since: str | date | None = None, until: str | date | None = None) -> ClaimFilter:
        """Build from loose values (a string or a list each; dates as ISO text)."""
        return cls(_tuple(measure), _tuple(source), _tuple(claimant), _tuple(incident),
                   _tuple(doc), parse_day(since, "--since"), parse_day(until, "--until"))

    @property
    def empty(self) -> bool:
        return self == ClaimFilter()

    def in_range(self, day: str | None) -> bool:
        if self.since is None and self.until is None:
            return True
        try:
            parsed = parse_day(day[:10]) if day else None
        except ClaimledgerError:
            return False
        if parsed is None:
            return False
        return (self.since is None or parsed >= self.since) and (
            self.until is None or parsed <= self.until)

    def document_matches(self, document: Document) -> bool:
        return (not self.source or (document.source or "") in self.source) and (
            not self.doc or document.id in self.doc)

    def claim_matches(self, claim: Quantity, document: Document | None) -> bool:
        if document is None or not self.document_matches(document):
            return False
        if self.measure and claim.measure not in self.measure:
            return False
        if self.claimant and claim.claimant not in self.claimant:
            return False
        if self.incident and getattr(claim, "incident", "") not in self.incident:
            return False
        return self.in_range(claim.as_of or document.published)

    def event_matches(self, event: Event, document: Document | None) -> bool:
        return document is not None and self.document_matches(document) and self.in_range(
            event.date or document.published)


def select(documents: Iterable[Document], claims: Iterable[Quantity], events: Iterable[Event],
           wanted: ClaimFilter) -> tuple[list[Document], list[Quantity], list[Event]]:
    """The documents, claims and events a filter keeps. A document stays when it matches the
    source and was published in the range, or when any of its claims or events is kept."""
    documents = list(documents)
    if wanted.empty:
        return documents, list(claims), list(events)
    by_id = {d.id: d for d in documents}
    kept_claims = [c for c in claims if wanted.claim_matches(c, by_id.get(c.doc))]
    kept_events = [e for e in events if wanted.event_matches(e, by_id.get(e.doc))]
    used = {c.doc for c in kept_claims} | {e.doc for e in kept_events}
    kept_docs = [d for d in documents if d.id in used or (
        wanted.document_matches(d) and not wanted.measure and not wanted.claimant
        and not wanted.incident and wanted.in_range(d.published))]
    return kept_docs, kept_claims, kept_events


__all__ = ["ClaimFilter", "parse_day", "select"]
