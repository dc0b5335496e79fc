"""The first-character look-ahead read from a pattern: it changes no match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.regex_guard import first_character_guard, held_words, searchable_lower

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
