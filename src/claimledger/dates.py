"""Find date mentions in news text and resolve them against the publication date.

News prose dates events relative to the day it was written ("late on Tuesday",
"yesterday", "a day after the attack", "Sept. 19" with no year), so every mention is
resolved against ``published``. ``dateparser`` handles counted offsets ("three days
ago"); the forms it gets wrong or cannot see in running text (weekdays in past or future
clauses, month-days without a year, ranges, anaphora) are resolved by the rules below.

Each mention gets a ``granularity``: only ``day`` mentions can date an event; ``week``,
``month`` and ``year`` mentions ("last week", "in March 2023", "in 2020") are found so
that callers can tell them apart. Their ``date`` is ISO with reduced precision
("2023-03", "2020"); a week is dated by its Monday.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import dateparser

from claimledger.lexicons import load_lexicon

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
_MONTH_FULL = (
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
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
    ("days_offset", rf"\b(?i:{_NUM}\s+days?\s+(?P<rel>earlier|later|before|after|prior))\b"),
    ("weekday", rf"(?:\b(?i:late|early)\s+)?{_ON}(?:\b(?i:last|next|this)\s+)?"
                rf"\b(?P<wd>{'|'.join(_WEEKDAYS)})(?:['’]s)?\b"
                r"(?:\s+(?i:morning|afternoon|evening|night))?"),
    ("bare_range", r"(?<![\w.,$-])(?P<d>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)(?![\w%-])"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _PATTERNS)
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
    anchor: Date | None = None
    last_year: int | None = None


def find_date_mentions(text: str, published: Date | None) -> list[DateMention]:
    """All date mentions in ``text`` in order, resolved against ``published``.

    Anaphoric forms ("the day before", "two days later") are resolved against the
    previous day-level mention, or the publication date when there is none.
    """
    ctx = _Context(text=text, published=published)
    mentions = []
    for kind, match in _non_overlapping(text):
        mention = _RESOLVERS[kind](match, ctx)
        if mention is None:
            continue
        mentions.append(mention)
        if mention.day is not None:
            ctx.anchor = mention.day
    return mentions


def _non_overlapping(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every pattern's matches; at one place the earliest, then longest, match wins."""
    found = [(kind, m) for kind, regex in _COMPILED for m in regex.finditer(text)]
    found.sort(key=lambda item: (item[1].start(), -(item[1].end() - item[1].start())))
    kept: list[tuple[str, re.Match[str]]] = []
    for kind, match in found:
        if not kept or match.start() >= kept[-1][1].end():
            kept.append((kind, match))
    return kept


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
    return _safe_date(day.year - years, day.month, day.day) or Date(day.year - years, 2, 28)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Approximate sentence around ``pos``: newlines and ". X" ends, skipping abbreviations."""
    start = 0
    for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z“\"‘'])|\n", text[:pos]):
        if match.group().startswith("\n") or not _after_abbreviation(text, match.start()):
            start = match.end()
    end = len(text)
    for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z“\"‘'])|\n", text[pos:]):
        if match.group().startswith("\n") or not _after_abbreviation(text, pos + match.start()):
            end = pos + match.start() + 1
            break
    return start, end


def _after_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 6):dot])
    return bool(word) and word.group(1).lower() in _ABBREVIATIONS


def _clause_before(text: str, start: int) -> str:
    """The words before a mention up to the nearest clause break: where future cues live."""
    sent_start, _ = sentence_bounds(text, start)
    before = text[max(sent_start, start - 80):start]
    return re.split(r"[,;:()“”\"]", before)[-1].lower()


def is_future(text: str, start: int) -> bool:
    """True when the clause before ``start`` speaks of what will happen ("would be held on")."""
    cues = load_lexicon("events")["dates"]["future_cues"]
    before = _clause_before(text, start)
    if re.search(r"\b(?:would|could|might)(?:\s+not|n['’]t)?\s+have\b", before):
        return False
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", before) for cue in cues)


def _nearby_year(text: str, end: int) -> int | None:
    """A year right after a yearless date: "the November 10th ceasefire deal in 2020"."""
    match = re.match(r"(?:\s+[a-z][\w-]*){0,4}?\s+in\s+((?:1[89]|20)\d\d)\b", text[end:end + 60])
    return int(match.group(1)) if match else None


def _infer_year(month: int, day: int, future: bool, ctx: _Context) -> Date | None:
    """The year that puts the day on or before publication (after it for future clauses)."""
    if ctx.published is None:
        return _safe_date(ctx.last_year, month, day) if ctx.last_year else None
    pub = ctx.published
    candidate = _safe_date(pub.year, month, day) or _safe_date(pub.year - 1, month, day)
    if candidate is None:
        return None
    if future and candidate < pub:
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
    """"yesterday", "today", "tomorrow", "last night": days counted from publication."""
    shift = _RELATIVE_DAYS.get(match["w"].lower(), 0)
    day = ctx.published + dt.timedelta(days=shift) if ctx.published else None
    return _mention(match, _iso(day), "relative", "day", shift > 0)


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
    """"three days ago", "two weeks ago": dateparser counts these well."""
    unit = match["unit"].lower()
    if ctx.published is None:
        return _mention(match, None, "relative", unit)
    base = dt.datetime.combine(ctx.published, dt.time())
    parsed = dateparser.parse(f"{_count(match['n'])} {unit}s ago", languages=["en"],
                              settings={"RELATIVE_BASE": base})
    day = parsed.date() if parsed else None
    if day is None or unit == "day":
        return _mention(match, _iso(day), "relative", "day")
    if unit == "week":
        return _mention(match, _iso(day - dt.timedelta(days=day.weekday())), "relative", "week")
    return _mention(match, day.isoformat()[: 7 if unit == "month" else 4], "relative", unit)


def _anaphoric(match: re.Match[str], ctx: _Context, offset: int) -> DateMention:
    base = ctx.anchor or ctx.published
    day = base + dt.timedelta(days=offset) if base else None
    return _mention(match, _iso(day), "anaphoric", "day")


def _resolve_same_day(match: re.Match[str], ctx: _Context) -> DateMention:
    rel = match["rel"].lower()
    offset = {"same": 0, "following": 1, "next": 1}.get(rel, -1)
    return _anaphoric(match, ctx, offset)


def _resolve_the_day(match: re.Match[str], ctx: _Context) -> DateMention:
    return _anaphoric(match, ctx, 1 if match["rel"].lower() == "after" else -1)


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
    frame = ctx.anchor or ctx.published
    if introduces_event and frame == ctx.published:
        return _anaphoric(match, ctx, 0)
    return _anaphoric(match, ctx, sign * count)


def _resolve_weekday(match: re.Match[str], ctx: _Context) -> DateMention | None:
    """Last such weekday on or before publication; the next one for future clauses."""
    prefixes = load_lexicon("events")["dates"]["weekday_name_prefixes"]
    previous_word = re.search(r"(\w+)\s*$", ctx.text[max(0, match.start() - 20):match.start()])
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
    note = r"\b(?:date\s+)?(?:first\s+)?(?:published|updated|posted)(?:\s+on)?\s*:?\s*$"
    before = text[line_start:mention.start]
    return bool(re.search(note, before, flags=re.IGNORECASE) or re.search(
        r"\(\s*(?:date\s+)?first\s+published\s*:", before, flags=re.IGNORECASE))


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
