"""Read articles into ``Document`` records, with their publication dates.

Inputs are JSON Lines corpora (contract §1 of ``shared/spec/interchange.md``), folders
(searched recursively for ``.jsonl``, ``.txt``, ``.md``, ``.html``, ``.htm``; hidden
files and folders and other extensions are skipped; JSONL files are read first, then the
rest in sorted order), single files, or ``-`` for standard input. A text seen twice in a
run is yielded once, so a JSONL line (with its id and date) wins over a loose copy of the
same article. Bad input never stops a batch: each problem is handed to ``on_error``.

Metadata, by kind of input:

* JSONL: ``id``, ``url``, ``source``, ``published``, ``title`` from the line; the
  ``source`` option fills a missing ``source``.
* ``.txt`` / ``.md`` / stdin text: ``title`` is the first non-empty line of the cleaned text
  when it is short and has no final period; ``source`` is the ``source`` option, else None.
* HTML: text, title, date, site name (as ``source``) and url from the page, via trafilatura.

``published`` is the input's own date when given (``published_how="input"``); else a date
line near the top of the text (``"dateline"``, or ``"first_published"`` when only an
earlier first-publication date is shown); else the HTML page's metadata (``"html_meta"``);
else the ``published`` option (``"option"``); else None (``"none"``). Dates inside body
sentences are never used: they are event dates, not publication dates.

Cleaning a text for the NLP pipeline is :mod:`claimledger.cleaning`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

from claimledger.cleaning import date_patterns, neutralise_markup, page_furniture, text_for_nlp
from claimledger.errors import InputError
from claimledger.records import Document
from claimledger.settings import InputLimits, input_limits

TOP_CHARS = 800  # how far from the start a publication date line may stand
MAX_TITLE_CHARS = 200
MIN_HTML_WORDS = 20  # fewer words extracted from a page: menus and banners, not an article
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES
STDIN = "-"
STDIN_NAME = "<stdin>"
_BOM = b"\xef\xbb\xbf"
_BINARY_SNIFF = 8192
_READ_BLOCK = 1 << 20
_JSONL_LINE_SLACK = 1 << 16  # bytes a JSONL line may hold beyond its text (metadata, escapes)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MAX_MESSAGE = 160  # an unexpected error's text is cut to keep the report to one line
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}

ErrorHandler = Callable[[InputError], None]


# --------------------------------------------------------------------------- dates


def _iso_date(value: str) -> str | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def parse_date(value: str, base: str | None = None) -> str | None:
    """An absolute date string → ``YYYY-MM-DD``, or None. Never reads "yesterday"-style text.

    Without ``base`` the day, month and year must all be written; with it (an ISO date) a
    date without a year takes the year that puts it on or before ``base``.
    """
    iso = _iso_date(value)
    if iso:
        return iso
    import dateparser  # slow import: only when a non-ISO date needs reading

    settings = dict(_DATEPARSER_SETTINGS)
    if base:
        settings |= {"RELATIVE_BASE": datetime.fromisoformat(base), "PREFER_DATES_FROM": "past"}
    else:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    parsed = dateparser.parse(value, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


@dataclass(frozen=True)
class _DateFinders:
    prefix: re.Pattern[str]  # the label that may open a date line ("Published on")
    date: re.Pattern[str]
    byline: re.Pattern[str]  # "Monday 2 October 2023, by ..."
    inline: re.Pattern[str]  # "(Date first published: 29 September 2023)", "| Published ..."
    news: re.Pattern[str]  # "CITY, Sept. 20, 2023 (AP) —"


@cache
def _date_finders() -> _DateFinders:
    d = date_patterns()
    prefix = rf"(?P<pub>{d.published})|(?P<upd>{d.updated})|(?P<first>{d.first_published})"
    # After a labelled date: the line's end, a separator, a time, a byline, or the title
    # that a flattened page runs on with (" date 2020-10-11 Toll rises in ...").
    after_date = r"(?=\s*(?:$|[|•·();]|,\s*\d|\d|by\b|at\b)|\s+(?-i:[A-Z]))"
    flags = re.IGNORECASE
    return _DateFinders(
        prefix=re.compile(rf"\s*(?:{prefix})", flags),
        date=re.compile(d.date, flags),
        byline=re.compile(rf"\s*(?P<date>{d.date}),?\s+by\s+(?-i:[A-Z]).*", flags),
        inline=re.compile(rf"(?:^|[(|•·])\s*(?:{prefix})\s*:?\s*(?P<date>{d.date}){after_date}",
                          flags),
        news=re.compile(rf"\s*[A-Z][A-Z.'’ -]{{1,30}}(?:,\s*[A-Z][\w.'’ -]{{1,30}})?,\s*"
                        rf"(?P<date>{d.date}|{d.day_month})\s*(?:\((?:{d.wires})\)\s*)?[-–—]"),
    )


def _how_from_prefix(match: re.Match[str] | None) -> str:
    if match is None or match.group("pub"):
        return "dateline"
    return "first_published" if match.group("first") else "updated"


def _line_candidates(line: str, base: str | None) -> Iterator[tuple[str, str]]:
    """(how, date) pairs that one line near the top of an article offers."""
    finders = _date_finders()
    stripped = line.strip()
    if page_furniture().date_line.fullmatch(stripped):
        if date_match := finders.date.search(stripped):
            yield _how_from_prefix(finders.prefix.match(stripped)), date_match.group(0)
    elif match := finders.byline.fullmatch(stripped):
        yield "dateline", match.group("date")
    elif page_furniture().byline.fullmatch(stripped) and (match := finders.date.search(stripped)):
        yield "dateline", match.group(0)
    elif match := finders.news.match(line):
        if base or re.search(r"\d{4}", match.group("date")):
            yield "dateline", match.group("date")
    for match in finders.inline.finditer(line):
        yield _how_from_prefix(match), match.group("date")


_HOW_RANK = {"dateline": 0, "updated": 1, "first_published": 2}


def infer_published(text: str, base: str | None = None) -> tuple[str, str] | None:
    """``(YYYY-MM-DD, how)`` from a date line near the top of ``text``, or None.

    The page's own date line wins over a revision line, and both over a "first published"
    date: a repost is read on its repost date. ``base`` (ISO) dates a year-less dateline.
    """
    ranked = _ranked_text_date(text, base)
    if ranked is None:
        return None
    rank, iso = ranked
    return iso, "first_published" if rank == _HOW_RANK["first_published"] else "dateline"


def _ranked_text_date(text: str, base: str | None) -> tuple[int, str] | None:
    """The best ``(rank, YYYY-MM-DD)`` among the date lines near the top (rank 0 is best)."""
    found: list[tuple[int, str]] = []
    top = neutralise_markup(text[:TOP_CHARS])
    for line in top.split("\n"):
        for how, raw in _line_candidates(line, base):
            iso = parse_date(raw, base if not re.search(r"\d{4}", raw) else None)
            if iso:
                found.append((_HOW_RANK[how], iso))
    return min(found, key=lambda item: item[0]) if found else None


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class _Options:
    published: str | None
    source: str | None
    on_error: ErrorHandler
    limits: InputLimits


def content_hash(text: str) -> str:
    """sha256 of the text with runs of whitespace collapsed: same article, same hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _too_long(path: str, size: int, line: int | None, limit: int,
              unit: str = "characters") -> InputError:
    return InputError(path, f"text too long ({size:,} {unit}, limit {limit:,} characters); "
                            "split the article or raise CLAIMLEDGER_MAX_TEXT_CHARS", line)


def _check_text(text: str, path: str, limits: InputLimits, line: int | None = None) -> str:
    """The text as stored: refused when too long, empty or holding NUL characters (a binary
    or corrupted input, wherever the NUL stands); a lone surrogate (from a JSON escape such
    as ``"\\ud800"``, not valid Unicode) becomes U+FFFD, which keeps every offset."""
    if len(text) > limits.max_text_chars:
        raise _too_long(path, len(text), line, limits.max_text_chars)
    if not text.strip():
        raise InputError(path, "empty text", line)
    if (nul := text.find("\x00")) >= 0:
        raise InputError(path, f"text contains a NUL character (at character {nul}): a binary "
                               "or corrupted input, not stored", line)
    return _LONE_SURROGATE.sub("\ufffd", text)


def _resolve_published(text: str, given: Any, html_date: str | None, opts: _Options,
                       report: Callable[[str], None]) -> tuple[str | None, str]:
    if given not in (None, ""):
        iso = parse_date(str(given)) if isinstance(given, str | int | float) else None
        if iso:
            return iso, "input"
        report(f"'published' is not a date: {given!r}; inferred from the text instead")
    # The text's own publication line, then the page's metadata (article:published_time),
    # then a revision or "first published" line: an update is not the publication.
    ranked = _ranked_text_date(text, opts.published)
    if ranked and ranked[0] == _HOW_RANK["dateline"]:
        return ranked[1], "dateline"
    if html_date and (iso := parse_date(html_date)):
        return iso, "html_meta"
    if ranked:
        return ranked[1], "first_published" if ranked[0] == _HOW_RANK["first_published"] \
            else "dateline"
    if opts.published:
        return opts.published, "option"
    return None, "none"


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    value = _LONE_SURROGATE.sub("\ufffd", str(value)).replace("\x00", "").strip()
    return value or None


def _title_from_text(text: str) -> str | None:
    """First non-empty line of the cleaned text, when it reads as a headline."""
    for line in text_for_nlp(text[:2000]).split("\n"):
        title = " ".join(line.replace("#", " ").split())
        if title:
            fits = len(title) <= MAX_TITLE_CHARS and not title.endswith(".")
            return title if fits else None
    return None


def _document(text: str, origin: str, meta: dict[str, Any], opts: _Options,
              report: Callable[[str], None], html_date: str | None = None) -> Document:
    digest = content_hash(text)
    published, how = _resolve_published(text, meta.get("published"), html_date, opts, report)
    return Document(
        id=_clean_field(meta.get("id")) or digest[:16],
        text=text,
        content_hash=digest,
        source=_clean_field(meta.get("source")) or opts.source,
        url=_clean_field(meta.get("url")),
        title=_clean_field(meta.get("title")),
        published=published,
        published_how=how,
        origin=origin,
    )


def _reporter(opts: _Options, path: str, line: int | None) -> Callable[[str], None]:
    return lambda message: opts.on_error(InputError(path, message, line))


# --------------------------------------------------------------------------- bytes → text


def _decode(data: bytes, path: str, line: int | None = None, offset: int = 0) -> str:
    """Strict UTF-8 (a BOM is dropped); the error names the first bad byte and its offset."""
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data.removeprefix(_BOM)[exc.start]
        at = offset + exc.start + (len(_BOM) if data.startswith(_BOM) else 0)
        raise InputError(path, f"not UTF-8 (byte 0x{bad:02x} at byte offset {at}); re-encode "
                               "it as UTF-8, e.g. iconv -f latin1 -t utf-8", line) from None


def _check_bytes(data: bytes, path: str) -> None:
    if not data.strip() or data.strip() == _BOM:
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text; re-encode it as UTF-8, e.g. iconv -f utf-16 -t utf-8")
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError(path, "binary file (contains NUL bytes), not UTF-8 text")
    if (nul := data.find(b"\x00")) >= 0:
        raise InputError(path, f"NUL byte at byte offset {nul}: a binary or corrupted file, "
                               "not stored")


def _unexpected(path: str, exc: BaseException, line: int | None = None) -> InputError:
    """Any other failure while reading one input, as one line naming file and line."""
    detail = " ".join(str(exc).split())[:_MAX_MESSAGE]
    return InputError(path, f"cannot read ({type(exc).__name__}: {detail})", line)


def _json_object(line: str, path: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON ({exc.msg} at column {exc.colno})",
                         number) from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply", number) from None
    except ValueError as exc:  # an integer of thousands of digits, and the like
        raise InputError(path, f"malformed JSON ({' '.join(str(exc).split())[:_MAX_MESSAGE]})",
                         number) from None
    if not isinstance(data, dict):
        raise InputError(path, f"expected a JSON object, got {type(data).__name__}", number)
    if "text" not in data:
        raise _MissingText(path, "missing required field 'text'", number)
    if not isinstance(data["text"], str):
        raise InputError(path, f"'text' must be a string, got {type(data['text']).__name__}",
                         number)
    return data


class _MissingText(InputError):
    """A JSON line without ``text``: held back until the file proves to be a corpus."""


# (line number, byte offset of the line, its bytes or why it cannot be read)
_Line = tuple[int, int, bytes | InputError]


def _capped_lines(stream: IO[bytes], path: str, limits: InputLimits,
                  first: int = 1, start: int = 0) -> Iterator[_Line]:
    """The lines of a stream, read a line at a time, never more than the limits allow.

    A line longer than a text may be is skipped to its end with an error; past
    ``max_file_bytes`` the rest of the input is refused with one error.
    """
    max_line = 4 * limits.max_text_chars + _JSONL_LINE_SLACK
    number, offset = first, start
    while offset < limits.max_file_bytes:
        raw = stream.readline(max_line + 1)
        if not raw:
            return
        length = len(raw)
        if len(raw) > max_line and not raw.endswith(b"\n"):
            length += _skip_line(stream, limits.max_file_bytes - offset - length)
            yield number, offset, _too_long(path, length, number, limits.max_text_chars,
                                            unit="bytes")
        else:
            yield number, offset, raw.rstrip(b"\r\n")
        number, offset = number + 1, offset + length
    if stream.read(1):
        yield number, offset, InputError(
            path, f"input larger than {limits.max_file_bytes:,} bytes: the rest is not read "
                  "(raise CLAIMLEDGER_MAX_FILE_BYTES to read it)")


def _skip_line(stream: IO[bytes], budget: int) -> int:
    """Read past the end of an over-long line; returns how many bytes were skipped."""
    skipped = 0
    while skipped < budget:
        block = stream.readline(_READ_BLOCK)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            break
    return skipped


def _jsonl_records(lines: Iterable[_Line],
                   path: str) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(line number, record or error) for every non-blank line of a JSONL file."""
    for number, start, raw in lines:
        if isinstance(raw, InputError):
            yield number, raw
            continue
        if not raw.strip() or raw.strip() == _BOM:
            continue
        try:
            yield number, _json_object(_decode(raw, path, number, start), path, number)
        except InputError as err:
            yield number, err
        except Exception as exc:  # noqa: BLE001 - one bad line never stops the file
            yield number, _unexpected(path, exc, number)


def _jsonl_documents(lines: Iterable[_Line], path: str, opts: _Options) -> Iterator[Document]:
    """One Document per good line; each bad line goes to ``on_error`` with its number.

    A file where no line has ``text`` (annotations, say) gets one error, not one per line.
    """
    held: list[InputError] = []
    corpus = False
    for number, item in _jsonl_records(lines, path):
        if isinstance(item, _MissingText) and not corpus:
            held.append(item)
            continue
        if not corpus and not isinstance(item, InputError):
            corpus = True
            for err in held:
                opts.on_error(err)
        try:
            if isinstance(item, InputError):
                raise item
            text = _check_text(item["text"], path, opts.limits, number)
            document = _document(text, f"{path}:{number}", item, opts,
                                 _reporter(opts, path, number))
        except InputError as err:
            opts.on_error(err)
            continue
        except Exception as exc:  # noqa: BLE001 - one bad line never stops the file
            opts.on_error(_unexpected(path, exc, number))
            continue
        yield document
    if held and not corpus:
        opts.on_error(InputError(path, f"no line has a 'text' field ({len(held)} objects): "
                                       "not an article corpus"))


def _file_id(path: str) -> str | None:
    """A file's document id is its name without extension ("kathmandu-quake.txt" →
    "kathmandu-quake"): readable in exports and URLs. The ledger numbers a name already
    taken ("notes~2"); standard input has no name and keeps the content-hash id."""
    return None if path == STDIN_NAME else (Path(path).stem.strip() or None)


def _text_document(data: bytes, path: str, origin: str, opts: _Options) -> Document:
    text = _check_text(_decode(data, path), path, opts.limits)
    meta = {"title": _title_from_text(text), "id": _file_id(path)}
    return _document(text, origin, meta, opts, _reporter(opts, path, None))


def _html_document(data: bytes, path: str, opts: _Options) -> Document:
    """Article text and metadata through trafilatura; the page's own encoding is honoured."""
    import trafilatura

    page = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(page, "text", None) or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(path, f"no article text found in the HTML page ({len(text.split())} "
                               f"words extracted, fewer than {MIN_HTML_WORDS})")
    text = _check_text(text, path, opts.limits)
    meta = {"title": page.title, "source": page.sitename, "url": page.url, "id": _file_id(path)}
    return _document(text, path, meta, opts, _reporter(opts, path, None), html_date=page.date)


def _read_capped(stream: IO[bytes], path: str, limits: InputLimits) -> bytes:
    """A whole text or HTML input, refused past four bytes per allowed character."""
    most = 4 * limits.max_text_chars
    data = stream.read(most + 1)
    if len(data) > most:
        raise _too_long(path, len(data), None, limits.max_text_chars, unit="bytes or more")
    return data


def _blank(raw: bytes) -> bool:
    return not raw.strip(b" \t\r" + _BOM)


def _head(lines: Iterator[_Line], path: str) -> list[_Line]:
    """The lines up to the first non-blank one (or the first error), checked as a file's
    start: empty, UTF-16 and binary inputs are refused whole, not line by line."""
    head: list[_Line] = []
    for line in lines:
        head.append(line)
        raw = line[2]
        if isinstance(raw, InputError):
            return head
        if not _blank(raw):
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:_BINARY_SNIFF]:
                _check_bytes(raw, path)
            return head
    raise InputError(path, "empty file")


def _stream_documents(stream: IO[bytes], path: str, opts: _Options,
                      kind: str | None) -> Iterator[Document]:
    """Documents of one open input of ``kind`` (jsonl, text, html; None: JSON Lines when the
    first non-blank line starts with ``{``, else one text). JSONL is read a line at a time."""
    if kind in ("text", "html"):
        data = _read_capped(stream, path, opts.limits)
        _check_bytes(data, path)
        if kind == "html":
            yield _html_document(data, path, opts)
        else:
            yield _text_document(data, path, path, opts)
        return
    lines = _capped_lines(stream, path, opts.limits)
    head = _head(lines, path)
    first = head[-1][2]
    if kind == "jsonl" or (isinstance(first, bytes)
                           and first.removeprefix(_BOM).lstrip().startswith(b"{")):
        yield from _jsonl_documents(_chain(head, lines), path, opts)
        return
    if isinstance(first, InputError):
        raise first
    data = b"\n".join(r for _, _, r in head if isinstance(r, bytes)) + b"\n"
    data += _read_capped(stream, path, opts.limits)
    _check_bytes(data, path)
    text_limit = 4 * opts.limits.max_text_chars
    if len(data) > text_limit:
        raise _too_long(path, len(data), None, opts.limits.max_text_chars, unit="bytes")
    yield _text_document(data, path, path, opts)


def _chain(head: list[_Line], rest: Iterator[_Line]) -> Iterator[_Line]:
    yield from head
    yield from rest


def _kind(suffix: str) -> str:
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "html" if suffix in HTML_SUFFIXES else "text"


def _file_documents(path: Path, opts: _Options) -> Iterator[Document]:
    name, suffix = str(path), path.suffix.lower()
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InputError(name, "not a regular file (a device, FIFO or socket); give files or "
                               "folders, or - for standard input")
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(name, f"unsupported file type {suffix or '(none)'!r}; expected one of "
                               f"{', '.join(sorted(SUPPORTED_SUFFIXES))}")
    try:
        with path.open("rb") as stream:
            yield from _stream_documents(stream, name, opts, _kind(suffix))
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def _stdin_stream() -> IO[bytes]:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    import io

    return io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))


def _stdin_documents(opts: _Options) -> Iterator[Document]:
    """JSON Lines when the first non-blank line starts with ``{``, else one plain text."""
    yield from _stream_documents(_stdin_stream(), STDIN_NAME, opts, None)


def _folder_order(folder: Path) -> Callable[[Path], tuple[bool, str]]:
    """JSONL corpora first (their lines carry ids and dates, and win the dedupe), then sorted."""
    return lambda p: (p.suffix.lower() not in JSONL_SUFFIXES, p.relative_to(folder).as_posix())


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder`` in reading order; hidden files and folders skipped."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=_folder_order(folder))


def _input_documents(item: str, opts: _Options) -> Iterator[Document]:
    """Documents of one input argument; whole-file problems go to ``on_error``."""
    if item == STDIN:
        sources: list[Path | str] = [STDIN]
    else:
        path = Path(item)
        if not path.exists():
            opts.on_error(InputError(item, "no such file or folder"))
            return
        sources = list(_folder_files(path)) if path.is_dir() else [path]
        if not sources:
            opts.on_error(InputError(item, "no .jsonl, .txt, .md or .html files in this folder"))
    for source in sources:
        try:
            if isinstance(source, Path):
                yield from _file_documents(source, opts)
            else:
                yield from _stdin_documents(opts)
        except InputError as err:
            opts.on_error(err)
        except Exception as exc:  # noqa: BLE001 - one unreadable input never stops the run
            opts.on_error(_unexpected(str(source), exc))


def _option_date(published: str | None) -> str | None:
    if published is None:
        return None
    iso = parse_date(published)
    if iso is None:
        raise InputError("--published", f"not a date: {published!r} (use YYYY-MM-DD)")
    return iso


def iter_documents(inputs: Sequence[str], *, published: str | None = None,
                   source: str | None = None,
                   on_error: ErrorHandler) -> Iterator[Document]:
    """Documents from JSONL files, folders, text/markdown/HTML files and ``-`` (stdin).

    ``published`` (any absolute date) and ``source`` fill what an input does not give;
    an unreadable ``published`` option raises ``InputError`` at once, since every document
    would need it. A text seen twice in one run (same ``content_hash``) is yielded once.
    """
    opts = _Options(published=_option_date(published), source=_clean_field(source),
                    on_error=on_error, limits=input_limits())
    seen: set[str] = set()
    for item in inputs:
        for document in _input_documents(item, opts):
            if document.content_hash not in seen:
                seen.add(document.content_hash)
                yield document


__all__ = [
    "content_hash", "infer_published", "iter_documents", "parse_date",
]
