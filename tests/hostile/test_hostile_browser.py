"""In a real browser: hostile titles stay text, in the page and in the search results.

Pagefind's UI shows result excerpts as HTML (innerHTML), so markup that reached the search index
unescaped would run script the moment someone searched. This builds a fixture site
whose titles carry markup, opens it in Chromium, searches, and checks no script ran.
"""

from __future__ import annotations

import threading

import pytest

from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium
from e2e.pages import search
from e2e.server import PortalServer
from hostile_site import Case, assert_outcome, build_case, column

pytestmark = pytest.mark.e2e

TRAP = "<img src=x onerror=\"window.__injected=(window.__injected||0)+1\">"
CASE = Case("titles-with-markup", {
    "content/hostile.md": f"---\ntitle: '{TRAP} Quokka page'\ndescription: '{TRAP}'\n---\n\nQuokka body text.\n",
    "content/columns/posts/quokka.md": column(title=f"'{TRAP} Quokka column'", body="Quokka column text.\n"),
})


def _search_in_chromium(site, found: dict) -> None:
    """Open the hostile page and search; runs in its own thread, so that Playwright's sync API never
    meets the e2e suite's browser (whose event loop runs in the main thread)."""
    from playwright.sync_api import sync_playwright

    with PortalServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=server.url)
            page.goto(server.url + "hostile/")
            found["title"] = page.title()
            found["results"] = search(page, "Quokka")
            page.locator(".pagefind-ui__result").first.wait_for(state="visible")
            page.wait_for_timeout(300)  # images in results would have failed to load by now
            found["shown"] = page.locator(".pagefind-ui__results").inner_text()
            found["injected"] = page.evaluate("() => window.__injected || 0")
            found["images"] = page.locator(".pagefind-ui__results img").count()
        finally:
            browser.close()


def test_markup_in_titles_never_runs_in_the_page_or_in_search_results(tmp_path):
    outcome = build_case(CASE, tmp_path)
    assert_outcome(CASE, outcome)
    require_chromium()
    found: dict = {}
    errors: list[BaseException] = []

    def run():
        try:
            _search_in_chromium(outcome.site, found)
        except BaseException as exc:  # handed to the test's own thread
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    if errors:
        raise errors[0]
    assert TRAP in found["title"]  # shown as text, exactly as written
    assert any(url.endswith("/hostile/") for url in found["results"]), found["results"]
    assert "Quokka page" in found["shown"] and "<img" in found["shown"], found["shown"]
    assert found["injected"] == 0 and found["images"] == 0
