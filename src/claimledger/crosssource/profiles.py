"""How each outlet sources its figures: own voice, each side, neutral bodies, unnamed sources.

Categories are exclusive and checked in this order, so every claim counts once:
own_voice (the outlet or a wire speaking), unnamed (unnamed sources, "officials"),
side:<X> (a claimant speaking for X), neutral (an organisation with no side), other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from claimledger.crosssource.view import SourcingProfile
from claimledger.records import Document, Quantity

OWN_VOICE_KINDS = ("outlet", "wire")
UNNAMED_KINDS = ("unnamed", "sources")  # "sources": ledgers written before "unnamed"


def sourcing_category(quantity: Quantity, source: str) -> str:
    """Which kind of claimant gave one figure, as seen from the outlet that printed it."""
    kind = quantity.claimant_kind or ""
    claimant = (quantity.claimant or "").strip()
    if kind in OWN_VOICE_KINDS or (not kind and (not claimant or claimant == source)):
        return "own_voice"
    if kind in UNNAMED_KINDS:
        return "unnamed"
    if quantity.claimant_side:
        return f"side:{quantity.claimant_side}"
    if kind == "organisation":
        return "neutral"
    return "other"


def _profile(source: str, counts: Counter) -> SourcingProfile:
    total = sum(counts.values())
    shares = {name: round(count / total, 4) for name, count in sorted(counts.items())}
    return SourcingProfile(source=source, total=total, shares=shares, counts=dict(counts))


def sourcing_profiles(
    documents: Iterable[Document], quantities: Iterable[Quantity]
) -> list[SourcingProfile]:
    """One profile per outlet that printed at least one figure, sorted by outlet name."""
    source_of = {document.id: document.source or document.id for document in documents}
    tallies: dict[str, Counter] = defaultdict(Counter)
    for quantity in quantities:
        source = source_of.get(quantity.doc, quantity.doc)
        tallies[source][sourcing_category(quantity, source)] += 1
    return [_profile(source, tallies[source]) for source in sorted(tallies)]
