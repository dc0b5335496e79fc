"""Resolve the incident cues of quantities into incidents shared across documents.

Each article says which event a figure counts (``pipeline/incident_cues.py``: a trigger
word's type, the date attached to it, its place). Here the mentions of all articles become
incidents: same type and era, compatible place (one country; for wars and attacks any
country the articles are about) and, when both carry a date, dates within the type's gap
(an earthquake and its aftershock three weeks later are two incidents). A mention with no
date joins the latest incident of its type that began at most ``span_days`` before the
article was published, or the dated local incident at the town or site it names up to
``recall_days`` back. Local incidents take the mentions of alike or bigger events placed at
their town (the avalanche, not the quake); an attack nobody dates or places joins the war
still reported in its country. Sorts and bisections per (type, era) bucket keep it
O(n log n).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from claimledger.entities import countries_about
from claimledger.lexicons import load_lexicon
from claimledger.records import Document, Entity, Incident, Quantity

_DEFAULT_GAP = (2, 400)  # no trigger at all: chain articles published within 400 days


@dataclass
class _Mention:
    """The cue of one or more quantities of one document (one local incident)."""

    type: str
    era: str
    name: str
    distinct: bool
    lo: int | None  # first and last day the stated date admits (a month admits 30)
    hi: int | None
    published: int | None
    country: str
    countries: frozenset[str]
    doc: str
    place: str | None = None
    town: frozenset[str] = frozenset()  # words of the town the trigger names, if any
    spot: frozenset[str] = frozenset()  # words of the town the figure is at, if any
    site: str = ""  # the kind of site the trigger names ("station"), if any
    named: str = ""  # the country of the place named, even one the article is not about
    indices: list[int] = field(default_factory=list)


@dataclass
class _Open:
    """An incident being built."""

    type: str
    era: str
    name: str
    distinct: bool
    anchor: int | None  # the day it happened (first stated date), None when never stated
    countries: set[str]
    last_published: int | None
    mentions: list[_Mention] = field(default_factory=list)
    own: set[str] = field(default_factory=set)  # countries its mentions name themselves
    places: set[str] = field(default_factory=set)
    towns: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # (country, words)
    sites: set[tuple[str, str]] = field(default_factory=set)  # (country, site word)


@cache
def _type_settings() -> dict[str, tuple[int, int, bool]]:
    types = load_lexicon("incidents")["types"]
    return {name: (int(types[name].get("gap_days", 2)), int(types[name].get("span_days", 60)),
                   bool(types[name].get("conflict", False))) for name in types["order"]}


@cache
def _local_types() -> frozenset[str]:
    """Types that happen at one place (``local = true`` in incidents.toml)."""
    types = load_lexicon("incidents")["types"]
    return frozenset(name for name in types["order"] if types[name].get("local"))


def _settings_for(kind: str) -> tuple[int, int, bool]:
    return _type_settings().get(kind, (*_DEFAULT_GAP, True))


@cache
def _distinct_gap(kind: str) -> int:
    """How far apart the days of two mentions of one sub-event (an aftershock, a day's
    fighting inside a war) may lie: ``distinct_gap_days``, else the type's gap."""
    types = load_lexicon("incidents")["types"]
    return int(types.get(kind, {}).get("distinct_gap_days", 0)) or _settings_for(kind)[0]


@cache
def _recall_days(kind: str) -> int:
    """How long after a dated local incident an undated mention of its town still means it."""
    types = load_lexicon("incidents")["types"]
    return int(types.get(kind, {}).get("recall_days", 0)) or _settings_for(kind)[1]


@cache
def _hosts(kind: str) -> tuple[str, ...]:
    """Local types whose incident at a town takes this type's mentions of that town: the same
    event under another name (``alike``), or set off by this bigger event (``follows``)."""
    types = load_lexicon("incidents")["types"]
    return tuple(name for name in types["order"] if name != kind and name in _local_types()
                 and (kind in types[name].get("alike", ())
                      or kind in types[name].get("follows", ())))


@lru_cache(maxsize=65536)
def day_range(text: str | None) -> tuple[int | None, int | None]:
    """Ordinal first and last day of "2015-04-25", "2015-04" or "2015"; (None, None) else."""
    if not text:
        return None, None
    parts = text[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) >= 3:
            day = dt.date(*numbers[:3]).toordinal()
            return day, day
        if len(numbers) == 2:
            first = dt.date(numbers[0], numbers[1], 1)
            following = dt.date(numbers[0] + numbers[1] // 12, numbers[1] % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        return dt.date(numbers[0], 1, 1).toordinal(), dt.date(numbers[0], 12, 31).toordinal()
    except ValueError:
        return None, None


def article_countries(entities: Iterable[Entity]) -> dict[str, frozenset[str]]:
    """Per document, the countries it is about (:func:`countries_about`)."""
    codes: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        if entity.label in ("place", "country") and entity.country_code:
            codes[entity.doc].append(entity.country_code)
    return {doc: countries_about(found) for doc, found in codes.items()}


def _mention_key(quantity: Quantity) -> tuple:
    return (quantity.doc, quantity.incident_type, quantity.era or "current",
            _name(quantity), quantity.incident_distinct, quantity.incident_date,
            quantity.incident_country, quantity.incident_place, quantity.incident_town,
            quantity.incident_site)


def _name(quantity: Quantity) -> str:
    """The event's proper name, if its trigger carried one ("hurricane maria" → "maria")."""
    words = quantity.incident_trigger.split()
    return " ".join(words[1:])


def country_names(entities: Iterable[Entity]) -> frozenset[str]:
    """Lower-cased names the ledger uses for countries (a place that is a whole country
    does not pin an incident to a town)."""
    names: set[str] = set()
    for entity in entities:
        if entity.label == "country":
            names.add(entity.canonical.casefold())
            names.update(alias.casefold() for alias in entity.aliases_seen)
    return frozenset(names)


def _town(place: str | None, countries: frozenset[str]) -> frozenset[str]:
    """The words of a place below country level; only places in a country the article is
    about count (the caller checks), so a misread name cannot split an incident."""
    if not place or place.casefold() in countries:
        return frozenset()
    return frozenset(re.findall(r"[^\W\d_]+", place.casefold()))


def _mentions(quantities: Sequence[Quantity], published: dict[str, int | None],
              countries: dict[str, frozenset[str]],
              country_words: frozenset[str] = frozenset()) -> list[_Mention]:
    grouped: dict[tuple, _Mention] = {}
    for index, quantity in enumerate(quantities):
        key = _mention_key(quantity)
        mention = grouped.get(key)
        if mention is None:
            lo, hi = day_range(quantity.incident_date)
            kind = quantity.incident_type
            named = own = quantity.incident_country
            wider = countries.get(quantity.doc, frozenset())
            if own and wider and own not in wider and _settings_for(kind)[2]:
                own = ""  # a stray place of a country the article is not about: a misreading
            mention = grouped[key] = _Mention(
                type=kind, era=quantity.era or "current", name=_name(quantity),
                distinct=quantity.incident_distinct, lo=lo, hi=hi,
                published=published.get(quantity.doc), country=own,
                countries=frozenset({own} if own else ()) | wider, doc=quantity.doc,
                place=quantity.incident_place, named=named,
                town=_town(quantity.incident_town, country_words) if own else frozenset(),
                spot=_town(quantity.incident_town or quantity.incident_place, country_words)
                if own else frozenset(), site=quantity.incident_site or "" if own else "")
        mention.indices.append(index)
    return list(grouped.values())


def _places_fit(mention: _Mention, incident: _Open) -> bool:
    """Some country in common: the place named, or one the articles are about (a quake's
    dead in a neighbouring country are its dead too; their cluster keeps the place); or the
    country the mention names is one the incident's own mentions name (Russia's
    peacekeepers in an article about two other countries)."""
    if not incident.countries or not mention.countries:
        return True
    return bool(incident.countries & mention.countries) or mention.named in incident.own


def _towns_fit(mention: _Mention, incident: _Open) -> bool:
    """A local incident (a strike, a capsize) happens in one town: a mention naming another
    town of the same country is another incident. Unnamed towns fit anywhere; a town of
    another country is left to the country rule (a neighbour's share, or a misreading)."""
    same_country = [words for country, words in incident.towns if country == mention.country]
    if incident.type not in _local_types() or not mention.town or not same_country:
        return True
    return any(mention.town & words for words in same_country)


def _fits(mention: _Mention, incident: _Open) -> bool:
    if mention.distinct != incident.distinct or not _places_fit(mention, incident):
        return False
    if not _towns_fit(mention, incident):
        return False
    return not (mention.name and incident.name and mention.name != incident.name)


def _join(incident: _Open, mention: _Mention) -> None:
    incident.mentions.append(mention)
    incident.countries |= mention.countries
    if mention.country:
        incident.own.add(mention.country)
    if mention.place:
        incident.places.add(mention.place)
    if mention.town and (mention.country, mention.town) not in incident.towns:
        incident.towns.append((mention.country, mention.town))
    if mention.site:
        incident.sites.add((mention.country, mention.site))
    incident.name = incident.name or mention.name
    if mention.published is not None:
        incident.last_published = max(incident.last_published or mention.published,
                                      mention.published)


def _new(mention: _Mention, anchor: int | None) -> _Open:
    incident = _Open(mention.type, mention.era, mention.name, mention.distinct, anchor,
                     set(), mention.published)
    _join(incident, mention)
    return incident


def _same_town(mention: _Mention, incident: _Open) -> bool:
    return bool(mention.town) and any(country == mention.country and mention.town & words
                                      for country, words in incident.towns)


def _resolve_bucket(mentions: list[_Mention], hosts: _Hosts) -> list[_Open]:
    """Day-dated mentions found incidents (in date order); coarser and undated ones join.
    A mention at the town of a local incident that hosts its type joins that incident."""
    gap, span, _ = _settings_for(mentions[0].type)
    mentions = [m for m in mentions if not hosts.take(m)]
    if not mentions:
        return []
    exact = sorted((m for m in mentions if m.lo is not None and m.lo == m.hi),
                   key=lambda m: (m.lo, m.doc))
    rest = sorted((m for m in mentions if not (m.lo is not None and m.lo == m.hi)),
                  key=lambda m: (m.published or 0, m.doc))
    incidents: list[_Open] = []
    recent: list[_Open] = []  # incidents whose anchor is still within the gap
    for mention in exact:
        recent = [i for i in recent if mention.lo - i.anchor <= gap]
        reach = _distinct_gap(mention.type) if mention.distinct else gap
        fitting = [i for i in reversed(recent) if _fits(mention, i)
                   and mention.lo - i.anchor <= reach]
        target = next((i for i in fitting if _same_town(mention, i)),
                      fitting[0] if fitting else None)
        if target is None:
            target = _new(mention, mention.lo)
            incidents.append(target)
            recent.append(target)
        else:
            _join(target, mention)
    return incidents + _place_loose(rest, incidents, gap, span)


class _Timeline:
    """Incidents in day order, looked up by a window of days with bisection."""

    def __init__(self, entries: list[tuple[int, _Open]]) -> None:
        entries.sort(key=lambda e: e[0])
        self.days = [day for day, _ in entries]
        self.items = [incident for _, incident in entries]

    def between(self, lo: int, hi: int) -> list[_Open]:
        return self.items[bisect_left(self.days, lo):bisect_right(self.days, hi)]


def _recalled(mention: _Mention, by_town: dict[tuple[str, str], _Timeline],
              reach: int | None) -> _Open | None:
    """The latest dated local incident at the town an undated mention names, begun at most
    ``recall_days`` before it (the theatre struck in March, its dead counted in May)."""
    if mention.lo is not None or reach is None:
        return None
    recall = _recall_days(mention.type)
    for word in [*sorted(mention.town), *([f"#{mention.site}"] if mention.site else [])]:
        found = by_town.get((mention.country, word))
        window = found.between(reach - recall, reach) if found else []
        target = next((i for i in reversed(window) if _fits(mention, i)), None)
        if target is not None:
            return target
    return None


def _town_index(dated: list[_Open]) -> dict[tuple[str, str], _Timeline]:
    """Dated incidents of a local type by (country, town word or "#" + site)."""
    index: dict[tuple[str, str], list[tuple[int, _Open]]] = defaultdict(list)
    for incident in dated:
        if incident.type not in _local_types() or incident.anchor is None:
            continue
        keys = {(country, word) for country, words in incident.towns for word in words}
        keys |= {(country, f"#{site}") for country, site in incident.sites}
        for key in keys:
            index[key].append((incident.anchor, incident))
    return {key: _Timeline(entries) for key, entries in index.items()}


def _place_loose(rest: list[_Mention], dated: list[_Open], gap: int, span: int) -> list[_Open]:
    """Month-, year- and un-dated mentions (in publication order) join the latest fitting
    incident that began before them, found by bisection; else they start one of their own."""
    anchors = [i.anchor for i in dated]  # dated incidents are in anchor order
    by_town = _town_index(dated)
    loose: list[_Open] = []  # undated incidents still within the span of their last article
    created: list[_Open] = []
    for mention in rest:
        hi = mention.hi if mention.lo is not None else mention.published
        lo = mention.lo - gap if mention.lo is not None else (
            hi - span if hi is not None else None)
        reach = hi + (gap if mention.lo is not None else 1) if hi is not None else None
        window = dated if reach is None or lo is None else dated[
            bisect_left(anchors, lo):bisect_right(anchors, reach)]
        fitting = [i for i in reversed(window) if _fits(mention, i)]
        target = next((i for i in fitting if _same_town(mention, i)), None) or _recalled(
            mention, by_town, reach) or next((i for i in fitting if mention.place in i.places),
                                             fitting[0] if fitting else None)
        if target is None:
            loose = [i for i in loose if i.last_published is None or hi is None
                     or hi - i.last_published <= span]
            target = next((i for i in reversed(loose) if _fits(mention, i)), None)
        if target is None:
            target = _new(mention, None)
            loose.append(target)
            created.append(target)
        else:
            _join(target, mention)
    return created


class _Hosts:
    """Local incidents already resolved, by (type, country, town word), in date order: a
    mention of a bigger or alike event at their town joins them ("18 died on the mountain
    after the quake" joins the avalanche on that mountain; a national toll does not)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str], list[tuple[int, _Open]]] = defaultdict(list)
        self._index: dict[tuple[str, str, str], _Timeline] = {}

    def add(self, incidents: list[_Open]) -> None:
        touched = set()
        for incident in incidents:
            day = incident.anchor if incident.anchor is not None else min(
                (m.published for m in incident.mentions if m.published is not None),
                default=None)
            if day is None or incident.type not in _local_types():
                continue
            for country, words in incident.towns:
                for word in words:
                    self._entries[(incident.type, country, word)].append((day, incident))
                    touched.add((incident.type, country, word))
        for key in touched:
            self._index[key] = _Timeline(self._entries[key])

    def take(self, mention: _Mention) -> bool:
        day = mention.lo if mention.lo is not None else mention.published
        if not mention.spot or day is None:
            return False
        for kind in _hosts(mention.type):
            gap, span, _ = _settings_for(kind)
            for word in sorted(mention.spot):
                found = self._index.get((kind, mention.country, word))
                window = found.between(day - span, day + gap) if found else []
                host = next((i for i in reversed(window)
                             if i.era == mention.era and _places_fit(mention, i)), None)
                if host is not None:
                    _join(host, mention)
                    return True
        return False


@cache
def _containers(kind: str) -> tuple[str, ...]:
    return tuple(load_lexicon("incidents")["types"].get(kind, {}).get("within", ()))


def _fold_unplaced(resolved: list[_Open]) -> list[_Open]:
    """An attack no article dates or places, told while a war of its country goes on, is a
    part of that war (the type's ``within``), found by bisection over the dated wars."""
    entries: dict[tuple[str, str], list[tuple[int, _Open]]] = defaultdict(list)
    for incident in resolved:
        if incident.anchor is not None:
            entries[(incident.type, incident.era)].append((incident.anchor, incident))
    dated = {key: _Timeline(found) for key, found in entries.items()}
    kept = []
    for incident in resolved:
        first = min((m.published for m in incident.mentions if m.published is not None),
                    default=None)
        host = None
        if incident.anchor is None and not incident.towns and not incident.sites and first:
            host = next(filter(None, (_container_at(dated[(kind, incident.era)], kind,
                                                    incident, first)
                                      for kind in _containers(incident.type)
                                      if (kind, incident.era) in dated)), None)
        if host is None:
            kept.append(incident)
            continue
        for mention in incident.mentions:
            _join(host, mention)
    return kept


def _fold_background(resolved: list[_Open]) -> list[_Open]:
    """"The 2020 war, which left thousands dead", in a 2022 article: a background figure
    counts an earlier incident, and when other articles report that incident as it
    happened (one of its type begun within the background's stated dates, places fitting)
    the figure joins it; else its background incident stands alone."""
    entries: dict[str, list[tuple[int, _Open]]] = defaultdict(list)
    for incident in resolved:
        if incident.era != "background" and incident.anchor is not None:
            entries[incident.type].append((incident.anchor, incident))
    current = {kind: _Timeline(found) for kind, found in entries.items()}
    kept = []
    for incident in resolved:
        host = _earlier_host(incident, current.get(incident.type))
        if host is None:
            kept.append(incident)
            continue
        host.mentions.extend(incident.mentions)  # a later article's look back: no
    return kept                                   # new place or date of reporting


def _earlier_host(incident: _Open, found: _Timeline | None) -> _Open | None:
    """The one current incident every mention of a background incident fits, if any."""
    if incident.era != "background" or found is None:
        return None
    hosts = set()
    for mention in incident.mentions:
        if mention.lo is None or mention.hi is None:
            return None
        fitting = [i for i in found.between(mention.lo, mention.hi)
                   if i.distinct == mention.distinct and _places_fit(mention, i)]
        if len(fitting) != 1:
            return None
        hosts.add(id(fitting[0]))
        host = fitting[0]
    return host if len(hosts) == 1 else None


def _container_at(found: _Timeline, kind: str, incident: _Open, day: int) -> _Open | None:
    """The latest war of the incident's countries begun within its span before ``day`` and
    still reported on within its gap of it."""
    gap, span, _ = _settings_for(kind)
    window = found.between(day - span, day)
    return next((i for i in reversed(window) if incident.countries & i.countries
                 and i.last_published is not None and day - i.last_published <= gap), None)


def _bucket_order(key: tuple[str, str]) -> tuple[bool, str, str]:
    """Local types first, so that their incidents can host the mentions of other types."""
    return (key[0] not in _local_types(), key[0], key[1])


def _iso(day: int | None) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day is not None else None


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _finish(found: _Open, quantities: Sequence[Quantity], seen: Counter) -> Incident:
    members = [quantities[i] for m in found.mentions for i in m.indices]
    triggers = Counter(q.incident_trigger.split()[0] for q in members if q.incident_trigger)
    places = Counter(q.incident_place for q in members if q.incident_place)
    countries = Counter(m.country for m in found.mentions if m.country)
    published = [m.published for m in found.mentions if m.published is not None]
    first = found.anchor if found.anchor is not None else min(published, default=None)
    last = max([*published, *([first] if first is not None else [])], default=None)
    place = places.most_common(1)[0][0] if places else None
    country = countries.most_common(1)[0][0] if countries else ""
    word = (f"{found.name.title()} " if found.name else "") + (
        triggers.most_common(1)[0][0] if triggers else (found.type or "figures"))
    label = " ".join(p for p in (word, f"in {place}" if place else "",
                                 f"of {_iso(first)}" if found.anchor is not None else
                                 f"(reported from {_iso(first)})" if first else "") if p)
    base = _slug("-".join(p for p in (found.type or "event", found.name, country,
                                      _iso(first) or "undated",
                                      "background" if found.era == "background" else "") if p))
    seen[base] += 1
    return Incident(
        id=base if seen[base] == 1 else f"{base}-{seen[base]}", label=label,
        type=found.type, first_date=_iso(first), last_date=_iso(last), location=place,
        country=country, docs=tuple(sorted({m.doc for m in found.mentions})),
        claims=len(members), era=found.era,
        triggers=tuple(t for t, _ in triggers.most_common()),
    )


def resolve_incidents(
    documents: Iterable[Document], quantities: Sequence[Quantity],
    entities: Iterable[Entity] = (),
) -> tuple[list[Incident], list[str]]:
    """The incidents of a ledger and, per quantity (same order), the id of its incident."""
    published = {d.id: day_range(d.published)[0] for d in documents}
    entities = tuple(entities)
    mentions = _mentions(quantities, published, article_countries(entities),
                         country_names(entities))
    buckets: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for mention in mentions:
        buckets[(mention.type, mention.era)].append(mention)
    ids = [""] * len(quantities)
    incidents: list[Incident] = []
    seen: Counter = Counter()
    hosts = _Hosts()
    resolved: list[_Open] = []
    for key in sorted(buckets, key=_bucket_order):
        found = _resolve_bucket(buckets[key], hosts)
        hosts.add(found)
        resolved.extend(found)
    for found in _fold_unplaced(_fold_background(resolved)):  # hosts took all by now
        incident = _finish(found, quantities, seen)
        incidents.append(incident)
        for mention in found.mentions:
            for index in mention.indices:
                ids[index] = incident.id
    incidents.sort(key=lambda i: (-i.claims, i.first_date or "", i.id))
    return incidents, ids
