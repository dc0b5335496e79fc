"""The Python API as the README shows it: analyse texts, records and paths; read the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimledger
from claimledger.crosssource.view import Cluster
from claimledger.errors import InputError
from claimledger.orchestrate import ledger_view
from claimledger.records import Discrepancy, Document, Quantity

# Written for these tests: two outlets disagree on one toll.
FLOOD_A = ("Floods swept through the river valley on Monday. At least 12 people died in the "
           "flood, officials said, and rescue teams searched the villages downstream. " * 4)
FLOOD_B = "Police said 30 people were killed in the valley flood on Monday."


@pytest.fixture(scope="module")
def ledger():
    return claimledger.analyze(
        [FLOOD_A, {"text": FLOOD_B, "id": "b", "source": "River Post",
                   "published": "2024-05-07"}], published="2024-05-07", source="Valley News")


def test_a_long_text_is_a_text_not_a_path(ledger):
    assert len(FLOOD_A.encode()) > 255
    docs = ledger.documents()
    assert {d.source for d in docs} == {"River Post", "Valley News"}
    assert all(isinstance(d, Document) for d in docs)


def test_claims_filter_and_are_plain_dataclasses(ledger):
    claims = ledger.claims(measure="killed")
    assert claims and all(isinstance(q, Quantity) and q.id.startswith("q-") for q in claims)
    assert {q.value for q in ledger.claims(source="River Post")} == {30}
    assert {q.doc for q in ledger.claims(doc="b")} == {"b"}
    assert ledger.claims(until="2024-05-01") == []


def test_clusters_and_discrepancies_after_analysis(ledger):
    clusters = ledger.clusters()
    assert clusters and all(isinstance(c, Cluster) for c in clusters)
    killed = next(c for c in clusters if c.measure == "killed")
    assert {ref.value for ref in killed.claims} >= {12, 30}
    assert {ref.claim_id for ref in killed.claims} <= {q.id for q in ledger.claims()}
    assert all(isinstance(d, Discrepancy) for d in ledger.discrepancies())
    assert ledger.discrepancies() == list(ledger_view(ledger).discrepancies)


def test_arrow_tables_are_typed(ledger):
    table = ledger.table("quantities", measure="killed")
    assert table.num_rows == len(ledger.claims(measure="killed"))
    assert str(table.schema.field("published").type) == "date32[day]"
    assert ledger.table("clusters").num_rows == len(ledger.clusters())


def test_a_second_call_and_paths_work(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Officials said 5 people were wounded in the blast.", encoding="utf-8")
    first = claimledger.analyze(Path(article), db=tmp_path / "l.db")
    again = claimledger.analyze([Path(article)], db=tmp_path / "l.db")  # not shadowed
    assert [q.value for q in again.claims()] == [q.value for q in first.claims()] == [5]
    assert callable(claimledger.analyze)


def test_other_inputs_are_refused_by_type():
    with pytest.raises(InputError, match="cannot analyse a int"):
        claimledger.analyze([42])
