"""The pipeline's plumbing: the cached text, and what the model is asked to read."""

from __future__ import annotations

from claimledger.pipeline.extensions import doc_text


def test_doc_text_is_the_doc_text_and_read_once(nlp):
    doc = nlp.make_doc("Two people died.  The ministry said so.\n\n")
    assert doc_text(doc) == doc.text
    doc.user_data["claimledger.text"] = "stale text of another length"
    assert doc_text(doc) == doc.text  # a cached text that does not fit is rebuilt
    assert doc_text(nlp.make_doc("")) == ""
