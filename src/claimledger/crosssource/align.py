"""Group quantity claims that count the same thing, across documents, and state best/low/high.

A cluster is one (measure, subject side, subject role, era) block, cut by date (a window
from the cluster's first date) and by location (when both claims name one). Blocking and
one sort per block keep this O(n log n): no claim is compared with every other claim.
The best/low/high rule follows UCDP GED's estimates; docs/alignment.md states it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import islice

from claimledger.crosssource.intervals import quantity_interval
from claimledger.crosssource.view import ClaimRef, Cluster
from claimledger.crosssource.windows import incident_parts, split_by_window, with_window
from claimledger.crosssource.wording import (
    claim_date,
    claim_day,
    claimant_label,
    format_figure,
)
from claimledger.lexicons import load_lexicon
from claimledger.records import Document, Quantity
from claimledger.settings import AlignSettings, align_settings
from claimledger.subjects import (
    breakdown_role,
    measure_roles,
    side_code,
    side_family,
    thing_kind,
    thing_measures,
    word_set,
)

BlockKey = tuple[str, str, str, str, str]
_OWN_VOICE_KINDS = ("outlet", "wire")
_POINT_QUALIFIERS = ("exact", "about", "range")
_RANK_WORDS = (
    "a neutral body's figure",
    "the outlet's own-voice figure",
    "the side's count of its own losses",
    "a figure from unnamed or unplaced sources",
    "the adversary's count",
)


@dataclass
class _Pending:
    """A cluster being filled while one block is scanned in date order."""

    start: int | None
    place: frozenset[str]
    location: str | None
    members: list[tuple[ClaimRef, Quantity]] = field(default_factory=list)


def block_key(quantity: Quantity, settings: AlignSettings,
              places: Mapping[str, str] | None = None, part: bool = False,
              where: str | None = None) -> BlockKey:
    """Claims in different blocks never share a cluster. A part of an incident named by its
    subject's place ("people in India") is a block of its own: ``incident@place``. "200
    killed" and "200 people killed" name the same group; so do "17 prisoners" and "20
    soldiers captured" (a role that restates the measure), and "Karabakh Armenians" and
    "Armenia" (a region's people of a nation are the nation's side). A count of things is
    grouped by the kind of thing ("27 Humvees" and "scores of aircraft" are never rivals).
    ``part``: the claim is a number taken out of the count told before it
    (:func:`parts_of_counts_before`); ``where``: the part of its incident it counts, when
    its article says so elsewhere (:func:`restated_places`)."""
    era = quantity.era or "current"
    if where is None:
        where = _where(quantity, places or {})
    incident = f"{quantity.incident}@{where}" if where else quantity.incident
    if quantity.measure in settings.sideless_measures:
        return (quantity.measure, "", "", era, incident)
    role = group_role(quantity.measure, quantity.subject_role)
    if quantity.measure in thing_measures():
        role = thing_kind(quantity.subject_text or quantity.subject or "")
    if part or (not role and partitive(quantity.evidence, quantity.number_text or "")):
        role = PART_ROLE
    if role == PART_ROLE or role in word_set("one_family_roles"):
        role = f"{role}:{quantity.doc}:{quantity.start}"  # parts of different counts
    return (quantity.measure, side_family(quantity.subject_side or ""), role, era, incident)


def _where(quantity: Quantity, places: Mapping[str, str]) -> str:
    """The part of its incident a claim's subject names ("people in India"), or ""."""
    return part_place(quantity.subject, places.get(quantity.incident, "")) \
        if quantity.incident else ""


def restated_places(quantities: Iterable[Quantity],
                    places: Mapping[str, str]) -> dict[tuple[str, int], str]:
    """(doc, start) → part place, for figures an article restates: one figure told twice in
    one article (same incident, measure, number and qualifier) counts one thing, so a
    headline's bare "toll above 4,500" is its subheadline's "above 4,500 in Nepal, India
    and Tibet". A restatement that names no group takes the one part place the others
    give; none when they name two."""
    scoped: dict[tuple, set[str]] = defaultdict(set)
    bare: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for quantity in quantities:
        if not quantity.incident or quantity.subject_side or group_role(
                quantity.measure, quantity.subject_role):
            continue
        key = (quantity.doc, quantity.incident, quantity.measure, quantity.era,
               quantity.value, quantity.qualifier)
        where = _where(quantity, places)
        if where:
            scoped[key].add(where)
        else:
            bare[key].append((quantity.doc, quantity.start))
    return {spot: next(iter(scoped[key])) for key, spots in bare.items()
            if len(scoped.get(key, ())) == 1 for spot in spots}


def group_role(measure: str, role: str) -> str:
    """The role a cluster groups by: "" for people unspecified or a role the measure
    itself names (prisoners of a captured count)."""
    return "" if role in _GENERIC_ROLES or role in measure_roles(measure) else role


PART_ROLE = "part"  # "12 of them died in hospital": a part of a count named before


def partitive(evidence: str, number_text: str, named: bool = False) -> bool:
    """"Some 12 of them", "one of whom", "5,000 of the 12,500": a number taken out of a group
    already counted is a part of that count, never a rival figure for it. For a figure that
    ``named`` its group only a pronoun or the count's own word looks back at a count ("Ten of
    those were marines", "ten of the dead"); "two of the soldiers" names the group it is
    taken from right there."""
    at = evidence.find(number_text) if number_text else -1
    after = re.match(r"\s+of\s+(\w+)(?:\s+(\w+))?", evidence[at + len(number_text):]) \
        if at >= 0 else None
    if not after:
        return False
    word, noun = after.group(1).lower(), (after.group(2) or "").lower()
    if named:
        return word in word_set("partitive_pronouns") or (
            word == "the" and noun in word_set("partitive_counts"))
    return word in word_set("partitive_objects")


def parts_of_counts_before(quantities: Iterable[Quantity]) -> set[tuple[str, int]]:
    """(doc, start) of each figure that says who it counts but is taken out of the count
    told just before it of that same group ("13 soldiers were killed. Ten of those were
    marines"): a part of that count. Taken out of a wider count ("400 died; 376 of them were
    militants"), it is the count of its own group and stays one."""
    found: set[tuple[str, int]] = set()
    before: dict[tuple[str, str], Quantity] = {}
    for quantity in sorted(quantities, key=lambda q: (q.doc, q.start)):
        earlier = before.get((quantity.doc, quantity.measure))
        if earlier is not None and _group(quantity)[1] and _group(earlier) == _group(quantity) \
                and partitive(quantity.evidence, quantity.number_text or "", named=True):
            found.add((quantity.doc, quantity.start))
        before[(quantity.doc, quantity.measure)] = quantity
    return found


def _group(quantity: Quantity) -> tuple[str, str]:
    return side_family(quantity.subject_side or ""), group_role(quantity.measure,
                                                                quantity.subject_role)


def _part(role: str) -> bool:
    return role.partition(":")[0] == PART_ROLE or breakdown_role(role.partition(":")[0])


def cluster_block_key(cluster: Cluster) -> BlockKey:
    """The block a cluster of :func:`align` came from (its sort key in align's output): a
    part-of-incident place is the cluster's location, the only one it keeps."""
    where = f"@{cluster.location}" if cluster.incident and cluster.location else ""
    return (cluster.measure, cluster.subject_side, cluster.subject_role, cluster.era,
            with_window(f"{cluster.incident}{where}", cluster.window))


_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
_PLACE_IN_SUBJECT = re.compile(  # "in neighbouring India, Bangladesh and Tibet", "across"
    rf"\b(?:in|on|at|near|across|throughout)\s+(?:the\s+)?(?:[a-z][\w'’-]*\s+){{0,2}}"
    rf"({_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME})*)")
_AREA_IN_SUBJECT = re.compile(r"\b(?:in|at)\s+the\s+((?:[a-z][\w'’-]*\s+){1,2})([a-z]+)\b")
_LIST = re.compile(r",\s+(?:and\s+)?|\s+and\s+")


@cache
def _site_heads() -> frozenset[str]:
    return frozenset(load_lexicon("incidents").get("parts", {}).get("site_heads", ()))


@lru_cache(maxsize=65536)
def part_place(subject: str, incident_place: str) -> str:
    """The place a subject narrows its incident to ("people in the Kathmandu Valley" in a
    quake in Nepal, "in the central region"), or "": none named, the incident's own place,
    or the site it hit. A list of places ("in Nepal, India and Tibet") is a region of its
    own, even when it holds the incident's place."""
    match = _PLACE_IN_SUBJECT.search(subject or "")
    if not match:
        return _area(subject or "")
    name = match.group(1)
    if _is_list(name):
        return name
    name = _LIST.split(name)[0]  # "Kathmandu, Nepal": the place, then what it lies in
    phrase = (subject or "")[match.start(1):].split(",")[0]  # "Al-Ahli al-Arabi Hospital"
    if place_tokens(name) & place_tokens(incident_place) or _named_site(phrase):
        return ""
    return name


def _is_list(name: str) -> bool:
    """"India, Bangladesh and Tibet" (a coordination), not "Kathmandu, Nepal" (a place and
    the country it lies in)."""
    return " and " in name


def _area(subject: str) -> str:
    """"people in the central region", "in the worst-hit areas": a place noun that a word
    narrows; "the city", "the whole country" are the incident's place itself."""
    match = _AREA_IN_SUBJECT.search(subject)
    if not match:
        return ""
    modifiers, noun = match.group(1).split(), match.group(2)
    nouns = word_set("place_nouns")
    if not (noun in nouns or noun.removesuffix("s") in nouns) or set(modifiers) & word_set(
            "whole_words"):
        return ""
    return " ".join([*modifiers, noun])


def _named_site(phrase: str) -> bool:
    """Whether the phrase is the proper name of a building or site ("Al-Ahli Hospital"): the
    site an attack hit. A site written in lower case after a place ("Mount Everest base
    camp", "the Kabul airport") is a spot at that place, a part like the place itself."""
    return any(word[:1].isupper() and word.lower() in _site_heads()
               for word in re.findall(r"[^\W\d_]+", phrase))


@lru_cache(maxsize=65536)
def place_tokens(location: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W\d_]+", (location or "").lower()))


def places_compatible(first: frozenset[str], second: frozenset[str]) -> bool:
    """Unknown places fit anywhere; "Karabakh" fits "Nagorno-Karabakh" (one contains the other)."""
    return not first or not second or first <= second or second <= first


def claim_ref(quantity: Quantity, document: Document | None,
              settings: AlignSettings | None = None) -> ClaimRef:
    span = quantity_interval(quantity, settings or align_settings())
    return ClaimRef(
        doc=quantity.doc, source=(document.source or "") if document else "",
        start=quantity.start, end=quantity.end, evidence=quantity.evidence,
        value=float(quantity.value), qualifier=quantity.qualifier or "exact",
        claimant=quantity.claimant or "", lo=span.lo, hi=span.hi, low=quantity.low,
        high=quantity.high, vague=bool(quantity.vague), claimant_kind=quantity.claimant_kind,
        claimant_side=quantity.claimant_side,
        as_of=count_date(quantity, document.published if document else None),
        published=document.published if document else None,
        number_text=quantity.number_text or "", location=quantity.location,
        claim_id=quantity.id, increment=bool(quantity.increment),
        starting=bool(quantity.starting),
    )


def count_date(quantity: Quantity, published: str | None) -> str | None:
    """The date a figure speaks for. A date at or before the day its incident began is not
    the date of a count published later ("the toll of the 25 April quake has climbed to
    4,455", three days on): such a figure is the report's latest count, dated by its
    publication. A background figure keeps its earlier date."""
    as_of = quantity.as_of
    if as_of and published and quantity.era != "background" and published[:10] > as_of \
            and _at_or_before(as_of, quantity.incident_date):
        return published[:10]
    return as_of


def _at_or_before(date: str, start: str | None) -> bool:
    """ISO dates of any precision: "2017" is at or before "2017-09-20"; "2017-09-20" is not
    at or before the month "2017-09" (it may lie after the incident's first day)."""
    if not start:
        return False
    if len(date) <= len(start):
        return date <= start[:len(date)]
    return date[:len(start)] < start


def _place_dated(block: list[tuple[int, ClaimRef, Quantity]], window: int) -> list[_Pending]:
    done: list[_Pending] = []
    open_: list[_Pending] = []
    for day, ref, quantity in block:
        if any(day - p.start > window for p in open_ if p.start is not None):
            done.extend(p for p in open_ if day - p.start > window)
            open_ = [p for p in open_ if day - p.start <= window]
        tokens = place_tokens(ref.location)
        target = next((p for p in open_ if places_compatible(p.place, tokens)), None)
        if target is None:
            target = _Pending(day, tokens, ref.location)
            open_.append(target)
        target.members.append((ref, quantity))
    return done + open_


def _place_undated(pending: list[_Pending], undated: list[tuple[ClaimRef, Quantity]]) -> None:
    """Undated claims join the largest cluster with a fitting place, else one of their own."""
    for ref, quantity in undated:
        tokens = place_tokens(ref.location)
        fits = [p for p in pending if places_compatible(p.place, tokens)]
        target = max(fits, key=lambda p: len(p.members), default=None)
        if target is None:
            target = _Pending(None, tokens, ref.location)
            pending.append(target)
        target.members.append((ref, quantity))


def _cluster_block(items: list[tuple[ClaimRef, Quantity]], window: int) -> list[_Pending]:
    dated, undated = [], []
    for ref, quantity in items:
        day = claim_day(ref)
        if day is None:
            undated.append((ref, quantity))
        else:
            dated.append((day, ref, quantity))
    dated.sort(key=lambda item: (item[0], item[1].doc, item[1].start))
    pending = _place_dated(dated, window)
    _place_undated(pending, undated)
    return pending


def claimant_rank(ref: ClaimRef, subject_side: str) -> int:
    """0 neutral body, 1 own voice, 2 a side on its own losses, 3 unplaced, 4 the adversary."""
    if ref.claimant_kind == "organisation" and not ref.claimant_side:
        return 0
    if ref.claimant_kind in _OWN_VOICE_KINDS or (
        not ref.claimant_kind and ref.claimant and ref.claimant == ref.source
    ):
        return 1
    if ref.claimant_side and subject_side:
        return 2 if ref.claimant_side == subject_side else 4
    return 3


def _preference(ref: ClaimRef, subject_side: str) -> tuple:
    day = claim_day(ref)
    return (
        claimant_rank(ref, subject_side), ref.vague, ref.qualifier not in _POINT_QUALIFIERS,
        -(day if day is not None else -1),
    )


def _point(ref: ClaimRef) -> float:
    if ref.qualifier == "range" and ref.low is not None and ref.high is not None:
        return (ref.low + ref.high) / 2
    return ref.value


def _floor(ref: ClaimRef) -> float | None:
    """The lowest figure a claim states; "up to 24" states none."""
    if ref.qualifier == "range":
        return ref.low if ref.low is not None else ref.value
    if ref.qualifier in ("at_most", "up_to", "less_than") and not ref.vague:
        return None
    return ref.low if ref.vague and ref.low is not None else ref.value


def _ceiling(ref: ClaimRef) -> float:
    if ref.qualifier == "range" and ref.high is not None:
        return ref.high
    return ref.value


def still_valid(refs: list[ClaimRef]) -> list[ClaimRef]:
    """Each claimant's figures of its latest date: a later cumulative figure replaces the
    same claimant's earlier ones (a toll of 25 revised to 200 no longer claims 25)."""
    latest: dict[tuple[str, str], int] = {}
    for ref in refs:
        key = _who(ref)
        latest[key] = max(latest.get(key, -1), claim_day(ref) or -1)
    return [ref for ref in refs if (claim_day(ref) or -1) == latest[_who(ref)]]


def _who(ref: ClaimRef) -> tuple[str, str]:
    return (claimant_label(ref).lower(), ref.claimant_side or "")


def estimates(refs: list[ClaimRef], subject_side: str) -> tuple[float, float | None, float, str]:
    """UCDP-style best, low, high and the one-line rule that chose ``best``: the most
    trusted claimant's latest figure; low and high span the figures still valid then
    (each claimant's latest), so a superseded early toll no longer widens the band."""
    valid = still_valid(refs)
    chosen = min(valid, key=lambda ref: _preference(ref, subject_side))
    floors = [f for f in (_floor(ref) for ref in valid) if f is not None]
    low = min(floors) if floors else None
    high = max(_ceiling(ref) for ref in valid)
    best = min(max(_point(chosen), low if low is not None else -float("inf")), high)
    rank = claimant_rank(chosen, subject_side)
    rule = (
        f"best {format_figure(chosen)} from {claimant_label(chosen)} "
        f"({claim_date(chosen) or 'undated'}): {_RANK_WORDS[rank]}, preferred over "
        f"{len(refs) - 1} other claim(s); latest date wins among equals; low–high from "
        f"{len(valid)} claim(s) still valid (each claimant's latest)"
    )
    return best, low, high, rule


def _subject_label(quantities: list[Quantity], side: str, role: str) -> str:
    """The subject most claims name; when none names it for at least half, the group's
    side and role, so one article's wording does not label everybody's figures."""
    named = Counter(q.subject for q in quantities if q.subject)
    if named and 2 * named.most_common(1)[0][1] >= len(quantities):
        return named.most_common(1)[0][0]
    role = role.partition(":")[0]  # a part's block key carries its claim's place in the text
    if role == PART_ROLE:
        role = "part of a count given before"
    return " ".join(part for part in (side, role) if part)


def _cluster_id(key: BlockKey, first_date: str | None, seen: Counter) -> str:
    measure, side, role, era, incident = key
    base = "/".join((incident or "-", measure, side or "-", role.partition(":")[0] or "-", era,
                     first_date or "undated"))
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


def _finish(key: BlockKey, pending: _Pending, seen: Counter, note: str = "") -> Cluster:
    refs = [ref for ref, _ in pending.members]
    quantities = [q for _, q in pending.members]
    dates = sorted(d for d in (claim_date(ref) for ref in refs) if d)
    best, low, high, rule = estimates(refs, key[1])
    return Cluster(
        id=_cluster_id(key, dates[0] if dates else None, seen), measure=key[0],
        subject=_subject_label(quantities, key[1], key[2]), claims=tuple(refs), best=best,
        low=low, high=high, best_rule=f"{rule}; kept apart: {note}" if note else rule,
        subject_side=key[1], subject_role=key[2].partition(":")[0],
        era=key[3], event_date=dates[0] if dates else None,
        location=incident_parts(key[4])[1] or pending.location,
        incident=incident_parts(key[4])[0], window=incident_parts(key[4])[2],
    )


_GENERIC_ROLES = ("", "people")
_COMBATANT_ROLES = ("military", "separatists", "fighters", "militants", "combatants")
_PEOPLE_ROLES = ("", "civilians")  # the people of a place: a whole toll, or its civilians
Blocks = dict[BlockKey, list[tuple[ClaimRef, Quantity]]]


def _home_side(key: BlockKey, home: Mapping[str, str]) -> bool:
    """Whether the group's side is the people of its incident's own country."""
    code = side_code(key[1])
    return bool(code) and code == home.get(incident_parts(key[4])[0], "")


def _fold_generic_roles(blocks: Blocks) -> None:
    """A side's figure that does not say who ("200 killed", "200 people") joins the one group of
    that side's combatants when there is exactly one and the side itself tells it (a side on
    its own losses counts its fighters); an outsider's "1,000 Northlanders killed" counts
    the people. It never joins civilians, who are a part of all dead, not the same count."""
    specific: dict[tuple[str, str, str, str], list[BlockKey]] = defaultdict(list)
    for key in blocks:
        if key[1] and key[2] in _COMBATANT_ROLES:
            specific[(key[0], key[1], key[3], key[4])].append(key)
    for key in [k for k in blocks if k[1] and not k[2]]:
        fighters = specific.get((key[0], key[1], key[3], key[4]), [])
        if len(fighters) == 1:
            own = [item for item in blocks[key] if item[0].claimant_side == key[1]]
            blocks[fighters[0]].extend(own)
            blocks[key] = [item for item in blocks[key] if item[0].claimant_side != key[1]]
            if not blocks[key]:
                del blocks[key]


def _fold_sideless(blocks: Blocks, home: Mapping[str, str]) -> dict[BlockKey, str]:
    """A figure that names no side joins its incident's only matching group when that is
    unambiguous; otherwise it stays apart, and the returned note says why.

    A sideless group of a role ("376 terrorists") matches the one side's group of that role
    ("387 X militants"). A figure naming no group ("200 were killed") matches the incident's
    only group that may be the whole toll: one naming no side, or the people of the
    incident's own place ("33 Northlanders wounded" in a strike on a Northland town), as
    people or civilians (the civilians are often the whole toll of a strike on a town). It
    never joins a breakdown (children, women, men), nor a foreign side's group ("3 US troops"
    among all the wounded of a bombing elsewhere), nor one side's fighters: those are parts."""
    groups: dict[tuple[str, str, str], list[BlockKey]] = defaultdict(list)
    for key in blocks:
        if key[1] or key[2]:
            groups[(key[0], key[3], key[4])].append(key)
    notes: dict[BlockKey, str] = {
        key: "a number taken out of a group counted before (\"12 of them\"), a part"
        for key in blocks if key[2].startswith(f"{PART_ROLE}:")}
    for key in [k for k in blocks
                if not k[1] and k[2] and ":" not in k[2] and k[4]]:  # one claim's part
        peers = groups[(key[0], key[3], key[4])]
        same = [k for k in peers if k[1] and k[2] == key[2]]
        if len(same) == 1:
            blocks[same[0]].extend(blocks.pop(key))
            peers.remove(key)
    for key in [k for k in blocks if not k[1] and not k[2] and k[4]]:
        targets = [k for k in groups.get((key[0], key[3], key[4]), [])
                   if not _part(k[2])]
        if len(targets) == 1 and targets[0][2] in _PEOPLE_ROLES and (
                not targets[0][1] or _home_side(targets[0], home)
                or _the_incidents_people(key, targets[0], blocks)):
            blocks[targets[0]].extend(blocks.pop(key))
        elif targets:
            notes[key] = _apart_reason(targets, home)
    return notes


def _the_incidents_people(key: BlockKey, target: BlockKey, blocks: Blocks) -> bool:
    """Whether the one people an incident's displacement figures name is the people of its
    figures that name none: "tens of thousands fled across the border" in an exodus whose
    sources say "300,000 Xs have entered" in more of its figures than name none. Never a
    toll: a toll naming no group counts every side."""
    return key[0] in word_set("one_people_measures") and not target[2] and (
        len(blocks[target]) > len(blocks[key]))


def _apart_reason(targets: list[BlockKey], home: Mapping[str, str]) -> str:
    """Why a figure naming no side stays out of the incident's named groups."""
    names = ", ".join(" ".join(p for p in (k[1], k[2] or "people") if p) for k in targets)
    if targets[0][0] in thing_measures():
        return f"names no kind of thing: equipment in general, the total of the kinds ({names})"
    if len(targets) > 1:
        return f"names no side, and {len(targets)} groups could hold it ({names})"
    if targets[0][0] in word_set("one_people_measures") and not targets[0][2]:
        return (f"names no people; the one people named ({names}) is named in no more of the "
                f"incident's figures than name none, so it may be one group among the displaced")
    if targets[0][2] not in _PEOPLE_ROLES:
        return f"names no side; the one group ({names}) is a part of any toll"
    if not side_code(targets[0][1]):
        return f"names no side; the one group ({names}) is one people's, a part of the toll"
    return f"names no side; the one group ({names}) is of a side from elsewhere, a part"


def _own_counts_of_additions(blocks: Blocks) -> None:
    """An addition told with the total it raises ("12,500 on Thursday, raising the total to
    105,000") is an increment of that total's cluster. When the total counts something else
    ("300,000 Xs have entered in two weeks, taking the number of X nationals living here to
    700,000": another measure or group), the addition is no increment of its own group's
    count but a figure of it. The total is the next larger figure of its article."""
    adding = {ref.doc for items in blocks.values() for ref, _ in items if ref.increment}
    if not adding:
        return
    where: dict[tuple[str, int], set[BlockKey]] = defaultdict(set)
    by_doc: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for key, items in blocks.items():
        for ref, _ in items:
            if ref.doc in adding:
                where[(ref.doc, ref.start)].add(key)
                by_doc[ref.doc].append((ref.start, ref.value))
    for figures in by_doc.values():
        figures.sort()
    for key, items in blocks.items():
        for index, (ref, quantity) in enumerate(items):
            if not ref.increment:
                continue
            figures = by_doc[ref.doc]
            later = islice(figures, bisect_right(figures, (ref.start, float("inf"))), None)
            total = next((start for start, value in later if value > ref.value), None)
            if total is not None and key not in where[(ref.doc, total)]:
                items[index] = (replace(ref, increment=False), quantity)


def _home_countries(blocks: Blocks) -> dict[str, str]:
    """Incident id → the country its claims most often place it in."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for key, items in blocks.items():
        for _, quantity in items:
            if quantity.incident_country:
                counts[incident_parts(key[4])[0]][quantity.incident_country] += 1
    return {incident: found.most_common(1)[0][0] for incident, found in counts.items()}


def _merge_part_places(blocks: Blocks) -> None:
    """One district spelled several ways ("Sindhupal chowk", "Sindupalchowk district") is
    one part of its incident: part places whose spelling keys match are one block."""
    names: dict[str, set[str]] = defaultdict(set)
    for key in blocks:
        incident, place, _ = incident_parts(key[4])
        if place:
            names[incident].add(place)
    renamed = {f"{incident}@{name}": f"{incident}@{root}"
               for incident, found in names.items()
               for name, root in spelling_groups(found).items() if name != root}
    for key in [k for k in blocks if k[4] in renamed]:
        blocks[(*key[:4], renamed[key[4]])].extend(blocks.pop(key))


def spelling_groups(names: Iterable[str]) -> dict[str, str]:
    """Each name → the first name of its spelling group. Keys are sorted, so a name and
    its variants are neighbours (one sort, no pairwise comparison)."""
    found: dict[str, str] = {}
    previous, root = "", ""
    for key, name in sorted((place_key(name), name) for name in names):
        if not (previous and same_spelling(previous, key)):
            root = name
        found[name] = root
        previous = key
    return found


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """A transliteration-tolerant key: letters only (space and hyphen insensitive), accents
    folded, no h after a consonant ("Sindhu" / "Sindu"), doubled letters single. A list of
    places is its members' keys, sorted, joined by "+"."""
    if _is_list(name):
        return "+".join(sorted(place_key(n) for n in _LIST.split(name)))
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    letters = re.sub(r"[^a-z]", "", folded)
    letters = re.sub(r"([b-df-gj-np-tv-z])h", r"\1", letters)
    return re.sub(r"(.)\1+", r"\1", letters)


def same_spelling(first: str, second: str) -> bool:
    """Two place keys of one place: one begins the other, or they share a long beginning
    (at least six letters and three quarters of the shorter). A list is never one place."""
    if "+" in first or "+" in second:
        return first == second
    shared = len(os.path.commonprefix([first, second]))
    return shared >= 6 and shared >= 0.75 * min(len(first), len(second))


def align(
    documents: Iterable[Document], quantities: Iterable[Quantity],
    settings: AlignSettings | None = None, places: Mapping[str, str] | None = None,
    countries: Mapping[str, str] | None = None,
) -> list[Cluster]:
    """Clusters of claims that count the same thing, sorted by measure, subject and date.
    ``places`` (incident id → its place) lets a figure for a part of an incident (a
    district, a neighbouring country) stand apart from the whole; ``countries`` (incident
    id → ISO code; by default its claims' most named) says whose people its place's are."""
    settings = settings or align_settings()
    by_id = {document.id: document for document in documents}
    blocks: dict[BlockKey, list[tuple[ClaimRef, Quantity]]] = defaultdict(list)
    usable = [q for q in quantities if q.measure and q.value is not None]
    parts = parts_of_counts_before(usable)
    restated = restated_places(usable, places or {})
    for quantity in usable:
        ref = claim_ref(quantity, by_id.get(quantity.doc), settings)
        spot = (quantity.doc, quantity.start)
        key = block_key(quantity, settings, places, spot in parts, restated.get(spot))
        blocks[key].append((ref, quantity))
    home = dict(countries) if countries is not None else _home_countries(blocks)
    _merge_part_places(blocks)
    _fold_generic_roles(blocks)
    notes = _fold_sideless(blocks, home)
    blocks, notes = split_by_window(blocks, notes)
    _own_counts_of_additions(blocks)
    seen: Counter = Counter()
    clusters = []
    for key in sorted(blocks):
        items = blocks[key]
        if key[4]:  # the incident fixed the event, and its place at country level
            items = [(replace(ref, location=None), q) for ref, q in items]
        for pending in _cluster_block(items, settings.window_days):
            clusters.append(_finish(key, pending, seen, notes.get(key, "")))
    return clusters
