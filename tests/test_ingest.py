"""Ingest: reading every kind of input, cleaning text without moving offsets, dating articles."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from claimledger.cleaning import text_for_nlp
from claimledger.errors import InputError
from claimledger.ingest import content_hash, infer_published, iter_documents

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BEFORE = "Rescue teams reached the flooded village on Tuesday."
AFTER = "Officials said 14 people were still missing."


def read(inputs, **options):
    """Documents and errors of one run."""
    errors: list[InputError] = []
    docs = list(iter_documents([str(i) for i in inputs], on_error=errors.append, **options))
    return docs, errors


# --------------------------------------------------------------------------- cleaning

FURNITURE_LINES = [
    "4 min read",
    "Live Story",
    "Share this article",
    "Advertisement",
    "Read more",
    "Listen to this article",
    "By Jane Doe",
    "by Jane Doe and Tom Roe, Wire Service",
    "Monday 2 October 2023, by [DOE Jane](#), [ROE Tom](#) (Date first published: "
    "29 September 2023).",
    "Herald > World > Europe > **Storm batters the northern coast**",
    "20 September, 2023",
    "Monday 2 October 2023",
    "Sept. 21, 2023",
    "2023-09-20",
    "Updated 14:05 GMT",
    "Published: 3 May 2024",
    "Published on 3 May 2024, 10:15",
    "Related: Dam repairs delayed again",
    "[Dam repairs delayed](https://x.example/a) | [Farmers count the cost](https://x.example/b)",
    "<https://herald.example.org/news/storm>",
    "Reporting by Jane Doe; Editing by Tom Roe",
    "[Click here](#) to subscribe to our newsletter.",
    "Copyright 2024 Riverside Herald. All rights reserved.",
    "Story continues below advertisement",
    "Updated 2:05 PM GMT+2, September 20, 2023",
    "Wed 20 Sep 2023 14.05 BST",
    "Sept. 20, 2023, 4:05 p.m. ET",
    "Related stories",
    "Facebook",
    "Last updated 2 hours ago",
    "By Jane Doe | 20 September 2023",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line_is_blanked_and_length_kept(line):
    text = f"{BEFORE}\n{line}\n{AFTER}"
    clean = text_for_nlp(text)
    assert len(clean) == len(text)
    before, middle, after = clean.split("\n")
    assert (before, after) == (BEFORE, AFTER)
    assert middle == " " * len(line)


ORDINARY_LINES = [
    "By Tuesday, the river had fallen below the warning level.",
    "By March 2023 more than 500 homes had been rebuilt.",
    "By Kyiv's count, 40 soldiers were captured.",
    "Share prices fell 4% after the storm.",
    "Live fire was heard near the border on 20 September, 2023.",
    "Advertisement boards were torn down by the wind.",
    "Read more closely, the report gives a higher toll.",
    "20 September, 2023 was the deadliest day, the ministry said.",
    "Related talks will resume on Monday in Geneva.",
    "Jane Doe, a nurse, said 12 people were wounded.",
    "Published figures show 300 houses were destroyed.",
    "Related-party deals were not part of the inquiry.",
    "Watch towers along the river were abandoned.",
]


@pytest.mark.parametrize("line", ORDINARY_LINES)
def test_ordinary_sentence_is_kept(line):
    text = f"{BEFORE}\n{line}\n{AFTER}"
    assert text_for_nlp(text) == text


def test_markdown_links_images_and_bold_become_plain_text_in_place():
    text = ("![A flooded street](https://img.example/1.jpg)\n"
            "The [regional office](https://gov.example/office) said **at least 40** died.\n"
            "## Aftermath")
    clean = text_for_nlp(text)
    assert len(clean) == len(text)
    first, second, third = clean.split("\n")
    assert first.strip() == ""
    assert " ".join(second.split()) == "The regional office said at least 40 died."
    # the link text keeps its offsets, so spans found in the clean text fit the original
    start = second.index("regional office")
    assert text.split("\n")[1][start:start + 15] == "regional office"
    assert third.strip() == "Aftermath"


def test_odd_spaces_and_backtick_apostrophes():
    text = "The\u00a0town`s mayor\u202fsaid 9\u2009000 fled."
    clean = text_for_nlp(text)
    assert clean == "The town's mayor said 9 000 fled."
    assert text_for_nlp("Use `code` here") == "Use `code` here"


def test_line_separators_break_lines_and_acute_ticks_are_apostrophes():
    text = "The mayor\u2028said the town´s bridge held.\u2029Rain fell on the\u3000hills."
    assert text_for_nlp(text) == "The mayor\nsaid the town's bridge held.\nRain fell on the hills."


def test_caption_credits_blanked_but_caption_kept():
    text = ("Soldiers patrol the bridge after the blast [Jane Doe/Agency via Getty]\n"
            "Residents queue for water in the square, March 3, 2024. (AP Photo/John Roe)\n"
            "The envoy spoke of a \u201cdraft [permanent] treaty\u201d with the neighbours.\n"
            "CAPITAL CITY (AFP) \u2014 Two people were hurt, police said.\n"
            "Families wait at the crossing. Photograph: Jane Doe/Agency\n"
            "The [mayor](https://m.example), opens new tab asked for help.")
    clean = text_for_nlp(text).split("\n")
    assert clean[0].rstrip() == "Soldiers patrol the bridge after the blast"
    assert clean[1].rstrip() == "Residents queue for water in the square, March 3, 2024."
    assert clean[2] == text.split("\n")[2]
    assert clean[3] == text.split("\n")[3]
    assert clean[4].rstrip() == "Families wait at the crossing."
    assert " ".join(clean[5].split()) == "The mayor asked for help."


def test_repeated_headline_is_left_alone():
    text = "Storm batters coast\n\nStorm batters coast\n4 min read\n" + AFTER
    clean = text_for_nlp(text).split("\n")
    assert clean[0] == clean[2] == "Storm batters coast"
    assert clean[3].strip() == ""


# --------------------------------------------------------------------------- JSONL


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_good_and_bad_lines(tmp_path):
    good = {"id": "a1", "text": BEFORE, "source": "Herald", "published": "2024-03-14",
            "url": "https://h.example/a1", "title": "Village reached", "extra": 5}
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        json.dumps(good),
        "{not json",
        "[1, 2]",
        json.dumps({"id": "x"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        "",
        json.dumps({"text": AFTER, "published": "2024-03-15T22:10:00+05:00"}),
    ])
    docs, errors = read([corpus])
    assert [d.origin for d in docs] == [f"{corpus}:1", f"{corpus}:8"]
    first, second = docs
    assert (first.id, first.source, first.url, first.title) == (
        "a1", "Herald", "https://h.example/a1", "Village reached")
    assert (first.published, first.published_how) == ("2024-03-14", "input")
    assert second.id == content_hash(AFTER)[:16]
    assert second.published == "2024-03-15"
    assert [(e.path, e.line) for e in errors] == [(str(corpus), n) for n in (2, 3, 4, 5, 6)]
    messages = [e.message for e in errors]
    assert "malformed JSON" in messages[0]
    assert "JSON object" in messages[1]
    assert "missing required field 'text'" in messages[2]
    assert "must be a string" in messages[3]
    assert "empty text" in messages[4]
    assert str(errors[0]).startswith(f"{corpus}:2: ")


def test_source_option_fills_missing_source_only(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        json.dumps({"text": BEFORE, "source": "Herald"}), json.dumps({"text": AFTER})])
    docs, _ = read([corpus], source="Gazette")
    assert [d.source for d in docs] == ["Herald", "Gazette"]


def test_unparseable_published_is_reported_and_document_kept(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        json.dumps({"text": f"20 September, 2023\n{BEFORE}", "published": "soon"}),
        json.dumps({"text": AFTER, "published": "last week"}),
    ])
    docs, errors = read([corpus], published="2023-09-01")
    assert [(d.published, d.published_how) for d in docs] == [
        ("2023-09-20", "dateline"), ("2023-09-01", "option")]
    assert [(e.line, "'published' is not a date" in e.message) for e in errors] == [
        (1, True), (2, True)]


def test_bad_published_option_is_an_input_error():
    with pytest.raises(InputError, match="--published"):
        list(iter_documents([], published="whenever", on_error=lambda e: None))


def test_not_utf8_jsonl_line_names_line_and_offset(tmp_path):
    path = tmp_path / "c.jsonl"
    good = json.dumps({"text": BEFORE}).encode()
    path.write_bytes(good + b"\n" + '{"text": "caf\u00e9"}'.encode("latin-1") + b"\n")
    docs, errors = read([path])
    assert len(docs) == 1
    assert errors[0].line == 2
    assert f"byte offset {len(good) + 1 + 13}" in errors[0].message


# --------------------------------------------------------------------------- files


def test_bad_files_are_reported_and_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_MAX_TEXT_CHARS", "200")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00junk")
    (tmp_path / "latin.txt").write_bytes("Le caf\u00e9 a ferm\u00e9.".encode("latin-1"))
    (tmp_path / "empty.md").write_bytes(b"  \n\n")
    (tmp_path / "wide.txt").write_bytes(f"{BEFORE}".encode("utf-16"))
    (tmp_path / "huge.txt").write_text("word " * 100, encoding="utf-8")
    (tmp_path / "good.txt").write_text(f"{BEFORE}\n{AFTER}\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "doc.docx").write_bytes(b"PK")
    docs, errors = read([tmp_path, tmp_path / "doc.docx", tmp_path / "missing.txt"])
    assert [Path(d.origin).name for d in docs] == ["good.txt"]
    found = {Path(e.path).name: e.message for e in errors}
    assert set(found) == {"binary.txt", "latin.txt", "empty.md", "wide.txt", "huge.txt",
                          "doc.docx", "missing.txt"}
    assert "UTF-16" in found["wide.txt"]
    assert "binary" in found["binary.txt"]
    assert "not UTF-8 (byte 0xe9 at byte offset 6)" in found["latin.txt"]
    assert "re-encode" in found["latin.txt"]
    assert found["empty.md"] == "empty file"
    assert "too long" in found["huge.txt"]
    assert "unsupported file type '.docx'" in found["doc.docx"]
    assert found["missing.txt"] == "no such file or folder"


def test_folder_is_read_recursively_jsonl_first_then_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.md").write_text("# Bridge reopens\n\n" + AFTER, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BEFORE, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden copy of nothing.", encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", [json.dumps({"id": "c1", "text": BEFORE + "\n"})])
    docs, errors = read([tmp_path])
    assert errors == []
    # a.txt repeats the corpus line: the JSONL copy, with its id, is the one kept
    assert [Path(d.origin.split(":")[0]).name for d in docs] == ["c.jsonl", "two.md"]
    assert docs[0].id == "c1"
    assert docs[1].title == "Bridge reopens"


def test_folder_files_are_named_by_their_file_name_and_repeats_are_numbered(tmp_path):
    from claimledger.store import Ledger

    (tmp_path / "b").mkdir()
    (tmp_path / "bridge-reopens.md").write_text("# Bridge reopens\n\n" + AFTER, encoding="utf-8")
    (tmp_path / "b" / "bridge-reopens.txt").write_text(BEFORE, encoding="utf-8")
    docs, errors = read([tmp_path])
    assert errors == []
    assert [d.id for d in docs] == ["bridge-reopens", "bridge-reopens"]
    with Ledger(tmp_path / "ledger.db") as ledger:
        stored = [ledger.add_document(d, [], on_same_id="rename") for d in docs]
    assert [s.id for s in stored] == ["bridge-reopens", "bridge-reopens~2"]


def test_stdin_text_keeps_a_content_hash_id(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(BEFORE))
    docs, _ = read(["-"])
    assert len(docs[0].id) == 16 and docs[0].id in docs[0].content_hash


def test_jsonl_without_any_text_field_is_one_error(tmp_path):
    notes = write_jsonl(tmp_path / "notes.jsonl", [json.dumps({"doc": "a1", "value": n})
                                                    for n in range(5)])
    corpus = write_jsonl(tmp_path / "c.jsonl", [json.dumps({"note": 1}),
                                                json.dumps({"text": BEFORE})])
    docs, errors = read([notes, corpus])
    assert len(docs) == 1
    assert [(e.path, e.line) for e in errors] == [(str(notes), None), (str(corpus), 1)]
    assert "no line has a 'text' field (5 objects)" in errors[0].message


def test_text_file_title_source_and_bom(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbf" + f"Storm batters coast\n\n{BEFORE}".encode())
    untitled = tmp_path / "plain.txt"
    untitled.write_text(f"{BEFORE}\n{AFTER}", encoding="utf-8")
    docs, errors = read([path, untitled], source="Herald")
    assert errors == []
    assert docs[0].text.startswith("Storm batters coast")
    assert (docs[0].title, docs[0].source, docs[0].origin) == ("Storm batters coast", "Herald",
                                                               str(path))
    assert docs[1].title is None
    assert read([untitled])[0][0].source is None


def test_html_page_through_trafilatura():
    docs, errors = read([FIXTURES / "article.html", FIXTURES / "junk.html"])
    assert len(docs) == 1
    page = docs[0]
    assert "3,000 residents" in page.text and "footbridge collapsed" in page.text
    for boilerplate in ("cookies", "Dam repairs", "All rights reserved", "Sport"):
        assert boilerplate not in page.text
    assert (page.title, page.source, page.url) == (
        "Floods force thousands from riverside towns", "Riverside Herald",
        "https://herald.example.org/news/floods-riverside")
    assert (page.published, page.published_how) == ("2024-03-14", "html_meta")
    assert [Path(e.path).name for e in errors] == ["junk.html"]
    assert "no article text" in errors[0].message


def test_stdin_jsonl_and_plain_text(monkeypatch):
    lines = [json.dumps({"text": BEFORE}), "oops", json.dumps({"text": AFTER})]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" + "\n".join(lines)))
    docs, errors = read(["-"])
    assert [d.origin for d in docs] == ["<stdin>:2", "<stdin>:4"]
    assert [(e.path, e.line) for e in errors] == [("<stdin>", 3)]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{BEFORE}\n".encode())))
    docs, errors = read(["-"], published="2024-01-05")
    assert errors == []
    assert (docs[0].text, docs[0].origin) == (f"{BEFORE}\n", "<stdin>")
    assert (docs[0].published, docs[0].published_how) == ("2024-01-05", "option")


def test_same_text_twice_is_yielded_once(tmp_path):
    (tmp_path / "one.txt").write_text(f"{BEFORE}\n{AFTER}", encoding="utf-8")
    (tmp_path / "two.txt").write_text(f"{BEFORE}  {AFTER}\n\n", encoding="utf-8")
    corpus = write_jsonl(tmp_path / "c.jsonl", [json.dumps({"id": "k", "text": BEFORE + AFTER}),
                                                json.dumps({"text": f" {BEFORE} {AFTER}"})])
    docs, errors = read([tmp_path / "one.txt", tmp_path / "two.txt", corpus])
    assert errors == []
    assert [Path(d.origin).name for d in docs] == ["one.txt", "c.jsonl:1"]
    assert docs[0].content_hash == content_hash(f"{BEFORE} {AFTER}")


# --------------------------------------------------------------------------- dates

DATE_CASES = [
    (f"Storm batters coast\n20 September, 2023\n{BEFORE}", ("2023-09-20", "dateline")),
    (f"Monday 2 October 2023\n{BEFORE}", ("2023-10-02", "dateline")),
    (f"Headline\nSept. 21, 2023\n{BEFORE}", ("2023-09-21", "dateline")),
    (f"2023-09-20\n{BEFORE}", ("2023-09-20", "dateline")),
    (f"Published: 14 March 2024 | Updated: 15 March 2024\n{BEFORE}", ("2024-03-14", "dateline")),
    (f"Updated 16 March 2024, 09:12 GMT\n{BEFORE}", ("2024-03-16", "dateline")),
    ("Monday 2 October 2023, by [DOE Jane](#) (Date first published: 29 September 2023).\n"
     + BEFORE, ("2023-10-02", "dateline")),
    (f"By Jane Doe (Date first published: 29 September 2023)\n{BEFORE}",
     ("2023-09-29", "first_published")),
    (f"HARBOUR TOWN, Sept. 20, 2023 (AP) \u2014 {BEFORE}", ("2023-09-20", "dateline")),
    (f"By Jane Doe | 20 September 2023\n{BEFORE}", ("2023-09-20", "dateline")),
    (f"Updated 4:05 AM EDT, Wed September 20, 2023\n{BEFORE}", ("2023-09-20", "dateline")),
    (f"On 20 September 2023 the dam failed.\n{BEFORE}", None),
    (f"Caption of a parade, Nov. 8, 2023. (AP Photo)\n{BEFORE}", None),
    ("x" * 900 + f"\n20 September, 2023\n{BEFORE}", None),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_infer_published(text, expected):
    assert infer_published(text) == expected


def test_yearless_dateline_needs_a_base_date():
    text = f"HARBOUR TOWN, Sept. 20 (Reuters) - {BEFORE}"
    assert infer_published(text) is None
    assert infer_published(text, base="2024-01-10") == ("2023-09-20", "dateline")


def test_published_precedence(tmp_path):
    dated = f"20 September, 2023\n{BEFORE}"
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        json.dumps({"text": dated, "published": "2023-09-22"}),
        json.dumps({"text": dated + " Later."}),
        json.dumps({"text": AFTER}),
    ])
    docs, _ = read([corpus], published="2023-10-01")
    assert [(d.published, d.published_how) for d in docs] == [
        ("2023-09-22", "input"), ("2023-09-20", "dateline"), ("2023-10-01", "option")]
    docs, _ = read([corpus])
    assert (docs[2].published, docs[2].published_how) == (None, "none")


# --------------------------------------------------------------------------- seeds


def seed_records(seeds_dir: Path) -> list[dict]:
    return [json.loads(line) for line in
            (seeds_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_seed_corpus_loads_with_given_dates(seeds_dir):
    records = seed_records(seeds_dir)
    docs, errors = read([seeds_dir / "corpus.jsonl"])
    assert errors == []
    assert [(d.id, d.published, d.published_how) for d in docs] == [
        (r["id"], r["published"], "input") for r in records]
    assert all(len(text_for_nlp(d.text)) == len(d.text) for d in docs)


SEED_FURNITURE_MARKERS = ("4 min read", "Live Story", " > ", "Date first published",
                          "Click here")


def test_seed_furniture_blanked_and_sentences_kept(seeds_dir):
    blanked = kept = 0
    for record in seed_records(seeds_dir):
        lines = record["text"].split("\n")
        clean = text_for_nlp(record["text"]).split("\n")
        for original, cleaned in zip(lines, clean, strict=True):
            if any(marker in original for marker in SEED_FURNITURE_MARKERS):
                assert cleaned.strip() == "", original[:40]
                blanked += 1
            elif len(original.split()) >= 8 and original.rstrip()[-1:] in ".\u201d\"":
                ratio = len(re.sub(r"\s", "", cleaned)) / len(re.sub(r"\s", "", original))
                assert ratio > 0.8, original[:40]
                kept += 1
    assert blanked == 7  # "4 min read", 3 x "Live Story", the essay's breadcrumb, byline, link
    assert kept > 100


def test_seed_dates_inferred_from_date_lines(seeds_dir, tmp_path):
    records = seed_records(seeds_dir)
    stripped = [{k: v for k, v in r.items() if k != "published"} for r in records]
    corpus = write_jsonl(tmp_path / "undated.jsonl", [json.dumps(r) for r in stripped])
    docs, errors = read([corpus])
    assert errors == []
    given = {r["id"]: r["published"] for r in records}
    inferred = [d for d in docs if d.published_how != "none"]
    assert len(inferred) >= 2
    for doc in inferred:
        assert doc.published_how in ("dateline", "first_published")
        assert doc.published == given[doc.id], doc.id
