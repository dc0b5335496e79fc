"""Claimant noun phrases: what a phrase names (person, organisation, government, side, wire,
document, unnamed).

:class:`ClaimantReader` turns the head of a noun phrase into a :class:`Claimant` with a
canonical name (rules in :mod:`claimledger.pipeline.attribution`), remembering names and
earlier claimants within one document so "he", "it" and "the ministry" link back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import any_word
from claimledger.pipeline.attribution_text import AttributionLexicon, CountryWords
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.syntax import of_object

DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "its", "their",
               "his", "her", "our", "both", "several", "many", "two", "three", "other"}
POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
FIRST_PERSON = {"i", "we", "me", "us"}
GROUP_KINDS = ("organisation", "government", "side", "unnamed", "wire")
BODY_KINDS = ("organisation", "government")
IOB_INSIDE, IOB_BEGIN = 1, 3  # spaCy's ENT_IOB codes ("I", "B"; 2 is "O", 0 unset)
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]{1,2}\.?")
SMALL_WORDS = {"of", "and", "for", "the", "on", "in", "at"}
INDEFINITE = {"a", "an", "another", "one", "some", "several", "two", "three"}
QUANTIFIERS = {"number", "group", "majority", "lot", "handful", "couple", "dozens", "some",
               "many", "most", "several", "few", "scores", "hundreds", "all", "team"}
NOT_AGENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
              "LOC", "EVENT"}
RECENT_REACH = 600  # characters: how far back "he" or "the data" may reach for a claimant
PHRASE_DEPS = {"det", "amod", "compound", "poss", "case", "nummod", "nmod", "appos", "prep",
               "quantmod", "flat", "predet"}


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


@dataclass(frozen=True)
class Cue:
    """One attribution cue: the region it covers, the claimant, and the cue's kind."""

    start: int
    end: int
    claimant: Claimant
    cue: str
    anchor: int  # character offset of the cue word (verb, phrase), for quotation speakers


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
    commas = [t.i for t in tokens if t.text == "," and t.i < head.i]
    if commas:  # "Moldova, Georgia's ministry": a list before the name is not part of it
        tokens = [t for t in tokens if t.i > max(commas)]
    return _trim_punct(_contiguous(tokens, head))


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The unbroken run of token indices around ``head``, never across a line break, nor
    back across page furniture (a date, a bullet, a dateline's dash) before the head."""
    indices = {t.i for t in tokens if not t.is_space and not
               (t.i < head.i and _furniture(t))} | {head.i}
    low = high = head.i
    while low - 1 in indices:
        low -= 1
    while high + 1 in indices:
        high += 1
    return [t for t in tokens if low <= t.i <= high]


def _furniture(token: Token) -> bool:
    """A date or a separator left of a name ("date 2018-08-28 CITY • the governor")."""
    if token.is_punct:
        return token.text not in ("-", "'", "’", ".", "&", ",")
    return any(c.isdigit() for c in token.text) and token.ent_type_ != "ORG"


def _trim_punct(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    return tokens


def _text_of(tokens: list[Token]) -> str:
    """The text from the first token to the last, as ``doc[first:last + 1].text`` gives it,
    sliced from the doc's text (a Span joins a new Token per word)."""
    if not tokens:
        return ""
    first, last = tokens[0], tokens[-1]
    return doc_text(first.doc)[first.idx:last.idx + len(last)]


def _words_without_articles(tokens: list[Token]) -> list[Token]:
    start = 0
    while start < len(tokens) and tokens[start].lower_ in DETERMINERS:
        start += 1
    return tokens[start:]


def _with_name_run(ent: Span) -> list[Token]:
    """A person entity with the capitalised words the model left off its front ("Min" of
    "Min Aung Hlaing")."""
    start = ent.start
    while start > 0 and ent.doc[start - 1].pos_ == "PROPN" and \
            ent.doc[start - 1].dep_ in ("compound", "flat") and \
            ent.doc[start - 1].head.i in range(start, ent.end):
        start -= 1
    return list(ent.doc[start:ent.end])


def titled_name(head: Token) -> list[Token]:
    """ "Doctors Without Borders": a proper name that runs on through a capitalised
    preposition; [] when the head ends its name."""
    for child in head.rights:
        if child.dep_ == "prep" and child.text[:1].isupper():
            run = list(child.subtree)
            if all(t.text[:1].isupper() for t in run):
                return list(head.doc[head.i:run[-1].i + 1])
    return []


def _through_quantifier(head: Token) -> Token:
    """ "a number of diplomats", "some of the officials": the people, not the amount."""
    if head.lemma_.lower() not in QUANTIFIERS:
        return head
    return of_object(head) or head


class ClaimantReader:
    """Turns a claimant noun phrase into a :class:`Claimant`, with doc-level memory.

    It remembers full names (to complete "Mr. Doe"), the side a person speaks for, and the
    claimants seen so far (to link "he", "it" and "the ministry" to them).
    """

    def __init__(self, doc: Doc, lexicon: AttributionLexicon, countries: CountryWords) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.countries = countries
        self.history: list[Claimant] = []  # sorted by start
        self._remembered: set[Claimant] = set()
        self.full_names: dict[str, str] = {}
        self.person_sides: dict[str, str] = {}
        self._phrases: dict[int, tuple[Token, list[Token], list[Token]]] = {}  # by token index
        self._names: dict[int, tuple[Claimant | None, bool]] = {}  # by the phrase head's index
        self._ent_ranges = entity_ranges(doc)  # doc.ents as numbers: it builds every Span
        self._ent_starts = [start for start, _, _ in self._ent_ranges]
        self._ent_spans: dict[int, Span] = {}  # by start: the entities read so far
        self._neutral = any_word(tuple(sorted(lexicon.neutral)))
        self._learn_names()

    # -- names

    def _learn_names(self) -> None:
        person = self.doc.vocab.strings["PERSON"]
        for start, end, label in self._ent_ranges:
            if label != person:
                continue
            words = self._name_words(self.doc[start:end])
            if len(words) >= 2:
                self.full_names.setdefault(words[-1].lower(), " ".join(words))

    def entity_at(self, i: int) -> Span | None:
        """The entity of ``doc.ents`` holding token ``i``, if any (by bisection)."""
        found = bisect_right(self._ent_starts, i) - 1
        if found < 0 or i >= self._ent_ranges[found][1]:
            return None
        start, end, label = self._ent_ranges[found]
        span = self._ent_spans.get(start)
        if span is None:
            span = self._ent_spans[start] = Span(self.doc, start, end, label=label)
        return span

    def _name_words(self, tokens: Iterable[Token]) -> list[str]:
        """A person's name without what stands before it ("Foreign Minister", "Regional
        Military Administration", a country) and without initials when two names remain
        ("AB Jon Doe" → "Jon Doe")."""
        words = [t.text for t in tokens if t.text not in POSSESSIVE_MARKS and not t.is_punct]
        while words and (words[0].lower() in self.lexicon.titles or self._is_country(words[0])):
            words = words[1:]
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if self._describes(w)), default=0)
        words = words[cut:]
        plain = [w for w in words if not INITIALS.fullmatch(w)]
        return plain if len(plain) >= 2 else words

    def name_at_end(self, tokens: list[Token]) -> list[str]:
        """The capitalised words closing a description ("adviser to the mayor of X Jon Doe"
        → Jon Doe), when at least two; a place before them is not part of the name."""
        run: list[Token] = []
        for token in reversed(tokens):
            if token.is_punct or not token.text[:1].isupper() or self._describes(token.text) \
                    or token.ent_type_ in ("GPE", "LOC") or self._is_country(token.text):
                break
            run.insert(0, token)
        if len(run) >= 3 and run[0].i > 0 and self.doc[run[0].i - 1].lower_ in ("of", "in"):
            run = run[1:]  # "the mayor of Tiraspol Jon Doe": the place the role is of
        return [t.text for t in run] if len(run) >= 2 else []

    def _describes(self, word: str) -> bool:
        """A title, role or body word: what a name is preceded by, never part of it."""
        key = word.lower()
        lexicon = self.lexicon
        return key in lexicon.titles or key in lexicon.roles or key in lexicon.org_nouns or \
            key in ("of", "the")

    def _is_country(self, word: str) -> bool:
        return bool(self.countries.country(word)[0])

    def full_name(self, words: list[str]) -> str:
        if len(words) == 1:
            return self.full_names.get(words[0].lower(), words[0])
        return " ".join(words)

    # -- sides

    def side_of(self, tokens: list[Token]) -> str:
        """The country a phrase speaks for: first country word that is not a neutral body."""
        if not tokens:
            return ""
        text = doc_text(tokens[0].doc)
        starts = [t.idx for t in tokens]  # each window is sliced from the text by these
        ends = [start + len(t) for start, t in zip(starts, tokens, strict=True)]
        if self._neutral.search(text[starts[0]:ends[-1]].lower()):
            return ""
        country = self.countries.country
        for size in (3, 2, 1):
            for index in range(len(tokens) - size + 1):
                if size == 1 and not (tokens[index].text[:1].isupper() or tokens[index].lower_
                                      in self.countries.metonyms):
                    continue
                window = text[starts[index]:ends[index + size - 1]]
                found = country(window.rstrip("'’s"))[0] or country(window)[0]
                if found:
                    return found
        return ""

    # -- the decision

    def read(self, head: Token, position: int | None = None) -> Claimant | None:
        """The claimant named by the phrase headed by ``head`` (None when it names nobody)."""
        head, tokens, core = self._phrase(head)
        if not tokens or head.lower_ in ("there", "this", "what", "which", "who", "none"):
            return None
        where = head.idx if position is None else position
        if head.lower_ in FIRST_PERSON:
            return None
        if head.lower_ in self.lexicon.person_pronouns:
            return self._linked(("person",), where) or self.recent(where)
        if head.lower_ in self.lexicon.group_pronouns:
            return self._linked(GROUP_KINDS, where)
        claimant = self._named(head, tokens, core)
        if claimant is not None:
            claimant = self._maybe_link_description(claimant, head, tokens, core, where)
        return claimant

    def _phrase(self, head: Token) -> tuple[Token, list[Token], list[Token]]:
        """The head :meth:`read` takes for ``head``, its phrase and its core, worked out once
        per doc: a subject is read when it is remembered and again for its speech verb."""
        found = self._phrases.get(head.i)
        if found is None:
            named = self._named_apposition(_through_quantifier(head))
            found = self._phrases[head.i] = (named, phrase_tokens(named), core_tokens(named))
        return found

    def _named(self, head: Token, tokens: list[Token], core: list[Token]) -> Claimant | None:
        """Whom the phrase names, links back aside: read from the phrase once per doc (as
        :meth:`_phrase`); only a person's side remembered from elsewhere is applied anew."""
        found = self._names.get(head.i)
        if found is None:
            found = self._names[head.i] = self._name_of(head, tokens, core)
        claimant, person = found
        return self._with_person_side(claimant) if person and claimant is not None else claimant

    def _name_of(self, head: Token, tokens: list[Token], core: list[Token]
                 ) -> tuple[Claimant | None, bool]:
        """:meth:`_describe` of a phrase that can name someone (no pronoun, date, number or
        event), and whether it names a person."""
        if head.pos_ == "PRON" or head.ent_type_ in NOT_AGENTS or self.names_event(core):
            return None, False
        return self._describe(head, tokens, core)

    def _named_apposition(self, head: Token) -> Token:
        """ "the aid group Doctors Without Borders": the name, not the generic noun."""
        if head.lemma_.lower() not in self.lexicon.org_nouns:
            return head
        for child in head.rights:
            if child.dep_ == "appos" and child.text[:1].isupper() and \
                    not self.countries.country(child.text)[0]:
                return child
        return head

    def names_event(self, tokens: Iterable[Token]) -> bool:
        """ "Hurricane Maria", "the April 25 earthquake": events never assert anything."""
        return any(t.lower_ in self.lexicon.event_nouns for t in tokens)

    def _describe(self, head: Token, tokens: list[Token], core: list[Token]
                  ) -> tuple[Claimant | None, bool]:
        """The first builder's claimant, and whether :meth:`_as_person` built it."""
        text = _text_of(tokens)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        base = Claimant("", text, start, end, "")
        bare = _text_of(_words_without_articles(core))
        for builder in (self._as_wire, self._as_country, self._as_sources, self._as_party,
                        self._as_person, self._as_people, self._as_organisation,
                        self._as_description):
            claimant = builder(base, head, tokens, core, bare)
            if claimant is not None:
                return claimant, builder == self._as_person
        return None, False

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
        kind = "government" if how == "metonym" else "side"  # "the Kremlin": a state's office
        return replace(base, name=name, kind=kind, side=country)

    def _as_sources(self, base: Claimant, head: Token, tokens, core, bare: str):
        if head.lemma_.lower() != "source" or head.tag_ != "NNS":
            return None
        owners = [t.text for t in core if t.i != head.i and self.countries.country(t.text)[0]]
        side = self.side_of(tokens)
        name = f"{' '.join(owners)} sources" if owners else bare.lower()
        return replace(base, name=name, kind="unnamed", side=side)

    def _as_party(self, base: Claimant, head: Token, tokens, core, bare: str):
        """ "the Moldovan side", "separatists said": a party to a conflict, named as such;
        a country's side is the country itself."""
        if head.lemma_.lower() not in self.lexicon.parties and \
                head.lower_ not in self.lexicon.parties:
            return None
        side = self.side_of(tokens)
        name = side or " ".join(t.lower_ for t in _words_without_articles(core))
        return replace(base, name=name, kind="side", side=side)

    def _as_person(self, base: Claimant, head: Token, tokens, core, bare: str):
        words = self._person_words(head, tokens)
        if not words:
            return None
        return replace(base, name=self.full_name(words), kind="person", side=self.side_of(tokens))

    def _with_person_side(self, person: Claimant) -> Claimant:
        """A person speaks for the side of their own phrase, else for the one an earlier
        mention of the name gave (the first side found is kept for later mentions)."""
        side = person.side or self.person_sides.get(person.name, "")
        if side:
            self.person_sides.setdefault(person.name, side)
        return person if side == person.side else replace(person, side=side)

    def _person_words(self, head: Token, tokens: list[Token]) -> list[str]:
        """Name words of the person a phrase names, or [] when it names no person."""
        candidates = [head] + [c for c in head.children if c.dep_ in ("appos", "compound")]
        for candidate in candidates + self._holder_of(head):
            ent = self._person_entity(candidate)
            if ent is not None:
                return self._name_words(_with_name_run(ent))
        if head.pos_ != "PROPN" or self._is_country(head.text):
            return []
        if head.lower_ in self.lexicon.org_nouns or head.lower_ in self.lexicon.wires:
            return []
        run = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
        words = self._name_words(run + [head])
        titled = any(t.lower_ in self.lexicon.titles for t in head.lefts)
        known = head.text.lower() in self.full_names
        plain = head.ent_type_ in ("", "PERSON") and not head.text.isupper()  # "DPR"
        after_body = 2 <= len(words) <= len(run) and not any(  # "X Republic Jon Doe"
            t.ent_type_ in ("GPE", "LOC") for t in run[len(run) + 1 - len(words):])
        if words and (titled or known or plain or after_body):
            return words
        return []

    def _holder_of(self, head: Token) -> list[Token]:
        """ "Head of the Regional Administration Jon Doe": the name that closes a role's "of"
        phrase right after the body or country it heads is the role holder."""
        if head.lemma_.lower() not in self.lexicon.roles and head.lower_ not in self.lexicon.titles:
            return []
        found = []
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            run = list(prep.subtree)
            names = [t for t in run if t.ent_type_ == "PERSON"]
            if not names or names[-1].i != run[-1].i:
                continue
            before = self.doc[min(t.i for t in names) - 1]
            if before.lower_ in self.lexicon.org_nouns or self._is_country(before.text) or \
                    before.ent_type_ == "GPE":
                found.append(names[-1])
        return found

    def _person_entity(self, token: Token) -> Span | None:
        ent = self.entity_at(token.i) if token.ent_type_ == "PERSON" else None
        if ent is None:
            return None
        words = self._name_words(list(ent))
        return ent if words and not self._is_country(words[-1]) else None

    def _as_people(self, base: Claimant, head: Token, tokens, core, bare: str):
        """ "ethnic Armenians in Y accused ...": a group named by its demonym."""
        country, how = self.countries.country(head.text)
        if how != "demonym" or head.tag_ not in ("NNS", "NNPS"):
            return None
        name = " ".join(t.text if t.pos_ == "PROPN" or t.i == head.i else t.lower_
                        for t in _words_without_articles(core))
        return replace(base, name=name, kind="unnamed", side=country)

    def _as_organisation(self, base: Claimant, head: Token, tokens, core, bare: str):
        titled = titled_name(head) if head.text[:1].isupper() else []
        if titled:
            return replace(base, name=_text_of(titled), kind=self.body_kind(titled, ""))
        is_org = head.lower_ in self.lexicon.org_nouns or head.lemma_.lower() in \
            self.lexicon.org_nouns or head.ent_type_ == "ORG"
        if not is_org:
            return None
        side = self.side_of(tokens)
        named = self._entity_tokens(head, "ORG")
        if side:
            name = self.state_body_name(named or core, side)
        else:
            name = _text_of(named) or self._organisation_name(core)
        return replace(base, name=name, kind=self.body_kind(core, side), side=side)

    def body_kind(self, core: list[Token], side: str) -> str:
        """ "government" for a state's own body (a ministry, an army, "the Moldovan security
        council", "the government's committee"), else "organisation"; neutral bodies
        ("UN peacekeeping forces") are never a government."""
        text = _text_of(core).lower()
        if self._neutral.search(text):
            return "organisation"
        words = {t.lemma_.lower() for t in core} | {t.lower_ for t in core}
        words |= {" ".join(p) for p in zip(text.split(), text.split()[1:], strict=False)}
        if words & self.lexicon.state_bodies:
            return "government"
        if side and core and core[-1].lemma_.lower() in self.lexicon.public_bodies:
            return "government"
        return "organisation"

    def _entity_tokens(self, head: Token, label: str) -> list[Token]:
        """ "Doctors Without Borders" whole: a named entity that runs on past the head word
        (the parser hangs "Without Borders" on "Doctors"); else [] and the owner rule."""
        ent = self.entity_at(head.i)
        if ent is None or ent.label_ != label or head.i >= ent.end - 1:
            return []
        inside = {t.i for t in head.subtree}  # not "Prosecutors Say Death Toll"
        end = next((t.i for t in ent if t.i > head.i and t.i not in inside), ent.end)
        return [t for t in self.doc[ent.start:end] if t.lower_ not in DETERMINERS]

    def _organisation_name(self, core: list[Token]) -> str:
        """A body no state owns: the phrase without its article."""
        return _text_of(_words_without_articles(core))

    def state_body_name(self, words: list[Token], side: str) -> str:
        """One name for a state's body however it is written: "Moldova's health ministry",
        "the Moldovan Health Ministry" and "the Ministry of Health of Moldova" are all
        "Health Ministry of Moldova" (spellings folded, "Ministry of X" read "X Ministry")."""
        body = [self.lexicon.spelling.get(t.lower_, t.lower_) if not t.text.isupper() or
                len(t.text) < 2 else t.text for t in _words_without_articles(words)
                if not self._owner_word(t, side)]
        while body and body[-1] in ("of", "in", "for"):
            body = body[:-1]
        body = [w for i, w in enumerate(body) if i == 0 or w != body[i - 1]]  # "police police"
        if len(body) > 2 and body[0] in self.lexicon.of_forms and body[1] == "of":
            body = body[2:] + body[:1]
        if not body:
            return side
        title = " ".join(w if w in SMALL_WORDS or not w.islower() else w.capitalize()
                         for w in body)
        return f"{title} of {side}"

    def _owner_word(self, token: Token, side: str) -> bool:
        if token.text in POSSESSIVE_MARKS:
            return True
        word = re.sub(r"['’]s?$", "", token.text)
        return bool(side) and self.countries.country(word)[0] == side

    def _as_description(self, base: Claimant, head: Token, tokens, core, bare: str):
        """An unnamed claimant ("a separatist official", "officials", "a statement"): the
        phrase itself, when its head names a speaker or a document; bare common nouns
        ("information", "the date", "the region") name nobody."""
        kind = self._description_kind(head, core)
        if not kind:
            return None
        name = "".join((t.text if t.pos_ == "PROPN" else t.lower_) + t.whitespace_
                       for t in _words_without_articles(core)).strip()
        return replace(base, name=name, kind=kind, side=self.side_of(tokens))

    def _description_kind(self, head: Token, core: list[Token]) -> str:
        lemma, plural = head.lemma_.lower(), head.tag_ in ("NNS", "NNPS")
        if lemma in self.lexicon.roles or head.lower_ in self.lexicon.roles:
            unnamed = plural or bool(core) and core[0].lower_ in INDEFINITE
            return "unnamed" if unnamed else "person"  # "a senior official": anonymous
        if lemma in self.lexicon.documents or head.lower_ in self.lexicon.documents:
            return "document"
        if head.ent_type_ == "NORP":
            return "unnamed"  # "Rohingya", "Palestinians": a people, not a body
        if head.pos_ == "PROPN" or any(t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "ORG")
                                       for t in core if t.i != head.i):
            return "unnamed" if plural else "organisation"  # "the US intelligence community"
        return ""

    # -- links

    def _maybe_link_description(self, claimant: Claimant, head: Token, tokens, core,
                                where: int):
        """ "the ministry said" → the last claimant whose phrase has the same head noun;
        "the organization said" → the last organisation."""
        definite = core and core[0].lower_ in ("the", "this", "that", "these")
        if not definite or any(t.pos_ == "PROPN" for t in core):
            return claimant
        if len(tokens) > len(core):  # "the leadership of Y" is not a back-link
            return claimant
        if claimant.kind not in ("organisation", "government", "person", "unnamed", "document"):
            return claimant
        noun = head.lower_
        for earlier in reversed(self.history):
            if earlier.start >= where or noun not in earlier.text.lower():
                continue
            if claimant.side and earlier.side and claimant.side != earlier.side:
                continue
            return earlier
        if head.lemma_.lower() in self.lexicon.anaphors or noun in self.lexicon.anaphors:
            return self._linked(BODY_KINDS, where) or claimant
        return claimant

    def _linked(self, kinds: tuple[str, ...], where: int) -> Claimant | None:
        for earlier in reversed(self.history):
            if earlier.kind in kinds and earlier.start < where:
                return earlier
        return None

    def recent(self, where: int, reach: int = RECENT_REACH) -> Claimant | None:
        """The last claimant named shortly before ``where`` ("he noted" after a council spoke,
        "the latest data says" after a ministry): what a translated or terse text refers to."""
        for earlier in reversed(self.history):
            if earlier.start < where:
                return earlier if where - earlier.end <= reach else None
        return None

    # -- owners of source nouns ("the ministry's tally", "data provided by X")

    def owner_of(self, noun: Token) -> Claimant | None:
        """Who a source noun ("toll", "data", "statement") belongs to, or None."""
        for finder in (self._possessor, self._preposition_owner, self._agent_owner,
                       self._modifier_owner):
            owner = finder(noun)
            if owner is not None:
                return owner
        if self.is_document(noun):
            return self._owner_in_phrase(noun)
        return None

    def is_document(self, noun: Token) -> bool:
        return noun.lemma_.lower() in self.lexicon.documents or \
            noun.lower_ in self.lexicon.documents

    def is_mute(self, noun: Token) -> bool:
        """A source noun that never speaks itself ("the toll", "data"): only its owner does."""
        return noun.lemma_.lower() in self.lexicon.mute_nouns or \
            noun.lower_ in self.lexicon.mute_nouns

    def is_source_noun(self, noun: Token) -> bool:
        return noun.lemma_.lower() in self.lexicon.source_nouns or \
            noun.lower_ in self.lexicon.source_nouns

    def _possessor(self, noun: Token) -> Claimant | None:
        """ "the ministry's tally"; "its toll" → the last group named, "his count" → person."""
        for child in noun.children:
            if child.dep_ != "poss":
                continue
            if child.lower_ in ("its", "their"):
                return self._linked(GROUP_KINDS, child.idx)
            if child.lower_ in ("his", "her"):
                return self._linked(("person",), child.idx)
            return self._read_agent(child)
        return None

    def _preposition_owner(self, noun: Token) -> Claimant | None:
        """ "a statement from the Kremlin", "a count by the UN", "the report of the
        commission"; never "the toll from the earthquake", "the toll of 500", "an estimate of
        how many Rohingya died"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and (child.lower_ != "of" or self._agent_like(objects[0])):
                    return self._read_agent(objects[0])
        return None

    def _agent_owner(self, noun: Token) -> Claimant | None:
        """ "data provided by the ministry", "the estimate was made by researchers"; not
        "a document seen by AFP" (seeing a figure is not giving it)."""
        verbs = [c for c in noun.children if c.dep_ == "acl"]
        if noun.dep_ == "nsubjpass":
            verbs.append(noun.head)
        for verb in verbs:
            if verb.lemma_.lower() not in self.lexicon.owner_verbs:
                continue
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                objects = [c for c in agent.children if c.dep_ == "pobj"]
                if objects:
                    return self._read_agent(objects[0])
        return None

    def _modifier_owner(self, noun: Token) -> Claimant | None:
        """ "the Azerbaijani tally", "the Hamas toll": a name right before the noun (only words
        such as "death" between); "Gaza hospital death toll" names no owner."""
        for child in noun.lefts:
            if child.dep_ not in ("amod", "compound", "nmod") or \
                    child.lower_ in self.lexicon.owner_gap:
                continue
            between = self.doc[child.i + 1:noun.i]
            if any(t.lower_ not in self.lexicon.owner_gap for t in between):
                continue
            country, _ = self.countries.country(child.text)
            if country:
                return Claimant(country, child.text, child.idx, child.idx + len(child),
                                "side", country)
            if child.pos_ == "PROPN":
                return self._read_agent(child)
        return None

    def _owner_in_phrase(self, noun: Token) -> Claimant | None:
        """ "a statement posted on the page of X's office": the body or person named where a
        document was given out; a body or a name before a bare role ("commander-in-chief")."""
        given = [c for c in noun.children
                 if c.dep_ == "acl" and c.lemma_.lower() in self.lexicon.owner_verbs]
        candidates = [t for verb in given for t in verb.subtree
                      if t.dep_ in ("pobj", "poss") and self._agent_like(t)
                      and t.ent_type_ != "GPE"]
        candidates.sort(key=lambda t: t.lemma_.lower() in self.lexicon.roles and
                        t.ent_type_ != "PERSON")
        for token in candidates:
            owner = self._read_agent(token)
            if owner is not None:
                return owner
        return None

    def _agent_like(self, token: Token) -> bool:
        """A body, an office holder or a named person or organisation: who can own a figure."""
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.org_nouns or lemma in self.lexicon.roles or \
                token.lower_ in self.lexicon.org_nouns or token.lower_ in self.lexicon.wires:
            return True
        return token.ent_type_ in ("PERSON", "ORG", "GPE") and token.pos_ == "PROPN"

    def _read_agent(self, token: Token) -> Claimant | None:
        """A possible owner read as a claimant; events, places of events and numbers are none."""
        if token.pos_ == "NUM" or token.like_num:
            return None
        claimant = self.read(token)
        return claimant if claimant is not None and claimant.kind != "document" else None

    def remember(self, claimant: Claimant) -> None:
        if claimant not in self._remembered:  # a set: the history grows with the article
            self._remembered.add(claimant)
            # where a stable sort by start would put it: after every claimant starting no later
            self.history.insert(bisect_right(self.history, claimant.start, key=_start), claimant)


def _start(claimant: Claimant) -> int:
    return claimant.start


def entity_ranges(doc: Doc) -> list[tuple[int, int, int]]:
    """(start, end, label id) of each entity of ``doc.ents``, in order, read from the
    entity columns as ``doc.ents`` reads them (an entity opens at a labelled "B" and goes
    on through "I"), without building a Span for each: most are never asked for."""
    if not len(doc):
        return []
    columns = doc.to_array([ENT_IOB, ENT_TYPE])
    iob, label = columns[:, 0], columns[:, 1]
    starts = numpy.flatnonzero((iob == IOB_BEGIN) & (label != 0))
    stops = numpy.append(numpy.flatnonzero(iob != IOB_INSIDE), len(doc))  # where none goes on
    ends = stops[numpy.searchsorted(stops, starts, side="right")]
    return list(zip(starts.tolist(), ends.tolist(), label[starts].tolist(), strict=True))
