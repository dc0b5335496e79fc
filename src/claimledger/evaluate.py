"""Score a ledger against hand annotations (a gold JSONL file; see docs/gold-format.md).

The rules are lenient where annotators and extractors legitimately word things
differently (claimants and subjects are matched by key words, events by date plus a key
word) and strict where the contract is exact (document, measure and value).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table

from claimledger.errors import GoldError
from claimledger.records import MEASURES, Entity, Event, Quantity
from claimledger.store import Ledger

# ---------------------------------------------------------------------------- gold file


@dataclass(frozen=True)
class GoldQuantity:
    doc: str
    measure: str
    value: float
    qualifier: str | None = None
    subject_keys: tuple[str, ...] = ()
    claimant_keys: tuple[str, ...] = ()
    quote: str = ""
    quote_start: int | None = None
    era: str = "current"
    as_of: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    date: str
    keys: tuple[str, ...] = ()
    date_text: str = ""
    quote: str = ""
    quote_start: int | None = None
    era: str = "current"


@dataclass(frozen=True)
class GoldAlias:
    docs: tuple[str, ...]
    names: tuple[str, ...]
    label: str = ""


@dataclass
class Gold:
    quantities: list[GoldQuantity] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    aliases: list[GoldAlias] = field(default_factory=list)

    @property
    def docs(self) -> set[str]:
        """Documents the file annotates: the only ones whose predictions are scored."""
        return {g.doc for g in self.quantities} | {g.doc for g in self.events}


def _text(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise ValueError(f"'{key}' must be a non-empty string")
    return value


def _keys(data: dict[str, Any], key: str, required: bool = False) -> tuple[str, ...]:
    value = data.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{key}' must be a list of strings")
    if required and not value:
        raise ValueError(f"'{key}' must not be empty")
    return tuple(value)


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"'{key}' must be a number")
    return float(value)


def _offset(data: dict[str, Any]) -> int | None:
    value = data.get("quote_start")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("'quote_start' must be an integer")
    return value


def _era(data: dict[str, Any]) -> str:
    era = _text(data, "era", "current")
    if era not in ("current", "background"):
        raise ValueError("'era' must be 'current' or 'background'")
    return era


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    return _text(data, key) if data.get(key) is not None else None


def _gold_quantity(data: dict[str, Any]) -> GoldQuantity:
    qualifier = data.get("qualifier")
    if qualifier is not None and not isinstance(qualifier, str):
        raise ValueError("'qualifier' must be a string")
    return GoldQuantity(
        doc=_text(data, "doc"), measure=_text(data, "measure"), value=_number(data, "value"),
        qualifier=qualifier, subject_keys=_keys(data, "subject_keys"),
        claimant_keys=_keys(data, "claimant_keys"), quote=_text(data, "quote", ""),
        quote_start=_offset(data), era=_era(data), as_of=_optional_text(data, "as_of"))


def _gold_event(data: dict[str, Any]) -> GoldEvent:
    return GoldEvent(doc=_text(data, "doc"), date=_text(data, "date"), keys=_keys(data, "keys"),
                     date_text=_text(data, "date_text", ""), quote=_text(data, "quote", ""),
                     quote_start=_offset(data), era=_era(data))


def _gold_alias(data: dict[str, Any]) -> GoldAlias:
    return GoldAlias(docs=_keys(data, "docs", required=True),
                     names=_keys(data, "names", required=True), label=_text(data, "label", ""))


PARSERS = {"quantity": _gold_quantity, "event": _gold_event, "alias": _gold_alias}


def _parse_line(line: str) -> GoldQuantity | GoldEvent | GoldAlias:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON ({err.msg})") from err
    if not isinstance(data, dict):
        raise ValueError("a line must be a JSON object")
    kind = data.get("kind")
    if kind not in PARSERS:
        raise ValueError(f"'kind' must be one of {', '.join(PARSERS)} (got {kind!r})")
    return PARSERS[kind](data)


def read_gold(path: str | Path) -> Gold:
    """Parse a gold file; a malformed line raises ``GoldError`` naming file and line."""
    gold = Gold()
    targets = {GoldQuantity: gold.quantities, GoldEvent: gold.events, GoldAlias: gold.aliases}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"{path}: cannot read the gold file ({err})") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = _parse_line(line)
        except ValueError as err:
            raise GoldError(f"{path}:{number}: {err}") from err
        targets[type(item)].append(item)  # type: ignore[attr-defined]
    return gold


# ------------------------------------------------------------------------------ scores


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Tally:
    """Right / checked counts for one accuracy on matched pairs."""

    right: int = 0
    checked: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.checked += 1

    @property
    def accuracy(self) -> float | None:
        return round(self.right / self.checked, 4) if self.checked else None


@dataclass
class EvalReport:
    quantities: Score
    per_measure: dict[str, Score]
    qualifier: Tally
    claimant: Tally
    subject: Tally
    events_found: int
    events_total: int
    events_unmatched: int
    alias_groups: int
    alias_consistent: int
    alias_split: list[dict[str, Any]]
    alias_missing: list[dict[str, Any]]
    era: Tally = field(default_factory=Tally)
    background: Score = field(default_factory=Score)
    as_of: Tally = field(default_factory=Tally)
    event_era: Tally = field(default_factory=Tally)
    wrong_eras: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_claimants: list[dict[str, Any]] = field(default_factory=list)
    wrong_subjects: list[dict[str, Any]] = field(default_factory=list)
    wrong_qualifiers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def event_recall(self) -> float:
        return round(self.events_found / self.events_total, 4) if self.events_total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "quantities": {**self.quantities.to_json(),
                           "per_measure": {m: s.to_json() for m, s in self.per_measure.items()},
                           "qualifier_accuracy": self.qualifier.accuracy},
            "claimant_accuracy": self.claimant.accuracy,
            "subject_accuracy": self.subject.accuracy,
            "era": {"accuracy": self.era.accuracy, "background": self.background.to_json(),
                    "as_of_accuracy": self.as_of.accuracy, "as_of_checked": self.as_of.checked,
                    "event_accuracy": self.event_era.accuracy},
            "events": {"recall": self.event_recall, "found": self.events_found,
                       "total": self.events_total,
                       "unmatched_predictions": self.events_unmatched},
            "aliases": {"groups": self.alias_groups, "consistent": self.alias_consistent,
                        "split": self.alias_split, "missing": self.alias_missing},
            "misses": self.misses, "false_positives": self.false_positives,
            "wrong_claimants": self.wrong_claimants, "wrong_subjects": self.wrong_subjects,
            "wrong_qualifiers": self.wrong_qualifiers, "wrong_eras": self.wrong_eras,
        }


# ------------------------------------------------------------------- quantity matching


def _distance(gold: GoldQuantity, pred: Quantity) -> int:
    """How far the predicted span lies from where the gold quote starts (0 if inside)."""
    if gold.quote_start is None:
        return 0
    if pred.start <= gold.quote_start < max(pred.end, pred.start + 1):
        return 0
    return min(abs(pred.start - gold.quote_start), abs(pred.end - gold.quote_start))


def match_quantities(gold: Sequence[GoldQuantity], predicted: Sequence[Quantity]
                     ) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs, nearest spans first."""
    candidates = sorted(
        (_distance(g, p), gi, pi)
        for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
        if g.doc == p.doc and g.measure == p.measure and math.isclose(g.value, p.value))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def claimant_right(gold: GoldQuantity, pred: Quantity) -> bool:
    said = f"{pred.claimant}\n{pred.claimant_text}".lower()
    return any(key.lower() in said for key in gold.claimant_keys)


def subject_right(gold: GoldQuantity, pred: Quantity) -> bool:
    if not gold.subject_keys:
        return not pred.subject_side
    said = f"{pred.subject}\n{pred.subject_text}".lower()
    return any(key.lower() in said for key in gold.subject_keys)


def _gold_row(gold: GoldQuantity) -> dict[str, Any]:
    return {"doc": gold.doc, "measure": gold.measure, "value": _plain(gold.value),
            "quote": gold.quote, "quote_start": gold.quote_start}


def _pred_row(pred: Quantity, **extra: Any) -> dict[str, Any]:
    return {"doc": pred.doc, "measure": pred.measure, "value": _plain(pred.value),
            "evidence": pred.evidence, "start": pred.start, **extra}


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _score_quantities(report: EvalReport, gold: list[GoldQuantity],
                      predicted: list[Quantity]) -> None:
    pairs = match_quantities(gold, predicted)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for measure in sorted({g.measure for g in gold} | {p.measure for p in predicted}):
        report.per_measure[measure] = Score()
    for gi, pi in pairs:
        _judge_match(report, gold[gi], predicted[pi])
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            _count(report, g.measure, "fn")
            report.misses.append(_gold_row(g))
    for pi, p in enumerate(predicted):
        if pi not in matched_pred:
            _count(report, p.measure, "fp")
            report.false_positives.append(_pred_row(p, claimant=p.claimant))


def _count(report: EvalReport, measure: str, which: str) -> None:
    for score in (report.quantities, report.per_measure[measure]):
        setattr(score, which, getattr(score, which) + 1)


def _judge_match(report: EvalReport, gold: GoldQuantity, pred: Quantity) -> None:
    _count(report, gold.measure, "tp")
    if gold.qualifier is not None:
        report.qualifier.add(gold.qualifier == pred.qualifier)
        if gold.qualifier != pred.qualifier:
            report.wrong_qualifiers.append(
                _pred_row(pred, qualifier=pred.qualifier, expected=gold.qualifier))
    if gold.claimant_keys:
        report.claimant.add(ok := claimant_right(gold, pred))
        if not ok:
            report.wrong_claimants.append(_pred_row(
                pred, claimant=pred.claimant, claimant_text=pred.claimant_text,
                expected=list(gold.claimant_keys), quote=gold.quote))
    _judge_era(report, gold, pred)
    report.subject.add(ok := subject_right(gold, pred))
    if not ok:
        report.wrong_subjects.append(_pred_row(
            pred, subject=pred.subject, subject_text=pred.subject_text,
            subject_side=pred.subject_side, expected=list(gold.subject_keys), quote=gold.quote))


def _judge_era(report: EvalReport, gold: GoldQuantity, pred: Quantity) -> None:
    """Era on every matched pair; background as its own score; as_of where gold gives one.

    Dates of reduced precision ("2005") on either side accept the days inside them.
    """
    report.era.add(gold.era == pred.era)
    is_gold, is_pred = gold.era == "background", pred.era == "background"
    report.background.tp += is_gold and is_pred
    report.background.fn += is_gold and not is_pred
    report.background.fp += is_pred and not is_gold
    if gold.era != pred.era:
        report.wrong_eras.append(_pred_row(pred, era=pred.era, expected=gold.era,
                                           quote=gold.quote))
    if gold.as_of is not None:
        said = str(pred.as_of or "")
        report.as_of.add(bool(said) and (gold.as_of.startswith(said)
                                         or said.startswith(gold.as_of)))


# ------------------------------------------------------------------ events and aliases


def event_found(gold: GoldEvent, pred: Event) -> bool:
    if pred.doc != gold.doc or pred.date != gold.date:
        return False
    evidence = pred.evidence.lower()
    return not gold.keys or any(key.lower() in evidence for key in gold.keys)


def score_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> tuple[int, int]:
    """(gold events found, predicted events matching no gold line)."""
    found = sum(any(event_found(g, p) for p in predicted) for g in gold)
    unmatched = sum(not any(event_found(g, p) for g in gold) for p in predicted)
    return found, unmatched


def score_event_eras(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> Tally:
    """For each gold event found: does a matching prediction carry its era?"""
    tally = Tally()
    for g in gold:
        hits = [p for p in predicted if event_found(g, p)]
        if hits:
            tally.add(any(p.era == g.era for p in hits))
    return tally


def _mentions(name: str, entities: Sequence[Entity]) -> list[Entity]:
    exact = [e for e in entities if e.evidence == name]
    return exact or [e for e in entities if e.evidence.lower() == name.lower()]


def score_alias(group: GoldAlias, entities: Sequence[Entity]
                ) -> tuple[set[str], list[str]]:
    """Canonical ids the group's names received, and the names never found."""
    in_docs = [e for e in entities if e.doc in group.docs]
    ids: set[str] = set()
    missing = []
    for name in group.names:
        found = _mentions(name, in_docs)
        if not found:
            missing.append(name)
        ids.update(e.canonical_id or e.canonical for e in found)
    return ids, missing


def _score_aliases(report: EvalReport, groups: Iterable[GoldAlias],
                   entities: Sequence[Entity]) -> None:
    for group in groups:
        ids, missing = score_alias(group, entities)
        report.alias_groups += 1
        report.alias_consistent += len(ids) == 1
        if len(ids) > 1:
            report.alias_split.append({"names": list(group.names), "label": group.label,
                                       "canonical_ids": sorted(ids)})
        report.alias_missing.extend({"name": name, "names": list(group.names),
                                     "docs": list(group.docs)} for name in missing)


# ------------------------------------------------------------------------ entry points


def evaluate(ledger: Ledger, gold_path: str | Path) -> EvalReport:
    """Score the ledger's core-measure quantities, event dates and aliases against gold."""
    gold = read_gold(gold_path)
    docs = gold.docs
    gold_quantities = [g for g in gold.quantities if g.measure in MEASURES]
    predicted = [q for q in ledger.quantities() if q.doc in docs and q.measure in MEASURES]
    events = [e for e in ledger.events() if e.doc in docs]
    report = EvalReport(
        quantities=Score(), per_measure={}, qualifier=Tally(), claimant=Tally(),
        subject=Tally(), events_found=0, events_total=len(gold.events), events_unmatched=0,
        alias_groups=0, alias_consistent=0, alias_split=[], alias_missing=[])
    _score_quantities(report, gold_quantities, predicted)
    report.events_found, report.events_unmatched = score_events(gold.events, events)
    report.event_era = score_event_eras(gold.events, events)
    _score_aliases(report, gold.aliases, ledger.entities(resolved=True))
    return report


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _summary_table(report: EvalReport) -> Table:
    q = report.quantities
    table = Table(title="Evaluation against gold", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    rows = [
        ("quantity precision", _percent(q.precision)), ("quantity recall", _percent(q.recall)),
        ("quantity F1", _percent(q.f1)), ("tp / fp / fn", f"{q.tp} / {q.fp} / {q.fn}"),
        ("qualifier accuracy", _percent(report.qualifier.accuracy)),
        ("claimant accuracy", _percent(report.claimant.accuracy)),
        ("subject accuracy", _percent(report.subject.accuracy)),
        ("event-date recall", f"{_percent(report.event_recall)} "
                              f"({report.events_found}/{report.events_total})"),
        ("unmatched predicted events", str(report.events_unmatched)),
        ("era accuracy", _percent(report.era.accuracy)),
        ("background P / R", f"{_percent(report.background.precision)} / "
                             f"{_percent(report.background.recall)} "
                             f"({report.background.tp}/{report.background.fp}/"
                             f"{report.background.fn})"),
        ("as_of accuracy", f"{_percent(report.as_of.accuracy)} ({report.as_of.checked} checked)"),
        ("event era accuracy", _percent(report.event_era.accuracy)),
        ("alias groups consistent", f"{report.alias_consistent}/{report.alias_groups}"),
        ("alias names not found", str(len(report.alias_missing))),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table


def _measure_table(report: EvalReport) -> Table:
    table = Table(title="Per measure")
    for name in ("measure", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for measure, s in report.per_measure.items():
        table.add_row(measure, _percent(s.precision), _percent(s.recall), _percent(s.f1),
                      str(s.tp), str(s.fp), str(s.fn))
    return table


def _rows_table(title: str, rows: list[dict[str, Any]], *text_keys: str) -> Table:
    table = Table(title=f"{title} ({len(rows)})")
    for name in ("doc", "measure", "value", *text_keys):
        table.add_column(name, overflow="fold")
    for row in rows:
        texts = [_cell(row.get(key)) for key in text_keys]
        table.add_row(str(row["doc"]), row["measure"], str(row["value"]), *texts)
    return table


def _cell(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def render_report(report: EvalReport) -> Group:
    """Rich tables: summary, per measure, then what went wrong."""
    parts: list[Any] = [_summary_table(report), _measure_table(report)]
    if report.misses:
        parts.append(_rows_table("Missed gold quantities", report.misses, "quote"))
    if report.false_positives:
        parts.append(_rows_table("False positives", report.false_positives, "evidence"))
    if report.wrong_eras:
        parts.append(_rows_table("Wrong eras", report.wrong_eras, "era", "expected", "quote"))
    if report.wrong_claimants:
        parts.append(_rows_table("Wrong claimants", report.wrong_claimants,
                                "claimant", "expected"))
    if report.alias_split:
        table = Table(title="Split alias groups")
        table.add_column("names")
        table.add_column("canonical ids")
        for split in report.alias_split:
            table.add_row(", ".join(split["names"]), ", ".join(split["canonical_ids"]))
        parts.append(table)
    return Group(*parts)


__all__ = ["EvalReport", "Gold", "GoldAlias", "GoldEvent", "GoldQuantity", "Score",
           "evaluate", "read_gold", "render_report", "match_quantities"]
