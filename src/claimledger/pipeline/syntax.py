"""Small readings of the dependency parse shared by the components."""

from __future__ import annotations

from spacy.tokens import Token


def of_objects(noun: Token, *, through_conjuncts: bool = False) -> list[Token]:
    """The nouns after "of" ("the number of dead", "some of the officials"); with
    ``through_conjuncts`` also those of its conjuncts ("types and models of vehicles")."""
    heads = [noun] + ([c for c in noun.children if c.dep_ == "conj"] if through_conjuncts
                      else [])
    return [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj"]


def of_object(noun: Token) -> Token | None:
    """The first noun after the noun's own "of", if any."""
    objects = of_objects(noun)
    return objects[0] if objects else None
