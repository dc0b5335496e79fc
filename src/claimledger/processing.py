"""The per-document stage (text → records) in one process, in N local processes, or on Dask.

Every engine sends *batches* of documents to a worker (one ``nlp.pipe`` per batch, the model
built once per worker process), keeps only a few batches in flight so memory stays flat, and
yields results in input order as they come back, so the ledger is written while the run goes
on (a progress bar moves; a stopped run resumes) and the output is the same whatever the
engine. A document that fails costs only itself: its batch is retried one document at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from claimledger.records import Document, Record

BATCH_SIZE = 16
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: enough to keep it busy, no more

# records, or the error message of a document that could not be analysed
Outcome = tuple[Document, list[Record] | None, str | None]


def process_documents(
    documents: Sequence[Document], batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Document, list[Record]]]:
    """Run the pipeline over documents in batches; yields each document with its records."""
    from claimledger.extract import extract_records
    from claimledger.pipeline import build_nlp, make_doc  # spaCy: only when analysing

    nlp = build_nlp()
    docs = (make_doc(nlp, d) for d in documents)
    for document, doc in zip(documents, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield document, extract_records(document, doc)


def process_batch(batch: Sequence[Document]) -> list[Outcome]:
    """One batch through one ``nlp.pipe``; on failure, each document alone (picklable)."""
    try:
        return [(d, records, None) for d, records in process_documents(batch, len(batch))]
    except Exception:  # noqa: BLE001 - retried one by one below
        return [_process_alone(document) for document in batch]


def _process_alone(document: Document) -> Outcome:
    try:
        return document, next(process_documents([document]))[1], None
    except Exception as error:  # noqa: BLE001 - the batch goes on
        return document, None, f"{document.origin}: analysis failed: {error!r}"


def batches(documents: Iterable[Document], size: int = BATCH_SIZE) -> Iterator[list[Document]]:
    """Consecutive batches of ``size`` documents, read lazily from ``documents``."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _in_order(submit: Callable[[list[Document]], object], wait: Callable[[object], list],
              documents: Iterable[Document], window: int, size: int) -> Iterator[Outcome]:
    """Keep ``window`` batches in flight; yield their outcomes in input order."""
    pending: deque = deque()
    for batch in batches(documents, size):
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from wait(pending.popleft())
    while pending:
        yield from wait(pending.popleft())


def process_locally(documents: Iterable[Document], workers: int = 1,
                    batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
    """In this process (``workers`` ≤ 1), or in ``workers`` processes on this machine."""
    if workers <= 1:
        for batch in batches(documents, batch_size):
            yield from process_batch(batch)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may hold threads (a progress bar) and an open ledger
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_warm_worker) as pool:
        yield from _in_order(lambda b: pool.submit(process_batch, b), lambda f: f.result(),
                             documents, workers * IN_FLIGHT_PER_WORKER, batch_size)


def _warm_worker() -> None:
    """Build the pipeline when the worker starts, once for all its batches."""
    from claimledger.pipeline import build_nlp

    build_nlp()


def process_with_dask(documents: Iterable[Document], workers: int = 2,
                      scheduler: str | None = None,
                      batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
    """Batches as Dask tasks on a LocalCluster of ``workers`` processes (closed at the end,
    even on error or interrupt) or on a running scheduler."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            size = max(1, len(client.scheduler_info().get("workers", {})))
            yield from _dask_batches(client, documents, size * IN_FLIGHT_PER_WORKER, batch_size)
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield from _dask_batches(client, documents, workers * IN_FLIGHT_PER_WORKER, batch_size)


def _dask_batches(client, documents: Iterable[Document], window: int,
                  size: int) -> Iterator[Outcome]:
    # pure=False: two batches with equal content are still two tasks
    return _in_order(lambda b: client.submit(process_batch, b, pure=False),
                     lambda future: future.result(), documents, window, size)
