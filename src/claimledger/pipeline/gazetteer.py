"""Gazetteer component (v1): places, countries, demonyms, people and organisations.

Places, countries and demonyms come from the GeoNames index in :mod:`.places`; person
titles from ``data/places.toml``. Ambiguous names are settled by the article itself: a
candidate whose country the article mentions wins, then the larger population. The small
model's labels are corrected in ``doc.ents`` (a known place tagged PERSON becomes GPE).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimledger.entities import (
    byline_name,
    edit_distance,
    person_canonical,
    person_titles,
    slugify,
    strip_possessive,
)
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import doc_text
from claimledger.pipeline.places import (
    Place,
    country_code_for,
    country_name,
    demonym_table,
    name_key,
    place_index,
    spelling_key,
)
from claimledger.pipeline.ranges import Ranges
from claimledger.pipeline.token_table import TokenTable, doc_tokens

SMALL_CITY = 100_000  # below this a city needs its country in the article or a GPE/LOC tag
MAX_NGRAM = 4
PLACE_LABELS = frozenset({"GPE", "LOC"})
_I, _B = 1, 3  # the IOB codes of a token inside and at the beginning of an entity
KEEP_LARGER_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT",
                                "GPE", "LOC"})
CONNECTORS = frozenset({"of", "and", "de", "la", "del", "al", "el", "upon", "on", "the",
                        "du", "des", "di", "da", "y", "an", "am", "im"})


@cache
def _time_words() -> frozenset[str]:
    names = [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name,
             *calendar.day_abbr, "Sept"]
    return frozenset(n.casefold() for n in names)


# --- the component -----------------------------------------------------------------------


@dataclass
class Mention:
    """A resolved entity over tokens [start, end); ``char_end`` trims a fused possessive."""

    start: int
    end: int
    label: str
    canonical: str
    canonical_id: str
    country_code: str = ""
    ent_label: str = ""

    def as_dict(self, context: _DocContext) -> dict:
        start_char = context.starts[self.start]
        text = strip_possessive(context.text_of(self.start, self.end))
        return {"start": start_char, "end": start_char + len(text), "text": text,
                "label": self.label, "canonical": self.canonical,
                "canonical_id": self.canonical_id, "country_code": self.country_code}


class Gazetteer:
    """Writes ``doc._.cl_entities`` and ``doc._.cl_demonyms``; fixes ``doc.ents`` labels."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.index = place_index()
        lexicon = load_lexicon("places")
        self.not_places = frozenset(w.casefold() for w in lexicon["not_places"])
        self.cues_after = frozenset(lexicon["place_cues_after"])
        self.cues_before = tuple(c.split() for c in lexicon["place_cues_before"])
        self.cue_ends = frozenset(cue[-1] for cue in self.cues_before)  # "of" for "city of"
        self.titles = frozenset(t.casefold() for t in person_titles())
        self.stop_words = nlp.Defaults.stop_words

    def __call__(self, doc: Doc) -> Doc:
        context = _DocContext(doc, self)
        places = PlaceFinder(context).find()
        context.claim(places)
        demonyms = context.demonym_mentions()
        people = PersonFinder(context).find()
        context.claim(people)
        organisations = context.organisations()
        mentions = sorted(places + people + organisations, key=lambda m: (m.start, -m.end))
        doc._.cl_entities = [m.as_dict(context) for m in mentions]
        doc._.cl_demonyms = [context.demonym_dict(s, e, code) for s, e, code in demonyms]
        # what ``doc.ents = ...`` does with Spans, without building each Span again
        doc.set_ents(_corrected_ents(context, places + people, demonyms))
        return doc


class _DocContext:
    """What the finders share about one doc: units, NER labels, lowercase words, claims."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.tokens = tokens = doc_tokens(doc)  # doc[i] builds a Token each time
        self.words, self.starts, self.lower = tokens.text, tokens.idx, tokens.lower
        self.text = doc_text(doc)
        self.units = _word_units(tokens.text, tokens.space)
        self.vocabulary = set(self.words)  # each distinct word judged once, not per token
        self.capitalised_words = frozenset(filter(_capitalised, self.vocabulary))
        self.lower_words = {w for w in self.vocabulary if w.islower()}
        self.ents = doc.ents  # the model's, until __call__ corrects them; built once
        # their token ranges and labels, and each token's IOB code and entity type, read
        # once: the finders ask for them per candidate, and a Span or Token is built per ask
        self.ent_spans = [(ent.start, ent.end, ent.label_) for ent in self.ents]
        self.ent_iob, self.ent_types = doc.to_array([ENT_IOB, ENT_TYPE]).T.tolist()
        # the StringStore decodes a new string at each look-up: each label's name read once
        self.ent_type_names = {key: doc.vocab.strings[key] for key in set(self.ent_types)}
        self.ent_labels = _ent_labels(self.ent_spans, tokens)
        self.claimed = [False] * len(doc)
        self.demonyms = _find_demonyms(self.text, self.words, self.starts)

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``, sliced from the text instead of joining Token objects."""
        return self.text[self.starts[start]:self.starts[end - 1] + len(self.words[end - 1])] \
            if start < end else ""

    def claim(self, mentions: list[Mention]) -> None:
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.claimed[i] = True

    def is_free(self, start: int, end: int) -> bool:
        return not any(self.claimed[start:end])

    def label_of(self, start: int, end: int) -> str:
        return self.ent_labels.get((start, end), "")

    def ent_type(self, i: int) -> str:
        """``doc[i].ent_type_``: the model's label of the entity token ``i`` is in, or ""."""
        return self.ent_type_names[self.ent_types[i]]

    def is_common_word(self, text: str) -> bool:
        """Stop words, titles, months, weekdays, and words the article also writes lowercase."""
        key = strip_possessive(text).casefold()
        return (key in self.gaz.stop_words or key in self.gaz.titles or key in _time_words()
                or key in self.gaz.not_places or key in self.lower_words
                or strip_possessive(text) in demonym_table())

    def demonym_mentions(self) -> list[tuple[int, int, str]]:
        return [d for d in self.demonyms if self.is_free(d[0], d[1])]

    def demonym_dict(self, start: int, end: int, code: str) -> dict:
        start_char, text = self.starts[start], self.text_of(start, end)
        return {"start": start_char, "end": start_char + len(text), "text": text,
                "country": country_name(code) or code, "country_code": code}

    def organisations(self) -> list[Mention]:
        found = []
        for start, end, label in self.ent_spans:
            if label == "ORG":
                mention = self._organisation(start, end)
                if mention:
                    found.append(mention)
        return found

    def _organisation(self, ent_start: int, ent_end: int) -> Mention | None:
        """The ORG span without "the", a possessive, or a trailing name found to be someone
        or somewhere else ("Security Council of Armenia Armen Grigoryan")."""
        words = self.words
        start, end = ent_start + (1 if self.lower[ent_start] == "the" else 0), ent_end
        while end > start and (self.claimed[end - 1] or not words[end - 1].isalpha()
                               or words[end - 1] in CONNECTORS):
            end -= 1
        text = strip_possessive(self.text_of(start, end))
        trimmed_to_one = end < ent_end and end - start == 1
        if (start == end or not text[:1].isupper() or "\n" in text or ent_end - ent_start > 8
                or text in demonym_table() or trimmed_to_one):
            return None
        return Mention(start, end, "organisation", text, f"organisation:{slugify(text)}")


@dataclass(frozen=True)
class _Units:
    """Token ranges that tile the doc, with hyphenated names joined: "Nagorno - Karabakh" is
    one unit. Most units are one token, so only the joined ones are listed."""

    joined: dict[int, int]  # first token → end of each unit of several tokens, in order
    inside: frozenset[int]  # the tokens of those units after their first

    def end(self, start: int) -> int:
        """The end of the unit that starts at token ``start``."""
        return self.joined.get(start, start + 1)


def _word_units(words: list[str], spaces: list[bool]) -> _Units:
    """The units of tokens ``words`` (``spaces``: whether whitespace follows each). A hyphen
    joins the word before it (the end of its unit) and the word after it, so the units are
    read off the joining hyphens instead of token by token; each joined unit holds at least
    three tokens."""
    n = len(words)
    joins = [e for e in range(1, n - 1) if words[e] in "-‐" and not spaces[e - 1]
             and not spaces[e] and words[e + 1].isalpha()]
    inside = frozenset(k for e in joins for k in (e, e + 1))
    joined: dict[int, int] = {}
    start = 0
    for k in sorted(inside):
        if k - 1 not in inside:
            start = k - 1  # a run of joined tokens continues the word before it
        joined[start] = k + 1
    return _Units(joined, inside)


def _ent_labels(ents: list[tuple[int, int, str]],
                tokens: TokenTable) -> dict[tuple[int, int], str]:
    """NER label by token range, also for the range without a leading "the" or final 's
    (``ents``: each entity's token range and label)."""
    labels: dict[tuple[int, int], str] = {}
    for ent_start, end, label in ents:
        labels[(ent_start, end)] = label
        start = ent_start + 1 if tokens.lower[ent_start] == "the" and end - ent_start > 1 \
            else ent_start
        if _possessive(tokens, end - 1) and end - start > 1:
            end -= 1
        labels.setdefault((start, end), label)
    return labels


def _find_demonyms(text: str, words: list[str], starts: list[int]) -> list[tuple[int, int, str]]:
    """Case-sensitive demonyms of up to five tokens, longest first ("South African" before
    "African"); the words of tokens ``i`` to ``j`` are read as the text from the start of
    ``i`` to the end of ``j``. Each longer reading extends the shorter, so the readings stop
    at the first that begins no demonym: only a token whose word begins one is read on."""
    table, prefixes = demonym_table(), _demonym_prefixes()
    found: list[tuple[int, int, str]] = []
    next_free = 0
    for i in [i for i, word in enumerate(words) if word in prefixes]:
        if i < next_free or not words[i][:1].isupper():
            continue
        longest, code = 0, ""
        for n in range(1, min(5, len(words) - i) + 1):
            name = text[starts[i]:starts[i + n - 1] + len(words[i + n - 1])]
            if name not in prefixes:
                break
            if name in table:
                longest, code = n, table[name]
        if longest:
            found.append((i, i + longest, code))
            next_free = i + longest
    return found


@cache
def _demonym_prefixes() -> frozenset[str]:
    """Every beginning of a demonym ("S", "So", … "South Africa", "South African")."""
    return frozenset(name[:end] for name in demonym_table() for end in range(1, len(name) + 1))


def _corrected_ents(context: _DocContext, mentions: list[Mention],
                    demonyms: list) -> list[Span]:
    """Our places, people and demonyms replace overlapping model entities, except a larger
    organisation or place that contains them ("U.S. State Department" stays an ORG)."""
    labels = {"place": "GPE", "country": "GPE", "person": "PERSON"}
    new = [(m.start, m.end, labels[m.label]) for m in mentions]
    new += [(s, e, "NORP") for s, e, _ in demonyms]
    found, kept_old = Ranges((s, e) for s, e, _ in new), []
    for ent, (start, end, label) in zip(context.ents, context.ent_spans, strict=True):
        overlapping = found.overlapping(start, end)
        if not overlapping or label in KEEP_LARGER_LABELS and _holds_one_smaller(
                start, end, overlapping):
            kept_old.append(ent)
    old = Ranges((o.start, o.end) for o in kept_old)
    kept_new = [Span(context.doc, s, e, label=label) for s, e, label in new
                if not old.containing(s, e)]
    return filter_spans(kept_new + kept_old)


def _holds_one_smaller(start: int, end: int, overlapping: list[tuple[int, int]]) -> bool:
    """Of the ranges ``overlapping`` ``[start, end)``, exactly one lies inside it, and that
    one is shorter."""
    inside = [(s, e) for s, e in overlapping if start <= s and e <= end]
    return len(inside) == 1 and inside[0][1] - inside[0][0] < end - start


@dataclass(frozen=True)
class _Occurrence:
    start: int
    end: int
    key: str
    places: tuple[Place, ...]
    initial: bool  # a single word opening a sentence: capitalised for grammar, not as a name


class PlaceFinder:
    """GeoNames places in one doc, then regions the model tags GPE/LOC or a cue marks."""

    def __init__(self, context: _DocContext) -> None:
        self.ctx = context
        self.doc = context.doc
        self.index = context.gaz.index
        labelled = [(name_key(context.text_of(start, end)), label)
                    for start, end, label in context.ent_spans if label in PLACE_LABELS]
        self.labelled_keys = {key for key, _ in labelled}
        self.gpe_keys = {key for key, label in labelled if label == "GPE"}
        self._spans: list[tuple[int, list[tuple[int, int]]]] | None = None

    def find(self) -> list[Mention]:
        occurrences = list(self._candidates())
        support = self._country_support(occurrences)
        choices = self._choose_by_key(occurrences, support)
        mentions = [_place_mention(occ, choices[occ.key]) for occ in occurrences
                    if choices.get(occ.key)]
        self.ctx.claim(mentions)
        regions = self._regions({name_key(self.ctx.text_of(m.start, m.end)) for m in mentions})
        self.ctx.claim(regions)
        return mentions + regions

    def _unit_spans(self) -> list[tuple[int, list[tuple[int, int]]]]:
        """For each capitalised unit: the spans of 1..MAX_NGRAM units starting there, the
        first the unit itself (found once per doc: three passes read them)."""
        if self._spans is None:
            self._spans = list(self._find_unit_spans())
        return self._spans

    def _find_unit_spans(self) -> Iterator[tuple[int, list[tuple[int, int]]]]:
        units, words, capitalised = self.ctx.units, self.ctx.words, self.ctx.capitalised_words
        n = len(words)
        for start in [i for i, word in enumerate(words) if word in capitalised]:
            if start in units.inside:
                continue
            spans, unit = [], start
            for _ in range(MAX_NGRAM):
                if unit >= n:
                    break
                end = units.end(unit)
                if words[unit] in capitalised:
                    spans.append((start, end))
                elif words[unit] not in CONNECTORS:
                    break
                unit = end
            yield start, spans

    def _candidates(self) -> Iterator[_Occurrence]:
        """Longest GeoNames match at each capitalised unit, left to right, no overlaps."""
        next_free = 0
        for start, spans in self._unit_spans():
            if start < next_free:
                continue
            for s, e in reversed(spans):
                occurrence = self._occurrence(s, e)
                if occurrence:
                    next_free = e
                    yield occurrence
                    break
            else:
                yield from self._compound_parts(*spans[0])

    def _occurrence(self, start: int, end: int) -> _Occurrence | None:
        text = self.ctx.text_of(start, end)
        places = self.index.lookup(text)
        if not places or not self._acceptable(start, end, text, places):
            return None
        initial = end - start == 1 and self.doc[start].is_sent_start
        return _Occurrence(start, end, name_key(text), places, bool(initial))

    def _compound_parts(self, start: int, end: int) -> Iterator[_Occurrence]:
        """ "Armenia-Azerbaijan" talks: each part that is a country is one."""
        for i in range(start, end, 2) if end - start > 1 else ():
            occurrence = self._occurrence(i, i + 1)
            if occurrence and any(p.is_country for p in occurrence.places):
                yield occurrence

    def _acceptable(self, start: int, end: int, text: str, places: tuple[Place, ...]) -> bool:
        label = self.ctx.label_of(start, end)
        is_country = any(p.is_country for p in places)
        if text in self.index.abbreviations:
            return True
        if is_country:
            return label in PLACE_LABELS or end - start > 1 or not self.ctx.is_common_word(text)
        if self._inside_person(start, end) or self._inside_other_entity(start, end, places):
            return False
        if label in PLACE_LABELS or name_key(text) in self.labelled_keys:
            return True
        return end - start > 1 or not (self.ctx.is_common_word(text) or self._bare_the(start))

    def _bare_the(self, start: int) -> bool:
        """ "the West", "the Union": a city name takes no article unless it modifies a noun
        ("the Lachin road")."""
        words = self.ctx.words
        after = words[start + 1] if start + 1 < len(words) else None
        modifies = after is not None and after.isalpha() and after.islower()
        return start > 0 and self.ctx.lower[start - 1] == "the" and not modifies

    def _inside_other_entity(self, start: int, end: int, places: tuple[Place, ...]) -> bool:
        """A word inside "Baku Slavic University" is a place only if it is a large city."""
        outer = self.ctx.ent_type(start)
        if not outer or outer in PLACE_LABELS or self._one_entity(start, end):
            return False
        return max(p.population for p in places) < SMALL_CITY

    def _one_entity(self, start: int, end: int) -> bool:
        """The tokens are exactly one model entity (read from the tokens' IOB tags: asking
        the span for its entities scans every entity of the document)."""
        iob = self.ctx.ent_iob
        return (iob[start] == _B and all(iob[i] == _I for i in range(start + 1, end))
                and (end == len(iob) or iob[end] != _I))

    def _inside_person(self, start: int, end: int) -> bool:
        """ "David" in "David Babayan" is a given name, not Panama's David."""
        ctx = self.ctx
        return (ctx.ent_type(start) == "PERSON" and ctx.ent_iob[start] != _B) or (
            ctx.ent_type(end - 1) == "PERSON" and end < len(ctx.ent_iob)
            and ctx.ent_iob[end] == _I)

    def _country_support(self, occurrences: list[_Occurrence]) -> set[str]:
        """Countries the article points at: named, by demonym, or by an unambiguous city."""
        support = {code for _, _, code in self.ctx.demonyms}
        for occ in occurrences:
            countries = [p for p in occ.places if p.is_country]
            if countries:
                support.add(countries[0].country_code)
            elif (code := self._unambiguous_country(occ)) is not None:
                support.add(code)
        return support

    def _unambiguous_country(self, occ: _Occurrence) -> str | None:
        ranked = sorted(occ.places, key=lambda p: -p.population)
        codes = {p.country_code for p in ranked}
        strong = ranked[0].population >= SMALL_CITY or occ.key in self.labelled_keys
        dominant = len(ranked) > 1 and ranked[0].population >= 20 * max(ranked[1].population, 1)
        if strong and (len(codes) == 1 or (dominant and ranked[0].population >= 10 * SMALL_CITY)):
            return ranked[0].country_code
        return None

    def _choose_by_key(self, occurrences: list[_Occurrence],
                       support: set[str]) -> dict[str, Place | None]:
        """One decision per name in the doc, on the evidence of all its occurrences."""
        by_key: dict[str, list[_Occurrence]] = defaultdict(list)
        for occ in occurrences:
            by_key[occ.key].append(occ)
        resolved = {key: self._choose(group, support) for key, group in by_key.items()}
        seen_ids = defaultdict(set)
        for key, place in resolved.items():
            if place:
                seen_ids[place.geonameid].add(key)
        return {key: place if place and (not place.alternate or self._vouched_alternate(
                    place, by_key[key], seen_ids)) else None
                for key, place in resolved.items()}

    def _choose(self, group: list[_Occurrence], support: set[str]) -> Place | None:
        """Supported country first, then primary names over alternate names, then size."""
        places = group[0].places
        countries = [p for p in places if p.is_country]
        if countries:
            return countries[0]
        key = group[0].key
        best = max(places, key=lambda p: _place_score(p, support, key))
        small = best.population < SMALL_CITY
        if small and key in self.labelled_keys and key not in self.gpe_keys:
            return None  # LOC alone (a sea, a range, "the Middle East"): not a hamlet so named
        weak = small or all(occ.initial for occ in group)
        vouched = key in self.labelled_keys or self._any_cue(group)
        if weak and best.country_code not in support and not vouched:
            return None
        return best

    def _vouched_alternate(self, place: Place, group: list[_Occurrence],
                           seen_ids: dict[int, set[str]]) -> bool:
        """A small place found by an old or foreign name needs the model's GPE/LOC tag or
        its usual name in the same article ("Xankəndi (Khankendi)")."""
        return (place.population >= SMALL_CITY or group[0].key in self.labelled_keys
                or len(seen_ids[place.geonameid]) > 1 or _variant_spelling(group[0].key, place))

    def _any_cue(self, group: list[_Occurrence]) -> bool:
        return any(self._has_cue(occ.start, occ.end) for occ in group)

    def _has_cue(self, start: int, end: int) -> bool:
        lower, gaz = self.ctx.lower, self.ctx.gaz
        if end < len(lower) and lower[end] in gaz.cues_after:
            return True
        if start == 0 or lower[start - 1] not in gaz.cue_ends:
            return False  # no cue ends right before: most names
        before = lower[max(0, start - 3):start]
        return any(before[-len(cue):] == cue for cue in gaz.cues_before)

    def _regions(self, resolved_keys: set[str]) -> list[Mention]:
        """Places GeoNames lacks: model GPE/LOC spans and cue-marked names, then every other
        occurrence of those names in the doc, whatever the model said about it."""
        names: dict[str, str] = {}
        for start, end in self._region_spans():
            text = " ".join(strip_possessive(self.ctx.text_of(start, end)).split())
            if self._valid_region(start, end, text):
                names.setdefault(name_key(text), text)
        names.update(self._compound_regions(set(names) | resolved_keys))
        mentions: list[Mention] = []
        for _, spans in self._unit_spans() if names else ():  # often none to look for
            for s, e in reversed(spans):
                key = name_key(self.ctx.text_of(s, e))
                if key in names and self.ctx.is_free(s, e) and not _overlaps(mentions, s, e):
                    mentions.append(Mention(s, e, "place", names[key], f"place:{slugify(key)}"))
                    break
        return mentions

    def _compound_regions(self, place_keys: set[str]) -> dict[str, str]:
        """ "Nagorno-Karabakh" when "Karabakh" is a place: a hyphenated name ending in a
        place and starting with a word that is no place or demonym ("Baku-Yerevan" is not)."""
        found: dict[str, str] = {}
        words = self.ctx.words
        for start, end in self.ctx.units.joined.items():
            if name_key(words[end - 1]) not in place_keys:
                continue
            first = words[start]
            if (_capitalised(first) and name_key(first) not in place_keys
                    and first not in demonym_table() and self.ctx.is_free(start, end)):
                text = self.ctx.text_of(start, end)
                found.setdefault(name_key(text), text)
        return found

    def _region_spans(self) -> Iterator[tuple[int, int]]:
        lower = self.ctx.lower
        for start, end, label in self.ctx.ent_spans:
            if label in PLACE_LABELS:
                yield start + (lower[start] == "the"), end
        for _, spans in self._unit_spans():
            for s, e in spans:
                if self._has_cue(s, e):
                    yield s, e

    def _valid_region(self, start: int, end: int, text: str) -> bool:
        alpha = [i for i in range(start, end) if self.ctx.words[i].isalpha()]
        words = [self.ctx.words[i] for i in alpha]
        if not words or not self.ctx.is_free(start, end) or "\n" in text:
            return False
        if not all(_capitalised(w) or w in CONNECTORS for w in words):
            return False
        if len(words) == 1 and (len(text) < 3 or self.ctx.is_common_word(text)):
            return False
        if words[0] in demonym_table() or self.doc[alpha[0]].is_stop:
            return False
        return text.casefold() not in self.ctx.gaz.not_places


def _capitalised(text: str) -> bool:
    """Opens with a capital and holds a letter (most often the capital itself: "Ⅷ" is
    upper case but no letter)."""
    return text[:1].isupper() and (text[0].isalpha() or any(c.isalpha() for c in text))


# A sentence the tagger did not read (pipeline/reading.py) has no tags: its words are judged
# by their form, as the tagger would mostly judge them.
_POSSESSIVE_FORMS = frozenset({"'s", "’s"})


def _possessive(tokens: TokenTable, i: int) -> bool:
    return tokens.tag[i] == "POS" or not tokens.tag[i] and tokens.lower[i] in _POSSESSIVE_FORMS


def _proper_noun(tokens: TokenTable, i: int) -> bool:
    return tokens.pos[i] == "PROPN" or not tokens.tag[i] and _capitalised(tokens.text[i])


def _overlaps(mentions: list[Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _place_mention(occ: _Occurrence, place: Place) -> Mention:
    label = "country" if place.is_country else "place"
    return Mention(occ.start, occ.end, label, place.name, place.canonical_id, place.country_code)


def _place_score(place: Place, support: set[str], key: str) -> float:
    """Population, times 100 when the article names the country, / 100 for an alternate name
    that is not a mere spelling variant ("Granada" is no name for Grand Rapids)."""
    boost = 100.0 if place.country_code in support else 1.0
    other_name = place.alternate and not _variant_spelling(key, place)
    return place.population * boost / (100.0 if other_name else 1.0)


def _variant_spelling(key: str, place: Place) -> bool:
    """ "Lachin" for Laçın, "Kiev" for Kyiv: a transliteration, not another name."""
    return _near_name(key, place.name)


@lru_cache(maxsize=1 << 16)  # asked for every candidate of every occurrence of a name
def _near_name(key: str, name: str) -> bool:
    primary = spelling_key(name)
    return edit_distance(key, primary) <= max(2, len(primary) // 4)


class PersonFinder:
    """People: model PERSON spans, bylines ("SURNAME Given"), title + name; surnames alone
    link to the one full name in the doc with that surname."""

    PARTICLES = frozenset({"de", "van", "von", "bin", "al", "der", "da", "la", "le", "ibn"})

    def __init__(self, context: _DocContext) -> None:
        self.ctx = context
        self.doc = context.doc

    def find(self) -> list[Mention]:
        found: list[Mention] = []
        for mention in [*self._from_ner(), *self._bylines(), *self._titled()]:
            if not _overlaps(found, mention.start, mention.end):
                found.append(mention)
        self._link_surnames(found)
        return sorted(found + self._other_occurrences(found), key=lambda m: m.start)

    def _mention(self, start: int, end: int, canonical: str) -> Mention:
        return Mention(start, end, "person", canonical, f"person:{slugify(canonical)}")

    def _from_ner(self) -> Iterator[Mention]:
        for ent_start, ent_end, label in self.ctx.ent_spans:
            if label != "PERSON":
                continue
            start, end = self._trim(ent_start, ent_end)
            if start < end and self._plausible(start, end):
                yield self._mention(start, end, person_canonical(self.ctx.text_of(start, end)))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop leading articles and titles, and a final possessive or punctuation."""
        tokens, titles = self.ctx.tokens, self.ctx.gaz.titles
        while start < end and (not _capitalised(tokens.text[start])
                               or tokens.lower[start] in titles):
            start += 1
        while end > start and (_possessive(tokens, end - 1) or self.doc[end - 1].is_punct):
            end -= 1
        return start, end

    def _plausible(self, start: int, end: int) -> bool:
        text, words = self.ctx.text_of(start, end), self.ctx.words
        if not self.ctx.is_free(start, end) or end - start > 5 or "\n" in text:
            return False
        if any(c.isdigit() for c in text) or self.ctx.is_common_word(words[start]):
            return False
        return all(_capitalised(words[i]) or self.ctx.lower[i] in self.PARTICLES
                   or self.doc[i].is_punct for i in range(start, end))

    def _bylines(self) -> Iterator[Mention]:
        """ "HAJIZADA Samir": an all-capitals surname then a capitalised given name."""
        words = self.ctx.words
        capitals = {w for w in self.ctx.vocabulary if len(w) >= 4 and w.isupper() and w.isalpha()}
        if not capitals:
            return  # most articles: no word to test at each token
        for i in [i for i, word in enumerate(words[:-1]) if word in capitals]:
            surname, given = words[i], words[i + 1]
            if not (given.istitle() and given.isalpha() and not given.isupper()):
                continue
            follows = words[i + 2] if i + 2 < len(words) else None
            if (follows is not None and follows.istitle()) or (i > 0 and words[i - 1].isupper()
                                                               and words[i - 1].isalpha()):
                continue
            if (self.ctx.is_common_word(given) or country_code_for(surname)
                    or not self.ctx.is_free(i, i + 2)):
                continue
            yield self._mention(i, i + 2, byline_name(surname, given))

    def _titled(self) -> Iterator[Mention]:
        """ "Mr. Babayan", "President Aliyev": a title, then proper nouns the model missed."""
        tokens, titles = self.ctx.tokens, self.ctx.gaz.titles
        words, n = tokens.text, len(tokens.text)
        for i in tokens.where(tokens.lower, titles, 0, n - 1):
            if not words[i][:1].isupper():
                continue
            if self.doc[i].is_sent_start and not words[i].endswith("."):
                continue
            end = i + 1
            while (end < n and end - i <= 3 and _proper_noun(tokens, end)
                   and _capitalised(words[end]) and tokens.lower[end] not in titles):
                end += 1
            start, end = self._trim(i + 1, end)
            if start < end and self._plausible(start, end):
                yield self._mention(start, end, person_canonical(self.ctx.text_of(start, end)))

    def _link_surnames(self, found: list[Mention]) -> None:
        by_surname = self._full_names_by_surname(found)
        for mention in found:
            names = by_surname.get(mention.canonical, set())
            if " " not in mention.canonical and len(names) == 1:
                mention.canonical = next(iter(names))
                mention.canonical_id = f"person:{slugify(mention.canonical)}"

    @staticmethod
    def _full_names_by_surname(found: list[Mention]) -> dict[str, set[str]]:
        by_surname: dict[str, set[str]] = defaultdict(set)
        for mention in found:
            if " " in mention.canonical:
                by_surname[mention.canonical.split()[-1]].add(mention.canonical)
        return by_surname

    def _other_occurrences(self, found: list[Mention]) -> list[Mention]:
        """Every other capitalised occurrence of a person's surname in the doc."""
        known = {m.canonical: m.canonical for m in found if " " not in m.canonical}
        for surname, names in self._full_names_by_surname(found).items():
            if len(names) == 1:
                known[surname] = next(iter(names))
        if not known:
            return []
        firsts = {name[:1] for name in known}  # a word starts as the name it is read as
        names = {text: known[word] for text in self.ctx.vocabulary  # each word read once
                 if text.lstrip()[:1] in firsts
                 and (word := strip_possessive(text)) in known and _capitalised(word)}
        return [self._mention(i, i + 1, names[text]) for i, text in enumerate(self.ctx.words)
                if text in names and self.ctx.is_free(i, i + 1) and not _overlaps(found, i, i + 1)]
