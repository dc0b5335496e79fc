"""Documented defaults (cross-source analysis, input limits); environment variables override them.

Each setting is a field of :class:`AlignSettings` or :class:`InputLimits` with a comment
saying why it has its value. ``CLAIMLEDGER_<FIELD NAME IN CAPITALS>`` in the environment
replaces a default (read once per call of :func:`align_settings` / :func:`input_limits`), so a
user can widen the date window or raise a size limit without code.
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
    # Measures whose count only grows as an event is counted (the dead, the captured): a later
    # figure under another claimant's earlier one is a disagreement. Missing people are found,
    # troops leave, the displaced return: those counts fall honestly and are left out.
    cumulative_measures: tuple[str, ...] = ("killed", "wounded", "captured", "destroyed",
                                            "seized")


def _coerce(value: str, default: object) -> object:
    if isinstance(default, tuple):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return type(default)(value)


def align_settings() -> AlignSettings:
    """The defaults above, with any ``CLAIMLEDGER_*`` environment overrides applied."""
    base = AlignSettings()
    return replace(base, **_from_environment(base))


@dataclass(frozen=True)
class InputLimits:
    # The longest article text accepted, in characters. Real news articles run to 50,000;
    # two million leaves room for long reports and transcripts while keeping one document's
    # analysis within memory (a text is analysed in chunks, see `chunk_chars`).
    max_text_chars: int = 2_000_000
    # The most bytes read from one input file or from standard input. A JSONL corpus is read
    # line by line, so this bounds a run's reading, not its memory; past it the rest of the
    # input is refused with one line (a device such as /dev/zero never ends otherwise).
    max_file_bytes: int = 1_073_741_824
    # Texts longer than this are analysed in chunks cut at paragraph, else sentence, else
    # word boundaries, with offsets kept. spaCy refuses a Doc over 1,000,000 characters, and
    # its memory grows with a Doc's length; 100,000 characters is a long article in one piece.
    chunk_chars: int = 100_000


def _from_environment(base: object) -> dict[str, object]:
    changes = {}
    for spec in fields(base):  # type: ignore[arg-type]
        raw = os.environ.get(ENV_PREFIX + spec.name.upper())
        if raw:
            changes[spec.name] = _coerce(raw, getattr(base, spec.name))
    return changes


def input_limits() -> InputLimits:
    """The input limits above, with any ``CLAIMLEDGER_*`` environment overrides applied."""
    base = InputLimits()
    return replace(base, **_from_environment(base))
