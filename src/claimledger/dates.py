"""Find date mentions in news text and resolve them against the publication date.

News prose dates events relative to the day it was written ("late on Tuesday",
"yesterday", "a day after the attack", "Sept. 19" with no year), so every mention is
resolved against ``published``: counted offsets ("three days ago") are counted back from
it as ``dateparser`` counts them (a month before 31 March is the last day of February),
and the forms it gets wrong or cannot see in running text (weekdays in past or future
clauses, month-days without a year, ranges, anaphora) are resolved by the rules below.

Each mention gets a ``granularity``: only ``day`` mentions can date an event; ``week``,
``month`` and ``year`` mentions ("last week", "in March 2023", "in 2020") are found so
that callers can tell them apart. Their ``date`` is ISO with reduced precision
("2023-03", "2020"); a week is dated by its Monday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from claimledger.lexicons import any_word, load_lexicon
from claimledger.regex_guard import (
    finditer_near,
    first_character_guard,
    long_runs,
    match_bounds,
    searchable_lower,
    word_places,
)

Date = dt.date

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

_MONTH = (
    r"(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?!\w)|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?!\w)\.?)"
)
_MONTHS_FULL = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTH_FULL = rf"(?P<m>{'|'.join(_MONTHS_FULL)})"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = rf"(?<![\d.,])(?P<d>[0-3]?\d){_ORD}(?!\d)"
_DAY2 = rf"(?P<d2>[0-3]?\d){_ORD}(?!\d)"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?!\d)"
_RANGE_SEP = r"(?:\s*[-–]\s*|\s+(?:to|and|until|till|through)\s+)"
_ON = r"(?:\b(?i:on)\s+)?"
_WD_PREFIX = rf"(?:(?:{'|'.join(_WEEKDAYS)}),?\s+)?"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"

# (kind, pattern): every kind has one resolver in ``_RESOLVERS``.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("month_day", rf"{_ON}{_WD_PREFIX}\b{_MONTH}\s+{_DAY}(?:{_RANGE_SEP}{_DAY2})?"
                  rf"(?:,?\s+{_YEAR})?"),
    ("day_month", rf"{_ON}{_WD_PREFIX}(?:\b(?i:from|between)\s+)?{_DAY}(?:{_RANGE_SEP}{_DAY2})?"
                  rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),
    ("month_year", rf"(?:\b(?i:early|mid|late)[-\s]+)?\b{_MONTH},?\s+{_YEAR}"),
    ("year_month", rf"\b{_YEAR}\s+{_MONTH_FULL}\b"),
    ("month_only", rf"\b(?i:in|since|during|until|till|by|from|through|throughout|early|late|mid)"
                   rf"[-\s]+(?:(?i:early|late|mid)[-\s]+)?{_MONTH_FULL}\b(?![\s,]*\d)"),
    ("period", r"\b(?i:(?:earlier|later|early|late)\s+)?(?i:this|last|next|past|previous)\s+"
               r"(?P<unit>(?i:week|month|year))\b"),
    ("year", rf"(?<![\d,.$£€])\b{_YEAR}\b(?![,.]\d)"),
    ("iso", r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    ("relative_word", r"\b(?P<w>(?i:the day before yesterday|the day after tomorrow|yesterday"
                      r"|today|tonight|tomorrow|last night|this morning|this afternoon"
                      r"|this evening))\b"),
    ("year_after", r"\b(?i:a|one)\s+year\s+(?i:after|since|ago)\b"),
    ("ago", rf"\b(?i:{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago)\b"),
    ("same_day", r"\b(?i:(?:on\s+)?(?:the|that)\s+(?:very\s+)?(?P<rel>same|following|next|previous"
                 r"|preceding)\s+day)\b"),
    ("the_day", r"\b(?i:the\s+day\s+(?P<rel>before|after))\b"),
    ("that_day", r"\b(?i:(?:(?:earlier|later)\s+)?(?:on\s+)?that\s+(?:same\s+)?"
                 r"(?:day|night|morning|afternoon|evening))\b"),
    ("in_the_day", r"\b(?i:(?P<w>earlier|later)\s+(?:in\s+the\s+day|today|tonight))\b"),
    ("days_offset", rf"\b(?i:{_NUM}\s+days?\s+(?P<rel>earlier|later|before|after|prior))\b"),
    ("weekday", rf"(?:\b(?i:late|early)\s+)?{_ON}(?:\b(?i:last|next|this)\s+)?"
                rf"\b(?P<wd>{'|'.join(_WEEKDAYS)})(?:['’]s)?\b"
                r"(?:\s+(?i:morning|afternoon|evening|night))?"),
    ("bare_range", r"(?<![\w.,$-])(?P<d>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)(?![\w%-])"),
)
# Each pattern behind a look-ahead of its first characters (regex_guard): most positions of
# a text fail in one step instead of several, for every pattern searched.
_COMPILED = tuple((kind, re.compile(f"{first_character_guard(pattern)}(?:{pattern})"))
                  for kind, pattern in _PATTERNS)
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "gov", "sen", "rep", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "no", "vs",
}


@dataclass(frozen=True)
class DateMention:
    """One date expression; ``date`` is ISO (reduced precision for month/year) or None."""

    start: int
    end: int
    text: str
    date: str | None
    how: str  # absolute | relative | weekday | anaphoric | range
    granularity: str  # day | week | month | year
    future: bool = False

    @property
    def day(self) -> Date | None:
        """The resolved day, for day-level mentions."""
        if self.granularity != "day" or not self.date:
            return None
        return Date.fromisoformat(self.date)


@dataclass
class _Context:
    """What resolution needs besides the match: the text, the anchor, earlier mentions."""

    text: str
    published: Date | None
    anchor: Date | None = None  # the last day-level date
    anchor_end: int = 0  # where the mention that set ``anchor`` ends
    event_anchor: Date | None = None  # the last day-level date not of a speech act
    last_year: int | None = None
    spoken: tuple[int, Date | None] | None = None  # (paragraph start, day) of a quotation


def find_date_mentions(text: str, published: Date | None) -> list[DateMention]:
    """All date mentions in ``text`` in order, resolved against ``published``.

    Anaphoric forms ("the day before", "two days later") are resolved against the
    previous day-level mention, or the publication date when there is none.
    """
    ctx = _Context(text=text, published=published)
    mentions: list[DateMention] = []
    lowered = searchable_lower(text)
    named = _named_days(text, lowered)
    for kind, match in _non_overlapping(text, lowered):
        if any(start < match.end() and match.start() < end for start, end in named):
            continue
        mention = _RESOLVERS[kind](match, ctx)
        if mention is None:
            continue
        merged = mentions and (_range_with(text, mentions[-1], mention)
                               or _restated(text, mentions[-1], mention))
        if merged:
            mentions[-1] = mention = merged
        else:
            mentions.append(mention)
        if mention.day is not None:
            ctx.anchor, ctx.anchor_end = mention.day, mention.end
            if not _dates_speech(text, mention):
                ctx.event_anchor = mention.day
    return mentions


def _non_overlapping(text: str, lowered: str | None) -> list[tuple[str, re.Match[str]]]:
    """Every pattern's matches; at one place the earliest, then longest, match wins
    (``lowered`` is :func:`searchable_lower` of ``text``)."""
    search = _Search(text, lowered)
    found = [(kind, m) for kind, regex in _COMPILED for m in search.finditer(kind, regex)]
    found.sort(key=lambda item: (item[1].start(), -(item[1].end() - item[1].start())))
    kept: list[tuple[str, re.Match[str]]] = []
    for kind, match in found:
        if not kept or match.start() >= kept[-1][1].end():
            kept.append((kind, match))
    return kept


_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")  # in every spelling _MONTH allows
# Words every match of a kind holds in its span, as written (case-sensitive patterns) or in
# lower case (case-insensitive ones): a kind whose words a text lacks is not searched for,
# and the others only around their words (``regex_guard.finditer_near``), since a search of
# the whole text tries every position. A text whose lower case cannot be trusted for that
# (``searchable_lower``) is searched in full.
_NEEDS_AS_WRITTEN = {
    "month_day": _MONTH_STEMS, "day_month": _MONTH_STEMS, "month_year": _MONTH_STEMS,
    "year_month": _MONTHS_FULL, "month_only": _MONTHS_FULL, "weekday": ("day",),
    "year": ("18", "19", "20"), "iso": ("19", "20"), "bare_range": ("-", "–"),
}
_NEEDS_LOWER = {
    "period": ("week", "month", "year"), "year_after": ("year",), "ago": ("ago",),
    "relative_word": ("yesterday", "today", "tonight", "tomorrow", "night", "morning",
                      "afternoon", "evening"),
    "same_day": ("day",), "the_day": ("day",), "that_day": ("that",),
    "in_the_day": ("earlier", "later"), "days_offset": ("day",),
}
# How far each kind's matches reach, for the search near its words.
_BOUNDS = {kind: match_bounds(regex.pattern, regex.flags) for kind, regex in _COMPILED}


class _Search:
    """The searches of one text: the places of the kinds' words and the text's long runs
    are found once for all the kinds."""

    def __init__(self, text: str, lowered: str | None) -> None:
        self.text, self.lowered = text, lowered
        self.places: dict[tuple[tuple[str, ...], bool], list[tuple[int, int]]] = {}
        self.long: dict[str, list[tuple[int, int]]] = {}

    def finditer(self, kind: str, regex: re.Pattern[str]) -> Iterable[re.Match[str]]:
        """``regex.finditer(text)``: nothing when the text lacks the kind's words, else
        searched near them unless the text's lower case rules that out."""
        lower = kind not in _NEEDS_AS_WRITTEN
        needed = _NEEDS_LOWER.get(kind) if lower else _NEEDS_AS_WRITTEN[kind]
        where = self.lowered if lower else self.text
        if needed is None or where is None:
            return regex.finditer(self.text)
        places = self.places.get((needed, lower))
        if places is None:
            places = self.places[needed, lower] = word_places(where, needed)
        if not places:
            return ()
        bounds = _BOUNDS[kind]
        if bounds is None:
            return regex.finditer(self.text)
        long = [span for run in bounds.runs for span in self._long(run)]
        return finditer_near(regex, bounds, self.text, places, long)

    def _long(self, run: str) -> list[tuple[int, int]]:
        if run not in self.long:
            self.long[run] = long_runs(self.text, run)
        return self.long[run]


# --- helpers -------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def minus_years(day: Date, years: int) -> Date:
    """Same calendar day ``years`` earlier (29 February falls back to the 28th)."""
    return minus_months(day, 12 * years)


def minus_months(day: Date, months: int) -> Date:
    """Same day of the month ``months`` earlier, or that month's last day when it is
    shorter; ValueError before year 1."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return Date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z“\"‘'])|\n")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Approximate sentence around ``pos``: newlines and ". X" ends, skipping abbreviations."""
    return sentence_start(text, pos), _sentence_end(text, pos)


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence around ``pos`` starts: where the last break of ``text[:pos]`` ends.

    The breaks of the whole text are found once per text; those ending before ``pos`` are
    the same in ``text[:pos]`` (a match reads no further than one character past its end),
    and the rest of the prefix is scanned as ``text[:pos]`` would be: the cost no longer
    grows with ``pos``.
    """
    ends, starts = _sentence_breaks(text)
    settled = bisect_left(ends, pos)  # breaks of the whole text that end before pos
    start, resume = (starts[settled - 1], ends[settled - 1]) if settled else (0, 0)
    for match in _SENTENCE_BREAK.finditer(text, resume, pos):
        if _is_break(text, match):
            start = match.end()
    return start


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence around ``pos`` ends: after the first break from ``pos`` on."""
    for match in _SENTENCE_BREAK.finditer(text, pos):
        if _is_break(text, match):
            return match.start() + 1
    return len(text)


def _is_break(text: str, match: re.Match[str]) -> bool:
    return match.group().startswith("\n") or not _after_abbreviation(text, match.start())


@lru_cache(maxsize=4)
def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """The end of every break match in ``text``, and where a sentence starts after each
    (the end of the last match so far that is not an abbreviation's dot; 0 when none)."""
    ends, starts, start = [], [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        start = match.end() if _is_break(text, match) else start
        ends.append(match.end())
        starts.append(start)
    return ends, starts


_WORD_BEFORE = re.compile(r"([\w.]+)$")  # searched up to a dot, as in the text before it


def _after_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 6), dot)
    return bool(word) and word.group(1).lower() in _ABBREVIATIONS


_CLAUSE_BREAK = re.compile(r"[,;:()“”\"]")


def _clause_before(text: str, start: int) -> str:
    """The words before a mention up to the nearest clause break: where future cues live."""
    before = text[max(sentence_start(text, start), start - 80):start]
    return _CLAUSE_BREAK.split(before)[-1].lower()


def is_future(text: str, start: int) -> bool:
    """True when the clause before ``start`` speaks of what will happen ("would be held on")."""
    unreal_past, past, future = _future_regexes()
    before = _clause_before(text, start)
    if unreal_past.search(before) or past.search(before):
        return False
    return bool(future.search(before))


@cache
def _future_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What :func:`is_future` looks for before a date, compiled once rather than per date:
    a past conditional ("would have"), a past preposition at the clause end, a future cue."""
    lexicon = load_lexicon("events")["dates"]
    return (re.compile(r"\b(?:would|could|might)(?:\s+not|n['’]t)?\s+have\b"),
            any_word(tuple(lexicon["past_prepositions"]), r"\b", r"\s*$"),
            any_word(tuple(lexicon["future_cues"])))


def _nearby_year(text: str, end: int) -> int | None:
    """A year right after a yearless date: "the November 10th ceasefire deal in 2020"."""
    match = re.match(r"(?:\s+[a-z][\w-]*){0,4}?\s+in\s+((?:1[89]|20)\d\d)\b", text[end:end + 60])
    return int(match.group(1)) if match else None


# A future clause may report a plan made before publication ("said on 1 May that talks
# would open on 3 May", published 5 May): a date this close before publication keeps its year.
_REPORTED_FUTURE = dt.timedelta(days=31)


def _infer_year(month: int, day: int, future: bool, ctx: _Context) -> Date | None:
    """The year that puts the day on or before publication (after it for future clauses)."""
    if ctx.published is None:
        return _safe_date(ctx.last_year, month, day) if ctx.last_year else None
    pub = ctx.published
    candidate = _safe_date(pub.year, month, day) or _safe_date(pub.year - 1, month, day)
    if candidate is None:
        return None
    if future and candidate < pub - _REPORTED_FUTURE:
        return _safe_date(candidate.year + 1, month, day)
    if not future and candidate > pub:
        return _safe_date(candidate.year - 1, month, day)
    return candidate


def _mention(match: re.Match[str], date: str | None, how: str, granularity: str,
             future: bool = False) -> DateMention:
    return DateMention(match.start(), match.end(), match.group(), date, how, granularity, future)


def _iso(day: Date | None) -> str | None:
    return day.isoformat() if day else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# --- mentions that name, close a range or restate another ------------------------------


def _named_days(text: str, lowered: str | None) -> list[tuple[int, int]]:
    """Spans of month-days used as names ("the Sept. 11 attacks"): not dates. A text whose
    lower case (``lowered``, :func:`searchable_lower`) holds none of the names has none."""
    names, regex = _day_names()
    if lowered is not None and not any(name in lowered for name in names):
        return []
    return [(m.start(), m.end()) for m in regex.finditer(text)] if names else []


@cache
def _day_names() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The names of :func:`_named_days` in lower case, and the regex that finds them."""
    names = load_lexicon("events")["dates"]["day_names"]
    pattern = r"(?i)\b(?:" + "|".join(re.escape(n) for n in names) + ")"
    return tuple(n.lower() for n in names), re.compile(pattern)


_RANGE_GAP = re.compile(r"\s*(?:[-–]|and|to|until|till|through)\s*|,[^,;.]{1,80},\s*"
                        r"(?:and|to|until|till|through)\s+", re.IGNORECASE)


def _range_with(text: str, previous: DateMention, mention: DateMention) -> DateMention | None:
    """"between Aug. 25 and Sept. 24", "from August 25 to September 5": one range, first day.

    The closing date ends a window, it dates nothing by itself.
    """
    if previous.day is None or mention.day is None or mention.how != "absolute":
        return None
    opens = re.search(r"(?i)\b(?:between|from)\s+$", text[max(0, previous.start - 10):
                                                           previous.start])
    if not (opens or re.match(r"(?i)(?:between|from)\s", previous.text)):
        return None
    if not _RANGE_GAP.fullmatch(text, previous.end, mention.start):
        return None
    return DateMention(previous.start, mention.end, text[previous.start:mention.end],
                       previous.date, "range", "day", previous.future)


def _restated(text: str, previous: DateMention, mention: DateMention) -> DateMention | None:
    """A date that restates the one before it: "the day before, on April 7", "Thursday (Oct 19)".

    The explicit date wins, except that a weekday the writer named stays that weekday
    (the nearest one to the date given), since a slip is likelier in the figures.
    """
    if previous.day is None or mention.day is None or mention.how != "absolute":
        return None
    gap = text[previous.end:mention.start]
    closing = re.match(r"\s*\)", text[mention.end:])
    in_brackets = re.fullmatch(r"\s*\(\s*", gap) and closing
    appositive = previous.how == "anaphoric" and re.fullmatch(r"\s*,\s*", gap)
    if not (in_brackets or appositive):
        return None
    day = mention.day
    named = re.search("|".join(_WEEKDAYS), previous.text) if previous.how == "weekday" else None
    if named:
        shift = (_WEEKDAYS.index(named.group()) - day.weekday()) % 7
        day += dt.timedelta(days=shift - 7 if shift > 3 else shift)
    end = mention.end + closing.end() if in_brackets and closing else mention.end
    return DateMention(previous.start, end, text[previous.start:end], day.isoformat(),
                       previous.how if named else mention.how, "day", previous.future)


def _dates_speech(text: str, mention: DateMention) -> bool:
    """True when the date is that of a statement: "HRW said Sunday", "on Friday told"."""
    before, after = _speech_regexes()
    if before.search(text[max(0, mention.start - 40):mention.start]):
        return True
    return bool(after.match(text, mention.end))


@cache
def _speech_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A speech verb right before a date, and right after it (compiled once)."""
    forms = "|".join(load_lexicon("events")["dates"]["speech_forms"])
    return (re.compile(rf"(?i)\b(?:{forms}|told\s+\w+)\s+$"),
            re.compile(rf"(?i)\s*,?\s*(?:{forms})\b"))


# --- resolvers, one per pattern kind -----------------------------------------------------


def _resolve_day_month(match: re.Match[str], ctx: _Context) -> DateMention | None:
    """"Sept. 19", "19 September 2023", "September 19-20", "from 19 to 21 September"."""
    month, day = _month_number(match["m"]), int(match["d"])
    second = int(match["d2"]) if match["d2"] else None
    if second is not None and not day < second <= 31:
        return None
    future = is_future(ctx.text, match.start())
    if match["y"]:
        year = int(match["y"])
        ctx.last_year = year
        resolved = _safe_date(year, month, day)
    elif (near := _nearby_year(ctx.text, match.end())) is not None:
        resolved = _safe_date(near, month, day)
    else:
        resolved = _infer_year(month, day, future, ctx)
    if resolved is None:
        return None
    how = "range" if second is not None else "absolute"
    return _mention(match, resolved.isoformat(), how, "day", future)


def _resolve_month_year(match: re.Match[str], ctx: _Context) -> DateMention:
    year = int(match["y"])
    ctx.last_year = year
    return _mention(match, f"{year:04d}-{_month_number(match['m']):02d}", "absolute", "month")


def _resolve_month_only(match: re.Match[str], ctx: _Context) -> DateMention:
    future = is_future(ctx.text, match.start())
    first = _infer_year(_month_number(match["m"]), 1, future, ctx)
    date = f"{first.year:04d}-{first.month:02d}" if first else None
    return _mention(match, date, "absolute", "month", future)


def _resolve_period(match: re.Match[str], ctx: _Context) -> DateMention:
    """"last week", "earlier this month", "next year": a week, month or year near publication."""
    unit = match["unit"].lower()
    words = match.group().lower().split()
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[words[-2]]
    pub = ctx.published
    if pub is None:
        return _mention(match, None, "relative", unit, step > 0)
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
        return _mention(match, monday.isoformat(), "relative", "week", step > 0)
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + step
        return _mention(match, f"{index // 12:04d}-{index % 12 + 1:02d}", "relative", "month",
                        step > 0)
    return _mention(match, f"{pub.year + step:04d}", "relative", "year", step > 0)


def _resolve_year(match: re.Match[str], ctx: _Context) -> DateMention:
    ctx.last_year = int(match["y"])
    return _mention(match, match["y"], "absolute", "year")


_RELATIVE_DAYS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1,
    "tomorrow": 1, "the day after tomorrow": 2,
}


def _resolve_relative_word(match: re.Match[str], ctx: _Context) -> DateMention:
    """"yesterday", "today", "tomorrow", "last night": days counted from publication.

    Inside a quotation they count from the day the speaker spoke, when the paragraph has
    dated it ("told reporters on Friday: 'nothing was planned for today'").
    """
    shift = _RELATIVE_DAYS.get(match["w"].lower(), 0)
    spoken = _speaker_day(ctx, match.start())
    base = spoken or ctx.published
    day = base + dt.timedelta(days=shift) if base else None
    return _mention(match, _iso(day), "anaphoric" if spoken else "relative", "day", shift > 0)


def _speaker_day(ctx: _Context, pos: int) -> Date | None:
    """The last date of the paragraph when ``pos`` lies inside a quotation, else None."""
    opens = ctx.text.rfind("\n", 0, pos) + 1
    paragraph = ctx.text[opens:pos]
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not inside:
        return None
    if ctx.spoken is None or ctx.spoken[0] != opens:  # one base per paragraph's quotation
        dated = ctx.anchor is not None and ctx.anchor_end >= opens
        ctx.spoken = (opens, ctx.anchor if dated else None)
    return ctx.spoken[1]


def _resolve_iso(match: re.Match[str], ctx: _Context) -> DateMention | None:
    """"2023-09-19" as written in data-heavy copy."""
    day = _safe_date(int(match["y"]), int(match["mo"]), int(match["d"]))
    if day is None:
        return None
    ctx.last_year = day.year
    return _mention(match, day.isoformat(), "absolute", "day")


def _resolve_year_after(match: re.Match[str], ctx: _Context) -> DateMention:
    """"a year after/since/ago": the anniversary framing dates the event a year back."""
    day = minus_years(ctx.published, 1) if ctx.published else None
    return _mention(match, _iso(day), "relative", "day")


def _resolve_ago(match: re.Match[str], ctx: _Context) -> DateMention:
    """"three days ago", "two weeks ago": counted back from publication."""
    unit = match["unit"].lower()
    if ctx.published is None:
        return _mention(match, None, "relative", unit)
    day = _counted_back(ctx.published, _count(match["n"]), unit)
    if day is None or unit == "day":
        return _mention(match, _iso(day), "relative", "day")
    if unit == "week":
        return _mention(match, _iso(day - dt.timedelta(days=day.weekday())), "relative", "week")
    return _mention(match, day.isoformat()[: 7 if unit == "month" else 4], "relative", unit)


def _counted_back(day: Date, count: int, unit: str) -> Date | None:
    """The day ``count`` days, weeks, months or years before ``day`` as dateparser reads
    "N units ago" (months keep the day of the month, or take the month's last; years are
    twelve months); None out of the calendar's range."""
    try:
        if unit in ("day", "week"):
            return day - dt.timedelta(days=count * (7 if unit == "week" else 1))
        return minus_months(day, count * (12 if unit == "year" else 1))
    except (ValueError, OverflowError):
        return None


def _anaphoric(match: re.Match[str], ctx: _Context, offset: int,
               base: Date | None = None) -> DateMention:
    """``offset`` days from ``base`` (default: the last date, else publication).

    A past clause cannot land after publication: when counting from the last date would
    (the frame was wrong), the mention stays unresolved.
    """
    base = base or ctx.anchor or ctx.published
    day = base + dt.timedelta(days=offset) if base else None
    pub = ctx.published
    if day and pub and base <= pub < day and not is_future(ctx.text, match.start()):
        day = None
    return _mention(match, _iso(day), "anaphoric", "day")


def _resolve_same_day(match: re.Match[str], ctx: _Context) -> DateMention:
    rel = match["rel"].lower()
    offset = {"same": 0, "following": 1, "next": 1}.get(rel, -1)
    return _anaphoric(match, ctx, offset)


def _resolve_the_day(match: re.Match[str], ctx: _Context) -> DateMention:
    offset = 1 if match["rel"].lower() == "after" else -1
    return _anaphoric(match, ctx, offset, _dated_reference(ctx, match.end()))


def _resolve_that_day(match: re.Match[str], ctx: _Context) -> DateMention:
    """"that day", "that night": the day of the last event, not of a later statement."""
    return _anaphoric(match, ctx, 0, ctx.event_anchor)


def _resolve_in_the_day(match: re.Match[str], ctx: _Context) -> DateMention:
    """"earlier in the day" is the frame's day; "later today" the publication day."""
    if match.group().lower().endswith("day") and "today" not in match.group().lower():
        return _anaphoric(match, ctx, 0)
    return _mention(match, _iso(ctx.published), "relative", "day", match["w"].lower() == "later")


def _dated_reference(ctx: _Context, end: int) -> Date | None:
    """The explicit date of the event a "day before/after" names: "a day before the group
    entered the capital on Aug. 15" counts from Aug. 15 (same clause only)."""
    if not re.match(r"\s+[A-Za-z]", ctx.text[end:]):
        return None
    sentence_end = _sentence_end(ctx.text, end)
    clause = re.search(r"[,;:]", ctx.text[end:sentence_end])
    limit = end + clause.start() if clause else sentence_end
    for _kind, regex in _COMPILED[:2]:
        for match in regex.finditer(ctx.text, end, limit):
            resolved = _resolve_day_month(match, _Context(ctx.text, ctx.published))
            if resolved and resolved.day:
                return resolved.day
    return None


def _resolve_days_offset(match: re.Match[str], ctx: _Context) -> DateMention:
    """"two days later", "one day earlier"; "a day after <event>" in a lead is the news day.

    "A day after X launched..., Y announced" describes the current news day when the frame
    is the publication day (no earlier date, or the last one is the publication date);
    in a dated narrative it counts from the last date.
    """
    count, rel = _count(match["n"]), match["rel"].lower()
    sign = 1 if rel in ("later", "after") else -1
    follows = ctx.text[match.end():]
    introduces_event = rel in ("after", "before") and re.match(r"\s+[A-Za-z]", follows)
    if introduces_event and (reference := _dated_reference(ctx, match.end())):
        return _anaphoric(match, ctx, sign * count, reference)
    frame = ctx.anchor or ctx.published
    if introduces_event and frame == ctx.published:
        return _anaphoric(match, ctx, 0)
    return _anaphoric(match, ctx, sign * count)


_PREVIOUS_WORD = re.compile(r"(\w+)\s*$")  # searched up to a mention, as in the text before it


def _resolve_weekday(match: re.Match[str], ctx: _Context) -> DateMention | None:
    """Last such weekday on or before publication; the next one for future clauses."""
    prefixes = load_lexicon("events")["dates"]["weekday_name_prefixes"]
    previous_word = _PREVIOUS_WORD.search(ctx.text, max(0, match.start() - 20), match.start())
    if previous_word and previous_word.group(1).lower() in prefixes:
        return None
    lowered = match.group().lower()
    future = "next " in lowered or ("last " not in lowered and is_future(ctx.text, match.start()))
    if ctx.published is None:
        return _mention(match, None, "weekday", "day", future)
    gap = (_WEEKDAYS.index(match["wd"]) - ctx.published.weekday()) % 7
    day = ctx.published + dt.timedelta(days=gap) if future else (
        ctx.published - dt.timedelta(days=(7 - gap) % 7))
    if "last " in lowered and day == ctx.published:
        day -= dt.timedelta(days=7)
    return _mention(match, day.isoformat(), "weekday", "day", future)


def _resolve_bare_range(match: re.Match[str], ctx: _Context) -> DateMention | None:
    """"the 19-20 operations": month and year from a dated mention in the same sentence."""
    day, second = int(match["d"]), int(match["d2"])
    if not 1 <= day < second <= 31:
        return None
    reference = _nearest_dated(ctx, match.start())
    if reference is None:
        return None
    resolved = _safe_date(reference.year, reference.month, day)
    return _mention(match, _iso(resolved), "range", "day") if resolved else None


def _nearest_dated(ctx: _Context, pos: int) -> Date | None:
    """The resolved day of the month-day mention nearest to ``pos`` in its sentence."""
    start, end = sentence_bounds(ctx.text, pos)
    best: tuple[int, Date] | None = None
    for _kind, regex in _COMPILED[:2]:
        for match in regex.finditer(ctx.text, start, end):
            resolved = _resolve_day_month(match, _Context(ctx.text, ctx.published))
            distance = abs(match.start() - pos)
            if resolved and resolved.day and (best is None or distance < best[0]):
                best = (distance, resolved.day)
    return best[1] if best else None


_RESOLVERS = {
    "month_day": _resolve_day_month,
    "day_month": _resolve_day_month,
    "month_year": _resolve_month_year,
    "year_month": _resolve_month_year,
    "month_only": _resolve_month_only,
    "period": _resolve_period,
    "year": _resolve_year,
    "iso": _resolve_iso,
    "relative_word": _resolve_relative_word,
    "year_after": _resolve_year_after,
    "ago": _resolve_ago,
    "same_day": _resolve_same_day,
    "the_day": _resolve_the_day,
    "that_day": _resolve_that_day,
    "in_the_day": _resolve_in_the_day,
    "days_offset": _resolve_days_offset,
    "weekday": _resolve_weekday,
    "bare_range": _resolve_bare_range,
}


# --- lines that are only a date, a byline or a "first published" note ------------------


def is_dateline(text: str, mention: DateMention, mentions: list[DateMention]) -> bool:
    """True when the mention sits on a line that only dates or signs the article."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end == -1 else line_end
    rest = _without_mentions(text, line_start, line_end, mentions)
    if not re.search(r"[A-Za-z]", rest):
        return True
    if re.match(r"[\s,.|•·–—-]*by\s", rest, flags=re.IGNORECASE):
        return True
    before, after = text[line_start:mention.start], text[mention.end:line_end]
    return _labelled_date(before, after) or bool(_WIRE_PLACE.fullmatch(before)
                                                 and _WIRE_AFTER.match(after))


_DATE_LABEL = re.compile(r"(?i)(?:^|[(|•·,])\s*(?:date\s+)?(?:(?:first|originally|last)\s+)?"
                         r"(?:date|dated|published|updated|posted)(?:\s+on)?\s*:?\s*$")
# "GAZA, Oct 17 (Reuters) -", "WASHINGTON, Aug 31:", "MOSCOW, April 8.": a wire dateline
# dates the filing, not an event.
_WIRE_PLACE = re.compile(r"\s*[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*")
_WIRE_AFTER = re.compile(r",?\s*(?:\([^()\n]{1,30}\)\s*)?(?:[-–—:]|\.?\s*$)")


def _labelled_date(before: str, after: str) -> bool:
    """"date 2020-10-12 Title…", "Published: 3 May", "(Date first published: …)": a page's
    own date label, unless the words after it carry on a sentence ("Published Tuesday in
    the journal, the study…")."""
    if not _DATE_LABEL.search(before):
        return False
    return not re.match(r"[\s,]+(?!at\b|by\b|on\b|updated\b|last\b)[a-z]{2,}", after)


def _without_mentions(text: str, start: int, end: int, mentions: list[DateMention]) -> str:
    pieces, cursor = [], start
    for mention in _mentions_between(mentions, start, end):
        pieces.append(text[cursor:mention.start])
        cursor = mention.end
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _mentions_between(mentions: list[DateMention], start: int, end: int) -> Iterator[DateMention]:
    return (m for m in mentions if start <= m.start and m.end <= end)


def parse_published(value: str | Date | None) -> Date | None:
    """The publication date from an ISO date or date-time string (None when absent or bad)."""
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
