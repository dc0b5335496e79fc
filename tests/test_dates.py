"""Date mentions resolved against the publication date (texts written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.dates import DateMention, find_date_mentions, is_dateline, parse_published

TUESDAY = dt.date(2023, 9, 26)  # an article published on Tuesday 26 September 2023


def only(text: str, published: dt.date | None = TUESDAY) -> DateMention:
    """The single mention in ``text`` (fails when there are none or several)."""
    mentions = find_date_mentions(text, published)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert text[mention.start:mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    ("text", "mention_text", "date", "future"),
    [
        ("A car bomb went off late on Tuesday near the port.", "late on Tuesday",
         "2023-09-26", False),
        ("Monday's explosion cut power to the district.", "Monday's", "2023-09-25", False),
        ("The two delegations would meet on Thursday in the capital.", "on Thursday",
         "2023-09-28", True),
        ("The funeral will be held on Friday, the family said.", "on Friday",
         "2023-09-29", True),
        ("A vote in parliament is scheduled for Saturday.", "Saturday", "2023-09-30", True),
        ("Wednesday evening the last convoy left the valley.", "Wednesday evening",
         "2023-09-20", False),
        ("Police said on Thursday that the suspects had fled.", "on Thursday",
         "2023-09-21", False),
        ("The mayor resigned last Tuesday.", "last Tuesday", "2023-09-19", False),
    ],
)
def test_weekdays_resolve_back_or_forward(text, mention_text, date, future):
    mention = only(text)
    assert (mention.text, mention.date, mention.how, mention.future) == (
        mention_text, date, "weekday", future)
    assert mention.granularity == "day"


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("Shelling resumed on Sept. 19 along the river.", TUESDAY, "2023-09-19"),
        ("Shelling resumed on September 19th along the river.", TUESDAY, "2023-09-19"),
        ("Shelling resumed on 19 September along the river.", TUESDAY, "2023-09-19"),
        ("On 28 September the council dissolved itself.", dt.date(2023, 10, 4), "2023-09-28"),
        ("On 28 September the council dissolved itself.", TUESDAY, "2022-09-28"),
        ("On December 30 a ferry sank off the coast.", dt.date(2024, 1, 3), "2023-12-30"),
        ("A runoff will be held on January 5 in the north.", dt.date(2023, 12, 28),
         "2024-01-05"),
        ("Leaders meet at a summit scheduled for October 5th in Spain.", dt.date(2023, 10, 2),
         "2023-10-05"),
    ],
)
def test_month_day_without_year_takes_the_year_around_publication(text, published, date):
    mention = only(text, published)
    assert (mention.date, mention.how, mention.granularity) == (date, "absolute", "day")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The offensive began on September 19th 2023 at dawn.", "2023-09-19"),
        ("Troops paraded in the city on Nov. 8, 2023.", "2023-11-08"),
        ("The treaty was signed on 2 October 2021 in a border town.", "2021-10-02"),
        ("Monday 2 October 2023 saw the first buses leave.", "2023-10-02"),
        ("The register entry of 2023-09-19 lists the damage.", "2023-09-19"),
    ],
)
def test_dates_with_a_year_are_absolute(text, date):
    mention = only(text)
    assert (mention.date, mention.how) == (date, "absolute")


def test_a_year_right_after_the_phrase_fixes_the_year():
    text = "Mines were laid after the signing of the November 10th truce in 2020."
    day = find_date_mentions(text, TUESDAY)[0]
    assert (day.text, day.date) == ("November 10th", "2020-11-10")


@pytest.mark.parametrize(
    ("text", "mention_text", "date"),
    [
        ("Fighting raged on September 19-20 in the hills.", "on September 19-20",
         "2023-09-19"),
        ("Fighting raged from 19 to 21 September in the hills.", "from 19 to 21 September",
         "2023-09-19"),
        ("Fighting raged between 12 and 14 August in the hills.", "between 12 and 14 August",
         "2023-08-12"),
    ],
)
def test_ranges_give_their_first_day(text, mention_text, date):
    mention = only(text)
    assert (mention.text, mention.date, mention.how) == (mention_text, date, "range")


def test_a_bare_range_borrows_the_month_of_a_date_in_its_sentence():
    text = "He spoke on September 25 about the 19-20 raids on the border villages."
    mentions = find_date_mentions(text, TUESDAY)
    assert [(m.text, m.date, m.how) for m in mentions] == [
        ("on September 25", "2023-09-25", "absolute"), ("19-20", "2023-09-19", "range")]


def test_number_pairs_without_a_month_nearby_are_not_dates():
    text = "The 24-hour truce held, and the home side won 3-1 on aggregate."
    assert find_date_mentions(text, TUESDAY) == []


@pytest.mark.parametrize(
    ("text", "date", "granularity"),
    [
        ("The bridge collapsed yesterday.", "2023-09-25", "day"),
        ("The bridge collapsed today.", "2023-09-26", "day"),
        ("The bridge reopens tomorrow.", "2023-09-27", "day"),
        ("The bridge collapsed last week.", "2023-09-18", "week"),
        ("The bridge collapsed three days ago.", "2023-09-23", "day"),
        ("A year ago the bridge collapsed.", "2022-09-26", "day"),
        ("A year after the flood, the town is rebuilt.", "2022-09-26", "day"),
        ("The region marks a year since the flood.", "2022-09-26", "day"),
    ],
)
def test_relative_forms_count_from_publication(text, date, granularity):
    mention = only(text)
    assert (mention.date, mention.how, mention.granularity) == (date, "relative", granularity)


def test_anaphora_follow_the_previous_day_level_date():
    text = ("On Sept. 21 the envoys met in the capital. The day before, shelling hit the port. "
            "On the same day, aid trucks were stopped. Two days later the road reopened, "
            "a week after a deal reached one day earlier.")
    found = [(m.text, m.date, m.how) for m in find_date_mentions(text, TUESDAY)]
    assert found == [
        ("On Sept. 21", "2023-09-21", "absolute"),
        ("The day before", "2023-09-20", "anaphoric"),
        ("On the same day", "2023-09-20", "anaphoric"),
        ("Two days later", "2023-09-22", "anaphoric"),
        ("one day earlier", "2023-09-21", "anaphoric"),
    ]


def test_anaphora_without_an_earlier_date_use_the_publication_date():
    mention = only("The ministry said the convoy had left one day earlier.")
    assert (mention.date, mention.how) == ("2023-09-25", "anaphoric")


def test_a_day_after_an_event_in_a_lead_is_the_news_day():
    mention = only("A day after rebels seized the airport, the army announced a curfew.")
    assert (mention.text, mention.date) == ("A day after", "2023-09-26")


@pytest.mark.parametrize(
    ("text", "date", "granularity"),
    [
        ("Talks have stalled since March 2023.", "2023-03", "month"),
        ("Earlier this month, the minister visited the front.", "2023-09", "month"),
        ("Aid deliveries resumed in early August.", "2023-08", "month"),
        ("The council will dissolve by the end of 2023.", "2023", "year"),
        ("A six-week war broke out in 2020.", "2020", "year"),
    ],
)
def test_month_and_year_mentions_are_not_day_level(text, date, granularity):
    mention = only(text)
    assert (mention.date, mention.granularity) == (date, granularity)
    assert mention.day is None


def test_holiday_names_are_not_weekdays():
    assert find_date_mentions("The Good Friday accord still holds.", TUESDAY) == []


def test_without_a_publication_date_relative_forms_stay_unresolved():
    text = "Troops withdrew on Tuesday, after the accord of 8 May 2021 and a raid on 3 June."
    found = [(m.text, m.date) for m in find_date_mentions(text, None)]
    assert found == [("on Tuesday", None), ("8 May 2021", "2021-05-08"),
                     ("on 3 June", "2021-06-03")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Storm hits the coast\n26 September, 2023\nHouses were flooded on Monday.",
         [True, False]),
        ("By Jane Roe | Sept. 26, 2023\nThe levee broke on Monday.", [True, False]),
        ("Tuesday 26 September 2023, by [ROE Jane](#) (Date first published: 25 September "
         "2023).\nThe levee broke on Monday.", [True, True, False]),
        ("On 25 September, rivers burst banks built by engineers in 1990.", [False, False]),
    ],
)
def test_date_and_byline_lines_are_recognised(text, expected):
    mentions = find_date_mentions(text, TUESDAY)
    assert [is_dateline(text, m, mentions) for m in mentions] == expected


def test_published_accepts_dates_and_date_times():
    assert parse_published("2023-09-26T08:00:00Z") == TUESDAY
    assert parse_published("not a date") is None
    assert parse_published(None) is None


def dates_of(text: str, published: dt.date | None = TUESDAY) -> list[tuple[str, str | None]]:
    return [(m.text, m.date) for m in find_date_mentions(text, published)]


def test_a_date_restating_an_anaphor_gives_its_own_day():
    text = "The envoy said the day before, on Sept. 12, that the corridor would open."
    assert dates_of(text) == [("the day before, on Sept. 12", "2023-09-12")]


def test_a_bracketed_date_restating_a_weekday_is_one_mention():
    agreeing = "A memo seen on Thursday (Sept. 21) by reporters lists the losses."
    assert dates_of(agreeing) == [("on Thursday (Sept. 21)", "2023-09-21")]
    slipped = "A memo seen on Thursday (Sept. 22) by reporters lists the losses."
    assert dates_of(slipped) == [("on Thursday (Sept. 22)", "2023-09-21")]


@pytest.mark.parametrize(
    ("text", "mention_text"),
    [
        ("Shelling killed 40 between Aug. 28 and Sept. 3 in the valley.",
         "Aug. 28 and Sept. 3"),
        ("Raids from August 28 to September 3 emptied the valley.", "August 28 to September 3"),
        ("Some 40 died between Aug. 28, when the dam broke, and Sept. 3.",
         "Aug. 28, when the dam broke, and Sept. 3"),
    ],
)
def test_a_window_across_months_gives_only_its_first_day(text, mention_text):
    assert dates_of(text) == [(mention_text, "2023-08-28")]


@pytest.mark.parametrize(
    ("text", "date", "future"),
    [
        ("Villagers fled due to shelling that began on September 30.", "2022-09-30", False),
        ("Villagers have fled since October 3, the agency said.", "2022-10-03", False),
        ("Peacekeepers are due to leave on October 3.", "2023-10-03", True),
        ("The minister said on Monday talks would be held on September 22.", "2023-09-22",
         True),
    ],
)
def test_future_reading_needs_a_real_future_cue(text, date, future):
    mention = find_date_mentions(text, TUESDAY)[-1]
    assert (mention.date, mention.future) == (date, future)


def test_a_month_day_just_before_publication_keeps_the_year():
    published = dt.date(2020, 10, 13)
    mention = only("The second round took place on October 12 amid protests.", published)
    assert mention.date == "2020-10-12"


def test_that_day_points_past_a_statement_date_to_the_event():
    text = ("A blast hit the depot on September 17. Inspectors said Sunday the fuse was "
            "faulty. At 7 p.m. that day, a second blast followed.")
    assert dates_of(text) == [("on September 17", "2023-09-17"), ("Sunday", "2023-09-24"),
                              ("that day", "2023-09-17")]


def test_relative_words_in_a_quotation_count_from_the_day_it_was_spoken():
    text = ('The spokesman told reporters on Friday: "No strike was planned for today, and '
            'yesterday was quiet."\nThe port reopened today.')
    assert dates_of(text) == [("on Friday", "2023-09-22"), ("today", "2023-09-22"),
                              ("yesterday", "2023-09-21"), ("today", "2023-09-26")]


def test_a_day_before_an_event_dated_in_the_same_clause_counts_from_that_date():
    text = "Evacuations began a day before the rebels entered the city on Sept. 15."
    assert dates_of(text) == [("a day before", "2023-09-14"), ("on Sept. 15", "2023-09-15")]


def test_an_anaphor_that_would_land_after_publication_stays_unresolved():
    text = "On Sunday a boy was found alive. Officials said nine days after the flood, hope fades."
    assert dates_of(text) == [("On Sunday", "2023-09-24"), ("nine days after", None)]


def test_earlier_in_the_day_and_later_today():
    text = "On Monday the dam burst. Earlier in the day, crews had warned of cracks."
    assert dates_of(text) == [("On Monday", "2023-09-25"), ("Earlier in the day", "2023-09-25")]
    assert dates_of("More rain is expected later today.") == [("later today", "2023-09-26")]


def test_month_days_that_name_an_event_are_not_dates():
    assert dates_of("The toll exceeds that of the Sept. 11 attacks in New York.") == []


@pytest.mark.parametrize("text", [
    "The toll exceeds that of the Sept. 11 ATTACKS.",  # the names are looked for in lower case
    "The toll exceeds that of the Sept. 11 attacks, said the Kelvın institute.",  # dotless i
])
def test_named_days_are_found_in_any_case_and_beside_letters_that_fold_to_ascii(text):
    assert not [d for d in dates_of(text) if "11" in d[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2023-09-26 Dam breaks in the north\nThe levee broke on Monday.", [True, False]),
        ("Published Monday in a medical journal, the study counts 900 deaths.", [False]),
        ("Published Monday, the study counts 900 deaths.", [False]),
        ("Published: Monday, updated Tuesday\nThe study counts 900 deaths.", [True, True]),
        ("The bureau wrote in a note published Monday evening that 900 died.", [False]),
        ("PORT CITY, Sept 25 (Reuters) - The levee broke on Monday.", [True, False]),
        ("CAPITAL, Sept. 25: The levee broke on Monday, officials said.", [True, False]),
    ],
)
def test_labelled_and_wire_datelines(text, expected):
    mentions = find_date_mentions(text, TUESDAY)
    assert [is_dateline(text, m, mentions) for m in mentions] == expected


GUARD_TEXTS = [
    "On Monday, March 3, 2024, the talks opened; on 4 March they stalled.",
    "Fighting raged from 19 to 21 September and between 3 and 5 October 2023.",
    "In early March 2020, and by mid-April, Sept. 19, 1-3 June; 2019 November was calm.",
    "Since August, during June, until July, till May, through October, throughout March.",
    "Earlier this week, later this month, next year, the past year, the previous week.",
    "The 2019-04-07 report, the 1990s, in 2015 and 2016.",
    "The day before yesterday, yesterday, today, tonight, last night, this evening.",
    "A year after the flood, one year since, three days ago, 2 weeks ago, an hour ago.",
    "On the same day, the following day, that day, later that night, earlier in the day.",
    "The day before, the day after, two days later, five days earlier, six days prior.",
    "Late on Tuesday, early Friday, last Sunday, next Wednesday, this Saturday's vote.",
    "The 19-20 operations lasted days; seven days after that, eight days before it.",
    "ſince Auguſt, İn June, ın July: letters that fold to ASCII ones when case is ignored.",
]


@pytest.mark.parametrize("text", GUARD_TEXTS)
def test_first_character_guards_change_no_match(text: str) -> None:
    """Each pattern is compiled behind a look-ahead of the characters its matches can start
    with: the guarded pattern finds exactly what the pattern alone finds."""
    import re

    from claimledger.dates import _COMPILED, _PATTERNS

    for (kind, pattern), (_, guarded) in zip(_PATTERNS, _COMPILED, strict=True):
        plain = [m.span() for m in re.finditer(pattern, text)]
        assert [m.span() for m in guarded.finditer(text)] == plain, kind


def test_every_pattern_matches_in_the_guard_texts() -> None:
    """The guard texts exercise every pattern (else the test above proves nothing for it)."""
    from claimledger.dates import _COMPILED

    text = "\n".join(GUARD_TEXTS)
    assert all(regex.search(text) for _, regex in _COMPILED)


def _searched_in_full(text: str) -> list:
    """What ``_non_overlapping`` keeps when every pattern searches the whole text."""
    from claimledger.dates import _COMPILED

    found = sorted(((m.start(), -(m.end() - m.start())), kind, m)
                   for kind, regex in _COMPILED for m in regex.finditer(text))
    kept: list = []
    for _, kind, match in found:
        if not kept or match.start() >= kept[-1][1].end():
            kept.append((kind, match))
    return [(kind, m.span(), m.groups()) for kind, m in kept]


@pytest.mark.parametrize("text", [
    *GUARD_TEXTS,
    "No date at all here, only 12 people and a village.",
    "Three DAYS AGO; an hour ago; Earlier TODAY; next WEEK.",
    "THIſ MORNING and thıs evening: letters that fold to ASCII when case is ignored.",
    "Late" + " " * 60 + "on Monday the levee broke.",  # a run longer than the bounds allow
    "Fighting raged from 19" + "\n" * 9 + "to 21 September.",
    "It began 123456789012 days ago, or on 3\n\nMarch.",
    "Monday",  # words at the very start and end of a text
])
def test_searching_near_the_words_of_each_kind_changes_no_match(text: str) -> None:
    """A kind is not searched for in a text lacking every word its matches hold, and else
    only around those words: what the patterns find is what searching the whole text
    finds."""
    from claimledger.dates import _non_overlapping
    from claimledger.regex_guard import searchable_lower

    kept = _non_overlapping(text, searchable_lower(text))
    assert [(kind, m.span(), m.groups()) for kind, m in kept] == _searched_in_full(text)


_PIECES = ["On", "Monday", "3", "March", "2024", "Sept.", "19-20", "the", "day", "before",
           "two", "days", "ago", "later", "that", "night", "this", "week", "early", "mid",
           "in", "2019-04-07", "from", "to", "of", "a", "year", "after", "Today", "x" * 30]
_GAPS = [" ", ", ", "-", "\n", " " * 7, "; ", ". ", ""]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=40))
def test_searching_near_words_finds_what_the_whole_text_gives(pieces: list) -> None:
    from claimledger.dates import _non_overlapping
    from claimledger.regex_guard import searchable_lower

    text = "".join(piece + gap for piece, gap in pieces)
    kept = _non_overlapping(text, searchable_lower(text))
    assert [(kind, m.span(), m.groups()) for kind, m in kept] == _searched_in_full(text)


def test_kinds_are_not_searched_for_when_their_words_are_missing() -> None:
    from claimledger.dates import _COMPILED, _Search

    text = "Rescuers found 12 people in the valley."
    search = _Search(text, text.lower())
    assert all(search.finditer(kind, regex) == () for kind, regex in _COMPILED)


@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
def test_counted_offsets_are_those_dateparser_reads(unit: str) -> None:
    """"N units ago" is counted back as dateparser counts it (the day of the month kept,
    or the month's last; nothing before year 1), without its cost per mention."""
    import dateparser

    from claimledger.dates import _counted_back

    pubs = [dt.date(2024, 3, 31), dt.date(2024, 2, 29), dt.date(2023, 12, 31), dt.date(2021, 1, 1),
            dt.date(2, 3, 30), dt.date(2030, 7, 15)]
    for published in pubs:
        for count in (0, 1, 2, 11, 13, 31, 59, 1000, 10**7):
            parsed = dateparser.parse(f"{count} {unit}s ago", languages=["en"], settings={
                "RELATIVE_BASE": dt.datetime.combine(published, dt.time())})
            expected = parsed.date() if parsed else None
            assert _counted_back(published, count, unit) == expected, (published, count)


def test_a_year_back_keeps_the_calendar_day() -> None:
    from claimledger.dates import minus_years

    assert minus_years(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)
    assert minus_years(dt.date(2024, 2, 29), 4) == dt.date(2020, 2, 29)
    assert minus_years(dt.date(2023, 10, 7), 2) == dt.date(2021, 10, 7)
    with pytest.raises(ValueError):
        minus_years(dt.date(2, 5, 1), 3)


def test_reading_dates_needs_no_dateparser() -> None:
    """dateparser takes a second to load its languages; counted offsets do without it."""
    import subprocess
    import sys

    probe = ("import sys, datetime\nfrom claimledger.dates import find_date_mentions\n"
             "find_date_mentions('Three weeks ago, two days ago', datetime.date(2024, 3, 31))\n"
             "print('dateparser' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
