"""Orchestration: inputs → documents → spaCy → records → ledger → cross-source findings.

The per-document step (:func:`process_document`) is a pure function of one Document, so
the same code runs in-process or mapped over a Dask cluster (``engine="dask"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from claimledger.corrections import Correction, CorrectionError
from claimledger.errors import InputError
from claimledger.extract import extract_records
from claimledger.ingest import iter_documents
from claimledger.query import ClaimFilter, select
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


def process_documents(
    documents: Sequence[Document], batch_size: int = 16
) -> Iterator[tuple[Document, list[Record]]]:
    """Run the pipeline over documents in batches; yields each document with its records."""
    from claimledger.pipeline import build_nlp, make_doc  # spaCy: only when analysing

    nlp = build_nlp()
    docs = (make_doc(nlp, d) for d in documents)
    for document, doc in zip(documents, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield document, extract_records(document, doc)


def _process_safely(
    documents: Sequence[Document], summary: AnalysisSummary, batch_size: int = 16
) -> Iterator[tuple[Document, list[Record]]]:
    """Batches for speed; when a batch fails, retry its documents one by one so one bad
    document costs only itself."""
    for first in range(0, len(documents), batch_size):
        batch = documents[first:first + batch_size]
        try:
            yield from list(process_documents(batch, batch_size))
        except Exception:  # noqa: BLE001 - reported per document below
            for document in batch:
                try:
                    yield document, process_document(document)
                except Exception as error:  # noqa: BLE001 - the batch goes on
                    summary.errors.append(f"{document.origin}: analysis failed: {error!r}")


def process_document(document: Document) -> list[Record]:
    """Pure, picklable per-document step (what a Dask worker maps over)."""
    return next(process_documents([document]))[1]


def _process_with_dask(
    documents: Sequence[Document], workers: int, scheduler: str | None
) -> Iterator[tuple[Document, list[Record]]]:
    import dask.bag as bag
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        partitions = max(1, min(len(documents), workers * 4))
        results = bag.from_sequence(documents, npartitions=partitions).map(process_document)
        yield from zip(documents, results.compute(), strict=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


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
    if engine == "dask" and documents:
        processed: Iterable = _process_with_dask(documents, workers, scheduler)
    else:
        processed = _process_safely(documents, summary)
    for done, (document, records) in enumerate(processed, start=1):
        if ledger.add_document(document, records):
            summary.documents_added += 1
            summary.count(records)
        if on_document:
            on_document(done, len(documents))
    summary.discrepancies = refresh_cross_source(ledger)
    return summary


def ledger_view(ledger: Ledger, wanted: ClaimFilter | None = None):
    """The cross-source view of the ledger as corrected (for reports, the web UI, exports),
    of the claims a filter keeps when one is given."""
    from claimledger.corrections import cluster_moves
    from claimledger.crosssource import build_view

    documents, claims, events = select(ledger.documents(), ledger.quantities(),
                                       ledger.events(), wanted or ClaimFilter())
    kept = {d.id for d in documents}
    entities = [e for e in ledger.entities() if e.doc in kept]
    return build_view(documents, claims, events, entities,
                      cluster_moves=cluster_moves(ledger.corrections()))


def refresh_cross_source(ledger: Ledger) -> int:
    """Recompute clusters and discrepancies of the whole ledger (they span documents)."""
    view = ledger_view(ledger)
    ledger.replace_incidents(view.incidents, view.quantities)
    ledger.replace_cross_source(view.clusters, view.discrepancies)
    return len(view.discrepancies)


def correct(ledger: Ledger, corrections: Sequence[Correction]) -> list[Correction]:
    """Store hand corrections (each checked against the ledger) and restate the cross-source
    view, so clusters and discrepancies show them at once."""
    claims = {q.id for q in ledger.quantities(corrected=False)}
    documents = {d.id for d in ledger.documents(include_excluded=True)}
    for correction in corrections:
        if correction.action in ("exclude", "include"):
            if correction.target not in documents:
                raise CorrectionError(f"no document {correction.target!r} in the ledger")
        elif correction.action != "merge" and correction.target not in claims:
            raise CorrectionError(f"no claim {correction.target!r} in the ledger (claim ids "
                                  "look like q-…; `claimledger export` lists them)")
    stored = [ledger.add_correction(c) for c in corrections]
    refresh_cross_source(ledger)
    return stored
