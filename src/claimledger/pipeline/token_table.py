"""Per-token strings of a Doc, read once from its arrays: what the components' scans test.

``doc[i]`` and ``for token in doc`` build a new Token object each time, and each ``.lemma_``
or ``.dep_`` looks its string up again; the components scan every token of an article
several times to find the few that matter (trigger words, speech verbs, subjects), so
those objects were most of their cost. :func:`doc_tokens` reads the words and the model's
annotations into plain lists once per doc, so a scan tests strings and builds a Token only
for the tokens it keeps. The lists hold what spaCy's own attributes give (``lemma`` is the
lower-cased ``lemma_``), and are read again when the doc's text, length or annotations
change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc

from claimledger.pipeline.extensions import doc_text

_WORDS = [ORTH, LOWER, IDX, SPACY]
_MODEL = [LEMMA, POS, TAG, DEP, HEAD, SENT_START]
_KEY = "claimledger.tokens"


@dataclass
class TokenTable:
    """Column ``x[i]`` is token ``i``'s ``x``: ``text``, ``lower``, ``idx``, ``space``
    (``bool(whitespace_)``), ``lemma`` (lower-cased), ``pos``, ``tag``, ``dep``, ``head``
    (absolute index)."""

    text: list[str]
    lower: list[str]
    idx: list[int]
    space: list[bool]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]

    def indices(self, start: int = 0, end: int | None = None) -> range:
        """Token indices ``start:end`` (to the end of the doc by default)."""
        return range(start, len(self.text) if end is None else end)

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
    hit = doc.user_data.get(_KEY)
    text = doc_text(doc)
    if hit is not None and hit[0] is text and numpy.array_equal(hit[1], model):
        return hit[2]
    table = _read(doc, model)
    doc.user_data[_KEY] = (text, model, table)
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
    )


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
