"""Small readings of the dependency parse shared by the components."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from claimledger.pipeline.extensions import cached, doc_text
from claimledger.pipeline.token_table import TokenTable, doc_tokens

_INDEXED_TABLE = "claimledger.indexed_tokens"


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
    return cached(doc, key, lambda _: find(indexed_tokens(doc)))


def indexed_tokens(doc: Doc) -> TokenTable:
    """The doc's token table as read once per doc and text, like :func:`token_indices`, for
    look-ups made per figure (its sentence, say): :func:`doc_tokens` compares the doc's
    annotations with the table's on each call, which costs more than such a look-up."""
    return cached(doc, _INDEXED_TABLE, lambda _: doc_tokens(doc))


def sentence_of(doc: Doc, words: TokenTable, i: int) -> Span:
    """``doc[i].sent``, bounded by the token table's sentence starts: ``Token.sent`` walks
    to both ends of its sentence and builds two Spans at each call, and a component asks
    for the sentence of each figure. (Where bounds are enough, ``words.sentence(i)`` and
    ``words.sentence_bounds(i)`` cost less than any Span.)"""
    start, end = words.sentence(i)
    return Span(doc, start, end)


def in_subtree(doc: Doc, words: TokenTable, top: int, i: int) -> bool:
    """Whether token ``i`` is in ``doc[top].subtree``, found by climbing from ``i`` instead
    of walking the whole subtree: each word on the way up must be one of its head's
    children as spaCy lists them, inside the head's left and right edges (which a
    non-projective parse can leave short)."""
    if i == top:
        return True
    child = i
    for head in words.ancestors(i):
        token = doc[head]
        if not token.left_edge.i <= child <= token.right_edge.i:
            return False  # spaCy does not find the child below this head
        if head == top:
            return True
        child = head
    return False


def within(indices: list[int], start: int, end: int) -> list[int]:
    """The sorted ``indices`` in ``start:end`` (a sentence's, say)."""
    return indices[bisect_left(indices, start):bisect_left(indices, end)]


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's text: a Span joins its Tokens' texts again at
    each reading, and a sentence is read for each of its figures."""
    return doc_text(span.doc)[span.start_char:span.end_char] if len(span) else ""

