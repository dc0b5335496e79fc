"""Orchestration: inputs → documents → spaCy → records → ledger → cross-source findings.

Documents stream: each batch read is analysed and stored (one transaction per batch, a
savepoint per document) before the next is read, so a crash or a bad input later on never
loses what came before, and a re-run resumes. The per-document step
(:func:`process_documents`) is a pure function of its documents, so the same code runs in
this process, in ``workers`` local processes or on a Dask cluster
(``claimledger.processing``), always in batches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from claimledger.cleaning import text_chunks
from claimledger.corrections import Correction, CorrectionError
from claimledger.errors import InputError
from claimledger.extract import extract_records
from claimledger.ingest import iter_documents
from claimledger.processing import Outcome, process_batches
from claimledger.query import ClaimFilter, select
from claimledger.records import Document, Entity, Event, Quantity, Record
from claimledger.settings import input_limits
from claimledger.store import Ledger, Stored

BATCH_SIZE = 16  # documents per read_docs batch and per read-analyse-store round
ON_SAME_ID = ("rename", "replace")
_KINDS = (Quantity, Event, Entity)  # record order within a document: by kind, then text
# Record fields that hold offsets into the document text (shifted when a text is chunked).
_OFFSET_FIELDS = ("start", "end", "date_start")


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
    warnings: list[str] = field(default_factory=list)  # stored, with a note (a renamed id)

    @property
    def documents_read(self) -> int:
        return self.documents_added + self.documents_skipped

    def count(self, records: Sequence[Record]) -> None:
        for record in records:
            if isinstance(record, Quantity):
                self.claims_per_measure[record.measure] += 1
            elif isinstance(record, Event):
                self.events += 1
            elif isinstance(record, Entity):
                self.entities += 1


def _pieces(document: Document, size: int) -> list[tuple[Document, int]]:
    """The document itself, or (for a long text) one Document per chunk with its offset."""
    if len(document.text) <= size:
        return [(document, 0)]
    return [(replace(document, text=document.text[start:end]), start)
            for start, end in text_chunks(document.text, size)]


def _shifted(record: Record, offset: int) -> Record:
    if not offset:
        return record
    moved = {name: getattr(record, name) + offset for name in _OFFSET_FIELDS
             if getattr(record, name, None) is not None}
    return replace(record, **moved)


def process_documents(
    documents: Sequence[Document], batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Document, list[Record]]]:
    """Run the pipeline over documents in batches; yields each document with its records.

    A text longer than ``chunk_chars`` is analysed in chunks cut at paragraph or sentence
    boundaries; the records' offsets are shifted back, so they index the whole text.
    """
    from claimledger.pipeline import build_nlp, make_doc, read_docs  # spaCy: when analysing

    nlp = build_nlp()
    size = min(input_limits().chunk_chars, nlp.max_length - 1)
    pieces = [(index, piece, offset) for index, document in enumerate(documents)
              for piece, offset in _pieces(document, size)]
    docs = read_docs(nlp, (make_doc(nlp, piece) for _, piece, _ in pieces), batch_size)
    gathered: list[Record] = []
    for position, ((index, piece, offset), doc) in enumerate(zip(pieces, docs, strict=True)):
        gathered += [_shifted(r, offset) for r in extract_records(piece, doc)]
        if position + 1 == len(pieces) or pieces[position + 1][0] != index:
            yield documents[index], sorted(gathered, key=lambda r: _KINDS.index(type(r)))
            gathered = []


def process_document(document: Document) -> list[Record]:
    """Pure, picklable per-document step (the engines send batches: see processing.py)."""
    return next(process_documents([document]))[1]


class _Run:
    """One analyze run's bookkeeping: errors go to the summary and to ``input_errors``."""

    def __init__(self, ledger: Ledger, on_same_id: str) -> None:
        self.ledger = ledger
        self.on_same_id = on_same_id
        self.summary = AnalysisSummary()

    def reject(self, origin: str, message: str) -> None:
        self.summary.errors.append(f"{origin}: {message}")
        self.ledger.add_input_error(origin, message)

    def on_input_error(self, error: InputError) -> None:
        where = error.path if error.line is None else f"{error.path}:{error.line}"
        self.reject(where, error.message)

    def fresh(self, documents: Iterable[Document]) -> Iterator[Document]:
        for document in documents:
            if self.ledger.has_document(document.content_hash):
                self.summary.documents_skipped += 1
            else:
                yield document

    def store(self, outcomes: Sequence[Outcome]) -> None:
        """Store a batch's analysed documents in one transaction, then account for each in
        input order (a failed analysis or write is reported for that document alone)."""
        analysed = [(d, r) for d, r in outcomes if not isinstance(r, Exception)]
        written = iter(self._write(analysed))
        for document, result in outcomes:
            if isinstance(result, Exception):
                self.reject(document.origin, f"analysis failed ({type(result).__name__}: "
                                             f"{' '.join(str(result).split())[:160]})")
            else:
                self._account(document, result, next(written))

    def _write(self, analysed: list[tuple[Document, list[Record]]]) -> list[Stored | Exception]:
        try:
            return list(self.ledger.add_documents(analysed, on_same_id=self.on_same_id))
        except Exception:  # noqa: BLE001 - the batch failed as a whole: each alone below
            return [self._write_alone(document, records) for document, records in analysed]

    def _write_alone(self, document: Document, records: list[Record]) -> Stored | Exception:
        try:
            return self.ledger.add_document(document, records, on_same_id=self.on_same_id)
        except Exception as error:  # noqa: BLE001 - this document alone is not stored
            return error

    def _account(self, document: Document, records: list[Record],
                 stored: Stored | Exception) -> None:
        if isinstance(stored, Exception):
            self.reject(document.origin, f"not stored ({' '.join(str(stored).split())[:160]})")
            return
        if stored.renamed_from:
            self.summary.warnings.append(
                f"{document.origin}: id {stored.renamed_from!r} is already stored with other "
                f"text; this version is stored as {stored.id!r} (--replace replaces instead)")
        elif stored.replaced:
            self.summary.warnings.append(f"{document.origin}: replaced the stored version of "
                                         f"{document.id!r}")
        if stored:
            self.summary.documents_added += 1
            self.summary.count(records)
        else:  # the same text earlier in this batch
            self.summary.documents_skipped += 1


def analyze_into(
    inputs: Sequence[str], ledger: Ledger, *, published: str | None = None,
    source: str | None = None, engine: str = "local", workers: int = 1,
    scheduler: str | None = None, on_document: Callable[[int, int | None], None] | None = None,
    on_same_id: str = "rename", keep_models: bool = True,
) -> AnalysisSummary:
    """Analyse inputs into ``ledger`` as they are read: one transaction per batch.

    A re-run resumes (stored texts are skipped). An id already stored with another text is
    kept as ``id~2`` (``on_same_id="rename"``) or replaces it (``"replace"``). A process that
    analyses once (the CLI) passes ``keep_models=False``: the model and the GeoNames index
    are dropped before the cross-source step, so that step reuses their memory.
    """
    if on_same_id not in ON_SAME_ID:
        raise ValueError(f"on_same_id must be one of {ON_SAME_ID}, not {on_same_id!r}")
    run = _Run(ledger, on_same_id)
    documents = iter_documents(inputs, published=published, source=source,
                               on_error=run.on_input_error)
    done = 0
    for outcomes in process_batches(run.fresh(documents), engine=engine, workers=workers,
                                    scheduler=scheduler, batch_size=BATCH_SIZE):
        run.store(outcomes)
        for _ in outcomes:
            done += 1
            if on_document:
                on_document(done, None)
    if not keep_models and run.summary.documents_added:  # else no model was loaded here
        from claimledger.pipeline import release_models

        release_models()
    run.summary.discrepancies = refresh_cross_source(ledger, if_stale=True)
    return run.summary


def _inputs(ledger: Ledger, wanted: ClaimFilter | None = None, *,
            findings_only: bool = False) -> dict[str, Any]:
    """The documents, claims, events and entities a view is built from, with the readers'
    corrections that apply to it (claims kept by a filter, when one is given). The
    findings alone (``findings_only``) read neither events nor texts: those stay out."""
    from claimledger.corrections import cluster_moves, incident_fix

    documents, claims, events = select(ledger.documents(texts=not findings_only),
                                       ledger.quantities(),
                                       [] if findings_only else ledger.events(),
                                       wanted or ClaimFilter())
    kept = {d.id for d in documents}
    entities = [e for e in ledger.entities() if e.doc in kept]
    corrections = ledger.corrections()
    return {"documents": documents, "quantities": claims, "entities": entities,
            "cluster_moves": cluster_moves(corrections),
            "incident_fix": incident_fix(corrections),
            **({} if findings_only else {"events": events})}


def ledger_view(ledger: Ledger, wanted: ClaimFilter | None = None, *, framing: bool = True,
                reuse: bool = False):
    """The cross-source view of the ledger as corrected (for reports, the web UI, exports),
    of the claims a filter keeps when one is given; ``framing=False`` leaves the outlets'
    wording out (it reads every text). With ``reuse`` (the whole ledger only), incidents
    whose claims are unchanged since the last refresh keep their stored clusters (read back
    from the ledger) and only the others are aligned again; the view is the same."""
    from claimledger.crosssource import build_view

    stored = ledger.stored_groups(findings=False) if reuse and wanted is None else None
    return build_view(**_inputs(ledger, wanted), framing=framing, stored=stored)


def refresh_cross_source(ledger: Ledger, *, if_stale: bool = False) -> int:
    """Recompute incidents, clusters and discrepancies of the whole ledger (they span
    documents): incidents are resolved again, but only the incidents whose claims changed
    since the last refresh are aligned and checked again (the others keep their stored
    clusters). With ``if_stale``, nothing at all when the data did not change since (a
    re-run that adds nothing). Returns the number of discrepancies."""
    from claimledger.crosssource import find_findings

    if if_stale and ledger.cross_source_current():
        return int(ledger.stats()["discrepancies"])
    read_at = ledger.change_counter()
    found = find_findings(**_inputs(ledger, findings_only=True), stored=ledger.stored_groups())
    ledger.store_cross_source(found.incidents, found.quantities, found.clusters,
                              found.discrepancies, read_at=read_at, prints=found.prints,
                              kept=found.kept)
    return len(found.discrepancies)


def correct(ledger: Ledger, corrections: Sequence[Correction]) -> list[Correction]:
    """Store hand corrections (each checked against the ledger) and restate the cross-source
    view, so clusters and discrepancies show them at once."""
    targets = {c.target for c in corrections}
    claims, documents = ledger.claims_named(targets), ledger.documents_named(targets)
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
