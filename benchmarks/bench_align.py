"""Alignment speed on a synthetic ledger of 100,000 claims, as a ratio to a plain sort.

Run: ``.venv/bin/python benchmarks/bench_align.py [N]``. The baseline sorts the same
claims by (measure, side, date) in the same process, so the ratio travels across machines.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from claimledger.crosssource.align import align
from claimledger.records import Document, Quantity

MEASURES = ("killed", "wounded", "missing", "captured", "displaced", "population")
SIDES = ("", "Northland", "Southland", "Eastmark")
ROLES = ("", "military", "civilian")
PLACES = (None, "Port Vale", "Hill Town", "Upper Hill Town", "Riverside")
QUALIFIERS = ("exact", "exact", "about", "at_least", "more_than", "up_to")
KINDS = (("outlet", ""), ("wire", ""), ("side", "Northland"), ("side", "Southland"),
         ("organisation", ""), ("sources", ""))


def synthetic_ledger(n: int, seed: int = 7) -> tuple[list[Document], list[Quantity]]:
    rng = random.Random(seed)
    start = date(2022, 1, 1)
    documents = [
        Document(id=f"d{i}", text="", content_hash=f"d{i}", source=f"Outlet {i % 60}",
                 published=(start + timedelta(days=rng.randrange(900))).isoformat())
        for i in range(max(1, n // 8))
    ]
    claims = []
    for i in range(n):
        kind, side = rng.choice(KINDS)
        claims.append(Quantity(
            doc=rng.choice(documents).id, start=i, end=i + 3, evidence="x",
            measure=rng.choice(MEASURES), value=float(rng.randrange(1, 5000)),
            qualifier=rng.choice(QUALIFIERS), subject_side=rng.choice(SIDES),
            subject_role=rng.choice(ROLES), claimant=f"Claimant {rng.randrange(300)}",
            claimant_kind=kind, claimant_side=side, location=rng.choice(PLACES),
            era="background" if rng.random() < 0.05 else "current",
            as_of=(start + timedelta(days=rng.randrange(900))).isoformat()
            if rng.random() < 0.3 else None,
        ))
    return documents, claims


def timed(function) -> tuple[float, object]:
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


def main(n: int = 100_000) -> None:
    documents, claims = synthetic_ledger(n)
    published = {d.id: d.published for d in documents}
    baseline, _ = timed(lambda: sorted(
        claims, key=lambda q: (q.measure, q.subject_side, q.as_of or published[q.doc] or "")))
    elapsed, clusters = timed(lambda: align(documents, claims))
    print(f"claims: {n:,}  clusters: {len(clusters):,}")
    print(f"alignment: {elapsed:.2f} s  ({n / elapsed:,.0f} claims/s)")
    print(f"baseline sort: {baseline:.3f} s  ratio alignment/sort: {elapsed / baseline:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
