"""Orchestration: inputs → documents → spaCy → records → ledger → cross-source findings.

The per-document step (:func:`process_document`) is a pure function of one Document, so
the same code runs in this process, in ``workers`` local processes, or on a Dask cluster
(``engine="dask"``), always in batches (``claimledger.processing``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from claimledger.errors import InputError
from claimledger.ingest import iter_documents
from claimledger.processing import (
    BATCH_SIZE,
    Outcome,
    process_documents,
    process_locally,
    process_with_dask,
)
from claimledger.records import Document, Entity, Event, Quantity, Record
from claimledger.store import Ledger


@dataclass
class AnalysisSummary:
    """What one `analyze` run did; printed by the CLI at the end."""

    documents_added: int = 0
    documents_skipped: int = 0  # already in the ledger (same content hash): a resumed run
    claims_per_measure: Counter = field(default_factory=Counter)
    events: int = 0
    entities: int = 0
    discrepancies: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, records: Sequence[Record]) -> None:
        for record in records:
            if isinstance(record, Quantity):
                self.claims_per_measure[record.measure] += 1
            elif isinstance(record, Event):
                self.events += 1
            elif isinstance(record, Entity):
                self.entities += 1


def process_document(document: Document) -> list[Record]:
    """Pure, picklable per-document step (the engines send batches: see processing.py)."""
    return next(process_documents([document]))[1]


def _processed(documents: Sequence[Document], engine: str, workers: int,
               scheduler: str | None) -> Iterable[Outcome]:
    if engine == "dask" and documents:
        return process_with_dask(documents, workers, scheduler)
    if len(documents) <= BATCH_SIZE:
        workers = 1  # one batch: starting processes would cost more than it saves
    return process_locally(documents, workers)


def _new_documents(
    inputs: Sequence[str], ledger: Ledger, summary: AnalysisSummary,
    published: str | None, source: str | None,
) -> list[Document]:
    def on_error(error: InputError) -> None:
        summary.errors.append(str(error))
        ledger.add_input_error(error.path if error.line is None else f"{error.path}:{error.line}",
                               error.message)

    fresh = []
    for document in iter_documents(inputs, published=published, source=source,
                                   on_error=on_error):
        if ledger.has_document(document.content_hash):
            summary.documents_skipped += 1
        else:
            fresh.append(document)
    return fresh


def analyze_into(
    inputs: Sequence[str], ledger: Ledger, *, published: str | None = None,
    source: str | None = None, engine: str = "local", workers: int = 1,
    scheduler: str | None = None, on_document: Callable[[int, int], None] | None = None,
) -> AnalysisSummary:
    """Analyse inputs into ``ledger``: one transaction per document; a re-run resumes."""
    summary = AnalysisSummary()
    documents = _new_documents(inputs, ledger, summary, published, source)
    processed = _processed(documents, engine, workers, scheduler)
    for done, (document, records, error) in enumerate(processed, start=1):
        if records is None:
            summary.errors.append(error or f"{document.origin}: analysis failed")
        elif ledger.add_document(document, records):
            summary.documents_added += 1
            summary.count(records)
        if on_document:
            on_document(done, len(documents))
    summary.discrepancies = refresh_cross_source(ledger)
    return summary


def ledger_view(ledger: Ledger):
    """The cross-source view of everything in the ledger (for reports, the web UI, exports)."""
    from claimledger.crosssource import build_view

    return build_view(ledger.documents(), ledger.quantities(), ledger.events(),
                      ledger.entities())


def refresh_cross_source(ledger: Ledger) -> int:
    """Recompute the discrepancies of the whole ledger (they span documents)."""
    view = ledger_view(ledger)
    ledger.replace_discrepancies(view.discrepancies)
    return len(view.discrepancies)
