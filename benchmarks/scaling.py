"""Scale benchmarks for the closing figures of issue 11 (CPU seconds: the machine is shared).

    python benchmarks/scaling.py long            # one ~139,000-character article, whole vs parts
    python benchmarks/scaling.py workers -n 2000 # 1 vs 2 local workers vs Dask 2, same ledger?
    python benchmarks/scaling.py memory 1000 10000  # peak RSS of `analyze` per corpus size

CPU is this process plus its reaped children (worker processes); wall time is printed too
but on a shared machine it mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import _base_corpora, _documents, _read_jsonl, _timed, varied_articles  # noqa: E402

LONG_CHARS = 139_000


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def long_article(parts: int = 4) -> None:
    """The same long text through the pipeline whole and cut into ``parts`` pieces."""
    from claimledger.cleaning import text_chunks
    from claimledger.pipeline import build_nlp, make_doc, read_docs

    texts, size = [], 0
    for record in varied_articles(200):
        texts.append(record["text"])
        size += len(record["text"]) + 2
        if size >= LONG_CHARS:
            break
    whole = "\n\n".join(texts)
    nlp = build_nlp()
    nlp.max_length = max(nlp.max_length, len(whole) + 1)
    cut = [whole[a:b] for a, b in text_chunks(whole, len(whole) // parts + 1)]
    list(read_docs(nlp, (make_doc(nlp, d) for d in _documents([{"id": "w", "text": texts[0]}]))))
    for name, pieces in ((f"whole ({len(whole):,} characters)", [whole]),
                         (f"in {len(cut)} parts", cut)):
        docs = _documents([{"id": f"p{i}", "text": t} for i, t in enumerate(pieces)])
        timing = _timed(lambda ds=docs: list(read_docs(nlp, (make_doc(nlp, d) for d in ds))))
        print(f"{name:<32} {timing.cpu:7.1f} CPU s {timing.wall:7.1f} wall s")


def _ledger_rows(path: Path) -> list[str]:
    from claimledger.store import Ledger

    with Ledger(path, create=False) as ledger:
        records = [*ledger.documents(), *ledger.quantities(), *ledger.events(),
                   *ledger.entities(), *ledger.discrepancies()]
        return [json.dumps(r.to_json(), sort_keys=True) for r in records]


def workers(count: int, runs: list[str]) -> None:
    """analyze on ``count`` articles per engine/worker setting; are the ledgers identical?"""
    from claimledger.orchestrate import analyze_into
    from claimledger.store import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        corpus = _write(Path(tmp) / "corpus.jsonl", varied_articles(count))
        print(f"articles: {count}")
        ledgers = []
        for run in runs:
            engine, _, n = run.partition(":")
            path = Path(tmp) / f"{engine}-{n}.db"
            with Ledger(path) as ledger:
                timing = _timed(lambda ld=ledger, e=engine, w=int(n):
                                analyze_into([str(corpus)], ld, engine=e, workers=w))
            ledgers.append(_ledger_rows(path))
            same = "identical" if ledgers[-1] == ledgers[0] else "DIFFERENT"
            print(f"{engine} {n} worker(s): {timing.cpu:8.1f} CPU s (incl. children) "
                  f"{timing.wall:8.1f} wall s; ledger {same} to the first", flush=True)


def _short_articles(count: int) -> list[dict]:
    """``count`` unique short articles: single paragraphs of the base texts, numbered."""
    paragraphs = [p for corpus in _base_corpora() for r in _read_jsonl(corpus)
                  for p in r["text"].split("\n\n") if len(p) > 200]
    return [{"id": f"g{i}", "source": f"Outlet {i % 7}", "published": "2024-01-01",
             "text": f"{paragraphs[i % len(paragraphs)]}\n\n(Item {i}.)"} for i in range(count)]


def memory(sizes: list[int]) -> None:
    """Peak RSS of `claimledger analyze` (a child process) per number of articles."""
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            corpus = _write(Path(tmp) / f"g{size}.jsonl", _short_articles(size))
            command = [sys.executable, "-m", "claimledger", "analyze", str(corpus),
                       "--db", str(Path(tmp) / f"g{size}.db")]
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=os.environ)
            _, status, usage = os.wait4(child.pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
            print(f"{size:>7} articles: peak RSS {usage.ru_maxrss / 1024:7.0f} MiB, "
                  f"{cpu:8.1f} CPU s, exit {os.waitstatus_to_exitcode(status)}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("long")
    runs = sub.add_parser("workers")
    runs.add_argument("-n", "--articles", type=int, default=2000)
    runs.add_argument("--runs", nargs="+", default=["local:1", "local:2", "dask:2"])
    mem = sub.add_parser("memory")
    mem.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args(argv)
    if args.what == "long":
        long_article()
    elif args.what == "workers":
        workers(args.articles, args.runs)
    else:
        memory(args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
