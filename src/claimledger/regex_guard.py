"""A look-ahead of the characters a pattern's matches can start with, read from the pattern.

``re`` tries a pattern at every position of the text; a pattern that opens with optional
words ("on", a weekday) spends several steps at each position before it fails, and a
search over a whole article adds them up. Tested first, a look-ahead of the first
characters fails in one step wherever no match can start, and changes no match: it only
asks for what every match has. The characters are read from the parsed pattern, so the
guard follows the pattern (and the lexicon words in it) as they change; when they cannot
be told (a match may be empty, or opens with a construct not read here) there is none.
"""

from __future__ import annotations

import re
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


def searchable_lower(text: str) -> str | None:
    """The text in lower case, where a case-insensitive pattern's ASCII words are found as
    it finds them; None when a letter that folds into ASCII makes that untrue."""
    return text.lower() if _FOLDS_TO_ASCII.search(text) is None else None
