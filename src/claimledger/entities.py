"""Placeholder: corpus-level entity canonicalisation (replaced by the real module)."""

from collections.abc import Sequence

from claimledger.records import Entity


def resolve_across_documents(entities: Sequence[Entity]) -> list[Entity]:
    return list(entities)
