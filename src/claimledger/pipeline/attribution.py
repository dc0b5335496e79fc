"""Who asserts each sentence, quotation or clause: the ``claimledger_attribution`` component.

Version 1. Writes ``doc._.cl_attributions`` (regions of text with their claimant) and
``doc._.cl_voice`` (the outlet, and the wire it credits). Cues come from
``data/attribution.toml``: speech verbs with a subject ("X said", "said X"), source phrases
("according to X", "citing X"), source nouns ("X's tally"), and quotation marks whose
speaker stands before or after them. Pronouns and definite descriptions ("he said",
"the ministry added") link back to the last claimant of matching kind.

Canonical claimants follow one rule per kind:

- person: the full name without titles ("Jane Doe"), completed from an earlier or later
  mention when only the surname is given;
- organisation: ``"<owner demonym> <body in lower case>"`` when a country, demonym, capital
  or metonym owns it ("Ukraine's Emergency Ministry" and "the Ukrainian emergency ministry"
  both give "Ukrainian emergency ministry"; the demonym is the first one ``places.toml``
  lists for the country, else the country name), else the phrase without its article;
- side: the country's GeoNames name ("Azerbaijan"), or the capital / metonym as written
  ("Moscow", "Kremlin") with ``claimant_side`` naming the country;
- sources: "<Demonym> sources" ("Armenian sources"), else the descriptive phrase;
- wire: the agency's canonical name from the lexicon ("AFP").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.pipeline.attribution_text import (
    AttributionLexicon,
    CountryWords,
    Quotation,
    detect_voice,
    find_quotations,
)
from claimledger.pipeline.claimants import (
    FIRST_PERSON,
    Claimant,
    ClaimantReader,
    _text_of,
    phrase_tokens,
)
from claimledger.pipeline.extensions import doc_meta

RELATIVE_PRONOUNS = {"who", "which", "that"}


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    """One attribution cue: the region it covers, the claimant, and the cue's kind."""

    start: int
    end: int
    claimant: Claimant
    cue: str
    anchor: int  # character offset of the cue word (verb, phrase), for quotation speakers


class Attributor:
    """Finds every cue in one Doc and turns them into attribution regions."""

    def __init__(self, doc: Doc, lexicon: AttributionLexicon, countries: CountryWords) -> None:
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.reader = ClaimantReader(doc, lexicon, countries)
        self.quotes = find_quotations(self.text, lexicon)

    def run(self) -> list[dict]:
        self._remember_subjects()
        cues: list[Cue] = []
        for sent in self.doc.sents:
            cues.extend(self._sentence_cues(sent))
        cues.extend(self._quotation_cues(cues))
        records = {(c.start, c.end, c.claimant.name, c.cue): c for c in cues}
        return [c.claimant.record(c.start, c.end, c.cue)
                for c in sorted(records.values(), key=lambda c: (c.start, -c.end))]

    # -- memory of who was talked about (for "he said")

    def _remember_subjects(self) -> None:
        """Named sentence subjects outside quotations are antecedents for later pronouns."""
        for token in self.doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or self._in_quote(token.idx):
                continue
            if token.pos_ != "PROPN" and not any(c.pos_ == "PROPN" for c in token.children):
                continue
            claimant = self.reader.read(token)
            if claimant is not None and claimant.kind in ("person", "side", "organisation"):
                self.reader.remember(claimant)

    def _in_quote(self, offset: int) -> bool:
        return any(q.start < offset < q.end for q in self.quotes)

    # -- per sentence

    def _sentence_cues(self, sent: Span) -> list[Cue]:
        cues = self._source_phrase_cues(sent)
        taken = {t.i for c in cues for t in self.doc.char_span(
            c.claimant.start, c.claimant.end, alignment_mode="expand") or []}
        cues.extend(self._source_noun_cues(sent, taken))
        cues.extend(self._speech_cues(sent))
        if not any(c.cue == "speech" for c in cues):
            cues.extend(self._sources_fallback(sent))
        for cue in cues:
            self.reader.remember(cue.claimant)
        return cues

    def _speech_cues(self, sent: Span) -> list[Cue]:
        cues = []
        for token in sent:
            if not self._is_speech_verb(token):
                continue
            subject = self._speaker_token(token)
            if subject is not None and self._across_lines(subject, token):
                subject = None
            if subject is None or self._in_quote(token.idx) and subject.lower_ in FIRST_PERSON:
                continue
            claimant = self._subject_claimant(subject, token)
            if claimant is None:
                continue
            start, end = self._speech_region(token, subject, sent)
            cues.append(Cue(start, end, claimant, "speech", token.idx))
        return cues

    def _subject_claimant(self, subject: Token, verb: Token) -> Claimant | None:
        """ "The ministry's statement said" speaks for the ministry; "the toll" for nobody."""
        if subject.lemma_.lower() in self.lexicon.source_nouns:
            owner = self._source_owner(subject)
            if owner is not None or subject.lemma_.lower() in self.lexicon.mute_nouns:
                return owner
        return self.reader.read(subject, position=verb.idx)

    def _sources_fallback(self, sent: Span) -> list[Cue]:
        """ "X sources in Y claim that ...": the parser often reads "claim" as a noun."""
        for token in sent:
            if token.lemma_.lower() != "source" or token.tag_ != "NNS":
                continue
            verb = next((t for t in sent[token.i - sent.start + 1:][:6]
                         if t.lemma_.lower() in self.lexicon.speech_verbs), None)
            claimant = self.reader.read(token) if verb is not None else None
            if claimant is None:
                continue
            first = phrase_tokens(token)[0]
            text = self.text[first.idx:verb.idx].rstrip()
            claimant = replace(claimant, text=text, start=first.idx, end=first.idx + len(text))
            start, end = self._clip_to_line(sent.start_char, sent.end_char, verb.idx)
            return [Cue(start, end, claimant, "speech", verb.idx)]
        return []

    def _across_lines(self, first: Token, second: Token) -> bool:
        low, high = sorted((first.idx, second.idx))
        return "\n" in self.text[low:high]

    def _is_speech_verb(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.speech_verbs:
            return True
        objects = self.lexicon.verb_objects.get(lemma)
        return bool(objects) and any(c.dep_ == "dobj" and c.lemma_.lower() in objects
                                     for c in token.children)

    def _speaker_token(self, verb: Token) -> Token | None:
        """The subject of a speech verb; inherited through "and said" / ", adding that"."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - verb.i))
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return self._repaired_subject(child)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and \
                verb.lemma_.lower() in self.lexicon.participles:
            return self._participle_speaker(verb)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self._speaker_token(verb.head)
        return self._inverted_speaker(verb)

    def _participle_speaker(self, verb: Token) -> Token | None:
        """ ", adding that ...": the speaker of the nearest speech verb above, else the
        subject of the verb it hangs on when that subject is a name or a role."""
        for ancestor in verb.ancestors:
            if self._is_speech_verb(ancestor):
                return self._speaker_token(ancestor)
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ == "PROPN" or subject.lemma_.lower() in
                                    self.lexicon.roles | self.lexicon.org_nouns):
            return subject
        return None

    def _repaired_subject(self, subject: Token) -> Token:
        """ "Following the offensive, Jane Doe, head of ..., said": the parser may make the
        fronted phrase the subject and the speaker its conjunct; take the named conjunct."""
        lemma = subject.lemma_.lower()
        if subject.pos_ != "NOUN" or lemma in self.lexicon.org_nouns or \
                lemma in self.lexicon.roles or lemma in self.lexicon.source_nouns:
            return subject
        named = [c for c in subject.rights if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN"]
        return named[0] if named else subject

    def _inverted_speaker(self, verb: Token) -> Token | None:
        """ "…,” stated President X": the parser may call the speaker an object."""
        before = [t for t in verb.doc[max(0, verb.i - 3):verb.i]]
        if not any(t.is_quote or t.text == "," for t in before):
            return None
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "nsubjpass", "npadvmod", "appos") and \
                    child.pos_ == "PROPN":
                return child
        return None

    def _speech_region(self, verb: Token, subject: Token, sent: Span) -> tuple[int, int]:
        """A root verb asserts its sentence; an embedded one its own clause."""
        if verb.dep_ == "ROOT" or verb.head.i == verb.i:
            return self._clip_to_line(sent.start_char, sent.end_char, verb.idx)
        tokens = list(verb.subtree) + list(subject.subtree)
        low = min(t.i for t in tokens)
        high = max(t.i for t in tokens)
        span = self.doc[low:high + 1]
        return self._clip_to_line(span.start_char, span.end_char, verb.idx)

    def _clip_to_line(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """No claim crosses a line break: the parser sometimes joins a headline to a line."""
        text = self.text
        line_start = text.rfind("\n", 0, anchor) + 1
        line_end = text.find("\n", anchor)
        line_end = len(text) if line_end < 0 else line_end
        start, end = max(start, line_start), min(end, line_end)
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    # -- "according to X", "citing X", "X's tally"

    def _source_phrase_cues(self, sent: Span) -> list[Cue]:
        cues = []
        words = [t.lower_ for t in sent]
        for phrase in self.lexicon.source_phrases:
            for index in _find_sequence(words, phrase):
                if not self._phrase_allowed(sent, index, phrase):
                    continue
                head = self._phrase_object(sent[index + len(phrase) - 1], sent,
                                           index + len(phrase))
                claimant = self._source_claimant(head) if head is not None else None
                if claimant is not None:
                    anchor = sent[index].idx
                    start, end = self._clip_to_line(sent.start_char, sent.end_char, anchor)
                    cues.append(Cue(start, end, claimant, "source", anchor))
        return cues

    def _phrase_allowed(self, sent: Span, index: int, phrase: tuple[str, ...]) -> bool:
        if " ".join(phrase) not in self.lexicon.clause_start_only:
            return True
        before = sent[index - 1] if index > 0 else None
        after = sent[index + 1] if index + 1 < len(sent) else None
        starts_clause = before is None or before.text in (",", ";", "(", "—", "–")
        return starts_clause and after is not None and (after.pos_ == "PROPN" or
                                                         after.lower_ == "the")

    def _phrase_object(self, last: Token, sent: Span, after: int) -> Token | None:
        for child in last.children:
            if child.dep_ in ("pobj", "dobj") and child.i >= last.i:
                return child
        for token in sent[after:]:
            if token.pos_ in ("NOUN", "PROPN"):
                while token.dep_ in ("compound", "amod", "poss", "nmod") and \
                        token.head.i > token.i:
                    token = token.head
                return token
        return None

    def _source_claimant(self, head: Token) -> Claimant | None:
        """ "the Azerbaijani tally", "a statement from the Kremlin" → who owns the figure."""
        if head.lemma_.lower() in self.lexicon.source_nouns or head.lower_ in \
                self.lexicon.source_nouns:
            owner = self._source_owner(head)
            if owner is None:
                return self.reader.read(head)
            whole = phrase_tokens(head)
            text = _text_of(whole)
            start, end = whole[0].idx, whole[-1].idx + len(whole[-1])
            return replace(owner, text=text, start=start, end=end)
        return self.reader.read(head)

    def _source_owner(self, noun: Token) -> Claimant | None:
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
                return self.reader.read(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.reader.read(objects[0])
        for child in noun.lefts:
            if child.dep_ in ("amod", "compound", "nmod"):
                country, _ = self.reader.countries.country(child.text)
                if country:
                    return Claimant(country, child.text, child.idx, child.idx + len(child),
                                    "side", country)
                if child.pos_ == "PROPN":
                    return self.reader.read(child)
        return None

    def _source_noun_cues(self, sent: Span, taken: set[int]) -> list[Cue]:
        cues = []
        for token in sent:
            if token.i in taken or token.lemma_.lower() not in self.lexicon.source_nouns:
                continue
            if token.pos_ != "NOUN":
                continue
            owner = self._source_owner(token)
            if owner is None or owner.kind not in ("side", "organisation", "wire", "person"):
                continue
            whole = phrase_tokens(token)
            claimant = replace(owner, text=_text_of(whole), start=whole[0].idx,
                               end=whole[-1].idx + len(whole[-1]))
            start, end = self._clip_to_line(sent.start_char, sent.end_char, token.idx)
            cues.append(Cue(start, end, claimant, "source_noun", token.idx))
        return cues

    # -- quotations

    def _quotation_cues(self, cues: list[Cue]) -> list[Cue]:
        """Each quotation is asserted by the nearest cue in its zone, or by the quotation
        it continues (a paragraph that ended while the quotation was still open)."""
        found: list[Cue] = []
        previous: Cue | None = None
        for quote in self.quotes:
            speaker = self._nearest_cue(quote, cues)
            if speaker is None and previous is not None and self._continues(previous, quote):
                speaker = previous
            if speaker is not None:
                cue = Cue(quote.start, quote.end, speaker.claimant, "quote", speaker.anchor)
                found.append(cue)
                previous = cue if quote.open_end else None
            else:
                previous = None
        return found

    def _continues(self, previous: Cue, quote: Quotation) -> bool:
        gap = self.text[previous.end:quote.start]
        return gap.strip() == ""

    def _nearest_cue(self, quote: Quotation, cues: list[Cue]) -> Cue | None:
        low, high = self._zone(quote)
        outside = [c for c in cues if low <= c.anchor < high
                   and not (quote.start <= c.anchor < quote.end)
                   and not self._in_other_quote(c.anchor, quote)]
        if not outside:
            return None
        return min(outside, key=lambda c: min(abs(c.anchor - quote.start),
                                              abs(c.anchor - quote.end)))

    def _in_other_quote(self, offset: int, quote: Quotation) -> bool:
        return any(q.start < offset < q.end for q in self.quotes if q != quote)

    def _zone(self, quote: Quotation) -> tuple[int, int]:
        """The sentences a quotation touches, plus "he said." right after it and
        "X said:" right before it."""
        first = self._sentence_at(quote.start)
        last = self._sentence_at(max(quote.start, quote.end - 1))
        low, high = first.start_char, last.end_char
        following = self._sentence_at(high) if high < len(self.text) else None
        if following is not None and following.start_char >= high and \
                not self.text[quote.end:following.start_char].count("\n") and \
                len(following) <= 12 and quote.end >= last.end_char - 2:
            high = following.end_char
        if self.text[low:quote.start].strip() == "" and first.start > 0:
            before = self.doc[first.start - 1].sent
            if before.text.rstrip().endswith(":"):
                low = before.start_char
        return low, high

    def _sentence_at(self, offset: int) -> Span:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else self.doc[-1]
        return token.sent


def _find_sequence(words: list[str], phrase: tuple[str, ...]) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if tuple(words[i:i + size]) == phrase]


# --------------------------------------------------------------------------- component


class Attribution:
    """spaCy component ``claimledger_attribution`` (version 1): who asserts each region."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = AttributionLexicon.load()
        self.countries = CountryWords(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        attributor = Attributor(doc, self.lexicon, self.countries)
        doc._.cl_voice = detect_voice(attributor.text, doc_meta(doc).get("source"), self.lexicon)
        doc._.cl_attributions = attributor.run() if len(doc) else []
        return doc


def attribution_at(attributions: list[dict], position: int) -> dict | None:
    """The innermost attribution region containing ``position`` (None: the voice speaks)."""
    covering = [a for a in attributions if a["start"] <= position < a["end"]]
    if not covering:
        return None
    return min(covering, key=lambda a: (a["end"] - a["start"], -a["start"]))


__all__ = ["Attribution", "AttributionLexicon", "Claimant", "CountryWords", "Quotation",
           "attribution_at", "detect_voice", "find_quotations"]
