"""The model's rule lemmatizer, asked once per word form instead of once per token.

spaCy's ``Lemmatizer`` already keeps each lemma it computes by (word, part of speech,
morphology), but it still walks the doc one Python ``Token`` at a time and sets
``token.lemma_`` for each, and recomputes the forms it does not cache (base forms, words
without rules). Every answer of its ``lemmatize(token)`` depends on the word, its part of
speech and its morphology alone, so :class:`CachedLemmas` reads those columns as arrays, asks
``lemmatize`` (the very call spaCy makes) once per combination, keeps the answer, and writes
the lemma column back at once. Tokens that
already have a lemma (from the attribute rules) keep it unless the lemmatizer overwrites, as
in spaCy. The lemmas are the model's own, token by token.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

SOURCE = "lemmatizer"
NAME = "claimledger_lemmas"


class CachedLemmas:
    """The ``source`` lemmatizer of a pipeline, applied through its cache column-wise."""

    def __init__(self, name: str, lemmatizer: Lemmatizer) -> None:
        self.name = name
        self.lemmatizer = lemmatizer
        self._hashes: dict[tuple[int, int, int], int] = {}  # lemma hash by (word, pos, morph)

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        if not len(columns):
            return doc
        cache, hashes, strings = lemmatizer.cache, self._hashes, doc.vocab.strings
        lemmas = columns[:, 3].tolist()
        keep = not lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and keep:
                continue
            key = (orth, pos, morph)
            found = hashes.get(key)
            if found is None:
                forms = cache.get(key)
                if forms is None:
                    forms = lemmatizer.lemmatize(doc[i])
                found = hashes[key] = strings.add(forms[0])
            lemmas[i] = found
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))
        return doc


def replace_lemmatizer(nlp: Language) -> None:
    """Put :class:`CachedLemmas` in place of the model's rule lemmatizer (another mode, or
    none, keeps the pipeline as it is)."""
    if SOURCE not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(SOURCE)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return
    nlp.add_pipe(NAME, after=SOURCE, config={"source": SOURCE})
    nlp.remove_pipe(SOURCE)
