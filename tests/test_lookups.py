"""Per-document look-ups that replaced per-mention scans give the same answers as the scans."""

from __future__ import annotations

import itertools
import random
import re

from claimledger.dates import _after_abbreviation, sentence_bounds
from claimledger.lexicons import any_word
from claimledger.pipeline.ranges import Ranges


def _scanned_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` read by scanning the whole prefix (the old definition)."""
    pattern = r"[.!?][\"”’)]?\s+(?=[A-Z“\"‘'])|\n"
    start = 0
    for match in re.finditer(pattern, text[:pos]):
        if match.group().startswith("\n") or not _after_abbreviation(text, match.start()):
            start = match.end()
    end = len(text)
    for match in re.finditer(pattern, text[pos:]):
        if match.group().startswith("\n") or not _after_abbreviation(text, pos + match.start()):
            end = pos + match.start() + 1
            break
    return start, end


TEXT = ("Gen. Doe said: “Troops left.” Then quiet.\n\nMr. Roe spoke at 5 p.m. The next day, "
        "rain!  \n Later, \"Nobody\" came. ‘Why?’ (It ended.) Over")


def test_sentence_bounds_match_a_scan_of_the_prefix_at_every_position() -> None:
    for pos in range(len(TEXT) + 1):
        assert sentence_bounds(TEXT, pos) == _scanned_bounds(TEXT, pos), pos


def test_sentence_bounds_match_the_scan_where_a_break_straddles_the_position() -> None:
    pieces = [".", "!", " ", "\n", "A", "b", "”", ")", "Mr", " \n ", "x", "“"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        for pos in range(len(text) + 1):
            assert sentence_bounds(text, pos) == _scanned_bounds(text, pos), (text, pos)


def test_sentence_bounds_skip_abbreviations() -> None:
    text = "The envoy met Gen. Doe on Monday. He left."
    assert sentence_bounds(text, text.index("Doe")) == (0, text.index(" He"))


def test_ranges_answer_like_a_scan_of_every_range() -> None:
    rng = random.Random(3)
    spans = [(s, s + rng.randint(1, 6)) for s in (rng.randint(0, 40) for _ in range(30))]
    spans += spans[:3]  # duplicates count twice
    ranges = Ranges(spans)
    for start, end in itertools.combinations(range(0, 50), 2):
        assert ranges.overlapping(start, end) == sorted(
            r for r in spans if r[0] < end and start < r[1])
        assert ranges.inside(start, end) == sorted(
            r for r in spans if r[0] >= start and r[1] <= end)
        assert ranges.containing(start, end) == sorted(
            r for r in spans if r[0] <= start and end <= r[1])


def test_no_ranges_hold_nothing() -> None:
    assert Ranges([]).overlapping(0, 5) == [] and Ranges([]).containing(2, 3) == []


def test_any_word_finds_what_a_search_per_word_finds() -> None:
    words = ("un", "red cross", "u.n.", "world health organization", "who")
    texts = ["the un agency", "unicef said", "the red crossing", "red cross teams", "u.n. staff",
             "a u.n.-led force", "who said", "whose count", "", "the world health organization"]
    for text in texts:
        expected = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words)
        assert bool(any_word(words).search(text)) == expected, text
    assert any_word(()).search("anything") is None


def test_any_word_takes_other_boundaries() -> None:
    ending = any_word(("since", "after"), r"\b", r"\s*$")
    assert ending.search("killed since ") and not ending.search("since then")
