"""Whose losses a figure counts: a side (country or named party) × a role (docs/subjects.md).

The group is the counted noun with its modifiers ("Armenian servicemen", "the bodies of 371
militants"), or, when the count has no noun of its own, the group of the clause it is
coordinated with ("four Marines were killed and three wounded"). The side comes, in order,
from that phrase (demonym, country, named party, a pronoun standing for one), from the verb
that frames the count ("Russia deployed 1,960 peacekeepers"; "captured by the X army" names
the other side), or from the claimant when the figure is the claimant's own. A group with no
side may be delimited by a place instead ("1,053 people killed in the Kathmandu Valley").
A toll with no group named keeps an empty side: the demonym of an attacker ("a Russian
strike") or of a disaster's country does not say whose the dead are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import any_word, load_lexicon
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.places import country_code_for, country_name
from claimledger.pipeline.quantity_readings import counts_recovered
from claimledger.pipeline.side_mentions import SideMentions
from claimledger.pipeline.syntax import (
    indexed_tokens,
    of_object,
    sentence_of,
    span_text,
    token_indices,
    within,
)
from claimledger.subjects import (
    LOCATIVES,
    RECOVERED,
    modifier_led,
    parties,
    preferred_adjectives,
    readable,
    role_contains,
    role_for_modifier,
    role_for_word,
    word_set,
)

_CASUALTIES = ("killed", "wounded", "missing", "captured")
_EQUIPMENT = ("destroyed", "seized")
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "nummod", "quantmod", "det", "case", "punct"}
# Roles whose count a side's own officials report as their own (militants are the enemy's).
_OWN_ROLES = ("military", "combatants", "peacekeepers", "civilians", "children", "women",
              "police", "prisoners", "rescuers", "staff")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_TARGET_SIDES = "claimledger.target_sides"  # doc.user_data: (start, end) → the side hit
_EARLIER_SIDES = "claimledger.earlier_target_sides"  # see _earlier_target_side
_TARGET_PREPS = "claimledger.target_preps"  # doc.user_data: see _target_prep_words
_TARGET_PREP_WORDS = frozenset({"on", "against", "of"})


@cache
def _own_side_phrases() -> tuple[str, ...]:
    return tuple(load_lexicon("measures")["own_side"]["phrases"])


def singular_demonym(text: str) -> str:
    """"Azerbaijanis" → "Azerbaijani", "Rohingyas" → "Rohingya", "Hindus" → "Hindu";
    adjectives ("Swiss", "Nepalese") stay as they are."""
    if text.endswith("s") and not text.endswith("ss") and text[:-1].isalpha():
        return text[:-1]
    return text


@dataclass
class _Group:
    """The phrase naming whose losses: its tokens, its head noun, and where to look for a side."""

    tokens: list[Token] = field(default_factory=list)
    head: Token | None = None
    side_tokens: list[Token] = field(default_factory=list)


class SideLookup:
    """Reads sides from the gazetteer's demonyms and countries, named parties and the parse."""

    def __init__(self) -> None:
        self._doc: Doc | None = None
        self._mentions: SideMentions | None = None

    def read(self, doc: Doc | None) -> None:
        """Read the figures of ``doc`` next (None: of no doc): its mentions are taken afresh."""
        self._doc, self._mentions = doc, None

    def mentions_of(self, doc: Doc) -> SideMentions:
        """The gazetteer's mentions of ``doc``, taken once for all the figures of the doc
        being read (a doc extension costs more to read than a look-up in them)."""
        if doc is not self._doc or self._mentions is None:
            self._doc, self._mentions = doc, SideMentions.of(doc)
        return self._mentions

    def subject(self, doc: Doc, sentence: Span, span: Span, counted: Token | None,
                cue: Token | None, claimant: dict, measure: str = "") -> dict:
        if counted is None:
            counted = (_noun_after_more(span) or _noun_past_quote(span) or _predicate_noun(span)
                       or _risen_noun(span) or _noun_split_off(span))
        group = _group(span, counted)
        evidence_tokens = group.tokens
        if group.head is None and measure in _CASUALTIES and not self._side_in(
                doc, group.side_tokens, claimant)[0]:
            group = _elliptic_group(span) or _continued_group(span) or group
        role = "" if measure in _EQUIPMENT else _role(group)
        if role in ("", "people") and measure in _CASUALTIES and counts_recovered(counted):
            role = RECOVERED  # "13 bodies recovered so far": a part of the toll
        side, adjective = self._side_in(doc, group.side_tokens, claimant,
                                        peoples=measure not in _EQUIPMENT)
        named = not side and measure not in _EQUIPMENT
        if named:
            side, adjective = _named_people(doc, group.head, span)
            named = bool(side)
        if not side:
            side, adjective = self._side_from_frame(doc, span, counted, role, claimant)
        own = self._claimant_side(doc, claimant)
        if not side and own and self._claimant_owns(sentence, role, claimant, span):
            side, adjective = own, self._adjective_for(doc, own)
        if not side and own and measure == "destroyed" and _official(claimant):
            # a side's military reporting what was destroyed, with no owner named: the enemy's
            side = _other_party(doc, own)
            adjective = self._adjective_for(doc, side) if side else ""
        if not side and measure in ("killed", "wounded") and (
                role in ("", "people") or role_contains("civilians", role)):
            side, adjective = self._target_side(doc, sentence.start, sentence.end)
            if not side:
                side, adjective = self._earlier_target_side(doc, sentence.start)
        if not side and measure in _CASUALTIES and role in ("", "people"):
            side, adjective = self._passengers_side(doc, sentence)
        noun = "" if named else _noun_label(group.head, measure)
        place = "" if side else _place(doc, span, counted if counted is not None else cue)
        written = group.tokens
        text = doc_text(doc)[written[0].idx:written[-1].idx + len(written[-1])] if written else ""
        return {"subject": readable(adjective, role, noun, place), "subject_text": text,
                "side": side, "role": role, "_tokens": tuple(evidence_tokens)}

    # --- side from the group phrase ---------------------------------------------------

    def _side_in(self, doc: Doc, tokens: list[Token], claimant: dict,
                 peoples: bool = True) -> tuple[str, str]:
        """The side the phrase names; a people's name the gazetteer does not know ("Rohingya")
        counts for people only, not before a weapon's name ("one Akatsia artillery")."""
        if not tokens:
            return "", ""
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        found = self._side_between(doc, start, end)
        if found[0]:
            return found
        for token in tokens:
            if token.ent_type_ == "GPE" and token.dep_ == "poss":
                return token.text, self._adjective_for(doc, token.text)
            if token.ent_type_ == "NORP" and peoples and not role_for_word(
                    token.lemma_, token.lower_):  # "Marines" name a role, not a people
                adjective = singular_demonym(token.text)
                return adjective, adjective
        pronouns = [t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"]
        return self._pronoun_side(doc, pronouns[0], claimant) if pronouns else ("", "")

    def _side_between(self, doc: Doc, start: int, end: int) -> tuple[str, str]:
        """The first demonym, named party or country in [start, end) of the text."""
        mentions = self.mentions_of(doc)
        demonym = mentions.demonyms.first(start, end)
        if demonym is not None:
            return demonym["country"], self._adjective_for(
                doc, demonym["country"], singular_demonym(demonym["text"]))
        party = _party_in(doc_text(doc)[start:end])
        if party:
            return party
        country = mentions.countries.first(start, end)
        if country is not None:
            return country["canonical"], self._adjective_for(doc, country["canonical"])
        return "", ""

    def _pronoun_side(self, doc: Doc, pronoun: Token, claimant: dict) -> tuple[str, str]:
        """"our 17 POWs": the claimant's side; "its soldiers", "it lost": the side named by the
        nearest subject before it in the sentence, else the claimant's, else the one the
        previous sentence is about."""
        word = pronoun.lower_
        if word not in word_set("first_person") | word_set("third_person"):
            return "", ""
        own = claimant.get("claimant_side", "")
        if word in word_set("first_person"):
            return (own, self._adjective_for(doc, own)) if own else ("", "")
        words = indexed_tokens(doc)
        sentence = sentence_of(doc, words, pronoun.i)
        for token in reversed(doc[sentence.start:pronoun.i]):
            if _in_subject(token):
                found = self._side_between(doc, token.idx, token.idx + len(token))
                if found[0]:
                    return found
        if own:
            return own, self._adjective_for(doc, own)
        if sentence.start > 0:
            return self._subject_side(doc, sentence_of(doc, words, sentence.start - 1))
        return "", ""

    def _subject_side(self, doc: Doc, sentence: Span) -> tuple[str, str]:
        for token in sentence:
            if token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "ROOT":
                tokens = list(token.subtree)
                found = self._side_between(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
                if found[0]:
                    return found
        return "", ""

    # --- side from the verb that frames the count ---------------------------------------

    def _side_from_frame(self, doc: Doc, span: Span, counted: Token | None, role: str,
                         claimant: dict) -> tuple[str, str]:
        """"Russia deployed 1,960 peacekeepers" (the owner); "20 soldiers were captured by the
        X army", "25 soldiers killed in battles with X units" (the other side)."""
        verb = _frame_verb(counted, span)
        if verb is None:
            return "", ""
        lemma = verb.lemma_.lower()
        if lemma in word_set("owner_verbs"):
            owner = _owner_phrase(verb)
            if owner is not None:
                return self._phrase_side(doc, owner, claimant)
        displaced = lemma in word_set("displacing_verbs")
        if (role in ("", "people") and not displaced) or lemma not in word_set(
                "enemy_agent_verbs") | word_set("displacing_verbs"):
            return "", ""
        enemy = _enemy_phrase(verb)
        if enemy is None:
            return "", ""
        side, _ = self._phrase_side(doc, enemy, claimant)
        other = _other_party(doc, side)
        return (other, self._adjective_for(doc, other)) if other else ("", "")

    def _phrase_side(self, doc: Doc, head: Token, claimant: dict) -> tuple[str, str]:
        if head.pos_ == "PRON":
            if head.dep_ == "nsubj" and head.lower_ in ("which", "that", "who"):
                head = head.head.head if head.head.dep_ == "relcl" else head
            else:
                return self._pronoun_side(doc, head, claimant)
        found = self._side_in(doc, list(doc[head.left_edge.i:head.i + 1]), claimant)
        for appos in (c for c in head.children if c.dep_ == "appos" and not found[0]):
            found = self._side_in(doc, list(doc[appos.left_edge.i:appos.i + 1]), claimant)
        return found

    def _target_side(self, doc: Doc, start: int, end: int) -> tuple[str, str]:
        """"the toll of the attack on the Ruritanian town of Velm", "the strike on Azerbaijan's
        Ganja": a toll naming no group counts the people of the side whose place was hit.
        Only the target's own name counts, not a place it lies in ("a station in the X city").
        Read once per sentence (tokens ``start:end``) and doc: every later figure asks
        again about earlier ones."""
        known = doc.user_data.setdefault(_TARGET_SIDES, {})
        key = (start, end)
        if key not in known:
            known[key] = self._read_target_side(doc, start, end)
        return known[key]

    def _read_target_side(self, doc: Doc, start: int, end: int) -> tuple[str, str]:
        found = set()
        for i in within(_target_prep_words(doc), start, end):
            prep = doc[i]
            if not _is_target_prep(prep):
                continue
            for target in (c for c in prep.children if c.dep_ == "pobj"):
                named = [target] + [o for o in (of_object(target),) if o is not None]
                for noun in named:
                    side = self._side_between(doc, noun.left_edge.idx, noun.idx + len(noun))
                    side = side if side[0] else self._named_place_side(doc, noun)
                    if side[0]:
                        found.add(side)
        return found.pop() if len(found) == 1 else ("", "")

    def _earlier_target_side(self, doc: Doc, before: int) -> tuple[str, str]:
        """The one side whose place the article's sentences before token ``before`` say was
        attacked."""
        # Read once per doc, as far as asked: the sentences' bounds, how many were read, and
        # the (start, side) of those that name a side.
        if _EARLIER_SIDES not in doc.user_data:
            doc.user_data[_EARLIER_SIDES] = (indexed_tokens(doc).sentences(), [0], [])
        bounds, read, sided = doc.user_data[_EARLIER_SIDES]
        while read[0] < len(bounds) and bounds[read[0]][0] < before:
            start, end = bounds[read[0]]
            side = self._target_side(doc, start, end)
            if side[0]:
                sided.append((start, side))
            read[0] += 1
        found = {side for start, side in sided if start < before}
        return found.pop() if len(found) == 1 else ("", "")

    def _passengers_side(self, doc: Doc, sentence: Span) -> tuple[str, str]:
        """"the toll from a boat carrying Rohingya refugees", "a boat of fleeing Rohingya
        Muslims capsized", "the Rohingya boat capsize": the dead of a craft are the people it
        carried, when the sentence names them (its craft nouns read from the token table)."""
        found = set()
        words = indexed_tokens(doc)
        for i in words.where(words.lemma, word_set("craft_nouns"), sentence.start, sentence.end):
            craft = doc[i]
            carried = [c for c in craft.lefts if c.dep_ == "compound" and c.ent_type_ == "NORP"]
            inner = of_object(craft)
            carried += [inner] if inner is not None else []
            for prep in (c for c in craft.children if c.lower_ == "of"):  # "of fleeing X"
                carried += [o for p in prep.children if p.dep_ == "pcomp"
                            for o in p.children if o.dep_ == "dobj"]
            for verb in craft.subtree:  # "a boat which capsized off X carrying …"
                if verb.dep_ == "acl" and verb.lemma_.lower() in ("carry", "transport"):
                    carried += [c for c in verb.children if c.dep_ == "dobj"]
            for noun in carried:
                tokens = list(doc[noun.left_edge.i:noun.i + 1])
                side = self._side_in(doc, tokens, {})
                if side[0]:
                    found.add(side)
        return found.pop() if len(found) == 1 else ("", "")

    def _named_place_side(self, doc: Doc, noun: Token) -> tuple[str, str]:
        """A place the article itself calls a side's ("the X city of Ganja", "Ganja, the second
        city of X"), when it is struck again later ("the shelling of Ganja")."""
        for entity in self.mentions_of(doc).entities:
            if entity["label"] == "place" and noun.left_edge.idx <= entity["start"] <= noun.idx:
                side = _sided_places(self, doc).get(entity["canonical"], "")
                return (side, self._adjective_for(doc, side)) if side else ("", "")
        return "", ""

    # --- side from the claimant -------------------------------------------------------

    @staticmethod
    def _claimant_owns(sentence: Span, role: str, claimant: dict, span: Span) -> bool:
        """A side's officials counting soldiers or civilians count their own ("207, including
        three civilians, were killed" counts some of them); "from their side" says so outright."""
        lowered = span_text(sentence).lower()
        if any(p in lowered for p in _own_side_phrases()):
            return True
        if claimant.get("claimant_kind") in ("outlet", "wire", ""):
            return False
        return role in _OWN_ROLES or (not role and _included_role(span) in _OWN_ROLES)

    @staticmethod
    def _claimant_side(doc: Doc, claimant: dict) -> str:
        """The claimant's side; an organisation named with no country ("the Defense Ministry",
        "the government's Information Committee") is the dateline country's."""
        if claimant.get("claimant_side"):
            return claimant["claimant_side"]
        return _dateline_country(doc) if _official(claimant) else ""

    def _adjective_for(self, doc: Doc, country: str, written: str = "") -> str:
        """The adjective a reader expects for a side: news style first, then as written."""
        demonym = self.mentions_of(doc).demonym_of.get(country)
        code = demonym["country_code"] if demonym is not None else ""
        preferred = preferred_adjectives().get(code) or _preferred_by_name(country)
        if preferred:
            return preferred
        if written:
            return written
        if demonym is not None:
            return singular_demonym(demonym["text"])
        return _first_demonym(country) or country


# --- the group phrase -----------------------------------------------------------------


def _group(span: Span, counted: Token | None) -> _Group:
    """The counted noun with its left modifiers; through a measure noun to its "of" object
    ("the bodies of 371 terrorists"); the "of" object of a group noun is searched for a side
    only ("429 servicemen of the NKR defence army")."""
    if counted is None:
        return _Group()
    tokens = _with_modifiers(counted, span)
    if _is_measure_noun(counted):
        # "Nepal quake toll", "the Gaza toll": a country's bare name before a measure word
        # places the count; its demonym or possessive ("Armenian losses", "Russia's") owns it.
        tokens = [t for t in tokens if not (t.dep_ == "compound" and t.ent_type_ == "GPE")]
        inner = of_object(counted)
        if inner is not None and not _is_measure_noun(inner):
            inner_tokens = _with_modifiers(inner, span)
            return _Group(tokens + inner_tokens, inner, tokens + inner_tokens)
        return _Group(tokens, None, tokens)
    side_tokens = list(tokens)
    inner = of_object(counted)
    if inner is not None:
        side_tokens += list(inner.subtree)
    return _Group(tokens, counted, side_tokens)


def _noun_past_quote(span: Span) -> Token | None:
    """'"at least three" Americans': the noun past a closing quotation mark."""
    head = span.root.head
    between = span.doc[span.end:head.i] if head.i >= span.end else []
    if span.root.dep_ == "nummod" and head.pos_ in ("NOUN", "PROPN") and len(between) and all(
            t.is_quote for t in between):
        return head
    return None


def _predicate_noun(span: Span) -> Token | None:
    """"five of them are children", "376 were terrorists": the noun a copula says the count
    is."""
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return None
    nouns = [c for c in verb.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")]
    if nouns and (role_for_word(nouns[0].lemma_, nouns[0].lower_) or nouns[0].tag_ == "NNPS"):
        return nouns[0]
    return None


def _risen_noun(span: Span) -> Token | None:
    """"the number of American troops killed rose to 13", "the number of civilians wounded is
    four": the group of a measure whose level the count is."""
    root = span.root
    verb = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("to", "at") else (
        root.head if root.dep_ == "attr" and root.head.lemma_ == "be" else None)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    inner = of_object(subjects[0]) if subjects and _is_measure_noun(subjects[0]) else None
    if inner is not None and (role_for_word(inner.lemma_, inner.lower_) or inner.tag_ == "NNPS"):
        return subjects[0]
    return None


def _noun_split_off(span: Span) -> Token | None:
    """"71 | Azerbaijani Soldiers Killed": a number the parser cut off as a sentence of its own
    (a headline line with no punctuation) counts the noun phrase that follows it."""
    if indexed_tokens(span.doc).sentence(span.root.i) != (span.start, span.end) or (
            span.end >= len(span.doc)):
        return None
    noun = span.doc[span.end]
    while noun.dep_ in ("compound", "amod", "nmod") and noun.head.i > noun.i:
        noun = noun.head
    if noun.pos_ in ("NOUN", "PROPN") and role_for_word(noun.lemma_, noun.lower_):
        return noun
    return None


def _noun_after_more(span: Span) -> Token | None:
    """"25 more soldiers", "nine other militants": the noun past "more" / "other"."""
    head = span.root.head
    if head.pos_ == "ADJ" and head.lower_ in ("more", "other", "additional", "further") and (
            head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i):
        return head.head
    return None


def _with_modifiers(noun: Token, span: Span) -> list[Token]:
    modifiers = [t for t in noun.lefts if t.dep_ in _MODIFIER_DEPS and t.i >= span.end]
    poss = [t for t in noun.lefts if t.dep_ == "poss"]
    first = min([noun.i] + [t.left_edge.i for t in modifiers + poss])
    return [t for t in noun.doc[first:noun.i + 1]
            if not t.is_punct and not span.start <= t.i < span.end]


def _is_measure_noun(noun: Token) -> bool:
    return noun.lemma_.lower() in word_set("measure_nouns") or noun.lower_ in word_set(
        "measure_nouns")


def _elliptic_group(span: Span) -> _Group | None:
    """"four Marines were killed and three wounded", "370 bodies of militants were found and
    nine other captured alive": a bare count takes the group of the clause it is coordinated
    with."""
    token = span.root
    first = token.head if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN") else None
    for ancestor in [token, *list(token.ancestors)[:3]]:
        if first is not None:
            break
        if ancestor.dep_ != "conj" and ancestor.pos_ in ("VERB", "AUX"):
            return None  # "… were killed, while scores were injured": a clause of its own
        if ancestor.dep_ == "conj" and ancestor.head.pos_ in ("VERB", "AUX"):
            subjects = [c for c in ancestor.head.children if c.dep_ in _SUBJECT_DEPS]
            first = subjects[0] if subjects else None
            break
    if first is None or first.i >= token.i or first.pos_ == "NUM":
        return None
    group = _group(first.doc[0:0], first)
    if group.head is None or not (_role(group) or group.head.ent_type_ == "NORP"):
        return None
    group.tokens = [t for t in group.tokens if not _counts(t)]
    group.side_tokens = [t for t in group.side_tokens if not _counts(t)]
    return group


def _continued_group(span: Span) -> _Group | None:
    """"2,783 troops were killed. Another 1,245 are being treated": "another" or "a further"
    with no noun continues the group counted in the sentence before."""
    token, words = span.root, indexed_tokens(span.doc)
    start, _ = words.sentence(token.i)
    if not any(t.lower_ in ("another", "further") for t in token.doc[max(
            start, span.start - 2):span.start]) or start == 0:
        return None
    before = sentence_of(token.doc, words, start - 1)
    for noun in before:
        if noun.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in noun.children):
            group = _group(noun.doc[0:0], noun)
            if group.head is not None and _role(group):
                group.tokens = [t for t in group.tokens if not _counts(t)]
                group.side_tokens = [t for t in group.side_tokens if not _counts(t)]
                return group
    return None


def _included_role(span: Span) -> str:
    """The role of an "including" breakdown hung on a bare count ("207, including three
    civilians")."""
    for prep in span.root.children:
        if prep.lower_ == "including":
            for noun in (c for c in prep.children if c.dep_ == "pobj"):
                return role_for_word(noun.lemma_, noun.lower_)
    return ""


def _counts(token: Token) -> bool:
    """Part of a number ("at least 77"), not of the group it counts."""
    return token.pos_ == "NUM" or token.dep_ == "nummod" or token.head.pos_ == "NUM"


def _role(group: _Group) -> str:
    """The head noun's role, made more specific by a modifier ("peacekeeping troops",
    "civilian casualties"); a job noun ("personnel", "staff") takes the role of the nearest
    modifier that has one ("security personnel", "government service personnel")."""
    head = group.head
    role = role_for_word(head.lemma_, head.lower_) if head is not None else ""
    if head is not None and not role:
        return _listed_role(head)
    if head is not None and modifier_led(head.lemma_, head.lower_):
        return _job_role(group) or role
    for token in group.tokens:
        if head is not None and token.i == head.i:
            continue
        imposed = role_for_modifier(token.lower_)
        if imposed and (not role or (role != imposed and role_contains(role, imposed))):
            role = imposed
    return role


def _job_role(group: _Group) -> str:
    """The role the nearest modifier of a job noun gives: a modifier word ("government",
    "hospital") or two ("civil defence"), or a role noun in compound ("security force
    members", "police staff")."""
    before = [t for t in group.tokens if t.i < group.head.i]
    for at in range(len(before) - 1, -1, -1):
        token = before[at]
        pair = f"{before[at - 1].lower_} {token.lower_}" if at else ""
        found = (role_for_modifier(pair) if pair else "") or role_for_modifier(
            token.lower_) or role_for_word(token.lemma_, token.lower_)
        if found:
            return found
    return ""


def _listed_role(head: Token) -> str:
    """"30 civilians were killed – seven Yazidis, nine Christians …": the items of a list in
    apposition to a group are that group's (the Yazidis counted are civilians)."""
    first = head
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head
    if first.dep_ != "appos" or first.head.pos_ not in ("NOUN", "PROPN"):
        return ""
    return role_for_word(first.head.lemma_, first.head.lower_)


def _noun_label(head: Token | None, measure: str) -> str:
    """The counted noun as a reader would name the group, when it is not a measure word."""
    if head is None or _is_measure_noun(head) or head.ent_type_ in ("NORP",):
        return ""
    if measure in _EQUIPMENT or role_for_word(head.lemma_, head.lower_):
        return head.lower_
    return head.text if head.tag_ == "NNPS" else ""  # a people's name: "Rohingyas"


def _named_people(doc: Doc, head: Token | None, span: Span) -> tuple[str, str]:
    """"seven Rohingyas", "16 Rakhine Buddhists", "6,700 Rohingya": a counted capitalised
    noun that names no role and no mapped place is a people's name (an ethnic or religious
    group), whatever tag the model gave it (a person is never counted above one: "one of
    the wounded, 28-year-old X" is a person). It is their side,
    in the singular ("Rohingya"), so every article's figure for them lands in one group.
    Capitalised compounds before it ("Rakhine") stay in the subject a reader sees."""
    if head is None or span.text.lower() in ("one", "1") or not _peoples_name(doc, head):
        return "", ""
    name = singular_demonym(head.text)
    before = [t.text for t in head.lefts if t.dep_ == "compound" and t.text[:1].isupper()]
    return name, " ".join([*before, name])


def _peoples_name(doc: Doc, token: Token) -> bool:
    if token.tag_ not in ("NNP", "NNPS") or not token.is_alpha or token.is_upper or (
            token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")):
        return False
    sentence = sentence_of(doc, indexed_tokens(doc), token.i)
    if not token.text[:1].isupper() or token.i == sentence.start or _title_case(sentence):
        return False
    if role_for_word(token.lemma_, token.lower_) or _is_measure_noun(token):
        return False
    return not any(e["start"] <= token.idx < e["end"] and (
        e["label"] == "country" or e["canonical_id"].startswith("geonames:"))
        for e in doc._.cl_entities or [])


def _title_case(sentence: Span) -> bool:
    """A headline ("Quake Toll Tops 7,500"): most longer words capitalised."""
    words = [t.text for t in sentence if t.is_alpha and len(t) > 3]
    return bool(words) and sum(w[:1].isupper() for w in words) >= 0.75 * len(words)


# --- the frame around the count -------------------------------------------------------


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above the token, not crossing a clause boundary."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current is not token:
            return current
        if current.dep_ == "ROOT" or current.head is current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def _frame_verb(counted: Token | None, span: Span) -> Token | None:
    """The verb a count is the subject or object of; "soldiers killed in battles" takes the
    participle that modifies the counted noun."""
    if counted is not None:
        if counted.dep_ in ("nsubj", "nsubjpass", "dobj") and counted.head.pos_ in ("VERB", "AUX"):
            return counted.head
        participles = _participles(counted)
        if participles:
            return participles[0]
    return _governing_verb(counted if counted is not None else span.root)


def _participles(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]


def _owner_phrase(verb: Token) -> Token | None:
    """Who has the counted people: the active subject, or the "by" agent of a passive."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _enemy_phrase(verb: Token) -> Token | None:
    """Who inflicted the losses: the "by" agent, the active subject of "killed 20 soldiers",
    or the object of "in battles with X"."""
    for child in verb.children:
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by",):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "prep" and child.lower_ in ("in", "during"):
            for fight in (c for c in child.children if c.dep_ == "pobj"):
                for prep in fight.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "against"):
                        objects = [c for c in prep.children if c.dep_ == "pobj"]
                        if objects:
                            return objects[0]
    return None


def _target_prep_words(doc: Doc) -> list[int]:
    """The prepositions :func:`_is_target_prep` can accept, found once per doc."""
    return token_indices(doc, _TARGET_PREPS, lambda t: [
        i for i in t.where(t.lower, _TARGET_PREP_WORDS) if t.dep[i] == "prep"])


def _is_target_prep(prep: Token) -> bool:
    """"attacks by X forces on the Y city", "the strike against Y", "the shelling of Y": a
    preposition naming what an attack hit (an attack word up to two phrases above it)."""
    if prep.dep_ != "prep":
        return False
    word = prep.lower_
    heads = [prep.head]
    while len(heads) < 4 and heads[-1].dep_ in ("pobj", "prep") and heads[-1].head is not heads[-1]:
        heads.append(heads[-1].head)
    if word in ("on", "against"):
        return any(h.lemma_.lower() in word_set("attack_words") for h in heads)
    return word == "of" and prep.head.lemma_.lower() in word_set("target_of_words")


def _sided_places(lookup: SideLookup, doc: Doc) -> dict[str, str]:
    """Places the article names as a side's: "the X city of Ganja" (a demonym or country on
    the place noun whose "of" object the place is), "Ganja, the second largest city of X" (an
    apposition naming the country)."""
    cached = doc.user_data.get("cl_sided_places")
    if cached is not None:
        return cached
    found: dict[str, str] = {}
    for entity in lookup.mentions_of(doc).entities:
        if entity["label"] != "place":
            continue
        span = doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None:
            continue
        name = span.root
        owners = [c for c in name.children if c.dep_ == "appos"]
        if name.dep_ == "pobj" and name.head.lower_ == "of" and name.head.head.lemma_.lower() in (
                word_set("place_nouns")):
            owners.append(name.head.head)
        for owner in owners:
            tokens = list(owner.subtree) if owner.dep_ == "appos" else list(owner.lefts) + [owner]
            tokens = [t for t in tokens if t.i < name.i or owner.dep_ == "appos"]
            if tokens:
                side, _ = lookup._side_between(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
                if side:
                    found.setdefault(entity["canonical"], side)
                    break
    doc.user_data["cl_sided_places"] = found
    return found


def _official(claimant: dict) -> bool:
    return claimant.get("claimant_kind") in ("organisation", "government", "side")


_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
                       r"(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?)[ \t]*"
                       r"(?:\([^)\n]{1,40}\)[ \t]*)?(?:--|—|–|:)[ \t]", re.M)


def _dateline_country(doc: Doc) -> str:
    """The country of a dateline opening a paragraph ("BAKU, Azerbaijan --", "Yangon:")."""
    cached = doc.user_data.get("cl_dateline_country")
    if cached is not None:
        return cached
    found = ""
    for match in _DATELINE.finditer(doc_text(doc)[:4000]):
        start, end = match.span("place")
        codes = [e["country_code"] for e in doc._.cl_entities or []
                 if start <= e["start"] < end and e["label"] in ("place", "country")
                 and e.get("country_code")]
        if codes:
            found = country_name(codes[-1]) or ""
            break
    doc.user_data["cl_dateline_country"] = found
    return found


def _other_party(doc: Doc, side: str) -> str:
    """The other of an article's two main sides (the two most named, each at least twice)."""
    if not side:
        return ""
    counts = Counter(d["country"] for d in doc._.cl_demonyms or [])
    counts.update(e["canonical"] for e in doc._.cl_entities or [] if e["label"] == "country")
    top = [name for name, n in counts.most_common(2) if n >= 2]
    if len(top) == 2 and side in top:
        return top[1] if top[0] == side else top[0]
    return ""


def _in_subject(token: Token) -> bool:
    """Whether the token belongs to a clause subject (climbing through its noun phrase)."""
    current = token
    for _ in range(4):
        if current.dep_ in _SUBJECT_DEPS:
            return True
        if current.dep_ not in ("amod", "compound", "poss", "nmod", "det", "case", "flat"):
            return False
        current = current.head
    return False


# --- a place instead of a side ----------------------------------------------------------


def _place(doc: Doc, span: Span, counted: Token | None) -> str:
    """"1,053 people killed in the Kathmandu Valley", "the Valley, where 1,441 have died",
    "12 hikers died at the summit base camp": the place that delimits a group."""
    anchors = [span.root] + ([counted] + _participles(counted) if counted is not None else [])
    verb = _governing_verb(span.root)
    if verb is not None:
        anchors += [verb] + [c for c in verb.children if c.dep_ == "xcomp"]
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
            if _is_place(doc, verb.head):
                return "in " + _phrase_text(doc, verb.head)
        # "3,000 killed and 12,500 injured in Gaza": a place closing the coordination
        for conj in (c for c in verb.conjuncts if c.i > verb.i):
            anchors += [conj] + (_participles(conj) if conj.pos_ in ("NOUN", "PROPN") else [])
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVES:
                found = _place_object(doc, prep, depth=2)
                if found:
                    return found
    return ""


def _place_object(doc: Doc, prep: Token, depth: int) -> str:
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        if prep.lower_ == "on" and any(e["label"] == "country" and e["start"] <= obj.idx < e["end"]
                                       for e in doc._.cl_entities or []):
            continue  # "the attack on Israel": a target, not where the dead were
        if _is_place(doc, obj):
            return f"{prep.lower_} {_phrase_text(doc, obj)}"
        if depth > 1:
            for inner in obj.children:
                if inner.dep_ == "prep" and inner.lower_ in ("in", "at", "on"):
                    found = _place_object(doc, inner, depth - 1)
                    if found:
                        return found
    return ""


def _is_place(doc: Doc, noun: Token) -> bool:
    """A named place, or a place noun ("the central region"), or one a place name modifies
    ("Sindhupal chowk"), but not an event there ("the Kabul airport blast")."""
    if noun.lemma_.lower() in word_set("event_nouns") | word_set("attack_words"):
        return False
    names = [noun] + [c for c in noun.lefts if c.dep_ == "compound"]
    return any(_names_place(doc, token) for token in names)


def _names_place(doc: Doc, noun: Token) -> bool:
    if noun.ent_type_ in _PLACE_LABELS or noun.lemma_.lower() in word_set("place_nouns"):
        return True
    return any(e["start"] <= noun.idx < e["end"] and e["label"] not in ("person", "organisation")
               for e in doc._.cl_entities or [])


def _phrase_text(doc: Doc, noun: Token) -> str:
    """The noun with its left modifiers and conjuncts ("the Kathmandu Valley", "Nepal, India
    and Tibet"), without relative clauses or trailing prepositions."""
    last = noun
    for conj in noun.conjuncts:
        if conj.i > last.i and not any(t.dep_ in ("relcl", "appos") for t in doc[noun.i:conj.i]):
            last = conj
    return doc_text(doc)[noun.left_edge.idx:last.idx + len(last)].split("\n")[-1].strip()


# --- lookups ------------------------------------------------------------------------------


def _party_in(text: str) -> tuple[str, str] | None:
    if not any_word(tuple(parties()), r"(?<![\w-])", r"(?![\w-])").search(text):
        return None  # most texts name no party: one search instead of one per name
    for name, found in parties().items():
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            return found
    return None


@cache
def _preferred_by_name(country: str) -> str:
    code = country_code_for(country)
    return preferred_adjectives().get(code or "", "")


@cache
def _first_demonym(country: str) -> str:
    code = country_code_for(country)
    words = load_lexicon("places")["demonyms"].get(code or "", [])
    return words[0] if words else ""
