"""Real-browser plumbing for the page tests: Debian's Chromium driven by Playwright, a page
that records console errors and failed requests, and screenshots kept as test artifacts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 20_000
"""Generous waits: the machine running the tests may be busy with other work."""
expect.set_options(timeout=TIMEOUT_MS)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; skips the test where it is not installed."""
    if not Path(CHROMIUM).exists():
        import pytest

        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Problems:
    """Console errors, page errors and failed requests seen by one page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _failed(self, request: Request) -> None:
        # Chromium cancels what is still loading (the favicon, say) when the page navigates
        # away, and reports it as ERR_ABORTED: a cancellation by the browser, not a failure of
        # the server. Refused connections, bad responses and the like still count.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.errors.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")


@contextmanager
def checked_page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test if anything went wrong in the browser."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = Problems(page)
    try:
        yield page
        page.wait_for_load_state("load")
        assert problems.errors == [], "\n".join(problems.errors)
    finally:
        context.close()


def screenshot(page: Page, name: str, *, docs: bool = False, full_page: bool = True) -> Path:
    """Save ``name.png`` under test-artifacts/screenshots (and docs/screenshots if ``docs``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if docs:
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / f"{name}.png")
    return path
