"""Line breaks as sentence boundaries, set before the parser runs.

News pages put headlines, captions, datelines and bylines on lines of their own with no
closing full stop; the statistical parser then glues them onto the next sentence and reads
"Toll Tops 7,500 … With crews digging" as one clause. A blank line always ends a sentence; a
single line break does when the next line starts like a sentence (a capital or a digit) and
the line before does not end mid-phrase (a comma, a conjunction, a preposition, an article).
The parser keeps boundaries set before it. Version: claimledger_line_breaks v1.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

_MID_PHRASE = {"CCONJ", "ADP", "DET", "SCONJ", "PRON"}


def _continues(before: Token) -> bool:
    """The line before stops mid-phrase: a hard-wrapped sentence goes on."""
    return before.text in (",", "-", "–", "(") or before.pos_ in _MID_PHRASE


def _starts_sentence(after: Token) -> bool:
    return after.text[:1].isupper() or after.text[:1].isdigit() or after.text[:1] in "\"“‘'-–—•"


class LineBreaks:
    """Marks the token after a line break as a sentence start where the page layout says so."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:-1]:
            if "\n" not in token.text or not token.is_space:
                continue
            after = doc[token.i + 1]
            before = doc[token.i - 1]
            if token.text.count("\n") >= 2 or (_starts_sentence(after) and not _continues(before)):
                after.is_sent_start = True
        return doc
