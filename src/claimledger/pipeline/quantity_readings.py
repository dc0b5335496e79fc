"""Which measure a number counts, read from the dependency parse and the words around it.

Each reader handles one construction news writers use: a predicate right after the count
("200 killed", "12 dead residents"), the verb governing its noun phrase ("204 soldiers were
killed", "seized 1,713 vehicles", "lost their lives"), a measure noun ("a population of
150,000", "the killing of 500 people"), a toll carried by a noun ("the death toll climbed to
1,230", "the number of wounded nears 70", "official tolls, which total 432"), the group the
people belong to ("among those killed were five children"). When the parse says nothing, the
words after the count are read as written ("105 soldiers were killed"). Word lists live in
``data/measures.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import load_lexicon
from claimledger.numbers import NumberMention
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.syntax import (
    indexed_tokens,
    of_objects,
    sentence_of,
)

_CLIMB_DEPS = {"conj", "appos", "compound", "amod", "nummod", "quantmod", "npadvmod", "nmod"}
_SUBJECTS = ("nsubj", "nsubjpass")
_RELATIVES = {"who", "that", "which", "whom"}


@dataclass
class Reading:
    """What the parse says a number counts."""

    measure: str
    counted: Token | None  # the noun counted ("soldiers"), if any
    cue: Token | None  # the word that gave the measure


@cache
def lexicon() -> dict:
    return load_lexicon("measures")


@cache
def _inverted(table: str) -> dict[str, str]:
    """word → measure for one table of measures.toml (first measure listed wins)."""
    inverted: dict[str, str] = {}
    for measure, words in lexicon()[table].items():
        for word in words:
            inverted.setdefault(word, measure)
    return inverted


@cache
def _words(table: str, key: str = "lemmas") -> frozenset[str]:
    return frozenset(lexicon()[table][key])


def _in_list(token: Token | None, table: str, key: str = "lemmas") -> bool:
    return token is not None and token.lemma_.lower() in _words(table, key)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


# ------------------------------------------------------------------ what is counted


def is_equipment(token: Token | None) -> bool:
    """Weapons and vehicles; "30 types of vehicles", "470 units of equipment" count them too."""
    if token is None:
        return False
    if _in_list(token, "equipment") or token.lower_.rstrip("s") in _words("equipment"):
        return True
    if _in_list(token, "containers"):
        return any(is_equipment(o) for o in _of_objects(token))
    return not _is_thing(token) and any(
        c.dep_ == "compound" and _in_list(c, "equipment") for c in token.children)


def is_person(token: Token | None) -> bool:
    if token is None:
        return False
    return _in_list(token, "people") or token.lower_ in _words("people") or (
        token.ent_type_ == "NORP"
    )


def counts_recovered(counted: Token | None) -> bool:
    """"13 bodies recovered so far", "rescuers pulled 40 bodies from the rubble", "the bodies of
    12 climbers were retrieved": bodies recovered are the part of a toll found so far, not a
    rival toll. Only recovery verbs, not "found" ("370 bodies of militants were found" is a
    side's count of its enemy's dead)."""
    body = counted.head.head if counted is not None and counted.dep_ == "pobj" and (
        counted.head.lower_ == "of") else counted
    if body is None or not _in_list(body, "recovered", "nouns"):
        return False
    verbs = [c for c in body.children if c.dep_ in ("acl", "relcl")]
    if body.dep_ in ("nsubjpass", "dobj", "nsubj"):
        verbs.append(body.head)
    return any(_in_list(verb, "recovered", "verbs") for verb in verbs)


def _is_thing(token: Token | None) -> bool:
    """Buildings, posts, attacks: counted things that are never victims."""
    return token is not None and token.pos_ == "NOUN" and (
        _in_list(token, "things") or token.lower_ in _words("things"))


def _of_objects(noun: Token) -> list[Token]:
    """"types and models of vehicles": the nouns after "of", through conjunctions."""
    return of_objects(noun, through_conjuncts=True)


def _of_object(noun: Token | None) -> Token | None:
    objects = _of_objects(noun) if noun is not None else []
    return objects[0] if objects else None


def counted_noun(anchor: Token, span: Span) -> Token | None:
    """The noun a number counts: "204 soldiers", "hundreds of thousands of people"."""
    head = anchor.head
    while head.dep_ in ("nummod", "compound") and head.pos_ in ("NUM", "PROPN", "X") and (
            head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN")):
        head = head.head  # "six D-20 howitzers", "one S-300 system"
    if anchor.dep_ in ("nummod", "quantmod", "compound", "amod", "advmod") and head.pos_ in (
        "NOUN", "PROPN"
    ) and head.i >= span.end and not any(
            t.is_punct and t.text not in "-–" for t in anchor.doc[span.end:head.i]):
        return head
    return next((o for o in of_objects(anchor) if o.pos_ in ("NOUN", "PROPN")), None)


def _climb(token: Token) -> Token:
    """Up from a number or counted noun to the head of its phrase (through conjunctions)."""
    node = token
    for _ in range(6):
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i and node.head.pos_ not in (
                "VERB", "AUX"):
            node = node.head
        else:
            break
    return node


# ------------------------------------------------------------------ words that name a measure


def noun_measure(noun: Token | None) -> str | None:
    if noun is None:
        return None
    table = _inverted("nouns")
    measure = table.get(_lemma(noun)) or table.get(noun.lower_)
    if measure == "killed" and _lemma(noun) == "life":
        return "killed" if _lemma(noun.head) in ("claim", "take", "cost", "lose") else None
    return measure


def _predicate(token: Token | None) -> str | None:
    return _inverted("predicates").get(token.lower_) if token is not None else None


def group_measure(noun: Token | None) -> str | None:
    """The measure a group names: "the dead", "those killed", "wounded people", "civilians
    wounded", "refugee numbers", "the number of American troops killed"."""
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ in ("acl", "amod", "compound") and (
                measure := _predicate(child) or noun_measure(child)):
            return measure
    if _in_list(noun, "tallies"):
        return noun_measure(noun) or group_measure(_of_object(noun))
    if _in_list(noun, "changes"):  # "a new surge in the refugee numbers"
        objects = [o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("in", "of")
                   for o in p.children if o.dep_ == "pobj"]
        return group_measure(objects[0]) if objects else None
    return noun_measure(noun)


PREVIOUS = "previous"  # the measure of the figure given just before ("put the figure at 500")
# a change's starting figure: the measure of the figure before it, in its own sentence
STARTING = "starting"


def _toll_measure(noun: Token | None) -> str | None:
    """A noun phrase that carries a toll: "the death toll", "the number of wounded"; a bare
    "the figure" or "the estimate" refers back to the figure given before (``PREVIOUS``)."""
    measure = group_measure(noun)
    if measure is None and _in_list(noun, "anaphoric_tallies") and not any(
            o.pos_ != "NUM" for o in _of_objects(noun)):
        return PREVIOUS
    return measure if measure and measure != "personnel" else None


# ------------------------------------------------------------------ readers


@dataclass
class _Probe:
    """Stands in for the counted noun's grammatical role where the parse has no token for it
    (inside a relative clause, an inverted passive, a sentence read as written)."""

    dep_: str


def _predicate_after(doc: Doc, index: int, counted: Token | None) -> list[Reading]:
    """"200 killed", "30,000 dead", "162 civilian dead", "dozens killed and injured"."""
    limit = index + 3
    while index < min(limit, len(doc) - 1) and doc[index].pos_ in ("ADJ", "PROPN", "NOUN") and (
            _predicate(doc[index]) is None):
        index += 1
    if index + 1 < len(doc) and _lemma(doc[index]) == "leave" and _predicate(doc[index + 1]):
        index += 1  # "1,250 people left wounded"
    if index >= len(doc):
        return []
    token = doc[index]
    if any(child.dep_ == "dobj" for child in token.children):
        return []  # "five gunmen killed three guards": a verb with its own object
    measure = _predicate(token)
    if not measure or (index + 1 < len(doc) and doc[index + 1].lower_ in ("by", "that")
                       and measure == "killed"):
        return []
    found = [Reading(measure, counted, token)]
    if index + 2 < len(doc) and doc[index + 1].lower_ in ("and", "&", "or"):
        second = _predicate(doc[index + 2])
        if second and second != measure:
            found.append(Reading(second, counted, doc[index + 2]))
    return found


def _amod_predicate(anchor: Token, counted: Token | None) -> Reading | None:
    """"12 dead residents", "hundreds of injured people": the predicate sits before the noun."""
    for noun in (counted, anchor):
        for child in noun.children if noun is not None else ():
            if child.dep_ in ("amod", "compound") and child.i < noun.i and (
                    measure := _predicate(child)):
                return Reading(measure, counted, child)
    return None


def _leaves_place(verb: Token, sentence_tail: str) -> bool:
    phrases = lexicon()["displacement_context"]["phrases"]
    if any(p in sentence_tail for p in phrases):
        return True
    for child in verb.children:
        if child.dep_ == "dobj" and (child.ent_type_ in ("GPE", "LOC") or _in_list(
                child, "places")):
            return True
        if child.dep_ == "prep" and child.lower_ in ("for", "to", "into", "from", "across"):
            return True
        if child.dep_ == "prt" and child.lower_ in ("out", "away"):
            return True  # "airlifted out", "flown out"
        if child.dep_ in ("xcomp", "advcl") and _inverted("verbs").get(_lemma(child)) == (
                "displaced"):
            return True  # "forced to flee"
    return False


def _to_hospital(verb: Token) -> bool:
    """"taken to hospital", "treated in medical facilities", "admitted to a clinic"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "in", "at", "into"):
            if any(_in_list(o, "hospital") for o in child.children if o.dep_ == "pobj"):
                return True
    return False


def _verb_particle(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{_lemma(verb)} {particles[0]}" if particles else _lemma(verb)


def _verb_object_measure(verb: Token) -> str | None:
    """"lost their lives", "sustained injuries": the verb and its object name the measure."""
    for child in verb.children:
        if child.dep_ == "dobj":
            measure = _inverted("verb_objects").get(f"{_lemma(verb)} {_lemma(child)}")
            if measure:
                return measure
    return None


def _reduced_passive(verb: Token, node: Token) -> bool:
    """"with tens of thousands forced to flee", "30 killed": a bare participle after its
    subject is passive."""
    return node.dep_ == "nsubj" and verb.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _measure_of_verb(verb: Token, node: Token, counted: Token | None, tail: str) -> str | None:
    lemma = _lemma(verb)
    if _reduced_passive(verb, node):
        node = _Probe("nsubjpass")  # type: ignore[assignment]
    if lemma == "return" and any(c.dep_ == "neg" for c in verb.children):
        return "displaced"  # "20,000 villagers still cannot return"
    if node.dep_ == "nsubj" and (object_measure := _verb_object_measure(verb)):
        return object_measure
    if lemma in _words("hospital_verbs") or (lemma in _words("hospital_verbs", "context")
                                             and _to_hospital(verb)):
        return "wounded" if node.dep_ != "nsubj" else None
    if node.dep_ == "nsubj" and lemma not in _words("intransitive"):
        return None  # "five gunmen killed three": the five did the killing
    measure = _inverted("verbs").get(_verb_particle(verb)) or _inverted("verbs").get(lemma)
    if measure is None:
        return None
    if lemma in lexicon()["verbs_needing_context"]["displaced"]:
        return "displaced" if _leaves_place(verb, tail) else None
    if lemma == "lose":
        return "destroyed" if is_equipment(counted) else "killed" if not _is_thing(
            counted) else None
    if measure in ("captured", "seized") and lemma in ("capture", "take", "surrender", "hand",
                                                        "hold"):
        if is_equipment(counted):
            return "seized"
        if lemma == "take" and not any(_in_list(c, "captive_words") for c in verb.children):
            return None  # "took the total to 502,000"; "took 14 people hostage" is captured
        return "captured" if is_person(counted) or counted is None else None
    return measure


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it completes ("is set to pass 60")."""
    for node in (verb, verb.head) if verb.dep_ in ("xcomp", "conj") else (verb,):
        for child in node.children:
            if child.dep_ in _SUBJECTS and child.i != verb.i:
                return child
    return None


def _phrase_before(verb: Token) -> Token | None:
    """The noun phrase written right before a verb the parser left without a subject of its
    own ("police confirmed 20 dead as a surge in refugee numbers took the total to …": the
    surge, parsed as the object of "as"): the highest noun of the phrase ending there."""
    if verb.i == 0 or verb.doc[verb.i - 1].pos_ not in ("NOUN", "PROPN", "VERB"):
        return None
    node, best = verb.doc[verb.i - 1], None
    for _ in range(8):
        if node.pos_ in ("NOUN", "PROPN"):
            best = node
        head = node.head
        if head.i == node.i or head.i >= verb.i or head.pos_ == "AUX" or (
                head.pos_ == "VERB" and node.dep_ not in ("dobj", "pobj")):
            break
        node = head
    return best


def _level_noun_measure(verb: Token, node: Token) -> Reading | None:
    """"the death toll rose to 213", "casualties stand at 40", "official tolls, which total
    432": the subject (or the noun a relative clause hangs on) names the measure."""
    if _lemma(verb) not in _words("level_verbs") or node.dep_ == "nsubj":
        return None  # "one official put the toll at 50": the one is not the toll
    candidates = [c for c in verb.children if c.dep_ in _SUBJECTS + ("dobj",) and c is not node]
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        candidates.append(verb.head)
    subject = _subject_of(verb)
    if subject is not None:
        candidates.append(subject)
    if verb.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in verb.children) and (
            before := _phrase_before(verb)) is not None:
        candidates.append(before)
    for noun in candidates:
        if noun.i == node.i or noun.lower_ in _RELATIVES:
            continue
        measure = _toll_measure(noun)
        if measure:
            return Reading(measure, None, noun)
    return None


def _governing_noun(node: Token) -> Token | None:
    """For "a population of 150,000" the number hangs under "of" under "population"."""
    noun_head = node.head.head.pos_ in ("NOUN", "PROPN")
    if node.dep_ == "pobj" and node.head.dep_ == "prep" and noun_head and (
            node.head.lower_ in _words("governing_prepositions", "words")):
        return node.head.head
    return None


def _list_predicate(counted: Token | None) -> Reading | None:
    """"170 servicemen, 14 police officers and 228 civilians killed": one predicate for a list."""
    if counted is None:
        return None
    first = counted
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members = [first] + [t for t in first.subtree if t.dep_ == "conj" and t.pos_ == "NOUN"]
    for member in members:
        for child in member.children:
            if child.dep_ in ("acl", "amod") and child.i > counted.i:
                measure = _predicate(child)
                if measure:
                    return Reading(measure, counted, child)
    return None


def _among_measure(counted: Token | None, verb: Token | None) -> Reading | None:
    """"228 civilians among its dead", "among those killed were five children": the group
    the counted people belong to names the measure."""
    for token in (counted, counted.head if counted is not None else None, verb):
        if token is None:
            continue
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "among":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                measure = group_measure(objects[0]) if objects else None
                if measure and measure not in ("personnel", "population"):
                    return Reading(measure, counted, objects[0])
    return None


def _noun_before_of(doc: Doc, first: int) -> Token | None:
    """"a population of nearly 150,000, …": read the words, since the parse may go astray."""
    index = first - 1
    while index > 0 and doc[index].dep_ in ("advmod", "quantmod") and doc[index].lower_ != "of":
        index -= 1
    if index > 0 and doc[index].lower_ == "of" and doc[index - 1].pos_ in ("NOUN", "PROPN"):
        return doc[index - 1]
    return None


def _relative_clause(counted: Token | None, tail: str) -> Reading | None:
    """"19 people who died", "70 vehicles that it disabled": the clause on the counted noun."""
    if counted is None:
        return None
    for verb in [c for c in counted.children if c.dep_ in ("relcl", "acl")] + _object_clauses(
            counted):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects and not any(s.lower_ in _RELATIVES for s in subjects):
            if subjects[0].dep_ != "nsubj" or any(
                    c.dep_ == "dobj" and c.lower_ not in _RELATIVES for c in verb.children):
                continue  # "brothers, one of whom was killed": the clause counts someone else
            role = "dobj"  # "vehicles that it disabled": the counted noun is the object
        elif subjects:
            role = subjects[0].dep_  # "people who died", "people who were killed"
        else:
            role = "nsubjpass" if verb.tag_ == "VBN" else "nsubj"  # "people killed in …"
        measure = _measure_of_verb(verb, _Probe(role), counted, tail)  # type: ignore[arg-type]
        if measure:
            return Reading(measure, counted, verb)
    return None


def _object_clauses(counted: Token) -> list[Token]:
    """"left behind 70 vehicles -- which cost … -- that it disabled": after an aside the parser
    hangs the object relative clause elsewhere (on the main verb or its subject) as a "that"
    clause with a subject and no object of its own. Written right after the counted noun's
    phrase, it still describes that noun."""
    while counted.dep_ in ("nmod", "compound") and counted.head.pos_ in ("NOUN", "PROPN"):
        counted = counted.head  # "70 MRAP armored vehicles": the phrase's head
    if counted.dep_ != "dobj":
        return []
    doc, index = counted.doc, counted.right_edge.i + 1
    while index < len(doc) and doc[index].is_punct:
        index += 1
    if index >= len(doc) or doc[index].lower_ != "that" or doc[index].dep_ not in (
            "mark", "dobj"):
        return []
    verb = doc[index].head
    if verb.i == counted.i or not any(m.dep_ in _SUBJECTS for m in verb.children) or any(
            m.dep_ in ("dobj", "ccomp", "xcomp") and m.i != index for m in verb.children):
        return []
    return [verb]


def _verbless_toll(anchor: Token) -> Reading | None:
    """"Nepal death toll above 4,500", "Death toll: 57": a toll noun with its figure, no verb."""
    node = anchor
    for _ in range(3):
        if node.dep_ not in ("pobj", "prep", "appos", "nummod", "quantmod", "npadvmod", "attr",
                             "dobj") or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return None
        if node.pos_ in ("NOUN", "PROPN") and _in_list(node, "toll_nouns"):
            measure = _toll_measure(node)
            return Reading(measure, None, node) if measure else None
    return None


def _toll_before(doc: Doc, span: Span) -> Reading | None:
    """Headlines the parser cannot read: "Quake Toll Tops 7,500", "toll in the province more
    than doubles to 34": a toll noun, a level verb, then the figure, read as written."""
    start, _ = indexed_tokens(doc).sentence(span.root.i)
    index = span.start - 1
    while index >= max(start, span.start - 4) and _lemma(doc[index]) not in _words(
            "level_verbs") and not doc[index].is_punct:
        index -= 1
    if index < start or _lemma(doc[index]) not in _words("level_verbs") or doc[index].is_punct:
        return None
    for token in reversed(doc[max(start, index - 6):index]):
        if token.is_punct or (token.pos_ == "VERB" and token.i != index):
            return None
        if _in_list(token, "toll_nouns") and (measure := _toll_measure(token)):
            return Reading(measure, None, token)
    return None


def _copula_verb(node: Token) -> Token | None:
    """The verb a number's phrase depends on: "Also destroyed were six howitzers" (an inverted
    passive), "raised the toll from 31 to 204" (through prepositions), "toll nears 70" (a
    level verb the tagger took for a noun)."""
    head = node.head
    if node.dep_ == "attr" and head.dep_ == "auxpass" and head.head.pos_ == "VERB":
        return head.head
    if head.pos_ in ("VERB", "AUX") or (
            head.pos_ == "NOUN" and _lemma(head) in _words("level_verbs")
            and node.dep_ in ("dobj", "npadvmod") and head.i < node.i):
        return head
    step = node
    for _ in range(3):
        if step.dep_ not in ("pobj", "prep", "agent") or step.head.i == step.i:
            return None
        step = step.head
        if step.pos_ in ("VERB", "AUX"):
            return step
    return None


def _verb_reading(verb: Token, node: Token, counted: Token | None, tail: str
                  ) -> Reading | None:
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "attr") and child.i != node.i and (
                measure := _predicate(child) or (
                    noun_measure(child) if _lemma(verb) == "become" else None)):
            return Reading(measure, counted, child)
    level = _level_noun_measure(verb, node)
    if level:
        return Reading(level.measure, counted, level.cue)
    probe = node
    if node.dep_ == "attr" and verb.i != node.head.i:
        probe = _Probe("nsubjpass")  # type: ignore[assignment]
    measure = _measure_of_verb(verb, probe, counted, tail)  # type: ignore[arg-type]
    return Reading(measure, counted, verb) if measure else None


def _skip_aside(doc: Doc, index: int) -> int:
    """", including four women," between a figure and its verb: skip to after the aside."""
    if index + 1 < len(doc) and doc[index].text == "," and doc[index + 1].lower_ in _words(
            "breakdown", "heads"):
        for end in range(index + 2, min(index + 12, len(doc))):
            if doc[end].text == ",":
                return end + 1
    return index


def _by_words(doc: Doc, span: Span, counted: Token | None, tail: str) -> Reading | None:
    """When the parse fails: "105 Armenian soldiers were killed", "100 are still missing",
    "nine people, including four women, were killed" read as written: the noun phrase, an
    aside, auxiliaries and adverbs, then the predicate."""
    index, noun, limit = span.end, counted, min(len(doc), span.end + 24)
    while index < min(limit, span.end + 6) and (doc[index].pos_ in (
            "ADJ", "NOUN", "PROPN", "NUM") or doc[index].lower_ == "of") and (
            "\n" not in doc[index].text):
        noun = doc[index] if doc[index].pos_ in ("NOUN", "PROPN") else noun
        index += 1
    index = _skip_aside(doc, index)
    auxiliaries = 0
    while index < limit and (doc[index].pos_ in ("AUX", "PART") or doc[index].lower_ in
                             _words("linear_adverbs", "words")):
        auxiliaries += doc[index].pos_ == "AUX"
        index += 1
    if index >= limit or not auxiliaries:
        return None
    token = doc[index]
    if measure := _predicate(token):
        return Reading(measure, noun, token)
    if token.tag_ == "VBN" and (measure := _measure_of_verb(
            token, _Probe("nsubjpass"), noun, tail)):  # type: ignore[arg-type]
        return Reading(measure, noun, token)
    return None


def reading_from_parse(anchor: Token, span: Span, counted: Token | None) -> list[Reading]:
    """Every measure the number counts (usually one; "dozens killed and injured" gives two)."""
    doc = anchor.doc
    text = doc_text(doc)
    sentence = sentence_of(doc, indexed_tokens(doc), anchor.i)
    tail = text[span.end_char:sentence.end_char].lower()
    after = _predicate_after(doc, (counted.i + 1) if counted is not None and counted.i >= span.end
                             else span.end, counted)
    if after:
        return after
    if text[span.end_char:span.end_char + 10].lstrip(" -").startswith("strong"):
        strong = next((t for t in doc[span.end:span.end + 3] if t.lower_ == "strong"), None)
        noun = strong.head if strong is not None and strong.head.pos_ in ("NOUN", "PROPN") else None
        return [Reading("personnel", noun or counted, strong)]
    if _is_increment(doc, span):
        return []
    for reading in _parse_readings(anchor, span, counted, tail):
        if reading is not None and plausible(reading):
            return [reading]
    reading = _by_words(doc, span, counted, tail)
    return [reading] if reading is not None and plausible(reading) else []


def adds_to_total(anchor: Token) -> bool:
    """"About 12,500 were evacuated on Thursday, raising the total to 105,000": the figure is
    the day's addition to a total its sentence states after it (a participle of a level verb
    whose object is a tally, with "to" and a number), not a count of its own. The words after
    the figure are read from the token table: a Token is built only for a participle."""
    doc, verbs, words = anchor.doc, _words("adds_to_total", "verbs"), indexed_tokens(anchor.doc)
    _, end = words.sentence(anchor.i)
    for i in words.where(words.lemma, verbs, anchor.i + 1, end):
        if words.tag[i] != "VBG":
            continue
        verb = doc[i]
        if anchor.i in {t.i for t in verb.subtree}:
            continue
        tallies = [c for c in verb.children if c.dep_ == "dobj" and (_in_list(c, "tallies") or any(
            m.dep_ in ("amod", "compound") and _in_list(m, "tallies") for m in c.children))]
        targets = [t for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "to"
                   for t in c.subtree if t.like_num]
        if tallies and targets:
            return True
    return False


def _is_increment(doc: Doc, span: Span) -> bool:
    """"rose by 12 to 57": the 12 is the change, not a toll."""
    return span.start > 0 and doc[span.start - 1].lower_ == "by" and any(
        t.lower_ == "to" for t in doc[span.end:span.end + 2])


def _starting_level(anchor: Token, counted: Token | None) -> Reading | None:
    """"45 remain unaccounted for, down from the 700 estimated last week", "up from 62 a day
    earlier", "compared with 19,600": the figure a change started from counts what the figure
    before it in its sentence counts (``STARTING``)."""
    node = _climb(counted if counted is not None else anchor)
    prep = node.head
    if node.dep_ == "pobj" and prep.lower_ in _words("change_origin", "prepositions") and (
            prep.head.lower_ in _words("change_origin", "heads")):
        return Reading(STARTING, counted, prep)
    return None


def starts_change(text: str, mention: NumberMention) -> bool:
    """"rose to 34 from 16", "raised the toll from 64 to 2,975", "down from 700": "from" right
    before the number (``[change_origin]`` words) tells the level a change started from, as
    ``_starting_level`` reads it from the parse ("compared with 19,600"); a range is not."""
    if mention.qualifier == "range":
        return False
    lead = text[mention.start:mention.number_start]
    before = text[max(0, mention.start - 24):mention.start]
    return any(_origin_words().search(" " + words) for words in (lead, before))


@cache
def _origin_words() -> re.Pattern[str]:
    words = sorted(_words("change_origin", "before"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\s+$", re.I)


def _parse_readings(anchor: Token, span: Span, counted: Token | None, tail: str
                    ) -> Iterator[Reading | None]:
    """Candidate readings, most specific first; the first plausible one wins."""
    doc = anchor.doc
    yield _starting_level(anchor, counted)
    yield _list_predicate(counted)
    below = counted is not None and counted.i > anchor.i and counted.head.head == anchor
    node = _climb(anchor if counted is None or below else counted)
    verb = _copula_verb(node)
    yield _among_measure(counted, verb)
    yield _relative_clause(counted, tail)
    governor = _governing_noun(node) or _noun_before_of(doc, span.start)
    if governor is not None and _in_list(governor, "partitives"):
        measure = noun_measure(counted)
        if measure and measure not in ("personnel", "population"):
            yield Reading(measure, counted, counted)
        node = _climb(governor)
        verb = _copula_verb(node)
    elif governor is not None:
        measure = _toll_measure(governor) if _in_list(governor, "tallies") else noun_measure(
            governor)
        yield Reading(measure, counted, governor) if measure else None
    yield _amod_predicate(anchor, counted)
    if verb is not None:
        yield _verb_reading(verb, node, counted, tail)
    yield _verbless_toll(anchor)
    yield _toll_before(doc, span)
    measure = noun_measure(counted)
    if measure in ("personnel", "population") and (
            _breakdown_cue(anchor, span, counted) or _listed_with_people(counted)):
        return  # "including 42 servicemen": a share of a figure given before
    if measure == "personnel" and verb is not None and node.dep_ != "nsubj" and (
            _lemma(verb) not in _words("personnel_verbs")):
        return  # "Georgia lists 170 servicemen": a count of soldiers, but of what?
    yield Reading(measure, counted, counted) if measure else None


def _listed_with_people(counted: Token) -> bool:
    """"12 civilians and 42 servicemen": a list of groups shares one figure's frame; in a list
    of things ("the weapons, the vehicles and 5,000 troops") the troops are counted in their own
    right."""
    if counted.dep_ not in ("conj", "appos"):
        return False
    return not any(is_equipment(counted.doc[i]) for i in _chain(counted) if i != counted.i)


def plausible(reading: Reading) -> bool:
    """Equipment is destroyed or seized; people are killed, wounded, displaced …"""
    counted = reading.counted
    if reading.measure in ("destroyed", "seized"):
        return is_equipment(counted)
    if reading.measure in ("killed", "wounded", "missing", "captured", "displaced", "population",
                           "personnel"):
        return not is_equipment(counted) and not _is_thing(counted)
    return True


# ------------------------------------------------------------------ breakdowns of a figure


def of_group_reading(anchor: Token, counted: Token | None) -> Reading | None:
    """"ten of those killed", "three of the dead": the group after "of" names the measure."""
    for group in of_objects(anchor):
        measure = group_measure(group)
        if measure and measure not in ("personnel", "population"):
            return Reading(measure, counted, group)
    return None


def _chain(token: Token) -> set[int]:
    """Token indices joined to ``token`` by conjunction or apposition (a list of figures)."""
    node, seen = token, {token.i}
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
        seen.add(node.i)
    seen |= {t.i for t in node.subtree if t.dep_ in ("conj", "appos") and (
        t.head.i in seen or t.head.dep_ in ("conj", "appos"))}
    return seen


def _breakdown_cue(anchor: Token, span: Span, counted: Token | None) -> str | None:
    """"including four women", "of which 16 were women", "five of them are children",
    "40 were soldiers": the number splits a figure given just before. Returns the cue."""
    doc = anchor.doc
    node = anchor
    for _ in range(4):
        if node.lower_ in _words("breakdown", "heads") and node.i < anchor.i:
            return "including"
        if node.head.i == node.i:
            break
        node = node.head
    start, _ = indexed_tokens(doc).sentence(span.root.i)
    near = " ".join(t.lower_ for t in doc[max(start, span.start - 2):span.start])
    after = " ".join(t.lower_ for t in doc[span.end:span.end + 2])
    clause = _clause_verb(anchor)
    if any(near.endswith(p) or after.startswith(p) for p in lexicon()["breakdown"]["partitives"]):
        return "partitive" if clause is None or _lemma(clause) == "be" else None
    if clause is not None and _lemma(clause) == "be":
        if anchor.dep_ == "nsubj" and counted is None and any(
                c.dep_ == "attr" and is_person(c) for c in clause.children):
            return "copula"  # "16 were women"
        if counted is not None and counted.dep_ == "attr" and any(
                c.dep_ == "nsubj" and c.pos_ == "NUM" for c in clause.children):
            return "copula"  # "the rest were six children"
    return None


def _clause_verb(token: Token) -> Token | None:
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _figure_tokens(token: Token, reading: Reading) -> set[int]:
    """The tokens a later figure in the same list can be joined to: the number, its noun,
    and the noun it is said to be ("16 were women" → women)."""
    found = {token.i} | ({reading.counted.i} if reading.counted is not None else set())
    if token.dep_ == "nsubj" and _lemma(token.head) == "be":
        found |= {c.i for c in token.head.children if c.dep_ == "attr"}
    return found


def previous_measure(anchor: Token, earlier: list[tuple[Token, Reading]],
                     sentences: int = 2) -> str | None:
    """The measure of the last figure read, if it is in this sentence or the ``sentences``
    before."""
    if not earlier:
        return None
    token, reading = earlier[-1]
    starts = sum(1 for t in anchor.doc[token.i + 1:anchor.i + 1] if t.is_sent_start)
    return reading.measure if starts <= sentences else None


def inherited_reading(anchor: Token, span: Span, counted: Token | None,
                      earlier: list[tuple[Token, Reading]]) -> Reading | None:
    """A figure that splits or lists another takes its measure: "nine people, including four
    women, were killed"; "34 were injured, of which 16 were women and six children"."""
    if not earlier:
        return None
    own = _chain(counted or anchor) | _chain(anchor)
    words = indexed_tokens(anchor.doc)
    start, end = words.sentence(anchor.i)
    for token, reading in reversed(earlier):
        if start <= token.i < end and own & _figure_tokens(token, reading):
            return Reading(reading.measure, counted, reading.cue)
    cue = _breakdown_cue(anchor, span, counted)
    if cue is None:
        return None
    before = words.sentence(start - 1) if start > 0 else None
    for token, reading in reversed(earlier):
        same = start <= token.i < end
        previous = before is not None and before[0] <= token.i < before[1]
        if same or (previous and cue != "including"):
            return Reading(reading.measure, counted, reading.cue)
    return None
