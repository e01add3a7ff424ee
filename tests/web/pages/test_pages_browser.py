"""Each page's main task in a real browser (Debian's Chromium), failing on any console error
or failed request, with a screenshot of each page kept under test-artifacts/screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import checked_page, chromium, screenshot
from playwright.sync_api import Browser, expect

from tomgraph.querylib import list_queries

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VENDOR = Path(__file__).resolve().parents[3] / "src/tomgraph/web/static/vendor/sparql-editor.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def test_home_page_and_skip_link(browser: Browser, live_url: str) -> None:
    with checked_page(browser) as page:
        page.goto(live_url + "/")
        expect(page.get_by_role("heading", name="The programme at a glance")).to_be_visible()
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        screenshot(page, "home")


def test_run_a_query_in_the_editor_with_ctrl_enter(browser: Browser, live_url: str) -> None:
    if not VENDOR.exists():
        pytest.skip("front-end assets are not built (scripts/build-web-assets.sh)")
    with checked_page(browser) as page:
        page.goto(live_url + "/query")
        editor = page.locator(".cm-content")
        expect(editor).to_be_visible()
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.insert_text("PREFIX tom: <https://w3id.org/tomgraph/ontology#>")
        page.keyboard.press("Enter")
        page.keyboard.insert_text("SELECT ?cap WHERE { ?cap a tom:Capability } ORDER BY ?cap")
        expect(page.locator(".cm-editor .cm-line").first).to_be_visible()
        page.keyboard.press("Control+Enter")
        page.wait_for_url(re.compile(r"/query\?query="))
        expect(page.get_by_text("7 results")).to_be_visible()
        page.get_by_role("link", name="Booking In").first.click()
        page.wait_for_url(re.compile(r"/resource\?iri="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Booking In")
        page.goto(live_url + "/query")
        expect(page.locator("#recent li")).to_have_count(1)  # kept in localStorage
        screenshot(page, "query-editor")


def test_completion_offers_the_ontology_terms(browser: Browser, live_url: str) -> None:
    if not VENDOR.exists():
        pytest.skip("front-end assets are not built (scripts/build-web-assets.sh)")
    with checked_page(browser) as page:
        page.goto(live_url + "/query")
        page.locator(".cm-content").click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\ntom:parentCap")
        expect(page.locator(".cm-tooltip-autocomplete")).to_contain_text("tom:parentCapability")


def test_open_a_named_query_with_a_parameter(browser: Browser, live_url: str) -> None:
    query = next(q for q in list_queries() if any(p.type == "integer" for p in q.params))
    param = next(p for p in query.params if p.type == "integer")
    with checked_page(browser) as page:
        page.goto(live_url + "/queries")
        page.get_by_role("link", name=query.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(query.title)
        page.get_by_label(param.name).fill(param.example or param.default or "1")
        page.get_by_role("button", name="Run").click()
        page.wait_for_url(re.compile(rf"{param.name}="))
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        screenshot(page, "named-query")


def test_click_from_the_capability_map_to_a_resource_page(
    browser: Browser, live_url: str
) -> None:
    with checked_page(browser) as page:
        page.goto(live_url + "/capabilities?metric=mips")
        expect(page.get_by_text("MiPS coverage").first).to_be_visible()
        page.get_by_role("link", name="Collapse all").click()
        expect(page.locator("details.cap.l1[open]")).to_have_count(0)
        page.get_by_role("link", name="Expand all").click()
        handling = page.locator("details.cap", has_text="Exhibit Handling").last
        handling.locator("summary").focus()
        page.keyboard.press("Enter")  # boxes fold and unfold from the keyboard
        expect(handling).not_to_have_attribute("open", "")
        page.keyboard.press("Enter")
        expect(handling).to_have_attribute("open", "")
        screenshot(page, "capability-map-test-model")
        page.get_by_role("link", name=re.compile("Exhibit Tracking")).click()
        page.wait_for_url(re.compile(r"/resource\?iri="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Exhibit Tracking")
        screenshot(page, "resource")


def test_filter_the_validation_dashboard(browser: Browser, live_url: str) -> None:
    with checked_page(browser) as page:
        page.goto(live_url + "/validation")
        expect(page.get_by_text("3 findings")).to_be_visible()
        page.get_by_label("Severity").select_option("Warning")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url(re.compile(r"severity=Warning"))
        expect(page.get_by_text("1 finding match")).to_be_visible()
        expect(page.locator("table.findings tbody tr")).to_have_count(1)
        screenshot(page, "validation-dashboard-test-model")


def test_search_and_narrow_by_type(browser: Browser, live_url: str) -> None:
    with checked_page(browser) as page:
        page.goto(live_url + "/")
        page.get_by_label("Search the model").fill("exhibit")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search\?q=exhibit"))
        expect(page.get_by_role("link", name="MiPS exhibit register")).to_be_visible()
        page.locator(".facets").get_by_role("link", name=re.compile("^capability")).click()
        expect(page.get_by_role("link", name="MiPS exhibit register")).to_have_count(0)
        hits = page.locator(".hit-list")
        expect(hits.get_by_role("link", name="Exhibit Tracking")).to_be_visible()
        screenshot(page, "search")


def test_ontology_page(browser: Browser, live_url: str) -> None:
    with checked_page(browser) as page:
        page.goto(live_url + "/ontology")
        expect(page.get_by_role("heading", name="Classes")).to_be_visible()
        screenshot(page, "ontology", full_page=False)
