"""The quantities component: which numbers are claims, of what measure, about whom, by whom.

Numbers are found in the text (``claimledger.numbers``); the dependency parse then says what
each one counts: a predicate right after it ("200 killed"), the verb that governs its noun
phrase ("204 soldiers were killed", "seized 1,713 vehicles"), or a measure noun ("a population
of 150,000", "120,000 inhabitants"). Word lists live in ``data/measures.toml``.
Version: claimledger_quantities v1.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.numbers import DurationMention, NumberMention, find_durations, find_numbers
from claimledger.pipeline.attribution import claimant_at
from claimledger.pipeline.extensions import cached, doc_places, doc_text
from claimledger.pipeline.figure_dates import figure_time
from claimledger.pipeline.quantity_readings import (
    PREVIOUS,
    STARTING,
    Reading,
    adds_to_total,
    counted_noun,
    inherited_reading,
    is_person,
    lexicon,
    noun_measure,
    of_group_reading,
    plausible,
    previous_measure,
    reading_from_parse,
    starts_change,
)
from claimledger.pipeline.sides import SideLookup
from claimledger.pipeline.syntax import indexed_tokens, sentence_of


def number_mentions(doc: Doc) -> list[NumberMention]:
    """The count-like numbers of the doc's text, found once per doc (the reading screen
    looks for them before the model runs, this component reads them after)."""
    return cached(doc, "claimledger.numbers", find_numbers)


def duration_mentions(doc: Doc) -> list[DurationMention]:
    """The durations of the doc's text ("for three days"), found once per doc."""
    return cached(doc, "claimledger.durations", find_durations)


class QuantityExtractor:
    """Writes ``doc._.cl_quantities`` (see pipeline/extensions.py)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.sides = SideLookup()

    def __call__(self, doc: Doc) -> Doc:
        found: list[dict] = []
        earlier: list[tuple[Token, Reading]] = []  # figures read so far, for breakdowns
        self.sides.read(doc)
        try:
            for mention in number_mentions(doc):
                found += self._number_claims(doc, mention, earlier, found)
            found += [q for m in duration_mentions(doc) if (q := self._duration_claim(doc, m))]
        finally:
            self.sides.read(None)  # keeps no doc alive
        doc._.cl_quantities = sorted(found, key=lambda q: q["start"])
        return doc

    def _number_claims(self, doc: Doc, mention: NumberMention,
                       earlier: list[tuple[Token, Reading]], found: list[dict]) -> list[dict]:
        span = doc.char_span(mention.number_start, mention.number_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return []
        anchor = span.root
        counted = counted_noun(anchor, span) or next(  # "dozens if not hundreds of deaths"
            (c for t in span if t.i != anchor.i and (c := counted_noun(t, span))), None)
        if mention.year_like and not (is_person(counted) or noun_measure(counted)):
            return []
        sentence = sentence_of(doc, indexed_tokens(doc), anchor.i)
        readings = reading_from_parse(anchor, span, counted)
        if not readings:
            reading = of_group_reading(anchor, counted) or inherited_reading(
                anchor, span, counted, earlier)
            readings = [reading] if reading else []
        claims = []
        for reading in readings:
            refers_back = reading.measure in (PREVIOUS, STARTING)
            starting = reading.measure == STARTING
            if refers_back:
                measure = previous_measure(anchor, earlier,
                                           sentences=0 if reading.measure == STARTING else 2)
                if measure is None:
                    continue
                reading = Reading(measure, reading.counted, reading.cue)
            if plausible(reading):
                claim = self._claim(doc, mention, span, sentence, reading, starting)
                before = claims or found
                if refers_back and reading.counted is None and before and (
                        before[-1]["start"] >= sentence.start_char):
                    claim.update(_group_of(before[-1]))  # "down from the 1,000": same group
                earlier.append((anchor, reading))
                claims.append(claim)
        return claims

    def _claim(self, doc: Doc, mention: NumberMention, span: Span, sentence: Span,
               reading: Reading, starting: bool = False) -> dict:
        """The claim of one reading of a figure (``sentence``: the one its root is in)."""
        claimant = self._claimant(doc, mention.number_start)
        subject = self.sides.subject(doc, sentence, span, reading.counted, reading.cue, claimant,
                                     reading.measure)
        start, end = _evidence_bounds(span, sentence, reading, subject.get("_tokens", ()),
                                      mention)
        return {
            "start": start, "end": end, "measure": reading.measure, "value": mention.value,
            "low": mention.low, "high": mention.high, "qualifier": mention.qualifier,
            "vague": mention.vague, "number_text": mention.text,
            "subject": subject["subject"], "subject_text": subject["subject_text"],
            "subject_side": subject["side"], "subject_role": subject["role"],
            **{k: v for k, v in claimant.items()},
            "location": _location(doc, sentence, mention.number_start),
            **figure_time(doc, sentence, mention.number_start),
            "increment": adds_to_total(span.root),
            "starting": starting or starts_change(doc_text(doc), mention),
        }

    def _duration_claim(self, doc: Doc, mention: DurationMention) -> dict | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        sentence = sentence_of(doc, indexed_tokens(doc), span.start)
        head = _duration_head(span, sentence, mention)
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
            "location": _location(doc, sentence), **figure_time(doc, sentence, mention.start),
        }

    def _claimant(self, doc: Doc, position: int) -> dict:
        return claimant_at(doc, position)


_GROUP_FIELDS = ("subject", "subject_text", "subject_side", "subject_role")


def _group_of(claim: dict) -> dict:
    """The victim group of a claim, for a figure that refers back to it without a noun in the
    same sentence ("down from the 1,000", "…, putting the figure at 500"). A bare "the
    government's estimate is 400" in a sentence of its own takes the measure of the figure
    before, not its group: a toll naming no group is the overall toll (docs/subjects.md)."""
    return {name: claim[name] for name in _GROUP_FIELDS}


def _evidence_bounds(span: Span, sentence: Span, reading: Reading, extra: tuple[Token, ...],
                     mention: NumberMention) -> tuple[int, int]:
    """The smallest phrase holding the number, what it counts and the word giving the measure
    (in the number's ``sentence``)."""
    near = range(max(span.start - 6, sentence.start), min(span.end + 6, sentence.end))
    tokens = [t for t in (reading.counted, reading.cue, *extra) if t is not None and t.i in near]
    start = min([mention.start] + [t.idx for t in tokens])
    end = max([mention.end] + [t.idx + len(t) for t in tokens])
    return start, end


def _duration_head(span: Span, sentence: Span, mention: DurationMention
                   ) -> Token | None | bool:
    """What lasted, or False when the duration is not the length of an event (``sentence``:
    the one the duration starts in)."""
    doc = span.doc
    heads = {w for words in lexicon()["duration_heads"].values() for w in words}
    if mention.hyphenated:
        for token in doc[span.end:span.end + 3]:
            if token.lemma_.lower() in heads or token.lower_ in heads:
                return token
        return False
    before = doc[max(sentence.start, span.start - 3):span.start]
    if any(t.lemma_.lower() in ("last", "take") for t in before):
        verb = next(t for t in before if t.lemma_.lower() in ("last", "take"))
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0] if subjects else None
    if mention.qualifier == "at_most" and mention.text.lower().startswith("within"):
        subjects = [t for t in sentence if t.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0] if subjects else None
    first = sentence[0]
    if first.lower_ == "in" and span.start == first.i + 1:
        return None
    return False


def _duration_role(head: Token | None) -> str:
    if head is None or head.pos_ == "PRON":
        return "event"
    lemma = head.lemma_.lower()
    return "event" if lemma in lexicon()["duration_heads"]["event"] else lemma


def _location(doc: Doc, sentence: Span, position: int | None = None) -> str | None:
    """The place nearest before the figure in its sentence ("in Karabakh … some 150,000"),
    else the first one after it."""
    places = doc_places(doc)
    low, high = places.bounds(sentence.start_char, sentence.end_char)
    before = high if position is None else places.bounds(position, position)[0]
    before = min(max(before, low), high)
    chosen = places.items[before - 1] if before > low else (
        places.items[low] if high > low else None)
    return chosen["canonical"] if chosen else None
