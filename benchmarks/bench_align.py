"""Cross-source speed and memory on a synthetic ledger (100,000 claims by default).

Run: ``.venv/bin/python benchmarks/bench_align.py [N]``. It times the three steps of the
view that grow with the ledger: incident resolution, alignment and discrepancies, and
prints the process's peak resident memory. The baseline sorts the same claims by
(measure, side, date) in the same process, so the ratio travels across machines: an
n log n pipeline keeps the ratio flat from 100k to 1M claims.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from dataclasses import replace
from datetime import date, timedelta

from claimledger.crosssource.align import align
from claimledger.crosssource.discrepancies import find_discrepancies
from claimledger.crosssource.incidents import resolve_incidents
from claimledger.records import Document, Quantity

MEASURES = ("killed", "wounded", "missing", "captured", "displaced", "population")
SIDES = ("", "Northland", "Southland", "Eastmark")
ROLES = ("", "military", "civilian")
PLACES = (None, "Port Vale", "Hill Town", "Upper Hill Town", "Riverside")
QUALIFIERS = ("exact", "exact", "about", "at_least", "more_than", "up_to")
INCIDENTS = (("attack", "strike"), ("earthquake", "quake"), ("armed_conflict", "war"),
             ("displacement", "exodus"))
COUNTRIES = ("NL", "BE", "DK")
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
        incident_type, trigger = rng.choice(INCIDENTS)
        claims.append(Quantity(
            incident_type=incident_type, incident_trigger=trigger,
            incident_country=rng.choice(COUNTRIES), incident_cue="sentence",
            incident_date=(start + timedelta(days=rng.randrange(0, 900, 30))).isoformat()
            if rng.random() < 0.5 else None,
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
    resolving, (incidents, ids) = timed(lambda: resolve_incidents(documents, claims))
    claims = [replace(q, incident=i) for q, i in zip(claims, ids, strict=True)]
    aligning, clusters = timed(lambda: align(documents, claims))
    finding, found = timed(lambda: find_discrepancies(clusters))
    total = resolving + aligning + finding
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"claims: {n:,}  incidents: {len(incidents):,}  clusters: {len(clusters):,}  "
          f"discrepancies: {len(found):,}")
    print(f"incidents {resolving:.2f} s, alignment {aligning:.2f} s, discrepancies "
          f"{finding:.2f} s: {total:.2f} s ({n / total:,.0f} claims/s)")
    print(f"baseline sort: {baseline:.3f} s  ratio total/sort: {total / baseline:.1f}x  "
          f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
