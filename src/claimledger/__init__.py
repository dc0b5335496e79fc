"""claimledger: a cross-source claim ledger from news articles about one event.

>>> import claimledger
>>> ledger = claimledger.analyze(["At least 12 people died in the flood, officials said."])
>>> [q.value for q in ledger.quantities()]
[12]
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

__version__ = "0.1.0"


def analyze(texts_or_paths: Sequence[str], db: str | Path = ":memory:", **options):
    """Analyse raw texts or paths (files, folders, JSONL corpora) into a Ledger.

    Strings naming an existing path are read as inputs; other strings are article texts.
    Options are those of :func:`claimledger.analyze.analyze_into` (published, source, …).
    """
    from claimledger.analyze import analyze_into
    from claimledger.store import Ledger

    ledger = Ledger(db)
    paths = [s for s in texts_or_paths if len(s) < 4096 and Path(s).exists()]
    texts = [s for s in texts_or_paths if s not in paths]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = list(paths)
        if texts:
            corpus = Path(tmp) / "texts.jsonl"
            corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts),
                              encoding="utf-8")
            inputs.append(str(corpus))
        analyze_into(inputs, ledger, **options)
    return ledger


__all__ = ["analyze", "__version__"]
