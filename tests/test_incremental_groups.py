"""A refresh after new documents aligns only the incidents they touch, and stores exactly
what a refresh from scratch stores (every cross-source row, in order)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from claimledger import orchestrate
from claimledger.corrections import Correction
from claimledger.crosssource import find_findings
from claimledger.crosssource.align import align, cluster_block_key
from claimledger.records import Document, Quantity
from claimledger.store import Ledger

QUAKE = ("earthquake", "earthquake", "2024-05-06", "Port Elm")
FLOOD = ("flood", "floods", "2024-03-01", "Riverton")
STORM = ("storm", "storm", "2024-08-20", "Cape Hollow")


def _document(doc_id: str, published: str, figures: list[tuple]) -> tuple[Document, list]:
    """One article: a sentence per figure ("NN people were killed …"), each with its cue."""
    text, claims = "", []
    for measure, value, claimant, cue in figures:
        sentence = f"{claimant} said {value} people were {measure} after the {cue[1]}. "
        start = len(text) + sentence.index(str(value))
        end = start + len(f"{value} people were {measure}")
        text += sentence
        claims.append(Quantity(
            doc=doc_id, start=start, end=end, evidence=text[start:end], measure=measure,
            value=value, claimant=claimant, claimant_kind="organisation", subject="people",
            as_of=published, incident_type=cue[0], incident_trigger=cue[1],
            incident_date=cue[2], incident_place=cue[3], incident_country="ZZ",
            incident_cue="sentence"))
    return Document(id=doc_id, text=text, content_hash=f"h-{doc_id}", source=f"Outlet {doc_id}",
                    published=published), claims


FIRST = [
    _document("a", "2024-05-07", [("killed", 12, "The Red Cross", QUAKE),
                                  ("displaced", 400, "The Red Cross", FLOOD)]),
    _document("b", "2024-05-08", [("killed", 15, "Police", QUAKE)]),
    _document("c", "2024-03-02", [("displaced", 350, "The mayor", FLOOD),
                                  ("killed", 4, "The mayor", FLOOD)]),
    _document("d", "2024-03-03", [("displaced", 500, "Relief workers", FLOOD)]),
]
# Touches the quake (an existing incident changes) and starts a storm; the flood is left be.
LATER = [
    _document("e", "2024-05-09", [("killed", 19, "The health ministry", QUAKE),
                                  ("injured", 30, "The health ministry", QUAKE)]),
    _document("f", "2024-08-21", [("killed", 3, "Coast guard", STORM)]),
]


def _rows(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every stored cross-source row, in storage order (row ids left out)."""
    conn = sqlite3.connect(ledger.path)
    try:
        return {
            "incidents": conn.execute("SELECT id, label, payload FROM incidents "
                                      "ORDER BY rowid").fetchall(),
            "claims": conn.execute("SELECT id, incident FROM claims ORDER BY id").fetchall(),
            "clusters": conn.execute("SELECT * FROM clusters ORDER BY seq").fetchall(),
            "members": conn.execute("SELECT * FROM cluster_members "
                                    "ORDER BY cluster, position").fetchall(),
            "discrepancies": conn.execute("SELECT * FROM discrepancies ORDER BY seq").fetchall(),
            "discrepancy_claims": conn.execute(
                "SELECT d.rank, c.* FROM discrepancy_claims c JOIN discrepancies d ON "
                "d.seq = c.discrepancy ORDER BY d.rank, c.position").fetchall(),
            "prints": conn.execute("SELECT * FROM cross_source_groups "
                                   "ORDER BY incident").fetchall(),
        }
    finally:
        conn.close()


def _ledger(path: Path, batches: list[list[tuple]], corrections=()) -> Ledger:
    """A ledger that got ``batches`` of documents, refreshed after each (``corrections``
    made after the first)."""
    ledger = Ledger(path)
    for number, batch in enumerate(batches):
        for document, claims in batch:
            ledger.add_document(document, claims)
        if number == 0 and corrections:
            orchestrate.correct(ledger, list(corrections))
        else:
            orchestrate.refresh_cross_source(ledger, if_stale=True)
    return ledger


def _from_scratch(path: Path, documents: list[tuple], corrections=()) -> Ledger:
    ledger = _ledger(path, [documents], corrections)
    orchestrate.refresh_cross_source(ledger)
    return ledger


def test_adding_documents_stores_what_a_rebuild_stores(tmp_path):
    with _ledger(tmp_path / "inc.db", [FIRST, LATER]) as step, \
            _from_scratch(tmp_path / "full.db", FIRST + LATER) as full:
        rows = _rows(full)
        assert rows["discrepancies"] and len(rows["incidents"]) == 3
        assert _rows(step) == rows


def test_only_the_incidents_new_documents_touch_are_aligned_again(tmp_path):
    with _ledger(tmp_path / "inc.db", [FIRST]) as ledger:
        flood = {c.id for c in ledger.clusters() if c.incident.startswith("flood")}
        for document, claims in LATER:
            ledger.add_document(document, claims)
        found = find_findings(**orchestrate._inputs(ledger, findings_only=True),
                              stored=ledger.stored_groups())
    assert flood and found.kept == flood  # the quake changed, the storm is new


def test_readers_corrections_hold_in_an_incremental_refresh(tmp_path):
    with Ledger(tmp_path / "probe.db") as probe:
        for document, claims in FIRST:
            probe.add_document(document, claims)
        orchestrate.refresh_cross_source(probe)
        quake = next(i.id for i in probe.incidents() if i.type == "earthquake")
        flood = next(i.id for i in probe.incidents() if i.type == "flood")
        moved = next(q.id for q in probe.quantities("c") if q.measure == "displaced")
    corrections = [Correction(quake, "merge", value=flood),
                   Correction(moved, "move", value="flood-split")]
    with _ledger(tmp_path / "inc.db", [FIRST, LATER], corrections) as step, \
            _from_scratch(tmp_path / "full.db", FIRST + LATER, corrections) as full:
        rows = _rows(full)
        assert "flood-split" in {row[1] for row in rows["clusters"]}
        assert not any(row[0].startswith("earthquake") for row in rows["incidents"])
        assert _rows(step) == rows


def test_clusters_come_out_of_align_in_their_block_order():
    claims = [q for _, batch in FIRST + LATER for q in batch]
    documents = [d for d, _ in FIRST + LATER]
    claims = [replace(q, incident=q.incident_type) for q in claims]
    clusters = align(documents, claims)
    assert len({c.incident for c in clusters}) == 3
    assert [cluster_block_key(c) for c in clusters] == sorted(
        cluster_block_key(c) for c in clusters)


def test_the_web_view_after_a_write_is_the_full_view(tmp_path):
    """Pages reuse the stored clusters of untouched incidents; what they show is what a
    full build shows."""
    from claimledger.web.deps import web_view

    with _ledger(tmp_path / "inc.db", [FIRST]) as ledger:
        for document, claims in LATER:  # stored, the findings not refreshed yet
            ledger.add_document(document, claims)
        quick, full = web_view(ledger), orchestrate.ledger_view(ledger)
    assert [(c.id, c.claims, c.best, c.low, c.high, c.best_rule) for c in quick.clusters] == [
        (c.id, c.claims, c.best, c.low, c.high, c.best_rule) for c in full.clusters]
    assert quick.discrepancies == full.discrepancies
    assert (quick.incidents, quick.quantities, quick.evolution) == (
        full.incidents, full.quantities, full.evolution)
    assert len({c.incident for c in quick.clusters}) == 3


def test_with_a_hand_move_incidents_it_does_not_touch_are_still_reused(tmp_path):
    with Ledger(tmp_path / "probe.db") as probe:
        for document, claims in FIRST:
            probe.add_document(document, claims)
        moved = next(q.id for q in probe.quantities("b"))  # a quake figure
    move = [Correction(moved, "move", value="quake-apart")]
    storm = [LATER[1]]
    with _ledger(tmp_path / "inc.db", [FIRST], move) as ledger:
        flood = {c.id for c in ledger.clusters() if c.incident.startswith("flood")}
        for document, claims in storm:
            ledger.add_document(document, claims)
        found = find_findings(**orchestrate._inputs(ledger, findings_only=True),
                              stored=ledger.stored_groups())
        orchestrate.refresh_cross_source(ledger, if_stale=True)
        with _from_scratch(tmp_path / "full.db", FIRST + storm, move) as full:
            rows = _rows(full)
            assert "quake-apart" in {row[1] for row in rows["clusters"]}
            assert _rows(ledger) == rows
    assert flood and found.kept == flood  # the quake's clusters are restated by the move


def test_exports_reusing_stored_clusters_are_those_of_a_full_build(tmp_path):
    from claimledger.corrections import claim_marks
    from claimledger.export import analysis_tables, ledger_tables

    with _ledger(tmp_path / "inc.db", [FIRST]) as ledger:
        ledger.add_document(*LATER[0])  # the quake changes; the flood's clusters are reused
        full = analysis_tables(orchestrate.ledger_view(ledger), claim_marks([]))
        assert ledger_tables(ledger) == full and full["discrepancies"]
