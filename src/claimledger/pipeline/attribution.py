"""Placeholder: replaced by the real component."""

from spacy.language import Language
from spacy.tokens import Doc


class Attribution:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_attributions = []
        return doc
