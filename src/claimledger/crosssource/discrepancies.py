"""Where aligned claims disagree: conflicting figures, rival claimants, revisions, lone sources.

Every finding is a ``Discrepancy`` whose ``note`` is a sentence a reader can check against
the claims it lists. Comparisons stay inside a cluster and use each claimant's latest
figure, so the work grows with claimants per cluster, never with the whole ledger.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from claimledger.crosssource.intervals import compatible
from claimledger.crosssource.view import ClaimRef, Cluster
from claimledger.crosssource.wording import (
    DURATION_MEASURE,
    claim_date,
    claimant_label,
    format_figure,
)
from claimledger.records import Discrepancy
from claimledger.settings import AlignSettings, align_settings

# The finest unit named in a duration's wording sets how precise it is (value in hours).
_DURATION_UNITS = (
    (r"\b(minutes?|mins?)\b", 1 / 60), (r"\b(hours?|hrs?|h)\b|-hour\b", 1.0),
    (r"\bdays?\b|-day\b", 24.0), (r"\bweeks?\b|-week\b", 168.0),
    (r"\bmonths?\b|-month\b", 730.0), (r"\byears?\b|-year\b", 8760.0),
)


def claimant_key(ref: ClaimRef) -> str:
    """Claims by one claimant share this key, whatever outlet carried them; the side keeps
    two sides' "Defence Ministry" apart."""
    return " ".join(f"{claimant_label(ref)} {ref.claimant_side or ''}".lower().split())


def granularity(ref: ClaimRef, measure: str) -> float:
    """The rounding step a figure was likely written with: 150,000 → 10,000; "a day" → 24 h."""
    if measure == DURATION_MEASURE and ref.number_text:
        for pattern, hours in _DURATION_UNITS:
            if re.search(pattern, ref.number_text.lower()):
                return hours
    value = abs(ref.value)
    if not float(value).is_integer() or value == 0:
        return 1.0 if measure == DURATION_MEASURE else 0.0
    step = 1
    while value % (step * 10) == 0:
        step *= 10
    return float(step)


def _relative_gap(a: ClaimRef, b: ClaimRef) -> float:
    top = max(abs(a.value), abs(b.value))
    return abs(a.value - b.value) / top if top else 0.0


def claim_dict(ref: ClaimRef) -> dict[str, Any]:
    return {
        "id": ref.claim_id, "doc": ref.doc, "source": ref.source, "value": ref.value,
        "qualifier": ref.qualifier, "low": ref.low, "high": ref.high, "claimant": ref.claimant,
        "as_of": claim_date(ref), "evidence": ref.evidence, "start": ref.start, "end": ref.end,
    }


def _describe(ref: ClaimRef, measure: str) -> str:
    return f"{format_figure(ref, measure)} ({claimant_label(ref)}, {claim_date(ref) or 'undated'})"


def _finding(cluster: Cluster, refs: Iterable[ClaimRef], note: str, reason: str) -> Discrepancy:
    return Discrepancy(
        measure=cluster.measure, subject=cluster.subject,
        claims=tuple(claim_dict(ref) for ref in refs), note=note, reason=reason,
        cluster=cluster.id,
    )


def classify_pair(a: ClaimRef, b: ClaimRef, measure: str, settings: AlignSettings) -> str:
    """precision, conflict or agreement ("compatible") for two figures."""
    if differ_in_precision(a, b, measure, settings):
        return "precision"
    if not compatible(a, b, settings):
        return "conflict"
    return "compatible"


def differ_in_precision(a: ClaimRef, b: ClaimRef, measure: str, settings: AlignSettings) -> bool:
    """Values that round to each other at the coarser figure's step, or one value told with
    different qualifiers or steps ("a day" against "within 24 hours").

    A count's step comes from its trailing zeros, so the gap is also capped at the "about"
    width (1,000 vs 1,400 is a real gap); a duration's step comes from its named unit.
    """
    gap = abs(a.value - b.value)
    if gap == 0:
        return a.qualifier != b.qualifier or granularity(a, measure) != granularity(b, measure)
    if gap > max(granularity(a, measure), granularity(b, measure)) / 2:
        return False
    return measure == DURATION_MEASURE or gap <= settings.about_width * max(a.value, b.value)


_KIND_WORDS = {
    "person": "a named person", "sources": "unnamed sources", "side": "a side's tally",
    "outlet": "the outlet's own voice", "wire": "a wire's own voice",
    "organisation": "an organisation",
}


def _kinds(a: ClaimRef, b: ClaimRef) -> str:
    """" (a named person vs unnamed sources)" when the two claimants are of different kinds."""
    first, second = _KIND_WORDS.get(a.claimant_kind), _KIND_WORDS.get(b.claimant_kind)
    return f" ({first} vs {second})" if first and second and first != second else ""


def _pair_note(a: ClaimRef, b: ClaimRef, kind: str, measure: str) -> str:
    same_date = claim_date(a) == claim_date(b)
    who = "same claimant" if claimant_key(a) == claimant_key(b) else "different claimants"
    who += _kinds(a, b)
    when = "same date" if same_date else "dates"
    joined = f"{who}, {when}" if same_date else f"{who} and {when}"
    head = f"{_describe(a, measure)} vs {_describe(b, measure)}"
    if kind == "conflict":
        return f"{head}: incompatible, {joined}; values differ by {_relative_gap(a, b):.0%}"
    if kind == "precision":
        return f"{head}: differ only in precision (within the rounder figure's step), {joined}"
    same = "same figure" if a.value == b.value and a.qualifier == b.qualifier else "compatible"
    return f"{head}: {same}, {joined}"


def _statements(cluster: Cluster) -> dict[str, list[ClaimRef]]:
    """Per claimant, its distinct figures in date order (repeats in one article fold)."""
    chains: dict[str, dict[tuple, ClaimRef]] = defaultdict(dict)
    for ref in sorted(cluster.claims, key=lambda r: (claim_date(r) or "", r.doc, r.start)):
        figure = (ref.value, ref.qualifier, ref.low, ref.high, claim_date(ref))
        chains[claimant_key(ref)].setdefault(figure, ref)
    return {key: list(figures.values()) for key, figures in chains.items()}


def _revisions(cluster: Cluster, chain: list[ClaimRef], settings: AlignSettings):
    """A claimant's figure changing over time; two figures on one day are compared instead."""
    dated = [chain[0]]
    for previous, ref in zip(chain, chain[1:], strict=False):
        if claim_date(ref) != claim_date(previous):
            dated.append(ref)
        elif ref.doc != previous.doc:  # in one article, several figures are usually a list
            kind = classify_pair(previous, ref, cluster.measure, settings)
            if kind != "compatible" or previous.value != ref.value:
                note = _pair_note(ref, previous, kind, cluster.measure)
                yield _finding(cluster, (ref, previous), note, kind)
    if len({(r.value, r.qualifier) for r in dated}) > 1:
        steps = " → ".join(
            f"{format_figure(r, cluster.measure)} ({claim_date(r) or 'undated'})" for r in dated
        )
        note = f"{claimant_label(dated[0])} revised its figure: {steps}"
        yield _finding(cluster, dated, note, "revised")


def _cross_claimant(cluster: Cluster, latest: list[ClaimRef], settings: AlignSettings):
    pairs = combinations(latest, 2)
    for count, (a, b) in enumerate(pairs):
        if count >= settings.max_claimant_pairs:
            break
        a, b = sorted((a, b), key=lambda r: claim_date(r) or "", reverse=True)
        kind = classify_pair(a, b, cluster.measure, settings)
        reason = "different_claimants" if kind == "compatible" else kind
        yield _finding(cluster, (a, b), _pair_note(a, b, kind, cluster.measure), reason)


def _one_sided(cluster: Cluster) -> Discrepancy | None:
    sources = {ref.source or ref.doc for ref in cluster.claims}
    sides = {ref.claimant_side for ref in cluster.claims}
    figures = "; ".join(sorted({_describe(ref, cluster.measure) for ref in cluster.claims}))
    if len(sources) == 1:
        note = f"{figures}: given only by {next(iter(sources))} ({len(cluster.claims)} claim(s))"
    elif len(sides) == 1 and "" not in sides:
        note = f"{figures}: given only by claimants of {next(iter(sides))}"
    else:
        return None
    return _finding(cluster, cluster.claims, note, "one_sided")


def cluster_discrepancies(cluster: Cluster, settings: AlignSettings) -> list[Discrepancy]:
    chains = _statements(cluster)
    found: list[Discrepancy] = []
    for chain in chains.values():
        found.extend(_revisions(cluster, chain, settings))
    found.extend(_cross_claimant(cluster, [chain[-1] for chain in chains.values()], settings))
    lone = _one_sided(cluster)
    if lone is not None:
        found.append(lone)
    return found


def find_discrepancies(
    clusters: Iterable[Cluster], settings: AlignSettings | None = None
) -> list[Discrepancy]:
    """All findings, the most telling first (conflicts, revisions, different claimants,
    precision, one-sided figures), cluster order within each reason."""
    settings = settings or align_settings()
    found: list[Discrepancy] = []
    for cluster in clusters:
        if cluster.claims:
            found.extend(cluster_discrepancies(cluster, settings))
    order = {reason: rank for rank, reason in enumerate(_REASON_ORDER)}
    return sorted(found, key=lambda d: order.get(d.reason, len(order)))


_REASON_ORDER = ("conflict", "revised", "different_claimants", "precision", "one_sided")

