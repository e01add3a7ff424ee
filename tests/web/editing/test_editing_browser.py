"""The editing workflow in a real browser (Debian's Chromium): sign in, fix a Violation from the
dashboard, see it go, find the change in the history and revert it; viewers, CSRF, conflicts."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from editing_support import CAPABILITY, PASSWORD
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

from tomgraph.changes import Changeset, commit
from tomgraph.namespaces import MODEL_GRAPH, TOM, TOMSH

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pages"))
from browser_support import (  # noqa: E402
    TIMEOUT_MS,
    checked_page,
    chromium,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OWNER_SHAPE = TOMSH + "Capability-owner"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def live(edit_app: Flask) -> Iterator[str]:
    """The editing app served on a free loopback port, with one capability missing its owner."""
    store = edit_app.extensions["tomgraph"]
    owners = list(store.oxigraph.quads_for_pattern(  # type: ignore[attr-defined]
        ox.NamedNode(CAPABILITY), ox.NamedNode(TOM + "owner"), None, ox.NamedNode(MODEL_GRAPH)))
    commit(store, Changeset(removed=tuple(owners), agent="setup", comment="test setup"))
    server = make_server("127.0.0.1", 0, edit_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def sign_in(page: Page, url: str, name: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def score(page: Page, url: str) -> int:
    page.goto(f"{url}/resource?iri={CAPABILITY}")
    return int(page.locator(".score-value").inner_text().rstrip("%"))


def plain_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context


def test_a_design_lead_fixes_a_violation_then_finds_and_reverts_the_change(
    browser: Browser, live: str
) -> None:
    with checked_page(browser) as page:
        sign_in(page, live, "lead")
        before = score(page, live)
        page.goto(f"{live}/validation?severity=Violation&shape={quote(OWNER_SHAPE, safe='')}")
        row = page.locator("table.findings tr", has_text="Scene Attendance and Examination")
        row.get_by_role("link", name="Fix").click()
        page.wait_for_url(re.compile(r"/edit\?iri="))
        owner = page.get_by_label("capability owner")
        expect(owner.locator("xpath=..")).to_contain_text("Nobody is accountable")
        page.locator(".field-picker .picker-filter").first.fill("Whitfield")
        owner.select_option(label="Tom Whitfield")
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/resource\?iri="))
        expect(page.locator(".resource-side")).not_to_contain_text("Nobody is accountable")
        assert score(page, live) > before
        page.get_by_role("link", name="History").first.click()
        expect(page.locator("table.history")).to_contain_text("lead")
        page.locator("table.history tr", has_text="lead").get_by_role(
            "button", name="Revert").first.click()
        expect(page.locator("table.history tbody tr").first).to_contain_text("revert")
        assert score(page, live) == before
        page.goto(f"{live}/edit?iri={CAPABILITY}")  # the Violation is back beside its field
        expect(page.get_by_label("capability owner").locator("xpath=..")).to_contain_text(
            "Nobody is accountable")
        screenshot(page, "editing-form", docs=True)


def test_a_viewer_sees_no_edit_controls_and_a_forged_post_gets_403(
    browser: Browser, live: str
) -> None:
    with checked_page(browser) as page:
        sign_in(page, live, "viewer")
        page.goto(f"{live}/resource?iri={CAPABILITY}")
        expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name="Delete")).to_have_count(0)
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        forged = page.request.post(f"{live}/edit", form={"iri": CAPABILITY,
                                                          "csrf_token": token or ""})
        assert forged.status == 403


def test_a_post_without_the_csrf_token_gets_400(browser: Browser, live: str) -> None:
    with checked_page(browser) as page:
        sign_in(page, live, "lead")
        response = page.request.post(f"{live}/edit", form={"iri": CAPABILITY})
        assert response.status == 400


def test_two_editors_on_one_entity_the_second_gets_the_conflict_page(
    browser: Browser, live: str
) -> None:
    first, second = plain_context(browser), plain_context(browser)
    try:
        a, b = first.new_page(), second.new_page()
        sign_in(a, live, "lead")
        sign_in(b, live, "other")
        for page in (a, b):
            page.goto(f"{live}/edit?iri={CAPABILITY}")
        a.get_by_label("capability name").fill("Saved first")
        a.get_by_label("Comment").fill("Owner to follow")  # the owner is still missing
        with a.expect_navigation():
            a.get_by_role("button", name="Save").click()
        assert "/resource?iri=" in a.url
        b.get_by_label("capability name").fill("Saved second")
        b.get_by_label("Comment").fill("Owner to follow")
        with b.expect_navigation():
            b.get_by_role("button", name="Save").click()
        expect(b.get_by_role("heading", level=1)).to_contain_text("Someone else changed")
        expect(b.locator("main")).to_contain_text("Saved first")
    finally:
        first.close()
        second.close()
