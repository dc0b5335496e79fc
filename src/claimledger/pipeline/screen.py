"""Which segments of an article the model must read: those that can hold a claim or an event.

A segment is a stretch of tokens cut after sentence-final punctuation and at line breaks,
found without the model. It is kept when it holds a count-like number or a duration (found
as the quantities component finds them) or the date of a day (only those date an event;
found as the events component finds them), or when a kept segment needs it read: the
headline and lead (the article's main event, place and source are read there), the line
crediting the article's source ("Source: X", the voice of its unattributed figures), the
sentence on either side in the same paragraph (a claimant named in the next sentence, the
antecedent of "the ministry said" or "the message says"), and the rest of a quotation that
a kept segment opens or closes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from claimledger.pipeline.attribution_text import (
    AttributionLexicon,
    doc_credit,
    doc_quotations,
)
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.figure_dates import date_mentions
from claimledger.pipeline.quantities import duration_mentions, number_mentions

LEAD = 3  # segments always read: the headline, the dateline and the lead
NEAR = 1  # segments read on each side of a figure's, within its paragraph

_ENDS = frozenset(".!?…")
_CLOSERS = frozenset("\"”’')]»")
# Where a segment may start: after sentence-final punctuation (and closing quotes) before
# anything but a lower-case word, and after a line break.
_BREAK = re.compile(r"[.!?…][\"”’')\]»]*\s*(?=[^\sa-z\"”’')\]»])|\n\s*(?=\S)")


@dataclass(frozen=True)
class Segment:
    """Tokens ``start:end`` (trailing whitespace included) and their characters."""

    start: int
    end: int
    start_char: int
    end_char: int


def segments(doc: Doc) -> list[Segment]:
    """The doc cut where :data:`_BREAK` matches at a token start after a sentence-final
    token or a line break; every segment but the first starts with a non-space token.
    Tokens are read as offsets into the text (a Token object per candidate cost more)."""
    if not len(doc):
        return []
    text = doc_text(doc)
    columns = doc.to_array([IDX, LENGTH])
    starts = columns[:, 0].tolist()
    ends = (columns[:, 0] + columns[:, 1]).tolist()
    cuts = [0]
    for match in _BREAK.finditer(text):
        i = bisect_left(starts, match.end())
        if (i < len(starts) and starts[i] == match.end() and i > cuts[-1]
                and _ends(text, starts, ends, i - 1)):
            cuts.append(i)
    bounds = [*cuts, len(doc)]
    chars = [*(starts[i] for i in cuts), len(text)]
    return [Segment(bounds[k], bounds[k + 1], chars[k], chars[k + 1]) for k in range(len(cuts))]


def _ends(text: str, starts: list[int], ends: list[int], i: int) -> bool:
    """Token ``i`` (at ``starts[i]:ends[i]`` of ``text``) closes a sentence: a line break,
    a final stop, or a quote after one."""
    word = text[starts[i]:ends[i]]
    if word.isspace():  # what spaCy calls a space token
        return "\n" in word or i > 0 and _ends(text, starts, ends, i - 1)
    return word in _ENDS or (word in _CLOSERS and i > 0
                             and text[starts[i - 1]:ends[i - 1]] in _ENDS)


def kept_segments(doc: Doc, cut: list[Segment]) -> list[bool]:
    """For each segment, whether the model must read it (see the module docstring)."""
    text = doc_text(doc)
    starts = [s.start_char for s in cut]

    def index(char: int) -> int:
        return max(0, bisect_right(starts, char) - 1)

    figures = {index(m.number_start) for m in number_mentions(doc)}
    figures |= {index(m.start) for m in duration_mentions(doc)}
    kept = figures | {index(m.start) for m in date_mentions(doc) if m.day is not None}
    kept |= set(range(min(LEAD, len(cut))))
    credit = doc_credit(doc, _lexicon())
    if credit is not None:
        kept.add(index(credit[0]))
    paragraph = _paragraphs(text, cut)
    for i in figures:
        kept |= {j for j in range(i - NEAR, i + NEAR + 1)
                 if 0 <= j < len(cut) and paragraph[j] == paragraph[i]}
    for quote in doc_quotations(doc, _lexicon()):
        first, last = index(quote.start), index(max(quote.start, quote.end - 1))
        if any(first <= i <= last for i in figures):
            kept |= set(range(first, min(last + 1 + NEAR, len(cut))))
    return [i in kept for i in range(len(cut))]


def _paragraphs(text: str, cut: list[Segment]) -> list[int]:
    """Paragraph number of each segment: a new paragraph after a line break."""
    numbers, number = [], 0
    for segment in cut:
        numbers.append(number)
        number += text.find("\n", segment.start_char, segment.end_char) >= 0
    return numbers


@cache
def _lexicon() -> AttributionLexicon:
    return AttributionLexicon.load()
