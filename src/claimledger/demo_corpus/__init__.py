"""The bundled demo corpus: eight articles on the August 2008 Russia-Georgia war.

Shipped as package data so ``claimledger demo`` and the evaluation tests work from an
installed wheel, without the ``shared`` folder the seed articles live in.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["demo_corpus_path", "demo_gold_path"]


def _data_file(name: str) -> Path:
    """Path of a file shipped in this package (a real file: the package is not zipped)."""
    return Path(str(files(__name__).joinpath(name)))


def demo_corpus_path() -> Path:
    """The demo articles as interchange JSON Lines (id, url, source, published, title, text)."""
    return _data_file("corpus.jsonl")


def demo_gold_path() -> Path:
    """Hand annotations of the demo articles, in the format of the seed ``gold.jsonl``."""
    return _data_file("gold.jsonl")
