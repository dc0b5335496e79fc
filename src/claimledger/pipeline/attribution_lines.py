"""Attribution beyond one parsed sentence: headlines that name their source beside a colon
("Health official: 40 dead in floods", "Floods killed 40: UN agency"), and sentences that
carry on the reported speech of the one before ("Furthermore, 12 were wounded")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimledger.pipeline.attribution_text import AttributionLexicon, phrase_matches
from claimledger.pipeline.claimants import (
    Claimant,
    ClaimantReader,
    Cue,
    _text_of,
    _words_without_articles,
)
from claimledger.pipeline.syntax import span_text
from claimledger.pipeline.token_table import TokenTable

SPEAKER_WORDS = 5  # at most this many words name the speaker beside a headline's colon
SPEAKER_ENTS = ("PERSON", "ORG")
QUOTE_ENDS = ('"', "”", "»", "'", "’")


def headline_cues(doc: Doc, text: str, reader: ClaimantReader) -> list[Cue]:
    """One cue per headline-like line (no closing full stop) whose colon has a speaker on
    one side: a role, a body or a named person or organisation, never a place (datelines)."""
    cues = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        cue = _headline_cue(doc, reader, start, line)
        if cue is not None:
            cues.append(cue)
        start = end + 1
    return cues


def _headline_cue(doc: Doc, reader: ClaimantReader, start: int, line: str) -> Cue | None:
    body = line.rstrip()
    if body.count(": ") != 1 or body.endswith((".", ":")) or len(body.split()) > 25:
        return None
    left, right = body.split(": ")
    for part, offset in ((left, start), (right, start + len(left) + 2)):
        if len(part.split()) <= SPEAKER_WORDS:
            span = doc.char_span(offset, offset + len(part), alignment_mode="contract")
            claimant = _speaker_phrase(reader, span) if span is not None and len(span) else None
            if claimant is not None:
                return Cue(start, start + len(body), claimant, "headline", offset)
    return None


def _speaker_phrase(reader: ClaimantReader, span: Span) -> Claimant | None:
    """What a short phrase beside a colon names, when it names a speaker."""
    words = _words_without_articles([t for t in span if not t.is_punct])
    if not words or not any(_speaker_word(reader, t) for t in words):
        return None
    if len(words) == 1 and words[0].ent_type_ not in SPEAKER_ENTS and \
            words[0].lower_ not in reader.lexicon.wires:
        return None  # "Source: …", "Officials: …" label a line, they name nobody
    if any(t.ent_type_ in ("GPE", "LOC", "DATE", "TIME") and t.i == words[-1].i for t in words):
        return None
    last = words[-1]
    side = reader.side_of(words)
    kind = "person" if last.lemma_.lower() in reader.lexicon.roles or \
        last.ent_type_ == "PERSON" else reader.body_kind(words, side)
    text = _text_of(words)
    return Claimant(text, text, words[0].idx, last.idx + len(last), kind, side)


def _speaker_word(reader: ClaimantReader, token: Token) -> bool:
    lexicon = reader.lexicon
    lemma = token.lemma_.lower()
    return lemma in lexicon.roles or lemma in lexicon.org_nouns or \
        token.lower_ in lexicon.wires or token.ent_type_ in SPEAKER_ENTS


def continuation_cues(sentences: list[Span], text: str, tokens: TokenTable, cues: list[Cue],
                      lexicon: AttributionLexicon) -> list[Cue]:
    """A sentence with no cue that opens with "Furthermore", "Another" … keeps the claimant
    of the sentence right before it in the same paragraph (the doc's ``sentences``, its
    ``text`` and :func:`~claimledger.pipeline.token_table.doc_tokens` table)."""
    found = []
    for before, sent in zip(sentences, sentences[1:], strict=False):
        if "\n" in text[before.end_char:sent.start_char] or not _continues(sent, tokens,
                                                                           lexicon):
            continue
        if span_text(before).rstrip()[-1:] in QUOTE_ENDS:  # a closed quotation: the outlet resumes
            continue
        if any(c.start <= sent.start_char < c.end for c in cues):
            continue
        previous = [c for c in cues + found if c.start <= before.start_char + 1 and
                    c.end >= before.end_char - 1]
        if previous:
            speaker = min(previous, key=lambda c: c.end - c.start)
            end = sent.end_char
            while end > sent.start_char and text[end - 1].isspace():
                end -= 1
            found.append(Cue(sent.start_char, end, speaker.claimant, "continued",
                             sent.start_char))
    return found


def _continues(sent: Span, tokens: TokenTable, lexicon: AttributionLexicon) -> bool:
    """The sentence opens with a continuation ("Furthermore", "Another"): its first three
    words (spaces skipped) read from the token table, not the whole sentence's Tokens."""
    words: list[str] = []
    for i in range(sent.start, sent.end):
        if len(words) == 3:
            break
        if not tokens.text[i].isspace():  # Token.is_space
            words.append(tokens.lower[i])
    return any(where == 0 for where, _ in phrase_matches(words, lexicon.continuation))
