"""Imported Archi views in a real browser (Debian's Chromium): the view is drawn as SVG, its
nodes link to resource pages and clicking one opens it, with JavaScript on and off."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from browser_support import TIMEOUT_MS, Problems, chromium, screenshot
from conformance import conformance_dir
from playwright.sync_api import Browser, expect
from werkzeug.serving import make_server

from tomgraph.archimate import import_file
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def views_url() -> Iterator[str]:
    """Archi's own Archisurance test model, imported and served on a loopback port."""
    model = conformance_dir("archimate") / "archisurance.xml"
    store = EmbeddedStore()
    load_bundled(store, model=False)
    import_file(store, model)
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0, "ACCESS_LOG": False}, store=store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    shutdown(app)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_a_view_is_drawn_and_clicking_a_node_opens_its_resource_page(
    browser: Browser, views_url: str, javascript: bool
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = Problems(page)
    try:
        page.goto(views_url + "/views")
        page.get_by_role("link", name="Layered View", exact=True).click()
        page.wait_for_url(re.compile(r"/views/view\?iri="))
        drawing = page.locator("svg[role=img]")
        expect(drawing).to_be_visible()
        expect(drawing).to_have_attribute("aria-label", "Layered View")
        nodes = drawing.locator('a[href*="/resource?iri="]')
        assert nodes.count() > 10, "the view's element nodes link to their resource pages"
        node = nodes.filter(has_text="Customer").first
        expect(node).to_be_visible()
        href = node.get_attribute("href") or ""
        if javascript:
            screenshot(page, "archimate-view")
        node.click()
        page.wait_for_url(re.compile(r"/resource\?iri="))
        assert page.url.endswith(href.split("/resource", 1)[1])
        expect(page.get_by_role("heading", level=1)).to_have_text("Customer Information Service")
        page.wait_for_load_state("load")
        assert problems.errors == [], "\n".join(problems.errors)
    finally:
        context.close()
