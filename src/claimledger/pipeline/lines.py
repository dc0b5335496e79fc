"""Line breaks as sentence boundaries, set before the parser runs.

News pages put headlines, captions, datelines and bylines on lines of their own with no
closing full stop; the statistical parser then glues them onto the next sentence and reads
"Toll Tops 7,500 … With crews digging" as one clause. Unless the line before stops mid-phrase
(a comma, a conjunction, a preposition, an article), a blank line ends a sentence, and so does
a single line break before a line that starts like a sentence (a capital or a digit).
The parser keeps boundaries set before it. Version: claimledger_line_breaks v1.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

# Fine-grained tags (the coarse ones are set after the parser): conjunctions, prepositions,
# articles, "to", possessives, relative words.
_MID_PHRASE = {"CC", "IN", "DT", "TO", "PRP$", "WDT", "WP", "WP$", "POS"}


def _continues(before: Token) -> bool:
    """The line before stops mid-phrase: a hard-wrapped sentence goes on."""
    return before.text in (",", "-", "–", "(") or before.tag_ in _MID_PHRASE


def _starts_sentence(after: Token) -> bool:
    return after.text[:1].isupper() or after.text[:1].isdigit() or after.text[:1] in "\"“‘'-–—•"


class LineBreaks:
    """Marks the token after a line break as a sentence start where the page layout says so."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = []
        # only the whitespace tokens can hold a line break: a Token object for each of the
        # others cost more than the rest of the component
        spaces = numpy.flatnonzero(doc.to_array([IS_SPACE])[1:-1]) + 1
        for i in spaces.tolist():
            token = doc[i]
            if "\n" not in token.text:
                continue
            after = doc[token.i + 1]
            before = doc[token.i - 1]
            if not _continues(before) and (token.text.count("\n") >= 2 or _starts_sentence(after)):
                starts.append(after.i)
        if starts:
            # in one write: ``Token.is_sent_start = True`` scans the doc for a parse each time
            column = doc.to_array([SENT_START])
            column[starts] = 1
            doc.from_array([SENT_START], column)
        return doc
