"""Findings over time: count dates, the rising series, falls between claimants, vague
figures' order of magnitude (claims written for the tests)."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.align import align, count_date
from claimledger.crosssource.discrepancies import find_discrepancies
from claimledger.crosssource.intervals import compatible, interval_for


def findings(docs, claims):
    return find_discrepancies(align(docs, claims))


def by_reason(found, reason):
    return [d for d in found if d.reason == reason]


def test_a_count_dated_at_or_before_its_incident_speaks_for_its_report():
    quake_day = claim("a", 950, as_of="2031-04-25", incident_date="2031-04-25")
    assert count_date(quake_day, "2031-04-28") == "2031-04-28"
    year = claim("a", 950, as_of="2031", incident_date="2031-04-25")
    assert count_date(year, "2032-05-29") == "2032-05-29"
    later = claim("a", 950, as_of="2031-04-27", incident_date="2031-04-25")
    assert count_date(later, "2031-04-28") == "2031-04-27"
    in_month = claim("a", 950, as_of="2031-04-27", incident_date="2031-04")
    assert count_date(in_month, "2031-05-02") == "2031-04-27"
    old = claim("a", 950, as_of="2005", incident_date="2005", era="background")
    assert count_date(old, "2031-04-28") == "2005"


def test_a_vague_amount_stays_under_its_next_power_of_ten():
    dozens = interval_for(24, "at_least", vague=True, number_text="dozens")
    assert (dozens.lo, dozens.hi, dozens.hi_open) == (24, 100, True)
    assert interval_for(200, "at_least", vague=True, number_text="hundreds").hi == 1_000
    assert interval_for(20_000, "at_least", vague=True,
                        number_text="tens of thousands").hi == 100_000
    several = interval_for(36, "at_least", vague=True, number_text="several dozen")
    assert not compatible(several, interval_for(480))
    assert compatible(several, interval_for(50, "about"))
    assert not compatible(dozens, interval_for(100))


def test_if_not_or_even_widen_a_vague_amount_to_the_next_power():
    for wording in ("dozens if not hundreds", "dozens or even hundreds", "dozens or low hundreds"):
        wide = interval_for(24, "at_least", vague=True, number_text=wording)
        assert wide.hi == 1_000
        assert compatible(wide, interval_for(480)) and not compatible(wide, interval_for(1_200))


def test_several_dozen_against_a_toll_in_the_hundreds_is_a_conflict():
    docs = [doc("a", "Wire A", "2031-10-18"), doc("b", "Paper B", "2031-10-18")]
    claims = [claim("a", 480, claimant="Health Ministry", claimant_kind="organisation"),
              claim("b", 36, qualifier="at_least", vague=True, number_text="several dozen",
                    low=36, claimant="Foreign Ministry", claimant_kind="government")]
    conflicts = by_reason(findings(docs, claims), "conflict")
    assert [sorted(c["value"] for c in d.claims) for d in conflicts] == [[36, 480]]
    cluster = align(docs, claims)[0]
    assert (cluster.low, cluster.high) == (36, 480)
