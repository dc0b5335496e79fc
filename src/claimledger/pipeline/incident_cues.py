"""Which real-world event each figure counts, as far as its own article says (the incident cue).

A figure counts an incident: "killed in the May 12 quake", "died in the strike on the
station", "have fled to Bangladesh". The cue is the trigger word nearest the figure in its
own clause that can hold its measure (``data/incidents.toml`` gives its type), the date
attached to that word, the town and site it names, and the place; causes ("the quake
sparked an avalanche"), campaigns ("since the August attacks") and two events counted
together are read from the parse. A sentence with no trigger goes on about the figure it
details in the sentence before, else takes the article's main event. An undated trigger
takes the date of the nearest dated trigger of the same type in the article ("the
earthquake" after "the April 25 quake"). docs/alignment.md ("Incidents") lists the rules.
Cues are resolved into incidents across documents by :mod:`claimledger.crosssource.incidents`.

Registered as ``claimledger_incident_cues`` (v1), after the quantities and events components.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.dates import DateMention
from claimledger.entities import countries_about
from claimledger.increments import told_as_increment
from claimledger.lexicons import load_lexicon
from claimledger.pipeline.count_windows import count_window
from claimledger.pipeline.extensions import doc_places, doc_text
from claimledger.pipeline.figure_dates import body_date_mentions, date_mentions
from claimledger.pipeline.ranges import ByStart
from claimledger.pipeline.syntax import in_subtree
from claimledger.pipeline.token_table import Sentence, TokenTable, doc_tokens

_DATE_GRAINS = ("day", "month", "year")
_SPEECH = {"say", "tell", "announce", "report", "state", "add", "claim", "confirm"}
_NAME_DEPS = {"compound", "appos", "npadvmod"}
_NOT_NAMES = {"GPE", "LOC", "NORP", "DATE", "FAC"}


@dataclass(frozen=True)
class Cue:
    """One trigger word in an article, with the date and place attached to it."""

    start: int  # char offset of the trigger
    type: str
    trigger: str  # lower-cased lemma, or "hurricane maria" when a name goes with it
    name: str  # the proper name of the event ("maria"), "" when unnamed
    distinct: bool  # a word naming an event of its own inside a bigger one ("aftershock")
    date: str | None
    place: str | None
    country: str
    town: str | None = None  # the place the trigger word itself names ("the strike on X")
    site: str | None = None  # the kind of site it names ("station", "theatre"), lower case
    token: int = -1  # index of the trigger token


@cache
def incident_lexicon() -> dict:
    return load_lexicon("incidents")


@cache
def _trigger_types() -> dict[str, str]:
    """word → incident type (the first type in ``order`` wins)."""
    table: dict[str, str] = {}
    types = incident_lexicon()["types"]
    for name in types["order"]:
        for lemma in types[name]["lemmas"]:
            table.setdefault(lemma, name)
    return table


@cache
def _distinct_words() -> frozenset[str]:
    types = incident_lexicon()["types"]
    return frozenset(w for name in types["order"] for w in types[name].get("distinct", []))


def trigger_type(token: Token) -> str | None:
    table = _trigger_types()
    return table.get(token.lemma_.lower()) or table.get(token.lower_)


@cache
def _words(table: str, key: str) -> frozenset[str]:
    return frozenset(incident_lexicon().get(table, {}).get(key, ()))


@cache
def admits(kind: str, measure: str) -> bool:
    """Whether a figure of this measure can count an incident of this type: people fleeing
    are counted by an exodus, people killed are not; troops count a deployment
    (``measures`` of a type, ``[measures]`` in incidents.toml)."""
    if not measure or measure.startswith("other"):
        return True
    allowed = incident_lexicon()["types"].get(kind, {}).get("measures")
    only = incident_lexicon().get("measures", {}).get(measure, {}).get("types")
    return (not allowed or measure in allowed) and (not only or kind in only)


def _specific(kind: str, measure: str) -> bool:
    """A type made for this measure: people who fled count the flight before the war."""
    return measure in incident_lexicon()["types"].get(kind, {}).get("measures", ())


def _default_cue(measure: str, quantity: dict, fallback: str) -> Cue | None:
    """The incident a figure counts when no trigger of the article can hold it: a count of
    troops with no word of their deployment still counts a deployment."""
    kind = incident_lexicon().get("measures", {}).get(measure, {}).get("default")
    if not kind:
        return None
    return Cue(start=quantity["start"], type=kind, trigger="", name="", distinct=False,
               date=None, place=quantity.get("location"), country=fallback)


def _title_cased(words: list[str]) -> bool:
    """A headline in title case (``words``: a sentence's tokens): its capitals do not mark
    proper names."""
    long = [w for w in words if w.isalpha() and len(w) > 3]
    return len(long) >= 3 and sum(w.istitle() for w in long) >= 0.8 * len(long)


def _event_name(token: Token, children: list[Token], places: list[dict],
                title_cased: bool) -> str:
    """"Hurricane Maria", "Typhoon Haiyan": a proper noun right after the trigger word that is
    not a place ("the Nepal earthquake") nor a date ("the August attacks"); none in a title-
    cased sentence."""
    if title_cased:
        return ""
    near = [t for t in (*children, token.head) if 0 < t.i - token.i <= 2]
    parts = [t for t in near if t.pos_ == "PROPN" and t.is_title and t.ent_type_ not in _NOT_NAMES
             and (t.dep_ in _NAME_DEPS or t.i == token.head.i and token.dep_ in _NAME_DEPS)
             and not any(e["start"] <= t.idx < e["end"] for e in places)]
    return " ".join(t.lower_ for t in sorted(parts, key=lambda t: t.i))


def _is_trigger(token: Token, children: list[Token]) -> bool:
    """An event word, not a modifier of something else ("rocket systems", "bomb shelter"),
    unless what it modifies is the event's name ("Hurricane Zelda"). (``children``: the
    token's, read once for the several tests of a trigger.)"""
    if token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
        return False
    if any(c.dep_ in ("compound", "amod") and c.lower_ in _words("triggers", "not_with")
           for c in children):
        return False  # "rescue operations", "the relief mission": an effort, not an event
    if token.i >= 2 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_ \
            and token.nbor(-2).lower_ in _words("triggers", "not_prefixes"):
        return False  # "non-mission capable", "post-war": a word about something else
    if any(c.dep_ == "prep" and c.lower_ == "for" and any(
            w.lemma_.lower() in _words("triggers", "not_for") for w in c.children)
           for c in children):
        return False  # "fighting for their lives": a patient's state, not a battle
    head = token.head
    if token.dep_ in ("compound", "amod") and head.i != token.i:
        named = head.pos_ == "PROPN" and head.i > token.i  # "Hurricane Zelda"
        return named or trigger_type(head) is not None
    return True


def _date_span(doc: Doc, mention: DateMention) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def _governor(span: Span | None) -> Token | None:
    """The word outside a date's own tokens that the date hangs on."""
    if span is None or len(span) == 0:
        return None
    token = span.root
    while span.start <= token.i < span.end and token.head.i != token.i:
        token = token.head
    return None if span.start <= token.i < span.end else token


def _attached(doc: Doc, words: TokenTable, trigger: Token, sent: Sentence,
              mention: DateMention) -> bool:
    """The date tells when the trigger's event happened, not when someone spoke of it
    (``sent``: the trigger's sentence)."""
    span = _date_span(doc, mention)
    if span is not None and 0 < trigger.i - span.end + 1 <= 3 \
            and words.sentence(span.start) == (sent.start, sent.end):
        return True  # "the May 12 quake", "Tuesday's aftershock"
    governor = _governor(span)
    if governor is None:
        return False
    if trigger.i in (governor.i, words.head[governor.i]):
        return True  # "the strike on 11 October"; "the quake that struck on Saturday"
    return words.head[trigger.i] == governor.i and words.lemma[governor.i] not in _SPEECH


def _cue_date(doc: Doc, words: TokenTable, trigger: Token, sent: Sentence,
              dates: list[DateMention]) -> DateMention | None:
    near = [m for m in dates if sent.start_char <= m.start < sent.end_char]
    near.sort(key=lambda m: abs(m.start - trigger.idx))
    return next((m for m in near if _attached(doc, words, trigger, sent, m)), None)


def _is_frame(doc: Doc, trigger: Token, children: list[Token],
              mention: DateMention | None) -> bool:
    """Attacks named as the start or span of a period ("since the August attacks", "attacks
    since 25 August") or as a series ("97 attacks", "waves of attacks"): what is counted is
    the campaign they belong to, not one attack."""
    since = _words("frames", "since")
    if trigger.dep_ == "pobj" and trigger.head.lower_ in since:
        return True
    if any(c.dep_ == "mark" and c.lower_ in since for c in children):
        return True
    if mention is not None and _after_since(doc_text(doc), mention):
        return True
    if trigger.tag_ not in ("NNS", "NNPS"):
        return False
    if trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in _words(
            "frames", "series"):
        return True
    counts = [c for c in children if c.dep_ == "nummod" and c.like_num]
    least = int(incident_lexicon()["frames"].get("series_count", 5))
    return any(_number(c.text) >= least for c in counts)


def _is_campaign(doc: Doc, words: TokenTable, trigger: Token, children: list[Token],
                 sent: Sentence, dates: list[DateMention], pinned: bool) -> bool:
    """"The toll of Israeli raids", "airstrikes have killed 3,000": a bare plural (no article,
    possessive or number), told as what did something or what losses came of, that no
    date or place pins to one spot and day counts the attacks of a campaign. "The
    explosions", "two blasts", "raids on the port", "the strikes on Tuesday" and strikes on
    a day named by their verb ("killed last Friday in raids") are attacks an article can
    point to: one incident."""
    if pinned or trigger.tag_ not in ("NNS", "NNPS") or not (
            trigger.dep_ in ("nsubj", "nsubjpass") or trigger.dep_ == "pobj"
            and trigger.head.lower_ in _words("frames", "campaign_prepositions")):
        return False  # "could include airstrikes", "rockets and drones": no event told
    if any(c.dep_ in ("det", "poss", "nummod") or c.like_num for c in children):
        return False
    verb = next((a for a in words.ancestors(trigger.i) if words.pos[a] in ("VERB", "AUX")),
                None)
    return verb is None or not any(
        (g := _governor(_date_span(doc, m))) is not None and g.i == verb for m in dates
        if sent.start_char <= m.start < sent.end_char)


def _number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def _named_words(trigger: Token, children: list[Token] | None = None) -> list[Token]:
    """The phrases a trigger word names its target with: "the strike on X", "the X station
    blast", "the bombing of the X theatre" (``children``: the trigger's, when read)."""
    children = list(trigger.children) if children is None else children
    words = [*children, *(w for c in children if c.dep_ == "prep" for w in c.children)]
    if trigger.head.i != trigger.i and trigger.dep_ in ("compound", "amod"):
        words.append(trigger.head)
    if trigger.dep_ == "pobj" and trigger.head.dep_ == "agent":  # "X was hit by strikes"
        words.extend(w for w in trigger.head.head.children if w.dep_ == "nsubjpass")
    for verb in (c for c in children if c.dep_ in ("acl", "relcl")):
        words.extend(w for w in verb.children if w.dep_ == "dobj")  # "the strike that hit X"
        words.extend(w for c in verb.children if c.dep_ == "prep" for w in c.children)
    return [w for w in words if w.dep_ in ("compound", "pobj", "nmod", "poss", "dobj", "amod",
                                           "nsubjpass")]


def _attached_site(named: list[Token], words: TokenTable) -> str | None:
    """The kind of site the trigger names ("the theatre", "the railway station"), spelled
    one way, so that a later "the theatre strike" finds the strike of that theatre
    (``named``: its :func:`_named_words`)."""
    heads = _words("parts", "site_heads")
    spelling = incident_lexicon().get("parts", {}).get("spellings", {})
    for phrase in named:
        for word in phrase.subtree:
            lemma, lower = words.lemma[word.i], words.lower[word.i]
            if lemma in heads or lower in heads:
                return spelling.get(lower, lemma)
    return None


def _attached_town(trigger: Token, places: ByStart, countries: set[str],
                   named: list[Token] | None = None) -> str | None:
    """The place the trigger word names (not a place the sentence names for another reason:
    "the governor of Y said"); ``named``: its :func:`_named_words`, when already read."""
    first = len(places.items)  # the first place (in text order) inside a named word's phrase
    for word in _named_words(trigger) if named is None else named:
        low, high = places.bounds(word.left_edge.idx, word.right_edge.idx + len(word.right_edge))
        first = next((i for i in range(low, min(high, first))
                      if places.items[i]["canonical"].casefold() not in countries), first)
    return places.items[first]["canonical"] if first < len(places.items) else None


def _nearest_place(places: ByStart, sent: Sentence, position: int) -> dict | None:
    inside = places.starting_in(sent.start_char, sent.end_char)
    return min(inside, key=lambda e: abs(e["start"] - position), default=None)


def main_country(places: list[dict]) -> str:
    """The country the article is mostly about: the most mentioned country code."""
    counts = Counter(e.get("country_code") or "" for e in places)
    counts.pop("", None)
    return counts.most_common(1)[0][0] if counts else ""


def find_cues(doc: Doc) -> list[Cue]:
    """Every trigger word of the article with its date and place, in text order."""
    places = doc_places(doc)
    return _find_cues(doc, doc_tokens(doc), places, main_country(places.items))


def _trigger_words(words: TokenTable) -> list[tuple[int, str]]:
    """Each token whose lemma or form is a trigger word, with its type (as
    :func:`trigger_type`, without a Token per word)."""
    types = _trigger_types()
    return [(i, types.get(lemma) or types[lower]) for i, (lemma, lower)
            in enumerate(zip(words.lemma, words.lower, strict=True))
            if lemma in types or lower in types]


def _find_cues(doc: Doc, words: TokenTable, places: ByStart, fallback: str) -> list[Cue]:
    """:func:`find_cues`, with the doc's token table, places and main country."""
    dates = [m for m in body_date_mentions(doc)
             if m.date and m.granularity in _DATE_GRAINS and not m.future]
    countries = {e["canonical"].casefold() for e in places.items if e["label"] == "country"}
    cues, on_noun = [], set()
    titled: dict[int, bool] = {}  # by sentence start
    for i, kind in _trigger_words(words):
        token = doc[i]
        children = list(token.children)  # read once for the tests below
        if not _is_trigger(token, children):
            continue
        sent = words.sentence_bounds(i)
        if sent.start not in titled:
            titled[sent.start] = _title_cased(words.text[sent.start:sent.end])
        place = _nearest_place(places, sent, token.idx)
        name = _event_name(token, children, places.items, titled[sent.start])
        when = _cue_date(doc, words, token, sent, dates)
        named = _named_words(token, children)
        town, site = _attached_town(token, places, countries, named), _attached_site(named, words)
        frame = _within(kind) and (_is_frame(doc, token, children, when) or _is_campaign(
            doc, words, token, children, sent, dates, when is not None or bool(town or site)))
        if when is not None and when.granularity == "day" and _on_the_word(doc, token, when):
            on_noun.add(i)
        lemma = words.lemma[i]
        cues.append(Cue(
            start=token.idx, type=_within(kind)[0] if frame else kind,
            trigger=" ".join(p for p in (lemma, name) if p),
            name=name, distinct=lemma in _distinct_words() and not frame,
            date=when.date if when else None, place=place["canonical"] if place else None,
            country=(place.get("country_code") or fallback) if place else fallback,
            town=town, site=site, token=i,
        ))
    cues = _elsewhere(doc, words, _anaphora(doc, words, cues), places.items)
    cues = _days_of_fighting(cues, on_noun)
    return _caused(doc, _placed_by_neighbours(_dated_by_neighbours(cues)))


def _on_the_word(doc: Doc, trigger: Token, mention: DateMention) -> bool:
    """The date hangs on the trigger word itself ("clashes on 7 October"), not on a verb
    ("the hostilities ended on 10 November")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root.head
    return (head.head if head.dep_ == "prep" else head).i == trigger.i


def _days_of_fighting(cues: list[Cue], on_noun: set[int]) -> list[Cue]:
    """"Also destroyed in armed clashes on 7 October", in an article about a war its text
    dates to an earlier day: a day's fighting inside the war is an incident of its own
    (``distinct``), not the war's running toll."""
    started: dict[str, str] = {}
    for cue in cues:
        if cue.date and len(cue.date) == 10 and cue.token not in on_noun:
            started[cue.type] = min(started.get(cue.type, cue.date), cue.date)
    return [replace(c, distinct=True) if c.token in on_noun and _campaign_type(c.type) == c.type
            and c.date and started.get(c.type, c.date) < c.date else c for c in cues]


def _elsewhere(doc: Doc, words: TokenTable, cues: list[Cue], places: list[dict]) -> list[Cue]:
    """"The largest airlift on record is the evacuation of Saigon", in an article about
    Kabul: a trigger naming a town of a country the article is not about is another event
    than the article's, even of its type (``distinct``, placed there), and an undated
    trigger of its type naming no place in the sentence right after it goes on about it
    ("The US airlifted 50,490 evacuees")."""
    about = countries_about(e.get("country_code") or "" for e in places)
    codes = {e["canonical"]: e.get("country_code") or "" for e in places}
    out: list[Cue] = []
    for cue in cues:
        code = codes.get(cue.town or "", "")
        if about and code and code not in about:
            cue = replace(cue, distinct=True, country=code, place=cue.town)
        elif not cue.town and not cue.date and not cue.distinct:
            sent = words.sentence_bounds(cue.token)
            before = _sentence_before(doc, words, sent)
            other = next((c for c in reversed(out) if c.type == cue.type and c.distinct
                          and c.town and before is not None
                          and before.start_char <= c.start < sent.end_char), None)
            if other is not None:
                cue = replace(other, start=cue.start, token=cue.token)
        out.append(cue)
    return out


def _anaphora(doc: Doc, words: TokenTable, cues: list[Cue]) -> list[Cue]:
    """"In those attacks": a trigger with a demonstrative is the last one of its word."""
    out: list[Cue] = []
    for cue in cues:
        token = doc[cue.token]
        if any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
               for c in token.children):
            lemma = words.lemma[cue.token]
            earlier = next((c for c in reversed(out) if words.lemma[c.token] == lemma), None)
            if earlier is not None:
                cue = replace(earlier, start=cue.start, token=cue.token)
        out.append(cue)
    return out


def _caused(doc: Doc, cues: list[Cue]) -> list[Cue]:
    """"Killed when the quake sparked an avalanche": the figure counts the event caused (the
    avalanche), so a trigger that is the subject of a verb of causing stands for its object."""
    by_token = {c.token: c for c in cues}
    out = []
    for cue in cues:
        token = doc[cue.token]
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in _words("causes", "verbs"):
            caused = next((by_token[c.i] for c in token.head.children
                           if c.dep_ in ("dobj", "obj") and c.i in by_token), None)
            if caused is not None:
                cue = replace(caused, start=cue.start, token=cue.token)
        out.append(cue)
    return out


def _placed_by_neighbours(cues: list[Cue]) -> list[Cue]:
    """A local trigger naming no town or site ("the explosion") takes those of the nearest
    trigger of its type and date that names one: an article speaks of one strike until it
    names another."""
    types = incident_lexicon()["types"]
    naming = {key: [c for c in cues if getattr(c, key)] for key in ("town", "site")}
    out = []
    for cue in cues:
        for key in ("town", "site"):
            if getattr(cue, key) is None and types.get(cue.type, {}).get("local"):
                same = [c for c in naming[key] if c.type == cue.type
                        and c.date == cue.date and c.distinct == cue.distinct]
                nearest = min(same, key=lambda c: abs(c.start - cue.start), default=None)
                if nearest is not None:
                    cue = replace(cue, **{key: getattr(nearest, key)})
        out.append(cue)
    return out


def _dated_by_neighbours(cues: list[Cue]) -> list[Cue]:
    """An undated trigger ("the earthquake") takes the day of the nearest trigger of its type
    dated to the day in the article: an article speaks of one quake until it names another.
    ("the 2020 war" lends no year to "the clashes": a year is too coarse to say it is one.)"""
    days = [c for c in cues if c.date and len(c.date) == 10]
    out = []
    for cue in cues:
        if cue.date is None:
            same = [c for c in days if c.type == cue.type and c.distinct == cue.distinct
                    and (c.name == cue.name or not cue.name or not c.name)]
            nearest = min(same, key=lambda c: abs(c.start - cue.start), default=None)
            if nearest is not None:
                cue = replace(cue, date=nearest.date)
        out.append(cue)
    return out


def main_cue(cues: list[Cue], measure: str = "") -> Cue | None:
    """The article's main event for a figure of this measure: the first trigger of the most
    frequent type that can hold such a figure."""
    cues = [c for c in cues if not c.distinct and admits(c.type, measure)]
    counts = Counter(c.type for c in cues)
    if not counts:
        return None
    top = max(counts.values())
    kind = next(c.type for c in cues if counts[c.type] == top)
    return next(c for c in cues if c.type == kind)


def _clause_verb(span: Span) -> int:
    """The head of the clause a figure belongs to: its nearest verb (the root when none)."""
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token.i


def _admitted(words: TokenTable, cues: list[Cue], sent: Sentence, measure: str) -> list[Cue]:
    """The triggers of a sentence that can hold the measure, but not those inside the phrase
    of one that cannot ("20 dead as refugees fled the army's operation": the operation is
    what they fled, not what killed the 20)."""
    inside = [c for c in cues if sent.start_char <= c.start < sent.end_char]
    barred = {c.token for c in inside if not admits(c.type, measure)}
    return [c for c in inside if c.token not in barred
            and not any(a in barred for a in words.ancestors(c.token))]


def _sentence_before(doc: Doc, words: TokenTable, sent: Sentence) -> Sentence | None:
    """The sentence before, when it is in the same paragraph: a sentence naming no event
    goes on about the event of the one before it ("18 died on the mountain. Nine of them
    were guides.")."""
    if sent.start == 0:
        return None
    before = words.sentence_bounds(sent.start - 1)
    if "\n" in doc_text(doc)[before.start_char:sent.start_char]:
        return None
    return before


@dataclass(frozen=True)
class _Figure:
    """A figure of the article as the cues read it: its tokens (None when its offsets
    fall outside them) and its sentence, found once for the several readings."""

    quantity: dict
    span: Span | None
    sent: Sentence | None


def _figure(doc: Doc, words: TokenTable, quantity: dict) -> _Figure:
    span = doc.char_span(quantity["start"], quantity["end"], alignment_mode="expand")
    if span is None or len(span) == 0:
        return _Figure(quantity, None, None)
    return _Figure(quantity, span, words.sentence_bounds(span.start))


def _cue_for(doc: Doc, words: TokenTable, figure: _Figure, cues: list[Cue], main: Cue | None,
             told: list[tuple[dict, Cue | None]]) -> tuple[Cue | None, str]:
    """The figure's cue and how it was found (``main``: the article's main cue for its
    measure)."""
    quantity, span, sent = figure.quantity, figure.span, figure.sent
    measure = quantity.get("measure", "")
    if span is None or sent is None:
        return main, "article"
    inside = _admitted(words, cues, sent, measure)
    if not inside:
        return _continued(doc, words, sent, quantity, told) or (main, "article")
    verb = _clause_verb(span)
    own = [c for c in inside if in_subtree(doc, words, verb, c.token)] or inside
    own = [c for c in own if _specific(c.type, measure)] or own
    cue = min(own, key=lambda c: abs(c.start - quantity["start"]))
    if main is not None and cue.date is None and not cue.name and main.type in _within(cue.type):
        return main, "article"  # "killed in shelling" in a war article: a part of the war
    return _combined(doc, cue, cues), "sentence"


def _combined(doc: Doc, cue: Cue, cues: list[Cue]) -> Cue:
    """"The toll of the April 25 quake and the May 12 temblor": a figure of two events of a
    type on different days counts both together, an incident of its own (dated the first)."""
    days = {c.date for c in cues if c.type == cue.type and c.date
            and _coordinated(doc, min(c.token, cue.token), max(c.token, cue.token))}
    if not cue.date or not days - {cue.date}:
        return cue
    return replace(cue, date=min(days | {cue.date}), distinct=True)


def _coordinated(doc: Doc, first: int, last: int) -> bool:
    """Two words joined by "and" with only their modifiers between ("the April 25 earthquake
    and May 12 temblor"), however the parser attached them."""
    if not 0 < last - first - 1 <= 6:
        return False
    between = doc[first + 1:last]
    return any(t.lower_ in ("and", "&") for t in between) and all(
        t.pos_ in ("CCONJ", "DET", "NUM", "PROPN", "ADJ", "PART") or t.like_num
        for t in between)


def _after_since(text: str, mention: DateMention) -> bool:
    """A date told as the start of a period: "since 7 October"."""
    before = text[max(0, mention.start - 12):mention.start].split()
    return bool(before) and before[-1].lower() in _words("frames", "since")


def _since_dates(doc: Doc) -> list[DateMention]:
    """The article's dates told as the start of a period, in text order: found once per
    doc rather than for each figure."""
    text = doc_text(doc)
    return [m for m in date_mentions(doc) if m.date and _after_since(text, m)]


def _since_frame(sent: Sentence | None, cue: Cue | None, places: ByStart,
                 since: list[DateMention]) -> Cue | None:
    """"In the east, since 7 October, 61 have died": a count over a period since a day other
    than the attack's counts the campaign of that period, not the attack (dated that day).
    When the sentence frames it by a place other than the event's ("in the West Bank",
    beside a strike in Gaza) it is the campaign in that place: an incident of its own
    inside the war (``distinct``), not the war's toll. ``since``: :func:`_since_dates`."""
    kind = _campaign_type(cue.type) if cue is not None else None
    if cue is None or sent is None or kind is None:
        return cue
    for mention in since:
        if sent.start_char <= mention.start < sent.end_char and mention.date != cue.date:
            region = _nearest_place(places, sent, mention.start)
            other = region is not None and region["canonical"] not in (cue.place, cue.town)
            return replace(cue, type=kind, date=mention.date, town=None, site=None,
                           distinct=other, place=region["canonical"] if other else cue.place,
                           country=region.get("country_code") or cue.country if other
                           else cue.country)
    return cue


def _campaign_type(kind: str) -> str | None:
    """The type a count over a period of this type's events counts: the first type it is
    ``within``, or the type itself when others are within it (a war)."""
    if _within(kind):
        return _within(kind)[0]
    return kind if any(kind in found for found in _containers().values()) else None


def _continued(doc: Doc, words: TokenTable, sent: Sentence, quantity: dict,
               told: list[tuple[dict, Cue | None]]) -> tuple[Cue, str] | None:
    """A sentence naming no event that details a figure of the sentence before it in its
    paragraph (one of its measure, no smaller) counts that figure's event ("18 died on the
    mountain. Nine were guides."); a bigger figure ("the country's 6,000 injured") does not."""
    before = _sentence_before(doc, words, sent)
    if before is None:
        return None
    wider = [cue for q, cue in told if before.start_char <= q["start"] < before.end_char
             and q.get("measure") == quantity.get("measure") and q["value"] >= quantity["value"]]
    return (wider[-1], "previous") if wider and wider[-1] is not None else None


@cache
def _containers() -> dict[str, tuple[str, ...]]:
    types = incident_lexicon()["types"]
    return {name: tuple(types[name].get("within", ())) for name in types["order"]}


def _within(kind: str) -> tuple[str, ...]:
    return _containers().get(kind, ())


def cue_fields(cue: Cue | None, how: str, quantity: dict, fallback: str) -> dict:
    """The additive ``incident_*`` fields of one quantity."""
    if cue is None:
        return {"incident_type": "", "incident_trigger": "", "incident_date": None,
                "incident_place": quantity.get("location"), "incident_country": fallback,
                "incident_cue": "", "incident_town": None, "incident_site": None}
    return {"incident_type": cue.type, "incident_trigger": cue.trigger,
            "incident_date": cue.date, "incident_place": cue.place or quantity.get("location"),
            "incident_country": cue.country or fallback, "incident_cue": how,
            "incident_distinct": cue.distinct, "incident_town": cue.town,
            "incident_site": cue.site}


def _days_count(cue: Cue | None, quantity: dict, evidence: str) -> Cue | None:
    """"10 more tanks destroyed", "another 25 soldiers killed" in a war: the losses since
    the last report are that day's fighting (``distinct``, dated by the report), not the
    war's running toll."""
    day = quantity.get("as_of") or ""
    if cue is None or _campaign_type(cue.type) != cue.type or len(day) != 10 or not \
            told_as_increment(evidence, quantity.get("number_text") or ""):
        return cue
    return replace(cue, distinct=True, date=day)


@cache
def _flow_verbs(kind: str) -> frozenset[str]:
    """The words of an ongoing flow counted by the day (``flow_days`` in incidents.toml)."""
    found = incident_lexicon()["types"].get(kind, {})
    return frozenset(found.get("lemmas", ())) if found.get("flow_days") else frozenset()


class IncidentCues:
    """Adds ``incident_*`` fields to every dict in ``doc._.cl_quantities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        quantities = doc._.cl_quantities or []
        if not quantities:
            return doc
        words, places = doc_tokens(doc), doc_places(doc)
        fallback = main_country(places.items)
        cues, since = _find_cues(doc, words, places, fallback), _since_dates(doc)
        mains: dict[str, Cue | None] = {}  # the main cue by measure
        told: list[tuple[dict, Cue | None]] = []  # quantities in text order, with their cue
        for quantity in sorted(quantities, key=lambda q: q["start"]):
            measure = quantity.get("measure", "")
            if measure not in mains:
                mains[measure] = main_cue(cues, measure)
            figure = _figure(doc, words, quantity)
            cue, how = _cue_for(doc, words, figure, cues, mains[measure], told)
            cue = _since_frame(figure.sent, cue, places, since)
            cue = _days_count(cue, quantity, doc_text(doc)[quantity["start"]:quantity["end"]])
            if cue is None:
                cue = _default_cue(quantity.get("measure", ""), quantity, fallback)
            told.append((quantity, cue))
            quantity.update(cue_fields(cue, how, quantity, fallback))
            quantity["count_window"] = count_window(doc, quantity, _flow_verbs(
                cue.type if cue is not None else ""))
        return doc
