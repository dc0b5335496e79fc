"""Property tests (hypothesis): ingest and extraction never raise on any text, and every
span they report indexes the text it came from. Bounded: few examples, no deadline."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.cleaning import text_chunks, text_for_nlp
from claimledger.ingest import content_hash, iter_documents
from claimledger.orchestrate import process_document
from claimledger.records import Document

FRAGMENTS = [
    "Officials said", "at least", "about", "more than", "up to", "hundreds of", "thousands",
    "twelve", "1,200", "3.5 million", "40-50", "were killed", "were wounded", "fled",
    "soldiers", "civilians", "on Monday", "last week", "in Port Elm", "the ministry said",
    "<p>", "</p>", "<b>", "&amp;", "[link](http://x.org)", "**bold**", "# Head", "\n", "\n\n",
    ".", ",", "—", "“", "”", "'", "(", ")", "é", "ß", "日本", "🙂", "\u200b", "\u2028", "\t",
]
PROSE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
                 max_size=40).map(" ".join)
# Markup and line-break characters are where cleaning could shift an offset.
PROSE = PROSE | st.lists(st.sampled_from(list("ab .\n\r\u2028\u2029\x85[]()*#!") + FRAGMENTS),
                         max_size=40).map("".join)
QUICK = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@QUICK
@given(text=PROSE | st.text(max_size=400))
def test_cleaning_keeps_every_offset(text):
    assert len(text_for_nlp(text)) == len(text)


@QUICK
@given(text=st.text(max_size=2000), size=st.integers(min_value=2, max_value=300))
def test_chunks_tile_the_text_within_the_size(text, size):
    pieces = text_chunks(text, size)
    assert "".join(text[a:b] for a, b in pieces) == text
    assert all(b - a <= size for a, b in pieces)
    assert all(a < b for a, b in pieces) or text == ""


@QUICK
@given(lines=st.lists(st.one_of(
    PROSE.map(lambda t: json.dumps({"text": t, "id": t[:5]})),
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1"))), max_size=8))
def test_ingest_never_raises_and_reports_every_bad_line(tmp_path, lines):
    path = Path(tmp_path) / "fuzz.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    errors = []
    documents = list(iter_documents([str(path)], on_error=errors.append))
    for document in documents:
        assert document.text.strip() and "\x00" not in document.text
        document.text.encode("utf-8")  # storable: no lone surrogate left
    assert all(str(e).startswith(str(path)) and "\n" not in str(e) for e in errors)


@settings(max_examples=25, deadline=None)
@given(text=PROSE)
def test_extraction_never_raises_and_spans_index_the_text(text):
    document = Document(id="p", text=text, content_hash=content_hash(text),
                        published="2024-05-07")
    for record in process_document(document):
        assert text[record.start:record.end] == record.evidence
        if getattr(record, "date_start", None) is not None:
            assert text[record.date_start:record.date_start + len(record.date_text)] == \
                record.date_text
