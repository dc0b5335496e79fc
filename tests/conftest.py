"""Shared fixtures. Tests that need ../shared fail loudly when it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.pipeline import build_nlp, make_doc
from claimledger.records import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "corpus.jsonl").is_file():
        pytest.fail(f"../shared is missing: expected the seed corpus at {SEEDS}", pytrace=False)
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()


@pytest.fixture(scope="session")
def run_pipeline(nlp):
    """Process a short text written for a test; returns the spaCy Doc with our extensions."""

    def run(text: str, published: str | None = "2023-09-20", source: str = "Test Wire",
            doc_id: str = "t1"):
        document = Document(id=doc_id, text=text, content_hash=doc_id, source=source,
                            published=published)
        return nlp(make_doc(nlp, document))

    return run
