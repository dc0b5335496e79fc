"""When a figure holds and whether it belongs to an earlier event: ``as_of`` and ``era``.

A figure speaks for the date its own sentence gives it ("said on Tuesday that 105 were
killed" → Tuesday; "a quake in 2005 killed 73,000" → 2005), else for the publication
date. A date that opens a count ("killed since 13 September") or serves as a yardstick
("the worst clashes since the 2020 war") does not date the figure: the count runs to the
statement, unless the count began more than a year before publication ("300 killed since
the war in 2020"): it then spans an earlier era. A figure dated more than a year before
publication, or in a sentence about an earlier decade ("the 1990s war"), or right after a
sentence dated only in earlier years, is ``background``. ``as_of`` is ISO, of reduced
precision for a month or a year ("2005").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimledger.dates import (
    DateMention,
    find_date_mentions,
    is_dateline,
    minus_years,
    parse_published,
)
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import cached, doc_meta, doc_text
from claimledger.pipeline.syntax import indexed_tokens, sentence_of

_MENTIONS_KEY = "claimledger_date_mentions"
_BODY_MENTIONS_KEY = "claimledger_body_date_mentions"
_DECADE = re.compile(r"\b((?:1[89]|20)\d)0s\b")
_OPENS_COUNT = re.compile(r"(?i)\bsince\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,2}$")


def date_mentions(doc: Doc) -> list[DateMention]:
    """The article's date mentions, found once per doc and shared by the components."""
    published = parse_published(doc_meta(doc).get("published"))
    return cached(doc, _MENTIONS_KEY, lambda text: find_date_mentions(text, published))


def body_date_mentions(doc: Doc) -> list[DateMention]:
    """The date mentions not on a line that only dates or signs the article
    (:func:`~claimledger.dates.is_dateline`), found once per doc: each figure's dating and
    the events and incident-cue components filter them, and the test reads a whole line."""
    def find(text: str) -> list[DateMention]:
        mentions = date_mentions(doc)
        return [m for m in mentions if not is_dateline(text, m, mentions)]

    return cached(doc, _BODY_MENTIONS_KEY, find)


def figure_time(doc: Doc, sentence: Span, position: int) -> dict[str, str | None]:
    """``{"as_of": …, "era": …}`` for a figure at character ``position`` in ``sentence``."""
    published_text = doc_meta(doc).get("published")
    published = parse_published(published_text)
    figure = _token_at(doc, position)
    own = [m for m in _dating(doc, sentence) if not _counts_from(doc, m, figure)]
    if own:
        def closeness(m: DateMention) -> tuple[int, int]:
            return (_tree_distance(doc, m, figure), abs(m.start - position))

        nearest = min(own, key=closeness)
        if published is not None and _before_era(nearest, published):
            return {"as_of": nearest.date, "era": "background"}
        counted = [m for m in own if dates_count(doc, m, published is not None)]
        return {"as_of": min(counted, key=closeness).date if counted else published_text,
                "era": "current"}
    if published is not None and any(_before_era(m, published) for m in _count_starts(
            doc, sentence, figure)):
        return {"as_of": published_text, "era": "background"}
    text = doc_text(doc)
    if published is not None and _earlier_decade(text, sentence, published):
        return {"as_of": published_text, "era": "background"}
    previous = _previous_sentence(doc, sentence)
    before = _dating(doc, previous) if previous is not None else []
    if published is not None and before and all(_before_era(m, published) for m in before):
        return {"as_of": before[-1].date, "era": "background"}
    return {"as_of": published_text, "era": "current"}


def dates_count(doc: Doc, mention: DateMention, dated_report: bool = True) -> bool:
    """Whether a date of the figure's sentence dates the count itself, not the deaths or
    the attack it counts. A cumulative count speaks for its report's date unless the
    sentence dates the count: "as of 11 October", "by Tuesday", "officials said on Monday",
    "the toll rose on Tuesday". A month or a year is coarser than a dated report, and the
    date of a death or attack verb or of an incident noun ("killed last week", "the 25
    April quake") is when it happened; a span of dates is the count's span."""
    if mention.how == "range":
        return False  # "deaths between 20 September and 31 December": the count's span
    words = _count_words()
    text = doc_text(doc)
    if words["before"].search(text[max(0, mention.start - 12):mention.start]):
        return True
    governor = _governor(doc, mention)
    lemma = governor.lemma_.lower() if governor is not None else ""
    if lemma in words["count"]:
        return True
    if dated_report and mention.granularity in ("week", "month", "year"):
        return False
    return lemma not in words["event"]


def _governor(doc: Doc, mention: DateMention) -> Token | None:
    """The first verb or noun above the date in the parse: what the date dates."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    inside = {t.i for t in span}
    token = span.root
    for _ in range(12):
        if token.i not in inside and token.pos_ in ("VERB", "AUX", "NOUN", "PROPN") \
                and token.lower_ not in _PREPOSITION_NOUNS:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_PREPOSITION_NOUNS = frozenset({"end", "beginning", "start", "middle"})


@cache
def _count_words() -> dict:
    table = load_lexicon("events").get("count_dates", {})
    measures = load_lexicon("measures").get("verbs", {})
    types = load_lexicon("incidents").get("types", {})
    speech = load_lexicon("attribution").get("speech", {})
    event = set(table.get("event_words", ()))
    for measure in table.get("event_measures", ()):
        event.update(measures.get(measure, ()))
    for kind in table.get("event_types", ()):
        event.update(types.get(kind, {}).get("lemmas", ()))
    tallies = load_lexicon("measures").get("tallies", {}).get("lemmas", ())
    count = {*table.get("level_verbs", ()), *speech.get("verbs", ()), *tallies}
    before = "|".join(re.escape(w) for w in table.get("before", ())) or "(?!)"
    return {"before": re.compile(rf"(?i)\b(?:{before})\s+(?:the\s+)?$"),
            "count": frozenset(count), "event": frozenset(event - count)}


def _dating(doc: Doc, span: Span) -> list[DateMention]:
    """Mentions in ``span`` that can date a figure: resolved, past, not a count's start."""
    return [m for m in body_date_mentions(doc) if span.start_char <= m.start < span.end_char
            and m.date and not m.future]


def _counts_from(doc: Doc, mention: DateMention, figure: Token) -> bool:
    """True for "since <date>" outside which the figure stands: the start of its count
    ("105 killed since 13 September") or a yardstick ("the worst since the 2020 war"), not
    its date. A figure inside the phrase ("since the 2020 war, which left thousands dead")
    belongs to the dated thing."""
    text = doc_text(doc)
    first = _token_at(doc, mention.start).i
    since = next((doc[i] for i in range(min(first + 1, len(doc) - 1), max(-1, first - 8), -1)
                  if doc[i].lower_ == "since"), None)
    opener = re.search(r"(?i)\bsince\b", mention.text) or _OPENS_COUNT.search(
        text[max(0, mention.start - 40):mention.start])
    if not opener and (since is None or first not in {t.i for t in since.subtree}):
        return False  # "since the beginning of hostilities on 27 September" opens it too
    return since is None or figure.i not in {t.i for t in since.subtree}


def _count_starts(doc: Doc, sentence: Span, figure: Token) -> list[DateMention]:
    """Dates that open the figure's own count ("300 killed since the war in 2020"): the
    "since" hangs on the verb that governs the figure, not on a yardstick adjective ("the
    worst since"). A count that began more than a year before publication spans an earlier
    era, so the figure is not one of the current event's."""
    starts = []
    for mention in _dating(doc, sentence):
        since = next((t for t in doc[max(0, _token_at(doc, mention.start).i - 8):
                                     _token_at(doc, mention.start).i + 1]
                      if t.lower_ == "since"), None)
        if since is None or since.head.pos_ not in ("VERB", "AUX"):
            continue
        if figure.i in {t.i for t in since.head.subtree} and figure.i not in {
                t.i for t in since.subtree}:
            starts.append(mention)
    return starts


def _token_at(doc: Doc, position: int) -> Token:
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else doc[-1]


def _tree_distance(doc: Doc, mention: DateMention, figure: Token) -> int:
    """Edges between the figure and the date in the parse: the date of its own clause wins."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return 99
    up = _ancestors(span.root)
    for index, steps in _ancestors(figure).items():
        if index in up:
            return steps + up[index]
    return 99


def _ancestors(token: Token) -> dict[int, int]:
    """Token index → steps up from ``token``, itself included."""
    chain = {token.i: 0}
    while token.head.i != token.i and len(chain) < 64:
        token = token.head
        chain[token.i] = len(chain)
    return chain


def _before_era(mention: DateMention, published: dt.date) -> bool:
    """True when the mention lies more than a year before publication."""
    assert mention.date is not None
    if mention.granularity == "year":
        return int(mention.date) < published.year - 1
    if mention.granularity == "month":
        year, month = (int(part) for part in mention.date.split("-"))
        return (published.year - year) * 12 + published.month - month > 12
    return dt.date.fromisoformat(mention.date) < minus_years(published, 1)


def _earlier_decade(text: str, sentence: Span, published: dt.date) -> bool:
    """"the 1990s war": a decade that ended more than a year before publication."""
    for match in _DECADE.finditer(text, sentence.start_char, sentence.end_char):
        opened = _OPENS_COUNT.search(text[max(0, match.start() - 40):match.start()])
        if not opened and int(match.group(1)) * 10 + 9 < published.year - 1:
            return True
    return False


def _previous_sentence(doc: Doc, sentence: Span) -> Span | None:
    """The sentence before, when nothing but a space separates them (same paragraph)."""
    if sentence.start == 0:
        return None
    previous = sentence_of(doc, indexed_tokens(doc), sentence.start - 1)
    gap = doc_text(doc)[previous.start_char:sentence.start_char]
    return None if "\n" in gap.strip() or "\n" in gap[len(gap.rstrip()):] else previous
