"""Builders for hand-made documents and claims shared by the cross-source tests."""

from __future__ import annotations

from claimledger.records import Document, Quantity


def doc(doc_id: str, source: str, published: str | None) -> Document:
    return Document(id=doc_id, text="", content_hash=doc_id, source=source, published=published)


def claim(doc_id: str, value: float, **fields) -> Quantity:
    base = {"start": 0, "end": 1, "evidence": str(value), "measure": "killed"}
    base.update(fields)
    return Quantity(doc=doc_id, value=value, **base)
