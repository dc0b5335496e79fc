"""Cheaper searches for a pattern, read from the pattern itself: a look-ahead of the
characters its matches can start with, and a search only near the words its matches hold.

``re`` tries a pattern at every position of the text; a pattern that opens with optional
words ("on", a weekday) spends several steps at each position before it fails, and a
search over a whole article adds them up. Tested first, a look-ahead of the first
characters fails in one step wherever no match can start, and changes no match: it only
asks for what every match has. The characters are read from the parsed pattern, so the
guard follows the pattern (and the lexicon words in it) as they change; when they cannot
be told (a match may be empty, or opens with a construct not read here) there is none.

A whole-text search still tries every position. When every match holds one of a few words
(a month's name, "ago"), only the stretches around their places need searching: how far a
match reaches from its word is read from the pattern too (:func:`match_bounds`), for texts
whose runs of spaces or digits are no longer than a cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  (what ``re`` compiles from)
from re import _parser  # type: ignore[attr-defined]

_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}

# (case-insensitive, class item) pairs, or None when unknown
_Firsts = set[tuple[bool, str]] | None


class _Unknown(Exception):
    """The pattern opens with something this reading does not follow."""


def first_character_guard(pattern: str, flags: int = 0) -> str:
    """``(?=…)`` matching the first character of every match of ``pattern`` compiled with
    ``flags``, or "" when that cannot be told."""
    try:
        parsed = _parser.parse(pattern, flags)
        firsts, empty = _firsts(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    except _Unknown:
        return ""
    if parsed.state.flags & ~(flags | re.UNICODE):
        return ""  # global inline flags ("(?i)…") must open the pattern: nothing goes before
    if empty or not firsts:
        return ""
    plain = "".join(sorted(item for folded, item in firsts if not folded))
    folded = "".join(sorted(item for folded, item in firsts if folded))
    parts = ([f"(?-i:[{plain}])"] if plain else []) + ([f"(?i:[{folded}])"] if folded else [])
    return f"(?=(?:{'|'.join(parts)}))"


def _firsts(items: list, ignore_case: bool) -> tuple[set[tuple[bool, str]], bool]:
    """The first characters of a sequence, and whether it can match the empty string."""
    found: set[tuple[bool, str]] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return found | {(ignore_case, re.escape(chr(av)))}, False
        if op is sre.IN:
            return found | {(ignore_case, item) for item in _class_items(av)}, False
        if op is sre.SUBPATTERN:
            _, add, remove, sub = av
            case = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            inner, empty = _firsts(list(sub), case)
        elif op is sre.BRANCH:
            parts = [_firsts(list(alternative), ignore_case) for alternative in av[1]]
            inner = set().union(*(p[0] for p in parts))
            empty = any(p[1] for p in parts)
        elif op in _REPEATS:
            low, _, sub = av
            inner, empty = _firsts(list(sub), ignore_case)
            empty = empty or low == 0
        elif op is sre.ATOMIC_GROUP:
            inner, empty = _firsts(list(av), ignore_case)
        else:
            raise _Unknown(op)
        found |= inner
        if not empty:
            return found, False
    return found, True


def _class_items(items: list) -> list[str]:
    """A character class's items, written again for a class of the guard."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unknown(op)  # a negated class, another category
    return out


def held_words(pattern: str, flags: int = 0) -> tuple[str, ...]:
    """The runs of plain ASCII characters at the top level of ``pattern`` (outside any
    group, class, repeat or alternative): every match holds each of them, so a text that
    lacks one need not be searched. In lower case for a case-insensitive pattern, to be
    looked for in :func:`searchable_lower` of the text."""
    parsed = _parser.parse(pattern, flags)
    runs, run = [], ""
    for op, av in parsed:
        if op is sre.LITERAL and av < 128:
            run += chr(av)
        else:
            runs.append(run)
            run = ""
    runs.append(run)
    if parsed.state.flags & re.IGNORECASE:
        runs = [r.lower() for r in runs]
    return tuple(r for r in runs if r)


# Lower-casing a text agrees with case-insensitive matching of ASCII words except for four
# letters that fold into ASCII ones.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K


@lru_cache(maxsize=8)  # the dates, numbers and durations of one text each want it
def searchable_lower(text: str) -> str | None:
    """The text in lower case, where a case-insensitive pattern's ASCII words are found as
    it finds them; None when a letter that folds into ASCII makes that untrue."""
    return text.lower() if _FOLDS_TO_ASCII.search(text) is None else None


# --- a case-insensitive pattern searched as a plain one in the lower-case text ----------

# The flags a twin cannot keep: it reads the lower-case text as the pattern reads the text
# only under Unicode matching.
_NO_TWIN_FLAGS = re.LOCALE | re.ASCII


def lower_case_twin(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``regex`` (case-insensitive) compiled case-sensitive, to be searched in
    :func:`searchable_lower` of a text: it matches at the same places, since every letter of
    the pattern is a lower-case ASCII one and lower-casing a character changes neither
    whether it is a word character, a digit or a space, nor (but for the four letters that
    text excludes) which ASCII letter it folds to; and the engine's plain steps cost about
    half its case-insensitive ones. None when the pattern is not such (an upper-case
    letter, a case-sensitive part, a back-reference, a locale or ASCII flag)."""
    if not regex.flags & re.IGNORECASE or regex.flags & _NO_TWIN_FLAGS:
        return None
    try:
        _check_lower(list(_parser.parse(regex.pattern, regex.flags)))
    except _Unknown:
        return None
    twin = re.compile(regex.pattern, regex.flags & ~re.IGNORECASE)
    return None if twin.flags & re.IGNORECASE else twin  # "(?i)" in the pattern itself


def _check_lower(items: list) -> None:
    """Raise :class:`_Unknown` unless a twin of these items matches as they do."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            _check_character(av, av)
        elif op is sre.IN:
            for item, value in av:
                if item is sre.LITERAL:
                    _check_character(value, value)
                elif item is sre.RANGE:
                    _check_character(*value)
                elif item not in (sre.CATEGORY, sre.NEGATE):
                    raise _Unknown(item)
        elif op is sre.SUBPATTERN:
            if av[2] & re.IGNORECASE or av[1] & _NO_TWIN_FLAGS:
                raise _Unknown(op)  # a case-sensitive part
            _check_lower(list(av[3]))
        elif op is sre.BRANCH:
            for alternative in av[1]:
                _check_lower(list(alternative))
        elif op in _REPEATS:
            _check_lower(list(av[2]))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _check_lower(list(av[1]))
        elif op is sre.ATOMIC_GROUP:
            _check_lower(list(av))
        elif op not in (sre.AT, sre.ANY):
            raise _Unknown(op)


def _check_character(low: int, high: int) -> None:
    """Characters ``low..high`` of a pattern must be lower-case ASCII or have no case."""
    for code in range(low, high + 1):
        character = chr(code)
        if character != character.lower() or (not character.isascii()
                                              and character != character.upper()):
            raise _Unknown(sre.LITERAL)


def finditer_in_lower_case(regex: re.Pattern[str], twin: re.Pattern[str] | None, text: str,
                           lowered: str | None) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` finds, found by its :func:`lower_case_twin` in
    ``lowered`` (:func:`searchable_lower` of ``text``) and read from ``regex`` at each
    place, so that groups hold the text as written. Without a twin or a lower case, or if
    the two disagreed on a match, the text is searched as it is."""
    if twin is None or lowered is None:
        return list(regex.finditer(text))
    found = []
    for place in twin.finditer(lowered):
        match = regex.match(text, place.start())
        if match is None or match.end() != place.end():
            return list(regex.finditer(text))
        found.append(match)
    return found


# --- searching only near the words every match holds ------------------------------------

# Characters a pattern may repeat without bound ("\s+", "[-\s]+", "[\s,]*", "\d+"), by the
# run they make, and the longest such run the bounds of :func:`match_bounds` allow for; a
# search near a longer one (:func:`long_runs`) reads the whole text.
_RUN_ITEMS = {
    "spacing": frozenset({(sre.CATEGORY, sre.CATEGORY_SPACE), (sre.LITERAL, ord(",")),
                          (sre.LITERAL, ord("-"))}),
    "digits": frozenset({(sre.CATEGORY, sre.CATEGORY_DIGIT)}),
}
_RUN_CAPS = {"spacing": 5, "digits": 8}
_LONG_RUNS = {"spacing": re.compile(rf"[\s,-]{{{_RUN_CAPS['spacing'] + 1},}}"),
              "digits": re.compile(rf"\d{{{_RUN_CAPS['digits'] + 1},}}")}
_CONSUMING = {sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY}
# An anchor reads the character at its position ("\b"); "$" also whether the text ends
# right after it (a final newline).
_AT_READS = {sre.AT_END: 2}


@dataclass(frozen=True)
class MatchBounds:
    """How far a pattern's matches go while no run it repeats is longer than its cap."""

    width: int  # the longest a match can be
    reach: int  # how far past a match's start the engine reads (look-aheads, ``\b``)
    runs: frozenset[str]  # the runs (``_RUN_ITEMS``) the pattern repeats without bound


def match_bounds(pattern: str, flags: int = 0) -> MatchBounds | None:
    """The bounds of ``pattern``'s matches, or None when they cannot be told (a repeat
    without bound of anything but the runs of ``_RUN_ITEMS``, a back-reference, …) or a
    match may be empty."""
    parsed = _parser.parse(pattern, flags)
    runs: set[str] = set()
    try:
        width, reach = _extent(list(parsed), runs)
    except _Unknown:
        return None
    if parsed.getwidth()[0] == 0:
        return None
    return MatchBounds(width, reach, frozenset(runs))


def _extent(items: list, runs: set[str]) -> tuple[int, int]:
    """The longest a sequence consumes, and the furthest past its start it reads."""
    offset = reach = 0
    for op, av in items:
        if op in _CONSUMING:
            width, read = 1, 1
        elif op is sre.AT:
            width, read = 0, _AT_READS.get(av, 1)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            width, read = 0, _assertion_read(av, runs)
        elif op is sre.SUBPATTERN:
            width, read = _extent(list(av[3]), runs)
        elif op is sre.ATOMIC_GROUP:
            width, read = _extent(list(av), runs)
        elif op is sre.BRANCH:
            extents = [_extent(list(alternative), runs) for alternative in av[1]]
            width, read = max(e[0] for e in extents), max(e[1] for e in extents)
        elif op in _REPEATS:
            low, high, sub = av
            each, each_read = _extent(list(sub), runs)
            if high == sre.MAXREPEAT:
                high = _RUN_CAPS[_run(list(sub), runs)]
            width, read = each * high, each * max(high - 1, 0) + each_read
        else:
            raise _Unknown(op)
        reach = max(reach, offset + read)
        offset += width
    return offset, max(reach, offset)


def _assertion_read(av: tuple, runs: set[str]) -> int:
    """How far past its position a look-around reads: a look-ahead its pattern's reach, a
    look-behind only what is before it (and what a look-ahead inside it reads on)."""
    direction, sub = av
    width, read = _extent(list(sub), runs)
    return read if direction == 1 else max(0, read - width)


def _run(sub: list, runs: set[str]) -> str:
    """The run (``_RUN_ITEMS``) a repeat without bound of ``sub`` makes."""
    if len(sub) == 1 and sub[0][0] in (sre.IN, sre.LITERAL):
        items = set(sub[0][1]) if sub[0][0] is sre.IN else {sub[0]}
        for name, allowed in _RUN_ITEMS.items():
            if items <= allowed:
                runs.add(name)
                return name
    raise _Unknown(sre.MAX_REPEAT)


def long_runs(text: str, run: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s runs (``_RUN_ITEMS``) longer than their cap."""
    return [match.span() for match in _LONG_RUNS[run].finditer(text)]


def word_places(where: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of every place of ``words`` in ``where``, in order of their starts (a
    ``str.find`` per word reads a text faster than one search for all of them)."""
    places = []
    for word in words:
        at = where.find(word)
        while at >= 0:
            places.append((at, at + len(word)))
            at = where.find(word, at + 1)
    places.sort()
    return places


def finditer_near(regex: re.Pattern[str], bounds: MatchBounds, text: str,
                  places: list[tuple[int, int]],
                  long: list[tuple[int, int]]) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` finds, for a pattern whose every match holds a word
    that starts in one of ``places`` (sorted by start, :func:`word_places`), searched only
    around them: a match starts at most ``bounds.width`` before the end of the word it
    holds, and the engine reads at most ``bounds.reach`` past a start, so a search of the
    text up to there finds what the whole text gives. That holds while the text searched
    crosses none of the runs longer than the bounds allow for (``long``, the spans of
    :func:`long_runs` of ``bounds.runs``): the last run a match takes in before its word
    would end within its width of the word, and the engine would read no further run.
    Where one does, the whole text is searched."""
    windows = _windows(places, bounds)
    if long and any(start < last + bounds.reach and first < end
                    for first, last in windows for start, end in long):
        return list(regex.finditer(text))
    found: list[re.Match[str]] = []
    done = 0  # where the last match ends: the matches of one search do not overlap
    for first, last in windows:
        for match in regex.finditer(text, max(first, done), min(len(text), last + bounds.reach)):
            if match.start() > last:
                break
            found.append(match)
            done = match.end()
    return found


def _windows(places: list[tuple[int, int]], bounds: MatchBounds) -> list[tuple[int, int]]:
    """The first and last start of a match holding a word that starts in each place (from
    ``bounds.width`` before the end of a word of one character at the place's start, to
    the place's last character), joined where the text the searches read overlaps."""
    windows: list[tuple[int, int]] = []
    for start, end in places:
        first = max(0, start + 1 - bounds.width)
        if windows and first <= windows[-1][1] + bounds.reach:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end - 1))
        else:
            windows.append((first, end - 1))
    return windows
