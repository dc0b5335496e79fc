"""Whose losses a figure counts: the side (a country or group) and the role (military, civilians …).

Sides come from demonyms and country names in the counted noun phrase ("Armenian residents",
"Russia's force"), from the loser of "X lost 310", or from the claimant when the text says the
figure is the claimant's own ("from their side"). Roles come from ``data/measures.toml``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from claimledger.lexicons import load_lexicon
from claimledger.pipeline.extensions import doc_text

_CASUALTIES = ("killed", "wounded", "missing")
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "nummod", "quantmod", "det", "case", "punct"}


@cache
def _roles() -> dict[str, str]:
    roles: dict[str, str] = {}
    for role, lemmas in load_lexicon("measures")["roles"].items():
        for lemma in lemmas:
            roles.setdefault(lemma, role)
    return roles


@cache
def _own_side_phrases() -> tuple[str, ...]:
    return tuple(load_lexicon("measures")["own_side"]["phrases"])


def singular_demonym(text: str) -> str:
    """"Azerbaijanis" → "Azerbaijani", "Armenians" → "Armenian"; adjectives stay as they are."""
    if text.endswith("ns") or text.endswith("is") or text.endswith("ks"):
        return text[:-1]
    return text


class SideLookup:
    """Reads sides from the gazetteer's demonyms and countries, falling back on spaCy's NORP."""

    def subject(self, doc: Doc, sentence: Span, span: Span, counted: Token | None,
                cue: Token | None, claimant: dict, measure: str = "") -> dict:
        tokens = _subject_tokens(span, counted, cue)
        side, adjective = self._side_in(doc, tokens)
        role = _role(tokens[-1]) if tokens else ""
        if any(t.lemma_.lower().startswith("peacekeep") for t in tokens):
            role = "peacekeepers"
        lowered = sentence.text.lower()
        claimant_side = claimant.get("claimant_side", "")
        if not side and claimant_side and (
            any(p in lowered for p in _own_side_phrases())
            or (role == "military" and claimant.get("claimant_kind") not in ("outlet", "wire", ""))
        ):
            side, adjective = claimant_side, self._adjective_for(doc, claimant_side)
        if not side and measure in _CASUALTIES and role in ("", "people"):
            side, adjective = self._side_from_context(doc, sentence, claimant)
        noun = tokens[-1].lower_ if tokens else ""
        label = role if role in ("military",) else noun if noun != adjective.lower() + "s" else ""
        if side and not label:
            label = "side"
        subject = " ".join(w for w in (adjective, label) if w)
        text = doc_text(doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])] if tokens else ""
        return {"subject": subject, "subject_text": text, "side": side, "role": role,
                "_tokens": tuple(tokens)}

    def _side_in(self, doc: Doc, tokens: list[Token]) -> tuple[str, str]:
        if not tokens:
            return "", ""
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        for demonym in doc._.cl_demonyms or []:
            if start <= demonym["start"] < end:
                return demonym["country"], singular_demonym(demonym["text"])
        for entity in doc._.cl_entities or []:
            if start <= entity["start"] < end and entity["label"] == "country":
                return entity["canonical"], self._adjective_for(doc, entity["canonical"])
        for token in tokens:
            if token.ent_type_ == "GPE" and token.dep_ == "poss":
                return token.text, self._adjective_for(doc, token.text)
            if token.ent_type_ == "NORP":
                adjective = singular_demonym(token.text)
                return adjective, adjective
        return "", ""

    def _side_from_context(self, doc: Doc, sentence: Span, claimant: dict) -> tuple[str, str]:
        """"The attack left 200 killed, an official said": whose dead, when the sentence (or,
        failing that, the one before it in the paragraph) names exactly one side."""
        claimant_span = (claimant.get("claimant_start", -1), claimant.get("claimant_end", -1))
        for window in (sentence, _previous_in_paragraph(doc, sentence)):
            if window is None:
                continue
            found = {d["country"]: singular_demonym(d["text"]) for d in doc._.cl_demonyms or []
                     if window.start_char <= d["start"] < window.end_char
                     and not claimant_span[0] <= d["start"] < claimant_span[1]}
            if len(found) == 1:
                return next(iter(found.items()))
            if found:
                return "", ""
        return "", ""

    def _adjective_for(self, doc: Doc, country: str) -> str:
        for demonym in doc._.cl_demonyms or []:
            if demonym["country"] == country:
                return singular_demonym(demonym["text"])
        return country


def _previous_in_paragraph(doc: Doc, sentence: Span) -> Span | None:
    if sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    gap = doc_text(doc)[previous.start_char + len(previous.text.rstrip()):sentence.start_char]
    return None if "\n" in gap or "\n" in previous.text.strip() else previous


def _subject_tokens(span: Span, counted: Token | None, cue: Token | None) -> list[Token]:
    """The counted noun with its left modifiers, or the loser in "X lost 310"."""
    if counted is None and cue is not None and cue.pos_ == "VERB" and cue.lemma_.lower() in (
            "lose", "suffer"):
        subjects = [c for c in cue.children if c.dep_ == "nsubj"]
        if subjects:
            return list(subjects[0].subtree)
    if counted is None:
        return []
    modifiers = [t for t in counted.lefts if t.dep_ in _MODIFIER_DEPS and t.i >= span.end]
    poss = [t for t in counted.lefts if t.dep_ == "poss"]
    first = min([counted.i] + [t.left_edge.i for t in modifiers + poss])
    return [t for t in counted.doc[first:counted.i + 1] if not t.is_punct and t.i not in range(
        span.start, span.end)]


def _role(noun: Token) -> str:
    return _roles().get(noun.lemma_.lower()) or _roles().get(noun.lower_, "")
