"""Findings over time: count dates, the rising series, falls between claimants, vague
figures' order of magnitude (claims written for the tests)."""

from __future__ import annotations

from claim_builders import claim, doc
from claimledger.crosssource.align import align, count_date
from claimledger.crosssource.discrepancies import find_discrepancies
from claimledger.crosssource.evolution import evolution
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


def series_of(found):
    return next(d for d in by_reason(found, "revision")
                if d.note.startswith("The figure changed over time"))


def test_a_days_step_is_chosen_as_best_chooses_not_as_the_largest():
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-02"),
            doc("c", "Wire C", "2031-05-05")]
    claims = [claim("a", 1200, claimant="Police", claimant_kind="organisation"),
              claim("b", 4500, qualifier="more_than", claimant="Wire B", claimant_kind="wire",
                    evidence="the toll in the region rose above 4,500"),
              claim("b", 4417, start=40, claimant="Police", claimant_kind="organisation"),
              claim("c", 6100, claimant="Police", claimant_kind="organisation")]
    series = series_of(findings(docs, claims))
    assert [c["value"] for c in series.claims] == [1200, 4417, 6100]


def test_a_steps_restatement_the_same_day_joins_the_record():
    docs = [doc("a", "Wire A", "2031-09-13"), doc("b", "Wire B", "2031-09-14"),
            doc("c", "Wire C", "2031-09-19")]
    claims = [claim("a", 49, qualifier="at_least", claimant="Prime Minister"),
              claim("b", 105, claimant="Prime Minister"),
              claim("c", 200, qualifier="more_than", claimant="Security Council"),
              claim("c", 207, start=40, claimant="Security Council")]
    series = series_of(findings(docs, claims))
    assert sorted(c["value"] for c in series.claims) == [49, 105, 200, 207]
    assert "also told as more than 200" in series.note


def test_the_figure_a_change_started_from_is_the_earlier_step():
    docs = [doc("a", "Wire A", "2031-10-03"), doc("b", "Wire B", "2031-10-14")]
    claims = [claim("a", 34, claimant="Governor", evidence="has increased to 34"),
              claim("a", 16, start=30, claimant="Governor", number_text="from 16",
                    evidence="from 16", starting=True),
              claim("b", 48, claimant="Public Safety Department")]
    series = series_of(findings(docs, claims))
    assert [c["value"] for c in series.claims] == [16, 34, 48]
    raised = [claim("c", 2900, claimant="Governor", evidence="raised the toll to 2,900"),
              claim("c", 64, start=30, claimant="Governor",
                    evidence="raised the official toll from 64", starting=True)]
    series = series_of(findings(docs + [doc("c", "Wire C", "2032-08-28")], claims + raised))
    assert [c["value"] for c in series.claims] == [16, 34, 48, 64, 2900]


def test_a_vague_amount_is_no_step_on_a_day_a_number_was_told():
    docs = [doc("a", "Paper A", "2031-04-26"), doc("b", "Wire B", "2031-04-26"),
            doc("c", "Wire C", "2031-04-28")]
    claims = [claim("a", 200, qualifier="at_least", vague=True, number_text="hundreds",
                    claimant="Paper A", claimant_kind="outlet"),
              claim("b", 4200, qualifier="about", claimant="officials", claimant_kind="unnamed"),
              claim("c", 8100, claimant="Police", claimant_kind="organisation")]
    series = series_of(findings(docs, claims))
    assert [c["value"] for c in series.claims] == [4200, 8100]


def test_a_later_lower_count_from_another_claimant_is_a_conflict():
    docs = [doc("a", "Wire A", "2031-09-19"), doc("b", "Wire B", "2031-10-04")]
    claims = [claim("a", 20, claimant="Security Council", measure="captured"),
              claim("b", 17, claimant="Prime Minister", measure="captured")]
    falls = by_reason(findings(docs, claims), "conflict")
    assert [[c["value"] for c in d.claims] for d in falls] == [[20, 17]]
    assert "the later count from another claimant is lower" in falls[0].note


def test_a_count_that_rises_or_is_revised_by_its_own_claimant_is_no_fall():
    docs = [doc("a", "Wire A", "2031-09-19"), doc("b", "Wire B", "2031-10-04"),
            doc("c", "Wire C", "2031-10-20")]
    rising = [claim("a", 20, claimant="Council"), claim("b", 24, claimant="Ministry")]
    assert not by_reason(findings(docs, rising), "conflict")
    own = [claim("a", 20, claimant="Council"), claim("b", 16, claimant="Council"),
           claim("c", 17, claimant="Ministry")]
    assert not by_reason(findings(docs, own), "conflict")
    part = [claim("a", 4400, claimant="Police"), claim("b", 870, claimant="Ministry")]
    assert not by_reason(findings(docs, part), "conflict")
    told_as_past = [claim("a", 700, claimant="Officials"),
                    claim("b", 45, claimant="Ministry", evidence="down from 700"),
                    claim("b", 600, start=20, claimant="Ministry", number_text="down from 600",
                          evidence="down from 600", starting=True)]
    assert not by_reason(findings(docs, told_as_past), "conflict")


def test_a_count_that_may_fall_honestly_is_no_fall():
    docs = [doc("a", "Wire A", "2031-04-27"), doc("b", "Wire B", "2031-05-05")]
    claims = [claim("a", 1000, claimant="EU official", measure="missing"),
              claim("b", 600, claimant="European officials", measure="missing")]
    assert not by_reason(findings(docs, claims), "conflict")


def test_a_claimants_own_change_leaves_out_the_parts_of_its_day():
    docs = [doc("a", "Wire A", "2031-04-28")]
    claims = [claim("a", 4500, qualifier="more_than", claimant="Wire A", evidence="above 4,500"),
              claim("a", 4455, start=10, claimant="Wire A", evidence="has climbed to 4,455"),
              claim("a", 2757, start=20, claimant="Wire A", evidence="2,757 in the valley"),
              claim("a", 13, start=30, claimant="Wire A", evidence="13 bodies")]
    revised = by_reason(findings(docs, claims), "revision")
    assert [sorted(c["value"] for c in d.claims) for d in revised] == [[4455, 4500]]


def test_a_figure_told_as_where_a_change_started_makes_a_revision():
    docs = [doc("a", "Wire A", "2031-05-05")]
    claims = [claim("a", 60, claimant="EU officials", measure="missing",
                    evidence="60 citizens remain unaccounted for"),
              claim("a", 1000, start=40, claimant="EU officials", measure="missing",
                    evidence="down from the 1,000", starting=True)]
    revised = by_reason(findings(docs, claims), "revision")
    assert [[c["value"] for c in d.claims] for d in revised] == [[1000, 60]]


def test_later_counts_under_one_earlier_count_are_one_record():
    docs = [doc("a", "Wire A", "2031-09-19"), doc("b", "Wire B", "2031-10-04"),
            doc("c", "Wire C", "2031-10-09")]
    claims = [claim("a", 4600, claimant="Study"), claim("b", 2900, claimant="Governor"),
              claim("b", 3000, start=20, qualifier="about", number_text="nearly 3,000",
                    claimant="Gazette")]
    falls = [d for d in by_reason(findings(docs, claims), "conflict") if "later" in d.note]
    assert [[c["value"] for c in d.claims] for d in falls] == [[4600, 2900, 3000]]
    assert "the later counts from other claimants are lower" in falls[0].note


def test_two_figures_of_one_article_are_no_transcription_slip():
    docs = [doc("a", "Wire A", "2031-10-08")]
    claims = [claim("a", 260, claimant="Defence Ministry", measure="destroyed"),
              claim("a", 60, start=20, claimant="Defence Ministry", measure="destroyed")]
    assert not by_reason(findings(docs, claims), "transcription")


def test_a_fall_under_a_step_of_the_series_is_told_in_the_revision():
    docs = [doc(f"d{i}", f"Wire {i}", f"2031-09-{i:02d}") for i in (1, 6, 8)] + [
        doc("late", "Paper", "2031-12-14")]
    claims = [claim("d1", 370, claimant="Army chief"),
              claim("d6", 371, qualifier="at_least", claimant="Information Committee"),
              claim("d8", 387, claimant="Army"),
              claim("late", 376, claimant="Government")]
    found = findings(docs, claims)
    series = series_of(found)
    assert sorted(c["value"] for c in series.claims) == [370, 371, 376, 387]
    assert "387 (Army, 2031-09-08) vs later 376 (Government, 2031-12-14)" in series.note
    assert not [d for d in by_reason(found, "conflict") if "later" in d.note]


def test_a_claimants_evolution_puts_the_level_a_change_started_from_first():
    docs = [doc("a", "Wire A", "2031-10-03")]
    claims = [claim("a", 34, claimant="Governor", evidence="has increased to 34"),
              claim("a", 16, start=30, claimant="Governor", evidence="increased from 16",
                    starting=True)]
    assert [p.value for p in evolution(align(docs, claims))] == [16, 34]


def test_equal_figures_of_one_day_make_one_step():
    docs = [doc("a", "Wire A", "2031-10-18"), doc("b", "Wire B", "2031-10-19")]
    claims = [claim("a", 200, qualifier="at_least", vague=True, number_text="hundreds",
                    claimant=name, start=i * 10)
              for i, name in enumerate(("Reuters", "Spokesman", "Paper"))]
    claims += [claim("a", 480, start=40, claimant="Health Ministry"),
               claim("a", 50, start=50, qualifier="about", claimant="Analyst"),
               claim("b", 520, claimant="Officials")]
    series = series_of(findings(docs, claims))
    assert [c["value"] for c in series.claims][:2] == [480, 520]
    assert "Analyst" not in series.note


def test_a_part_of_a_days_toll_is_no_step_even_from_a_more_trusted_voice():
    docs = [doc("a", "Wire A", "2031-04-28"), doc("b", "Wire B", "2031-04-28"),
            doc("c", "Wire C", "2031-05-01")]
    claims = [claim("a", 13, claimant="Wire A", claimant_kind="wire",
                    evidence="13 bodies were recovered"),
              claim("b", 18, claimant="Ministry spokesman", claimant_kind="person"),
              claim("c", 21, claimant="Agency", claimant_kind="person")]
    series = series_of(findings(docs, claims))
    assert [c["value"] for c in series.claims] == [18, 21]
