"""The pipeline's plumbing: the cached text, and what the model is asked to read."""

from __future__ import annotations

from claimledger.pipeline.extensions import doc_text


def test_doc_text_is_the_doc_text_and_read_once(nlp):
    doc = nlp.make_doc("Two people died.  The ministry said so.\n\n")
    assert doc_text(doc) == doc.text
    doc.user_data["claimledger.text"] = ("stale text of another doc", len(doc) + 1)
    assert doc_text(doc) == doc.text  # a cached text that does not fit is rebuilt
    part = doc[:3].as_doc(copy_user_data=True)
    assert doc_text(part) == part.text == "Two people died"
    assert doc_text(nlp.make_doc("")) == ""


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
