"""Findings over time: count dates, the rising series, falls between claimants, vague
figures' order of magnitude (claims written for the tests)."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.align import align, count_date
from claimledger.crosssource.discrepancies import find_discrepancies


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
