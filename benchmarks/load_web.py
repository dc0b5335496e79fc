"""Bounded load test of `claimledger serve` on loopback: error rate, p50 and p99 latency.

    python benchmarks/load_web.py --corpus CORPUS.jsonl [--corpus MORE.jsonl] [--copies 6]
        [--requests 2000] [--clients 20] [--write-during] [--src SRC]

Builds a ledger from the corpora (each text copied ``--copies`` times with a one-line
change, so every copy has its own hash: 55 articles × 6 ≈ 330 documents), starts the
server on 127.0.0.1 at a free port, sends ``--requests`` GETs from ``--clients`` threads over
a fixed mix of pages, stops the server and prints one JSON line. ``--write-during`` runs an
`analyze` of more copies into the same ledger while the requests run. ``--src`` points
PYTHONPATH at another checkout's ``src`` to measure an older version the same way.
Everything stops by itself: a fixed number of requests, each with a timeout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOST = "127.0.0.1"
PAGES = ("/", "/claims", "/documents", "/discrepancies", "/clusters", "/events",
         "/search?q=killed", "/search?q=soldiers%20wounded", "/api/claims", "DOC")
REQUEST_TIMEOUT_S = 120
START_TIMEOUT_S = 120


def _copies(corpora: list[Path], copies: int, first: int = 0) -> list[str]:
    lines = []
    for corpus in corpora:
        for raw in corpus.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            record = json.loads(raw)
            for copy in range(first, first + copies):
                lines.append(json.dumps({
                    **record, "id": f"{record.get('id', 'doc')}-c{copy}",
                    "text": record["text"] + f"\n\nLoad-test copy {copy}.",
                }, ensure_ascii=False))
    return lines


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _cli(env: dict[str, str], *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claimledger", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)


def _get(port: int, path: str) -> tuple[int, float]:
    began = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - began


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        if _get(port, "/static/style.css")[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit("load_web: the server did not start")


def _document_ids(port: int) -> list[str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    conn.request("GET", "/api/documents")
    ids = [d["id"] for d in json.loads(conn.getresponse().read())]
    conn.close()
    return ids


def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="load_web-") as folder:
        return _run_in(args, Path(folder))


def _run_in(args: argparse.Namespace, work: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(Path(args.src).resolve())}
    corpus = work / "corpus.jsonl"
    corpus.write_text("\n".join(_copies(args.corpus, args.copies)) + "\n", encoding="utf-8")
    db = work / "load.db"
    _cli(env, "analyze", str(corpus), "--db", str(db)).wait()
    port = _free_port()
    server = _cli(env, "serve", "--db", str(db), "--host", HOST, "--port", str(port))
    writer = None
    try:
        _wait_until_up(port, server)
        ids = _document_ids(port)
        paths = [p if p != "DOC" else f"/documents/{urllib.parse.quote(ids[i % len(ids)])}"
                 for i, p in enumerate(PAGES * (args.requests // len(PAGES) + 1))]
        paths = paths[:args.requests]
        if args.write_during:
            more = work / "more.jsonl"
            more.write_text("\n".join(_copies(args.corpus, 2, first=args.copies)) + "\n",
                            encoding="utf-8")
            writer = _cli(env, "analyze", str(more), "--db", str(db))
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(lambda path: _get(port, path), paths))
        elapsed = time.perf_counter() - began
    finally:
        for process in (writer, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    latencies = sorted(seconds for _, seconds in results)
    errors = sum(1 for status, _ in results if status != 200)
    return {
        "documents": len(ids), "requests": len(results), "clients": args.clients,
        "write_during": args.write_during, "error_rate": errors / len(results),
        "p50_s": round(statistics.median(latencies), 4),
        "p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 4),
        "max_s": round(latencies[-1], 4), "wall_s": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--write-during", action="store_true")
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    print(json.dumps(run(parser.parse_args())))


if __name__ == "__main__":
    main()
