"""What keeps a large run's memory flat: shared texts when a ledger is read, and a one-shot
analysis that drops the model before the cross-source step (which needs neither)."""

from __future__ import annotations

import json

from claimledger.orchestrate import analyze_into
from claimledger.pipeline import build_nlp
from claimledger.pipeline.places import place_index
from claimledger.store import Ledger
from test_store import TEXT, full_records, make_document


def test_repeated_short_texts_are_one_object_when_read_back():
    other = TEXT + " More rain was expected on Tuesday."
    with Ledger(":memory:") as ledger:
        ledger.add_document(make_document("d1"), full_records("d1"))
        ledger.add_document(make_document("d2", other), full_records("d2", other))
        first, second = ledger.quantities(corrected=False)
    assert first.claimant == second.claimant == "flood officials"
    assert first.claimant is second.claimant  # one shared copy, not one per row
    assert (first.doc, second.doc) == ("d1", "d2")


def test_a_one_shot_analysis_drops_the_model_before_the_cross_source_step(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({
        "id": "m1", "source": "Harbour Daily", "published": "2024-03-02",
        "text": "Rescue teams said at least 14 people were killed when the dam failed on "
                "Friday. The regional governor put the toll at 17 on Saturday."}) + "\n",
        encoding="utf-8")
    build_nlp()
    with Ledger(tmp_path / "l.db") as ledger:
        summary = analyze_into([str(corpus)], ledger, keep_models=False)
        assert summary.documents_added == 1
        assert build_nlp.cache_info().currsize == 0
        assert place_index.cache_info().currsize == 0
        assert {q.value for q in ledger.quantities()} >= {14.0, 17.0}
        assert ledger.cross_source_current()
    with Ledger(tmp_path / "l.db") as ledger:  # a re-run that adds nothing loads no model
        analyze_into([str(corpus)], ledger, keep_models=False)
    assert build_nlp.cache_info().currsize == 0
