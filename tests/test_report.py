"""The static report: sections, working anchors, escaping, nothing loaded from outside."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claim_builders import claim, doc
from claimledger.crosssource import build_view
from claimledger.report import build_model, write_report
from claimledger.report.highlight import highlight_document
from claimledger.report.markdown import cell
from claimledger.report.model import format_figure

_FIXTURE = Path(__file__).parent / "fixtures" / "report" / "fixture_view.py"
_spec = importlib.util.spec_from_file_location("report_fixture_view", _FIXTURE)
fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture)

SECTIONS = ("Incidents", "Overview", "Discrepancies", "Figure timelines", "Event timeline",
            "Framing", "Outlet profiles", "Documents")


class PageParser(HTMLParser):
    """Collects ids, links, resource attributes, inline styles and text per tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.styles: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._stack.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id":
                self.ids.append(value or "")
            if name == "style":
                self.styles.append(value or "")

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "h2":
            self.headings.append(data.strip())
        if self._stack and self._stack[-1] == "style":
            self.styles.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_report(fixture.fixture_view(), out)
    html = paths["html"].read_text(encoding="utf-8")
    page = PageParser()
    page.feed(html)
    return paths, html, page


def test_writes_html_markdown_and_chart_files(report):
    paths, _, _ = report
    assert paths["html"].name == "index.html" and paths["markdown"].name == "report.md"
    charts = sorted(p.name for k, p in paths.items() if k.startswith("chart:"))
    assert charts == ["events.svg", "measures.svg", "profiles.svg", "timeline-0.svg",
                      "timeline-1.svg"]


def test_every_section_heading_is_present(report):
    _, _, page = report
    assert page.headings == list(SECTIONS)


def test_every_internal_link_resolves_to_an_anchor(report):
    _, _, page = report
    ids = set(page.ids)
    links = [v for tag, name, v in page.attrs if tag == "a" and name == "href"]
    internal = [v[1:] for v in links if v.startswith("#")]
    assert internal and all(target in ids for target in internal)
    assert len(page.ids) == len(ids), "duplicate ids"


def test_claim_links_point_at_highlighted_evidence(report):
    _, html, page = report
    claim_links = re.findall(r'<a href="#(q-[^"]+)">', html)
    # 4 + 2 discrepancy claims, 5 + 3 timeline claims, 9 in the claims table
    assert len(claim_links) == 23
    view = fixture.fixture_view()
    evidence = {f"q-{q.doc}-{q.start}": q.evidence for q in view.quantities}
    for anchor in claim_links:
        mark = re.search(rf'<mark id="{anchor}"[^>]*>([^<]*)</mark>', html)
        assert mark, anchor
        assert evidence[anchor].startswith(mark.group(1))


def test_discrepancy_claim_without_offset_links_to_its_quantity(report):
    _, html, _ = report
    view = fixture.fixture_view()
    died = next(q for q in view.quantities if q.evidence == "57 people died")
    section = html[html.index('id="discrepancies"'):html.index('id="timelines"')]
    assert f'href="#q-h2-{died.start}"' in section
    assert "2024-03-05" in section  # date filled in from the quantity


def test_hostile_text_is_shown_as_text(report):
    _, html, page = report
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;unverified&lt;/b&gt;" in html
    assert "b" not in page.tags
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert 'href="javascript:' not in html


def test_nothing_is_loaded_from_anywhere(report):
    _, html, page = report
    ids = set(page.ids)
    for tag, name, value in page.attrs:
        assert not (name == "src"), (tag, value)
        if name in ("href", "xlink:href") and tag != "a":
            assert value.startswith("#") and value[1:] in ids, (tag, value)
        if tag == "a" and name == "href" and not value.startswith("#"):
            assert value.startswith("https://example.org/")
    assert {"script", "link", "img", "iframe", "object", "embed"}.isdisjoint(page.tags)
    css = "\n".join(page.styles) + "\n" + " ".join(v for _, _, v in page.attrs)
    assert "@import" not in css
    for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css):
        assert target.startswith("#") and target[1:] in ids, target


def test_charts_are_inline_svg_elements(report):
    _, html, page = report
    assert page.tags.count("svg") == 5
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert {"chart-measures", "chart-events", "chart-profiles", "chart-timeline-0",
            "chart-timeline-1"} <= set(page.ids)
    svg = html[html.index('id="chart-timeline-0"'):]
    svg = svg[:svg.index("</svg>")]
    assert "interior ministry" in svg and "&lt;b&gt;a reader&lt;/b&gt;" in svg


def test_overlapping_spans_are_all_highlighted():
    view = fixture.fixture_view()
    doc = next(d for d in view.documents if d.id == "x4")
    article = highlight_document(doc, [q for q in view.quantities if q.doc == "x4"],
                                 [e for e in view.events if e.doc == "x4"])
    assert "".join(s.text for s in article.segments) == doc.text
    both = [s for s in article.segments if len(s.claims) == 2]
    assert [s.text for s in both] == ["toll is 90"]
    assert {"q-x4-" + str(q.start) for q in view.quantities if q.doc == "x4"} <= article.anchors
    inside_event = [s for s in article.segments if s.event and "<script>" in s.text]
    assert inside_event


def test_framing_and_profiles_tables(report):
    _, html, _ = report
    framing = html[html.index('id="framing"'):html.index('id="profiles"')]
    assert re.search(r'class="loaded"[^>]*>man-made disaster<', framing)
    assert not re.search(r'class="loaded"[^>]*>failure<', framing)
    assert "1 (quoted)" in framing
    assert "Aldanport (1)" in framing and "Port Aldane (2)" in framing
    profiles = html[html.index('id="profiles"'):html.index('id="documents"')]
    assert "67%" in profiles and "33%" in profiles


def test_markdown_has_the_tables(report):
    paths, _, _ = report
    md = paths["markdown"].read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in md
    assert "| Figure | Claimant | Outlet | Date |" in md
    assert re.search(r"\| \[at least 40\]\(index\.html#q-n1-\d+\) \| Governor Ilse Marrow", md)
    assert "| man-made disaster ⚑ |" in md
    assert "![Claims per measure and outlet](charts/measures.svg)" in md
    for ref in re.findall(r"\]\((charts/[^)]+)\)", md):
        assert (paths["html"].parent / ref).is_file()
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_markdown_cells_cannot_break_the_table():
    assert cell('"Port Aldane" | Aldanport\nnext') == '"Port Aldane" \\| Aldanport next'
    assert cell("<b>*x*</b>") == "&lt;b&gt;\\*x\\*&lt;/b&gt;"


def test_empty_view_renders_with_placeholders(tmp_path):
    paths = write_report(fixture.empty_view(), tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    assert "No discrepancies between outlets were found." in html
    assert "No dated events were extracted." in html
    assert "No figure was reported at two or more points in time." in html
    assert not (tmp_path / "charts").exists()
    assert "<svg" not in html
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "No figure claims were extracted." in md


def test_figures_read_like_a_reporter_would_write_them():
    assert format_figure(200, "at_least") == "at least 200"
    assert format_figure(18000, "range", 18000, 20000) == "18,000–20,000"
    assert format_figure(150000, "about") == "about 150,000"
    assert format_figure(2.5, "exact") == "2.5"


def test_model_counts_claims_per_measure_and_outlet():
    model = build_model(fixture.fixture_view())
    assert model.counts.measures[0] == "killed"
    assert model.counts.table["killed"] == {"North Courier": 1, "Harbour Times": 1,
                                            "Eastern Wire": 2, "Open <Forum> & Co": 1}
    assert model.date_span == ("2024-03-04", "2024-03-08")
    assert [t.cluster for t in model.timelines] == ["c-killed", "c-displaced"]


def test_the_report_opens_on_incidents_with_headline_figures(tmp_path):
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Paper B", "2031-05-03")]
    claims = [claim(d, v, claimant=who, claimant_kind="organisation", incident_type="earthquake",
                    incident_trigger="quake", incident_date="2031-05-01", incident_country="NP")
              for d, v, who in (("a", 25, "Police"), ("b", 200, "Police"), ("b", 210, "Army"))]
    view = build_view(docs, claims)
    html = write_report(view, tmp_path)["html"].read_text(encoding="utf-8")
    opening = html[html.index('id="incidents"'):html.index('id="overview"')]
    assert "quake" in opening and "2031-05-01" in opening
    assert "<strong><a href=\"#timeline-0\">200</a></strong>" in opening
    assert "200–210" in opening and "Paper B, Wire A" in opening


def _two_clusters_apart_in_time():
    """Two incidents a year apart, each a figure that changes: two charts, two date spans."""
    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Paper B", "2031-05-04"),
            doc("c", "Wire A", "2032-09-10"), doc("d", "Paper B", "2032-09-20")]
    quake = {"incident_type": "earthquake", "incident_trigger": "quake",
             "incident_date": "2031-05-01", "incident_country": "NP"}
    flood = {"incident_type": "flood", "incident_trigger": "flood",
             "incident_date": "2032-09-10", "incident_country": "BD"}
    claims = [claim("a", 25, claimant="National Disaster Management Authority", **quake),
              claim("b", 200, claimant="Police", **quake),
              claim("c", 12, claimant="Interior Ministry of the Republic", **flood),
              claim("d", 90, claimant="Red Crescent", **flood)]
    return build_view(docs, claims)


def _legend_texts(svg: str) -> list[tuple[float, float, float, str]]:
    legend = svg[svg.index('<g id="legend_1">'):]
    return [(float(x), float(y), float(size), text) for size, x, y, text in re.findall(
        r'<text style="font-size: ([\d.]+)px[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<',
        legend)]


def test_each_timeline_chart_spans_its_own_dates_with_the_legend_inside(tmp_path):
    paths = write_report(_two_clusters_apart_in_time(), tmp_path)
    charts = sorted((tmp_path / "charts").glob("timeline-*.svg"))
    assert len(charts) == 2
    svgs = [path.read_text(encoding="utf-8") for path in charts]
    years = [{y for y in ("2031", "2032") if y in svg.split("</metadata>")[1]} for svg in svgs]
    assert sorted(years, key=sorted) == [{"2031"}, {"2032"}]
    for svg in svgs:
        width, height = map(float, re.search(
            r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
        texts = _legend_texts(svg)
        assert len(texts) >= 2
        for x, y, size, text in texts:  # a generous 0.65 em per character
            assert 0 <= x and x + 0.65 * size * len(text) <= width and 0 < y <= height
    html = paths["html"].read_text(encoding="utf-8")
    timelines = html[html.index('id="timelines"'):html.index('id="events"')]
    assert "figures dated 2031-05-01 to 2031-05-04" in timelines
    assert "figures dated 2032-09-10 to 2032-09-20" in timelines
    assert timelines.count('<figure class="chart timeline">') == 2



def _chart_height(claimants: int) -> float:
    """The viewBox height of the step chart of a cluster with that many claimants."""
    from claimledger.report import charts
    from claimledger.report.model import TimelineModel
    series = tuple((f"Claimant {i}", ((f"2031-05-0{1 + i % 9}", 10.0 * (i + 1)),
                                      ("2031-05-20", 20.0 * (i + 1))))
                   for i in range(claimants))
    timeline = TimelineModel(cluster="c", chart_id="chart-c", measure="killed", subject="",
                             best=20.0, low=10.0, high=200.0, best_rule="", series=series,
                             claims=())
    svg = charts.timeline_chart(timeline, "chart-c")
    return float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))


def test_a_long_legend_makes_the_chart_taller_instead_of_squashing_the_plot():
    # two claimants: 2 legend rows; ten: 6 rows (8 named + "2 other claimants" + band + best)
    assert _chart_height(10) - _chart_height(2) > 50  # points: about 4 rows of 0.24 inch


def test_an_incidents_breakdown_reads_as_a_part_of_its_toll():
    from claim_builders import claim, doc
    from claimledger.crosssource import build_view
    from claimledger.report.incidents import incident_rows

    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-02")]
    slide = {"incident": "slide-1"}
    view = build_view(docs, [
        claim("a", 18, claimant="Police", **slide), claim("b", 22, claimant="Army", **slide),
        claim("b", 13, start=20, claimant="Army", subject="bodies recovered",
              subject_role="recovered", **slide),
        claim("a", 5, start=20, claimant="Police", subject="Velm climbers", subject_side="Velm",
              **slide)])
    (row,) = incident_rows(view)
    assert {h.subject for h in row.headlines} == {
        "all victims", "of which bodies recovered", "Velm climbers"}
