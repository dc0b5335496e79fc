"""Small readings of the dependency parse shared by the components."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from claimledger.pipeline.extensions import cached, doc_text
from claimledger.pipeline.token_table import TokenTable, doc_tokens

_INDEXED_TABLE = "claimledger.indexed_tokens"
_SENTENCE_STARTS = "claimledger.sentence_starts"


def of_objects(noun: Token, *, through_conjuncts: bool = False) -> list[Token]:
    """The nouns after "of" ("the number of dead", "some of the officials"); with
    ``through_conjuncts`` also those of its conjuncts ("types and models of vehicles")."""
    heads = [noun] + ([c for c in noun.children if c.dep_ == "conj"] if through_conjuncts
                      else [])
    return [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj"]


def of_object(noun: Token) -> Token | None:
    """The first noun after the noun's own "of", if any."""
    objects = of_objects(noun)
    return objects[0] if objects else None


def token_indices(doc: Doc, key: str, find: Callable[[TokenTable], list[int]]) -> list[int]:
    """The indices of the doc's tokens that ``find`` picks from its token table, in order,
    read once per doc and text (under ``key``): a scan made for each figure then tests
    those few instead of building a Token for every word of its sentence."""
    return cached(doc, key, lambda _: find(_indexed_table(doc)))


def _indexed_table(doc: Doc) -> TokenTable:
    """The token table the doc's :func:`token_indices` are read from, like them once per doc
    and text: :func:`doc_tokens` compares the doc's annotations with the table's on each
    call, and each kind of index would pay for that check again."""
    return cached(doc, _INDEXED_TABLE, lambda _: doc_tokens(doc))


def within(indices: list[int], start: int, end: int) -> list[int]:
    """The sorted ``indices`` in ``start:end`` (a sentence's, say)."""
    return indices[bisect_left(indices, start):bisect_left(indices, end)]


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's text: a Span joins its Tokens' texts again at
    each reading, and a sentence is read for each of its figures."""
    return doc_text(span.doc)[span.start_char:span.end_char] if len(span) else ""


def sentence_starts(doc: Doc) -> list[int]:
    """The index of each sentence's first token (those of ``doc.sents``), read once per doc
    and text from the sentence-start column."""
    def read(_: str) -> list[int]:
        column = doc.to_array(SENT_START)
        return [0, *(numpy.flatnonzero(column[1:] == 1) + 1).tolist()] if len(doc) else []
    return cached(doc, _SENTENCE_STARTS, read)


def sentence_of(doc: Doc, i: int) -> Span:
    """``doc[i].sent``, the sentence holding token ``i``, found by bisection in the doc's
    sentence starts: ``Token.sent`` walks the doc to both ends of the sentence and builds two
    Spans on every call, and a figure's readers ask for its sentence many times."""
    starts = sentence_starts(doc)
    at = bisect_right(starts, i)
    return doc[starts[at - 1]:starts[at] if at < len(starts) else len(doc)]
