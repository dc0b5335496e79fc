"""The quantities component: which numbers are claims, of what measure, about whom, by whom.

Numbers are found in the text (``claimledger.numbers``); the dependency parse then says what
each one counts: a predicate right after it ("200 killed"), the verb that governs its noun
phrase ("204 soldiers were killed", "seized 1,713 vehicles"), or a measure noun ("a population
of 150,000", "120,000 inhabitants"). Word lists live in ``data/measures.toml``.
Version: claimledger_quantities v1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import load_lexicon
from claimledger.numbers import DurationMention, NumberMention, find_durations, find_numbers
from claimledger.pipeline.attribution import claimant_at
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.figure_dates import figure_time
from claimledger.pipeline.sides import SideLookup

_CLIMB_DEPS = {"conj", "appos", "compound", "amod", "nummod", "quantmod", "npadvmod", "nmod"}


@dataclass
class _Reading:
    """What the parse says a number counts."""

    measure: str
    counted: Token | None  # the noun counted ("soldiers"), if any
    cue: Token | None  # the word that gave the measure


@cache
def _lex() -> dict:
    return load_lexicon("measures")


@cache
def _inverted(table: str) -> dict[str, str]:
    """lemma → measure for one table of measures.toml (first measure listed wins)."""
    inverted: dict[str, str] = {}
    for measure, words in _lex()[table].items():
        for word in words:
            inverted.setdefault(word, measure)
    return inverted


def _in_list(token: Token | None, table: str, key: str = "lemmas") -> bool:
    return token is not None and token.lemma_.lower() in _lex()[table][key]


def _is_equipment(token: Token | None) -> bool:
    return _in_list(token, "equipment") or (
        token is not None and token.lower_.rstrip("s") in _lex()["equipment"]["lemmas"]
    )


def _is_person(token: Token | None) -> bool:
    if token is None:
        return False
    return _in_list(token, "people") or token.lower_ in _lex()["people"]["lemmas"] or (
        token.ent_type_ == "NORP"
    )


def _climb(token: Token) -> Token:
    """Up from a number or counted noun to the head of its phrase (through conjunctions)."""
    node = token
    for _ in range(6):
        if node.dep_ in _CLIMB_DEPS and node.head is not node:
            node = node.head
        else:
            break
    return node


def _counted_noun(anchor: Token, span: Span) -> Token | None:
    """The noun a number counts: "204 soldiers", "hundreds of thousands of people"."""
    head = anchor.head
    if anchor.dep_ in ("nummod", "quantmod", "compound", "amod", "advmod") and head.pos_ in (
        "NOUN", "PROPN"
    ) and head.i >= span.end and not any(t.is_punct for t in anchor.doc[span.end:head.i]):
        return head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children
                       if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects[0]
    return None


def _predicate_after(doc: Doc, index: int) -> _Reading | None:
    """"200 killed", "30,000 dead", "162 civilian dead": a predicate word right after the count."""
    limit = index + 3
    while index < min(limit, len(doc) - 1) and doc[index].pos_ in ("ADJ", "PROPN", "NOUN") and (
            doc[index].lower_ not in _inverted("predicates")):
        index += 1
    if index >= len(doc):
        return None
    token = doc[index]
    if any(child.dep_ == "dobj" for child in token.children):
        return None  # "five gunmen killed three guards": a verb with its own object
    measure = _inverted("predicates").get(token.lower_)
    if measure and not (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("by", "that")
                        and measure == "killed"):
        return _Reading(measure, None, token)
    return None


def _leaves_place(verb: Token, sentence_tail: str) -> bool:
    phrases = _lex()["displacement_context"]["phrases"]
    if any(p in sentence_tail for p in phrases):
        return True
    for child in verb.children:
        if child.dep_ == "dobj" and (child.ent_type_ in ("GPE", "LOC") or child.lemma_ in (
                "region", "country", "area", "city", "home", "enclave", "territory", "town",
                "village")):
            return True
        if child.dep_ == "prep" and child.lower_ in ("for", "to", "into", "from", "across"):
            return True
    return False


def _verb_particle(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {particles[0]}" if particles else verb.lemma_.lower()


def _measure_of_verb(verb: Token, node: Token, counted: Token | None, tail: str) -> str | None:
    lemma = _verb_particle(verb)
    if verb.lemma_.lower() == "return" and any(c.dep_ == "neg" for c in verb.children):
        return "displaced"  # "20,000 villagers still cannot return"
    if node.dep_ == "nsubj" and verb.lemma_.lower() not in _lex()["intransitive"]["lemmas"]:
        return None  # "five gunmen killed three": the five did the killing
    measure = _inverted("verbs").get(lemma) or _inverted("verbs").get(verb.lemma_.lower())
    if measure is None:
        return None
    if verb.lemma_.lower() in _lex()["verbs_needing_context"]["displaced"]:
        return "displaced" if _leaves_place(verb, tail) else None
    if verb.lemma_.lower() in ("lose",):
        return "destroyed" if _is_equipment(counted) else "killed"
    if measure in ("captured", "seized") and verb.lemma_.lower() in ("capture", "take", "surrender",
                                                                    "hand", "hold"):
        if _is_equipment(counted):
            return "seized"
        return "captured" if _is_person(counted) or counted is None else None
    return measure


def _level_noun_measure(verb: Token) -> _Reading | None:
    """"the death toll rose to 213", "casualties stand at 40": the subject names the measure."""
    if verb.lemma_.lower() not in _lex()["level_verbs"]["lemmas"]:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            measure = _noun_measure(child) or _noun_measure(_of_object(child))
            if measure and measure not in ("personnel", "population"):
                return _Reading(measure, None, child)
    return None


def _noun_measure(noun: Token | None) -> str | None:
    if noun is None:
        return None
    table = _inverted("nouns")
    measure = table.get(noun.lemma_.lower()) or table.get(noun.lower_)
    if measure == "killed" and noun.lemma_.lower() == "life":
        return "killed" if noun.head.lemma_.lower() in ("claim", "take", "cost", "lose") else None
    return measure


def _of_object(noun: Token) -> Token | None:
    """"the number of dead": the noun after "of"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _governing_noun(node: Token) -> Token | None:
    """For "a population of 150,000" the number hangs under "of" under "population"."""
    noun_head = node.head.head.pos_ in ("NOUN", "PROPN")
    if node.dep_ == "pobj" and node.head.dep_ == "prep" and noun_head:
        return node.head.head
    return None


def _list_predicate(counted: Token | None) -> _Reading | None:
    """"170 servicemen, 14 police officers and 228 civilians killed": one predicate for a list."""
    if counted is None:
        return None
    first = counted
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    members = [first] + [t for t in first.subtree if t.dep_ == "conj" and t.pos_ == "NOUN"]
    for member in members:
        for child in member.children:
            if child.dep_ in ("acl", "amod") and child.i > counted.i:
                measure = _inverted("predicates").get(child.lower_)
                if measure:
                    return _Reading(measure, counted, child)
    return None


def _among_measure(counted: Token | None) -> _Reading | None:
    """"228 civilians among its dead": the group the counted people belong to names the measure."""
    if counted is None:
        return None
    for token in (counted, counted.head):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "among":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                measure = _noun_measure(objects[0]) if objects else None
                if measure and measure not in ("personnel", "population"):
                    return _Reading(measure, counted, objects[0])
    return None


def _noun_before_of(doc: Doc, first: int) -> Token | None:
    """"a population of nearly 150,000, …": read the words, since the parse may go astray."""
    index = first - 1
    while index > 0 and doc[index].dep_ in ("advmod", "quantmod") and doc[index].lower_ != "of":
        index -= 1
    if index > 0 and doc[index].lower_ == "of" and doc[index - 1].pos_ in ("NOUN", "PROPN"):
        return doc[index - 1]
    return None


def _reading_from_parse(anchor: Token, span: Span, counted: Token | None) -> _Reading | None:
    doc = anchor.doc
    tail = doc_text(doc)[span.end_char:anchor.sent.end_char].lower()
    after = _predicate_after(doc, (counted.i + 1) if counted is not None and counted.i >= span.end
                             else span.end) or _list_predicate(counted)
    if after:
        return _Reading(after.measure, counted, after.cue)
    if re.match(r"\s*-?\s*strong\b", doc_text(doc)[span.end_char:span.end_char + 10]):
        strong = next((t for t in doc[span.end:span.end + 3] if t.lower_ == "strong"), None)
        noun = strong.head if strong is not None and strong.head.pos_ in ("NOUN", "PROPN") else None
        return _Reading("personnel", noun or counted, strong)
    below = counted is not None and counted.i > anchor.i and counted.head.head == anchor
    node = _climb(anchor if counted is None or below else counted)
    among = _among_measure(counted)
    if among:
        return among
    governor = _governing_noun(node) or _noun_before_of(doc, span.start)
    if governor is not None and _in_list(governor, "partitives"):
        measure = _noun_measure(counted)
        if measure:
            return _Reading(measure, counted, counted)
        node = _climb(governor)
    elif governor is not None:
        measure = _noun_measure(governor)
        if measure:
            return _Reading(measure, counted, governor)
    verb = node.head if node.head.pos_ in ("VERB", "AUX") else None
    if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent") and node.head.head.pos_ in (
            "VERB", "AUX"):
        verb = node.head.head
    if verb is not None:
        for child in verb.children:
            if child.dep_ in ("oprd", "acomp", "xcomp") and child.lower_ in _inverted("predicates"):
                return _Reading(_inverted("predicates")[child.lower_], counted, child)
        level = _level_noun_measure(verb)
        if level:
            return _Reading(level.measure, counted, level.cue)
        measure = _measure_of_verb(verb, node, counted, tail)
        if measure:
            return _Reading(measure, counted, verb)
    measure = _noun_measure(counted)
    if measure == "personnel" and verb is not None and (
            verb.lemma_.lower() not in _lex()["personnel_verbs"]["lemmas"]):
        return None  # "Georgia lists 170 servicemen": a count of soldiers, but of what?
    if measure:
        return _Reading(measure, counted, counted)
    return None


def _plausible(reading: _Reading) -> bool:
    """Equipment is destroyed or seized; people are killed, wounded, displaced …"""
    counted = reading.counted
    if reading.measure in ("destroyed", "seized"):
        return _is_equipment(counted)
    if reading.measure in ("killed", "wounded", "missing", "captured", "displaced", "population"):
        return not _is_equipment(counted)
    return True


class QuantityExtractor:
    """Writes ``doc._.cl_quantities`` (see pipeline/extensions.py)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.sides = SideLookup()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = [q for m in find_numbers(text) if (q := self._number_claim(doc, m))]
        found += [q for m in find_durations(text) if (q := self._duration_claim(doc, m))]
        doc._.cl_quantities = sorted(found, key=lambda q: q["start"])
        return doc

    def _number_claim(self, doc: Doc, mention: NumberMention) -> dict | None:
        span = doc.char_span(mention.number_start, mention.number_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        anchor = span.root
        counted = _counted_noun(anchor, span)
        if mention.year_like and not (_is_person(counted) or _noun_measure(counted)):
            return None
        reading = _reading_from_parse(anchor, span, counted)
        if reading is None or not _plausible(reading):
            return None
        return self._claim(doc, mention, span, reading)

    def _claim(self, doc: Doc, mention: NumberMention, span: Span, reading: _Reading) -> dict:
        sentence = span.root.sent
        claimant = self._claimant(doc, mention.number_start)
        subject = self.sides.subject(doc, sentence, span, reading.counted, reading.cue, claimant,
                                     reading.measure)
        start, end = _evidence_bounds(span, reading, subject.get("_tokens", ()), mention)
        return {
            "start": start, "end": end, "measure": reading.measure, "value": mention.value,
            "low": mention.low, "high": mention.high, "qualifier": mention.qualifier,
            "vague": mention.vague, "number_text": mention.text,
            "subject": subject["subject"], "subject_text": subject["subject_text"],
            "subject_side": subject["side"], "subject_role": subject["role"],
            **{k: v for k, v in claimant.items()},
            "location": _location(doc, sentence, mention.number_start),
            **figure_time(doc, sentence, mention.number_start),
        }

    def _duration_claim(self, doc: Doc, mention: DurationMention) -> dict | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        head = _duration_head(span, mention)
        if head is False:
            return None
        role = _duration_role(head)
        claimant = self._claimant(doc, mention.start)
        start = min(span.start_char, head.idx) if head is not None else span.start_char
        end = max(span.end_char, head.idx + len(head)) if head is not None else span.end_char
        return {
            "start": start, "end": end, "measure": "other:duration",
            "value": round(mention.hours, 4),
            "low": None, "high": mention.hours if mention.qualifier == "at_most" else None,
            "qualifier": mention.qualifier, "vague": False, "number_text": mention.text,
            "subject": role, "subject_text": head.text if head is not None else "",
            "subject_side": "", "subject_role": role, **claimant,
            "location": _location(doc, span.sent), **figure_time(doc, span.sent, mention.start),
        }

    def _claimant(self, doc: Doc, position: int) -> dict:
        return claimant_at(doc, position)


def _evidence_bounds(span: Span, reading: _Reading, extra: tuple[Token, ...],
                     mention: NumberMention) -> tuple[int, int]:
    """The smallest phrase holding the number, what it counts and the word giving the measure."""
    near = range(span.start - 6, span.end + 6)
    tokens = [t for t in (reading.counted, reading.cue, *extra) if t is not None]
    tokens = [t for t in tokens if t.sent == span.root.sent and t.i in near]
    start = min([mention.start] + [t.idx for t in tokens])
    end = max([mention.end] + [t.idx + len(t) for t in tokens])
    return start, end


def _duration_head(span: Span, mention: DurationMention) -> Token | None | bool:
    """What lasted, or False when the duration is not the length of an event."""
    doc = span.doc
    heads = {w for words in _lex()["duration_heads"].values() for w in words}
    if mention.hyphenated:
        for token in doc[span.end:span.end + 3]:
            if token.lemma_.lower() in heads or token.lower_ in heads:
                return token
        return False
    before = doc[max(span.sent.start, span.start - 3):span.start]
    if any(t.lemma_.lower() in ("last", "take") for t in before):
        verb = next(t for t in before if t.lemma_.lower() in ("last", "take"))
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0] if subjects else None
    if mention.qualifier == "at_most" and mention.text.lower().startswith("within"):
        subjects = [t for t in span.sent if t.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0] if subjects else None
    first = span.sent[0]
    if first.lower_ == "in" and span.start == first.i + 1:
        return None
    return False


def _duration_role(head: Token | None) -> str:
    if head is None or head.pos_ == "PRON":
        return "event"
    lemma = head.lemma_.lower()
    return "event" if lemma in _lex()["duration_heads"]["event"] else lemma


def _location(doc: Doc, sentence: Span, position: int | None = None) -> str | None:
    """The place nearest before the figure in its sentence ("in Karabakh … some 150,000"),
    else the first one after it."""
    places = [e for e in doc._.cl_entities or []
              if sentence.start_char <= e["start"] < sentence.end_char
              and e["label"] in ("place", "country")]
    before = [e for e in places if position is None or e["start"] < position]
    chosen = before[-1] if before else (places[0] if places else None)
    return chosen["canonical"] if chosen else None
