"""Constructions real reports use, one class per test, on sentences written for these tests.

Each case is (sentence, expected claims as (measure, value) in text order). The sentences are
invented; they imitate how wires and papers word tolls, breakdowns and equipment losses.
"""

from __future__ import annotations

import pytest


def _read(run_pipeline, text: str) -> list[tuple[str, float]]:
    doc = run_pipeline(text, published="2024-03-02", source="Harbour Gazette")
    return [(q["measure"], q["value"]) for q in doc._.cl_quantities
            if not q["measure"].startswith("other:")]


def _check(run_pipeline, text: str, expected: list[tuple[str, float]]) -> None:
    assert _read(run_pipeline, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The death toll climbed to 1,230 on Friday.", [("killed", 1230)]),
    ("Officials put the number of dead at 900.", [("killed", 900)]),
    ("The toll stands at 412, the agency said.", [("killed", 412)]),
    ("By noon the toll had jumped to 57.", [("killed", 57)]),
    ("The number of injured people nears 80, the mayor said.", [("wounded", 80)]),
    ("The number of soldiers killed in the raid rose by two to 19.", [("killed", 19)]),
    ("Local officials cited tolls, which total 315.", [("killed", 315)]),
    ("The flood toll is set to pass 90, the agency said.", [("killed", 90)]),
    ("The governor raised the official toll from 31 to 204 on Monday.",
     [("killed", 31), ("killed", 204)]),
])
def test_tolls_carried_by_a_noun(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Valley Quake Toll Tops 3,100", [("killed", 3100)]),
    ("Storm death toll above 640", [("killed", 640)]),
    ("Ferry disaster toll exceeds 75 as search goes on", [("killed", 75)]),
    ("Mine collapse toll surpassed 40 by Sunday.", [("killed", 40)]),
])
def test_bare_figures_in_headlines(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 30 people were killed. Three of the dead were children.",
     [("killed", 30), ("killed", 3)]),
    ("A total of 52 people were injured, of which 11 are women.",
     [("wounded", 52), ("wounded", 11)]),
    ("Among those killed in the shelling were seven children.", [("killed", 7)]),
    ("Some 40 people died, six of them are firefighters.", [("killed", 40), ("killed", 6)]),
    ("In total 412 deaths were registered in the province.", [("killed", 412)]),
])
def test_copulas_and_partitives(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Eleven people, including three children, were killed in the blast.",
     [("killed", 11), ("killed", 3)]),
    ("The fire killed 23 people, including 4 volunteers and 2 nurses.",
     [("killed", 23), ("killed", 4), ("killed", 2)]),
    ("A total of 46 were injured, of whom 40 were soldiers and six police officers.",
     [("wounded", 46), ("wounded", 40), ("wounded", 6)]),
    ("As many as 18 people, including 5 guards, two drivers and 11 miners, were killed.",
     [("killed", 18), ("killed", 5), ("killed", 2), ("killed", 11)]),
])
def test_lists_and_breakdowns(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Some 87 people were taken to hospital after the blast.", [("wounded", 87)]),
    ("Another 240 are being treated in local clinics.", [("wounded", 240)]),
    ("Fourteen people were hospitalised with burns.", [("wounded", 14)]),
    ("Around 300 people have also been found injured in the town.", [("wounded", 300)]),
    ("Hundreds of injured people crowded the clinics.", [("wounded", 200)]),
    ("More than 60 people sustained injuries in the stampede.", [("wounded", 60)]),
])
def test_hospital_phrasing(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Also destroyed on Monday were six D-20 howitzers and two radar stations.",
     [("destroyed", 6), ("destroyed", 2)]),
    ("The army said it lost 40 tanks, one S-300 air defense system and 9 trucks.",
     [("destroyed", 40), ("destroyed", 1), ("destroyed", 9)]),
    ("Troops disabled 12 helicopters before leaving the base.", [("destroyed", 12)]),
    ("The navy left behind 16 patrol boats that it disabled, and 30 trucks.",
     [("destroyed", 16), ("destroyed", 30)]),
    ("Rebels surrendered 300 rifles and handed over 12 mortars.",
     [("seized", 300), ("seized", 12)]),
    ("Police confiscated 45 pistols at the checkpoint.", [("seized", 45)]),
    ("The militia's haul includes 200 armoured vehicles and 14 aircraft.",
     [("seized", 200), ("seized", 14)]),
])
def test_equipment_lists(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("The fighting has displaced at least 4,300 people.", [("displaced", 4300)]),
    ("There are now 12,000 internally displaced persons in the district.",
     [("displaced", 12000)]),
    ("Some 900 families have fled their homes since the offensive began.",
     [("displaced", 900)]),
    ("About 5,000 refugees reached the coast this week.", [("displaced", 5000)]),
    ("A total of 7,250 residents have been evacuated to safer areas.", [("displaced", 7250)]),
    ("Officials registered 3,400 new arrivals at the camp.", [("displaced", 3400)]),
    ("Some 65,000 people have entered the neighbouring country in two weeks.",
     [("displaced", 65000)]),
])
def test_displacement(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("About 2,000 residents remain in the city.", [("population", 2000)]),
    ("The town had a prewar population of 40,000.", [("population", 40000)]),
    ("Some 30,000 people live in the valley.", [("population", 30000)]),
])
def test_population(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Police made two arrests after the march.", [("captured", 2)]),
    ("Gunmen took 14 people hostage at the depot.", [("captured", 14)]),
    ("The army holds 61 prisoners of war.", [("captured", 61)]),
    ("Eight fishermen were detained by the coast guard.", [("captured", 8)]),
])
def test_captured(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("More than 100 are still missing.", [("missing", 100)]),
    ("Hundreds of people are still missing after the landslide.", [("missing", 200)]),
    ("About 35 fishermen are missing and feared drowned.", [("missing", 35)]),
    ("Sixteen climbers remain unaccounted for.", [("missing", 16)]),
])
def test_missing(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Several dozen villagers lost their lives when the dam burst.", [("killed", 36)]),
    ("Scores of people were killed in the crush.", [("killed", 40)]),
    ("Dozens killed and injured in market blast", [("killed", 24), ("wounded", 24)]),
    ("The officials put the toll at dozens or low hundreds.", [("killed", 24)]),
])
def test_vague_amounts(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("The toll passed 500 and then exceeded 700.", [("more_than", 500), ("more_than", 700)]),
    ("The number of dead nears 70.", [("about", 70)]),
    ("One official put the toll at 50 or less.", [("at_most", 50)]),
])
def test_verbs_that_qualify_a_figure(run_pipeline, text, expected) -> None:
    doc = run_pipeline(text)
    assert [(q["qualifier"], q["value"]) for q in doc._.cl_quantities] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Twelve soldiers, including 4 officers and 8 conscripts, became martyrs, the army said.",
     [("killed", 12), ("killed", 4), ("killed", 8)]),
    ("Heavy rain fell for days and tens of thousands were forced to flee to the hills.",
     [("displaced", 20000)]),
    ("They were two sisters, one of whom was killed in the blast.", [("killed", 1)]),
    ("The army said it lost 12 tanks, eight ammunition depots and\n\n14 trucks.",
     [("destroyed", 12), ("destroyed", 14)]),
    ("Ministry: the total fatality toll will be in the range of 60.", [("killed", 60)]),
])
def test_shares_lists_and_asides(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("At first 300 people were said to be dead. Later, officials put the figure at 520.",
     [("killed", 300), ("killed", 520)]),
    ("Rescuers found 41 bodies. The city's initial estimate of 60 was too high.",
     [("killed", 41), ("killed", 60)]),
    ("More than 900 people were left homeless by the flood.", [("displaced", 900)]),
    ("About 4,000 of those were airlifted out by Friday.", [("displaced", 4000)]),
    ("Reporters found dozens if not hundreds of deaths went uncounted.", [("killed", 24)]),
])
def test_figures_referred_back_to_and_left_in_a_state(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials say 45 hikers are unaccounted for, down from the 700 feared on Friday.",
     [("missing", 45), ("missing", 700)]),
    ("The toll rose to 90, up from 62 a day earlier.", [("killed", 90), ("killed", 62)]),
    # the starting figure must share its sentence with the figure it changes from
    ("Crews evacuated 2,300 people. Flights fell: 12 on Sunday compared to 30 on Saturday.",
     [("displaced", 2300)]),
])
def test_a_changes_starting_figure_counts_what_the_figure_before_it_counts(
        run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


@pytest.mark.parametrize(("text", "starting"), [
    ("The toll rose to 34 from 16 on Tuesday.", [16]),
    ("The governor raised the toll from 64 to 2,975.", [64]),
    ("Officials say 45 hikers are unaccounted for, down from the 700 feared on Friday.", [700]),
    ("Some 12,000 refugees arrived this week, compared with 19,600 the week before.", [19600]),
    ("Between 20 and 30 people died from their wounds; 14 died on Monday.", []),
])
def test_the_level_a_change_started_from_is_marked_starting(run_pipeline, text,
                                                             starting) -> None:
    found = run_pipeline(text)._.cl_quantities
    assert [q["value"] for q in found if q.get("starting")] == starting


def test_a_starting_figure_without_a_noun_keeps_the_group_it_changes_from(run_pipeline) -> None:
    doc = run_pipeline("Officials say 45 tourists are unaccounted for, down from the 700 feared "
                       "on Friday.", published="2024-03-02", source="Harbour Gazette")
    first, second = doc._.cl_quantities
    assert first["subject"]  # the group is named, so copying it is seen
    assert (second["subject"], second["subject_role"]) == (first["subject"], first["subject_role"])


@pytest.mark.parametrize(("text", "expected"), [
    # troops listed with things are counted in their own right; listed with people, not
    ("To pull the cranes, the trucks and roughly 4,000 sailors out by Friday, the navy must "
     "hurry.", [("personnel", 4000)]),
    ("The mayor said 30 civilians and 12 soldiers were in the building.", []),
])
def test_troops_in_a_list(run_pipeline, text, expected) -> None:
    _check(run_pipeline, text, expected)


def test_a_level_verb_takes_the_phrase_written_before_it_as_its_subject(run_pipeline) -> None:
    text = ("On Monday, medics confirmed 12 dead as a fresh wave of refugee arrivals pushed the "
            "total to about 310,000.")
    assert _read(run_pipeline, text) == [("killed", 12), ("displaced", 310000)]


def test_an_object_clause_after_an_aside_still_describes_the_object(run_pipeline) -> None:
    text = ("The unit abandoned about 40 armoured trucks -- each worth $2 million -- that it "
            "wrecked before pulling out.")
    assert _read(run_pipeline, text) == [("destroyed", 40)]


@pytest.mark.parametrize(("text", "increments"), [
    ("Roughly 3,200 people were flown out on Monday, bringing the total number of evacuees "
     "to about 48,000, officials said.", [True, False]),
    ("The storm killed 12 more people overnight, raising the toll to 85.", [True, False]),
    ("About 900 people were evacuated by ship on Friday, pushing the total evacuees to "
     "roughly 20,000.", [True, False]),
    ("The toll rose to 85, the agency said, and 40 people were injured.", [False, False]),
])
def test_an_addition_told_with_the_total_it_raises_is_an_increment(run_pipeline, text,
                                                                   increments) -> None:
    doc = run_pipeline(text, published="2024-03-02", source="Harbour Gazette")
    assert [q["increment"] for q in doc._.cl_quantities] == increments
