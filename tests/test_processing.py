"""The engines: batches in this process, in local worker processes, on Dask; same output."""

from __future__ import annotations

import importlib
import multiprocessing

import pytest

from claimledger.processing import batches, process_batch, process_stream
from claimledger.records import Document

# the module, not the claimledger.analyze() function the package exports under that name
analyze = importlib.import_module("claimledger.orchestrate")

TEXTS = [
    "At least 12 people were killed in the flood on Monday, officials said.",
    "The ministry said 40 soldiers had been wounded.",
    "Some 3,000 residents fled the town, according to the Red Cross.",
    "Police arrested 25 protesters in the capital on Sunday.",
    "The storm destroyed 14 boats, the mayor told reporters.",
]


def _documents() -> list[Document]:
    return [Document(id=f"d{i}", text=text, content_hash=f"h{i}", source="Test Wire",
                     published="2023-09-20") for i, text in enumerate(TEXTS)]


def _summary(outcomes) -> list[tuple]:
    return [(document.id, [r.to_json() for r in result]) for document, result in outcomes]


def _run(**engine) -> list[tuple]:
    return _summary(process_stream(_documents(), batch_size=2, **engine))


@pytest.fixture(scope="module")
def in_process() -> list[tuple]:
    return _run(workers=1)


def test_batches_are_read_lazily_and_keep_order():
    assert [len(b) for b in batches(iter(range(5)), 2)] == [2, 2, 1]
    assert [x for b in batches(range(5), 2) for x in b] == list(range(5))


def test_in_process_finds_the_claims(in_process):
    assert [doc_id for doc_id, _ in in_process] == ["d0", "d1", "d2", "d3", "d4"]
    assert all(records for _, records in in_process)


def test_nothing_to_do_starts_nothing():
    assert list(process_stream([], engine="dask", workers=2)) == []


def test_two_local_processes_give_the_same_output_and_leave_nothing_behind(in_process):
    assert _run(workers=2) == in_process
    assert multiprocessing.active_children() == []


def test_dask_on_two_workers_gives_the_same_output_and_leaves_nothing_behind(in_process):
    assert _run(engine="dask", workers=2) == in_process
    assert multiprocessing.active_children() == []


def test_a_failing_document_costs_only_itself(monkeypatch):
    real = analyze.process_documents

    def fragile(documents, batch_size=16):
        if any(d.id == "d1" for d in documents):
            raise RuntimeError("broken document")
        return real(documents, batch_size)

    monkeypatch.setattr(analyze, "process_documents", fragile)
    outcomes = process_batch(_documents()[:3])
    assert [(d.id, isinstance(result, list)) for d, result in outcomes] == [
        ("d0", True), ("d1", False), ("d2", True)]
    assert "broken document" in str(outcomes[1][1])
