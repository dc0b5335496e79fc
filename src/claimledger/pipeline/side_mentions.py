"""The gazetteer's demonyms and countries of one doc, as the side readers look them up.

Each figure's subject asks which demonym or country a phrase names and which adjective goes
with a side; reading the doc's lists again for each phrase (a doc extension costs more than
the look-up) and scanning them whole made the cost grow with the article's length times its
figures. :class:`SideMentions` holds them for one doc, read once, and answers by bisection
or a dict.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc


class FirstStarting:
    """Mention dicts looked up by where they start: the first one, in the list's own order,
    that starts in ``[start, end)`` (what a scan of the list would find first)."""

    def __init__(self, mentions: list[dict]) -> None:
        self.mentions = mentions
        self.order = sorted(range(len(mentions)), key=lambda k: mentions[k]["start"])
        self.starts = [mentions[k]["start"] for k in self.order]

    def first(self, start: int, end: int) -> dict | None:
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return self.mentions[min(self.order[low:high])] if low < high else None


class SideMentions:
    """One doc's ``entities`` (``doc._.cl_entities``), its ``demonyms`` and ``countries``
    (the country entities) by start, and ``demonym_of``: a country's first demonym."""

    def __init__(self, entities: list[dict], demonyms: list[dict]) -> None:
        self.entities = entities
        self.demonyms = FirstStarting(demonyms)
        self.countries = FirstStarting([e for e in entities if e["label"] == "country"])
        self.demonym_of: dict[str, dict] = {}
        for demonym in demonyms:
            self.demonym_of.setdefault(demonym["country"], demonym)

    @classmethod
    def of(cls, doc: Doc) -> SideMentions:
        return cls(doc._.cl_entities or [], doc._.cl_demonyms or [])
