"""Dated events from short texts written for these tests, and recall on the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.records import EVENT_TYPES, Event

TUESDAY = "2023-09-26"


def events_of(run_pipeline, text: str, published: str | None = TUESDAY) -> list[dict]:
    doc = run_pipeline(text, published=published)
    for event in doc._.cl_events:
        Event(doc="t1", evidence=doc.text[event["start"]:event["end"]], **event)  # contract
    return doc._.cl_events


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evidence(text: str, event: dict) -> str:
    return text[event["start"]:event["end"]]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Rebel artillery shelled the airport on Monday.", "attack"),
        ("The two armies agreed to a ceasefire on Monday.", "ceasefire"),
        ("Envoys of both governments met in Geneva on Monday.", "talks"),
        ("The parties signed a trade treaty on Monday.", "agreement"),
        ("Police arrested the former mayor on Monday.", "arrest"),
        ("The army began to withdraw its units from the valley on Monday.", "withdrawal"),
        ("Thousands of protesters rallied outside parliament on Monday.", "protest"),
        ("The provincial council announced its dissolution on Monday.", "dissolution"),
        ("Hundreds of families fled the border villages on Monday.", "displacement"),
        ("The minister said on Monday that the roads were open again.", "statement"),
        ("The spokesman told reporters on Monday that a deal was close.", "statement"),
        ("The new school opened its doors on Monday.", "other"),
    ],
)
def test_event_type_comes_from_the_clause(run_pipeline, text, event_type):
    (event,) = events_of(run_pipeline, text)
    assert event["type"] == event_type
    assert event["type"] in EVENT_TYPES
    assert (event["date"], event["date_how"]) == ("2023-09-25", "weekday")


def test_event_fields_point_into_the_text(run_pipeline):
    text = "Storm update\n  Late on Tuesday, flood water broke through the dam.  \n"
    (event,) = events_of(run_pipeline, text)
    assert evidence(text, event) == "Late on Tuesday, flood water broke through the dam."
    assert event["date_text"] == "Late on Tuesday"
    assert text[event["date_start"]:].startswith("Late on Tuesday")
    assert (event["date"], event["era"]) == ("2023-09-26", "current")


def test_actors_and_location_come_from_the_clause(run_pipeline):
    text = "On Monday, Vladimir Putin met Emmanuel Macron in Paris to discuss grain exports."
    (event,) = events_of(run_pipeline, text)
    assert any("Putin" in actor for actor in event["actors"])
    assert any("Macron" in actor for actor in event["actors"])
    assert event["location"] and "Paris" in event["location"]
    assert event["type"] == "talks"


def test_one_sentence_can_hold_several_events(run_pipeline):
    text = ("“We would not have stopped the offensive on 20 May if we had wanted more land,” "
            "the president said on 29 May in a televised speech to the nation.")
    events = events_of(run_pipeline, text, published="2024-06-03")
    by_date = {e["date"]: e for e in events}
    assert set(by_date) == {"2024-05-20", "2024-05-29"}
    stopped, said = by_date["2024-05-20"], by_date["2024-05-29"]
    assert "stopped" in evidence(text, stopped) and "said" not in evidence(text, stopped)
    assert "said" in evidence(text, said) and "stopped" not in evidence(text, said)
    assert (stopped["type"], said["type"]) == ("attack", "statement")


def test_each_date_yields_at_most_one_event(run_pipeline):
    text = "The developments of yesterday and today will shape the talks, the envoy said."
    events = events_of(run_pipeline, text)
    assert sorted(e["date"] for e in events) == ["2023-09-25", "2023-09-26"]
    assert len({e["date_start"] for e in events}) == len(events)


def test_anaphoric_dates_become_events(run_pipeline):
    text = ("On Sept. 21, negotiators met in the border town. On the same day, the rebels "
            "accused the army of breaking a truce signed one day earlier.")
    events = events_of(run_pipeline, text)
    assert [(e["date_text"], e["date"]) for e in events] == [
        ("On Sept. 21", "2023-09-21"), ("On the same day", "2023-09-21"),
        ("one day earlier", "2023-09-20")]
    assert [e["date_how"] for e in events] == ["absolute", "anaphoric", "anaphoric"]


def test_month_and_year_only_mentions_are_not_events(run_pipeline):
    text = ("In March 2023 the army shelled the valley. Earlier this month protesters rallied "
            "in the capital. In 2020 a war broke out. The council will dissolve by the end "
            "of 2023.")
    assert events_of(run_pipeline, text) == []


def test_date_lines_and_bylines_are_not_events(run_pipeline):
    text = ("Dam breaks in the north\n26 September, 2023\nBy Jane Roe\n"
            "Tuesday 26 September 2023, by [ROE Jane](#) (Date first published: 25 September "
            "2023).\nRescuers reached the village late on Tuesday.")
    events = events_of(run_pipeline, text)
    assert [(e["date_text"], e["date"]) for e in events] == [("late on Tuesday", "2023-09-26")]


def test_future_clauses_and_background_dates(run_pipeline):
    text = ("Both sides said talks would be held on Thursday in the capital. "
            "The first war ended on 12 May 1994 with a truce.")
    events = events_of(run_pipeline, text)
    assert [(e["date"], e["type"], e["era"]) for e in events] == [
        ("2023-09-28", "talks", "current"), ("1994-05-12", "ceasefire", "background")]


def test_sentences_without_a_date_or_an_action_give_nothing(run_pipeline):
    text = "The valley is green. Its people, 2 June 2021."
    assert events_of(run_pipeline, text) == []


def test_event_date_recall_on_the_seed_corpus(seeds_dir: Path, nlp):
    from claimledger.pipeline import make_doc, read_doc
    from claimledger.records import Document

    gold = read_jsonl(seeds_dir / "gold.jsonl")
    gold_events = [g for g in gold if g["kind"] == "event"]
    articles = read_jsonl(seeds_dir / "corpus.jsonl")
    extracted = {}
    for article in articles:
        document = Document(id=article["id"], text=article["text"], content_hash=article["id"],
                            source=article.get("source"), published=article.get("published"))
        doc = read_doc(nlp, make_doc(nlp, document))
        extracted[article["id"]] = (article["text"], doc._.cl_events)
    matched: set[tuple[str, int]] = set()
    found = 0
    for line in gold_events:
        text, events = extracted[line["doc"]]
        hits = [i for i, e in enumerate(events) if e["date"] == line["date"]
                and any(key in text[e["start"]:e["end"]].lower() for key in line["keys"])]
        found += bool(hits)
        matched.update((line["doc"], i) for i in hits)
    recall = found / len(gold_events)
    unmatched = sum(len(events) for _, events in extracted.values()) - len(matched)
    print(f"event-date recall {recall:.2f} ({found}/{len(gold_events)}); "
          f"extracted events matching no gold line: {unmatched}")
    assert recall >= 0.70


def test_deadlines_still_to_come_are_not_events(run_pipeline):
    text = ("Foreign troops plan to be gone from the airport as of Oct. 2. Peacekeepers are "
            "due to withdraw by the Oct. 2 deadline. Envoys will meet in the capital on Oct. 2.")
    events = events_of(run_pipeline, text)
    assert [(e["date_text"], e["type"]) for e in events] == [("on Oct. 2", "talks")]


def test_a_sentence_cut_off_by_the_end_of_the_text_keeps_its_date(run_pipeline):
    text = "Rescuers searched the rubble.\n\nOn Monday at the council, in a sharp rise of the"
    events = events_of(run_pipeline, text)
    assert [(e["date_text"], e["date"]) for e in events] == [("On Monday", "2023-09-25")]
    assert events_of(run_pipeline, "On Monday at the council, in a sharp rise.") == []


def test_the_type_cued_nearest_the_date_wins(run_pipeline, nlp):
    from claimledger.pipeline.events import EventExtractor
    from claimledger.pipeline.token_table import doc_tokens

    doc = run_pipeline("Police arrested dozens as thousands of protesters rallied downtown.")
    clause, classify = doc[:], EventExtractor(nlp, "events")._nearest_specific
    assert classify(clause, doc.text.index("arrested"), doc_tokens(doc)) == "arrest"
    assert classify(clause, doc.text.index("rallied"), doc_tokens(doc)) == "protest"
