"""Selective reading: the model tags and parses only the sentences where a claim can be.

Many of an article's sentences hold no figure, no date and no one's word for either, yet the
model's tagger and parser (with their shared tok2vec, attribute ruler and lemmatizer) spend
half of the model's time on them. :func:`read_docs` cuts the tokenised text into cheap
segments (sentence-final punctuation and line breaks, as :mod:`claimledger.pipeline.lines`
does for the parser), keeps those that can matter (:mod:`claimledger.pipeline.screen`), runs
those components on each contiguous run of kept segments (batched across documents with
``nlp.pipe``) and writes their annotations back into the one Doc of the whole text. Text,
tokens and character offsets are those of the whole text; the segments left out keep their
tokens and sentence starts but have no tags, lemmas or dependencies. The entity recogniser
(its own tok2vec) then reads the whole text, and our five components run on the Doc as they
would in a user's own full pipeline.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, MORPH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.pipeline.blas import one_blas_thread
from claimledger.pipeline.build import COMPONENTS
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.screen import kept_segments, segments

# What the tagger, parser and lemmatizer write; copied from each parsed run into the whole Doc.
_MODEL_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
# Where each token is in the text: its offset, its length, whether a space follows.
_CUT = [IDX, LENGTH, SPACY]
# The one model component that reads the whole text: entities are records of their own (every
# name in the article, alias groups across articles), and the places found in text need the
# model's labels to tell a person from a village of the same name.
WHOLE_TEXT = ("ner",)


Step = Callable[[str, Callable[[], Any]], Any]


def read_docs(nlp: Language, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
    """The full pipeline's output for each tokenised Doc of a whole text (from ``make_doc``),
    the tagger and parser having read only the segments the screen keeps. Streams in
    batches of ``batch_size`` documents."""
    stream = iter(docs)
    with _older_objects_left_alone():
        while batch := list(islice(stream, batch_size)):
            yield from read_batch(nlp, batch)


@contextmanager
def _older_objects_left_alone() -> Iterator[None]:
    """While reading, the cyclic garbage collector skips the objects that existed before
    (the loaded model and GeoNames index above all): every full collection walked them all
    again, about a tenth of a CPU second per 200 articles (``gc.callbacks``). They are
    handed back when the reading ends, so a calling program's objects are collected as
    before; a program that froze objects itself keeps managing them."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def read_batch(nlp: Language, batch: list[Doc], step: Step | None = None) -> list[Doc]:
    """One batch through :func:`read_docs`; ``step(name, work)`` runs each step (a profiler
    passes one that times them)."""
    with one_blas_thread():
        return _read_batch(nlp, batch, step or (lambda _, work: work()))


def _read_batch(nlp: Language, batch: list[Doc], step: Step) -> list[Doc]:
    whole = [(name, proc) for name, proc in nlp.pipeline
             if name in COMPONENTS or name in WHOLE_TEXT]
    plans = step("screen", lambda: [(doc, *plan(doc)) for doc in batch])
    parts = [run_doc(doc, start, end) for doc, spans, _ in plans for start, end in spans]
    parsed = iter(step("model on the kept runs", lambda: list(nlp.pipe(  # one minibatch
        parts, batch_size=max(1, len(parts)), disable=[name for name, _ in whole]))))
    step("annotate", lambda: [annotate(doc, [(start, next(parsed)) for start, _ in spans],
                                       starts) for doc, spans, starts in plans])
    for name, proc in whole:
        batch = step(name, lambda p=proc, ds=batch: list(p.pipe(ds)) if hasattr(p, "pipe")
                     else [p(doc) for doc in ds])
    return batch


def read_doc(nlp: Language, doc: Doc) -> Doc:
    """:func:`read_docs` for one Doc."""
    return next(read_docs(nlp, [doc]))


def plan(doc: Doc) -> tuple[list[tuple[int, int]], numpy.ndarray]:
    """Token ranges of the contiguous runs of kept segments, and the sentence starts of the
    segments left out (1 on a segment's first token, -1 after it, 0 inside the runs)."""
    cut = segments(doc)
    kept = kept_segments(doc, cut)
    starts = numpy.zeros(len(doc), dtype=numpy.int64)
    found: list[tuple[int, int]] = []
    for segment, keep in zip(cut, kept, strict=True):
        if not keep:
            starts[segment.start:segment.end] = -1
            starts[segment.start] = 1
        elif found and found[-1][1] == segment.start:
            found[-1] = (found[-1][0], segment.end)
        else:
            found.append((segment.start, segment.end))
    return found, starts


def run_doc(doc: Doc, start: int, end: int) -> Doc:
    """A Doc of the tokens ``start:end`` alone (the model reads nothing else): the same
    words and spaces, cut from the doc's text at the tokens' offsets (a Token object for
    each would cost more than the rest of the cut)."""
    text = doc_text(doc)
    columns = doc.to_array(_CUT)[start:end]
    starts = columns[:, 0]
    words = [text[first:last] for first, last in
             zip(starts.tolist(), (starts + columns[:, 1]).tolist(), strict=True)]
    return Doc(doc.vocab, words=words, spaces=columns[:, 2].astype(bool).tolist())


def annotate(doc: Doc, parsed: list[tuple[int, Doc]], starts: numpy.ndarray) -> Doc:
    """Copy each parsed run's annotations into ``doc`` at its token offset; the tokens in
    between get the sentence starts of ``starts``."""
    if parsed:
        array = numpy.zeros((len(doc), len(_MODEL_ATTRS)), dtype=numpy.uint64)
        for offset, part in parsed:
            array[offset:offset + len(part)] = part.to_array(_MODEL_ATTRS)
        doc.from_array(_MODEL_ATTRS, array)  # sets every sentence start from the parse
        starts = starts.copy()
        parsed_starts = doc.to_array([SENT_START]).astype(numpy.int64)
        for offset, part in parsed:
            starts[offset:offset + len(part)] = parsed_starts[offset:offset + len(part)]
            starts[offset] = 1
    if len(doc):
        doc.from_array([SENT_START], starts.astype(numpy.uint64))
    return doc
