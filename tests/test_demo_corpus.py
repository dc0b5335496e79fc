"""The bundled demo corpus, its gold file and the disaster fixture are well-formed and original."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from claimledger.demo_corpus import demo_corpus_path, demo_gold_path
from claimledger.records import MEASURES, QUALIFIERS

FIXTURES = Path(__file__).parent / "fixtures" / "generality"
CORPORA = {
    "demo": (demo_corpus_path(), demo_gold_path()),
    "disaster": (FIXTURES / "disaster.jsonl", FIXTURES / "disaster_gold.jsonl"),
}
ARTICLE_FIELDS = {"id", "url", "source", "published", "title", "text"}
NGRAM = 8


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def articles(name: str) -> dict[str, dict]:
    return {row["id"]: row for row in read_jsonl(CORPORA[name][0])}


def gold(name: str, kind: str | None = None) -> list[dict]:
    rows = read_jsonl(CORPORA[name][1])
    return [row for row in rows if kind is None or row["kind"] == kind]


def word_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = re.sub(r"\s+", " ", text.lower()).split(" ")
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("name", CORPORA)
def test_every_line_parses_and_articles_carry_all_fields(name):
    for row in articles(name).values():
        assert set(row) == ARTICLE_FIELDS
        assert row["url"].startswith("https://example.org/")
        date.fromisoformat(row["published"])
    assert all(row["kind"] in {"quantity", "event", "alias"} for row in gold(name))


def test_demo_articles_are_news_length_and_in_the_war_window():
    rows = articles("demo").values()
    assert len(rows) == 8
    for row in rows:
        assert 250 <= len(row["text"].split()) <= 450, row["id"]
        assert "2008-08-08" <= row["published"] <= "2009-09-30"
        assert row["text"].startswith(row["title"])


@pytest.mark.parametrize("name", CORPORA)
def test_every_gold_quote_sits_at_its_quote_start(name):
    texts = {doc_id: row["text"] for doc_id, row in articles(name).items()}
    for row in gold(name, "quantity") + gold(name, "event"):
        start = row["quote_start"]
        assert texts[row["doc"]][start:start + len(row["quote"])] == row["quote"], row


@pytest.mark.parametrize("name", CORPORA)
def test_gold_docs_exist_in_their_corpus(name):
    ids = set(articles(name))
    for row in gold(name):
        docs = row["docs"] if row["doc"] == "*" else [row["doc"]]
        assert docs and set(docs) <= ids, row


@pytest.mark.parametrize("name", CORPORA)
def test_quantities_use_core_measures_and_numeric_values(name):
    for row in gold(name, "quantity"):
        assert row["measure"] in MEASURES
        assert row["qualifier"] in QUALIFIERS
        assert isinstance(row["value"], int | float) and not isinstance(row["value"], bool)
        assert isinstance(row["subject_keys"], list) and row["claimant_keys"]
        if row["qualifier"] == "range":
            assert row["low"] == row["value"] < row["high"]
        if row.get("vague"):
            assert row["qualifier"] == "at_least" and row["low"] == row["value"]


@pytest.mark.parametrize("name", CORPORA)
def test_events_have_iso_dates_and_date_text_inside_the_quote(name):
    for row in gold(name, "event"):
        date.fromisoformat(row["date"])
        assert row["date_text"] in row["quote"], row


@pytest.mark.parametrize("name", CORPORA)
def test_alias_names_all_occur_in_the_listed_docs(name):
    texts = {doc_id: row["text"] for doc_id, row in articles(name).items()}
    for row in gold(name, "alias"):
        joined = "\n".join(texts[doc_id] for doc_id in row["docs"])
        assert all(alias in joined for alias in row["names"]), row


def test_own_voice_claims_name_the_outlet():
    for name in CORPORA:
        sources = {doc_id: row["source"].lower() for doc_id, row in articles(name).items()}
        for row in gold(name, "quantity"):
            if row.get("claimant_is_outlet"):
                assert any(key in sources[row["doc"]] for key in row["claimant_keys"]), row


def test_demo_gold_keeps_the_conflicts_it_was_written_for():
    killed = {(r["doc"], r["value"]) for r in gold("demo", "quantity") if r["measure"] == "killed"}
    values = {value for _, value in killed}
    assert {1400, 1500, 2000, 1692, 162} <= values  # South Ossetian toll revised over time
    assert {10, 15} <= values and {64, 67} <= values  # peacekeepers; Russian military dead
    assert {170, 14, 228} <= values  # Georgia's official tally


@pytest.mark.parametrize("name", CORPORA)
def test_no_eight_word_sequence_is_shared_with_a_seed_article(name, seeds_dir):
    seed_ngrams: set[tuple[str, ...]] = set()
    for row in read_jsonl(seeds_dir / "corpus.jsonl"):
        seed_ngrams |= word_ngrams(row["text"])
    assert seed_ngrams, "the seed corpus is empty"
    for row in articles(name).values():
        shared = word_ngrams(row["text"]) & seed_ngrams
        assert not shared, (row["id"], sorted(shared)[:3])
