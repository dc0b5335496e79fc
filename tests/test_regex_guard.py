"""The first-character look-ahead read from a pattern: it changes no match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.regex_guard import first_character_guard

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
