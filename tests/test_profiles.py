"""Sourcing profiles: how each outlet's figures split between kinds of claimant."""

from __future__ import annotations

import pytest

from claimledger.crosssource import build_view
from claimledger.crosssource.profiles import sourcing_profiles
from claimledger.records import Document, Quantity


def claim(doc_id: str, value: float, **fields) -> Quantity:
    base = {"start": 0, "end": 1, "evidence": str(value), "measure": "killed"}
    base.update(fields)
    return Quantity(doc=doc_id, value=value, **base)


DOCS = [Document(id="a", text="", content_hash="a", source="Wire A", published="2023-01-02"),
        Document(id="b", text="", content_hash="b", source="Paper B", published="2023-01-03")]
CLAIMS = [
    claim("a", 10, claimant="Wire A", claimant_kind="wire"),
    claim("a", 11, claimant="Reuters", claimant_kind="wire"),
    claim("a", 12, claimant="Northland army", claimant_kind="side", claimant_side="Northland"),
    claim("a", 13, claimant="Red Cross office", claimant_kind="organisation"),
    claim("a", 14, claimant="sources", claimant_kind="unnamed", claimant_side="Southland"),
    claim("a", 15, claimant="Governor Ames", claimant_kind="person", claimant_side="Southland"),
    claim("a", 16, claimant="a witness", claimant_kind="person"),
    claim("a", 17),
    claim("b", 20, claimant="Paper B"),
]


def test_shares_per_kind_of_claimant():
    profiles = {p.source: p for p in sourcing_profiles(DOCS, CLAIMS)}
    wire = profiles["Wire A"]
    assert wire.total == 8
    assert wire.counts == {"own_voice": 3, "side:Northland": 1, "neutral": 1, "unnamed": 1,
                           "side:Southland": 1, "other": 1}
    assert wire.shares["own_voice"] == pytest.approx(3 / 8, abs=1e-4)
    assert sum(wire.shares.values()) == pytest.approx(1.0, abs=1e-3)
    assert profiles["Paper B"].shares == {"own_voice": 1.0}


def test_build_view_survives_empty_and_odd_records():
    odd = [claim("a", float("nan")), claim("ghost", 3, measure=""), claim("ghost", 4)]
    view = build_view(DOCS, odd, [], [])
    assert [c.measure for c in view.clusters] == ["killed"]
    assert [p.source for p in view.profiles] == ["Wire A", "ghost"]
    empty = build_view([], [], [], [])
    assert (empty.clusters, empty.discrepancies, empty.framing, empty.profiles) == ((),) * 4
