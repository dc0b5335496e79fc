"""The per-doc token table: the same strings as spaCy's Token attributes, read once."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.pipeline.token_table import doc_tokens

TEXT = ("Rescuers said on Tuesday that 230 people had been hurt in the floods.\n\n"
        "“We expect more rain,” said Jane Morrow, who leads the relief effort. "
        "The ministry's figures were revised.")


def _as_tokens(doc: Doc) -> list[tuple]:
    return [(t.text, t.lower_, t.idx, bool(t.whitespace_), t.lemma_.lower(), t.pos_, t.tag_,
             t.dep_, t.head.i) for t in doc]


def _as_table(doc: Doc) -> list[tuple]:
    table = doc_tokens(doc)
    return list(zip(table.text, table.lower, table.idx, table.space, table.lemma, table.pos,
                    table.tag, table.dep, table.head, strict=True))


def test_table_holds_what_the_tokens_say(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    assert _as_table(doc) == _as_tokens(doc)
    assert doc_tokens(doc).text_of(doc, 2, 4) == doc[2:4].text == "on Tuesday"


def test_table_is_kept_until_the_annotations_change(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    first = doc_tokens(doc)
    assert doc_tokens(doc) is first
    doc[0].dep_ = "dep"
    assert doc_tokens(doc) is not first
    assert doc_tokens(doc).dep[0] == "dep"


def test_table_of_an_empty_doc(nlp) -> None:
    table = doc_tokens(nlp.make_doc(""))
    assert table.text == table.pos == table.head == []


def test_where_finds_indices_in_order(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    table = doc_tokens(doc)
    said = list(table.where(table.lemma, {"say"}))
    assert [doc[i].text for i in said] == ["said", "said"]
    assert list(table.where(table.lemma, {"say"}, said[0] + 1)) == said[1:]


def test_sentence_bounds_are_those_of_token_sent(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    table = doc_tokens(doc)
    assert len(table.starts) >= 3 and table.starts[0] == 0
    assert [table.sentence(t.i) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    assert [table.sentence_bounds(t.i) for t in doc] == [
        (t.sent.start, t.sent.end, t.sent.start_char, t.sent.end_char) for t in doc]


def test_ancestors_are_those_of_the_token(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    table = doc_tokens(doc)
    assert [list(table.ancestors(t.i)) for t in doc] == [[a.i for a in t.ancestors]
                                                         for t in doc]
    assert any(len(list(table.ancestors(t.i))) >= 3 for t in doc)


def test_sentences_of_an_empty_doc(nlp) -> None:
    table = doc_tokens(nlp.make_doc(""))
    assert table.starts == table.sentences() == []


def test_sentences_are_those_of_the_doc(run_pipeline) -> None:
    doc = run_pipeline(TEXT)
    assert doc_tokens(doc).sentences() == [(s.start, s.end) for s in doc.sents]
