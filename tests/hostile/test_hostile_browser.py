"""In a real browser: hostile titles stay text, in the page and in Material's search results.

Material's search shows result titles and text as HTML (innerHTML), so a title that reached the
search index unescaped would run script the moment someone searched. This builds a fixture site
whose titles carry markup, opens it in Chromium, searches, and checks no script ran.
"""

from __future__ import annotations

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


def test_markup_in_titles_never_runs_in_the_page_or_in_search_results(tmp_path):
    outcome = build_case(CASE, tmp_path)
    assert_outcome(CASE, outcome)
    require_chromium()
    from playwright.sync_api import sync_playwright

    with PortalServer(outcome.site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=server.url)
            page.goto(server.url + "hostile/")
            assert TRAP in page.title()  # shown as text, exactly as written
            results = search(page, "Quokka")
            page.locator(".md-search-result__item").first.wait_for(state="visible")
            page.wait_for_timeout(300)  # images in results would have failed to load by now
            shown = page.locator(".md-search-result").inner_text()
            injected = page.evaluate("() => window.__injected || 0")
            images = page.locator(".md-search-result img").count()
        finally:
            browser.close()
    assert any("/hostile/?" in url for url in results), results
    assert "Quokka page" in shown and "<img" in shown, shown
    assert injected == 0 and images == 0
