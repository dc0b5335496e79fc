"""Entity naming rules and corpus-level canonicalisation.

The gazetteer gives each mention a canonical within its own article; here mentions from
all articles are reconciled so one person or place has one canonical across the corpus
("Aliyev" and "President Aliyev" → "Ilham Aliyev"; "Hikmet"/"Hikmat" → one spelling).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from claimledger.lexicons import any_word, load_lexicon
from claimledger.records import Entity, Quantity

_POSSESSIVE = re.compile(r"(?:['’`]s|['’`])$")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Accent-free form ("Xankəndi" keeps ə: it has no decomposition)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Stable id part: "Ilham Aliyev" → "ilham-aliyev"."""
    return re.sub(r"[^a-z0-9ə]+", "-", fold(text).casefold()).strip("-")


@lru_cache(maxsize=65536)  # read for every capitalised word of every article, many times
def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip())


@cache
def person_titles() -> tuple[str, ...]:
    """Titles from places.toml, longest first so "Prime Minister" wins over "Minister"."""
    titles = load_lexicon("places")["person_titles"]
    return tuple(sorted(titles, key=len, reverse=True))


@cache
def _leading_title() -> re.Pattern[str]:
    """A title and the space after it: matched at the start, it finds the first title of
    :func:`person_titles` that the text starts with, as a loop over them in order would."""
    return any_word(person_titles(), before="", after=" ")


def strip_titles(text: str) -> str:
    """Drop leading articles, titles and honorifics ("the President Mr. X" → "X")."""
    words = _SPACES.sub(" ", text.strip())
    changed = True
    while changed:
        changed = False
        if words.lower().startswith("the "):
            words, changed = words[4:], True
        title = _leading_title().match(words)
        if title:
            words, changed = words[title.end():], True
    return words


@lru_cache(maxsize=65536)  # an article names its people again and again
def person_canonical(text: str) -> str:
    """Canonical form of a person mention: no title, no possessive, single spaces."""
    return strip_possessive(strip_titles(text)).strip(" ,.;:")


def byline_name(surname: str, given: str) -> str:
    """ "HAJIZADA Samir" (bylines put the capitalised surname first) → "Samir Hajizada"."""
    return f"{given} {surname.capitalize()}"


COUNTRY_SHARE = 0.25  # of the most mentioned country's mentions


def countries_about(codes: Iterable[str]) -> frozenset[str]:
    """The countries an article is about, from the country codes of its place mentions:
    those named at least twice and with a fair share of the most named one's count."""
    counts = Counter(code for code in codes if code)
    top = max(counts.values(), default=0)
    return frozenset(c for c, n in counts.items() if n >= max(2, COUNTRY_SHARE * top))


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: a transposition of two letters counts as one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def near_spelling(a: str, b: str) -> bool:
    """Two spellings of one word: same initial, one edit (two when the word is long)."""
    a, b = fold(a).casefold(), fold(b).casefold()
    if a == b:
        return True
    if a[:1] != b[:1] or min(len(a), len(b)) < 4:
        return False
    return edit_distance(a, b) <= (2 if min(len(a), len(b)) >= 9 else 1)


def contains_as_name(longer: str, shorter: str) -> bool:
    """ "Upper Karabakh" contains "Karabakh" as a whole word: a different, larger place."""
    pattern = r"(?:^|[\s\-])" + re.escape(shorter.casefold()) + r"(?:$|[\s\-])"
    return len(longer) > len(shorter) and re.search(pattern, longer.casefold()) is not None


def near_place_names(a: str, b: str) -> bool:
    """A transposed, dropped or doubled letter: distance small relative to the length. The
    cheap tests first: most pairs differ in their first letter or length (the distance is
    at least the difference in length), and need no pattern and no distance."""
    fa, fb = fold(a).casefold(), fold(b).casefold()
    shortest = min(len(fa), len(fb))
    if shortest < 5 or fa[:1] != fb[:1] or abs(len(fa) - len(fb)) > 2:
        return False
    if contains_as_name(a, b) or contains_as_name(b, a):
        return False
    distance = edit_distance(fa, fb)
    return distance <= 1 or (distance == 2 and shortest >= 12)


# --- corpus-level resolution -------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _representatives(names: Counter[str], linked: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each name to the most frequent name of its group (ties: the longer, then a-z)."""
    groups = _UnionFind()
    for name in names:
        groups.find(name)
    for a, b in linked:
        groups.union(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for name in names:
        members[groups.find(name)].append(name)
    best: dict[str, str] = {}
    for group in members.values():
        winner = min(group, key=lambda n: (-names[n], -len(n), n))
        best.update({name: winner for name in group})
    return best


def _same_person(a: str, b: str) -> bool:
    """One person spelled twice: same surname and near given name, or the reverse."""
    pa, pb = a.split(), b.split()
    if a == b or len(pa) != len(pb) or pa[1:-1] != pb[1:-1]:
        return False
    return ((pa[-1] == pb[-1] and near_spelling(pa[0], pb[0]))
            or (pa[0] == pb[0] and near_spelling(pa[-1], pb[-1])))


def _pairs_sharing_a_word(names: Iterable[str]) -> set[tuple[str, str]]:
    """Candidate pairs: full names that share their first or last word (keeps it linear-ish)."""
    buckets: dict[tuple[int, str], list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        words = name.split()
        buckets[(0, words[0])].append(name)
        buckets[(1, words[-1])].append(name)
    return {(a, b) for group in buckets.values() for i, a in enumerate(group)
            for b in group[i + 1:]}


def _full_name_links(full_names: Iterable[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in _pairs_sharing_a_word(full_names) if _same_person(a, b)]


def _person_canonicals(entities: Sequence[Entity]) -> dict[str, str]:
    """Old person canonical → corpus canonical (full names merged, surnames linked)."""
    return person_name_map(Counter(e.canonical for e in entities if e.label == "person"))


def person_name_map(counts: Counter[str]) -> dict[str, str]:
    """Each person name → one name per person: full names spelled two ways merge (same given
    name, near surname: "Jon Pavlenko" / "Jon Pavlenka"); a lone surname joins the one full
    name that ends in it, or else in a near spelling of it ("Aliyev" → "Ilham Aliyev")."""
    full = Counter({n: c for n, c in counts.items() if len(n.split()) >= 2})
    mapping = _representatives(full, _full_name_links(full))
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name, winner in mapping.items():
        by_surname[name.split()[-1]].add(winner)
    for name in counts:
        if len(name.split()) != 1:
            continue
        winners = by_surname.get(name) or {w for surname, group in by_surname.items()
                                           if near_spelling(name, surname) for w in group}
        if len(winners) == 1:
            mapping[name] = next(iter(winners))
    return mapping


def merge_claimants(quantities: Iterable[Quantity],
                    entities: Iterable[Entity] = ()) -> list[Quantity]:
    """One ``claimant`` per person across documents (``claimant_text`` keeps the words as
    written); the corpus's person entities help link a lone surname to its full name."""
    quantities = list(quantities)
    counts = Counter(q.claimant for q in quantities if q.claimant_kind == "person" and
                     q.claimant)
    for entity in entities:  # known names link, claimants' own spellings win
        if entity.label == "person" and entity.canonical:
            counts.setdefault(entity.canonical, 0)
    names = person_name_map(counts)
    return [replace(q, claimant=names[q.claimant]) if q.claimant_kind == "person" and
            names.get(q.claimant, q.claimant) != q.claimant else q for q in quantities]


def _place_canonicals(entities: Sequence[Entity]) -> dict[str, str]:
    """Non-GeoNames place spellings merged to the most frequent one."""
    counts = Counter(e.canonical for e in entities if e.canonical_id.startswith("place:"))
    buckets: dict[str, list[str]] = defaultdict(list)
    for name in sorted(counts):
        buckets[fold(name[:1]).casefold()].append(name)
    links = [(a, b) for group in buckets.values() for i, a in enumerate(group)
             for b in group[i + 1:] if near_place_names(a, b)]
    return _representatives(counts, links)


def _relabel_by_corpus(entities: Sequence[Entity]) -> list[Entity]:
    """An "organisation" or "person" that the corpus knows as a place or person elsewhere."""
    places = {e.canonical.casefold(): e for e in entities if e.label in ("place", "country")}
    full_names = _names_by_edge_words(e.canonical for e in entities
                                      if e.label == "person" and len(e.canonical.split()) >= 2)
    regions = [e for e in places.values() if e.canonical_id.startswith("place:")]
    near_region = cache(lambda name: _near_region(name, regions))  # per name, not mention
    out = []
    for entity in entities:
        key = entity.canonical.casefold()
        if entity.label in ("organisation", "person") and key in places:
            known = places[key]
            entity = replace(entity, label=known.label, canonical=known.canonical,
                             canonical_id=known.canonical_id, country_code=known.country_code)
        elif entity.label == "organisation" and (near := near_region(entity.canonical)):
            entity = replace(entity, label="place", canonical=near.canonical,
                             canonical_id=near.canonical_id, country_code=near.country_code)
        elif entity.label == "organisation" and _is_person_name(entity.canonical, full_names):
            entity = replace(entity, label="person",
                             canonical_id=f"person:{slugify(entity.canonical)}")
        out.append(entity)
    return out


def _near_region(name: str, regions: Sequence[Entity]) -> Entity | None:
    """An "organisation" one letter away from a region named elsewhere is that region,
    misspelled and mislabelled ("Nagorno-Karabkah")."""
    return next((r for r in regions if near_place_names(name, r.canonical)), None)


def _names_by_edge_words(names: Iterable[str]) -> dict[str, set[str]]:
    by_word: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name.split()
        by_word[words[0]].add(name)
        by_word[words[-1]].add(name)
    return by_word


def _is_person_name(name: str, full_names: dict[str, set[str]]) -> bool:
    """Spelled like (or as) a full person name seen in the corpus."""
    words = name.split()
    if len(words) < 2:
        return False
    others = full_names.get(words[0], set()) | full_names.get(words[-1], set())
    return name in others or any(_same_person(name, other) for other in others)


def resolve_across_documents(entities: Sequence[Entity]) -> list[Entity]:
    """One canonical per real-world entity across the corpus, with every surface form seen.

    GeoNames ids are never merged with each other; a place is never merged with a longer
    name that contains it ("Upper X" is another place than "X").
    """
    relabelled = _relabel_by_corpus(entities)
    persons = _person_canonicals(relabelled)
    places = _place_canonicals(relabelled)
    resolved = [_apply(entity, persons, places) for entity in relabelled]
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity in resolved:
        aliases[entity.canonical_id].add(entity.evidence)
    seen = {key: tuple(sorted(names)) for key, names in aliases.items()}
    return [e if e.aliases_seen == seen[e.canonical_id] else
            replace(e, aliases_seen=seen[e.canonical_id]) for e in resolved]


def _apply(entity: Entity, persons: dict[str, str], places: dict[str, str]) -> Entity:
    if entity.label == "person" and entity.canonical in persons:
        name, kind = persons[entity.canonical], "person"
    elif entity.canonical_id.startswith("place:") and entity.canonical in places:
        name, kind = places[entity.canonical], "place"
    else:
        return entity
    canonical_id = f"{kind}:{slugify(name)}"
    if name == entity.canonical and canonical_id == entity.canonical_id:
        return entity  # most mentions: already the corpus's name (no copy to make)
    return replace(entity, canonical=name, canonical_id=canonical_id)
