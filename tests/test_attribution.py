"""Attribution: who asserts each sentence, quotation or clause, and the text's own voice.

The texts are written for these tests. The pipeline here is the small English model plus
the attribution component only, so the tests do not depend on the other components.
"""

from __future__ import annotations

import json

import pytest

from claimledger.lexicons import load_lexicon
from claimledger.pipeline import factories  # noqa: F401  (registers the factories)
from claimledger.pipeline.attribution import (
    AttributionLexicon,
    attribution_at,
    detect_voice,
    find_quotations,
)


def who(doc, phrase: str, occurrence: int = 0) -> dict | None:
    """The attribution covering the first character of ``phrase`` in the doc."""
    position = -1
    for _ in range(occurrence + 1):
        position = doc.text.index(phrase, position + 1)
    return attribution_at(doc._.cl_attributions, position)


def claimant(doc, phrase: str, occurrence: int = 0) -> str | None:
    found = who(doc, phrase, occurrence)
    return found["claimant"] if found else None


# --------------------------------------------------------------------- source phrases


def test_according_to_covers_its_sentence_and_list_but_not_the_next(attribute):
    doc = attribute("According to the health ministry, 45 people died, 120 were hurt and "
                    "30 are missing. Rescue teams reached the valley with 12 trucks.")
    assert claimant(doc, "45 people") == "health ministry"
    assert claimant(doc, "30 are") == "health ministry"
    assert who(doc, "12 trucks") is None
    found = who(doc, "45 people")
    assert doc.text[found["claimant_start"]:found["claimant_end"]] == "the health ministry"
    assert found["cue"] == "source"


def test_per_names_a_source_only_before_a_name(attribute):
    doc = attribute("Per the Red Cross, 300 homes were destroyed. Fuel cost 5 dollars per "
                    "litre in the city.")
    found = who(doc, "300 homes")
    assert found["claimant"] == "Red Cross" and found["claimant_side"] == ""
    assert who(doc, "5 dollars") is None


def test_citing_names_the_source(attribute):
    doc = attribute("Twelve people died in the blast, the broadcaster reported, citing "
                    "hospital officials.")
    cues = {(a["claimant"], a["cue"]) for a in doc._.cl_attributions}
    assert ("hospital officials", "source") in cues


@pytest.mark.parametrize(("text", "expected", "side"), [
    ("By Ukraine's count, 500 soldiers were captured near the river.", "Ukraine", "Ukraine"),
    ("The Israeli tally puts the dead at 1,200.", "Israel", "Israel"),
    ("Figures from the World Food Programme show 80 trucks arrived.", "World Food Programme",
     ""),
])
def test_tally_and_figures_name_their_owner(attribute, text, expected, side):
    doc = attribute(text)
    number = next(t.text for t in doc if t.like_num and t.text != "the")
    found = who(doc, number)
    assert found["claimant"] == expected and found["claimant_side"] == side


# --------------------------------------------------------------------- speech verbs


@pytest.mark.parametrize("text", [
    "The Ukrainian Emergency Ministry said in a statement that 14 people were killed.",
    "Ukraine's Emergency Ministry said 14 people were killed.",
    "Fourteen people were killed on Sunday, Ukraine's emergency ministry said.",
    "Fourteen people were killed on Sunday, said Ukraine's emergency ministry.",
    "Ukraine's emergency ministry said on Monday that 14 people were killed.",
])
def test_speech_verbs_in_any_order_give_one_canonical_ministry(attribute, text):
    doc = attribute(text)
    number = "14" if "14" in text else "Fourteen"
    found = who(doc, number)
    assert found["claimant"] == "Emergency Ministry of Ukraine"
    assert found["claimant_kind"] == "government" and found["claimant_side"] == "Ukraine"
    assert "inistry" in found["claimant_text"]


def test_adding_that_keeps_the_speaker_and_a_toll_never_speaks(attribute):
    doc = attribute("The governor said the death toll had risen to 58 and that 120 others "
                    "were injured, adding that 20 remain missing.")
    assert {claimant(doc, n) for n in ("58", "120", "20 remain")} == {"governor"}


def test_organisation_names_are_not_people(attribute):
    doc = attribute("The United Nations said 1.2 million people had fled.")
    found = who(doc, "1.2")
    assert (found["claimant"], found["claimant_kind"]) == ("United Nations", "organisation")


def test_put_the_toll_at_is_a_claim(attribute):
    doc = attribute("The provincial governor put the death toll at 45 on Tuesday.")
    assert claimant(doc, "45") == "provincial governor"


def test_person_name_is_canonical_and_titles_stay_in_the_text(attribute):
    doc = attribute("Separatist official Jane Doe said 200 fighters were killed.")
    found = who(doc, "200")
    assert found["claimant"] == "Jane Doe" and found["claimant_kind"] == "person"
    assert found["claimant_text"] == "Separatist official Jane Doe"


def test_surname_takes_the_full_name_given_earlier(attribute):
    doc = attribute("Interior Minister Ana Petrova visited the town on Monday. Later, "
                    "Petrova said three more bodies had been found.")
    found = who(doc, "three more")
    assert found["claimant"] == "Ana Petrova" and found["claimant_text"] == "Petrova"


def test_unnamed_claimants_keep_their_description(attribute):
    doc = attribute("Officials said 60 people were evacuated. A rebel official said nine "
                    "fighters were captured.")
    assert (who(doc, "60")["claimant"], who(doc, "60")["claimant_kind"]) == ("officials",
                                                                            "unnamed")
    assert (who(doc, "nine")["claimant"], who(doc, "nine")["claimant_kind"]) == (
        "rebel official", "unnamed")


def test_ethnic_sources_claim(attribute):
    doc = attribute("Ethnic Georgian sources in the valley claim that at least 25 people were "
                    "detained.")
    found = who(doc, "25")
    assert found["claimant"] == "Georgian sources"
    assert found["claimant_kind"] == "unnamed" and found["claimant_side"] == "Georgia"


@pytest.mark.parametrize(("text", "expected", "kind", "side"), [
    ("Kyiv said 300 Russian soldiers were killed overnight.", "Kyiv", "side", "Ukraine"),
    ("The Kremlin said 40 drones were shot down.", "Kremlin", "government", "Russia"),
    ("Moldova said 12 border guards were wounded.", "Moldova", "side", "Moldova"),
])
def test_capitals_and_metonyms_speak_for_their_country(attribute, text, expected, kind, side):
    doc = attribute(text)
    number = next(t.text for t in doc if t.like_num)
    found = who(doc, number)
    assert (found["claimant"], found["claimant_kind"], found["claimant_side"]) == (
        expected, kind, side)


# --------------------------------------------------------------------- quotations


def test_quotation_with_speaker_after_and_curly_marks(attribute):
    doc = attribute("“We counted 40 bodies in the square,” said Maria Lopez, a local doctor.")
    found = who(doc, "40")
    assert found["claimant"] == "Maria Lopez" and found["cue"] == "quote"
    assert found["claimant_text"] == "Maria Lopez, a local doctor"


def test_quotation_with_speaker_before_ends_at_its_closing_mark(attribute):
    doc = attribute('Village head Omar Said said: "Our village lost 15 men." Another 20 '
                    "families fled to the hills.")
    assert claimant(doc, "15 men") == "Omar Said"
    assert who(doc, "20 families") is None


def test_quotation_continued_over_sentences_and_paragraphs_keeps_its_speaker(attribute):
    doc = attribute('General Tom Baker said: "We lost eight soldiers on the bridge.\n'
                    '"Four more are still missing."\n'
                    "The bridge reopened on Monday with 30 trucks crossing.")
    assert claimant(doc, "eight") == "Tom Baker"
    assert claimant(doc, "Four") == "Tom Baker"
    assert who(doc, "30 trucks") is None


def test_quotation_split_by_the_parser_keeps_the_speaker_named_after_it(attribute):
    doc = attribute("“Six tanks were hit. Nine more were abandoned”, stated Colonel Ivan "
                    "Horak on Friday.")
    assert claimant(doc, "Six") == "Ivan Horak"
    assert claimant(doc, "Nine") == "Ivan Horak"


def test_scare_quotes_without_a_speaker_are_not_attributed(attribute):
    doc = attribute('The army called it a "limited operation" that left 30 dead.')
    assert who(doc, "30") is None


def test_quotation_pairs_straight_and_curly_marks():
    lexicon = AttributionLexicon.load()
    text = 'He said "one" and “two” but then "three'
    spans = [text[q.start:q.end] for q in find_quotations(text, lexicon)]
    assert spans == ['"one"', "“two”", '"three']


def test_quotation_mark_inside_another_and_paragraph_end():
    """Inside an open quotation only its own closer or a line break ends it; a paragraph
    break closes it open-ended, and an opener at the very end is too short to count."""
    lexicon = AttributionLexicon.load()
    text = '“They said \'no\' twice,” he added. "An open one\nNext line, x "'
    found = find_quotations(text, lexicon)
    assert [text[q.start:q.end] for q in found] == ["“They said 'no' twice,”", '"An open one']
    assert [q.open_end for q in found] == [False, True]


# --------------------------------------------------------------------- carried-over speech


def test_pronoun_carries_the_last_named_person(attribute):
    doc = attribute("Interior Minister Ana Petrova said 18 people were killed. She added "
                    "that 40 others were injured. The storm moved north with 200 homes "
                    "left without power.")
    assert claimant(doc, "40") == "Ana Petrova"
    assert who(doc, "40")["claimant_text"] == "Interior Minister Ana Petrova"
    assert who(doc, "200") is None


def test_definite_description_links_to_the_organisation(attribute):
    doc = attribute("Poland's defence ministry said seven drones were shot down. The "
                    "ministry said later that two more had crashed.")
    assert claimant(doc, "seven") == "Defence Ministry of Poland"
    assert claimant(doc, "two more") == "Defence Ministry of Poland"


def test_pronoun_after_quotation_links_to_the_subject_before(attribute):
    doc = attribute("President Lina Varga spoke in the capital on Friday. “We have "
                    "freed 120 prisoners,” she said.")
    assert claimant(doc, "120") == "Lina Varga"


# --------------------------------------------------------------------- voice


@pytest.mark.parametrize(("text", "wire"), [
    ("KYIV (AFP) — Ten people died in a strike.", "AFP"),
    ("A resident told Reuters that ten people died.", "Reuters"),
    ("Ten people died, the Associated Press reported.", "Associated Press"),
    ("Reuters could not independently verify the figures.", "Reuters"),
    ("Ten people died in a strike.\n— Reuters", "Reuters"),
    ("Ten people died.\nAFP contributed to this report.", "AFP"),
    ("Ten people died in a strike. (AP Photo/Jane Roe)", None),
    ("Ten people died [Jane Roe/Anadolu via Getty]", None),
    ("Photo: Reuters\nTen people died in a strike.", None),
    ("Ten people died in a strike.", None),
    # the credit that opens first speaks, whichever pattern finds it
    ("A witness told Reuters ten died. Later, AFP reported 12 dead. (AP)", "Reuters"),
    ("AFP reported 12 dead. A witness told Reuters ten died. (AP)", "AFP"),
    ("(AP) Ten died, a witness told Reuters; Reuters reported 12 dead.", "Associated Press"),
])
def test_wire_is_credited_from_the_text_not_photo_credits(text, wire):
    voice = detect_voice(text, "Daily Example", AttributionLexicon.load())
    assert voice == {"outlet": "Daily Example", "wire": wire}


def test_component_writes_the_voice(attribute):
    doc = attribute("Ten people died, a witness told AFP.", source="Example Times")
    assert doc._.cl_voice == {"outlet": "Example Times", "wire": "AFP"}


def test_innermost_attribution_wins():
    regions = [{"start": 0, "end": 100, "claimant": "outer"},
               {"start": 10, "end": 40, "claimant": "inner"}]
    assert attribution_at(regions, 20)["claimant"] == "inner"
    assert attribution_at(regions, 60)["claimant"] == "outer"
    assert attribution_at(regions, 100) is None


def test_lexicon_lists_every_cue_family():
    lexicon = load_lexicon("attribution")
    assert {"say", "claim", "estimate", "accuse"} <= set(lexicon["speech"]["verbs"])
    assert "according to" in lexicon["source_phrases"]["leading"]
    assert "tally" in lexicon["source_nouns"]["nouns"]


# --------------------------------------------------------------------- seeds


def _claimant_is_right(doc, gold: dict) -> bool:
    keys = [k.lower() for k in gold["claimant_keys"]]
    found = attribution_at(doc._.cl_attributions, gold["quote_start"])
    if found is not None:
        said = (found["claimant"] + " " + found["claimant_text"]).lower()
        return any(key in said for key in keys)
    voice = doc._.cl_voice
    voices = f"{voice['outlet']} {voice['wire'] or ''}".lower()
    return bool(gold.get("claimant_is_outlet")) and any(key in voices for key in keys)


def test_seed_claimant_accuracy(attribute, seeds_dir):
    articles = {}
    for line in (seeds_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        articles[article["id"]] = article
    docs = {key: attribute(a["text"], source=a["source"]) for key, a in articles.items()}
    golds = [json.loads(line) for line in
             (seeds_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    quantities = [g for g in golds if g["kind"] == "quantity"]
    right = sum(_claimant_is_right(docs[g["doc"]], g) for g in quantities)
    accuracy = right / len(quantities)
    assert accuracy >= 0.8, f"claimant accuracy {accuracy:.2f} on {len(quantities)} figures"
