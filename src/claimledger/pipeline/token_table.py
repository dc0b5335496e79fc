"""Per-token strings of a Doc, read once from its arrays: what the components' scans test.

``doc[i]`` and ``for token in doc`` build a new Token object each time, and each ``.lemma_``
or ``.dep_`` looks its string up again; the components scan every token of an article
several times to find the few that matter (trigger words, speech verbs, subjects), so
those objects were most of their cost. :func:`doc_tokens` reads the words and the model's
annotations into plain lists once per doc, so a scan tests strings and builds a Token only
for the tokens it keeps. The lists hold what spaCy's own attributes give (``lemma`` is the
lower-cased ``lemma_``), and are read again when the doc's text, length or annotations
change. The sentence starts are kept too: ``Token.sent`` walks its sentence to both ends
and builds two Spans at each call (several microseconds), and the components ask for the
sentence of each trigger, date and figure.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc

from claimledger.pipeline.extensions import doc_text

_WORDS = [ORTH, LOWER, IDX, SPACY]
_MODEL = [LEMMA, POS, TAG, DEP, HEAD, SENT_START]
_KEY = "claimledger.tokens"


class Sentence(NamedTuple):
    """A sentence's bounds in tokens and in characters, as its Span gives them (a tuple:
    building a Span costs several times more)."""

    start: int
    end: int
    start_char: int
    end_char: int


@dataclass
class TokenTable:
    """Column ``x[i]`` is token ``i``'s ``x``: ``text``, ``lower``, ``idx``, ``space``
    (``bool(whitespace_)``), ``lemma`` (lower-cased), ``pos``, ``tag``, ``dep``, ``head``
    (absolute index); ``starts`` lists the first token of each sentence."""

    text: list[str]
    lower: list[str]
    idx: list[int]
    space: list[bool]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    starts: list[int]

    def indices(self, start: int = 0, end: int | None = None) -> range:
        """Token indices ``start:end`` (to the end of the doc by default)."""
        return range(start, len(self.text) if end is None else end)

    def sentence(self, i: int) -> tuple[int, int]:
        """The token bounds of token ``i``'s sentence, those of ``doc[i].sent``: from the
        nearest sentence start at or before it to the next one (or the end of the doc). A
        doc with no sentence boundaries at all reads as one sentence (``Token.sent`` would
        raise)."""
        after = bisect_right(self.starts, i)
        end = self.starts[after] if after < len(self.starts) else len(self.text)
        return self.starts[after - 1], end

    def sentence_bounds(self, i: int) -> Sentence:
        """:meth:`sentence` with its character bounds too (those of its Span)."""
        start, end = self.sentence(i)
        return Sentence(start, end, self.idx[start], self.idx[end - 1] + len(self.text[end - 1]))

    def sentences(self) -> list[tuple[int, int]]:
        """The token bounds of each sentence, in order: those of ``doc.sents``."""
        ends = [*self.starts[1:], len(self.text)] if self.starts else []
        return list(zip(self.starts, ends, strict=True))

    def ancestors(self, i: int) -> Iterator[int]:
        """The indices of token ``i``'s ancestors, nearest first, as ``Token.ancestors``
        (up the heads to the root, never more steps than tokens)."""
        head, steps = self.head, 0
        while head[i] != i and steps < len(head):
            i = head[i]
            steps += 1
            yield i

    def where(self, column: list[str], values: frozenset[str] | set[str],
              start: int = 0, end: int | None = None) -> Iterator[int]:
        """Indices in ``start:end`` whose ``column`` value is one of ``values``, in order."""
        stop = len(column) if end is None else end
        return (i for i in range(start, stop) if column[i] in values)

    def text_of(self, doc: Doc, start: int, end: int) -> str:
        """``doc[start:end].text``, sliced from the doc's text."""
        if start >= end:
            return ""
        return doc_text(doc)[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]


def doc_tokens(doc: Doc) -> TokenTable:
    """The doc's :class:`TokenTable`, built once per doc and kept while its text, length and
    model annotations and sentence starts stay the same (checked on each call: call it once
    per pass, not per token)."""
    model = doc.to_array(_MODEL)
    state = model.tobytes()  # compared as bytes: numpy.array_equal took several times longer
    hit = doc.user_data.get(_KEY)
    text = doc_text(doc)
    if hit is not None and hit[0] is text and hit[1] == state:
        return hit[2]
    table = _read(doc, model)
    doc.user_data[_KEY] = (text, state, table)
    return table


def _read(doc: Doc, model: numpy.ndarray) -> TokenTable:
    words = doc.to_array(_WORDS)
    strings = doc.vocab.strings
    n = len(doc)
    heads = (model[:, 4].astype(numpy.int64) + numpy.arange(n)).tolist() if n else []
    return TokenTable(
        text=_strings(strings, words[:, 0]), lower=_strings(strings, words[:, 1]),
        idx=words[:, 2].tolist(), space=[bool(s) for s in words[:, 3].tolist()],
        lemma=_strings(strings, model[:, 0], lemmas=True), pos=_strings(strings, model[:, 1]),
        tag=_strings(strings, model[:, 2]), dep=_strings(strings, model[:, 3]), head=heads,
        starts=_sentence_starts(model[:, 5]),
    )


def _sentence_starts(column: numpy.ndarray) -> list[int]:
    """Token 0 and each token whose ``SENT_START`` is 1, where ``Span.sent`` stops walking
    (-1, "not a start", is read from the array as a large unsigned number)."""
    if not len(column):
        return []
    return [0, *(numpy.flatnonzero(column[1:] == 1) + 1).tolist()]


# A string's hash is the same in every vocabulary (symbols such as "NOUN" too), so the
# strings seen are kept across docs: most words of an article were seen in earlier ones.
_NAMES: dict[int, str] = {}
_LEMMAS: dict[int, str] = {}  # lemma hash → lower-cased lemma
_MEMO_LIMIT = 1_000_000


def _strings(strings: StringStore, column: numpy.ndarray, lemmas: bool = False) -> list[str]:
    """The string of each hash (or symbol id) of ``column``; lower-cased for ``lemmas``."""
    memo = _LEMMAS if lemmas else _NAMES
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    out = []
    for key in column.tolist():
        name = memo.get(key)
        if name is None:
            name = strings[key] if key else ""
            memo[key] = name = name.lower() if lemmas else name
        out.append(name)
    return out
