"""Re-running `analyze` on a large ledger: nothing new, then one new article.

    python benchmarks/incremental.py LEDGER.db   (a ledger from build_ledger.py)

Works on a copy of the ledger. Prints CPU seconds (this process and its children; the
machine is shared, so wall time says little) and wall seconds of: a first re-run of the
base articles (all already stored), a second one, and a run that adds one article.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_ledger import copy_text  # noqa: E402
from throughput import _base_corpora, _read_jsonl, _timed  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    args = parser.parse_args(argv)
    from claimledger.orchestrate import analyze_into
    from claimledger.store import Ledger

    base = [r for corpus in _base_corpora() for r in _read_jsonl(corpus)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "ledger.db"
        shutil.copy(args.ledger, work)
        rerun, added = Path(tmp) / "base.jsonl", Path(tmp) / "one.jsonl"
        rerun.write_text("".join(json.dumps(r) + "\n" for r in base), encoding="utf-8")
        one = {**base[0], "id": "one-more", "text": copy_text(base[0]["text"], 10_000)}
        added.write_text(json.dumps(one) + "\n", encoding="utf-8")
        with Ledger(work) as ledger:
            documents = len(ledger.documents())
            runs = {"re-run, nothing new (1st)": rerun, "re-run, nothing new (2nd)": rerun,
                    "one article added": added}
            print(f"ledger: {documents} documents")
            for name, corpus in runs.items():
                timing = _timed(lambda c=corpus: analyze_into([str(c)], ledger))
                print(f"{name:<28} {timing.cpu:7.2f} CPU s {timing.wall:7.2f} wall s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
