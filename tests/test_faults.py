"""Fault injection: hostile and broken inputs, crashes, races, and the web UI under abuse.

Each test reproduces one way the tool used to fail (issue 9) and pins what it does now:
one line naming file and line, the rest of the batch stored, documented exit codes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import StoreError
from claimledger.export import export_ledger, safe_cell
from claimledger.ingest import iter_documents
from claimledger.orchestrate import analyze_into
from claimledger.records import Document, Quantity
from claimledger.store import MAX_SEARCH_TERMS, Ledger, _fts_query

runner = CliRunner()
analyze_module = sys.modules["claimledger.orchestrate"]
SRC = Path(__file__).resolve().parents[1] / "src"
GOOD = "Officials in Port Elm said at least 12 people were killed in the flood on Monday."
OTHER = "The mayor of Lakeside said about 4,000 residents fled their homes."


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# --------------------------------------------------------------------------- 1. duplicate ids


def test_an_edited_article_under_the_same_id_is_kept_as_a_new_version(tmp_path):
    corpus = write_lines(tmp_path / "c.jsonl", [
        line(id="a", text=GOOD), line(id="a", text=GOOD + " Later the toll rose to 14."),
        "{broken", line(id="b", text=OTHER)])
    db = tmp_path / "l.db"
    result = run_cli("analyze", corpus, "--db", db)
    assert result.exit_code == 1, result.output  # the broken line
    assert f"{corpus}:2: id 'a' is already stored with other text" in result.stderr
    assert "'a~2'" in result.stderr and f"{corpus}:3" in result.stderr
    with Ledger(db) as ledger:
        assert [d.id for d in ledger.documents()] == ["a", "a~2", "b"]
        assert ledger.discrepancies() is not None
        assert len(ledger.input_errors()) == 1
    rerun = run_cli("analyze", corpus, "--db", db)
    assert "already in the ledger (skipped) │ 3" in rerun.stdout
    assert "id 'a'" not in rerun.stderr


def test_replace_keeps_only_the_latest_version(tmp_path):
    db = tmp_path / "l.db"
    first = write_lines(tmp_path / "v1.jsonl", [line(id="a", text=GOOD)])
    second = write_lines(tmp_path / "v2.jsonl", [line(id="a", text=OTHER)])
    assert run_cli("analyze", first, "--db", db).exit_code == 0
    result = run_cli("analyze", second, "--db", db, "--replace")
    assert result.exit_code == 0, result.output
    assert "replaced the stored version of 'a'" in result.stderr
    with Ledger(db) as ledger:
        assert [(d.id, d.text) for d in ledger.documents()] == [("a", OTHER)]
        assert {q.doc for q in ledger.quantities()} == {"a"}
        assert all(q.evidence in OTHER for q in ledger.quantities())


# --------------------------------------------------------------------------- 2. unreadable input


def test_hostile_json_lines_each_cost_one_line(tmp_path):
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join([
        '{"id": "s", "text": "Lone \\ud800 surrogate: 7 people were killed."}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": "n", "text": "x", "published": ' + "9" * 5000 + "}",
        '{"id": "z", "text": "Ten \\u0000 soldiers."}',
        line(id="ok", text=GOOD),
    ]) + "\n", encoding="utf-8")
    errors = []
    docs = list(iter_documents([str(corpus)], on_error=errors.append))
    assert [d.id for d in docs] == ["s", "ok"]
    assert "\ufffd" in docs[0].text and len(docs[0].text) == len("Lone X surrogate: "
                                                                 "7 people were killed.")
    assert [e.line for e in errors] == [2, 3, 4]
    assert "nested too deeply" in errors[0].message
    assert "malformed JSON" in errors[1].message
    assert "NUL" in errors[2].message
    assert all("\n" not in str(e) for e in errors)


def test_devices_and_fifos_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    errors = []
    docs = list(iter_documents(["/dev/zero", str(fifo)], on_error=errors.append))
    assert docs == []
    assert [e.path for e in errors] == ["/dev/zero", str(fifo)]
    assert all("not a regular file" in e.message for e in errors)


def test_an_endless_stdin_is_cut_at_the_limit(monkeypatch):
    class Endless:
        """A stream like /dev/zero: NUL bytes forever."""

        def readline(self, size: int = -1) -> bytes:
            return b"\x00" * size

        def read(self, size: int = -1) -> bytes:
            return b"\x00" * size

    monkeypatch.setenv("CLAIMLEDGER_MAX_TEXT_CHARS", "1000")
    monkeypatch.setenv("CLAIMLEDGER_MAX_FILE_BYTES", "100000")
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": Endless()})())
    errors = []
    assert list(iter_documents(["-"], on_error=errors.append)) == []
    assert len(errors) == 1 and "too long" in errors[0].message


def test_documents_are_stored_while_the_input_is_still_being_read(tmp_path, monkeypatch):
    """A crash late in a big input keeps everything analysed before it."""
    db = Ledger(tmp_path / "s.db")
    seen_when_asked: list[int] = []

    def documents(inputs, **_):
        for index, text in enumerate([GOOD, OTHER, GOOD + " Two more died."]):
            seen_when_asked.append(len(db.documents()))
            yield Document(id=f"d{index}", text=text, content_hash=f"h{index}")
        raise KeyboardInterrupt  # the run dies here

    monkeypatch.setattr(analyze_module, "iter_documents", documents)
    monkeypatch.setattr(analyze_module, "BATCH_SIZE", 1)
    with pytest.raises(KeyboardInterrupt):
        analyze_into(["x"], db)
    assert seen_when_asked == [0, 1, 2]
    assert len(db.documents()) == 3
    db.close()


# --------------------------------------------------------------------------- 3. limits


@pytest.mark.parametrize("separator", ["\n\n", " "])  # paragraphs, or one long line
def test_long_texts_are_analysed_in_chunks_with_offsets_kept(tmp_path, monkeypatch, separator):
    monkeypatch.setenv("CLAIMLEDGER_CHUNK_CHARS", "400")
    paragraphs = [f"Officials said {n} soldiers were killed near the river on Monday. "
                  "Rescue teams kept searching the valley through the night." for n in
                  range(11, 31)]
    text = separator.join(paragraphs)
    assert len(text) > 5 * 400
    with Ledger(":memory:") as ledger:
        analyze_into([str(write_lines(tmp_path / "long.jsonl", [line(id="L", text=text)]))],
                     ledger)
        values = sorted(q.value for q in ledger.quantities() if q.measure == "killed")
        assert values == list(range(11, 31))
        for record in [*ledger.quantities(), *ledger.events(), *ledger.entities()]:
            assert text[record.start:record.end] == record.evidence


def test_too_long_a_text_is_refused_in_one_line_and_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_MAX_TEXT_CHARS", "500")
    corpus = write_lines(tmp_path / "c.jsonl", [line(id="big", text="word " * 200),
                                                 line(id="ok", text=GOOD)])
    with Ledger(":memory:") as ledger:
        summary = analyze_into([str(corpus)], ledger)
        assert [d.id for d in ledger.documents()] == ["ok"]
        [error] = ledger.input_errors()
    assert error["origin"] == f"{corpus}:1"
    assert "text too long (1,000 characters, limit 500" in error["message"]
    assert len(summary.errors) == 1


def test_analysis_failures_are_recorded_in_the_ledger(tmp_path, monkeypatch):
    def explode(document, doc):
        raise RuntimeError("model\nfailure")

    monkeypatch.setattr(analyze_module, "extract_records", explode)
    corpus = write_lines(tmp_path / "c.jsonl", [line(id="x", text=GOOD)])
    with Ledger(":memory:") as ledger:
        summary = analyze_into([str(corpus)], ledger)
        [error] = ledger.input_errors()
    assert error["message"] == "analysis failed (RuntimeError: model failure)"
    assert summary.errors == [f"{corpus}:1: analysis failed (RuntimeError: model failure)"]


def test_an_unexpected_failure_writing_one_document_costs_that_document_alone(
        tmp_path, monkeypatch):
    store_module = sys.modules["claimledger.store"]
    insert = store_module._insert_records

    def broken_for_b(conn, records):
        if any(r.doc == "b" for r in records):
            raise TypeError("unexpected value")
        insert(conn, records)

    monkeypatch.setattr(store_module, "_insert_records", broken_for_b)
    corpus = write_lines(tmp_path / "c.jsonl", [line(id="a", text=GOOD),
                                                line(id="b", text=OTHER),
                                                line(id="c", text=GOOD + " Two more died.")])
    with Ledger(":memory:") as ledger:
        summary = analyze_into([str(corpus)], ledger)
        assert [d.id for d in ledger.documents()] == ["a", "c"]
    assert summary.documents_added == 2
    assert summary.errors == [f"{corpus}:2: not stored (unexpected value)"]


# --------------------------------------------------------------------------- 4. NUL bytes


def test_nul_bytes_are_refused_wherever_they_stand(tmp_path):
    late = tmp_path / "late.txt"
    late.write_bytes(("A quiet day in the valley. " * 400).encode() + b"\x00" + GOOD.encode())
    early = tmp_path / "early.md"
    early.write_bytes(b"\x00" + GOOD.encode())
    escaped = write_lines(tmp_path / "c.jsonl", [line(id="n", text="Ten\u0000 soldiers.")])
    errors = []
    assert list(iter_documents([str(late), str(early), str(escaped)],
                               on_error=errors.append)) == []
    messages = {Path(e.path).name: e.message for e in errors}
    assert "NUL byte at byte offset 10800" in messages["late.txt"]
    assert "binary file" in messages["early.md"]
    assert "NUL character (at character 3)" in messages["c.jsonl"]


# --------------------------------------------------------------------------- 5. CLI contract


@pytest.mark.parametrize("command", [
    ["report", "-o", "{tmp}/r"], ["export", "-o", "{tmp}/e.jsonl"],
    ["eval", "--gold", "{tmp}/gold.jsonl"], ["serve"]])
def test_read_commands_need_an_existing_ledger(tmp_path, command):
    db = tmp_path / "typo.db"
    result = run_cli(*[part.format(tmp=tmp_path) for part in command], "--db", db)
    assert result.exit_code == 1
    assert f"no ledger at {db}" in result.stderr
    assert not db.exists()


def test_analyze_with_nothing_to_do_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    missing = run_cli("analyze", tmp_path / "nowhere.jsonl", "--db", tmp_path / "l.db")
    assert missing.exit_code == 1 and "no such file or folder" in missing.stderr
    empty = run_cli("analyze", tmp_path / "empty", "--db", tmp_path / "l.db")
    assert empty.exit_code == 1 and "no .jsonl, .txt, .md or .html files" in empty.stderr
    usage = run_cli("analyze", tmp_path / "empty", "--db", tmp_path / "l.db", "--engine", "x")
    assert usage.exit_code == 2


def test_report_onto_an_existing_file_is_a_usage_error(tmp_path):
    db = tmp_path / "l.db"
    Ledger(db).close()
    taken = tmp_path / "taken.html"
    taken.write_text("mine")
    result = run_cli("report", "--db", db, "-o", taken)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {taken} is a file; -o takes a folder"
    assert taken.read_text() == "mine"


# --------------------------------------------------------------------------- 6. concurrency


def _open(path: str) -> str:
    try:
        Ledger(path).close()
    except StoreError as error:
        return str(error)
    return ""


def test_processes_creating_one_ledger_at_once_all_succeed(tmp_path):
    paths = [str(tmp_path / f"race{i}.db") for i in range(4) for _ in range(8)]
    with multiprocessing.get_context("fork").Pool(8) as pool:
        failures = [message for message in pool.map(_open, paths) if message]
    assert failures == []


def _corpus_for_crash(path: Path, count: int) -> Path:
    towns = ("Port Elm", "Lakeside", "Millbrook", "Stonebridge")
    return write_lines(path, [line(
        id=f"k{i}", source=f"Outlet {i % 3}", published="2024-05-07",
        text=(f"Officials in {towns[i % 4]} said {i + 2} people were killed on Monday. "
              f"About {100 + i} residents fled their homes, the mayor said. "))
        for i in range(count)])


def test_sigkill_mid_run_then_resume_stores_each_document_once(tmp_path):
    corpus = _corpus_for_crash(tmp_path / "c.jsonl", 60)
    db = tmp_path / "crash.db"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "claimledger", "analyze", str(corpus), "--db", str(db)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    stored_at_kill = 0
    while process.poll() is None and stored_at_kill < 3:
        time.sleep(0.02)
        stored_at_kill = _stored_count(db)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < _stored_count(db) < 60  # killed mid-run, something already stored
    with Ledger(db) as resumed, Ledger(tmp_path / "clean.db") as clean:
        analyze_into([str(corpus)], resumed)
        analyze_into([str(corpus)], clean)
        assert len(resumed.documents()) == 60
        assert _contents(resumed) == _contents(clean)


def _stored_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _contents(ledger: Ledger) -> list:
    quantities = sorted((q.doc, q.start, q.end, q.value, q.measure) for q in ledger.quantities())
    return [sorted((d.id, d.content_hash) for d in ledger.documents()), quantities]


# --------------------------------------------------------------------------- 7. web UI


@pytest.fixture
def web_ledger(tmp_path) -> Path:
    path = tmp_path / "web.db"
    with Ledger(path) as ledger:
        text = GOOD
        start = text.index("at least 12")
        claim = Quantity(doc="wire/2024/1", start=start, end=start + 30,
                         evidence=text[start:start + 30], measure="killed", value=12)
        ledger.add_document(Document(id="wire/2024/1", text=text, content_hash="h1",
                                     source="=HYPERLINK(\"http://x\")"), [claim])
    return path


def _client(path: Path, host: str = "127.0.0.1"):
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    return TestClient(create_app(path, host=host), base_url=f"http://{host}")


def test_ids_with_slashes_open_from_the_ui_links(web_ledger):
    client = _client(web_ledger)
    listing = client.get("/documents").text
    assert 'href="/documents/wire/2024/1"' in listing
    assert client.get("/documents/wire/2024/1").status_code == 200
    assert client.get("/api/documents/wire/2024/1").json()["document"]["id"] == "wire/2024/1"


def test_foreign_host_headers_are_refused(web_ledger):
    client = _client(web_ledger)
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8750"}).status_code == 200
    assert client.get("/", headers={"Host": "127.0.0.1:8750"}).status_code == 200
    wide = _client(web_ledger, host="0.0.0.0")
    assert wide.get("/", headers={"Host": "ledger.lan"}).status_code == 200


def test_hostile_searches_are_bounded_and_never_fail(web_ledger):
    client = _client(web_ledger)
    assert client.get("/search", params={"q": "flood\x00killed"}).status_code == 200
    huge = " ".join(f"word{i}" for i in range(5000))
    assert _fts_query(huge).count('"') == 2 * MAX_SEARCH_TERMS
    assert client.get("/search", params={"q": huge}).status_code == 200
    hits = client.get("/search", params={"q": "flood killed"}).text
    assert 'href="/documents/wire/2024/1"' in hits


def test_a_search_over_its_step_budget_stops_with_a_message(web_ledger, monkeypatch):
    from claimledger import store

    monkeypatch.setattr(store, "SEARCH_STEP_BUDGET", 0)
    monkeypatch.setattr(store, "_PROGRESS_EVERY", 1)
    with Ledger(web_ledger) as ledger, pytest.raises(StoreError, match="search stopped"):
        ledger.search("flood")


def test_view_cache_follows_the_data_not_the_files(web_ledger, monkeypatch):
    from claimledger.web import deps

    builds = []
    real = deps.web_view
    monkeypatch.setattr(deps, "web_view", lambda ledger: builds.append(1) or real(ledger))
    client = _client(web_ledger)
    for _ in range(3):
        assert client.get("/").status_code == 200
    os.utime(web_ledger)  # a file time changes, the data does not
    assert client.get("/").status_code == 200
    assert len(builds) == 1
    with Ledger(web_ledger) as ledger:
        ledger.add_document(Document(id="b", text=OTHER, content_hash="h2"), [])
    assert "being brought up to date" in client.get("/").text  # the previous view, at once
    client.app.state.view_cache.wait(timeout=30)
    assert len(builds) == 2
    assert "being brought up to date" not in client.get("/").text


# --------------------------------------------------------------------------- 8. CSV


@pytest.mark.parametrize("value", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value.replace("\r", " ")
    assert safe_cell(-5) == -5 and safe_cell("Port Elm") == "Port Elm"


def test_csv_files_open_cleanly_in_a_spreadsheet(web_ledger, tmp_path):
    with Ledger(web_ledger) as ledger:
        ledger.add_document(Document(id="t", text=OTHER, content_hash="h3",
                                     title="-Line one\nline two\r\nthree"), [])
        paths = export_ledger(ledger, "csv", tmp_path / "csv", bom=True)
    documents = next(p for p in paths if p.name == "documents.csv").read_bytes()
    assert documents.startswith(b"\xef\xbb\xbf")
    rows = documents.decode("utf-8-sig").splitlines()
    assert len(rows) == 3  # header + one line per document
    assert ",'=HYPERLINK(" in rows[1] or "\"'=HYPERLINK(" in rows[1]
    assert "'-Line one line two three" in rows[2]


def _slow_builds(monkeypatch):
    """Make web-view builds wait: (set when one starts, set to let it finish)."""
    import threading

    from claimledger.web import deps

    started, release = threading.Event(), threading.Event()
    real = deps.web_view

    def slow_view(opened):
        started.set()
        release.wait(timeout=30)
        return real(opened)

    monkeypatch.setattr(deps, "web_view", slow_view)
    return started, release


def test_a_rebuilding_view_does_not_hold_other_requests(web_ledger, monkeypatch):
    """After a write, requests get the previous view at once (the pages say it is being
    updated) while one background thread rebuilds it."""
    from claimledger.web import deps

    cache = deps.ViewCache()
    with Ledger(web_ledger) as ledger:
        first = cache.get(ledger)
        ledger.add_input_error("x", "a write")
        started, release = _slow_builds(monkeypatch)
        assert cache.get(ledger) is first  # served at once, not blocked
        started.wait(timeout=30)
        assert cache.get(ledger) is first and cache.behind(ledger)
        release.set()
        cache.wait(timeout=30)
        assert cache.get(ledger) is not first and not cache.behind(ledger)


def test_a_reader_after_a_correction_waits_for_a_view_that_holds_it(web_ledger, monkeypatch):
    """``current=True`` (what the correction form asks for) never gets the previous view."""
    import threading

    from claimledger.web import deps

    cache = deps.ViewCache()
    with Ledger(web_ledger) as ledger:
        first = cache.get(ledger)
        ledger.add_input_error("x", "a write")
        started, release = _slow_builds(monkeypatch)
        got = []
        with Ledger(web_ledger) as other, Ledger(web_ledger) as third:
            builder = threading.Thread(target=cache.get, args=(other,))
            builder.start()
            started.wait(timeout=30)
            reader = threading.Thread(target=lambda: got.append(cache.get(third, current=True)))
            reader.start()
            reader.join(timeout=0.5)
            assert reader.is_alive() and not got  # waits for the build, not the old view
            release.set()
            builder.join(timeout=30)
            reader.join(timeout=30)
        assert got and got[0] is not first


def test_a_warmed_cache_serves_its_first_reader_without_building_again(web_ledger,
                                                                      monkeypatch):
    from claimledger.web import deps

    builds = []
    real = deps.web_view
    monkeypatch.setattr(deps, "web_view", lambda ledger: builds.append(1) or real(ledger))
    cache = deps.ViewCache()
    cache.warm(str(web_ledger))  # what `claimledger serve` does before it listens
    cache.wait(timeout=30)
    with Ledger(web_ledger) as ledger:
        assert cache.get(ledger).documents and not cache.behind(ledger)
    assert len(builds) == 1
