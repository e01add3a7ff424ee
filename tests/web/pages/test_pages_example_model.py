"""The pages over the bundled example programme with real validation, and the README's
screenshots of the capability map and the validation dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, checked_page, screenshot
from flask import Flask
from playwright.sync_api import expect, sync_playwright

from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def example_app() -> Iterator[Flask]:
    from tomgraph.store import example_store

    store: EmbeddedStore = example_store()
    yield create_app({"TESTING": True}, store=store)
    store.close()


def test_the_dashboard_shows_real_findings_and_scores(example_app: Flask) -> None:
    html = example_app.test_client().get("/validation").get_data(as_text=True)
    assert "programme completeness" in html
    assert "Completeness by project" in html and "Completeness by service area" in html
    assert 'class="findings"' in html and "sev-violation" in html


def test_the_capability_map_colours_by_worst_finding(example_app: Flask) -> None:
    client = example_app.test_client()
    html = client.get("/capabilities?metric=severity").get_data(as_text=True)
    assert "m-violation" in html or "m-warning" in html
    assert "Showing" in html and "capabilities" in html


def test_every_named_query_runs_on_the_example(example_app: Flask) -> None:
    from tomgraph.querylib import list_queries

    client = example_app.test_client()
    for query in list_queries():
        response = client.get(f"/queries/{query.name}?run=1")
        assert response.status_code == 200, query.name
        assert "notice-error" not in response.get_data(as_text=True), query.name


@pytest.mark.browser
def test_readme_screenshots_of_the_capability_map_and_dashboard(
    example_app: Flask, request: pytest.FixtureRequest
) -> None:
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, example_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with checked_page(browser) as page:
                    page.goto(url + "/capabilities?metric=gap")
                    expect(page.locator(".capmap")).to_be_visible()
                    screenshot(page, "capability-map", docs=True)
                    page.goto(url + "/validation")
                    expect(page.locator("table.findings")).to_be_visible()
                    screenshot(page, "validation-dashboard", docs=True)
                    page.goto(url + "/")
                    screenshot(page, "home-example")
                    page.goto(url + "/queries/benefits-summary?run=1")
                    expect(page.locator(".bar-chart")).to_be_visible()
                    screenshot(page, "named-query-chart")
            finally:
                browser.close()
    finally:
        server.shutdown()
        thread.join(timeout=5)
