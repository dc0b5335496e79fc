"""The first-character look-ahead read from a pattern: it changes no match."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.regex_guard import (
    MatchBounds,
    finditer_in_lower_case,
    finditer_near,
    first_character_guard,
    held_words,
    long_runs,
    lower_case_twin,
    match_bounds,
    searchable_lower,
    word_places,
)

PATTERNS = [
    (r"(?:\b(?i:on)\s+)?(?:Monday|Friday),?\s+\d+", 0),
    (r"(?<![\d.])(?P<d>[0-3]?\d)(?:st|th)?\s+(?:of\s+)?May", 0),
    (r"\b(?i:a|one)\s+year\s+(?i:after|ago)\b", 0),
    (r"\+?\(?\b\d{3}\)?[\s.-]\d{3}|(?<![\d,])\d{6,}|\b[A-Z]{2,5}\s+\d", 0),
    (r"(?-i:AP)|associated\s+press|(?:x|y)*z", re.IGNORECASE),
    (r"(?:early|late)?\s*march", re.IGNORECASE),
    (r"(?>ab|a)c", 0),
]
ALPHABET = "aAbBcCOnmMFrydSTWz0135 ,.()+-\n"


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_guarded_pattern_finds_what_the_pattern_finds(pattern: str, flags: int) -> None:
    guard = first_character_guard(pattern, flags)
    assert guard
    guarded = re.compile(f"{guard}(?:{pattern})", flags)
    plain = re.compile(pattern, flags)

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet=ALPHABET, max_size=40))
    def same(text: str) -> None:
        assert [m.span() for m in guarded.finditer(text)] == [
            m.span() for m in plain.finditer(text)]

    same()


def test_guard_lists_the_first_characters() -> None:
    assert first_character_guard(r"\b(?i:on)\s+\d|Monday") == "(?=(?:(?-i:[M])|(?i:[o])))"
    assert first_character_guard(r"(?<!\d)[0-3]?\d") == r"(?=(?:(?-i:[0-3\d])))"


@pytest.mark.parametrize("pattern", [r"a?", r"[^a]b", r".b", r"(a)?\1b", r"\Bx|\W", r"(?i)abc"])
def test_no_guard_when_the_first_characters_cannot_be_told(pattern: str) -> None:
    assert first_character_guard(pattern) == ""


def test_held_words_are_the_top_level_literals_in_the_patterns_case() -> None:
    assert held_words(r"^.*\bvia\s+getty(?:\s+images)?\b.*$", re.I) == ("via", "getty")
    assert held_words(r"\(\s*(?:AP|Reuters)\s*\)") == ("(", ")")
    assert held_words(r"Photo(?:graph)?\s*by") == ("Photo", "by")
    assert held_words(r"a?|b") == ()


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"\bvia\s+getty(?:\s+images)?\b", re.I), (r"Ab\s*c?d", 0), (r"(?i)ab[cd]", 0)])
def test_a_text_without_a_held_word_has_no_match(pattern: str, flags: int) -> None:
    words = held_words(pattern, flags)
    assert words

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet="abcdgetyivAGBD \u017f\u212a\u0130", max_size=20))
    def lacking(text: str) -> None:
        lowered = searchable_lower(text) if re.compile(pattern, flags).flags & re.I else text
        if lowered is not None and not all(word in lowered for word in words):
            assert re.search(pattern, text, flags) is None

    lacking()


def test_no_lower_case_to_search_where_a_letter_folds_into_ascii() -> None:
    assert searchable_lower("Reuters SAID") == "reuters said"
    assert searchable_lower("REUTER\u017f") is None


def test_match_bounds_count_each_run_at_its_cap_and_what_look_aheads_read() -> None:
    spacing = frozenset({"spacing"})
    assert match_bounds(r"ab\s+c") == MatchBounds(8, 8, spacing)  # 2 + 5 + 1
    assert match_bounds(r"a(?=\w{3})") == MatchBounds(1, 4, frozenset())
    assert match_bounds(r"\bab\b") == MatchBounds(2, 3, frozenset())  # "\b" reads one on
    assert match_bounds(r"(?<=\w{9})ab") == MatchBounds(2, 2, frozenset())
    assert match_bounds(r"(?<=a(?=bcd))x") == MatchBounds(1, 3, frozenset())
    assert match_bounds(r"ab$") == MatchBounds(2, 4, frozenset())  # whether a newline ends it
    assert match_bounds(r"x\d+|[-,\s]*yz") == MatchBounds(9, 9, frozenset({"digits", "spacing"}))


@pytest.mark.parametrize("pattern", [r"(?:ab)+", r"a.*b", r"a\w+", r"(a)\1", r"a?"])
def test_no_match_bounds_when_they_cannot_be_told(pattern: str) -> None:
    assert match_bounds(pattern) is None


def test_long_runs_are_those_over_the_cap() -> None:
    assert long_runs("a, b - c\n\nd", "spacing") == []
    assert long_runs("a \n \n \n b, c - \n\n  d", "spacing") == [(1, 8), (12, 19)]
    assert long_runs("12345678", "digits") == []
    assert long_runs("x 123456789", "digits") == [(2, 11)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcn ", max_size=30))
def test_word_places_hold_the_start_of_every_place_of_every_word(text: str) -> None:
    words = ("ab", "b", "bab", "nn")
    spans = word_places(text, words)
    for word in words:
        for at in (i for i in range(len(text)) if text.startswith(word, i)):
            assert any(start <= at < end for start, end in spans)


NEAR = [  # (pattern, flags, words every match holds, whether to look for them in lower case)
    (r"(?:\b(?i:on)\s+)?(?:Monday|Friday)(?:,?\s+\d+)?", 0, ("day",), False),
    (r"\b(?i:a|one)\s+year\s+(?i:after|ago)\b(?![\s,]*\d)", 0, ("year",), True),
    (r"(?<![\d.])(?P<d>[0-3]?\d)(?:st|th)?\s+(?:of\s+)?May(?!\w)", 0, ("May",), False),
    (r"ab(?!c)", 0, ("a",), False),
]


@pytest.mark.parametrize(("pattern", "flags", "words", "lower"), NEAR)
def test_a_search_near_the_words_finds_what_the_whole_text_gives(
        pattern: str, flags: int, words: tuple[str, ...], lower: bool) -> None:
    regex = re.compile(pattern, flags)
    bounds = match_bounds(pattern, flags)
    assert bounds is not None

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(["on ", "On", "Monday", "Friday", ", ", "12", "a year",
                                     "ONE YEAR", " ago", "after", "3rd", " of ", "May", "ab",
                                     "c", " ", "\n", "x" * 20, ".", "7", " " * 7,
                                     "123456789"]), max_size=30))
    def same(pieces: list[str]) -> None:
        text = "".join(pieces)
        where = text.lower() if lower else text
        long = sorted(span for run in bounds.runs for span in long_runs(text, run))
        near = finditer_near(regex, bounds, text, word_places(where, words), long)
        assert [(m.span(), m.groups()) for m in near] == [
            (m.span(), m.groups()) for m in regex.finditer(text)]

    same()


def test_a_search_near_the_words_reads_no_further_than_the_bounds() -> None:
    """A match too far from any of the places given is not looked for (the search does not
    read the whole text), and one the engine must read up to its reach to reject is not
    found either."""
    regex = re.compile(r"ab(?!c)")
    bounds = match_bounds(regex.pattern)
    assert [m.span() for m in finditer_near(regex, bounds, "ab" + "x" * 50 + "ab", [(0, 1)],
                                            [])] == [(0, 2)]
    assert finditer_near(regex, bounds, "x" * 50 + "abc", [(50, 51)], []) == []
    widest = re.compile(r"a\s+b")  # a match as wide as the bounds allow, its word at the end
    text = "a" + " " * 5 + "b"
    assert [m.span() for m in finditer_near(widest, match_bounds(widest.pattern), text,
                                            word_places(text, ("b",)), [])] == [(0, 7)]


def test_lower_case_twin_is_the_pattern_without_ignoring_case() -> None:
    twin = lower_case_twin(re.compile(r"(?<![\w.-])(?:some|about)\s+\d+[-–]?", re.I))
    assert twin is not None and twin.pattern == r"(?<![\w.-])(?:some|about)\s+\d+[-–]?"
    assert not twin.flags & re.IGNORECASE


@pytest.mark.parametrize(("pattern", "flags"), [
    ("some", 0),  # not case-insensitive: nothing to gain
    ("Some", re.I), ("[A-Z]", re.I), ("a(?-i:b)", re.I), ("(a)\\1", re.I),
    ("σ", re.I),  # a non-ASCII letter folds with others ("ς") that lower case leaves apart
    ("a", re.I | re.ASCII), ("(?i)a", re.I),
])
def test_no_lower_case_twin_where_it_would_match_otherwise(pattern: str, flags: int) -> None:
    assert lower_case_twin(re.compile(pattern, flags)) is None


def test_lower_casing_a_character_keeps_its_class() -> None:
    """What a twin relies on: a character and its lower case are alike word characters,
    digits or spaces (İ, whose lower case is two characters, is never searched)."""
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        lower = character.lower()
        if lower == character or code == 0x130:
            continue
        for regex in (word, digit, space):
            assert bool(regex.match(character)) == bool(regex.match(lower)), hex(code)


TWINNED = [
    r"(?<![\w.,:/$€£-])(?:(?P<q>about|some|more\s+than)\s+)?(?P<n>\d+|one|two|dozen)(?![\w])",
    r"\b(?:in|since)[-\s]+(?P<m>march|april)\b(?![\s,]*\d)",
    r"(?P<w>earlier|later)\s+(?:in\s+the\s+day|today)\b",
    r"[a-z]+(?=\s+ago)|\bk[^s]",
]


@pytest.mark.parametrize("pattern", TWINNED)
def test_a_twin_in_the_lower_case_finds_what_the_pattern_finds(pattern: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    twin = lower_case_twin(regex)
    assert twin is not None

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet="aAbBkKsSiIoOmMrRcChH1 ,.-\nÉéΣσςẞßⅠⅰ\u0130\u0131\u017f\u212a",
                   max_size=25) | st.lists(st.sampled_from(
                       ["About ", "SOME ", "more  than ", "12", "One", "DOZEN", "In ", "since-",
                        "MARCH", "April", " 3", "Earlier ", "LATER", " in the day", "today",
                        " ago", "KS", "ks", "É", "\u212a", "x"]), max_size=12).map("".join))
    def same(text: str) -> None:
        found = finditer_in_lower_case(regex, twin, text, searchable_lower(text))
        assert [(m.span(), m.groups()) for m in found] == [
            (m.span(), m.groups()) for m in regex.finditer(text)]

    same()


def test_a_search_near_a_run_longer_than_the_bounds_reads_the_whole_text() -> None:
    regex = re.compile(r"a\s+b")
    bounds = match_bounds(regex.pattern)
    text = "x" * 30 + "a" + " " * 9 + "b"  # wider than the bounds: it starts too far back
    places = word_places(text, ("b",))
    assert finditer_near(regex, bounds, text, places, []) == []  # the run not given
    assert [m.span() for m in finditer_near(regex, bounds, text, places,
                                            long_runs(text, "spacing"))] == [(30, 41)]
