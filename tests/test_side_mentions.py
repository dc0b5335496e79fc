"""The gazetteer's demonyms and countries as the side readers look them up (mentions and
sentences written for these tests)."""

from __future__ import annotations

from claimledger.pipeline.side_mentions import FirstStarting, SideMentions
from claimledger.pipeline.sides import SideLookup


def _mention(start: int, text: str, **fields) -> dict:
    return {"start": start, "end": start + len(text), "text": text, **fields}


def test_first_starting_is_the_first_of_the_list_in_the_range() -> None:
    mentions = [_mention(40, "Ruritanian"), _mention(10, "Velmian"), _mention(12, "Osterlich"),
                _mention(10, "Velm")]
    index = FirstStarting(mentions)
    assert index.first(0, 100) is mentions[0]  # the list's order, not the text's
    assert index.first(10, 40) is mentions[1]
    assert index.first(11, 40) is mentions[2]
    assert index.first(13, 40) is None and index.first(41, 41) is None
    assert FirstStarting([]).first(0, 10) is None


def test_side_mentions_keep_countries_and_each_countrys_first_demonym() -> None:
    entities = [_mention(0, "Velm", label="place"), _mention(9, "Ruritania", label="country")]
    demonyms = [_mention(30, "Ruritanians", country="Ruritania"),
                _mention(50, "Ruritanian", country="Ruritania"),
                _mention(70, "Osterlich", country="Osterland")]
    mentions = SideMentions(entities, demonyms)
    assert mentions.countries.first(0, 100) is entities[1]
    assert mentions.demonym_of["Ruritania"] is demonyms[0]
    assert mentions.demonyms.first(31, 100) is demonyms[1]
    assert mentions.entities is entities


def test_a_side_lookup_reads_the_mentions_of_the_doc_it_is_given(run_pipeline) -> None:
    first = run_pipeline("Twelve Georgian soldiers were killed in Tbilisi on Monday.")
    second = run_pipeline("Nine Armenian soldiers were wounded on Tuesday.")
    lookup = SideLookup()
    taken = lookup.mentions_of(first)
    assert {d["text"] for d in taken.demonym_of.values()} == {"Georgian"}
    assert lookup.mentions_of(first) is taken  # once for all the doc's figures
    assert {d["text"] for d in lookup.mentions_of(second).demonym_of.values()} == {"Armenian"}
    lookup.read(second)  # taken afresh: the gazetteer may have read the doc again
    second._.cl_demonyms = []
    assert lookup.mentions_of(second).demonym_of == {}
