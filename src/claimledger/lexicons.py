"""Lexicons are TOML data files in ``claimledger/data``; users extend them without code.

Set ``CLAIMLEDGER_LEXICONS`` to a folder of TOML files with the same names: their tables
are merged over the bundled ones (lists are extended, scalars replaced).
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

ENV_VAR = "CLAIMLEDGER_LEXICONS"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + [v for v in value if v not in merged[key]]
        else:
            merged[key] = value
    return merged


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """Load ``data/<name>.toml`` merged with the user's override file, if any."""
    bundled = resources.files("claimledger") / "data" / f"{name}.toml"
    data = tomllib.loads(bundled.read_text(encoding="utf-8"))
    user_dir = os.environ.get(ENV_VAR)
    if user_dir:
        user_file = Path(user_dir) / f"{name}.toml"
        if user_file.is_file():
            data = _merge(data, tomllib.loads(user_file.read_text(encoding="utf-8")))
    return data


@cache
def any_word(words: tuple[str, ...], before: str = r"(?<!\w)",
             after: str = r"(?!\w)") -> re.Pattern[str]:
    """One compiled regex for "one of these words between these boundaries": it finds a
    match exactly when searching for each word in turn would (alternatives backtrack), but
    is compiled once rather than once per word and per call."""
    body = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(f"{before}(?:{body}){after}")
