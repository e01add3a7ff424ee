"""The decision page: what PCD 269 resolved, within what limits, on which appraisal, from which
documents, with every part's provenance; and provenance badges on resource pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, checked_page, screenshot
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from tomgraph.namespaces import MET
from tomgraph.store import EmbeddedStore, example_store
from tomgraph.web import create_app


@pytest.fixture(scope="module")
def example_app() -> Iterator[Flask]:
    store: EmbeddedStore = example_store()
    yield create_app({"TESTING": True}, store=store)
    store.close()


@pytest.fixture
def example_client(example_app: Flask) -> FlaskClient:
    return example_app.test_client()


def decision_html(client: FlaskClient, name: str = "pcd-269") -> str:
    response = client.get("/decision", query_string={"iri": MET + name})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_home_and_the_navigation_link_to_the_decisions(example_client: FlaskClient) -> None:
    assert 'href="/decisions"' in example_client.get("/").get_data(as_text=True)
    html = example_client.get("/decisions").get_data(as_text=True)
    assert "PCD 269" in html and "PCD 268" in html
    assert "not recorded" in html  # neither date is in the published decision


def test_the_decision_page_lists_the_three_resolutions_with_their_verbs(
    example_client: FlaskClient,
) -> None:
    html = decision_html(example_client)
    notes, funds, delegates = (html.index(v) for v in ("<strong>Notes</strong>",
                                                       "<strong>Approves funding</strong>",
                                                       "<strong>Delegates</strong>"))
    assert notes < funds < delegates
    assert "Notes that the recommended Option 3" in html
    assert "Commercial Director" in html


def test_a_confidential_limit_is_shown_as_withheld_never_as_a_figure(
    example_client: FlaskClient,
) -> None:
    html = decision_html(example_client)
    assert "confidential: withheld in Part 2" in html
    assert "£" not in html and "GBP" not in html


def test_the_page_shows_the_appraisal_and_what_the_decision_did_with_each_option(
    example_client: FlaskClient,
) -> None:
    html = decision_html(example_client)
    assert "Options appraisal" in html and "Noting an option is not approving it" in html
    assert html.count("badge-illustrative") >= 2  # options 1 and 2 are illustrative


def test_the_page_quotes_the_financial_legal_and_equality_comments(
    example_client: FlaskClient,
) -> None:
    html = decision_html(example_client)
    for text in ("The funding position is set out Part 2.",
                 "There are no significant legal implications",
                 "There is no differential impact on diverse communities"):
        assert text in html
    assert "badge-confidential" in html  # Part 2


def test_each_resolution_cites_its_source(example_client: FlaskClient) -> None:
    html = decision_html(example_client)
    assert html.count("from PCD 269 recommendation") >= 4  # the decision and its resolutions


def test_an_unknown_decision_is_404_and_a_bad_iri_400(example_client: FlaskClient) -> None:
    assert example_client.get("/decision", query_string={"iri": MET + "nope"}).status_code == 404
    assert example_client.get("/decision", query_string={"iri": "not an iri"}).status_code == 400


def test_resource_pages_carry_a_provenance_badge(example_client: FlaskClient) -> None:
    stated = example_client.get("/resource", query_string={"iri": MET + "option-3"})
    html = stated.get_data(as_text=True)
    assert "from PCD 269 recommendation" in html and "illustrative here" in html
    assert "tom:score" in html
    invented = example_client.get("/resource", query_string={"iri": MET + "option-1"})
    assert "badge-illustrative" in invented.get_data(as_text=True)
    decision = example_client.get("/resource", query_string={"iri": MET + "pcd-269"})
    assert "/decision?iri=" in decision.get_data(as_text=True)


def test_named_queries_can_show_stated_facts_only(example_client: FlaskClient) -> None:
    everything = example_client.get("/queries/options-decisions?run=1").get_data(as_text=True)
    stated = example_client.get("/queries/options-decisions?run=1&stated=1").get_data(
        as_text=True)
    assert "Option 1" in everything and "Option 1" not in stated
    assert "Option 3" in stated


def test_the_former_query_name_redirects(example_client: FlaskClient) -> None:
    response = example_client.get("/queries/unfunded-gaps?minGap=2")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/queries/undelivered-gaps?minGap=2")


@pytest.mark.slow
@pytest.mark.browser
def test_the_decision_page_in_a_browser(example_app: Flask) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    server = make_server("127.0.0.1", 0, example_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            with checked_page(browser) as page:
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.get_by_role("link", name="Decisions").first.click()
                page.get_by_role("link", name="PCD 269: Specialist business design resources"
                                 ).click()
                expect(page.get_by_role("heading", name="Resolutions")).to_be_visible()
                expect(page.get_by_text("confidential: withheld in Part 2")).to_be_visible()
                screenshot(page, "decision")
            browser.close()
    finally:
        server.shutdown()
