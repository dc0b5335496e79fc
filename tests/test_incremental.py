"""Cross-source findings are recomputed only when the ledger's data changed since."""

from __future__ import annotations

import pytest

from claimledger import crosssource, orchestrate
from claimledger.records import Document, Quantity
from claimledger.store import Ledger

TEXT = "Officials in Port Elm said 12 people were killed when the bridge fell."


def _document(doc_id: str) -> tuple[Document, list[Quantity]]:
    start = TEXT.index("12 people were killed")
    claim = Quantity(doc=doc_id, start=start, end=start + 21, evidence=TEXT[start:start + 21],
                     measure="killed", value=12)
    return Document(id=doc_id, text=TEXT + doc_id, content_hash=f"h-{doc_id}",
                    source=f"Outlet {doc_id}", published="2024-05-07"), [claim]


@pytest.fixture
def counted(monkeypatch):
    """Counts how often the cross-source findings are computed."""
    calls = []
    find = crosssource.find_findings

    def counting(*args, **kwargs):
        calls.append(1)
        return find(*args, **kwargs)

    monkeypatch.setattr(crosssource, "find_findings", counting)
    return calls


def test_a_refresh_with_nothing_changed_recomputes_nothing(counted):
    with Ledger(":memory:") as ledger:
        ledger.add_document(*_document("a"))
        ledger.add_document(*_document("b"))
        found = orchestrate.refresh_cross_source(ledger, if_stale=True)
        counter = ledger.change_counter()
        assert orchestrate.refresh_cross_source(ledger, if_stale=True) == found
        assert (len(counted), ledger.change_counter()) == (1, counter)
        ledger.add_input_error("x.jsonl:3", "not JSON")  # changes no finding
        orchestrate.refresh_cross_source(ledger, if_stale=True)
        assert len(counted) == 1
        ledger.add_document(*_document("c"))
        orchestrate.refresh_cross_source(ledger, if_stale=True)
        assert len(counted) == 2
        assert len(ledger.clusters()[0].claims) == 3


def test_findings_are_not_marked_current_when_a_write_came_in_between():
    with Ledger(":memory:") as ledger:
        ledger.add_document(*_document("a"))
        read_at = ledger.change_counter()
        ledger.add_document(*_document("b"))  # stored while the view was being computed
        ledger.store_cross_source([], [], [], [], read_at=read_at)
        assert not ledger.cross_source_current()
        ledger.store_cross_source([], [], [], [], read_at=ledger.change_counter())
        assert ledger.cross_source_current()


def test_a_plain_refresh_always_recomputes(counted):
    with Ledger(":memory:") as ledger:
        ledger.add_document(*_document("a"))
        orchestrate.refresh_cross_source(ledger)
        orchestrate.refresh_cross_source(ledger)
        assert len(counted) == 2
