"""The model's attribute ruler, compiled into per-token look-ups: same attributes, less cost.

en_core_web_sm's ``attribute_ruler`` maps tags (and a few words, dependencies and spaces) to
``pos``, ``morph`` and some lemmas through 179 Matcher patterns; spaCy then builds a Span
and sets the attributes once per match, several matches per token, which cost about as
much as the parser. Nearly all its patterns test one token, so what a token gets depends
only on its lower form, tag, dependency and whether it is a space: here that answer is
computed once per distinct combination and kept, and patterns of several tokens are
checked only where their first token fits. The rules are compiled from the loaded ruler's
own ``patterns`` at build time, so they follow the model; when a pattern uses anything
this compiler does not know (operators, other attributes), the model's ruler stays.

Precedence is the ruler's: every match is found on the attributes as the earlier
components left them, then the patterns are applied in the order they were added, a later
pattern overriding an earlier one only on the attributes it sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

RULER = "attribute_ruler"
NAME = "claimledger_attribute_rules"  # registered in factories.py
# What patterns may test (the columns of a token's key) and what they may set.
READ = (LOWER, TAG, DEP, IS_SPACE)
WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)
_CACHE_LIMIT = 200_000  # distinct token keys kept before the memo starts afresh

Test = Callable[[tuple[int, ...]], bool]


class Unsupported(ValueError):
    """A pattern this compiler does not reproduce exactly: keep spaCy's ruler."""


def _value_test(column: int, value: object, vocab: Vocab) -> tuple[Test, frozenset | None]:
    """The Matcher's test of one attribute (equality, IN, NOT_IN, or REGEX on the string), and
    the values it can only pass with, if it names them (equality and IN)."""
    if isinstance(value, (bool, str, int)):
        wanted = vocab.strings.add(value) if isinstance(value, str) else int(value)
        return (lambda key: key[column] == wanted), frozenset((wanted,))
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(f"attribute value {value!r}")
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        ids = frozenset(vocab.strings.add(v) if isinstance(v, str) else v for v in arg)
        if op == "IN":
            return (lambda key: key[column] in ids), ids
        return (lambda key: key[column] not in ids), None
    if op == "REGEX" and isinstance(arg, str):
        search, strings = re.compile(arg).search, vocab.strings
        return (lambda key: bool(search(strings[key[column]]))), None
    raise Unsupported(f"operator {op!r}")


@dataclass(frozen=True)
class Slot:
    """One token of one alternative of a rule: its test, and (column, values) it needs."""

    rule: int
    alternative: int
    position: int
    length: int
    test: Test
    anchor: tuple[int, frozenset] | None


def _slot(rule: int, alternative: int, position: int, length: int, spec: dict,
          vocab: Vocab) -> Slot:
    """All of a pattern token's tests (the Matcher ANDs them); anchored on the lower form if
    it names it, else on the tag, else on whatever it names."""
    tests, anchors = [], {}
    for name, value in spec.items():
        attr = IDS.get(str(name).upper())
        if attr not in READ:
            raise Unsupported(f"pattern key {name!r}")
        test, values = _value_test(READ.index(attr), value, vocab)
        tests.append(test)
        if values is not None:
            anchors[READ.index(attr)] = values
    anchor = min(anchors.items(), default=None)  # READ is ordered LOWER, TAG, DEP, IS_SPACE
    return Slot(rule, alternative, position, length,
                lambda key: all(test(key) for test in tests), anchor)


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: its target token and the attributes it sets there."""

    index: int
    attrs: tuple[tuple[int, int], ...]


def compile_rules(vocab: Vocab, patterns: Iterable[dict]) -> tuple[list[Rule], list[Slot]]:
    """The ruler's ``patterns`` (in their order) as rules and the token slots that match
    them; Unsupported if one is beyond this compiler."""
    rules, slots = [], []
    for r, pattern in enumerate(patterns):
        index = pattern.get("index", 0)
        for a, alternative in enumerate(pattern["patterns"]):
            if not -len(alternative) <= index < len(alternative):
                raise Unsupported(f"index {index} outside a pattern of {len(alternative)}")
            slots += [_slot(r, a, j, len(alternative), spec, vocab)
                      for j, spec in enumerate(alternative)]
        attrs = normalize_token_attrs(vocab, dict(pattern["attrs"]))
        if any(attr not in WRITTEN for attr in attrs):
            raise Unsupported(f"attributes {pattern['attrs']!r}")
        rules.append(Rule(index, tuple(attrs.items())))
    return rules, slots


class AttributeRules:
    """Sets what the model's attribute ruler sets, from rules compiled out of its patterns."""

    def __init__(self, name: str, rules: Sequence[Rule], slots: Sequence[Slot]) -> None:
        self.name = name
        self.rules = list(rules)
        self._anchored: dict[tuple[int, int], list[Slot]] = {}
        self._free: list[Slot] = []
        for slot in slots:
            if slot.anchor is None:
                self._free.append(slot)
            for value in slot.anchor[1] if slot.anchor else ():
                self._anchored.setdefault((slot.anchor[0], value), []).append(slot)
        self._starts = [s for s in slots if s.length > 1 and s.position == 0]
        self._memo: dict[tuple[int, ...], tuple] = {}
        self._merged: dict[tuple[int, ...], int] = {}  # matched rules → row of the tables
        # Row k: the attribute values that merged rules set (0 where unset), and which.
        self._values: list[tuple[int, ...]] = []
        self._sets: list[tuple[bool, ...]] = []
        self._tables = (numpy.zeros((0, len(WRITTEN)), dtype=numpy.uint64),
                        numpy.zeros((0, len(WRITTEN)), dtype=bool))

    def _key_facts(self, key: tuple[int, ...]) -> tuple:
        """What one token key gives: the attributes of the one-token rules it matches, those
        rules, and the (rule, alternative, position) slots of longer patterns it fits."""
        candidates = list(self._free)
        for column, value in enumerate(key):
            candidates += self._anchored.get((column, value), ())
        fits = [slot for slot in candidates if slot.test(key)]
        singles = tuple(sorted({slot.rule for slot in fits if slot.length == 1}))
        spans = frozenset((s.rule, s.alternative, s.position) for s in fits if s.length > 1)
        return self._merge(singles), singles, spans

    def _merge(self, matched: tuple[int, ...]) -> int:
        """The row of :meth:`_rows` holding the attribute values of rules applied in order,
        later ones winning."""
        merged = self._merged.get(matched)
        if merged is None:
            values: dict[int, int] = {}
            for r in matched:
                values.update(self.rules[r].attrs)
            self._values.append(tuple(values.get(attr, 0) for attr in WRITTEN))
            self._sets.append(tuple(attr in values for attr in WRITTEN))
            merged = self._merged[matched] = len(self._values) - 1
        return merged

    def _rows(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The values and the set-or-not of every merged row, as arrays (made again when
        rows were added)."""
        if len(self._tables[0]) != len(self._values):
            self._tables = (numpy.array(self._values, dtype=numpy.uint64),
                            numpy.array(self._sets, dtype=bool))
        return self._tables

    def _facts(self, keys: list[tuple[int, ...]]) -> list[tuple]:
        memo = self._memo
        if len(memo) > _CACHE_LIMIT:
            memo.clear()
        facts = []
        for key in keys:
            fact = memo.get(key)
            if fact is None:
                fact = memo[key] = self._key_facts(key)
            facts.append(fact)
        return facts

    def _span_matches(self, facts: list[tuple]) -> dict[int, set[int]]:
        """Token → rules of several tokens that target it (only where a first token fits)."""
        extra: dict[int, set[int]] = {}
        for start, fact in enumerate(facts):
            if not fact[2]:
                continue
            for s in self._starts:
                if (s.rule, s.alternative, 0) in fact[2] and start + s.length <= len(facts) and all(
                        (s.rule, s.alternative, j) in facts[start + j][2]
                        for j in range(1, s.length)):
                    extra.setdefault(start + self.rules[s.rule].index % s.length,
                                     set()).add(s.rule)
        return extra

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array(list(READ + WRITTEN))
        facts = self._facts(list(map(tuple, array[:, :len(READ)].tolist())))
        for i, rules in self._span_matches(facts).items():
            facts[i] = (self._merge(tuple(sorted(set(facts[i][1]) | rules))),) + facts[i][1:]
        rows = [fact[0] for fact in facts]
        values, sets = self._rows()
        doc.from_array(list(WRITTEN), numpy.where(sets[rows], values[rows],
                                                  array[:, len(READ):]))
        return doc


def compiled_ruler(nlp: Language, name: str, source: str = RULER) -> AttributeRules:
    """The ``source`` attribute ruler of ``nlp``, compiled (raises Unsupported if it cannot)."""
    return AttributeRules(name, *compile_rules(nlp.vocab, nlp.get_pipe(source).patterns))


def replace_attribute_ruler(nlp: Language) -> None:
    """Put the compiled rules in place of the model's attribute ruler, if they reproduce it."""
    if RULER not in nlp.pipe_names:
        return
    try:
        nlp.add_pipe(NAME, after=RULER, config={"source": RULER})
    except Unsupported:
        return
    nlp.remove_pipe(RULER)
