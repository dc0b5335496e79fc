"""Which real-world event each figure counts, as far as its own article says (the incident cue).

A figure counts an incident: "killed in the May 12 quake", "died in the strike on the
station", "have fled to Bangladesh". The cue is the trigger word nearest the figure in its
sentence (``data/incidents.toml`` gives its type), the date attached to that word, and the
place; a sentence with no trigger takes the article's main event (the first trigger of the
article's most frequent type). An undated trigger takes the date of the nearest dated
trigger of the same type in the article ("the earthquake" after "the April 25 quake").
Cues are resolved into incidents across documents by :mod:`claimledger.crosssource.incidents`.

Registered as ``claimledger_incident_cues`` (v1), after the quantities and events components.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.dates import DateMention, is_dateline
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.figure_dates import date_mentions

_DATE_GRAINS = ("day", "month", "year")
_SPEECH = {"say", "tell", "announce", "report", "state", "add", "claim", "confirm"}
_NAME_DEPS = {"compound", "appos", "npadvmod"}
_NOT_NAMES = {"GPE", "LOC", "NORP", "DATE", "FAC"}


@dataclass(frozen=True)
class Cue:
    """One trigger word in an article, with the date and place attached to it."""

    start: int  # char offset of the trigger
    type: str
    trigger: str  # lower-cased lemma, or "hurricane maria" when a name goes with it
    name: str  # the proper name of the event ("maria"), "" when unnamed
    distinct: bool  # a word naming an event of its own inside a bigger one ("aftershock")
    date: str | None
    place: str | None
    country: str


@cache
def incident_lexicon() -> dict:
    return load_lexicon("incidents")


@cache
def _trigger_types() -> dict[str, str]:
    """word → incident type (the first type in ``order`` wins)."""
    table: dict[str, str] = {}
    types = incident_lexicon()["types"]
    for name in types["order"]:
        for lemma in types[name]["lemmas"]:
            table.setdefault(lemma, name)
    return table


@cache
def _distinct_words() -> frozenset[str]:
    types = incident_lexicon()["types"]
    return frozenset(w for name in types["order"] for w in types[name].get("distinct", []))


def trigger_type(token: Token) -> str | None:
    table = _trigger_types()
    return table.get(token.lemma_.lower()) or table.get(token.lower_)


def _event_name(token: Token, places: list[dict]) -> str:
    """"Hurricane Maria", "Typhoon Haiyan": a proper noun right after the trigger word that is
    not a place ("the Nepal earthquake") nor a date ("the August attacks")."""
    near = [t for t in (*token.children, token.head) if 0 < t.i - token.i <= 2]
    parts = [t for t in near if t.pos_ == "PROPN" and t.is_title and t.ent_type_ not in _NOT_NAMES
             and (t.dep_ in _NAME_DEPS or t.i == token.head.i and token.dep_ in _NAME_DEPS)
             and not any(e["start"] <= t.idx < e["end"] for e in places)]
    return " ".join(t.lower_ for t in sorted(parts, key=lambda t: t.i))


def _is_trigger(token: Token) -> bool:
    """An event word, not a modifier of something else ("rocket systems", "bomb shelter"),
    unless what it modifies is the event's name ("Hurricane Zelda")."""
    if token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
        return False
    head = token.head
    if token.dep_ in ("compound", "amod") and head.i != token.i:
        named = head.pos_ == "PROPN" and head.i > token.i  # "Hurricane Zelda"
        return named or trigger_type(head) is not None
    return True


def _governor(doc: Doc, mention: DateMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    while span.start <= token.i < span.end and token.head.i != token.i:
        token = token.head
    return None if span.start <= token.i < span.end else token


def _attached(doc: Doc, trigger: Token, mention: DateMention) -> bool:
    """The date tells when the trigger's event happened, not when someone spoke of it."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is not None and 0 < trigger.i - span.end + 1 <= 3 and trigger.sent == span.sent:
        return True  # "the May 12 quake", "Tuesday's aftershock"
    governor = _governor(doc, mention)
    if governor is None:
        return False
    if trigger.i in (governor.i, governor.head.i):
        return True  # "the strike on 11 October"; "the quake that struck on Saturday"
    return trigger.head.i == governor.i and governor.lemma_.lower() not in _SPEECH


def _cue_date(doc: Doc, trigger: Token, dates: list[DateMention]) -> str | None:
    sent = trigger.sent
    near = [m for m in dates if sent.start_char <= m.start < sent.end_char]
    near.sort(key=lambda m: abs(m.start - trigger.idx))
    return next((m.date for m in near if _attached(doc, trigger, m)), None)


def _places(doc: Doc) -> list[dict]:
    return [e for e in doc._.cl_entities or [] if e["label"] in ("place", "country")]


def _nearest_place(places: list[dict], sent: Span, position: int) -> dict | None:
    inside = [e for e in places if sent.start_char <= e["start"] < sent.end_char]
    return min(inside, key=lambda e: abs(e["start"] - position), default=None)


def main_country(places: list[dict]) -> str:
    """The country the article is mostly about: the most mentioned country code."""
    counts = Counter(e.get("country_code") or "" for e in places)
    counts.pop("", None)
    return counts.most_common(1)[0][0] if counts else ""


def find_cues(doc: Doc) -> list[Cue]:
    """Every trigger word of the article with its date and place, in text order."""
    mentions, text = date_mentions(doc), doc_text(doc)
    dates = [m for m in mentions if m.date and m.granularity in _DATE_GRAINS and not m.future
             and not is_dateline(text, m, mentions)]
    places = _places(doc)
    fallback = main_country(places)
    cues = []
    for token in doc:
        kind = trigger_type(token)
        if kind is None or not _is_trigger(token):
            continue
        place = _nearest_place(places, token.sent, token.idx)
        name = _event_name(token, places)
        cues.append(Cue(
            start=token.idx, type=kind, trigger=" ".join(p for p in (token.lemma_.lower(), name)
                                                          if p),
            name=name, distinct=token.lemma_.lower() in _distinct_words(),
            date=_cue_date(doc, token, dates), place=place["canonical"] if place else None,
            country=(place.get("country_code") or fallback) if place else fallback,
        ))
    return _dated_by_neighbours(cues)


def _dated_by_neighbours(cues: list[Cue]) -> list[Cue]:
    """An undated trigger ("the earthquake") takes the day of the nearest trigger of its type
    dated to the day in the article: an article speaks of one quake until it names another.
    ("the 2020 war" lends no year to "the clashes": a year is too coarse to say it is one.)"""
    out = []
    for cue in cues:
        if cue.date is None:
            same = [c for c in cues if c.date and len(c.date) == 10 and c.type == cue.type
                    and c.distinct == cue.distinct and (c.name == cue.name or not cue.name
                                                        or not c.name)]
            nearest = min(same, key=lambda c: abs(c.start - cue.start), default=None)
            if nearest is not None:
                cue = replace(cue, date=nearest.date)
        out.append(cue)
    return out


def main_cue(cues: list[Cue]) -> Cue | None:
    """The article's main event: the first trigger of its most frequent type."""
    counts = Counter(c.type for c in cues if not c.distinct)
    if not counts:
        return None
    top = max(counts.values())
    kind = next(c.type for c in cues if counts[c.type] == top)
    return next(c for c in cues if c.type == kind and not c.distinct)


def _cue_for(doc: Doc, quantity: dict, cues: list[Cue], main: Cue | None) -> tuple[Cue | None, str]:
    span = doc.char_span(quantity["start"], quantity["end"], alignment_mode="expand")
    if span is None or len(span) == 0:
        return main, "article"
    sent = span[0].sent
    inside = [c for c in cues if sent.start_char <= c.start < sent.end_char]
    if not inside:
        return main, "article"
    cue = min(inside, key=lambda c: abs(c.start - quantity["start"]))
    if main is not None and cue.date is None and not cue.name and main.type in _within(cue.type):
        return main, "article"  # "killed in shelling" in a war article: a part of the war
    return cue, "sentence"


@cache
def _containers() -> dict[str, tuple[str, ...]]:
    types = incident_lexicon()["types"]
    return {name: tuple(types[name].get("within", ())) for name in types["order"]}


def _within(kind: str) -> tuple[str, ...]:
    return _containers().get(kind, ())


def cue_fields(cue: Cue | None, how: str, quantity: dict, fallback: str) -> dict:
    """The additive ``incident_*`` fields of one quantity."""
    if cue is None:
        return {"incident_type": "", "incident_trigger": "", "incident_date": None,
                "incident_place": quantity.get("location"), "incident_country": fallback,
                "incident_cue": ""}
    return {"incident_type": cue.type, "incident_trigger": cue.trigger,
            "incident_date": cue.date, "incident_place": cue.place or quantity.get("location"),
            "incident_country": cue.country or fallback, "incident_cue": how,
            "incident_distinct": cue.distinct}


class IncidentCues:
    """Adds ``incident_*`` fields to every dict in ``doc._.cl_quantities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        quantities = doc._.cl_quantities or []
        if not quantities:
            return doc
        cues = find_cues(doc)
        main = main_cue(cues)
        fallback = main_country(_places(doc))
        for quantity in quantities:
            cue, how = _cue_for(doc, quantity, cues, main)
            quantity.update(cue_fields(cue, how, quantity, fallback))
        return doc
