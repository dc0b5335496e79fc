"""Named groups with no state, breakdown roles and side families (docs/subjects.md), on
sentences written for these tests."""

from __future__ import annotations

import pytest

from claimledger.subjects import breakdown_role, measure_roles, role_for_word, side_family
from test_subjects import _subject


def test_a_regions_people_of_a_nation_is_the_nations_side_family() -> None:
    assert side_family("Karabakh Armenians") == "Armenia"
    assert side_family("Velm Georgians") == "Georgia"
    assert side_family("Armenia") == "Armenia"
    assert side_family("Hamas") == "Hamas" and side_family("Rohingya") == "Rohingya"
    assert side_family("Donetsk separatists") == "Donetsk separatists"
    assert side_family("") == ""


def test_men_women_and_children_are_breakdowns_civilians_are_not() -> None:
    assert role_for_word("men") == "men"
    assert breakdown_role("men") and breakdown_role("women") and breakdown_role("children")
    assert not breakdown_role("civilians") and not breakdown_role("military")
    assert not breakdown_role("")


def test_a_role_that_restates_the_measure() -> None:
    assert "prisoners" in measure_roles("captured")
    assert "prisoners" not in measure_roles("killed")


@pytest.mark.parametrize("text, value, side, subject", [
    ("Officials said 40 civilians died – nine Yazidis, 11 Christians and 20 Sinjar Kurds – in "
     "the raids.", 9, "Yazidi", "Yazidis"),
    ("Officials said 40 civilians died, among them 20 Velm Tamils.", 20, "Tamil", "Velm Tamils"),
    ("Aid groups said that about 2,000 Yazidis have been killed so far by the gunmen.", 2000,
     "Yazidi", "Yazidis"),
    ("Nearly 5,000 Yazidi have fled to the mountains.", 5000, "Yazidi", "Yazidis"),
])
def test_a_peoples_name_is_its_side_in_the_singular(run_pipeline, text, value, side,
                                                    subject) -> None:
    claim = _subject(run_pipeline, text, value)
    assert (claim["subject_side"], claim["subject"]) == (side, subject)


def test_a_capitalised_noun_in_a_headline_is_no_people(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Floods Kill 40 Farmers Near The Delta", 40)
    assert claim["subject_side"] == ""


def test_a_named_person_or_place_is_no_people(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Officials said 40 Kabul residents were killed.", 40)
    assert claim["subject_side"] == "" and claim["subject_role"] == "civilians"


def test_a_union_of_states_counts_its_citizens(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Officials say 25 EU citizens are still missing.", 25)
    assert claim["subject_side"] == "European Union" and "EU" in claim["subject"]


def test_men_counted_apart_are_a_breakdown(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Of the 80 people wounded, 20 were children, 25 women and "
                                   "35 men.", 35)
    assert (claim["subject_role"], claim["subject"]) == ("men", "men")


def test_one_named_person_is_no_people(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Sadly, one of the injured – 40-year-old Mira Kovac died in "
                                   "the clinic on Friday.", 1)
    assert claim["subject_side"] == ""


def test_the_items_of_a_list_in_apposition_are_that_groups(run_pipeline) -> None:
    text = ("The council said 40 civilians were killed – nine Yazidis, 11 Christians and 20 Velm "
            "Tamils – during the raids.")
    claim = _subject(run_pipeline, text, 11)
    assert (claim["subject_side"], claim["subject_role"]) == ("Christian", "civilians")
    assert claim["subject"] == "Christian civilians"


def test_a_familys_dead_are_a_breakdown(run_pipeline) -> None:
    claim = _subject(run_pipeline, "A fisherman said he lost two sons when the ferry sank.", 2)
    assert claim["subject_role"] == "relatives" and breakdown_role("relatives")


def test_ethnic_people_named_by_no_name_are_a_breakdown(run_pipeline) -> None:
    text = "As many as 40 people, including 10 policemen and 30 ethnic people, were killed."
    claim = _subject(run_pipeline, text, 30)
    assert claim["subject_role"] == "minorities" and breakdown_role("minorities")


def test_a_number_the_parser_cut_off_a_headline_counts_the_noun_after_it(run_pipeline) -> None:
    line = "40 Georgian Soldiers Killed in Border Clash with Russia  \n\n"
    doc = run_pipeline(line * 2 + "The ministry gave no details.", source="Test Wire")
    sides = [q["subject_side"] for q in doc._.cl_quantities if q["value"] == 40]
    assert sides == ["Georgia", "Georgia"]


def test_a_toll_takes_the_one_side_the_article_said_was_attacked_before(run_pipeline) -> None:
    first = "The toll of the attack on the Georgian town of Gori is not known."
    second = "The toll of the attack on the Armenian town of Ijevan is not known."
    toll = "\n\nOfficials said a total of 21 people were injured."
    assert _subject(run_pipeline, first + toll, 21)["subject_side"] == "Georgia"
    assert _subject(run_pipeline, f"{first} {second}{toll}", 21)["subject_side"] == ""


def test_a_units_capitalised_name_is_a_role_not_a_people(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Officials said 14 Navy SEALs were killed.", 14)
    assert (claim["subject_side"], claim["subject_role"]) == ("", "military")
