"""Hand corrections: a reader's fixes that hold across re-runs.

A correction is keyed by what it fixes (a claim id, a document id, a cluster or incident id),
never by a row number, and lives in its own table; every read of the ledger applies the
corrections to the claims as extracted, so analysing again (or with a newer claimledger)
keeps them. For one target and field the latest correction wins. They travel as JSONL
(``claimledger corrections export/import``) so a team can share them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.records import MEASURES, QUALIFIERS, Incident, Quantity

# What a correction does. `set` changes one field of a claim; `move` puts a claim into
# another cluster (an existing id, or a new one to split it off); `merge` maps every
# claim of one incident to another.
ACTIONS = ("reject", "restore", "set", "exclude", "include", "move", "merge")
TEXT_FIELDS = ("claimant", "claimant_kind", "claimant_side", "subject", "subject_side",
               "subject_role", "as_of", "location", "era", "incident")
NUMBER_FIELDS = ("value", "low", "high")
SETTABLE = ("measure", "qualifier", *NUMBER_FIELDS, *TEXT_FIELDS)


class CorrectionError(ClaimledgerError):
    """A correction that cannot be applied as given (unknown field, bad value)."""


@dataclass(frozen=True)
class Correction:
    target: str  # a claim id (q-…), a document id, or an incident id for `merge`
    action: str
    field: str | None = None
    value: Any = None
    who: str = ""
    at: str = ""  # ISO timestamp, set when stored
    why: str = ""

    def __post_init__(self) -> None:
        validate(self)

    def stamped(self, now: str) -> Correction:
        return self if self.at else replace(self, at=now)

    def row(self) -> tuple[Any, ...]:
        value = None if self.value is None else json.dumps(self.value, ensure_ascii=False)
        return (self.target, self.action, self.field, value, self.who, self.at, self.why)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Correction:
        target, action, field, value, who, at, why = row
        return cls(target, action, field, None if value is None else json.loads(value),
                   who or "", at or "", why or "")

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"kind": "correction", **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Correction:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def validate(correction: Correction) -> None:
    """Refuse a correction that could never apply, at the moment it is made."""
    action, name, value = correction.action, correction.field, correction.value
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r}; one of {', '.join(ACTIONS)}")
    if not correction.target:
        raise CorrectionError("a correction needs a target (claim, document or incident id)")
    if action == "set":
        if name not in SETTABLE:
            raise CorrectionError(f"cannot set {name!r}; settable: {', '.join(SETTABLE)}")
        if name == "measure" and value not in MEASURES and not str(value).startswith("other:"):
            raise CorrectionError(f"unknown measure {value!r}; one of {', '.join(MEASURES)} "
                                  "or other:NAME")
        if name == "qualifier" and value not in QUALIFIERS:
            raise CorrectionError(f"unknown qualifier {value!r}; one of {', '.join(QUALIFIERS)}")
        if name in NUMBER_FIELDS and not _is_number(value):
            raise CorrectionError(f"{name} must be a number, not {value!r}")
    if action in ("move", "merge") and not value:
        raise CorrectionError(f"{action} needs the id to move or merge into")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def parse_value(name: str | None, text: str | None) -> Any:
    """A value typed on the command line or in a form: numbers for number fields."""
    if text is None:
        return None
    if name in NUMBER_FIELDS and _is_number(text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def _latest(corrections: Iterable[Correction], actions: tuple[str, ...],
            by_field: bool = False) -> dict[tuple[str, str | None], Correction]:
    """(target, field) → the last correction among ``actions`` (later ones undo earlier)."""
    latest = {}
    for correction in corrections:
        if correction.action in actions:
            latest[(correction.target, correction.field if by_field else None)] = correction
    return latest


def excluded_documents(corrections: Iterable[Correction]) -> set[str]:
    state = _latest(corrections, ("exclude", "include"))
    return {target for (target, _), c in state.items() if c.action == "exclude"}


def rejected_claims(corrections: Iterable[Correction]) -> set[str]:
    state = _latest(corrections, ("reject", "restore"))
    return {target for (target, _), c in state.items() if c.action == "reject"}


def field_changes(corrections: Iterable[Correction]) -> dict[str, dict[str, Correction]]:
    """claim id → field → the correction that sets it (the latest one)."""
    changes: dict[str, dict[str, Correction]] = {}
    for (target, name), correction in _latest(corrections, ("set",), by_field=True).items():
        changes.setdefault(target, {})[str(name)] = correction
    return changes


def cluster_moves(corrections: Iterable[Correction]) -> dict[str, str]:
    """claim id → the cluster id it was moved to (the latest move wins)."""
    return {c.target: str(c.value) for c in corrections if c.action == "move"}


def incident_merges(corrections: Iterable[Correction]) -> dict[str, str]:
    """incident id → the incident it was merged into, followed to the end of a chain."""
    merges = {c.target: str(c.value) for c in corrections if c.action == "merge"}
    resolved = {}
    for source in merges:
        seen, target = {source}, merges[source]
        while target in merges and target not in seen:
            seen.add(target)
            target = merges[target]
        resolved[source] = target
    return resolved


IncidentFix = Callable[[Sequence[Incident], Sequence[Quantity], Sequence[str]],
                      tuple[list[Incident], list[str]]]


def incident_fix(corrections: Sequence[Correction]) -> IncidentFix | None:
    """The readers' incident corrections as a step to run after incidents are resolved (the
    resolver knows nothing of them, so without it every re-run would undo them): claims
    moved with ``set incident=`` and incidents merged with ``merge``. None when there are none.
    """
    moved = {target: str(fields["incident"].value)
             for target, fields in field_changes(corrections).items() if "incident" in fields}
    merges = incident_merges(corrections)
    if not moved and not merges:
        return None

    def fix(incidents: Sequence[Incident], quantities: Sequence[Quantity],
            ids: Sequence[str]) -> tuple[list[Incident], list[str]]:
        fixed = [moved.get(q.id, i) for q, i in zip(quantities, ids, strict=True)]
        fixed = [merges.get(i, i) if i else i for i in fixed]
        return restate_incidents(incidents, quantities, fixed, merges), fixed

    return fix


def restate_incidents(incidents: Sequence[Incident], quantities: Sequence[Quantity],
                      ids: Sequence[str], merges: Mapping[str, str]) -> list[Incident]:
    """The incidents as the corrected claims make them: an incident merged into another
    lends it its dates, one left without claims is gone, an id a reader made up is new."""
    known = {i.id: i for i in incidents}
    members: dict[str, list[Quantity]] = {}
    for quantity, incident in zip(quantities, ids, strict=True):
        if incident:
            members.setdefault(incident, []).append(quantity)
    restated = []
    for incident_id, claims in members.items():
        parts = [i for i in incidents if i.id == incident_id or merges.get(i.id) == incident_id]
        base = known.get(incident_id) or Incident(incident_id, incident_id, "", None, None, None)
        restated.append(replace(
            base, claims=len(claims), docs=tuple(sorted({q.doc for q in claims})),
            first_date=min((i.first_date for i in parts if i.first_date), default=None),
            last_date=max((i.last_date for i in parts if i.last_date), default=None)))
    return sorted(restated, key=lambda i: (-i.claims, i.first_date or "", i.id))


def _changed(quantity: Quantity, changes: dict[str, Correction],
             merges: dict[str, str]) -> Quantity:
    names = {f.name for f in fields(quantity)}
    updates = {}
    for name, correction in changes.items():
        if name in names:
            updates[name] = parse_value(name, correction.value) if isinstance(
                correction.value, str) else correction.value
    incident = updates.get("incident", getattr(quantity, "incident", None))
    if incident in merges and "incident" in names:
        updates["incident"] = merges[incident]
    return replace(quantity, **updates) if updates else quantity


def apply_corrections(quantities: Iterable[Quantity],
                      corrections: Sequence[Correction]) -> list[Quantity]:
    """The claims as corrected: rejected ones and those of excluded documents drop out,
    set fields replace the extracted ones (the claim id stays the extracted one)."""
    if not corrections:
        return list(quantities)
    excluded, rejected = excluded_documents(corrections), rejected_claims(corrections)
    changes, merges = field_changes(corrections), incident_merges(corrections)
    return [_changed(q, changes.get(q.id, {}), merges) for q in quantities
            if q.doc not in excluded and q.id not in rejected]


def claim_marks(corrections: Sequence[Correction]) -> dict[str, list[dict[str, Any]]]:
    """claim id → what was corrected, by whom, when and why (for exports and the web UI)."""
    marks: dict[str, list[dict[str, Any]]] = {}
    kept = [*field_changes(corrections).values()]
    for change in kept:
        for correction in change.values():
            marks.setdefault(correction.target, []).append(_mark(correction))
    for correction in corrections:
        if correction.action == "move":
            marks.setdefault(correction.target, []).append(_mark(correction))
    return marks


def _mark(correction: Correction) -> dict[str, Any]:
    name = correction.field if correction.action == "set" else "cluster"
    return {"field": name, "value": correction.value, "who": correction.who,
            "at": correction.at, "why": correction.why}


def read_jsonl(lines: Iterable[str]) -> list[Correction]:
    """Corrections from JSONL (``corrections export``); a bad line names its number."""
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            found.append(Correction.from_json(json.loads(line)))
        except (json.JSONDecodeError, TypeError) as error:
            raise CorrectionError(f"line {number}: not a correction ({error})") from error
        except CorrectionError as error:
            raise CorrectionError(f"line {number}: {error}") from error
    return found


__all__ = ["ACTIONS", "SETTABLE", "Correction", "CorrectionError", "apply_corrections",
           "claim_marks", "cluster_moves", "excluded_documents", "field_changes",
           "incident_fix", "incident_merges", "read_jsonl", "rejected_claims"]
