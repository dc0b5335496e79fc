"""Doc extensions written by the claimledger components.

They hold plain, serialisable data (character offsets into ``doc.text``, strings, dicts),
never live ``Span`` objects, so docs can be pickled and sent to Dask workers.

- ``doc._.cl_meta``: ``{"doc_id": str, "source": str | None, "published": "YYYY-MM-DD" | None}``,
  set by :func:`claimledger.pipeline.build.make_doc` before the pipeline runs.
- ``doc._.cl_entities``: canonical mentions from the gazetteer, each
  ``{"start", "end", "text", "label": place|country|person|organisation,
  "canonical", "canonical_id", "country_code"}``.
- ``doc._.cl_demonyms``: ``{"start", "end", "text", "country", "country_code"}`` for words such
  as "Azerbaijani" or "Armenians" (used for whose losses a figure counts, and for sides).
- ``doc._.cl_attributions``: regions of text asserted by someone other than the outlet,
  each ``{"start", "end", "claimant", "claimant_text", "claimant_start", "claimant_end",
  "claimant_kind", "claimant_side", "cue"}``; ``start``/``end`` bound the asserted content
  (a sentence, a quotation, or a clause).
- ``doc._.cl_voice``: ``{"outlet": str, "wire": str | None}``: who speaks when nobody is named.
- ``doc._.cl_quantities``: dicts with the fields of :class:`claimledger.records.Quantity`
  (without ``doc`` and ``evidence``).
- ``doc._.cl_events``: dicts with the fields of :class:`claimledger.records.Event`
  (without ``doc`` and ``evidence``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc

from claimledger.pipeline.ranges import ByStart

T = TypeVar("T")

_LIST_EXTENSIONS = (
    "cl_entities", "cl_demonyms", "cl_attributions", "cl_quantities", "cl_events",
)


def register_extensions() -> None:
    """Idempotent: safe to call from every factory."""
    if not Doc.has_extension("cl_meta"):
        Doc.set_extension("cl_meta", default=None)
    if not Doc.has_extension("cl_voice"):
        Doc.set_extension("cl_voice", default=None)
    for name in _LIST_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_TEXT_KEY = "claimledger.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token again on each access, so
    reading it per claim made a component's cost grow with the square of the article. It
    is kept with the doc's length in tokens, and built again for a doc of another length
    that inherited it (``Span.as_doc`` and ``Doc.from_docs`` copy ``user_data``): checking
    the length in characters built a Token at each of the many calls. A doc made by
    :func:`keep_text` never builds it."""
    hit = doc.user_data.get(_TEXT_KEY)
    if hit is None or hit[1] != len(doc):
        hit = doc.user_data[_TEXT_KEY] = (doc.text, len(doc))
    return hit[0]


def keep_text(doc: Doc, text: str) -> Doc:
    """``doc`` with ``text`` kept as its :func:`doc_text`: the text a tokenizer made it from
    (spaCy's tokenizer loses no character, so ``doc.text == text``), known before anything
    joins the tokens again."""
    doc.user_data[_TEXT_KEY] = (text, len(doc))
    return doc


def cached(doc: Doc, key: str, find: Callable[[str], T]) -> T:
    """``find(doc_text(doc))``, computed once per doc and text and shared by the components."""
    text = doc_text(doc)
    hit = doc.user_data.get(key)
    if hit is None or hit[0] is not text:
        hit = doc.user_data[key] = (text, find(text))
    return hit[1]


_PLACES_KEY = "claimledger.places"


def doc_places(doc: Doc) -> ByStart:
    """The gazetteer's places and countries of the doc by start, prepared once per doc
    (again if the gazetteer's list is replaced)."""
    entities = doc._.cl_entities if doc.has_extension("cl_entities") else None
    cached = doc.user_data.get(_PLACES_KEY)
    if cached is None or cached[0] is not entities or cached[1] != len(entities or ()):
        places = ByStart(e for e in entities or [] if e["label"] in ("place", "country"))
        cached = doc.user_data[_PLACES_KEY] = (entities, len(entities or ()), places)
    return cached[2]


def doc_meta(doc: Doc) -> dict:
    """The document's metadata, or an empty shell when the doc was made outside claimledger."""
    return doc._.cl_meta or {"doc_id": "", "source": None, "published": None}
