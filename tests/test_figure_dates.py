"""A figure's as-of date and era from its own sentence (texts written for these tests)."""

from __future__ import annotations

import pytest

PUBLISHED = "2022-09-20"  # a Tuesday


def times(run_pipeline, text: str) -> list[tuple[float, str | None, str]]:
    doc = run_pipeline(text, published=PUBLISHED)
    return [(q["value"], q["as_of"], q["era"]) for q in doc._.cl_quantities
            if q["measure"] == "killed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said on Friday that 49 soldiers were killed.",
         (49, "2022-09-16", "current")),
        ("A quake in 2005 killed 73,000 people in the valley.", (73000, "2005", "background")),
        ("The 1990s war killed 30,000 people.", (30000, PUBLISHED, "background")),
        ("A dam broke in 1998. It killed 400 people.", (400, "1998", "background")),
        ("Officials said 120 people were killed in the floods.", (120, PUBLISHED, "current")),
    ],
)
def test_a_figure_takes_the_date_of_its_own_sentence(run_pipeline, text, expected):
    assert times(run_pipeline, text)[0] == expected


def test_a_date_that_starts_a_count_does_not_date_the_figure(run_pipeline):
    text = "The army says 105 of its troops died in the fighting since Sunday."
    assert times(run_pipeline, text)[0] == (105, PUBLISHED, "current")


def test_a_count_that_began_in_an_earlier_era_is_background(run_pipeline):
    text = "Officials say old mines have killed 240 farmers since the war in 2016."
    assert times(run_pipeline, text)[0] == (240, PUBLISHED, "background")


def test_an_earlier_war_as_a_yardstick_leaves_the_figure_current(run_pipeline):
    text = ("Last month, at least 286 people were killed before a truce ended the worst "
            "clashes since the 2020 war.")
    assert times(run_pipeline, text)[0] == (286, PUBLISHED, "current")


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        # the date of the deaths or of the incident is not the count's: the report's is
        ("More than 300 soldiers were killed on the night of 13 September, the council said.",
         PUBLISHED),
        ("As many as 950 people have died in the 11 September quake.", PUBLISHED),
        ("The count found dozens of deaths linked to the 10 September storm.", PUBLISHED),
        ("The army lost 120 soldiers, most of them after the offensive began on 1 September.",
         PUBLISHED),
        # a month or a year is coarser than the report
        ("Last month, 140 people were killed in the clashes.", PUBLISHED),
        ("A new study says 950 people died in the floods in 2022.", PUBLISHED),
        # a span of dates is the count's span, not its date
        ("The study counted 1,200 additional deaths between 1 May and 31 August.", PUBLISHED),
        # the sentence dates the count itself
        ("As of 15 September, 310 people had been killed in the clashes.", "2022-09-15"),
        ("Rescuers dug on, and by Friday the toll had climbed to 410 dead.", "2022-09-16"),
        ("On Friday officials said 120 people were killed in the floods.", "2022-09-16"),
        ("In August, the ministry reported that 75 people had died.", "2022-08"),
        ("Rescuers kept digging. The toll rose on Friday to 410 dead.", "2022-09-16"),
        ("Rescuers kept digging. Friday's toll was 410 dead.", "2022-09-16"),
    ],
)
def test_a_count_speaks_for_its_report_unless_the_sentence_dates_the_count(
        run_pipeline, text, as_of):
    assert times(run_pipeline, text)[0][1:] == (as_of, "current")


def test_a_count_since_the_start_of_a_war_is_not_dated_by_that_start(run_pipeline):
    text = ("In total, 430 soldiers have been killed since the beginning of hostilities on "
            "12 September.")
    assert times(run_pipeline, text)[0][1:] == (PUBLISHED, "current")


def test_a_figure_inside_the_dated_phrase_belongs_to_it(run_pipeline):
    text = ("It is the deadliest fighting since the 2020 war, which went on for a month and "
            "left thousands dead.")
    assert times(run_pipeline, text)[0] == (2000, "2020", "background")


def test_body_date_mentions_leave_out_the_lines_that_only_date_the_article(run_pipeline):
    from claimledger.pipeline.figure_dates import body_date_mentions, date_mentions

    doc = run_pipeline("PORT VELL, Sept 18 (Wire) - Floods killed 40 people on Friday in the "
                       "river valley, officials said.", published=PUBLISHED)
    assert [m.text for m in date_mentions(doc)] == ["Sept 18", "on Friday"]
    assert [m.text for m in body_date_mentions(doc)] == ["on Friday"]
    assert body_date_mentions(doc) is body_date_mentions(doc)  # read once per doc
