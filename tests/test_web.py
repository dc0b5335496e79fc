"""The web UI over a small hand-built ledger: pages, filters, escaping, 404s, JSON contract."""

from __future__ import annotations

import re
import sqlite3
import warnings
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from claimledger.errors import StoreError
from claimledger.orchestrate import ledger_view, refresh_cross_source
from claimledger.records import Discrepancy, Document, Entity, Event, Quantity, record_from_json
from claimledger.store import Ledger
from claimledger.web import create_app
from claimledger.web.markup import Span, segment_text

# Starlette warns that its test client prefers httpx2; the venv pins httpx (dev extra).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

NORTH_TEXT = ("Officials in Tarn said 42 soldiers of Velmora were killed on Monday. "
              "By Wednesday the ministry put the toll at more than 50 soldiers killed "
              "and 120 wounded.")
SOUTH_TEXT = ("Rescuers near Tarnsk counted 37 Velmoran soldiers dead <script>alert(1)</script> "
              "after the shelling. A truce began on 6 March 2024. In the 1990s war about "
              "3,000 people fled the valley.")
NORTH_URL = "https://example.org/north/story"


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _claim(doc: str, text: str, piece: str, **fields) -> Quantity:
    start, end = _span(text, piece)
    return Quantity(doc=doc, start=start, end=end, evidence=piece, **fields)


def _event(doc: str, text: str, piece: str, **fields) -> Event:
    start, end = _span(text, piece)
    return Event(doc=doc, start=start, end=end, evidence=piece, **fields)


def _place(doc: str, text: str, piece: str) -> Entity:
    start, end = _span(text, piece)
    return Entity(doc=doc, start=start, end=end, evidence=piece, label="place",
                  canonical="Tarn", canonical_id="geonames:900001")


def north_records() -> list:
    soldiers = {"measure": "killed", "subject": "Velmoran soldiers", "subject_side": "Velmora",
                "subject_role": "military", "claimant": "Velmora ministry",
                "claimant_kind": "organisation"}
    return [
        _claim("north", NORTH_TEXT, "42 soldiers of Velmora were killed", value=42,
               as_of="2024-03-04", **soldiers),
        _claim("north", NORTH_TEXT, "more than 50 soldiers killed", value=50,
               qualifier="more_than", as_of="2024-03-06", **soldiers),
        _claim("north", NORTH_TEXT, "120 wounded", measure="wounded", value=120,
               subject_side="Velmora", subject_role="military", claimant="Velmora ministry"),
        _event("north", NORTH_TEXT, "were killed on Monday", type="attack", date="2024-03-04",
               date_text="on Monday", actors=("Velmora",)),
        _place("north", NORTH_TEXT, "Tarn"),
    ]


def south_records() -> list:
    return [
        _claim("south", SOUTH_TEXT, "37 Velmoran soldiers dead", measure="killed", value=37,
               subject="Velmoran soldiers", subject_side="Velmora", subject_role="military",
               claimant="South Herald", claimant_kind="outlet", as_of="2024-03-04"),
        _claim("south", SOUTH_TEXT, "about 3,000 people fled", measure="displaced", value=3000,
               qualifier="about", subject="people", claimant="South Herald", era="background"),
        _event("south", SOUTH_TEXT, "A truce began on 6 March 2024", type="ceasefire",
               date="2024-03-06", date_text="6 March 2024"),
        _event("south", SOUTH_TEXT, "after the shelling", type="attack", date=None,
               date_text=""),
        _place("south", SOUTH_TEXT, "Tarnsk"),
    ]


def make_ledger(path: Path, south_title: str = "Shelling <b>near</b> Tarnsk") -> Path:
    """The two-document ledger every web test reads (its own copy per caller)."""
    north = Document(id="north", text=NORTH_TEXT, content_hash="h-north", source="North Wire",
                     url=NORTH_URL, title="Toll rises after clash", published="2024-03-06",
                     published_how="input")
    south = Document(id="south", text=SOUTH_TEXT, content_hash="h-south", source="South Herald",
                     url="javascript:alert(2)", title=south_title,
                     published="2024-03-07", published_how="input")
    with Ledger(path) as ledger:
        ledger.add_document(north, north_records())
        ledger.add_document(south, south_records())
        refresh_cross_source(ledger)
    return path


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory) -> Path:
    return make_ledger(tmp_path_factory.mktemp("web") / "ledger.db")


@pytest.fixture(scope="module")
def client(ledger_path) -> TestClient:
    return TestClient(create_app(ledger_path), base_url="http://127.0.0.1")


class LinkParser(HTMLParser):
    """Every (tag, attribute, value) for href/src, plus the ids and the <mark> ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str, str]] = []  # tag, attr, value, class
        self.ids: list[str] = []
        self.marks: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("href", "src", "action"):
            if name in found:
                self.links.append((tag, name, found[name] or "", found.get("class") or ""))
        if "id" in found:
            self.ids.append(found["id"] or "")
            if tag == "mark":
                self.marks.append(found["id"] or "")


def parse(html: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(html)
    return parser


def cluster_id(ledger_path: Path, measure: str) -> str:
    with Ledger(ledger_path) as ledger:
        view = ledger_view(ledger)
    return next(c.id for c in view.clusters if c.measure == measure)


PAGES = ("/", "/claims", "/documents", "/documents/north", "/documents/south",
         "/discrepancies", "/clusters", "/events", "/entities", "/search?q=soldiers")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(client, page):
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/style.css">' in response.text


def test_stylesheet_is_served_by_the_app(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "mark.claim" in response.text


def test_overview_counts(client):
    html = client.get("/").text
    assert "<b>2</b> documents" in html
    assert "<b>2</b> outlets" in html
    assert "<b>5</b> claims" in html
    assert "<b>3</b> events" in html
    assert '<a href="/claims?measure=killed">killed</a></td><td class="num">3</td>' in html


def test_claims_filter_by_measure_and_outlet(client):
    html = client.get("/claims", params={"measure": "killed", "outlet": "South Herald"}).text
    assert "1 claim matching" in html
    assert "37 Velmoran soldiers dead" in html
    assert "42 soldiers of Velmora" not in html
    assert '<option value="South Herald" selected>' in html


def test_claims_filter_by_claimant_side_and_era(client):
    by_claimant = client.get("/claims", params={"claimant": "Velmora ministry"}).text
    assert "3 claims matching" in by_claimant
    background = client.get("/claims", params={"era": "background"}).text
    assert "about 3,000 people fled" in background and "1 claim matching" in background
    by_side = client.get("/claims", params={"side": "Velmora"}).text
    assert "4 claims matching" in by_side and "3,000" not in by_side


def test_claim_rows_link_to_their_evidence(client):
    html = client.get("/claims", params={"measure": "killed"}).text
    start = NORTH_TEXT.index("more than 50")
    assert f'href="/documents/north#q-{start}">more than 50 soldiers killed</a>' in html
    assert '<td class="num" data-label="Figure">more than 50</td>' in html


def test_document_page_marks_claims_events_and_entities(client):
    html = client.get("/documents/north").text
    parser = parse(html)
    expected = sorted(f"q-{q.start}" for q in north_records() if isinstance(q, Quantity))
    assert sorted(parser.marks) == expected
    event_start = NORTH_TEXT.index("were killed on Monday")
    assert f'id="e-{event_start}"' in html and 'class="event"' in html
    assert '<span class="entity" title="place: Tarn">Tarn</span>' in html
    assert f'<a class="source-url" href="{NORTH_URL}"' in html


def test_document_text_is_escaped(client):
    html = client.get("/documents/south").text
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Shelling &lt;b&gt;near&lt;/b&gt; Tarnsk" in html
    assert 'href="javascript:' not in html


def test_unknown_document_is_a_404_page(client):
    response = client.get("/documents/nowhere")
    assert response.status_code == 404
    assert "no document &#39;nowhere&#39; in this ledger" in response.text
    assert client.get("/api/documents/nowhere").json() == {
        "error": "no document 'nowhere' in this ledger"}


def test_unknown_route_and_cluster_are_404(client):
    assert client.get("/no/such/page").status_code == 404
    response = client.get("/clusters/killed/Nowhere")
    assert response.status_code == 404 and "no cluster" in response.text


def test_discrepancies_list_reason_note_and_linked_claims(client, ledger_path):
    with Ledger(ledger_path) as ledger:
        findings = ledger.discrepancies()
    assert findings, "the hand-built ledger should disagree on the killed figure"
    html = client.get("/discrepancies").text
    first = findings[0]
    assert first.note in html.replace("&#39;", "'")
    assert f">{first.reason.replace('_', ' ')}</span>" in html
    claim = first.claims[0]
    assert f'href="/documents/{claim["doc"]}#q-{claim["start"]}"' in html
    assert f'href="/clusters/{quote(first.cluster)}"' in html


def test_cluster_page_shows_claims_estimates_and_evolution(client, ledger_path):
    identifier = cluster_id(ledger_path, "killed")
    html = client.get(f"/clusters/{quote(identifier)}").text
    assert f"Cluster {identifier}" in html
    assert "37 Velmoran soldiers dead" in html and "more than 50 soldiers killed" in html
    assert "<dt>Best</dt>" in html
    assert "<h2>Evolution</h2>" in html and "Velmora ministry</td>" in html


def test_events_sorted_by_date_with_undated_last(client):
    html = client.get("/events").text
    pieces = ("were killed on Monday", "A truce began", "after the shelling")
    order = [html.index(piece) for piece in pieces]
    assert order == sorted(order)


def test_entities_list_names_and_outlets(client):
    html = client.get("/entities").text
    assert "<b>Tarn</b>" in html
    assert "“Tarn” — North Wire" in html
    assert "“Tarnsk” — South Herald" in html


def test_search_marks_matches_and_links_documents(client):
    html = client.get("/search", params={"q": "truce"}).text
    assert "1 document match" in html
    assert "<mark>truce</mark>" in html
    assert 'href="/documents/south"' in html
    assert "0 documents match" in client.get("/search", params={"q": "zeppelin"}).text


def test_api_round_trips_the_contract_form(client, ledger_path):
    with Ledger(ledger_path) as ledger:
        claims, documents = ledger.quantities(), ledger.documents()
        discrepancies = ledger.discrepancies()
    api_claims = client.get("/api/claims").json()
    assert [record_from_json(c) for c in api_claims] == claims
    assert [record_from_json(d) for d in client.get("/api/documents").json()] == documents
    api_findings = [record_from_json(d) for d in client.get("/api/discrepancies").json()]
    assert api_findings == discrepancies and all(isinstance(d, Discrepancy) for d in api_findings)
    filtered = client.get("/api/claims", params={"measure": "wounded"}).json()
    assert [c["evidence"] for c in filtered] == ["120 wounded"]


def test_api_document_holds_its_records(client):
    payload = client.get("/api/documents/south").json()
    assert record_from_json(payload["document"]).text == SOUTH_TEXT
    kinds = sorted(r["kind"] for r in payload["records"])
    assert kinds == ["entity", "event", "event", "quantity", "quantity"]


@pytest.mark.parametrize("page", PAGES + ("/clusters/killed",))
def test_no_page_references_an_external_url(client, ledger_path, page):
    if page == "/clusters/killed":
        page = f"/clusters/{quote(cluster_id(ledger_path, 'killed'))}"
    for tag, attr, value, css in parse(client.get(page).text).links:
        if tag == "a" and css == "source-url":
            assert value == NORTH_URL
            continue
        assert value.startswith(("/", "#", "?")), f"{page}: {tag} {attr}={value!r}"


def test_unreadable_ledger_fails_at_create_app(tmp_path):
    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError):
        create_app(foreign)


def test_overlapping_spans_split_into_segments():
    text = "about 50 dead in Tarn"
    spans = [Span(0, 13, "claim", "killed", "q-0"), Span(6, 8, "claim", "killed 50", "q-6"),
             Span(17, 21, "entity", "place: Tarn")]
    segments = segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    assert [s.claim_id for s in segments if s.claim_id] == ["q-0", "q-6"]
    assert [s.text for s in segments if s.entity] == ["Tarn"]
    assert segment_text(text, [Span(5, 99, "claim", "outside", "q-5")])[0].claim == ""


def test_figures_read_like_the_text():
    from claimledger.web.formatting import figure

    duration = Quantity(doc="d", start=0, end=5, evidence="x", measure="other:duration",
                        value=23.7167)
    assert figure(duration) == "23 h 43 min"
    assert figure({"value": 18000, "low": 18000, "high": 20000, "qualifier": "range"},
                  "displaced") == "18,000–20,000"
    assert figure({"value": 200, "qualifier": "at_least"}) == "at least 200"


def test_long_claim_lists_are_paged_and_pages_keep_filters_and_sort(client, monkeypatch):
    from claimledger.web.routes import claims

    monkeypatch.setattr(claims, "MAX_ROWS", 2)
    html = client.get("/claims", params={"claimant": "Velmora ministry", "sort": "-figure"}).text
    assert "3 claims (showing 1–2)" in html
    assert html.count('<td class="evidence"') == 2
    assert 'href="?claimant=Velmora+ministry&amp;sort=-figure&amp;page=2" rel="next"' in html
    second = client.get("/claims", params={"claimant": "Velmora ministry", "sort": "-figure",
                                           "page": 2}).text
    assert "(showing 3–3)" in second and "42 soldiers of Velmora" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def evidence_order(html: str) -> list[str]:
    return re.findall(r'<td class="evidence"[^>]*><a [^>]*>([^<]+)</a>', html)


def test_claims_sort_by_a_whitelisted_column_either_way(client):
    ascending = evidence_order(client.get("/claims", params={"sort": "figure"}).text)
    assert ascending[0] == "37 Velmoran soldiers dead"
    assert ascending[-1] == "about 3,000 people fled"
    descending = evidence_order(client.get("/claims", params={"sort": "-figure"}).text)
    assert descending == list(reversed(ascending))
    page = client.get("/claims", params={"sort": "figure", "measure": "killed"}).text
    assert '<a class="sort" href="?measure=killed&amp;sort=-figure">Figure ▲</a>' in page


def test_unknown_sort_column_keeps_document_order(client):
    default = evidence_order(client.get("/claims").text)
    assert evidence_order(client.get("/claims", params={"sort": "payload"}).text) == default


def test_claims_filter_by_date_range_and_incident(client, ledger_path):
    html = client.get("/claims", params={"since": "2024-03-05", "until": "2024-03-06"}).text
    # a claim's date is its as_of, else its article's publication date
    assert set(evidence_order(html)) == {"more than 50 soldiers killed", "120 wounded"}
    assert 'name="since" value="2024-03-05"' in html
    with Ledger(ledger_path) as ledger:
        claims = ledger.quantities()
    incident = next(q.incident for q in claims if q.value == 37)
    assert incident, "the fixture's claims should resolve to an incident"
    by_incident = client.get("/claims", params={"incident": incident}).text
    assert set(evidence_order(by_incident)) == {q.evidence for q in claims
                                                if q.incident == incident}
    assert f'<option value="{incident}" selected>' in by_incident


def test_bad_date_is_a_400_page(client):
    response = client.get("/claims", params={"since": "last week"})
    assert response.status_code == 400
    assert "ISO date" in response.text


def test_discrepancies_filter_and_sort(client, ledger_path):
    with Ledger(ledger_path) as ledger:
        items = ledger.discrepancies()
    assert items, "the fixture ledger should hold a finding"
    first = items[0]
    outlet = first.claims[0]["source"]
    kept = client.get("/discrepancies", params={"measure": first.measure,
                                                "outlet": outlet}).text
    assert f"{len([d for d in items if d.measure == first.measure])} finding" in kept
    none = client.get("/discrepancies", params={"until": "1990-01-01"}).text
    assert "No discrepancy matches." in none
    sorted_page = client.get("/discrepancies", params={"sort": "-claims"}).text
    assert '<a class="sort" href="?sort=claims">claims ▼</a>' in sorted_page


def test_incidents_page_lists_incidents_with_headlines_and_an_evolution_chart(client,
                                                                                ledger_path):
    with Ledger(ledger_path) as ledger:
        claims = ledger.quantities()
    incident = next(q.incident for q in claims if q.value == 37)
    listing = client.get("/incidents").text
    assert f'href="/incidents/{incident}"' in listing and "Low–high" in listing
    page = client.get(f"/incidents/{incident}")
    assert page.status_code == 200
    assert 'href="/clusters/' in page.text and 'id="discrepancies"' in page.text
    assert client.get("/incidents/no-such-incident").status_code == 404


def test_a_rising_figure_gets_a_server_rendered_step_chart():
    from claim_builders import claim, doc
    from claimledger.crosssource import build_view
    from claimledger.report.evolution import evolution_svg

    docs = [doc("a", "Wire A", "2031-05-01"), doc("b", "Wire B", "2031-05-04")]
    view = build_view(docs, [claim("a", 25, claimant="Police", incident="quake-1"),
                             claim("b", 200, claimant="Police", incident="quake-1")])
    (cluster,) = view.clusters
    svg = evolution_svg(cluster, view.evolution)
    assert svg.startswith("<svg") and "Police" in svg
    assert evolution_svg(cluster, view.evolution[:1]) is None


def test_api_lists_come_in_pages_with_the_total_in_headers(client):
    first = client.get("/api/claims", params={"per_page": 2})
    assert len(first.json()) == 2 and first.headers["X-Total-Count"] == "5"
    assert 'page=2' in first.headers["Link"] and 'rel="next"' in first.headers["Link"]
    rest = [c for n in (2, 3) for c in client.get("/api/claims",
                                                  params={"per_page": 2, "page": n}).json()]
    assert first.json() + rest == client.get("/api/claims").json()


@pytest.mark.parametrize("page", ["/events", "/documents", "/clusters",
                                  "/discrepancies"])
def test_every_list_page_is_cut_into_pages(client, page):
    whole = client.get(page).text
    assert 'class="pager"' not in whole
    cut = client.get(page, params={"per_page": 1}).text
    assert 'class="pager"' in cut and 'rel="next"' in cut


def test_claim_rows_are_reread_when_the_ledger_changes(tmp_path):
    path = make_ledger(tmp_path / "changing.db")
    app_client = TestClient(create_app(path), base_url="http://127.0.0.1")
    assert "5 claims" in app_client.get("/claims").text
    extra = Document(id="east", text=NORTH_TEXT + " ", content_hash="h-east", source="East Post")
    with Ledger(path) as ledger:
        ledger.add_document(extra, [replace(r, doc="east", id="") for r in north_records()
                                    if isinstance(r, Quantity)])
    assert "8 claims" in app_client.get("/claims").text
    east = app_client.get("/api/claims", params={"outlet": "East Post"}).json()
    assert {c["doc"] for c in east} == {"east"} and len(east) == 3


def test_a_crowded_evolution_chart_names_eight_claimants_and_groups_the_rest():
    from claim_builders import claim, doc
    from claimledger.crosssource import build_view
    from claimledger.report.evolution import evolution_svg

    docs = [doc(f"d{i}", f"Outlet {i}", f"2031-05-{i + 1:02d}") for i in range(12)]
    view = build_view(docs, [claim(f"d{i}", 10 + i, claimant=f"Claimant {i}", incident="q")
                             for i in range(12)])
    svg = evolution_svg(view.clusters[0], view.evolution)
    assert "4 other claimants" in svg and svg.count("Claimant ") == 8


def test_cluster_page_draws_its_evolution_chart_from_the_page_itself(client):
    listing = client.get("/clusters").text
    links = re.findall(r'href="(/clusters/[^"]*/killed/[^"]+)"', listing)
    pages = [client.get(link).text for link in links]
    charted = [page for page in pages if "<svg" in page]
    assert pages
    assert charted, "the killed cluster (three dated figures) should have a chart"
    for page in charted:
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
        assert "Each claimant's figure over time" in page
        assert page.count('<div class="scroll"><table') == 2  # no page-wide scroll on a phone


def test_clusters_and_incidents_filter_by_measure_outlet_and_dates(client, ledger_path):
    with Ledger(ledger_path) as ledger:
        view = ledger_view(ledger)
    wounded = [c for c in view.clusters if c.measure == "wounded"]
    assert wounded and len(wounded) < len(view.clusters)
    html = client.get("/clusters", params={"measure": "wounded"}).text
    assert f"{len(wounded)} of {len(view.clusters)} clusters match." in html
    assert all(quote(c.id) in html for c in wounded)
    assert 'option value="wounded" selected' in html
    assert "No cluster matches." in client.get("/clusters", params={"until": "1990-01-01"}).text
    outlet = wounded[0].claims[0].source
    assert outlet and quote(wounded[0].id) in client.get(
        "/clusters", params={"outlet": outlet, "measure": "wounded"}).text
    incident = wounded[0].incident
    listing = client.get("/incidents", params={"measure": "wounded"}).text
    assert f'href="/incidents/{incident}"' in listing
    assert "No incident matches." in client.get("/incidents",
                                                params={"since": "2090-01-01"}).text
