"""Find the numbers written in news text: digits, words, ranges, vague amounts, qualifiers.

Pure text work with no spaCy, so it is cheap to test. What a number counts (the measure)
is decided later from the parse; here we only read "at least 200", "some 150,000",
"hundreds of thousands", "1,500 to 2,000", "23 hours and 43 minutes". Word lists come
from ``data/numbers.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from claimledger.lexicons import load_lexicon, word_alternation
from claimledger.regex_guard import (
    finditer_in_lower_case,
    first_character_guard,
    lower_case_twin,
    searchable_lower,
)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DURATION_UNITS = r"minutes?|hours?|days?|weeks?|months?|years?|decades?"
# Compiled once: parse_number and the year test run on every number of an article.
_NUMBER_WORD_BREAK = re.compile(r"[\s-]+")
_WRITTEN_IN_DIGITS = re.compile(_DIGITS)
_YEAR_NUMBER = re.compile(r"1[89]\d\d|20\d\d")


@dataclass(frozen=True)
class NumberMention:
    """A number as written, with the qualifier words around it.

    ``start``/``end`` cover qualifier + number; ``number_start``/``number_end`` the number.
    """

    start: int
    end: int
    number_start: int
    number_end: int
    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    vague: bool = False
    year_like: bool = False


@dataclass(frozen=True)
class DurationMention:
    start: int
    end: int
    text: str
    hours: float
    qualifier: str
    hyphenated: bool  # "24-hour blitzkrieg": an adjective before what lasted


@cache
def _lexicon() -> dict:
    return load_lexicon("numbers")


@cache
def _simple_number_pattern() -> str:
    lex = _lexicon()
    units = word_alternation([u for u in lex["units"] if u != "dozen"])
    scales = word_alternation(list(lex["scales"]))
    word = rf"(?:{units})(?:[-\s](?:{units}))?"
    head = rf"(?:{_DIGITS}|{word}|(?:a|an)(?=\s+(?:dozen|{scales})\b))"
    return rf"(?:{head})(?:(?:\s+|-)(?:dozen|{scales})(?!s))*"


@cache
def _number_regex() -> re.Pattern[str]:
    lex = _lexicon()
    quals = word_alternation(list(lex["qualifiers_before"]))
    vague = word_alternation(list(lex["vague"]))
    after = word_alternation(list(lex["qualifiers_after"]))
    simple = _simple_number_pattern()
    pattern = rf"""
        (?<![\w.,:/$€£-])
        (?:(?P<qual>{quals})\s+)?
        (?:
            (?P<vague>(?:{vague}))(?![\w-])
          | (?:(?P<rangeword>between|from)\s*)?(?P<n1>{simple})
            (?:\s*(?P<sep>-|–|—|\bto\b|\band\b)\s*(?P<n2>{simple}))?
        )
        (?![\w])(?!:\d)(?!,\d)(?!\.\d)
        (?:\s+(?P<qafter>{after})\b)?
    """
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


@cache
def _number_twin() -> re.Pattern[str] | None:
    return lower_case_twin(_number_regex())


def parse_number(text: str) -> float | None:
    """Value of a simple number: "1,713", "250 thousand", "twenty-two", "a dozen", "1.5 million"."""
    lex = _lexicon()
    units, scales = lex["units"], lex["scales"]
    total, current = 0.0, 0.0
    seen = False
    for word in _NUMBER_WORD_BREAK.split(text.strip().lower()):
        if not word:
            continue
        if _WRITTEN_IN_DIGITS.fullmatch(word):
            current += float(word.replace(",", ""))
        elif word in ("a", "an"):
            current += 1
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in units:
            current += units[word]
        elif word in scales:
            scale = scales[word]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0.0
            else:
                current = (current or 1) * scale
        else:
            return None
        seen = True
    return total + current if seen else None


def _qualifier(match: re.Match[str]) -> str:
    lex = _lexicon()
    if match.group("qual"):
        return _entry(lex["qualifiers_before"], match.group("qual"))
    if match.group("qafter"):
        return _entry(lex["qualifiers_after"], match.group("qafter"))
    return "exact"


def _entry(table: dict[str, Any], written: str) -> Any:
    """The lexicon entry for words a case-insensitive pattern matched: by their lower case
    with single spaces, or (a letter that folds into an ASCII one, "ſome") the entry whose
    words they match."""
    key = re.sub(r"\s+", " ", written.lower())
    if key in table:
        return table[key]
    return next(value for words, value in table.items()
                if re.fullmatch(re.escape(words).replace(r"\ ", r"\s+"), written, re.I))


def _is_year(text: str) -> bool:
    return bool(_YEAR_NUMBER.fullmatch(text))


@cache
def _month_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A month name right before ("Oct. 3", "the March 16 strike") or after ("3 October")."""
    months = word_alternation(_lexicon()["dates"]["months"])
    return (re.compile(rf"(?<![\w])(?:{months})\.?\s*$"),
            re.compile(rf"\s*(?:{months})\b"))


def _is_day_of_month(text: str, start: int, end: int) -> bool:
    number = text[start:end]
    if not (number.isdigit() and 1 <= int(number) <= 31):
        return False
    before, after = _month_regexes()
    return bool(before.search(text[max(0, start - 12):start])
                or after.match(text[end:end + 12]))


@cache
def _furniture_regex() -> re.Pattern[str]:
    """Numbers that are page furniture: phone numbers, ticker lines, long article ids."""
    pattern = "|".join(f"(?:{p})" for p in _lexicon()["furniture"]["patterns"])
    return re.compile(f"{first_character_guard(pattern)}(?:{pattern})")


def _furniture_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _furniture_regex().finditer(text)]


@cache
def _not_a_count_words() -> tuple[tuple[tuple[str, int], ...], tuple[str, ...], tuple[str, ...]]:
    """The words after a number ((lower case, length) pairs, and the lower-case words alone)
    and the words before it that make it no count."""
    lex = _lexicon()["not_a_count"]
    after = tuple((word.lower(), len(word)) for word in lex["after"])
    return after, tuple(lower for lower, _ in after), tuple(lex["before"])


def _not_a_count(text: str, start: int, end: int) -> bool:
    after, starts, before = _not_a_count_words()
    tail = text[end:end + 14].lstrip().lower()
    head = text[max(0, start - 24):start].rstrip()
    if text[end:end + 1] == "%" or (text[end:end + 1] == "-" and tail[1:].startswith("year")):
        return True
    if tail.startswith(starts) and any(  # the tuple test first: most numbers have none
            tail.startswith(lower) and not tail[length:length + 1].isalpha()
            for lower, length in after):
        return True
    if _is_day_of_month(text, start, end):
        return True
    return head.endswith(before)


def _range_mention(match: re.Match[str], text: str) -> NumberMention | None:
    n1, n2 = parse_number(match.group("n1")), parse_number(match.group("n2"))
    sep = match.group("sep").lower()
    if n1 is None or n2 is None or (sep == "and" and not match.group("rangeword")):
        return None
    if n1 < n2 and n1 < 1000 <= n2 and re.search(r"[a-z]", match.group("n2"), re.I):
        n1 *= n2 / (parse_number(re.split(r"\s+|-", match.group("n2"))[0]) or 1)
    if n1 >= n2:
        return None
    start = match.start("rangeword") if match.group("rangeword") else match.start("n1")
    return NumberMention(
        start=start, end=match.end("n2"), number_start=start, number_end=match.end("n2"),
        text=text[start:match.end("n2")], value=n1, low=n1, high=n2, qualifier="range",
    )


def _mention(match: re.Match[str], text: str) -> NumberMention | None:
    if match.group("vague"):
        value = float(_entry(_lexicon()["vague"], match.group("vague")))
        return NumberMention(
            start=match.start(), end=match.end(), number_start=match.start("vague"),
            number_end=match.end("vague"), text=match.group(0), value=value, low=value,
            high=None, qualifier="at_least", vague=True,
        )
    if match.group("n2"):
        ranged = _range_mention(match, text)
        if ranged is not None:
            return ranged
    n1 = match.group("n1")
    value = parse_number(n1)
    if value is None:
        return None
    qualifier = _qualifier(match)
    low = value if qualifier in ("at_least", "more_than") else None
    high = value if qualifier in ("at_most", "up_to", "less_than") else None
    end = match.end("qafter") if match.group("qafter") else match.end("n1")
    return NumberMention(
        start=match.start(), end=end, number_start=match.start("n1"), number_end=match.end("n1"),
        text=text[match.start():end], value=value, low=low, high=high, qualifier=qualifier,
        year_like=_is_year(n1) and qualifier == "exact",
    )


def _is_change(match: re.Match[str], text: str) -> bool:
    """"rose by one to 13", "raised the toll from 64 to 2,975": a change from one figure to
    another, so two figures, not a range."""
    if not match.group("n2") or match.group("sep").lower() != "to":
        return False
    start = match.start("rangeword") if match.group("rangeword") else match.start("n1")
    before = text[max(0, start - 90):start]
    before = re.split(r"(?<=[a-z]{2})[.!?]\s|\n", before)[-1].lower()
    if re.search(r"\bby\s*$", before):
        return True
    words = _lexicon()["change_words"]["words"]
    return bool(match.group("rangeword")) and match.group("rangeword").lower() == "from" and any(
        re.search(rf"\b{re.escape(w)}\b", before) for w in words)


def _simple_mention(text: str, start: int, end: int) -> NumberMention | None:
    value = parse_number(text[start:end])
    if value is None:
        return None
    return NumberMention(start=start, end=end, number_start=start, number_end=end,
                         text=text[start:end], value=value, low=None, high=None,
                         qualifier="exact")


@cache
def _alternative_regex() -> re.Pattern[str]:
    vague = word_alternation(list(_lexicon()["vague"]))
    return re.compile(rf"\s*,?\s*(?:or|if\s+not|to|and\s+even|or\s+even)\s+(?:even\s+|low\s+|"
                      rf"possibly\s+|perhaps\s+)?(?:{vague})\b", re.I)


def _alternative_end(text: str, end: int) -> int:
    """"dozens or low hundreds", "dozens if not hundreds": one vague figure, read as the first."""
    found = _alternative_regex().match(text[end:end + 60])
    return end + found.end() if found else end


def _mentions(match: re.Match[str], text: str) -> list[NumberMention]:
    if _is_change(match, text):
        pair = [_simple_mention(text, match.start(g), match.end(g)) for g in ("n1", "n2")]
        return [m for m in pair if m is not None]
    mention = _mention(match, text)
    return [mention] if mention is not None else []


def find_numbers(text: str) -> list[NumberMention]:
    """Every count-like number in ``text``: dates, percentages, ages, money, units, phone
    numbers, tickers and ids excluded."""
    found: list[NumberMention] = []
    masked = [(d.start, d.end) for d in find_durations(text)] + _furniture_spans(text)
    skip_until = 0
    for match in finditer_in_lower_case(_number_regex(), _number_twin(), text,
                                        searchable_lower(text)):
        if not (match.group("vague") or match.group("n1")) or match.start() < skip_until:
            continue
        for mention in _mentions(match, text):
            if _not_a_count(text, mention.number_start, mention.number_end):
                continue
            if not mention.value.is_integer() or any(
                    s <= mention.number_start < e for s, e in masked):
                continue  # "38.65": a price or a reading, never a count of people or things
            if mention.vague and (skip_until := _alternative_end(text, mention.end)) > mention.end:
                mention = replace(mention, end=skip_until, number_end=skip_until,
                                  text=text[mention.start:skip_until])
            found.append(mention)
    return found


@cache
def _duration_regex() -> re.Pattern[str]:
    simple = _simple_number_pattern()
    quals = word_alternation(list(_lexicon()["qualifiers_before"]) + ["within", "only", "just"])
    return re.compile(
        rf"""(?<![\w-])(?:(?P<qual>{quals})\s+)?
        (?P<n1>{simple}|a|an|one)(?P<sep1>[\s-]+)(?P<u1>{_DURATION_UNITS})(?P<long>[\s-]+long)?
        (?:\s+and\s+(?P<n2>{simple}|a|an|one)\s+(?P<u2>{_DURATION_UNITS}))?(?![\w])""",
        re.IGNORECASE | re.VERBOSE,
    )


@cache
def _duration_twin() -> re.Pattern[str] | None:
    return lower_case_twin(_duration_regex())


def _hours(number_text: str, unit: str) -> float | None:
    value = 1.0 if number_text.lower() in ("a", "an") else parse_number(number_text)
    if value is None:
        return None
    return value * _entry(_lexicon()["duration_units"], unit)


def find_durations(text: str) -> list[DurationMention]:
    """Spans like "23 hours and 43 minutes", "24-hour", "six-week", "within a day"."""
    return list(_durations(text))


@lru_cache(maxsize=4)  # read twice per article: to mask numbers, and as claims of their own
def _durations(text: str) -> tuple[DurationMention, ...]:
    found = []
    for match in finditer_in_lower_case(_duration_regex(), _duration_twin(), text,
                                        searchable_lower(text)):
        hours = _hours(match.group("n1"), match.group("u1"))
        if hours is None:
            continue
        if match.group("n2"):
            hours += _hours(match.group("n2"), match.group("u2")) or 0.0
        qual = (match.group("qual") or "").lower()
        qualifier = {"within": "at_most", "only": "exact", "just": "exact"}.get(qual)
        if qualifier is None:
            qualifier = _lexicon()["qualifiers_before"].get(re.sub(r"\s+", " ", qual), "exact")
        hyphenated = "-" in match.group("sep1") or bool(match.group("long"))
        found.append(DurationMention(match.start(), match.end(), match.group(0), hours,
                                     qualifier, hyphenated))
    return tuple(found)
