"""Who asserts each sentence, quotation or clause: the ``claimledger_attribution`` component.

Version 1. Writes ``doc._.cl_attributions`` (regions of text with their claimant) and
``doc._.cl_voice`` (the outlet, and the wire it credits). Cues come from
``data/attribution.toml``: speech verbs with a subject ("X said", "said X"), source phrases
("according to X", "citing X"), source nouns ("X's tally"), and quotation marks whose
speaker stands before or after them. Pronouns and definite descriptions ("he said",
"the ministry added") link back to the last claimant of matching kind.

Canonical claimants follow one rule per kind:

- person: the full name without titles, bodies or initials ("Jane Doe"), completed from an
  earlier or later mention when only the surname is given (across documents:
  :func:`claimledger.entities.merge_claimants`);
- organisation or government: ``"<Body> of <Country>"`` when a country, demonym, capital or
  metonym owns it ("Ukraine's Health Ministry", "the Ukrainian health ministry" and "the
  Ministry of Health of Ukraine" give "Health Ministry of Ukraine": spellings folded,
  "Ministry of X" read "X Ministry"), else the phrase without its article;
- side: the country's GeoNames name ("Azerbaijan"), or the capital / metonym as written
  ("Moscow", "Kremlin") with ``claimant_side`` naming the country;
- unnamed: "<Demonym> sources" ("Armenian sources"), else the descriptive phrase ("officials",
  "a senior official"): plural speakers and one introduced with "a";
- wire: the agency's canonical name from the lexicon ("AFP").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.pipeline.attribution_lines import continuation_cues, headline_cues
from claimledger.pipeline.attribution_text import (
    AttributionLexicon,
    CountryWords,
    Quotation,
    detect_voice,
    doc_credit,
    doc_quotations,
    find_quotations,
    phrase_matches,
)
from claimledger.pipeline.claimants import (
    FIRST_PERSON,
    Claimant,
    ClaimantReader,
    Cue,
    _text_of,
    phrase_tokens,
)
from claimledger.pipeline.extensions import doc_meta, doc_text
from claimledger.pipeline.syntax import span_text, within
from claimledger.pipeline.token_table import doc_tokens

RELATIVE_PRONOUNS = {"who", "which", "that"}
TRAILING_MARKS = {",", "–", "—", "-", "”", "’", '"', "'"}


# --------------------------------------------------------------------------- cues


class Attributor:
    """Finds every cue in one Doc and turns them into attribution regions."""

    def __init__(self, doc: Doc, lexicon: AttributionLexicon, countries: CountryWords) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lexicon = lexicon
        self.reader = ClaimantReader(doc, lexicon, countries)
        self.quotes = doc_quotations(doc, lexicon)
        self.quote_starts = [quote.start for quote in self.quotes]
        self._speech_verbs: dict[int, bool] = {}  # by token index: each verb is asked again
        self.tokens = doc_tokens(doc)  # the scans below test these, not Token objects
        self.verb_lemmas = lexicon.speech_verbs | frozenset(lexicon.verb_objects)
        # The few tokens each per-sentence scan can keep, found in one pass over the doc
        # (a scan per sentence read every token of the article once per kind of cue).
        self.verbs = self._candidates(self.tokens.lemma, self.verb_lemmas,
                                      lambda i: self.tokens.pos[i] in ("VERB", "AUX"))
        self.source_nouns = self._candidates(self.tokens.pos, {"NOUN"}, self._names_source)
        self.sources = self._candidates(self.tokens.lemma, {"source"},
                                        lambda i: self.tokens.tag[i] == "NNS")
        self.phrases = phrase_matches(self.tokens.lower, lexicon.source_phrases)
        self.phrase_starts = [i for i, _ in self.phrases]
        self.sentences = list(doc.sents)  # each cue and quotation looks its sentence up here

    def _candidates(self, column: list[str], values: frozenset[str] | set[str],
                    keep: Callable[[int], bool]) -> list[int]:
        """Indices of the doc's tokens whose ``column`` is one of ``values`` and that ``keep``
        accepts, in order."""
        return [i for i in self.tokens.where(column, values) if keep(i)]

    def _names_source(self, i: int) -> bool:
        """:meth:`ClaimantReader.is_source_noun` of token ``i``, read from the table."""
        nouns = self.lexicon.source_nouns
        return self.tokens.lemma[i] in nouns or self.tokens.lower[i] in nouns

    def run(self) -> list[dict]:
        self._remember_subjects()
        cues: list[Cue] = []
        for sent in self.sentences:
            cues.extend(self._sentence_cues(sent))
        cues.extend(self._quotation_cues(cues))
        cues.extend(headline_cues(self.doc, self.text, self.reader))
        cues.extend(continuation_cues(self.sentences, self.text, self.tokens, cues,
                                      self.lexicon))
        records = {(c.start, c.end, c.claimant.name, c.cue): c for c in cues}
        return [c.claimant.record(c.start, c.end, c.cue)
                for c in sorted(records.values(), key=lambda c: (c.start, -c.end))]

    def credited(self, start: int, end: int) -> Claimant:
        """Who a credit line names ("Source: Adviser to the mayor Jon Doe" → Jon Doe;
        "Agencies" → the agencies, as a wire)."""
        words = self.text[start:end]
        if words.lower() == "agencies":
            return Claimant("Agencies", words, start, end, "wire")
        span = self.doc.char_span(start, end, alignment_mode="expand")
        people = [e for e in span.ents if e.label_ == "PERSON"] if span is not None else []
        name = self.reader.name_at_end(list(span)) if span is not None else []
        if name:  # "Source: Adviser to the mayor of X Jon Doe", the model missing the name
            return Claimant(" ".join(name), words, start, end, "person")
        heads = [people[-1].root] if people else []
        heads += [span.root] if span is not None else []
        for head in heads:
            claimant = self.reader.read(head)
            if claimant is not None and claimant.kind != "document":
                return replace(claimant, text=words, start=start, end=end)
        return Claimant(words, words, start, end, "organisation")

    # -- memory of who was talked about (for "he said")

    def _remember_subjects(self) -> None:
        """Named sentence subjects outside quotations are antecedents for later pronouns."""
        tokens = self.tokens
        for i in tokens.where(tokens.dep, {"nsubj"}):
            if self._in_quote(tokens.idx[i]):
                continue
            token = self.doc[i]
            if token.pos_ != "PROPN" and not any(
                    c.pos_ == "PROPN" or c.dep_ == "appos" and c.text[:1].isupper()
                    for c in token.children):
                continue
            claimant = self.reader.read(token)
            if claimant is not None and claimant.kind in ("person", "side", "organisation",
                                                             "government"):
                self.reader.remember(claimant)

    def _in_quote(self, offset: int) -> bool:
        return self._quote_holding(offset) is not None

    def _quote_holding(self, offset: int) -> Quotation | None:
        """The quotation that holds ``offset`` (its marks excluded), if any. Quotations follow
        one another without overlapping, so only the last one opening before it can."""
        last = bisect_left(self.quote_starts, offset) - 1
        return self.quotes[last] if last >= 0 and offset < self.quotes[last].end else None

    # -- per sentence

    def _sentence_cues(self, sent: Span) -> list[Cue]:
        cues = self._source_phrase_cues(sent)
        taken = {t.i for c in cues for t in self.doc.char_span(
            c.claimant.start, c.claimant.end, alignment_mode="expand") or []}
        cues.extend(self._source_noun_cues(sent, taken))
        for cue in cues:  # "X's estimate is 400, and it maintains …": "it" is X
            self.reader.remember(cue.claimant)
        cues.extend(self._speech_cues(sent))
        if not any(c.cue == "speech" for c in cues):
            cues.extend(self._sources_fallback(sent))
        for cue in cues:
            self.reader.remember(cue.claimant)
        return cues

    def _speech_cues(self, sent: Span) -> list[Cue]:
        cues = []
        for token in self._verb_candidates(sent):
            if not self._is_speech_verb(token):
                continue
            found = self._speaker(token)
            if found is None:
                continue
            subject, claimant = found
            start, end = self._speech_region(token, subject, sent)
            cues.append(Cue(start, end, claimant, "speech", token.idx))
        return cues

    def _verb_candidates(self, sent: Span) -> list[Token]:
        """The sentence's verbs whose lemma :meth:`_is_speech_verb` can accept."""
        return [self.doc[i] for i in within(self.verbs, sent.start, sent.end)]

    def _speaker(self, verb: Token) -> tuple[Token, Claimant] | None:
        """The speaker of a speech verb and who it names; when the parsed subject names
        nobody (" date 2021-08-27 U.S. says …"), the phrase beside the verb."""
        subject = self._speaker_token(verb)
        if subject is not None and self._across_lines(subject, verb):
            subject = None
        if subject is not None and self._in_quote(verb.idx) and subject.lower_ in FIRST_PERSON:
            return None
        claimant = self._subject_claimant(subject, verb) if subject is not None else None
        if claimant is None and (subject is None or subject.pos_ in ("NOUN", "PROPN")):
            subject = self._inverted_speaker(verb)
            claimant = self._subject_claimant(subject, verb) if subject is not None else None
        return (subject, claimant) if subject is not None and claimant is not None else None

    def _subject_claimant(self, subject: Token, verb: Token) -> Claimant | None:
        """ "The ministry's statement said" speaks for the ministry; "the toll" for nobody;
        "the latest data says" for whoever was just named."""
        if self.reader.is_source_noun(subject):
            owner = self.reader.owner_of(subject)
            if owner is not None:
                return owner
            if self.reader.is_mute(subject):
                return self._definite_back_link(subject)
            if self.reader.is_document(subject):  # "the statement said": the body's, just named
                linked = self._definite_back_link(subject)
                if linked is not None and linked.kind != "document":
                    return linked
        return self.reader.read(subject, position=verb.idx)

    def _definite_back_link(self, noun: Token) -> Claimant | None:
        """ "The data show…" right after a ministry spoke: the data are the ministry's."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "this") for c in noun.lefts):
            return None
        return self.reader.recent(noun.idx)

    def _sources_fallback(self, sent: Span) -> list[Cue]:
        """ "X sources in Y claim that ...": the parser often reads "claim" as a noun."""
        for i in within(self.sources, sent.start, sent.end):
            token = self.doc[i]
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
        known = self._speech_verbs.get(token.i)
        if known is None:
            known = self._speech_verbs[token.i] = self._speech_verb(token)
        return known

    def _speech_verb(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma not in self.lexicon.speech_verbs and lemma not in self.lexicon.verb_objects:
            return False  # false whatever its objects: skip reading them
        objects = {c.lemma_.lower() for c in token.children if c.dep_ == "dobj"}
        if objects & self.lexicon.not_with_objects.get(lemma, frozenset()):
            return False
        if lemma in self.lexicon.speech_verbs:
            return True
        return bool(objects & self.lexicon.verb_objects.get(lemma, frozenset()))

    def _speaker_token(self, verb: Token) -> Token | None:
        """The subject of a speech verb; the agent of a passive one ("it was reported by X");
        inherited through "and said", ", adding that" and "set out to estimate"."""
        agent = _agent(verb) if self._is_speech_verb(verb) else None
        if agent is not None:
            return agent
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - verb.i))
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return self._repaired_subject(child)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and \
                verb.lemma_.lower() in self.lexicon.participles:
            return self._participle_speaker(verb)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in ("nsubj", "agent") for c in verb.head.children):
            return self._speaker_token(verb.head)
        if verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return _controller(verb.head)
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
        """ "…,” stated President X", "…, said Jane Doe, the envoy": the parser may call the
        speaker an object, or hang it on the next clause; the phrase right after the verb."""
        before = [t for t in verb.doc[max(0, verb.i - 3):verb.i]]
        if not any(t.is_quote or t.text in (",", "–", "—") for t in before):
            return self._subjectless_speaker(verb)
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "nsubjpass", "npadvmod", "appos") and \
                    child.pos_ == "PROPN":
                return child
        return self._phrase_after(verb)

    def _subjectless_speaker(self, verb: Token) -> Token | None:
        """ "Assessment aired by CNN says 100 killed": in a headline the parser may lose the
        subject of a finite speech verb; the noun right before it on its line speaks."""
        if verb.tag_ not in ("VBZ", "VBD", "VBP") or verb.i == 0:
            return None
        token = self.doc[verb.i - 1]
        if token.pos_ not in ("PROPN", "NOUN") or self._across_lines(token, verb):
            return None
        return token

    def _phrase_after(self, verb: Token) -> Token | None:
        """The head of the noun phrase that starts right after ``verb`` on its line."""
        if verb.i + 1 >= len(self.doc):
            return None
        token = self.doc[verb.i + 1]
        if token.pos_ not in ("PROPN", "NOUN", "ADJ", "DET") or token.is_space:
            return None
        while token.dep_ in ("compound", "amod", "det", "nmod", "flat") and \
                token.head.i > token.i and token.head.pos_ in ("PROPN", "NOUN") and \
                not self._across_lines(token, token.head):
            token = token.head
        return token if token.pos_ in ("PROPN", "NOUN") else None

    def _speech_region(self, verb: Token, subject: Token, sent: Span) -> tuple[int, int]:
        """A root verb asserts its sentence, and so does a trailing "…, the ministry said on
        Tuesday" however the parser hung it; an embedded one asserts its own clause."""
        if verb.dep_ == "ROOT" or verb.head.i == verb.i or self._trails(verb, subject):
            start = self._referent_start(verb, sent)
            return self._clip_to_line(start, sent.end_char, verb.idx)
        tokens = list(verb.subtree) + list(subject.subtree)
        if verb.dep_ == "relcl" and subject.i != verb.head.i:  # "the 500 deaths Hamas gave"
            tokens += list(verb.head.subtree)
        low = min(t.i for t in tokens)
        high = max(t.i for t in tokens)
        span = self.doc[low:high + 1]
        return self._clip_to_line(span.start_char, span.end_char, verb.idx)

    def _referent_start(self, verb: Token, sent: Span) -> int:
        """ "It was reported by X" / "This was confirmed by X" asserts the sentence before
        it in the same paragraph too."""
        pointer = [c for c in verb.children if c.dep_ == "nsubjpass" and
                   c.lower_ in ("it", "this", "that")]
        if not pointer or sent.start == 0 or _agent(verb) is None:
            return sent.start_char
        before = self._sentence_of(sent.start - 1)
        between = self.text[before.start_char:sent.start_char]
        return before.start_char if "\n" not in between.rstrip() else sent.start_char

    def _trails(self, verb: Token, subject: Token) -> bool:
        """ "CONTENT, X said [on Tuesday]": the speech clause follows what it asserts."""
        first = min(subject.left_edge.i, verb.i)
        if first == 0 or self.doc[first - 1].text not in TRAILING_MARKS:
            return False
        content = ("ccomp", "xcomp") if verb.lemma_.lower() == "tell" else \
            ("ccomp", "xcomp", "dobj")
        return not any(c.dep_ in content and c.i != subject.i for c in verb.rights)

    def _clip_to_line(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """No claim crosses a line break (the parser sometimes joins a headline to a line),
        unless the line plainly goes on ("…, and" then a break)."""
        line_start, line_end = self._line_around(anchor)
        start, end = max(start, line_start), min(end, line_end)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def _line_around(self, anchor: int) -> tuple[int, int]:
        text = self.text
        start = text.rfind("\n", 0, anchor) + 1
        while start > 0 and _runs_on(text[:start].rstrip()):
            start = text.rfind("\n", 0, len(text[:start].rstrip())) + 1
        end = text.find("\n", anchor)
        while end >= 0 and _runs_on(text[:end].rstrip()) and text[end:].strip():
            after = len(text) - len(text[end:].lstrip())
            end = text.find("\n", after)
        return start, len(text) if end < 0 else end

    # -- "according to X", "citing X", "X's tally"

    def _source_phrase_cues(self, sent: Span) -> list[Cue]:
        cues = []
        phrases = self.lexicon.source_phrases
        first = bisect_left(self.phrase_starts, sent.start)
        last = bisect_left(self.phrase_starts, sent.end)
        found = sorted((number, i) for i, number in self.phrases[first:last]
                       if i + len(phrases[number]) <= sent.end)  # in the lexicon's order
        for number, i in found:
            phrase, index = phrases[number], i - sent.start
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
        """ "the Azerbaijani tally", "a statement from the Kremlin" → who owns the figure;
        "preliminary information" → nobody."""
        if not self.reader.is_source_noun(head):
            return self.reader.read(head)
        owner = self.reader.owner_of(head)
        if owner is None:
            if self.reader.is_mute(head):
                return self._definite_back_link(head)
            return self.reader.read(head)
        whole = phrase_tokens(head)
        return replace(owner, text=_text_of(whole), start=whole[0].idx,
                       end=whole[-1].idx + len(whole[-1]))

    def _source_noun_cues(self, sent: Span, taken: set[int]) -> list[Cue]:
        cues = []
        nouns = (self.doc[i] for i in within(self.source_nouns, sent.start, sent.end)
                 if i not in taken)
        for token in nouns:
            owner = self.reader.owner_of(token)
            if owner is None or owner.kind not in ("side", "organisation", "government", "wire",
                                                      "person"):
                continue
            whole = phrase_tokens(token)
            claimant = replace(owner, text=_text_of(whole), start=whole[0].idx,
                               end=whole[-1].idx + len(whole[-1]))
            if _counts_in_of(token):  # "the Hamas toll of 500": the phrase itself
                start, end = claimant.start, claimant.end
            else:
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
        holder = self._quote_holding(offset)
        return holder is not None and holder != quote

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
            before = self._sentence_of(first.start - 1)
            if span_text(before).rstrip().endswith(":"):
                low = before.start_char
        return low, high

    def _sentence_at(self, offset: int) -> Span:
        """The sentence of the token holding character ``offset``, found as
        ``doc.char_span(offset, offset + 1, alignment_mode="expand")`` finds the token (by
        bisection here): that span is empty for the space after a token and missing outside
        the text, and then the doc's last sentence answers."""
        tokens = self.tokens
        i = bisect_right(tokens.idx, offset) - 1
        if not 0 <= offset < len(self.text) or i < 0 or \
                offset >= tokens.idx[i] + len(tokens.text[i]):
            i = len(tokens.idx) - 1
        return self._sentence_of(i)

    def _sentence_of(self, i: int) -> Span:
        """The sentence of token ``i`` (``doc[i].sent``), by bisection of the sentence starts."""
        return self.sentences[bisect_right(self.tokens.starts, i) - 1]


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive verb."""
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        objects = [c for c in agent.children if c.dep_ == "pobj"]
        if objects:
            return objects[0]
    return None


def _counts_in_of(noun: Token) -> bool:
    """ "the toll of 500": the figure is the noun's own complement."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(t.like_num for t in c.subtree)
               for c in noun.children)


def _controller(verb: Token) -> Token | None:
    """Who does ``verb`` ("the study extrapolated … to estimate"): its subject, or the noun a
    participle hangs on."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        return subjects[0]
    return verb.head if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") else None


def _runs_on(line: str) -> bool:
    """A line ending in a comma or a conjunction continues on the next one."""
    return line.endswith(",") or line.rsplit(None, 1)[-1:] in (["and"], ["or"], ["but"])


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
        credit = doc_credit(doc, self.lexicon)
        if credit is not None and len(doc):
            doc._.cl_voice["credit"] = attributor.credited(*credit).record(-1, -1, "credit")
        return doc


CUE_RANK = {"speech": 0, "quote": 0, "headline": 1, "source": 1, "continued": 2,
            "source_noun": 3, "credit": 4}


def attribution_at(attributions: list[dict], position: int) -> dict | None:
    """The innermost attribution region containing ``position`` (None: the voice speaks);
    between regions of one size a speech verb beats a source phrase beats a source noun."""
    covering = [a for a in attributions if a["start"] <= position < a["end"]]
    if not covering:
        return None
    return min(covering, key=lambda a: (a["end"] - a["start"], CUE_RANK.get(a.get("cue", ""), 5),
                                        -a["start"]))


def claimant_at(doc: Doc, position: int) -> dict:
    """The claimant fields of a claim at ``position``: who the text says asserts it, else the
    wire the text credits, else the outlet in its own voice."""
    found = attribution_at(doc._.cl_attributions or [], position)
    if found is not None:
        return {key: found.get(key, default) for key, default in CLAIMANT_FIELDS.items()}
    voice = doc._.cl_voice or {}
    if voice.get("credit"):
        return {key: voice["credit"].get(key, default) for key, default in CLAIMANT_FIELDS.items()}
    if voice.get("wire"):
        return {"claimant": voice["wire"], "claimant_text": voice["wire"],
                "claimant_kind": "wire", "claimant_side": ""}
    outlet = voice.get("outlet") or doc_meta(doc).get("source") or ""
    return {"claimant": outlet, "claimant_text": outlet, "claimant_kind": "outlet",
            "claimant_side": ""}


CLAIMANT_FIELDS = {"claimant": "", "claimant_text": "", "claimant_kind": "",
                   "claimant_side": "", "claimant_start": -1, "claimant_end": -1}


__all__ = ["Attribution", "AttributionLexicon", "Claimant", "CountryWords", "Quotation",
           "attribution_at", "claimant_at", "detect_voice", "find_quotations"]
