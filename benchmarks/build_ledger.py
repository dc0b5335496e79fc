"""Build a large ledger quickly for the scale benchmarks (incremental runs, page times).

The base articles (dev cache, else the seeds and the demo corpus) are analysed once; each
further copy is the same article with a numbered line appended (so its content hash, id and
claim ids differ while every offset stays valid) stored with the base article's records.
The cross-source view is then computed once, as `analyze` would:

    python benchmarks/build_ledger.py LEDGER.db [-n 2700]

What this ledger exercises is the cost of reading and cross-checking N documents; the
analysis cost per article is measured by throughput.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import _base_corpora, _read_jsonl  # noqa: E402


def copy_text(text: str, round_: int) -> str:
    """The article with a numbered closing line: offsets unchanged, hash different."""
    return text + f"\n\n(Article {round_} of this series.)"


def build(path: Path, count: int) -> None:
    from claimledger.ingest import content_hash
    from claimledger.orchestrate import analyze_into, refresh_cross_source
    from claimledger.store import Ledger

    base = [r for corpus in _base_corpora() for r in _read_jsonl(corpus)]
    with Ledger(path) as ledger:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "base.jsonl"
            corpus.write_text("".join(_json_line(r) for r in base), encoding="utf-8")
            analyze_into([str(corpus)], ledger)
        originals = ledger.documents()
        records = {d.id: [*ledger.quantities(d.id, corrected=False), *ledger.events(d.id),
                          *ledger.entities(d.id, resolved=False)] for d in originals}
        stored, round_ = len(originals), 1
        while stored < count:
            for document in originals[:count - stored]:
                text = copy_text(document.text, round_)
                copy = replace(document, id=f"{document.id}-c{round_}", text=text,
                               content_hash=content_hash(text))
                ledger.add_document(copy, [_moved(r, copy.id) for r in records[document.id]])
            stored, round_ = len(ledger.documents()), round_ + 1
        started = time.process_time()
        refresh_cross_source(ledger)
        print(f"{path}: {stored} documents; cross-source view "
              f"{time.process_time() - started:.1f} CPU s", file=sys.stderr)


def _moved(record, doc: str):
    fields = {"doc": doc}
    if hasattr(record, "incident"):
        fields.update(id="", incident="")  # a new claim id for the new document
    return replace(record, **fields)


def _json_line(record: dict) -> str:
    import json

    return json.dumps(record, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("-n", "--articles", type=int, default=2700)
    args = parser.parse_args(argv)
    if args.ledger.exists():
        raise SystemExit(f"{args.ledger} exists; give a new path")
    build(args.ledger, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
