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
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stderr)
        raise SystemExit(f"devset-eval: {' '.join(command[:3])}… failed ({result.returncode})")
    return result.stdout


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _gold_match(claim: dict, gold: list[dict]) -> dict | None:
    """The gold line of a ledger quantity: same doc and measure, same value, spans overlap
    (the rule of score_discrepancies.py)."""
    values = {claim.get("value"), claim.get("low")} - {None}
    for line in gold:
        if line["doc"] != claim["doc"] or line.get("measure") != claim.get("measure"):
            continue
        if not {line.get("value"), line.get("low")} & values:
            continue
        start = line.get("quote_start")
        if start is None or (claim["start"] < start + len(line["quote"]) and start < claim["end"]):
            return line
    return None


def _parent(slug: str, slugs: set[str]) -> str:
    """The broadest gold slug this one extends ("nepal-quake-2015-04-25-india" → the quake)."""
    parents = [s for s in slugs if slug.startswith(s + "-")]
    return min(parents, key=len) if parents else slug


def incident_purity(export: Path, gold_path: Path, nested: bool = False) -> dict:
    """Per gold incident slug, the share of its matched claims in its majority ledger incident;
    the ledger incidents holding claims of two gold slugs. ``nested`` counts a slug's
    sub-slugs (a district's toll within the quake) as the slug itself."""
    gold = [g for g in _lines(gold_path) if g.get("kind", "quantity") == "quantity"
            and g.get("incident")]
    slugs = {g["incident"] for g in gold}
    by_slug: dict[str, Counter] = defaultdict(Counter)
    by_incident: dict[str, Counter] = defaultdict(Counter)
    for claim in (r for r in _lines(export) if r.get("kind") == "quantity"):
        line = _gold_match(claim, gold)
        if line is None:
            continue
        slug = _parent(line["incident"], slugs) if nested else line["incident"]
        by_slug[slug][claim.get("incident") or "-"] += 1
        by_incident[claim.get("incident") or "-"][slug] += 1
    shares = {s: c.most_common(1)[0][1] / sum(c.values()) for s, c in by_slug.items()}
    mixed = {i: dict(c) for i, c in by_incident.items() if len(c) > 1}
    return {"slugs": len(shares), "slugs_at_90": sum(v >= 0.9 for v in shares.values()),
            "shares": shares, "mixed": mixed, "ledger_incidents": len(by_incident)}


def _print_purity(result: dict, title: str) -> None:
    print(f"incident purity ({title}): {result['slugs_at_90']}/{result['slugs']} gold slugs have "
          f">= 90% of their matched claims in one ledger incident; "
          f"{len(result['mixed'])}/{result['ledger_incidents']} ledger incidents mix gold slugs")
    for slug, share in sorted(result["shares"].items(), key=lambda kv: kv[1]):
        if share < 0.9:
            print(f"  split {slug}: {share:.2f}")
    for incident, slugs in sorted(result["mixed"].items()):
        print(f"  mixed {incident}: {slugs}")


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
    _print_purity(incident_purity(export, gold), "strict")
    _print_purity(incident_purity(export, gold, nested=True), "sub-slugs folded into their parent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
