"""Turn a processed spaCy Doc into contract records with provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.records import Document, Entity, Event, Quantity, Record

if TYPE_CHECKING:  # spaCy is imported only by the commands that analyse
    from spacy.tokens import Doc


def _evidence(document: Document, item: dict) -> str:
    return document.text[item["start"]:item["end"]]


def _build(cls: type, document: Document, item: dict) -> Record:
    names = cls.__dataclass_fields__
    fields = {k: v for k, v in item.items() if k in names and k not in ("doc", "evidence")}
    for key in ("actors", "aliases_seen"):
        if key in fields and isinstance(fields[key], list):
            fields[key] = tuple(fields[key])
    return cls(doc=document.id, evidence=_evidence(document, item), **fields)


def _entity(document: Document, item: dict) -> Entity:
    text = _evidence(document, item)
    return Entity(
        doc=document.id, start=item["start"], end=item["end"], evidence=text,
        label=item["label"], canonical=item["canonical"], aliases_seen=(text,),
        canonical_id=item.get("canonical_id", ""), country_code=item.get("country_code", ""),
    )


def extract_records(document: Document, doc: Doc) -> list[Record]:
    """Quantities, events and entities of one document, in text order within each kind."""
    records: list[Record] = []
    records += [_build(Quantity, document, q) for q in doc._.cl_quantities or []]
    records += [_build(Event, document, e) for e in doc._.cl_events or []]
    records += [_entity(document, e) for e in doc._.cl_entities or []]
    return records
