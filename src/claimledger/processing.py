"""The per-document stage (text → records) in this process, in N local processes, or on Dask.

Every engine sends *batches* of documents to a worker (one ``read_docs`` per batch, the model
built once per worker process), keeps only a few batches in flight so memory stays flat, and
yields results in input order as they come back, so the ledger is written while the run goes
on (a progress bar moves; a stopped run resumes) and the output is the same whatever the
engine. A document that fails costs only itself: its batch is retried one document at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice

from claimledger.records import Document, Record

BATCH_SIZE = 16
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: enough to keep it busy, no more

# A document with its records, or with the error that stopped its analysis.
Outcome = tuple[Document, list[Record] | Exception]


def process_batch(batch: Sequence[Document]) -> list[Outcome]:
    """One batch through one ``read_docs``; on failure, each document alone (picklable)."""
    from claimledger.orchestrate import process_documents

    try:
        return list(process_documents(batch, len(batch)))
    except Exception:  # noqa: BLE001 - retried one by one below
        return [_process_alone(document) for document in batch]


def _process_alone(document: Document) -> Outcome:
    from claimledger.orchestrate import process_documents

    try:
        return next(process_documents([document]))
    except Exception as error:  # noqa: BLE001 - reported for this document alone
        return document, error


def batches(documents: Iterable[Document], size: int = BATCH_SIZE) -> Iterator[list[Document]]:
    """Consecutive batches of ``size`` documents, read lazily from ``documents``."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def process_stream(documents: Iterable[Document], *, engine: str = "local", workers: int = 1,
                   scheduler: str | None = None, batch_size: int = BATCH_SIZE
                   ) -> Iterator[Outcome]:
    """Outcomes of ``documents`` in input order (:func:`process_batches`, one by one)."""
    for outcomes in process_batches(documents, engine=engine, workers=workers,
                                    scheduler=scheduler, batch_size=batch_size):
        yield from outcomes


def process_batches(documents: Iterable[Document], *, engine: str = "local", workers: int = 1,
                    scheduler: str | None = None, batch_size: int = BATCH_SIZE
                    ) -> Iterator[list[Outcome]]:
    """The outcomes of each batch of ``documents``, batch by batch in input order (the
    ledger stores a batch in one transaction); no worker starts when there is nothing to
    do, and none for a single batch on the local engine."""
    stream = batches(documents, batch_size)
    first = next(stream, None)
    if first is None:
        return
    if engine == "dask":
        yield from _on_dask(chain([first], stream), workers, scheduler)
        return
    second = next(stream, None) if workers > 1 else None
    if second is not None:
        yield from _in_processes(chain([first, second], stream), workers)
        return
    for batch in chain([first], stream):  # read the next batch only once this one is stored
        yield process_batch(batch)


def _in_order(submit: Callable[[list[Document]], object], wait: Callable[[object], list],
              stream: Iterable[list[Document]], window: int) -> Iterator[list[Outcome]]:
    """Keep ``window`` batches in flight; yield their outcomes batch by batch in input order."""
    pending: deque = deque()
    for batch in stream:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield wait(pending.popleft())
    while pending:
        yield wait(pending.popleft())


def _in_processes(stream: Iterable[list[Document]], workers: int
                  ) -> Iterator[list[Outcome]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may hold threads (a progress bar) and an open ledger
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_warm_worker) as pool:
        yield from _in_order(lambda b: pool.submit(process_batch, b), lambda f: f.result(),
                             stream, workers * IN_FLIGHT_PER_WORKER)


def _warm_worker() -> None:
    """Build the pipeline when the worker starts, once for all its batches."""
    from claimledger.pipeline import build_nlp

    build_nlp()


def _on_dask(stream: Iterable[list[Document]], workers: int,
             scheduler: str | None) -> Iterator[list[Outcome]]:
    """Batches as Dask tasks on a LocalCluster of ``workers`` processes (closed at the end,
    even on error or interrupt) or on a running scheduler."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            size = max(1, len(client.scheduler_info().get("workers", {})))
            yield from _dask_batches(client, stream, size * IN_FLIGHT_PER_WORKER)
        return
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield from _dask_batches(client, stream, max(1, workers) * IN_FLIGHT_PER_WORKER)


def _dask_batches(client, stream: Iterable[list[Document]], window: int
                  ) -> Iterator[list[Outcome]]:
    # pure=False: two batches with equal content are still two tasks
    return _in_order(lambda b: client.submit(process_batch, b, pure=False),
                     lambda future: future.result(), stream, window)
