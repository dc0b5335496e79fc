"""Documented defaults for the cross-source analysis; override them with environment variables.

Each setting is a field of :class:`AlignSettings` with a comment saying why it has its value.
``CLAIMLEDGER_<FIELD NAME IN CAPITALS>`` in the environment replaces a default (read once per
call of :func:`align_settings`), so a user can widen the date window without code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

ENV_PREFIX = "CLAIMLEDGER_"


@dataclass(frozen=True)
class AlignSettings:
    # Two claims join one cluster only when their dates (as_of, else the document's published
    # date) lie within this many days of the cluster's first date. 400 days lets a retrospective
    # tally ("a year after the operation") join the figures it revises, while an unrelated
    # episode years later starts a cluster of its own. Earlier wars are kept apart by `era`.
    window_days: int = 400
    # Half-width of the interval an "about" figure implies: about 150,000 → 135,000–165,000.
    # Ten per cent is how far "some", "roughly", "an estimated" usually stray in casualty
    # reporting; narrower would call honest roundings conflicts, wider would hide real gaps.
    about_width: float = 0.10
    # Words that put an "about" figure at or under its number ("nearly 150,000" ≤ 150,000):
    # with one of them in `number_text` the interval is [v·(1 − w), v] instead of v·(1 ± w).
    below_words: tuple[str, ...] = (
        "nearly", "almost", "just under", "close to", "approaching", "not quite", "shy of",
    )
    # Measures that describe a place rather than one side's losses: their clusters ignore
    # subject side and role ("Armenian residents" and "inhabitants" count one population).
    sideless_measures: tuple[str, ...] = ("population",)
    # At most this many claimant pairs are compared per cluster (latest figure per claimant),
    # so a cluster with thousands of claimants cannot blow up the discrepancy list.
    max_claimant_pairs: int = 200
    # Two claimants' figures speak for "the same time" when their dates lie this close: a
    # conflict is two claims about one moment; figures further apart are an evolution.
    same_time_days: int = 2


def _coerce(value: str, default: object) -> object:
    if isinstance(default, tuple):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return type(default)(value)


def align_settings() -> AlignSettings:
    """The defaults above, with any ``CLAIMLEDGER_*`` environment overrides applied."""
    base = AlignSettings()
    changes = {}
    for spec in fields(base):
        raw = os.environ.get(ENV_PREFIX + spec.name.upper())
        if raw:
            changes[spec.name] = _coerce(raw, getattr(base, spec.name))
    return replace(base, **changes)
