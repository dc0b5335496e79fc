"""Where aligned claims disagree, as a fact-checker would flag it, ranked.

A cluster is one incident × measure × victim group, so its figures count one thing. Per
cluster at most one finding of each kind: ``conflict`` (incompatible figures from different
claimants about the same time), ``transcription`` (one claimant, one date, figures a digit
apart), ``revision`` (the figure over time: a toll rising while the event unfolds is an
evolution, not a conflict), ``different_claimants`` (compatible, from different sides) and
``rounding``. A figure given by one claimant only is no finding: the cluster lists it.
Every ``note`` is a sentence a reader can check against the claims it lists. The work
grows with the distinct figures of a cluster, never with the whole ledger.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import combinations
from typing import Any

from claimledger.crosssource.align import claimant_rank
from claimledger.crosssource.intervals import compatible
from claimledger.crosssource.view import ClaimRef, Cluster
from claimledger.crosssource.wording import (
    DURATION_MEASURE,
    claim_date,
    claim_day,
    claimant_label,
    format_figure,
)
from claimledger.increments import told_as_increment
from claimledger.lexicons import load_lexicon
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
    return _key_text(claimant_label(ref), ref.claimant_side or "")


@lru_cache(maxsize=65536)
def _key_text(label: str, side: str) -> str:
    return " ".join(f"{label} {side}".lower().split())


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
        "claimant_side": ref.claimant_side, "as_of": claim_date(ref), "evidence": ref.evidence,
        "start": ref.start, "end": ref.end,
    }


def _describe(ref: ClaimRef, measure: str) -> str:
    return f"{format_figure(ref, measure)} ({claimant_label(ref)}, {claim_date(ref) or 'undated'})"


def _finding(cluster: Cluster, refs: Iterable[ClaimRef], note: str, reason: str) -> Discrepancy:
    return Discrepancy(
        measure=cluster.measure, subject=cluster.subject,
        claims=tuple(claim_dict(ref) for ref in refs), note=note, reason=reason,
        cluster=cluster.id, incident=cluster.incident,
    )


def classify_pair(a: ClaimRef, b: ClaimRef, measure: str, settings: AlignSettings) -> str:
    """rounding, conflict or agreement ("compatible") for two figures."""
    if differ_in_precision(a, b, measure, settings):
        return "rounding"
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


def digit_slip(a: ClaimRef, b: ClaimRef) -> bool:
    """Figures one keystroke apart: a digit changed, dropped or two swapped (13,550 / 13,350;
    "exceeds 400" / "exceeds 40"; 2,975 / 2,795)."""
    x, y = (f"{v:.0f}" for v in (a.value, b.value))
    if x == y or min(len(x), len(y)) < 2:
        return False
    if len(x) != len(y):
        short, long_ = sorted((x, y), key=len)
        return len(long_) - len(short) == 1 and any(
            long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
    diffs = [i for i in range(len(x)) if x[i] != y[i]]
    swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and x[diffs[0]] == y[diffs[1]] \
        and x[diffs[1]] == y[diffs[0]]
    return len(diffs) == 1 or swapped


_KIND_WORDS = {
    "person": "a named person", "unnamed": "unnamed sources", "sources": "unnamed sources",
    "side": "a side's tally", "government": "a government body",
    "outlet": "the outlet's own voice", "wire": "a wire's own voice",
    "organisation": "an organisation", "document": "a document",
}


def _figures(cluster: Cluster) -> list[ClaimRef]:
    """The cluster's distinct statements in date order: one per claimant, date and figure
    (a figure repeated in a headline and its article is one statement). Increments ("25
    more killed") are left out: new losses since a report are no rival toll."""
    seen: dict[tuple, ClaimRef] = {}
    tolls = [ref for ref in cluster.claims if not is_increment(ref)]
    for ref in sorted(tolls, key=lambda r: (claim_date(r) or "", r.doc, r.start)):
        key = (claimant_key(ref), ref.value, ref.qualifier, ref.low, ref.high, claim_date(ref))
        seen.setdefault(key, ref)
    return list(seen.values())


def is_increment(ref: ClaimRef) -> bool:
    """Whether the figure is told as new losses since the last report: "25 more soldiers",
    "another 12" (the words around the number as written in the evidence), or an addition
    its sentence adds to a total ("12,500 on Thursday, raising the total to 105,000")."""
    return ref.increment or told_as_increment(ref.evidence,
                                              ref.number_text or f"{ref.value:,.0f}")


def _time_groups(figures: list[ClaimRef], days: int) -> list[list[ClaimRef]]:
    """Figures that speak for about one moment: a sweep in date order opens a new group when
    a figure lies more than ``days`` after its group's first. Undated figures join the group
    only when there is one."""
    dated = sorted((r for r in figures if claim_day(r) is not None),
                   key=lambda r: (claim_day(r), r.doc))
    groups: list[list[ClaimRef]] = []
    for ref in dated:
        if not groups or claim_day(ref) - claim_day(groups[-1][0]) > days:
            groups.append([])
        groups[-1].append(ref)
    undated = [r for r in figures if claim_day(r) is None]
    if len(groups) <= 1 and undated:
        groups = [(groups[0] if groups else []) + undated]
    return groups


def _components(pairs: list[tuple[ClaimRef, ClaimRef]]) -> list[list[ClaimRef]]:
    """Connected groups of claims linked by the given pairs (union-find on claim spans)."""
    parent: dict[tuple, tuple] = {}
    refs: dict[tuple, ClaimRef] = {}

    def root(key: tuple) -> tuple:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        for ref in (a, b):
            key = _span(ref)
            refs.setdefault(key, ref)
            parent.setdefault(key, key)
        parent[root(_span(a))] = root(_span(b))
    groups: dict[tuple, list[ClaimRef]] = defaultdict(list)
    for key, ref in refs.items():
        groups[root(key)].append(ref)
    return [_unique(group) for group in groups.values()]


def _span(ref: ClaimRef) -> tuple:
    return (ref.doc, ref.start, ref.end, ref.value, claimant_key(ref))


def _bounded_pairs(refs: list[ClaimRef], limit: int):
    """Pairs of ``refs``, at most ``limit`` of them: a crowded moment cannot blow up."""
    for count, pair in enumerate(combinations(refs, 2)):
        if count >= limit:
            return
        yield pair


def _conflicts(cluster: Cluster, figures: list[ClaimRef], settings: AlignSettings):
    """Per moment, the claims caught in incompatible pairs from different claimants; each
    connected set of such pairs is one record, holding only the claims that disagree."""
    for group in _time_groups(figures, settings.same_time_days):
        pairs = [(a, b) for a, b in _bounded_pairs(group, settings.max_claimant_pairs)
                 if claimant_key(a) != claimant_key(b) and not _slip(a, b)
                 and classify_pair(a, b, cluster.measure, settings) == "conflict"]
        for refs in _components(pairs):
            yield _conflict_record(cluster, refs, pairs)


def _conflict_record(cluster: Cluster, refs: list[ClaimRef], pairs) -> Discrepancy:
    spans = {_span(r) for r in refs}
    gap = max(_relative_gap(a, b) for a, b in pairs if _span(a) in spans)
    sides = {r.claimant_side for r in refs if r.claimant_side}
    between = f"between sides ({', '.join(sorted(sides))})" if len(sides) > 1 else \
        f"between {len({claimant_key(r) for r in refs})} claimants"
    note = (f"{_listing(refs, cluster.measure)}: incompatible figures {between} for the same "
            f"time; they differ by up to {gap:.0%}")
    return _finding(cluster, refs, note, "conflict")


_FALL_SHARE = 0.5
"""A later count from another claimant under an earlier one is a rival count of the same
people when it keeps at least this share of it (17 captured against 20); far under it, it
counts a part (a district, one group) that the cluster could not tell apart."""
_FLOORS = ("exact", "at_least", "more_than")


def _falls(figures: list[ClaimRef], settings: AlignSettings, measure: str) -> dict[tuple, tuple]:
    """A cumulative count (``cumulative_measures``) does not fall: a figure lower than an
    earlier exact count or floor that another claimant still held more than
    ``same_time_days`` before ("20 captured" on 19 September, "17 prisoners" on 4 October)
    is a disagreement. Earlier figure's span → (earlier, the later figures under it). A
    sweep in date order over a heap of each claimant's latest figure keeps it n log n."""
    under: dict[tuple, tuple[ClaimRef, list[ClaimRef]]] = {}
    if measure not in settings.cumulative_measures:
        return under
    for earlier, later in _fall_pairs(figures, settings):
        under.setdefault(_span(earlier), (earlier, []))[1].append(later)
    return under


def _fall_pairs(figures: list[ClaimRef], settings: AlignSettings):
    """(earlier, later) for each later figure under another claimant's earlier floor."""
    dated = sorted((r for r in figures if claim_day(r) is not None and not r.vague),
                   key=lambda r: (claim_day(r), r.doc, r.start))
    heap: list[tuple[float, int, str, ClaimRef]] = []
    latest: dict[str, int] = {}
    released = 0
    for ref in dated:
        while released < len(dated) and \
                claim_day(dated[released]) < claim_day(ref) - settings.same_time_days:
            _release(dated, released, heap, latest)
            released += 1
        if ref.starting:
            continue  # "down from 700" tells a past level, not a new count
        top = _highest_other(heap, latest, claimant_key(ref))
        if top is not None and top.lo > ref.hi >= _FALL_SHARE * top.lo:
            yield top, ref


def _release(dated: list[ClaimRef], index: int, heap: list, latest: dict[str, int]) -> None:
    """``dated[index]`` becomes its claimant's latest figure (of one day, the highest: a
    total, not its part); a floor goes on the heap."""
    ref = dated[index]
    key = claimant_key(ref)
    held = latest.get(key)
    if held is not None and claim_day(dated[held]) == claim_day(ref) and dated[held].lo >= ref.lo:
        return
    latest[key] = index
    if ref.qualifier in _FLOORS and not ref.starting:
        heapq.heappush(heap, (-ref.lo, index, key, ref))


def _highest_other(heap: list, latest: dict[str, int], claimant: str) -> ClaimRef | None:
    """The highest floor on the heap that is still its claimant's latest figure and is not
    ``claimant``'s own (stale entries are dropped as they surface)."""
    held = []
    found = None
    while heap:
        floor, index, key, ref = heap[0]
        if latest.get(key) != index:
            heapq.heappop(heap)
            continue
        if key != claimant:
            found = ref
            break
        held.append(heapq.heappop(heap))
    for item in held:
        heapq.heappush(heap, item)
    return found


def _fall_record(cluster: Cluster, earlier: ClaimRef, later: list[ClaimRef]) -> Discrepancy:
    who = "count from another claimant is" if len(later) == 1 else \
        "counts from other claimants are"
    note = (f"{_describe(earlier, cluster.measure)} vs later {_listing(later, cluster.measure)}:"
            f" the later {who} lower, yet a cumulative count does not fall")
    return _finding(cluster, (earlier, *later), note, "conflict")


def _transcriptions(cluster: Cluster, figures: list[ClaimRef], settings: AlignSettings):
    """One keystroke apart in two documents: the same claimant and date, or a swap of two
    digits anywhere. Only figures that could be such a pair are compared (same claimant and
    date, or the same digits), so the work stays near linear."""
    groups: dict[tuple, list[ClaimRef]] = defaultdict(list)
    for ref in figures:
        groups[("same", claimant_key(ref), claim_date(ref))].append(ref)
        groups[("digits", "".join(sorted(f"{ref.value:.0f}")))].append(ref)
    seen: set[tuple] = set()
    for group in groups.values():
        for a, b in _bounded_pairs(group, settings.max_claimant_pairs):
            key = tuple(sorted((_span(a), _span(b))))
            if key in seen or not _slip(a, b):
                continue
            seen.add(key)
            note = (f"{_describe(a, cluster.measure)} vs {_describe(b, cluster.measure)}: one "
                    f"digit apart, likely a transcription slip in one of them")
            yield _finding(cluster, (a, b), note, "transcription")


def _slip(a: ClaimRef, b: ClaimRef) -> bool:
    """A figure copied wrong from one text into another: two documents (one article's two
    figures are two statements: "260 tanks, 60 air defence systems", "to 700,000 from
    400,000"), from one claimant and date or with the same digits swapped."""
    if a.doc == b.doc:
        return False
    same = claimant_key(a) == claimant_key(b) and claim_date(a) == claim_date(b)
    swapped = sorted(f"{a.value:.0f}") == sorted(f"{b.value:.0f}")
    return digit_slip(a, b) and (same or swapped)


def rising_series(figures: list[ClaimRef], subject_side: str = "") -> list[ClaimRef]:
    """The longest run of dated figures that never falls, in date order (patience sort,
    n log n): a cumulative toll only grows, so a figure far under the running level counts
    something else (a district, one group) and stays out of the series. A figure a change
    started from ("rose to 34 from 16") is the earlier step of its day; otherwise one day
    gives one step, chosen as ``best`` chooses (``_step_each_day``)."""
    dated = sorted((r for r in figures if claim_day(r) is not None),
                   key=lambda r: (_slot(r), -r.value))
    tails: list[float] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(dated)
    for i, ref in enumerate(dated):
        at = bisect_right(tails, ref.value)
        previous[i] = tail_index[at - 1] if at else -1
        if at == len(tails):
            tails.append(ref.value)
            tail_index.append(i)
        else:
            tails[at] = ref.value
            tail_index[at] = i
    series: list[ClaimRef] = []
    at = tail_index[-1] if tail_index else -1
    while at >= 0:
        series.append(dated[at])
        at = previous[at]
    return _one_per_figure(_step_each_day(series[::-1], dated, subject_side))


def _slot(ref: ClaimRef) -> tuple[int, bool]:
    """A day, its starting levels first: "from 16" precedes the 34 it rose to."""
    return (claim_day(ref) or 0, not ref.starting)


def _step_each_day(series: list[ClaimRef], dated: list[ClaimRef],
                   subject_side: str) -> list[ClaimRef]:
    """Each day's step is the figure ``best`` would choose among that day's figures that
    still fit the run and are no part of a larger one ("13 bodies" beside "18 killed"): a
    number over a vague amount, a point over an open bound, the most trusted claimant, then
    the largest (the national 4,455 rather than a regional "toll above 4,500" the same day;
    3,617 rather than "more than 3,600")."""
    by_slot: dict[tuple, list[ClaimRef]] = defaultdict(list)
    for ref in dated:
        by_slot[_slot(ref)].append(ref)
    series = [step for i, step in enumerate(series)  # equal figures of a day: one step
              if i + 1 == len(series) or _slot(series[i + 1]) != _slot(step)]
    chosen: list[ClaimRef] = []
    for i, step in enumerate(series):
        floor = chosen[-1].value if chosen else -1.0
        ceiling = series[i + 1].value if i + 1 < len(series) else float("inf")
        fitting = [r for r in by_slot[_slot(step)] if floor <= r.value <= ceiling] or [step]
        top = max((r.value for r in fitting if not r.vague), default=0.0)
        whole = [r for r in fitting if r.vague or r.value >= _UPDATE_SHARE * top]
        chosen.append(min(whole, key=lambda r: (*_trust(r, subject_side), -r.value)))
    return chosen


def _trust(ref: ClaimRef, subject_side: str) -> tuple[bool, bool, int]:
    """``best``'s order among claims (align.py: claimant rank, vague, open-ended), except
    that a step is a count first: a vague amount ("hundreds") or an open bound ("more than
    3,600") is no step on a day a point figure (3,617) was told."""
    return (ref.vague, ref.qualifier not in _POINT_QUALIFIERS, claimant_rank(ref, subject_side))


_POINT_QUALIFIERS = ("exact", "about", "range")


def _restatements(series: list[ClaimRef], figures: list[ClaimRef],
                  settings: AlignSettings) -> list[ClaimRef]:
    """The other figures of each step's day that are compatible with it: the same step told
    another way ("more than 200" beside 207), so the record lists every telling."""
    steps = {_span(r) for r in series}
    by_slot: dict[tuple, list[ClaimRef]] = defaultdict(list)
    for ref in figures:
        if claim_day(ref) is not None and _span(ref) not in steps:
            by_slot[_slot(ref)].append(ref)
    return [other for step in series for other in by_slot.get(_slot(step), ())
            if compatible(step, other, settings)]


def _one_per_figure(refs: list[ClaimRef]) -> list[ClaimRef]:
    """The first claim of each (figure, date): repeats add nothing to a series."""
    seen: dict[tuple, ClaimRef] = {}
    for ref in refs:
        seen.setdefault((ref.value, ref.qualifier, claim_date(ref)), ref)
    return list(seen.values())


def _steps(refs: list[ClaimRef], measure: str) -> str:
    return " → ".join(f"{format_figure(r, measure)} ({claimant_label(r)}, "
                      f"{claim_date(r) or 'undated'})" for r in refs)


def _series_finding(cluster: Cluster, figures: list[ClaimRef], settings: AlignSettings,
                    falls: dict[tuple, tuple]) -> tuple[Discrepancy | None, set[float],
                                                         set[tuple]]:
    """The figure over time: the cluster's rising series (all claimants together: a toll
    growing while the event unfolds) with each step's same-day restatements and the falls
    between claimants that involve one of its figures (told with the series they break).
    Returns the record, the values it tells and the falls it took in."""
    series = rising_series(figures, cluster.subject_side)
    if len({claim_date(r) for r in series}) < 2 or len({r.value for r in series}) < 2:
        return None, set(), set()
    claimants = len({claimant_key(r) for r in series})
    who = "one claimant" if claimants == 1 else f"{claimants} claimants"
    also = _restatements(series, figures, settings)
    note = f"The figure changed over time ({who}): {_steps(series, cluster.measure)}"
    if also:
        note += f"; the same steps also told as {_listing(_distinct(also), cluster.measure)}"
    told = {_span(r) for r in (*series, *also)}
    taken = [key for key, (_, later) in falls.items()
             if key in told or any(_span(r) in told for r in later)]
    for key in taken:
        earlier, later = falls[key]
        note += (f"; a later count from another claimant is lower, yet a cumulative count "
                 f"does not fall: {_describe(earlier, cluster.measure)} vs later "
                 f"{_listing(later, cluster.measure)}")
    refs = _unique_in_order([*series, *also, *(
        ref for key in taken for ref in (falls[key][0], *falls[key][1]))])
    return _finding(cluster, refs, note, "revision"), {r.value for r in refs}, set(taken)


def _own_changes(cluster: Cluster, figures: list[ClaimRef], told: set[float]):
    """Each claimant's own changes that the series does not already tell (a figure lowered,
    revised within one day, or told as where a change started)."""
    own: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref in figures:
        own[claimant_key(ref)].append(ref)
    for refs in own.values():
        refs = _one_per_figure(sorted(refs, key=lambda r: (
            claim_date(r) or "", not r.starting, r.doc, r.start)))
        if not _changed(refs):
            continue
        refs = _changing(refs)
        values = {r.value for r in refs}
        if len(values) < 2 or values <= told:
            continue
        note = (f"{claimant_label(refs[0])} gave different figures over time: "
                f"{_steps(refs, cluster.measure)}")
        yield _finding(cluster, refs, note, "revision")


def _distinct(refs: list[ClaimRef]) -> list[ClaimRef]:
    """One of each claimant's figure per date, for a note (the record keeps every claim)."""
    seen: dict[tuple, ClaimRef] = {}
    for ref in refs:
        seen.setdefault((claimant_key(ref), ref.value, ref.qualifier, claim_date(ref)), ref)
    return list(seen.values())


def _unique_in_order(refs: Iterable[ClaimRef]) -> list[ClaimRef]:
    seen: dict[tuple, ClaimRef] = {}
    for ref in refs:
        seen.setdefault((ref.doc, ref.start, ref.end), ref)
    return list(seen.values())


@lru_cache(maxsize=1)
def _revision_words() -> re.Pattern[str]:
    words = load_lexicon("incidents").get("revision", {}).get("words", ())
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I) \
        if words else re.compile(r"(?!)")


_UPDATE_SHARE = 0.8
"""One claimant's two figures of one day read as an update (19 → 21) when the smaller is at
least this share of the larger; further apart they are a total and its parts (50 and 5)."""


def _changing(refs: list[ClaimRef]) -> list[ClaimRef]:
    """A claimant's figures that can tell its change: of each day, those close to the day's
    largest, and those the evidence tells as a change ("from the 1,000", "revised"); a
    figure far under the day's largest is a part of it (a district, 13 bodies found)."""
    top: dict[str | None, float] = defaultdict(float)
    for ref in refs:
        if not ref.starting:  # the level a change left is no part of the day
            top[claim_date(ref)] = max(top[claim_date(ref)], ref.value)
    return [r for r in refs if r.value >= _UPDATE_SHARE * top[claim_date(r)]
            or _told_as_change(r)]


def _told_as_change(ref: ClaimRef) -> bool:
    return ref.starting or bool(_revision_words().search(ref.evidence or ""))


def _changed(refs: list[ClaimRef]) -> bool:
    """A claimant's figures tell a change when they span two days, when one day's figures lie
    close (an update, not a part), or when the evidence says so ("revised to 21", "down from
    the 1,000")."""
    if len({claim_date(r) for r in refs}) > 1:
        return True
    values = sorted({r.value for r in refs})
    if values[0] > 0 and values[0] >= _UPDATE_SHARE * values[-1]:
        return True
    return any(_told_as_change(r) for r in refs)


def _agreeing_sides(cluster: Cluster, figures: list[ClaimRef], settings: AlignSettings):
    sides = {r.claimant_side for r in figures if r.claimant_side}
    if len(sides) < 2:
        return None
    refs = [r for r in figures if r.claimant_side]
    note = (f"{_listing(refs, cluster.measure)}: compatible figures from different sides "
            f"({', '.join(sorted(sides))})")
    return _finding(cluster, refs, note, "different_claimants")


def _rounding(cluster: Cluster, figures: list[ClaimRef], settings: AlignSettings):
    """Different claimants' figures that are one figure told at different precision. Each
    figure is compared with its nearest few by value, so the work stays n log n."""
    ordered = sorted(figures, key=lambda r: r.value)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:i + 1 + _NEIGHBOURS]:
            if a.value != b.value and claimant_key(a) != claimant_key(b) and \
                    differ_in_precision(a, b, cluster.measure, settings):
                pairs.append((a, b))
    for refs in _components(pairs):
        note = f"{_listing(refs, cluster.measure)}: the same figure told at different precision"
        yield _finding(cluster, refs, note, "rounding")


_NEIGHBOURS = 8


def _unique(refs: Iterable[ClaimRef]) -> list[ClaimRef]:
    seen: dict[tuple, ClaimRef] = {}
    for ref in refs:
        seen.setdefault((ref.doc, ref.start, ref.end), ref)
    return sorted(seen.values(), key=lambda r: (claim_date(r) or "", r.doc, r.start))


def _listing(refs: list[ClaimRef], measure: str) -> str:
    return " vs ".join(_describe(r, measure) for r in refs[:6]) + (
        f" and {len(refs) - 6} more" if len(refs) > 6 else "")


def cluster_discrepancies(cluster: Cluster, settings: AlignSettings) -> list[Discrepancy]:
    figures = _figures(cluster)
    if len({(r.value, r.qualifier, r.low, r.high) for r in figures}) < 2:
        return []  # one figure, however many sources: agreement, nothing to flag
    falls = _falls(figures, settings, cluster.measure)
    series, told, taken = _series_finding(cluster, figures, settings, falls)
    conflicts = [*_conflicts(cluster, figures, settings),
                 *(_fall_record(cluster, *falls[key]) for key in falls if key not in taken)]
    found = [*conflicts, *_transcriptions(cluster, figures, settings), series,
             *_own_changes(cluster, figures, told)]
    if not conflicts:
        found.append(_agreeing_sides(cluster, figures, settings))
    found.extend(_rounding(cluster, figures, settings))
    return [d for d in found if d is not None]


def _severity(finding: Discrepancy) -> tuple:
    """Conflicts between sides first, then by relative gap and number of sources."""
    values = [c["value"] for c in finding.claims]
    top = max(values, default=0)
    gap = (top - min(values)) / top if top else 0.0
    sides = len({c.get("claimant_side") for c in finding.claims if c.get("claimant_side")})
    order = _REASON_ORDER.index(finding.reason) if finding.reason in _REASON_ORDER else 9
    docs = len({c["doc"] for c in finding.claims})
    return (order, -(sides > 1), -round(gap, 2), -docs)


def find_discrepancies(
    clusters: Iterable[Cluster], settings: AlignSettings | None = None
) -> list[Discrepancy]:
    """All findings, ranked: the most telling first (``rank`` 1)."""
    settings = settings or align_settings()
    found: list[Discrepancy] = []
    for cluster in clusters:
        if cluster.claims:
            found.extend(cluster_discrepancies(cluster, settings))
    return ranked(found)


def ranked(found: Iterable[Discrepancy]) -> list[Discrepancy]:
    """Findings (in cluster order) sorted by severity and numbered: ``rank`` 1 leads."""
    ordered = sorted(found, key=_severity)
    return [replace(d, rank=i) for i, d in enumerate(ordered, start=1)]


_REASON_ORDER = ("conflict", "transcription", "revision", "different_claimants", "rounding")
