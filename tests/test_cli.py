"""End to end through the CLI: analyze → export → eval, on the seeds and on our own corpora.

The seed floors are the project's gate (issue: quantity F1 0.85, claimant accuracy 0.80,
event-date recall 0.70, no split alias group); the demo and disaster floors guard generality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.demo_corpus import demo_corpus_path, demo_gold_path

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _eval(db: Path, gold: Path) -> dict:
    return json.loads(_invoke("eval", "--db", str(db), "--gold", str(gold), "--json"))


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    _invoke("analyze", str(seeds_dir / "corpus.jsonl"), "--db", str(db))
    return db


def test_seed_eval_meets_the_floors(seeds_db, seeds_dir) -> None:
    scores = _eval(seeds_db, seeds_dir / "gold.jsonl")
    assert scores["quantities"]["f1"] >= 0.85
    assert scores["claimant_accuracy"] >= 0.80
    assert scores["events"]["recall"] >= 0.70
    assert scores["aliases"]["split"] == []


def test_export_jsonl_is_the_contract(seeds_db, tmp_path) -> None:
    out = tmp_path / "seeds.jsonl"
    _invoke("export", "--db", str(seeds_db), "--format", "jsonl", "-o", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = {r["id"]: r["text"] for r in records if r["kind"] == "document"}
    kinds = {r["kind"] for r in records}
    assert {"document", "quantity", "event", "entity", "discrepancy"} <= kinds
    for record in records:
        if "start" in record and record["kind"] != "discrepancy":
            assert texts[record["doc"]][record["start"]:record["end"]] == record["evidence"]


def test_rerun_resumes_without_duplicates(seeds_db, seeds_dir) -> None:
    output = _invoke("analyze", str(seeds_dir / "corpus.jsonl"), "--db", str(seeds_db))
    assert "already in the ledger (skipped) │ 5" in output


def test_bad_lines_are_reported_and_the_batch_goes_on(tmp_path) -> None:
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_text(
        '{"id": "ok1", "text": "At least 12 people died in the flood, officials said.", '
        '"published": "2024-05-02", "source": "River Daily"}\n'
        "{not json\n"
        '{"id": "no-text"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 1  # some input was rejected
    assert f"{corpus}:2" in result.stderr and f"{corpus}:3" in result.stderr
    assert "documents added                 │ 1" in result.stdout


def test_demo_corpus_generality(tmp_path) -> None:
    db = tmp_path / "demo.db"
    _invoke("analyze", str(demo_corpus_path()), "--db", str(db))
    scores = _eval(db, demo_gold_path())
    assert scores["quantities"]["f1"] >= 0.80
    assert scores["events"]["recall"] >= 0.60


def test_disaster_fixture_generality(tmp_path) -> None:
    db = tmp_path / "disaster.db"
    _invoke("analyze", str(FIXTURES / "generality" / "disaster.jsonl"), "--db", str(db))
    scores = _eval(db, FIXTURES / "generality" / "disaster_gold.jsonl")
    assert scores["quantities"]["f1"] >= 0.80


def test_demo_writes_the_report(tmp_path) -> None:
    output = _invoke("demo", "-o", str(tmp_path / "demo"))
    assert (tmp_path / "demo" / "report" / "index.html").is_file()
    assert "report:" in output


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    import typer.main

    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    found = []
    for name, command in click_group.commands.items():
        found.append((*prefix, name))
        if hasattr(command, "commands"):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(app))
def test_help_shows_metavars_not_python_types(command) -> None:
    """`<list[str]>`, `<bool>`, `<path>` are Python types, not what a user types."""
    text = _invoke(*command, "--help")
    assert "<" not in text, text
