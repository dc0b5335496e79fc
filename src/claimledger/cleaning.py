"""Clean article text for the NLP pipeline: same-length copies with markup and furniture blanked.

``text_for_nlp`` returns a same-length copy of a text with markup and page furniture
(bylines, "4 min read", breadcrumbs, photo credits, ...) replaced by spaces, so that every
offset found in the cleaned text indexes the original ``Document.text`` unchanged. A
markdown link ``[text](url)`` keeps its text where it stood (`` text`` + spaces), so a span
over the link text in the clean copy is the same text in the original. ``text_chunks``
cuts a long text at paragraph, line or sentence breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from claimledger.lexicons import load_lexicon

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,400})\]\(([^()\s]*(?:\s+\"[^\"\n]*\")?)\)")
_AUTOLINK = re.compile(r"<(?:https?://|www\.)[^<>\s]+>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_HEADING_MARK = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[ \t])", re.MULTILINE)
_TICK_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[`´](?=[^\W\d_])")
# Odd spaces become a space, line and paragraph separators a line break. Rare in news text:
# the few there are replaced where found, instead of a translation of every character.
_ODD_SPACE_AS = {c: " " for c in "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"} | {"\u2028": "\n", "\u2029": "\n"}
_ODD_SPACES = re.compile(f"[{''.join(_ODD_SPACE_AS)}]")
_TICKS = "`´"  # a tick between two letters is an apostrophe (_TICK_APOSTROPHE)
_LINK_ONLY_LINE = re.compile(
    r"\s*(?:[-*•·|]\s*)?(?:!?\[[^\]\n]*\]\([^)\n]*\)\s*[|,•·/–-]?\s*)+")
_URL_ONLY_LINE = re.compile(r"\s*<?(?:https?://|www\.)\S+?>?\s*")


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _link_text(match: re.Match[str]) -> str:
    """``[text](url)`` → `` text`` + spaces: the text keeps its place in the line."""
    return " " + match.group(1) + " " * (len(match.group(0)) - len(match.group(1)) - 1)


def _strong_text(match: re.Match[str]) -> str:
    marker = " " * len(match.group(1))
    return marker + match.group(2) + marker


def _plain_space(match: re.Match[str]) -> str:
    return _ODD_SPACE_AS[match.group(0)]


def neutralise_markup(text: str) -> str:
    """Markdown and odd characters → plain same-length text."""
    text = _ODD_SPACES.sub(_plain_space, text)
    text = _IMAGE.sub(_spaces, text)
    text = _LINK.sub(_link_text, text)
    text = _AUTOLINK.sub(_spaces, text)
    text = _STRONG.sub(_strong_text, text)
    text = _HEADING_MARK.sub(_spaces, text)
    if any(tick in text for tick in _TICKS):  # the look-behind would try every position
        text = _TICK_APOSTROPHE.sub("'", text)
    return text


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class _DatePatterns:
    """Regexes built from ``furniture.toml [dates]``, shared by blanking and inference."""

    date: str  # a full date with year
    day_month: str  # a date without a year
    stamp: str  # a date and/or a time of day
    published: str
    updated: str
    first_published: str
    wires: str


@cache
def date_patterns() -> _DatePatterns:
    lex = load_lexicon("furniture")["dates"]
    month = rf"(?:{_alternation(lex['months'])})\.?"
    weekday = rf"(?:{_alternation(lex['weekdays'])})\.?"
    day, year = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)", r"(?:1[89]|2\d)\d\d(?!\d)"
    iso = (rf"{year}-\d{{1,2}}-\d{{1,2}}(?!\d)"
           r"(?:[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")
    date_ = (rf"(?:(?:{weekday},?\s+)?(?:{day}\s+(?:of\s+)?{month},?\s+{year}"
             rf"|{month}\s+{day},?\s+{year})|{iso})")
    time = r"\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+\(?[a-z]{2,5}(?:[+-]\d{1,2})?\)?)?"
    sep = r"\s*(?:,|\||-|–|—|·|•|\bat\b|\bon\b)?\s*"
    return _DatePatterns(
        date=date_, day_month=rf"(?:{month}\s+{day}|{day}\s+{month})",
        stamp=rf"(?:{date_}(?:{sep}{time})?|{time}(?:{sep}{date_})?)",
        published=_alternation(lex["published_prefixes"]),
        updated=_alternation(lex["updated_prefixes"]),
        first_published=_alternation(lex["first_published_prefixes"]),
        wires=_alternation(re.escape(w) for w in lex["wires"]),
    )


@dataclass(frozen=True)
class _Furniture:
    standalone: re.Pattern[str]
    labelled: re.Pattern[str]
    date_line: re.Pattern[str]
    dated_byline: re.Pattern[str]
    byline: re.Pattern[str]
    breadcrumb_split: re.Pattern[str]
    breadcrumb_min: int
    breadcrumb_max_part: int
    bracket_credit: re.Pattern[str]
    bracket_words: re.Pattern[str]
    inline_credit: re.Pattern[str]  # "(AP Photo)", "Photograph: Name/Agency", ", opens new tab"


def _byline_pattern(not_names: Sequence[str]) -> re.Pattern[str]:
    """``By Jane Doe``, ``by Jane Doe and John Roe, Agency``: capitalised names only."""
    word = r"[A-Z][\w'’.-]*"
    particle = r"(?:(?:de|van|von|al|el|bin)\s+)?"
    name = rf"(?!(?:{'|'.join(not_names)})\b){word}(?:\s+{particle}{word}){{0,3}}"
    names = rf"{name}(?:\s*(?:,|&|\band\b)\s*{name})*"
    tail = r"(?:\s*[,|•·–—-]\s*[A-Z0-9][^\n]{0,80})?"
    return re.compile(rf"\s*(?i:by)\s+{names}{tail}\s*")


@cache
def page_furniture() -> _Furniture:
    lex = load_lexicon("furniture")
    lines, dates = lex["lines"], date_patterns()
    prefix = _alternation((dates.published, dates.updated, dates.first_published))
    separators = "|".join(re.escape(s) for s in lines["breadcrumb_separators"])
    flags = re.IGNORECASE
    return _Furniture(
        standalone=re.compile(_alternation(lines["standalone"]), flags),
        labelled=re.compile(
            rf"(?:{_alternation(lines['labelled'])})(?:\s*[:|»›](?:\s.{{0,250}})?)?", flags),
        date_line=re.compile(rf"(?:(?:{prefix})\s*:?\s*)?{dates.stamp}\s*\.?", flags),
        dated_byline=re.compile(rf"{dates.date},?\s+by\s+(?-i:[A-Z]).{{0,400}}", flags),
        byline=_byline_pattern(lex["bylines"]["not_names"]),
        breadcrumb_split=re.compile(rf"\s(?:{separators})\s"),
        breadcrumb_min=int(lines["breadcrumb_min_separators"]),
        breadcrumb_max_part=int(lines["breadcrumb_max_part"]),
        bracket_credit=re.compile(r"\s*\[([^\[\]\n]{2,120})\]\s*$"),
        bracket_words=re.compile(_alternation(lex["credits"]["bracket_words"]), flags),
        inline_credit=re.compile(_alternation(
            lex["credits"]["parentheses"] + lex["credits"]["trailing"] + lex["credits"]["inline"]),
            flags),
    )


def _is_breadcrumb(line: str, furniture: _Furniture) -> bool:
    parts = furniture.breadcrumb_split.split(line)
    if len(parts) - 1 < furniture.breadcrumb_min:
        return False
    parts = [p.strip() for p in parts]
    return all(0 < len(p) <= furniture.breadcrumb_max_part and not p.endswith(".")
               for p in parts)


def _is_furniture_line(clean: str, original: str) -> bool:
    """True for a line that frames the article: label, byline, date line, breadcrumb, link list."""
    stripped = clean.strip()
    if not stripped:
        return False
    furniture = page_furniture()
    full_matches = (furniture.standalone, furniture.labelled, furniture.date_line,
                    furniture.dated_byline, furniture.byline)
    if any(p.fullmatch(stripped) for p in full_matches):
        return True
    if _LINK_ONLY_LINE.fullmatch(original) or _URL_ONLY_LINE.fullmatch(original):
        return True
    return _is_breadcrumb(stripped, furniture)


def _blank_credits(line: str) -> str:
    """Blank photo credits inside a caption line, keeping the caption sentence."""
    furniture = page_furniture()
    line = furniture.inline_credit.sub(_spaces, line)
    match = furniture.bracket_credit.search(line) if "]" in line else None  # it ends in "]"
    if match and furniture.bracket_words.search(match.group(1)):
        line = line[: match.start()] + " " * (len(line) - match.start())
    return line


def _blank_line(line: str) -> str:
    return re.sub(r"[^\r]", " ", line)


def text_for_nlp(text: str) -> str:
    """A copy of ``text`` of exactly the same length with markup and page furniture blanked.

    The pipeline tokenises this copy while every offset it reports indexes the original
    text, so nothing may be inserted or removed, only replaced character for character.
    """
    clean = neutralise_markup(text)
    out = []
    start = 0
    for line in clean.split("\n"):  # the original's line at the same place (U+2028 → \n)
        original = text[start:start + len(line)]
        start += len(line) + 1
        out.append(_blank_line(line) if _is_furniture_line(line, original)
                   else _blank_credits(line))
    result = "\n".join(out)
    assert len(result) == len(text), "text_for_nlp must preserve length"
    return result


_CHUNK_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"),
                 re.compile(r"[.!?][\"'’”)\]]*\s"), re.compile(r"\s"))


def text_chunks(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of at most ``size`` characters that tile ``text``.

    Each piece ends at the last paragraph break in its second half, else the last line
    break, else sentence end, else space; a text with none of them is cut at ``size``.
    Long texts are analysed piece by piece with offsets shifted back, so nothing moves.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for pattern in _CHUNK_BREAKS:
            cuts = [m.end() for m in pattern.finditer(text, start + size // 2, end)]
            if cuts:
                end = cuts[-1]
                break
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces
