#!/usr/bin/env python3
"""Measure claimledger on the development set of real articles (``make devset-eval``).

The 50 dev texts are not in the repository: rebuild them into ``.cache/devset/`` as
``../shared/corpus/dev/README.md`` says (``check.py`` writes ``corpus.jsonl`` there). This
script then analyses that corpus into a fresh ledger, prints ``claimledger eval`` against the
dev gold and the discrepancy score of ``score_discrepancies.py``, and fails loudly when the
cache or the dev set is missing.

usage: devset_eval.py [--cache DIR] [--out DIR] [--dev DIR] [--json]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stderr)
        raise SystemExit(f"devset-eval: {' '.join(command[:3])}… failed ({result.returncode})")
    return result.stdout


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path(
        os.environ.get("CLAIMLEDGER_DEVSET", ROOT / ".cache" / "devset")),
        help="folder of the rebuilt texts (default .cache/devset or $CLAIMLEDGER_DEVSET)")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "devset-run",
                        help="where the ledger and the export are written")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--json", action="store_true", help="eval as JSON")
    args = parser.parse_args(argv)
    corpus, gold = args.cache / "corpus.jsonl", args.dev / "gold.jsonl"
    if not gold.is_file():
        raise SystemExit(f"devset-eval: no dev set at {args.dev} (expected gold.jsonl there)")
    if not corpus.is_file():
        raise SystemExit(
            f"devset-eval: no dev-set cache at {corpus}: rebuild the texts as "
            f"{args.dev / 'README.md'} says, then run check.py {args.cache}")
    args.out.mkdir(parents=True, exist_ok=True)
    db, export = args.out / "dev.db", args.out / "dev-export.jsonl"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), export):
        stale.unlink(missing_ok=True)
    cli = [sys.executable, "-m", "claimledger"]
    _run(cli + ["analyze", str(corpus), "--db", str(db)])
    print(_run(cli + ["eval", "--db", str(db), "--gold", str(gold)]
               + (["--json"] if args.json else [])))
    _run(cli + ["export", "--db", str(db), "--format", "jsonl", "-o", str(export)])
    print("discrepancies (score_discrepancies.py):")
    print(_run([sys.executable, str(args.dev / "score_discrepancies.py"), str(export),
                str(args.dev / "discrepancies.json"), str(gold)]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
