"""The words each outlet chooses for the event, the sides, the territory and the places.

A lexicon-driven pass, no model: phrases are a head noun from ``data/framing.toml`` with
the run of modifiers in front of it (stopped by determiners, prepositions, verbs);
loaded terms are matched as whole words. Each term records whether the outlet says it
in its own voice or inside quotation marks. Place-name choice comes from Entity records:
one canonical place written two ways (Kiev / Kyiv) is a perspective signal.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimledger.crosssource.view import FramingTerm
from claimledger.lexicons import load_lexicon
from claimledger.records import Document, Entity

MAX_MODIFIERS = 3
MAIN_EVENT = "main event"
WAR_OR_CONFLICT = "war or conflict (unplaced)"
_TOKEN = re.compile(r"\d+(?:[-–]\w+)+|[^\W\d_][\w’'`-]*|\d[\d,.]*|[^\w\s]")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"))
_SINGLE_QUOTE = re.compile(r"(?<![\w])‘[^‘’\n]{2,400}?’(?![\w])")


@dataclass(frozen=True)
class Phrase:
    """A framing phrase found in one text: offsets, lower-cased term, head word and kind."""

    start: int
    end: int
    term: str
    head: str
    category: str
    referent: str


@dataclass(frozen=True)
class _Lexicon:
    heads: dict[str, tuple[str, str]]  # head → (kind, category); kind: event|side|territory
    stop: frozenset[str]
    allow_ing: frozenset[str]
    of_frames: frozenset[str]
    loaded: dict[str, str]
    loaded_pattern: re.Pattern[str] | None


def _loaded_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    parts = [re.escape(t).replace(r"\-", "[- ]?").replace(r"\ ", r"\s+") for t in terms]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _words(data: dict[str, Any], table: str, key: str) -> frozenset[str]:
    return frozenset(word.lower() for word in data.get(table, {}).get(key, []))


def build_lexicon(data: dict[str, Any]) -> _Lexicon:
    """Turn the TOML tables into lookups (also used by tests with a lexicon of their own)."""
    heads: dict[str, tuple[str, str]] = {}
    for kind in ("territory", "side", "event"):
        for head, category in data.get(f"{kind}_heads", {}).items():
            heads[head.lower()] = (kind, category)
    loaded = {term.lower(): category for term, category in data.get("loaded", {}).items()}
    return _Lexicon(
        heads=heads, stop=_words(data, "stop", "words"),
        allow_ing=_words(data, "stop", "allow_ing"),
        of_frames=_words(data, "of_frames", "words"),
        loaded=loaded, loaded_pattern=_loaded_pattern(loaded),
    )


@cache
def default_lexicon() -> _Lexicon:
    return build_lexicon(load_lexicon("framing"))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (“…”, "…", «…», ‘…’), one paragraph at most."""
    spans: list[tuple[int, int]] = []
    for opening, closing in _QUOTES:
        pattern = re.compile(re.escape(opening) + r"[^\n" + re.escape(closing) + r"]{1,1500}?"
                             + re.escape(closing))
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    spans.extend((m.start(), m.end()) for m in _SINGLE_QUOTE.finditer(text))
    return sorted(spans)


def voice_at(spans: list[tuple[int, int]], start: int, end: int) -> str:
    return "quoted" if any(s <= start and end <= e for s, e in spans) else "own"


def _is_modifier(token: str, lexicon: _Lexicon) -> bool:
    """Adjectives and nouns in front of a head; not verbs in -ing, bare counts or possessives."""
    lower = token.lower()
    if lower in lexicon.stop or re.search(r"['’`]s?$", lower) or len(lower) < 2:
        return False
    if lower.endswith("ing") and lower not in lexicon.allow_ing:
        return False
    if lower[0].isdigit():
        return bool(_YEAR.match(lower) or not lower.replace(",", "").replace(".", "").isdigit())
    return bool(re.match(r"[^\W_]", token))


def _modifier_start(tokens: list[re.Match[str]], index: int, lexicon: _Lexicon,
                    text: str) -> int:
    """Index of the first modifier of the head at ``index`` (== index when there is none).

    The walk stops at a line break: a headline's last words do not modify the next line.
    """
    first = index
    while first > 0 and index - first < MAX_MODIFIERS:
        previous = tokens[first - 1]
        if "\n" in text[previous.end():tokens[first].start()]:
            break
        if not _is_modifier(previous.group(), lexicon):
            break
        first -= 1
    return first


def _with_of_frame(tokens: list[re.Match[str]], first: int, lexicon: _Lexicon) -> int:
    """Extend "large-scale aggression" to "act of large-scale aggression"."""
    if first >= 2 and tokens[first - 1].group().lower() == "of":
        if tokens[first - 2].group().lower() in lexicon.of_frames:
            return first - 2
    return first


def _side_referent(words: list[str]) -> str:
    """An armed side is named after its capitalised modifier ("Armenian separatists")."""
    names = [w for w in words[:-1] if w[:1].isupper() and not w.isupper()]
    return f"side: {names[-1]}" if names else "side (unnamed)"


def _event_referent(words: list[str], after: list[str], main_year: int | None,
                    category: str) -> str:
    """Years before the corpus's first publication mark an earlier event; a war or conflict
    with no year is not assumed to be the main event (it is often the previous war)."""
    years = [int(w) for w in words + after if _YEAR.match(w)]
    if years and main_year and min(years) < main_year:
        return f"earlier event ({min(years)})"
    return WAR_OR_CONFLICT if category == "war" else MAIN_EVENT


def _territory_referent(words: list[str]) -> str:
    names = [w for w in words[:-1] if w[:1].isupper()]
    return f"territory: {names[-1]}" if names else "territory"


def _phrase_at(tokens, index: int, lexicon: _Lexicon, main_year: int | None,
               text: str) -> Phrase | None:
    head = tokens[index].group()
    kind, category = lexicon.heads[head.lower()]
    first = _modifier_start(tokens, index, lexicon, text)
    if kind != "event" and first == index:
        return None
    first = _with_of_frame(tokens, first, lexicon) if kind == "event" else first
    words = [t.group() for t in tokens[first:index + 1]]
    if kind == "side":
        referent = _side_referent(words)
    elif kind == "territory":
        referent = _territory_referent(words)
    else:
        after = [t.group() for t in tokens[index + 1:index + 4]]
        referent = _event_referent(words, after, main_year, category)
    term = " ".join(words).lower()
    return Phrase(tokens[first].start(), tokens[index].end(), term, head.lower(), category,
                  referent)


def find_phrases(text: str, lexicon: _Lexicon | None = None,
                 main_year: int | None = None) -> list[Phrase]:
    """Framing phrases in one text, in text order."""
    lexicon = lexicon or default_lexicon()
    tokens = list(_TOKEN.finditer(text))
    phrases = []
    for index, token in enumerate(tokens):
        if token.group().lower() in lexicon.heads:
            phrase = _phrase_at(tokens, index, lexicon, main_year, text)
            if phrase is not None:
                phrases.append(phrase)
    return phrases


def find_loaded(text: str, lexicon: _Lexicon | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, term, category) for every loaded term in the text."""
    lexicon = lexicon or default_lexicon()
    if lexicon.loaded_pattern is None:
        return []
    found = []
    for match in lexicon.loaded_pattern.finditer(text):
        key = _loaded_key(match.group(), lexicon)
        if key:
            found.append((match.start(), match.end(), key, lexicon.loaded[key]))
    return found


def _loaded_key(surface: str, lexicon: _Lexicon) -> str:
    flat = re.sub(r"[\s-]+", "", surface.lower())
    for term in lexicon.loaded:
        if re.sub(r"[\s-]+", "", term) == flat:
            return term
    return ""


def _is_loaded(term: str, lexicon: _Lexicon) -> bool:
    return bool(lexicon.loaded_pattern and lexicon.loaded_pattern.search(term))


def document_terms(document: Document, lexicon: _Lexicon | None = None,
                   main_year: int | None = None) -> list[FramingTerm]:
    """Counted framing terms of one document: phrases, then loaded words outside any phrase."""
    lexicon = lexicon or default_lexicon()
    text = document.text or ""
    quotes = quoted_spans(text)
    counts: Counter = Counter()
    phrases = find_phrases(text, lexicon, main_year)
    for p in phrases:
        voice = voice_at(quotes, p.start, p.end)
        counts[(p.referent, p.term, _is_loaded(p.term, lexicon), p.category, voice)] += 1
    for start, end, term, category in find_loaded(text, lexicon):
        if not any(p.start <= start and end <= p.end for p in phrases):
            counts[("loaded language", term, True, category, voice_at(quotes, start, end))] += 1
    source = document.source or document.id
    return [
        FramingTerm(referent=ref, term=term, source=source, doc=document.id, count=n,
                    loaded=loaded, category=category, voice=voice)
        for (ref, term, loaded, category, voice), n in sorted(counts.items())
    ]


def main_event_year(documents: Iterable[Document]) -> int | None:
    """The earliest publication year: years before it name earlier events."""
    years = [int(d.published[:4]) for d in documents if d.published and d.published[:4].isdigit()]
    return min(years) if years else None


def _place_key(entity: Entity) -> str:
    return entity.canonical_id or entity.canonical


def place_name_choices(documents: Iterable[Document],
                       entities: Iterable[Entity]) -> list[FramingTerm]:
    """Per canonical place written more than one way, which outlet uses which name."""
    by_id = {d.id: d for d in documents}
    groups: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.label in ("place", "country") and _place_key(entity) and entity.evidence:
            groups[_place_key(entity)].append(entity)
    counts: Counter = Counter()
    spans: dict[str, list[tuple[int, int]]] = {}  # per document, not per mention
    for members in groups.values():
        if len({" ".join(e.evidence.lower().split()) for e in members}) < 2:
            continue
        for entity in members:
            document = by_id.get(entity.doc)
            if document and document.text and document.id not in spans:
                spans[document.id] = quoted_spans(document.text)
            voice = voice_at(spans[document.id], entity.start, entity.end) \
                if document and document.text else "own"
            source = (document.source if document else "") or entity.doc
            name = " ".join(entity.evidence.split())
            counts[(entity.canonical or _place_key(entity), name, source, entity.doc, voice)] += 1
    return [
        FramingTerm(referent=ref, term=name, source=source, doc=doc, count=n,
                    category="place name", voice=voice)
        for (ref, name, source, doc, voice), n in sorted(counts.items())
    ]


def place_name_table(terms: Iterable[FramingTerm]) -> dict[str, dict[str, dict[str, int]]]:
    """place → name → outlet → count, from the "place name" rows."""
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for term in terms:
        if term.category == "place name":
            row = table[term.referent][term.term]
            row[term.source] = row.get(term.source, 0) + term.count
    return {place: {name: dict(row) for name, row in names.items()}
            for place, names in table.items()}


def framing_terms(documents: Iterable[Document], entities: Iterable[Entity] = (),
                  lexicon: _Lexicon | None = None) -> list[FramingTerm]:
    """All framing rows for a corpus: terms per document, then place-name choices."""
    documents = list(documents)
    year = main_event_year(documents)
    rows = [t for d in documents for t in document_terms(d, lexicon, year)]
    return rows + place_name_choices(documents, entities)
