"""Selective reading: the model parses only the segments that can hold a claim, and the Doc
of the whole text comes back exact (pipeline/reading.py, pipeline/screen.py)."""

from __future__ import annotations

import pytest

from claimledger.pipeline import make_doc, read_doc, screen
from claimledger.pipeline.reading import plan, run_doc
from claimledger.records import Document

QUIET = ("Residents described water rising through the night. Many climbed onto roofs to "
         "wait for boats. Volunteers from Eastbrook and Milltown brought blankets to "
         "Deputy Mayor Tomasz Wrenfield’s office.")
ARTICLE = (
    "Floods sweep northern valleys\n\n"
    "LAKETON (Example Wire) - Rivers burst their banks across the north this week.\n\n"
    "The rain began before dawn and did not stop.\n\n"
    f"{QUIET}\n\n"
    "Schools in the valley stayed closed while engineers inspected the bridges. The old "
    "stone bridge was declared unsafe.\n\n"
    "At least 14 people were killed in the floods. This was confirmed by the Interior "
    "Ministry.\n\n"
    "Rescuers said on Tuesday that 230 people had been hurt and about 1,500 had fled "
    "their homes. \u201cWe expect more rain,\u201d said Jane Morrow, who leads the relief "
    "effort.\n\n"
    "Local farmers fear for the spring planting. Some fields lie under a metre of silt.\n\n"
    "Source: Laketon Regional Broadcasting Service\n"
)


def _doc(nlp, text: str = ARTICLE):
    document = Document(id="r1", text=text, content_hash="r1", source="Example Wire",
                        published="2024-03-06")
    return make_doc(nlp, document)


@pytest.fixture(scope="module")
def both(nlp):
    """The article through the whole model, and read selectively."""
    return nlp(_doc(nlp)), read_doc(nlp, _doc(nlp))


def test_the_reassembled_doc_has_the_exact_text_tokens_and_offsets(nlp, both):
    full, read = both
    assert read.text == ARTICLE
    assert [(t.text, t.idx, t.whitespace_) for t in read] == \
        [(t.text, t.idx, t.whitespace_) for t in full]
    for quantity, expected in zip(read._.cl_quantities, ("14", "230", "1,500"), strict=True):
        assert expected in ARTICLE[quantity["start"]:quantity["end"]]
        assert ARTICLE[quantity["claimant_start"]:quantity["claimant_end"]] == \
            quantity["claimant_text"]


def test_the_selective_and_the_full_path_give_the_same_records(both):
    full, read = both
    assert [q["value"] for q in read._.cl_quantities] == [14, 230, 1500]
    assert read._.cl_quantities == full._.cl_quantities
    assert read._.cl_events == full._.cl_events
    assert read._.cl_entities == full._.cl_entities  # names in sentences left out too
    assert read._.cl_voice == full._.cl_voice  # the credit line


def test_a_claim_in_a_later_paragraph_gets_the_claimant_of_the_next_sentence(nlp, both,
                                                                             monkeypatch):
    _, read = both
    assert read._.cl_quantities[0]["claimant"] == "Interior Ministry"
    monkeypatch.setattr(screen, "NEAR", 0)  # without the neighbour the credited source speaks
    assert read_doc(nlp, _doc(nlp))._.cl_quantities[0]["claimant"] == \
        "Laketon Regional Broadcasting Service"


def test_a_paragraph_left_out_has_sentences_and_entities_but_no_parse(both):
    _, read = both
    start = ARTICLE.index(QUIET)
    quiet = read.char_span(start, start + len(QUIET))
    assert all(t.dep_ == "" and t.tag_ == "" and t.lemma_ == "" for t in quiet)
    assert [s.text.strip() for s in quiet.sents] == [s + "." for s in QUIET[:-1].split(". ")]
    assert {e.text for e in quiet.ents} >= {"Eastbrook", "Milltown"}
    assert not any(start <= q["start"] < start + len(QUIET) for q in read._.cl_quantities)


def test_figures_dates_the_lead_and_a_figure_s_neighbours_are_read(nlp):
    doc = _doc(nlp)
    cut = screen.segments(doc)
    kept = {doc.text[s.start_char:s.end_char].strip()
            for s, keep in zip(cut, screen.kept_segments(doc, cut), strict=True) if keep}
    assert "Floods sweep northern valleys" in kept  # the headline and lead
    assert "This was confirmed by the Interior Ministry." in kept  # after a figure
    assert any(s.startswith("Rescuers said on Tuesday") for s in kept)
    assert not any(s.startswith("Local farmers") or s.startswith("Residents") for s in kept)


def test_segments_end_at_stops_and_line_breaks_only(nlp):
    text = ("U.S. officials said 3.5 tonnes arrived. \u201cIt is not enough.\u201d Aid "
            "follows.\nMore later\n\nend of day")
    doc = nlp.make_doc(text)
    pieces = [doc.text[s.start_char:s.end_char] for s in screen.segments(doc)]
    assert pieces == ["U.S. officials said 3.5 tonnes arrived. ",
                      "\u201cIt is not enough.\u201d ", "Aid follows.\n", "More later\n\n",
                      "end of day"]
    assert "".join(pieces) == text


def test_a_doc_with_nothing_to_read_still_gets_its_sentences(nlp):
    text = "Quiet day\n\nNothing happened here. The market opened as usual.\n" * 2
    runs, _ = plan(_doc(nlp, text))
    doc = read_doc(nlp, _doc(nlp, text))
    assert doc.text == text and doc._.cl_quantities == []
    assert len(list(doc.sents)) == 6 and runs == [(0, runs[0][1])]
    assert read_doc(nlp, _doc(nlp, ""))._.cl_quantities == []


def test_a_run_s_doc_has_the_words_spaces_and_lexemes_of_its_tokens(nlp):
    doc = _doc(nlp, "Roads  closed.\n\n\tAbout 40 homes — in two villages — were lost.  \n"
                    "“We’re safe,” she said…\u00a0Rain fell again. \n")
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            part = run_doc(doc, start, end)
            tokens = doc[start:end]
            assert [t.text for t in part] == [t.text for t in tokens]
            assert [t.whitespace_ for t in part] == [t.whitespace_ for t in tokens]
            assert [t.orth for t in part] == [t.orth for t in tokens]
            assert part.text == tokens.text_with_ws
