"""Publication dates inferred from texts and pages without given metadata (own texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.ingest import infer_published, iter_documents

BODY = "The river rose overnight and flooded the lower town, officials said on Sunday."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f" date 2021-03-14 River floods lower town\n\n{BODY}", "2021-03-14"),
        (f" date 2021-03-14 River floods lower town. {BODY}", "2021-03-14"),
        (f"date 2021-03-09\n{BODY}", "2021-03-09"),
        (f"Posted 2021-3-9 River floods lower town\n{BODY}", "2021-03-09"),
        (f"Published: 14 March 2021 River floods lower town\n{BODY}", "2021-03-14"),
    ],
)
def test_labelled_iso_and_written_dates_keep_every_digit(text, expected):
    assert infer_published(text) == (expected, "dateline")


def test_a_labelled_date_inside_a_sentence_is_not_the_page_date():
    assert infer_published(f"Published on 14 March 2021 in a journal, the study\n{BODY}") is None


PAGE = """<html><head><title>River floods lower town</title>
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="2021-03-20T10:00:00+00:00">
</head><body><article><h1>River floods lower town</h1>{extra}
<p>{body} Hundreds of families spent the night in the school gym while the water rose
through the streets of the old quarter, and the mayor asked for army help.</p>
<p>Crews worked through the night to reinforce the levee along the northern bank, and the
weather service warned that more rain was on its way for the rest of the week.</p>
</article></body></html>"""


def _page(tmp_path: Path, published: str, extra: str = "") -> tuple[str | None, str]:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(published=published, extra=extra, body=BODY), encoding="utf-8")
    docs = list(iter_documents([str(path)], on_error=lambda error: None))
    return docs[0].published, docs[0].published_how


def test_html_published_time_gives_the_page_date(tmp_path):
    assert _page(tmp_path, "2021-03-14T23:30:00-05:00") == ("2021-03-14", "html_meta")


def test_html_published_time_beats_an_update_line_in_the_text(tmp_path):
    updated = "<p>Updated: 18 March 2021</p>"
    assert _page(tmp_path, "2021-03-14T08:00:00Z", updated) == ("2021-03-14", "html_meta")
