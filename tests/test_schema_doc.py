"""docs/schema.md is generated from the code and describes every column."""

from __future__ import annotations

from pathlib import Path

from claimledger.schema_doc import COLUMNS, render, undocumented

PAGE = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def test_every_column_is_documented():
    assert undocumented() == [], "describe these columns in schema_doc.COLUMNS"


def test_the_page_is_current():
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m claimledger.schema_doc > docs/schema.md")


def test_a_new_column_would_be_caught(monkeypatch):
    monkeypatch.delitem(COLUMNS, "outlet")
    assert "outlet" in undocumented()
