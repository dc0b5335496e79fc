"""Corrections: made from the CLI or the library, kept across re-runs, shared as JSONL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.corrections import Correction, CorrectionError, apply_corrections
from claimledger.export import ledger_json
from claimledger.orchestrate import correct
from claimledger.records import Quantity
from claimledger.store import Ledger

runner = CliRunner()

# Written for these tests.
CORPUS = [
    {"id": "a", "source": "Valley News", "published": "2024-05-07",
     "text": "Officials said 12 people died in the flood on Monday."},
    {"id": "b", "source": "River Post", "published": "2024-05-07",
     "text": "Police said 30 people were killed in the flood on Monday."},
    {"id": "c", "source": "Sports Daily", "published": "2024-05-07",
     "text": "The home team killed off 3 penalties in the final period."},
]


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corr")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in CORPUS), encoding="utf-8")
    return folder, corpus


def claim_of(db, doc: str) -> Quantity:
    with Ledger(db) as ledger:
        return next(q for q in ledger.quantities(corrected=False) if q.doc == doc)


def test_a_corrected_claimant_survives_a_re_run(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    police = claim_of(db, "b")
    output = invoke("correct", police.id, "--db", db, "--set", "claimant=provincial police",
                    "--by", "ana", "--why", "named in paragraph 3")
    assert f"corrected {police.id}: set claimant=provincial police" in output
    invoke("analyze", str(corpus), "--db", db)  # a re-run: the correction still holds
    with Ledger(db) as ledger:
        [claim] = [q for q in ledger.quantities() if q.doc == "b"]
        assert claim.claimant == "provincial police" and claim.id == police.id
        claimants = {ref.claimant for c in ledger.clusters() for ref in c.claims}
        assert "provincial police" in claimants
        lines = ledger_json(ledger)["quantity"]
    marked = next(line for line in lines if line["id"] == police.id)
    assert marked["corrected"] is True
    assert marked["corrections"][0] | {"at": ""} == {
        "field": "claimant", "value": "provincial police", "who": "ana", "at": "",
        "why": "named in paragraph 3"}


def test_rejecting_a_claim_updates_the_discrepancies(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    with Ledger(db) as ledger:
        before = [d for d in ledger.discrepancies() if d.measure == "killed"]
        assert any(len(d.claims) == 2 for d in before)
    invoke("correct", claim_of(db, "b").id, "--db", db, "--reject")
    with Ledger(db) as ledger:
        after = [d for d in ledger.discrepancies() if d.measure == "killed"]
        assert all(len(d.claims) < 2 for d in after)
        assert "b" not in {q.doc for q in ledger.quantities()}


def test_excluding_an_off_topic_document(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    invoke("correct", "c", "--db", db, "--exclude", "--why", "sports, not the flood")
    with Ledger(db) as ledger:
        assert "c" not in {d.id for d in ledger.documents()}
        assert "c" not in {q.doc for q in ledger.quantities()}
        view = ledger._rows("SELECT DISTINCT doc FROM claims_view")
        assert "c" not in {r[0] for r in view}


def test_changing_measure_and_value_keeps_the_id_and_shows_in_the_view(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    first = claim_of(db, "a")
    invoke("correct", first.id, "--db", db, "--set", "measure=missing", "--set", "value=14")
    with Ledger(db) as ledger:
        [claim] = [q for q in ledger.quantities() if q.id == first.id]
        assert (claim.measure, claim.value) == ("missing", 14)
        row = ledger._rows("SELECT measure, value, corrected FROM claims_view WHERE id = ?",
                           (first.id,))[0]
        assert tuple(row) == ("missing", 14, 1)


def test_moving_a_claim_splits_it_into_a_new_cluster(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    claim = claim_of(db, "b")
    invoke("correct", claim.id, "--db", db, "--move-to", "killed/police-count")
    with Ledger(db) as ledger:
        moved = next(c for c in ledger.clusters() if c.id == "killed/police-count")
        assert [ref.claim_id for ref in moved.claims] == [claim.id]
        assert moved.best == 30


def test_corrections_export_and_import_round_trip(analysed, tmp_path):
    _, corpus = analysed
    first, second = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for db in (first, second):
        invoke("analyze", str(corpus), "--db", db)
    invoke("correct", claim_of(first, "a").id, "--db", first, "--set", "qualifier=about")
    shared = tmp_path / "fixes.jsonl"
    invoke("corrections", "export", "--db", first, "-o", str(shared))
    assert json.loads(shared.read_text())["kind"] == "correction"
    assert "imported 1 correction(s); 0 already there" in invoke(
        "corrections", "import", str(shared), "--db", second)
    assert "imported 0 correction(s); 1 already there" in invoke(
        "corrections", "import", str(shared), "--db", second)
    with Ledger(second) as ledger:
        assert next(q for q in ledger.quantities() if q.doc == "a").qualifier == "about"


def test_bad_corrections_are_refused_in_one_line(analysed, tmp_path):
    _, corpus = analysed
    db = str(tmp_path / "l.db")
    invoke("analyze", str(corpus), "--db", db)
    result = runner.invoke(app, ["correct", "q-nothing", "--db", db, "--reject"])
    assert result.exit_code == 1 and "no claim 'q-nothing'" in result.output
    result = runner.invoke(app, ["correct", claim_of(db, "a").id, "--db", db,
                                 "--set", "measure=happiness"])
    assert result.exit_code == 1 and "unknown measure 'happiness'" in result.output


def test_latest_correction_wins_and_restore_undoes_a_reject():
    claim = Quantity(doc="d", start=0, end=5, evidence="12 dead", measure="killed", value=12)
    fixes = [Correction(claim.id, "set", "value", 13), Correction(claim.id, "set", "value", 14),
             Correction(claim.id, "reject")]
    assert apply_corrections([claim], fixes) == []
    [kept] = apply_corrections([claim], [*fixes, Correction(claim.id, "restore")])
    assert kept.value == 14 and kept.id == claim.id
    with pytest.raises(CorrectionError, match="value must be a number"):
        Correction(claim.id, "set", "value", "many")


def test_correct_checks_targets_against_the_ledger():
    with Ledger(":memory:") as ledger, pytest.raises(CorrectionError, match="no document"):
        correct(ledger, [Correction("nope", "exclude")])


TWO_INCIDENTS = [
    {"id": "a", "source": "Valley News", "published": "2024-05-07",
     "text": "Officials said 12 people died in the flood on Monday."},
    {"id": "b", "source": "River Post", "published": "2024-05-09",
     "text": "Rescuers said 30 people were killed in the landslide on Wednesday."},
]


@pytest.fixture
def two_incidents(tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in TWO_INCIDENTS), encoding="utf-8")
    db = str(tmp_path / "two.db")
    invoke("analyze", str(corpus), "--db", db)
    with Ledger(db) as ledger:
        by_doc = {q.doc: q for q in ledger.quantities()}
    assert by_doc["a"].incident != by_doc["b"].incident, "the corpus should give two incidents"
    return corpus, db, by_doc


def test_merged_incidents_stay_merged_after_a_re_run(two_incidents):
    corpus, db, by_doc = two_incidents
    flood, landslide = by_doc["a"].incident, by_doc["b"].incident
    with Ledger(db) as ledger:
        dates = {d for i in ledger.incidents() for d in (i.first_date, i.last_date) if d}
    invoke("correct", landslide, "--db", db, "--merge-into", flood, "--why", "one storm")
    invoke("analyze", str(corpus), "--db", db)  # re-resolves incidents from the text
    with Ledger(db) as ledger:
        assert {q.incident for q in ledger.quantities()} == {flood}
        [incident] = ledger.incidents()
        assert (incident.id, incident.claims, incident.docs) == (flood, 2, ("a", "b"))
        assert (incident.first_date, incident.last_date) == (min(dates), max(dates))
        assert {ref.claim_id for c in ledger.clusters() if c.incident == flood
                for ref in c.claims} <= {q.id for q in ledger.quantities()}


def test_a_claim_moved_to_another_incident_stays_there(two_incidents):
    corpus, db, by_doc = two_incidents
    flood = by_doc["a"].incident
    invoke("correct", by_doc["b"].id, "--db", db, "--set", f"incident={flood}")
    invoke("analyze", str(corpus), "--db", db)
    with Ledger(db) as ledger:
        assert {q.incident for q in ledger.quantities()} == {flood}
        assert [(i.id, i.claims) for i in ledger.incidents()] == [(flood, 2)]
        assert ledger.claims(incident=flood) and len(ledger.claims(incident=flood)) == 2
