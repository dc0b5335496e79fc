"""Whose losses a figure counts (docs/subjects.md), on sentences written for these tests."""

from __future__ import annotations

import pytest

from claimledger.subjects import (
    readable,
    role_ancestors,
    role_contains,
    role_for_modifier,
    role_for_word,
    roles,
)


def _subject(run_pipeline, text: str, value: float) -> dict:
    doc = run_pipeline(text, source="Test Wire")
    found = [q for q in doc._.cl_quantities if q["value"] == value]
    assert found, [(q["value"], q["measure"]) for q in doc._.cl_quantities]
    return found[0]


# --- the taxonomy ----------------------------------------------------------------------


def test_roles_nest_children_in_civilians_in_people() -> None:
    assert role_ancestors("children") == ["children", "civilians", "people"]
    assert role_contains("civilians", "children") and role_contains("people", "children")
    assert not role_contains("children", "civilians")
    assert not role_contains("military", "civilians")
    assert role_contains("combatants", "militants") and role_contains("military", "peacekeepers")


def test_unspecified_role_contains_every_role() -> None:
    assert role_contains("", "military") and not role_contains("military", "")


def test_every_parent_is_a_role() -> None:
    assert all(r.parent in roles() for r in roles().values() if r.parent)


def test_role_words_and_modifiers() -> None:
    assert role_for_word("servicemen") == "military"
    assert role_for_word("Marines") == "military"
    assert role_for_word("terrorist") == "militants"
    assert role_for_word("POW") == "prisoners"
    assert role_for_word("tank") == ""
    assert role_for_modifier("peacekeeping") == "peacekeepers"


def test_readable_subjects() -> None:
    assert readable("Azerbaijani", "military") == "Azerbaijani military"
    assert readable("Armenian", "") == "Armenians"
    assert readable("Nepalese", "") == "Nepalese people"
    assert readable("", "children", place="Gaza") == "children in Gaza"
    assert readable("", "", place="the central region") == "people in the central region"
    assert readable("", "") == ""
    assert readable("Hindus", "") == "Hindus"


# --- the group phrase ----------------------------------------------------------------


def test_demonym_and_role_from_the_counted_phrase(run_pipeline) -> None:
    claim = _subject(run_pipeline, "At least 12 Georgian soldiers were killed on Monday.", 12)
    assert (claim["subject_side"], claim["subject_role"]) == ("Georgia", "military")
    assert claim["subject"] == "Georgian military"


def test_modifier_makes_the_role_specific(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Officials said 15 security personnel have died.", 15)
    assert claim["subject_role"] == "military"


@pytest.mark.parametrize(("text", "value", "role"), [
    ("The Ruritanian ministry said 14 army personnel and six government service personnel "
     "were killed.", 6, "staff"),
    ("The Ruritanian ministry said 14 army personnel and six government service personnel "
     "were killed.", 14, "military"),
    ("Three hospital personnel and two UN staff died in the shelling, officials said.", 3,
     "rescuers"),
    ("Three hospital personnel and two UN staff died in the shelling, officials said.", 2,
     "staff"),
    ("Nine police personnel were wounded, the governor said.", 9, "police"),
    ("Four civil defence workers died when the building collapsed.", 4, "rescuers"),
    ("Six civil service staff were abducted, the ministry said.", 6, "staff"),
    ("Eleven personnel were wounded when the convoy was hit, the army said.", 11, "military"),
])
def test_a_job_noun_takes_its_role_from_the_noun_before_it(run_pipeline, text, value,
                                                           role) -> None:
    """"Personnel", "staff": security, army, police personnel serve in a force; government
    service, hospital, aid or UN personnel are civilians, never a side's security forces."""
    assert _subject(run_pipeline, text, value)["subject_role"] == role


def test_the_bodies_of_a_group_count_that_group(run_pipeline) -> None:
    claim = _subject(run_pipeline, "The bodies of at least 40 insurgents were found.", 40)
    assert claim["subject_role"] == "militants" and "militants" in claim["subject"]


def test_a_measure_word_is_no_subject(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Nepal quake toll tops 7,500 as rescuers dig.", 7500)
    assert claim["subject_side"] == "" and "toll" not in claim["subject"].lower()


def test_pronoun_stands_for_the_side_named_before(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Peru said 30 of its soldiers had been killed.", 30)
    assert claim["subject_side"] == "Peru" and claim["subject"] == "Peruvian military"


def test_a_bare_count_takes_the_group_it_is_coordinated_with(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Four Canadian soldiers were killed and three wounded.", 3)
    assert (claim["measure"], claim["subject_side"]) == ("wounded", "Canada")
    assert claim["subject_role"] == "military"


def test_a_gapped_clause_keeps_the_group(run_pipeline) -> None:
    text = "The bodies of 30 insurgents were found and nine others captured alive."
    claim = _subject(run_pipeline, text, 9)
    assert claim["measure"] == "captured" and claim["subject_role"] == "militants"


def test_a_clause_of_its_own_does_not_borrow_a_group(run_pipeline) -> None:
    text = "At least 70 Afghans were killed on Thursday, while dozens were injured in the blast."
    claim = _subject(run_pipeline, text, 24)
    assert claim["subject_side"] == ""


# --- the frame and the claimant ---------------------------------------------------------


def test_the_owner_of_deployed_troops(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Canada has deployed 1,200 peacekeepers to the border.", 1200)
    assert claim["subject_side"] == "Canada" and claim["subject_role"] == "peacekeepers"


TWO_SIDES = (
    "Fighting between Peru and Chile went on for a third day. Chilean officials and Peruvian "
    "officials traded blame. Lima said 20 soldiers were captured by the Chilean army."
)


def test_captured_by_one_side_are_the_other_sides(run_pipeline) -> None:
    claim = _subject(run_pipeline, TWO_SIDES, 20)
    assert claim["subject_side"] == "Peru"


def test_an_attackers_demonym_is_not_the_victims_side(run_pipeline) -> None:
    claim = _subject(run_pipeline, "A Russian missile strike killed 30 people at a market.", 30)
    assert claim["subject_side"] == ""


def test_a_toll_of_an_attack_on_a_sides_town(run_pipeline) -> None:
    text = "The death toll from the attack on the Georgian town of Gori rose to 12, police said."
    assert _subject(run_pipeline, text, 12)["subject_side"] == "Georgia"


def test_a_side_officials_count_their_own_soldiers(run_pipeline) -> None:
    text = "The Georgian Defence Ministry said 14 soldiers were killed in the clashes."
    claim = _subject(run_pipeline, text, 14)
    assert claim["subject_side"] == "Georgia"


# --- a place instead of a side ------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "place"), [
    ("Officials said 120 people were killed in the coastal district.", 120, "coastal district"),
    ("The worst hit was the northern region, where 310 have died.", 310, "northern region"),
    ("Another 18 climbers died at the base camp after the avalanche.", 18, "at the base camp"),
    ("The quake killed more than 3,100 people across Velmaria and Ostland, officials said.", 3100,
     "across Velmaria and Ostland"),
])
def test_a_place_delimits_a_group_with_no_side(run_pipeline, text, value, place) -> None:
    claim = _subject(run_pipeline, text, value)
    assert claim["subject_side"] == "" and place in claim["subject"]


@pytest.mark.parametrize(("text", "value", "role"), [
    ("Police said 18 people were killed, with 13 bodies recovered so far.", 13, "recovered"),
    ("Rescuers pulled 40 bodies from the rubble on Monday.", 40, "recovered"),
    ("The bodies of 12 climbers were retrieved on Sunday.", 12, "recovered"),
    ("The remains of 20 victims have been identified.", 20, "recovered"),
    ("The army said 370 bodies of rebels were found.", 370, "militants"),
    ("Police said 18 people were killed, with 13 bodies recovered so far.", 18, "people"),
])
def test_bodies_recovered_so_far_are_a_role_of_their_own(run_pipeline, text, value,
                                                         role) -> None:
    claim = _subject(run_pipeline, text, value)
    assert claim["subject_role"] == role
    assert (claim["subject"] == "bodies recovered") == (role == "recovered")


def test_an_event_is_no_place(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Some 40 people were killed in the Kabul airport blast.", 40)
    assert claim["subject"] == "people"


def test_a_toll_of_an_attack_on_a_country_is_its_peoples(run_pipeline) -> None:
    claim = _subject(run_pipeline, "At least 12 people were killed in the rocket attack on Israel.",
                     12)
    assert claim["subject_side"] == "Israel" and " on " not in claim["subject"]


# --- counts whose group is elsewhere in the clause ------------------------------------------


def test_a_copula_names_the_group_of_a_bare_count(run_pipeline) -> None:
    text = "Some 40 people were killed in the fire; six of them were children."
    assert _subject(run_pipeline, text, 6)["subject_role"] == "children"


def test_a_quoted_number_still_counts_its_noun(run_pipeline) -> None:
    text = 'An official confirmed "at least four" Canadians were injured.'
    assert _subject(run_pipeline, text, 4)["subject_side"] == "Canada"


def test_a_number_that_rose_counts_the_group_of_its_measure(run_pipeline) -> None:
    text = "The number of Peruvian soldiers killed in the clashes rose to 23, officials said."
    claim = _subject(run_pipeline, text, 23)
    assert (claim["subject_side"], claim["subject_role"]) == ("Peru", "military")


def test_an_attack_target_below_its_agent() -> None:
    """The parser may hang "on the X city" from the attackers rather than from the attack."""
    import spacy
    from spacy.tokens import Doc

    from claimledger.pipeline.sides import _is_target_prep

    words = ["attacks", "by", "the", "forces", "on", "the", "city"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[0, 0, 3, 1, 3, 6, 4],
              deps=["ROOT", "prep", "det", "pobj", "prep", "det", "pobj"],
              lemmas=["attack", "by", "the", "force", "on", "the", "city"])
    assert _is_target_prep(doc[4])
    assert not _is_target_prep(doc[1])


def test_a_place_the_article_calls_a_sides_is_its_when_struck_again(run_pipeline) -> None:
    text = ("Rockets hit the Georgian city of Gori overnight. Later the ministry reported "
            "seven dead in the shelling of Gori.")
    assert _subject(run_pipeline, text, 7)["subject_side"] == "Georgia"


@pytest.mark.parametrize(("text", "value", "place"), [
    ("The report showed heavy losses, with 40 lives lost and 90 people injured in Aleppo.", 40,
     "Aleppo"),
    ("State media reported 14 deaths in Yunnan.", 14, "Yunnan"),
])
def test_a_place_of_a_measure_or_of_the_whole_coordination(run_pipeline, text, value,
                                                           place) -> None:
    claim = _subject(run_pipeline, text, value)
    assert claim["subject_side"] == "" and place in claim["subject"]


def test_another_count_continues_the_group_before(run_pipeline) -> None:
    text = "The ministry said 40 soldiers were killed. Another 75 are being treated in hospitals."
    claim = _subject(run_pipeline, text, 75)
    assert (claim["measure"], claim["subject_role"]) == ("wounded", "military")


def test_an_unqualified_ministry_is_the_datelines_country(run_pipeline) -> None:
    text = "TBILISI, Georgia -- The Defence Ministry said 14 soldiers were killed in the clashes."
    assert _subject(run_pipeline, text, 14)["subject_side"] == "Georgia"


def test_what_a_sides_ministry_says_was_destroyed_is_the_enemys(run_pipeline) -> None:
    text = ("Fighting between Peru and Chile went on. Peruvian officials and Chilean officials "
            "traded blame. Also destroyed in the clashes were six howitzers, the Chilean Defence "
            "Ministry said in a statement.")
    assert _subject(run_pipeline, text, 6)["subject_side"] == "Peru"


def test_the_owner_in_apposition_after_page_furniture(run_pipeline) -> None:
    text = " date 2021-03-02 Canada sends 1,200 peacekeepers to the border"
    assert _subject(run_pipeline, text, 1200)["subject_side"] == "Canada"


@pytest.mark.parametrize(("text", "value"), [
    ("The death toll from a boat carrying Haitian migrants rose to 31, the coast guard said.", 31),
    ("About 20 people are missing after a boat of fleeing Haitian migrants sank off the coast.",
     20),
])
def test_the_dead_of_a_craft_are_the_people_it_carried(run_pipeline, text, value) -> None:
    assert _subject(run_pipeline, text, value)["subject_side"] == "Haiti"


def test_a_total_including_a_sides_civilians_is_that_sides(run_pipeline) -> None:
    text = "The Georgian Defence Ministry said 40, including three civilians, were killed."
    assert _subject(run_pipeline, text, 40)["subject_side"] == "Georgia"


def test_people_displaced_by_one_sides_attack_are_the_others(run_pipeline) -> None:
    text = ("Fighting between Peru and Chile went on. Peruvian officials and Chilean officials "
            "traded blame. The Chilean attack has displaced at least 2,500 people.")
    assert _subject(run_pipeline, text, 2500)["subject_side"] == "Peru"


def test_a_headline_target_named_by_the_article_later(run_pipeline) -> None:
    text = ("Death Toll From Chilean Attack On Tacna Town Grows To 21\n\n"
            "Rockets hit the Peruvian town of Tacna on Monday.")
    assert _subject(run_pipeline, text, 21)["subject_side"] == "Peru"


def test_the_number_of_a_group_is_a_count(run_pipeline) -> None:
    text = "The number of civilians injured is four, the ombudsman said."
    assert _subject(run_pipeline, text, 4)["subject_role"] == "civilians"


def test_an_estimate_in_a_sentence_of_its_own_is_the_overall_toll(run_pipeline) -> None:
    """"The government's estimate is 120" after a people's toll takes the measure of the figure
    before, not its group: nothing ties the group to the figure, so it is the overall toll."""
    text = ("The charity said 900 Yazidis were killed in August. The government's estimate is "
            "120, and it says 100 of them were rebels.")
    doc = run_pipeline(text)
    by_value = {q["value"]: q for q in doc._.cl_quantities}
    assert by_value[900]["subject_side"] == "Yazidi"
    assert (by_value[120]["measure"], by_value[120]["subject_side"]) == ("killed", "")


def test_a_capitalised_role_is_no_peoples_name(run_pipeline) -> None:
    claim = _subject(run_pipeline, "Five Marines were killed in the attack, officials said.", 5)
    assert (claim["subject_side"], claim["subject_role"]) == ("", "military")
