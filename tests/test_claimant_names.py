"""One claimant across documents: person names merged at corpus level (``merge_claimants``)."""

from __future__ import annotations

from claimledger.entities import merge_claimants
from claimledger.records import Entity, Quantity


def said(doc: str, name: str, kind: str = "person") -> Quantity:
    return Quantity(doc=doc, start=0, end=2, evidence="40", measure="killed", value=40,
                    claimant=name, claimant_text=f"Mr {name}", claimant_kind=kind)


def test_a_surname_and_its_transliteration_join_the_full_name():
    claims = [said("a", "Denis Pavlenko"), said("b", "Pavlenko"), said("c", "Denis Pavlenka"),
              said("d", "Pavlenka"), said("e", "Denis Pavlenko")]
    merged = merge_claimants(claims)
    assert {q.claimant for q in merged} == {"Denis Pavlenko"}
    assert [q.claimant_text for q in merged] == [q.claimant_text for q in claims]


def test_different_given_names_stay_apart():
    merged = merge_claimants([said("a", "Denis Pavlenko"), said("b", "Oleg Pavlenko"),
                              said("c", "Pavlenko")])
    assert [q.claimant for q in merged] == ["Denis Pavlenko", "Oleg Pavlenko", "Pavlenko"]


def test_a_surname_finds_its_full_name_among_the_corpus_people():
    person = Entity(doc="z", start=0, end=12, label="person", canonical="Ilham Aliyev",
                    canonical_id="person:ilham-aliyev", evidence="Ilham Aliyev")
    merged = merge_claimants([said("a", "Aliyev")], [person])
    assert merged[0].claimant == "Ilham Aliyev"


def test_only_people_are_merged():
    merged = merge_claimants([said("a", "Denis Pavlenko"), said("b", "Pavlenko", "organisation")])
    assert merged[1].claimant == "Pavlenko"
