"""Orchestration: documents → spaCy → records → ledger. Per-document work is a pure function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from claimledger.extract import extract_records
from claimledger.pipeline import build_nlp, make_doc
from claimledger.records import Document, Record


@dataclass
class AnalysisSummary:
    documents_seen: int = 0
    documents_added: int = 0
    documents_skipped: int = 0  # already in the ledger (same content hash)
    claims_per_measure: dict[str, int] = field(default_factory=dict)
    events: int = 0
    entities: int = 0
    errors: list[str] = field(default_factory=list)


def process_documents(
    documents: Iterable[Document], batch_size: int = 16
) -> Iterator[tuple[Document, list[Record]]]:
    """Run the pipeline over documents; yields each document with its records."""
    nlp = build_nlp()
    pending = list(documents) if not isinstance(documents, list) else documents
    docs = (make_doc(nlp, d) for d in pending)
    for document, doc in zip(pending, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield document, extract_records(document, doc)


def process_document(document: Document) -> list[Record]:
    """Pure, picklable per-document step (what a Dask worker maps over)."""
    return next(process_documents([document]))[1]


ProgressCallback = Callable[[Document], None]
