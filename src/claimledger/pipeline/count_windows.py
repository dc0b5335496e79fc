"""What span of time a figure counts over, as its sentence states it (``count_window``).

Two figures of one incident can count different things by time alone: "since the end of
July, 110,600 have been evacuated" and "105,000 since 14 August" are two running totals
(two series), and "12,500 were evacuated on Thursday" is one day's flow, no rival of
either. The window is ``since:<ISO date or month>`` for a count with a stated start,
``day:<ISO date>`` for one day's flow of an ongoing event (a date on the event's own verb:
"evacuated on Thursday", "fled on Monday"), ``present`` for the people of such a flow
waiting or gathered somewhere at one moment (a stock: "thousands must wait at staging
bases"), else "". crosssource/align.py keeps series
apart; docs/alignment.md ("Clusters") gives the rules.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from claimledger.dates import parse_published
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import doc_meta, doc_text
from claimledger.pipeline.figure_dates import date_mentions

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\b\.?", re.I)


def count_window(doc: Doc, quantity: dict, flow_verbs: frozenset[str] = frozenset()) -> str:
    """The window of one figure; ``flow_verbs`` are the lemmas of its incident when that is
    an ongoing flow counted by the day (an evacuation, an exodus), else empty."""
    span = doc.char_span(quantity["start"], quantity["end"], alignment_mode="expand")
    if span is None or not len(span):
        return ""
    figure = span
    start = _stated_start(doc, figure)
    if start:
        return f"since:{start}"
    if not flow_verbs:
        return ""
    if _present(figure):
        return PRESENT
    day = _day_of_flow(doc, figure, flow_verbs, quantity.get("as_of") or "")
    return f"day:{day}" if day else ""


PRESENT = "present"


def _present(figure: Span) -> bool:
    """"Thousands of evacuees must wait at staging bases", "20,000 have massed at the
    border": people present somewhere at one moment (a stock), not those moved so far."""
    verbs = frozenset(load_lexicon("incidents").get("windows", {}).get("present_verbs", ()))
    return any(figure.doc[i].pos_ == "VERB" and figure.doc[i].lemma_.lower() in verbs
               for i in _holders(figure))


def _holders(figure: Span) -> set[int]:
    """The figure's words, what it hangs on, and the participles that tell what befell it
    ("the 12,500 individuals evacuated on Thursday", "105,000 people evacuated since ...")."""
    root = figure.root
    held = {*(t.i for t in figure), *(a.i for a in root.ancestors)}
    noun = root.head if root.dep_ == "nummod" else root
    return held | {c.i for c in noun.children if c.dep_ in ("acl", "relcl")}


def _since(figure: Span) -> Token | None:
    """The "since" that opens the figure's own count: it hangs on the figure's clause (not
    on the clause of another figure of the sentence, nor on a yardstick: "the worst
    clashes since the war"), and does not hold the figure ("since the war, which left 300
    dead"). Most sentences have no "since": their text says so without reading a token."""
    sentence = figure.sent
    if "since" not in doc_text(figure.doc)[sentence.start_char:sentence.end_char].lower():
        return None
    held = _holders(figure)
    for token in sentence:
        if token.lower_ == "since" and token.head.i in held and figure.root.i not in {
                t.i for t in token.subtree}:
            return token
    return None


def _stated_start(doc: Doc, figure: Span) -> str:
    """The day or month a count's "since" names: a date mention inside its phrase, else a
    month name ("since the end of July", "since mid-Aug"), read in the latest year that
    puts it before publication. "" when it names no date ("since the war began")."""
    since = _since(figure)
    if since is None:
        return ""
    phrase = doc[since.i:since.right_edge.i + 1]
    inside = [m for m in date_mentions(doc) if m.date and not m.future
              and phrase.start_char <= m.start < phrase.end_char]
    if inside:
        return min(inside, key=lambda m: m.start).date[:10]
    return _month_named(phrase)


def _month_named(phrase: Span) -> str:
    match = _MONTH_WORD.search(phrase.text)
    published = parse_published(doc_meta(phrase.doc).get("published"))
    if match is None or published is None:
        return ""
    month = _MONTHS.index(match.group(1)[:3].lower()) + 1
    year = published.year if month <= published.month else published.year - 1
    return dt.date(year, month, 1).isoformat()[:7]


def _day_of_flow(doc: Doc, figure: Span, verbs: frozenset[str], as_of: str) -> str:
    """One day's flow: a day date hanging on the event's own verb in the figure's clause
    ("12,500 were evacuated on Thursday") or on the figure itself ("13,400 on Wednesday"),
    or a span of a day on that verb ("in the past 24 hours", "overnight": the day of the
    report). A date on a speech or level verb ("said on Friday", "rose to 105,000 on
    Friday") dates a running total instead."""
    verbs_of = [figure.doc[i] for i in sorted(_holders(figure))]
    verb = next((v for v in verbs_of if v.pos_ == "VERB" and v.lemma_.lower() in verbs), None)
    own = {t.i for t in figure} | ({verb.i} if verb is not None else set())
    for mention in date_mentions(doc):
        if mention.granularity != "day" or not mention.date or mention.future:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root.head
        if (head.head if head.dep_ == "prep" else head).i in own:
            return mention.date[:10]
    if verb is not None and len(as_of) == 10 and _a_days_span(verb):
        return as_of
    return ""


def _a_days_span(verb: Token) -> bool:
    """"Evacuated 21,600 in the past 24 hours", "fled overnight"."""
    words = load_lexicon("incidents").get("windows", {})
    for token in verb.subtree:
        if token.lower_ in words.get("day_words", ()) and (
                token.head.i == verb.i or token.head.head.i == verb.i):
            return True
        if token.lemma_.lower() == "hour" and any(
                c.like_num and c.text.isdigit() and int(c.text) <= 24 for c in token.children):
            return token.head.head.i == verb.i or token.head.i == verb.i
    return False
