"""Web page times on a large ledger (warm: the cross-source view already cached).

    python benchmarks/pages.py LEDGER.db   (a ledger from build_ledger.py)

Each page is asked once cold-ish (the first page asked builds the cached view), then
--repeat times; the median CPU seconds of this process (the server runs in it, through
Starlette's TestClient; the machine is shared, so CPU not wall) and the response size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

PAGES = ("/", "/claims", "/claims?page=3", "/documents", "/documents?page=9", "/document",
         "/discrepancies", "/clusters", "/cluster", "/events", "/events?page=20", "/entities",
         "/search?q=killed", "/corrections", "/api/claims", "/api/documents",
         "/api/discrepancies", "/api/document")


def _paths(ledger_path: Path) -> list[str]:
    from claimledger.store import Ledger

    with Ledger(ledger_path, create=False) as ledger:
        doc = ledger.documents()[len(ledger.documents()) // 2].id
        clusters = ledger.clusters()
        cluster = max(clusters, key=lambda c: len(c.claims)).id if clusters else ""
    named = {"/document": f"/documents/{quote(doc)}", "/api/document": f"/api/documents/"
             f"{quote(doc)}", "/cluster": f"/clusters/{quote(cluster)}"}
    return [named.get(p, p) for p in PAGES]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "ledger.db"  # a copy: the writes below never touch the original
        shutil.copy(args.ledger, work)
        client = TestClient(create_app(work), base_url="http://127.0.0.1")
        _timed_request(client, "/clusters", "first request (builds the cross-source view)")
        print(f"{'page':<60} {'warm CPU s':>10} {'KiB':>8} status")
        for path in _paths(work):
            times, response = [], None
            for _ in range(args.repeat):
                started = time.process_time()
                response = client.get(path)
                times.append(time.process_time() - started)
            assert response is not None
            print(f"{path[:60]:<60} {statistics.median(times):10.3f} "
                  f"{len(response.content) / 1024:8.0f} {response.status_code}")
        _after_writes(client, work)
    return 0


def _timed_request(client, path: str, label: str) -> None:
    """CPU of the whole process (with a rebuild the request starts in the background) and
    the wall time the reader waited."""
    started, wall = time.process_time(), time.perf_counter()
    client.get(path)
    print(f"{label}: {time.process_time() - started:.2f} CPU s, "
          f"{time.perf_counter() - wall:.2f} wall s")


def _after_writes(client, work: Path) -> None:
    """The first page after a write (served from the previous view) and the rebuild it
    starts: one article stored (its findings not refreshed yet, as while `analyze` runs),
    then after the refresh `analyze` ends with."""
    from dataclasses import replace

    from claimledger.ingest import content_hash
    from claimledger.orchestrate import refresh_cross_source
    from claimledger.store import Ledger

    with Ledger(work) as ledger:
        base = ledger.documents()[0]
        records = [*ledger.quantities(base.id, corrected=False), *ledger.events(base.id),
                   *ledger.entities(base.id, resolved=False)]
        text = base.text + "\n\n(One more copy.)"
        copy = replace(base, id="pages-one-more", text=text, content_hash=content_hash(text))
        ledger.add_document(copy, [replace(r, doc=copy.id, **(
            {"id": "", "incident": ""} if hasattr(r, "incident") else {})) for r in records])
        _timed_request(client, "/clusters", "first request after one article is stored")
        _timed_rebuild(client, "its rebuild in the background")
        refresh_cross_source(ledger)
    _timed_request(client, "/clusters", "first request after the refresh")
    _timed_rebuild(client, "its rebuild in the background")


def _timed_rebuild(client, label: str) -> None:
    started = time.process_time()  # the whole process: the rebuild runs in a thread
    client.app.state.view_cache.wait()
    print(f"{label}: {time.process_time() - started:.2f} CPU s")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
