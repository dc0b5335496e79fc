"""claimledger: a cross-source claim ledger from news articles about one event.

>>> import claimledger
>>> ledger = claimledger.analyze(["At least 12 people died in the flood, officials said."])
>>> [q.value for q in ledger.claims()]
[12]
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

Input = str | Mapping[str, Any] | PathLike


def analyze(inputs: Iterable[Input] | Input, db: str | Path = ":memory:", **options: Any):
    """Analyse articles into a Ledger (a new or existing file, or in memory) and return it.

    Each input is read by its type, never guessed from its content: a ``str`` is an article
    text, a ``dict`` a JSONL record (``text`` plus optional ``id``, ``source``, ``url``,
    ``published``, ``title``), a ``pathlib.Path`` a file or folder (JSONL, .txt, .md,
    .html). Options are ``published`` and ``source`` (defaults for inputs without them).
    """
    from claimledger.errors import InputError
    from claimledger.orchestrate import analyze_into
    from claimledger.store import Ledger

    if isinstance(inputs, (str, Mapping, PathLike)):
        inputs = [inputs]
    paths: list[str] = []
    records: list[dict[str, Any]] = []
    for item in inputs:
        if isinstance(item, PathLike):
            paths.append(str(item))
        elif isinstance(item, str):
            records.append({"text": item})
        elif isinstance(item, Mapping):
            records.append(dict(item))
        else:
            raise InputError("<python>", f"cannot analyse a {type(item).__name__}: give a str "
                             "(text), a dict (JSONL record) or a pathlib.Path")
    ledger = Ledger(db)
    with tempfile.TemporaryDirectory() as tmp:
        if records:
            corpus = Path(tmp) / "records.jsonl"
            corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                              encoding="utf-8")
            paths.append(str(corpus))
        analyze_into(paths, ledger, **options)
    return ledger


def __getattr__(name: str) -> Any:
    """``claimledger.Ledger`` without importing the store (and spaCy) at package import."""
    if name == "Ledger":
        from claimledger.store import Ledger

        return Ledger
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


__all__ = ["Ledger", "analyze", "__version__"]
