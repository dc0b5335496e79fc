"""The pipeline's plumbing: the cached text, and what the model is asked to read."""

from __future__ import annotations

import gc

from claimledger.pipeline import build_nlp, make_doc, read_doc, read_docs
from claimledger.pipeline.extensions import doc_text
from claimledger.records import Document

# Odd spacing on purpose: tabs, runs of spaces, a line with only spaces, no break at the end.
UNEVEN = ("Storm hits  the coast\n  \n\tAt least 12 people died , officials said.\u00a0"
          "“It is bad,” one said.   \r\nMore later")


def test_doc_text_is_the_doc_text_and_read_once(nlp):
    doc = nlp.make_doc("Two people died.  The ministry said so.\n\n")
    assert doc_text(doc) == doc.text
    doc.user_data["claimledger.text"] = ("stale text of another doc", len(doc) + 1)
    assert doc_text(doc) == doc.text  # a cached text that does not fit is rebuilt
    part = doc[:3].as_doc(copy_user_data=True)
    assert doc_text(part) == part.text == "Two people died"
    assert doc_text(nlp.make_doc("")) == ""


def test_a_doc_made_from_a_record_keeps_the_text_it_was_made_from(nlp):
    document = Document(id="k1", text=UNEVEN, content_hash="k1", source="Test Wire",
                        published="2024-05-01")
    doc = make_doc(nlp, document)
    assert doc.user_data["claimledger.text"] == (doc.text, len(doc))
    assert doc_text(doc) == doc.text and len(doc_text(doc)) == len(UNEVEN)


def test_a_user_s_own_doc_is_read_with_its_own_text(nlp):
    doc = read_doc(nlp, nlp.make_doc(UNEVEN))  # made without claimledger's make_doc
    assert doc_text(doc) == doc.text == UNEVEN
    assert [q["value"] for q in doc._.cl_quantities] == [12]


def test_building_the_pipeline_leaves_the_caller_s_objects_to_the_collector():
    build_nlp()  # a library must not freeze the calling program's heap (gc.freeze)
    assert gc.get_freeze_count() == 0


def test_reading_leaves_older_objects_to_the_collector_only_while_it_reads(nlp):
    docs = [nlp.make_doc(UNEVEN), nlp.make_doc("Officials said 3 people were hurt.")]
    reading = read_docs(nlp, docs, batch_size=1)
    next(reading)
    assert gc.get_freeze_count() > 0  # the model is skipped while the reading runs
    assert len(list(reading)) == 1
    assert gc.get_freeze_count() == 0  # and handed back when it ends
    gc.freeze()  # a program that freezes objects itself keeps managing them
    try:
        list(read_docs(nlp, docs))
        assert gc.get_freeze_count() > 0  # not handed back by the reading
    finally:
        gc.unfreeze()


def test_place_index_is_built_once_with_a_line_saying_so(tmp_path, monkeypatch, capsys):
    from claimledger.pipeline import places

    tables = ({"springfield": (0,)}, [(1, "Springfield", "US", 1000)])
    monkeypatch.setenv(places.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(places, "_build_city_tables", lambda: tables)
    assert places._city_tables() == tables
    assert "building the GeoNames place index once" in capsys.readouterr().err
    monkeypatch.setattr(places, "_build_city_tables", lambda: ({}, []))
    assert places._city_tables() == tables  # read back from the cache, silently
    assert capsys.readouterr().err == ""


def test_gazetteer_reads_a_span_text_from_token_offsets(nlp):
    from claimledger.pipeline.gazetteer import _DocContext

    doc = nlp("The  U.N. envoy's\tvisit to Nagorno-Karabakh,\n\nthen Baku ended.")
    context = _DocContext(doc, nlp.get_pipe("claimledger_gazetteer"))
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert context.text_of(start, end) == doc[start:end].text
