"""Counting windows: running totals from different stated starts are different series, one
day's flow and a stock of people waiting are no rivals of a total."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.align import align


def _windows(run_pipeline, text: str) -> dict[float, str]:
    found = run_pipeline(text, published="2031-06-20")._.cl_quantities
    return {q["value"]: q["count_window"] for q in found}


def test_a_count_since_a_stated_start_carries_that_start(run_pipeline):
    found = _windows(run_pipeline, "The airlift out of Port Vell began in May. Since the end "
                                   "of May, about 80,000 have been evacuated, officials said. "
                                   "The navy has evacuated 61,000 people since 14 June.")
    assert found[80000] == "since:2031-05"
    assert found[61000] == "since:2031-06-14"


def test_a_days_flow_is_not_the_total_it_raises(run_pipeline):
    found = _windows(run_pipeline, "About 9,000 people were evacuated from Port Vell on "
                                   "Thursday, raising the total of evacuees to roughly 70,000 "
                                   "since 14 June, officials said on Friday.")
    assert found[9000] == "day:2031-06-19"
    assert found[70000] == "since:2031-06-14"


def test_a_yardstick_since_and_a_stock_of_people_waiting(run_pipeline):
    found = _windows(run_pipeline, "At least 286 people were killed before a truce ended the "
                                   "worst clashes since the 2020 war.\n\nThe evacuation of "
                                   "Port Vell goes on. At the base, thousands of evacuees must "
                                   "wait in the heat.")
    assert found[286] == ""
    assert found[2000] == "present"


def _evacuated(doc_id: str, value: float, window: str, claimant: str) -> object:
    return claim(doc_id, value, measure="displaced", incident="evacuation-x-2031-06-14",
                 incident_type="evacuation", count_window=window, claimant=claimant,
                 as_of="2031-06-19")


def test_series_with_different_starts_never_share_a_cluster():
    docs = [doc("a", "Outlet A", "2031-06-19"), doc("b", "Outlet B", "2031-06-20")]
    claims = [
        _evacuated("a", 101000, "", "Outlet A"),
        _evacuated("b", 110000, "since:2031-05", "Ministry"),
        _evacuated("b", 105000, "since:2031-06-14", "Ministry"),
        _evacuated("a", 104000, "since:2031-06", "Outlet A"),
        _evacuated("b", 12500, "day:2031-06-19", "Ministry"),
        _evacuated("a", 2000, "present", "Outlet A"),
    ]
    clusters = align(docs, claims)
    series = sorted(sorted(ref.value for ref in c.claims) for c in clusters)
    assert series == [[2000], [12500], [101000, 110000], [104000, 105000]]
    assert {c.window for c in clusters} == {
        "since:2031-05", "since:2031-06-14", "day:2031-06-19", "present"}


def test_a_sides_figure_stating_no_window_still_joins_its_fighters_series():
    docs = [doc("a", "Outlet A", "2031-06-15"), doc("b", "Outlet B", "2031-06-16")]
    common = {"incident": "armed-conflict-x-2031-06-13", "incident_type": "armed_conflict",
              "subject_side": "Northland", "claimant_side": "Northland",
              "claimant": "Northland"}
    claims = [claim("a", 49, as_of="2031-06-13", **common),
              claim("b", 105, as_of="2031-06-14", subject_role="military",
                    count_window="since:2031-06-13", **common)]
    clusters = align(docs, claims)
    assert [sorted(ref.value for ref in c.claims) for c in clusters] == [[49, 105]]


def test_a_days_span_and_a_day_on_the_figure_are_one_days_flow(run_pipeline):
    found = _windows(run_pipeline, "The evacuation of Port Vell goes on. The navy evacuated "
                                   "21,600 people in the past 24 hours. Some 3,000 fled "
                                   "overnight.")
    assert found[21600] == found[3000] == "day:2031-06-20"
    found = _windows(run_pipeline, "The evacuation of Port Vell goes on. The number of people "
                                   "evacuated is falling: 13,400 on Wednesday compared to "
                                   "19,600 the day before.")
    assert found[13400] == "day:2031-06-18"
