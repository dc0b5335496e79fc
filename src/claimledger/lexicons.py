"""Lexicons are TOML data files in ``claimledger/data``; users extend them without code.

Set ``CLAIMLEDGER_LEXICONS`` to a folder of TOML files with the same names: their tables
are merged over the bundled ones (lists are extended, scalars replaced).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
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


def word_alternation(words: Iterable[str]) -> str:
    """One of ``words`` (a space matches any run of whitespace), longest first, written as a
    tree of shared prefixes ("n(?:ear(?:ing|ly|ed|s)|igh\\s+on)"): the engine tests each
    position against a node's few first characters instead of against every word, and
    since words that can both match at one place are prefixes of one another, tried longer
    first, it finds what the flat alternation finds. (Words of a case-insensitive pattern
    must differ other than by case, as the lexicons' lower-case words do.)"""
    ordered = sorted(words, key=len, reverse=True)
    return _prefix_tree([_pieces(w) for w in ordered])


def _pieces(word: str) -> tuple[str, ...]:
    """A word's pattern, piece by piece: each character escaped, each space ``\\s+``."""
    return tuple(r"\s+" if c == " " else re.escape(c) for c in word)


def _prefix_tree(words: list[tuple[str, ...]]) -> str:
    """The alternation of ``words`` (in the order they are to be tried), their common first
    pieces factored out; a word that ends here is tried after those that go on."""
    branches: dict[str, list[tuple[str, ...]]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    alternatives = [first + _prefix_tree(rest) for first, rest in branches.items()]
    if not alternatives:
        return ""
    if any(not word for word in words):
        alternatives.append("")
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
