"""Fixtures for the end-to-end suite: one server and one headless Chromium for the whole run."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import missing

from .server import PortalServer

CHROMIUM = Path("/usr/bin/chromium")
# Nothing but the page under test: no update checks, no sync, no field trials. The resolver rule
# makes every host except 127.0.0.1 unresolvable, so a stray third-party request fails fast (and is
# still recorded by the privacy checks) instead of leaving the machine.
CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-gpu", "--disable-default-apps", "--disable-extensions",
    "--metrics-recording-only", "--no-default-browser-check", "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def portal(shipped_site):
    """The shipped portal served on 127.0.0.1 at a free port."""
    with PortalServer(shipped_site) as server:
        yield server


def require_chromium(executable: Path = CHROMIUM, environ=os.environ) -> None:
    """Skip the browser tests, saying how to install Chromium, when it is missing; in CI, fail."""
    if executable.exists():
        return
    message = (f"{executable} not found: the browser tests need Debian's Chromium. "
               "Install it with `apt-get install chromium` (CI does this in .ci/run).")
    missing(message, environ)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


class Visit:
    """A fresh browser context: every request and script error recorded, pages opened by path."""

    def __init__(self, context, base: str):
        self.context = context
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))

    def open(self, path: str, wait: str = "load"):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        response = page.goto(urljoin(self.base, path), wait_until=wait)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page

    def path_of(self, url: str) -> str:
        """A URL on the portal as a site path ('accessibility/'), fragment and query dropped."""
        parts = urlsplit(urljoin(self.base, url))
        return parts.path.lstrip("/")

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


def new_visit(browser, portal):
    context = browser.new_context(viewport=VIEWPORT, base_url=portal.url, reduced_motion="reduce")
    try:
        yield Visit(context, portal.url)
    finally:
        context.close()


@pytest.fixture
def visit(browser, portal):
    """A fresh browser context for one test."""
    yield from new_visit(browser, portal)
