"""spaCy components of claimledger. ``build_nlp`` returns the one pipeline the tool uses;
``read_docs`` runs it with the model reading only the segments that can hold a claim."""

from claimledger.pipeline.build import build_nlp, make_doc, release_models
from claimledger.pipeline.reading import read_doc, read_docs

__all__ = ["build_nlp", "make_doc", "read_doc", "read_docs", "release_models"]
