"""Number reading on phrases written for these tests."""

from __future__ import annotations

import pytest

from claimledger.numbers import find_durations, find_numbers, parse_number


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier"),
    [
        ("at least 57 bodies", 57, "at_least"),
        ("no fewer than 57", 57, "at_least"),
        ("more than 1,200 homes", 1200, "more_than"),
        ("over 3,000", 3000, "more_than"),
        ("exceeding 90", 90, "more_than"),
        ("above 40", 40, "more_than"),
        ("topped 6,000", 6000, "more_than"),
        ("about 70", 70, "about"),
        ("some 4,500 families", 4500, "about"),
        ("around 300", 300, "about"),
        ("an estimated 12,000", 12000, "about"),
        ("nearly 150,000", 150000, "about"),
        ("almost 80", 80, "about"),
        ("roughly 120,000", 120000, "about"),
        ("300 or so", 300, "about"),
        ("up to 5,000", 5000, "up_to"),
        ("as many as 900", 900, "up_to"),
        ("at most 30", 30, "at_most"),
        ("fewer than 20", 20, "less_than"),
        ("less than 15", 15, "less_than"),
        ("exactly 41 people", 41, "exact"),
    ],
)
def test_qualifiers(phrase: str, value: float, qualifier: str) -> None:
    [mention] = find_numbers(phrase)
    assert (mention.value, mention.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("dozens", 24), ("hundreds", 200), ("thousands", 2000), ("several thousand", 3000),
        ("tens of thousands", 20000), ("hundreds of thousands", 200000), ("millions", 2000000),
        ("a few hundred", 300),
    ],
)
def test_vague_amounts_follow_the_counting_conventions(phrase: str, value: float) -> None:
    [mention] = find_numbers(f"The floods drove {phrase} of villagers out.")
    assert (mention.value, mention.low, mention.qualifier, mention.vague) == (
        value, value, "at_least", True)


def test_ranges_give_low_and_high() -> None:
    found = find_numbers("between 1,500 and 2,000 dead; 18,000-20,000 tents; 1.5 to 2 million")
    assert [(m.value, m.low, m.high, m.qualifier) for m in found] == [
        (1500, 1500, 2000, "range"), (18000, 18000, 20000, "range"),
        (1500000, 1500000, 2000000, "range"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty-two", 22), ("nine", 9), ("a dozen", 12), ("250 thousand", 250000),
     ("1.5 million", 1500000), ("three hundred", 300), ("4,501", 4501)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_non_counts_are_ignored() -> None:
    text = ("Some 95% of the 67-year-old residents live 40 km away; the truce began at 14:05 GMT "
            "on the 19th and cost $300 million.")
    assert find_numbers(text) == []


def test_years_are_flagged() -> None:
    [mention] = find_numbers("The dam failed in 1994.")
    assert mention.year_like


def test_numbers_inside_durations_are_not_counts() -> None:
    assert find_numbers("a six-week war and a 9-months-long siege") == []


def test_durations_in_hours() -> None:
    found = find_durations("In 23 hours and 43 minutes it ended; the 24-hour raid; within a day; "
                           "the siege lasted only a week.")
    assert [(round(d.hours, 2), d.qualifier, d.hyphenated) for d in found] == [
        (23.72, "exact", False), (24.0, "exact", True), (24.0, "at_most", False),
        (168.0, "exact", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The strike on Oct. 3, 2023 hit the depot.",  # day of month, then a year
        "Residents recall the March 16 strike.",
        "No aid has arrived since April 8.",
        "On May 12 the second quake came.",
        "The offensive began on 27 September.",
        "Trading closed with XYZ 38.65 ▲ 0.04 on the board.",
        "The ticket cost 12.50 at the gate.",
        "A magnitude 7.8 quake and a 6.1-magnitude aftershock shook the valley.",
        "The shelter lies 40 km from the front.",
        "Call the hotline on (202) 555-0100 or +44 20 7946 0958.",
        "Story 1999950 was updated.",
        "Photo 3/12: the ruins at 14:35.",
        "The toll is ten times the first estimate.",
        "A woman aged 34 was among them.",
        "They filed the report on the 19th.",
    ],
)
def test_numbers_that_are_not_counts(text: str) -> None:
    assert [m.text for m in find_numbers(text) if not m.year_like] == []


def test_a_count_next_to_a_month_is_still_a_count() -> None:
    found = find_numbers("In April 300 people died; on May 12, 41 more were killed.")
    assert [m.value for m in found] == [300, 41]


def test_a_number_opening_a_paragraph_starts_at_its_first_letter() -> None:
    text = "Nine guards were hurt.\n\nSeven of those were taken to hospital, and from 3 to 5 died."
    found = find_numbers(text)
    assert [m.text for m in found] == ["Nine", "Seven", "from 3 to 5"]
    assert text[found[1].start] == "S"


def _flat_alternation(words: list[str]) -> str:
    """The plain alternation the prefix tree stands for: longest first, spaces as ``\\s+``."""
    import re

    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def test_prefix_tree_alternation_matches_as_the_flat_one() -> None:
    """Word lists are compiled as trees of shared prefixes; with words that are prefixes of
    one another and a tail that makes the engine backtrack into them, every match is the
    flat alternation's."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from claimledger.lexicons import word_alternation

    word = st.text(alphabet="ab .", min_size=1, max_size=5).filter(lambda w: w.strip() == w)
    tails = ["", "b", r"\s", "(?!a)", "a?b", r"\.?\s*$"]

    @settings(max_examples=150, deadline=None)
    @given(st.lists(word, min_size=1, max_size=6, unique=True),
           st.text(alphabet="ab .\n", max_size=30), st.sampled_from(tails),
           st.sampled_from([0, re.IGNORECASE]))
    def same(words: list[str], text: str, tail: str, flags: int) -> None:
        flat = re.compile(f"(?:{_flat_alternation(words)}){tail}", flags)
        tree = re.compile(f"(?:{word_alternation(words)}){tail}", flags)
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]

    same()
    assert word_alternation(["near", "nearly", "nigh on"]) == r"n(?:igh\s+on|ear(?:ly|))"


@pytest.mark.parametrize("text", [
    "MORE THAN 200 were hurt; Some Dozens fled, Twenty-Two died, Between 1,500 AND 2,000 left.",
    "Officials said Hundreds Of Thousands had fled within Three Days, for 23 HOURS and 4 minutes.",
    "ſome 40 were counted by the \u212aelvin survey, About 12 more than a week ago.",  # folds
])
def test_numbers_found_in_the_lower_case_text_are_those_of_the_text(text: str, monkeypatch) -> None:
    """The number and duration patterns are searched as plain patterns in the lower-case
    text (regex_guard.lower_case_twin): the mentions are those of the case-insensitive
    search, their words as written."""
    from claimledger import numbers

    assert numbers._number_twin() is not None and numbers._duration_twin() is not None
    twinned = (find_numbers(text), find_durations(text))
    monkeypatch.setattr(numbers, "_number_twin", lambda: None)
    monkeypatch.setattr(numbers, "_duration_twin", lambda: None)
    numbers._durations.cache_clear()
    assert (find_numbers(text), find_durations(text)) == twinned
    assert any(m.text[:1].isupper() for m in twinned[0] + twinned[1])


def test_words_with_letters_that_fold_into_ascii_are_read_as_the_lexicons() -> None:
    """The case-insensitive patterns match "ſome" (long s) as "some": its qualifier, vague
    amount or unit is the lexicon's (it was a KeyError)."""
    assert [(m.value, m.qualifier) for m in find_numbers("ſome 40 fled; ſeveral hundred died")
            ] == [(40.0, "about"), (300.0, "at_least")]
    assert [d.hours for d in find_durations("It lasted 3 mınutes.")] == [0.05]
