"""Corrections from the web UI: CSRF-protected POST, applied and shown, escaping kept."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from claimledger.corrections import Correction
from claimledger.store import Ledger
from claimledger.web import create_app
from claimledger.web.csrf import COOKIE, CsrfGuard
from claimledger.web.routes import ROUTERS
from claimledger.web.routes.corrections import local_path
from test_web import SOUTH_TEXT, make_ledger

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def ledger_path(tmp_path) -> Path:
    return make_ledger(tmp_path / "ledger.db", south_title="")


@pytest.fixture
def client(ledger_path) -> TestClient:
    return TestClient(create_app(ledger_path), base_url="http://127.0.0.1")


def claim_id(ledger_path: Path, evidence: str) -> str:
    with Ledger(ledger_path) as ledger:
        return next(q.id for q in ledger.quantities(corrected=False) if q.evidence == evidence)


def token_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def post(client: TestClient, token: str | None, **fields: str):
    data = {**fields, **({"csrf": token} if token is not None else {})}
    return client.post("/corrections", data=data, follow_redirects=False)


def test_post_without_token_is_refused_and_nothing_changes(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    client.get("/documents/north")  # the session cookie, but no token in the form
    response = post(client, None, target=target, action="reject")
    assert response.status_code == 403
    with Ledger(ledger_path) as ledger:
        assert ledger.corrections() == []


def test_token_of_another_session_is_refused(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    client.get("/documents/north")
    forged = CsrfGuard().token(client.cookies[COOKIE])  # right session, wrong app secret
    assert post(client, forged, target=target, action="reject").status_code == 403
    other = TestClient(create_app(ledger_path), base_url="http://127.0.0.1")
    stolen = token_of(other.get("/documents/north").text)  # a valid token, other cookie
    assert post(client, stolen, target=target, action="reject").status_code == 403


def test_cross_site_origin_is_refused_even_with_a_token(client, ledger_path):
    token = token_of(client.get("/documents/north").text)
    response = client.post("/corrections", follow_redirects=False,
                           headers={"Origin": "http://evil.example"},
                           data={"csrf": token, "target": "north", "action": "exclude"})
    assert response.status_code == 403


def test_reject_with_token_drops_the_claim_and_lists_the_correction(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    token = token_of(client.get("/documents/north").text)
    response = post(client, token, target=target, action="reject", why="a duplicate",
                    next="/documents/north")
    assert response.status_code == 303
    assert response.headers["location"] == "/documents/north"
    assert "120 wounded" not in client.get("/claims").text
    listing = client.get("/corrections").text
    assert "a duplicate" in listing and 'value="restore"' in listing
    post(client, token, target=target, action="restore")
    assert "120 wounded" in client.get("/claims").text


def test_changed_fields_are_applied_and_marked(client, ledger_path):
    target = claim_id(ledger_path, "37 Velmoran soldiers dead")
    token = token_of(client.get("/documents/south").text)
    response = post(client, token, target=target, action="set", measure="killed",
                    qualifier="exact", value="38", claimant="Tarnsk <i>rescuers</i>",
                    subject="Velmoran soldiers", next="/documents/south")
    assert response.status_code == 303
    with Ledger(ledger_path) as ledger:
        changed = {(c.field, c.value) for c in ledger.corrections()}
    assert changed == {("value", 38), ("claimant", "Tarnsk <i>rescuers</i>")}
    page = client.get("/documents/south").text
    assert "per Tarnsk &lt;i&gt;rescuers&lt;/i&gt;" in page
    assert "<i>rescuers" not in page
    assert "corrected claimant" in page and "corrected value" in page
    assert "Tarnsk &lt;i&gt;rescuers&lt;/i&gt;" in client.get("/claims").text


def test_a_form_that_changes_nothing_or_sets_a_bad_value_is_a_400(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    token = token_of(client.get("/documents/north").text)
    same = post(client, token, target=target, action="set", measure="wounded", value="120")
    assert same.status_code == 400 and "nothing changed" in same.text
    bad = post(client, token, target=target, action="set", value="many")
    assert bad.status_code == 400 and "must be a number" in bad.text


def test_exclude_a_document_and_include_it_again(client):
    token = token_of(client.get("/documents/south").text)
    assert post(client, token, target="south", action="exclude",
                next="/documents/south").status_code == 303
    page = client.get("/documents/south").text
    assert "Excluded from the ledger" in page and 'value="include"' in page
    assert "37 Velmoran soldiers dead" not in client.get("/claims").text
    post(client, token, target="south", action="include")
    assert "37 Velmoran soldiers dead" in client.get("/claims").text


def test_unknown_target_is_a_400(client):
    token = token_of(client.get("/documents/north").text)
    assert post(client, token, target="q-nothing", action="reject").status_code == 400


def test_non_loopback_server_takes_no_corrections(ledger_path):
    public = TestClient(create_app(ledger_path, host="0.0.0.0"), base_url="http://10.1.2.3")
    page = public.get("/documents/north").text
    assert 'name="csrf"' not in page and "correct</summary>" not in page
    response = public.post("/corrections", data={"target": "north", "action": "exclude"})
    assert response.status_code == 403


def test_every_state_changing_route_is_guarded(ledger_path):
    """The guard is app-wide: a state-changing route added later is covered too."""
    app = create_app(ledger_path)
    client = TestClient(app, base_url="http://127.0.0.1")
    client.get("/documents/north")
    changing = [r.path for router in ROUTERS for r in router.routes
                if set(getattr(r, "methods", ())) - {"GET", "HEAD", "OPTIONS"}]
    assert changing == ["/corrections"]
    for path in changing:
        assert client.post(path, data={}).status_code == 403


@pytest.mark.parametrize("target, kept", [
    ("/documents/north", "/documents/north"), ("//evil.example/x", "/"),
    ("https://evil.example", "/"), ("/\\evil.example", "/"),
])
def test_redirect_stays_on_this_server(target, kept):
    assert local_path(target) == kept


def test_document_without_title_is_named_by_its_first_line(client):
    page = client.get("/documents/south").text
    first_line = SOUTH_TEXT.splitlines()[0][:120].rsplit(" ", 1)[0]
    assert f"<title>{first_line[:40]}" in page.replace("&lt;", "<").replace("&gt;", ">")
    assert "<title>south ·" not in page


def test_move_a_claim_to_a_cluster_of_its_own_from_the_web(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    page = client.get("/documents/north").text
    assert 'value="move"' in page and 'name="incident"' in page
    response = post(client, token_of(page), target=target, action="move",
                    into="split-by-hand", why="another day's count")
    assert response.status_code == 303
    with Ledger(ledger_path) as ledger:
        moved = [(c.action, c.value, c.why) for c in ledger.corrections()]
    assert moved == [("move", "split-by-hand", "another day's count")]
    assert post(client, token_of(page), target=target, action="move").status_code == 400


def test_merge_an_incident_from_its_page(client, ledger_path):
    with Ledger(ledger_path) as ledger:
        incidents = [i.id for i in ledger.incidents()]
    assert incidents, "the test ledger has no incident"
    page = client.get(f"/incidents/{incidents[0]}").text
    assert 'value="merge"' in page
    response = post(client, token_of(page), target=incidents[0], action="merge",
                    into="incident-kept", next=f"/incidents/{incidents[0]}")
    assert response.status_code == 303
    with Ledger(ledger_path) as ledger:
        merges = [(c.target, c.action, c.value) for c in ledger.corrections()]
    assert merges == [(incidents[0], "merge", "incident-kept")]


def test_corrections_page_shows_one_page_with_what_each_names(client, ledger_path):
    target = claim_id(ledger_path, "120 wounded")
    with Ledger(ledger_path) as ledger:
        for number in range(104):
            ledger.add_correction(Correction(target, "set", "claimant", f"Editor {number}"))
        ledger.add_correction(Correction("north", "exclude", why="off topic"))
    first = client.get("/corrections").text
    assert "105 corrections" in first and "page 1 of 2" in first
    assert "Editor 99" in first and "Editor 100" not in first
    assert "120 wounded" in first  # the claim a correction names, linked to its document
    last = client.get("/corrections?page=2").text
    assert "Editor 103" in last and "off topic" in last and "/documents/north" in last


def test_a_correction_leaves_the_view_built_for_the_page_after_it(client, ledger_path,
                                                                    monkeypatch):
    from claimledger.web import deps

    builds = []
    real = deps.web_view
    monkeypatch.setattr(deps, "web_view", lambda ledger: builds.append(1) or real(ledger))
    target = claim_id(ledger_path, "120 wounded")
    token = token_of(client.get("/documents/north").text)
    assert post(client, token, target=target, action="reject").status_code == 303
    built = len(builds)
    assert client.get("/clusters").status_code == 200
    assert len(builds) == built  # built by the correction itself, not by the next reader
