"""spaCy components of claimledger. ``build_nlp`` returns the one pipeline the tool uses."""

from claimledger.pipeline.build import build_nlp, make_doc

__all__ = ["build_nlp", "make_doc"]
