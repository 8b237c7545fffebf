"""The pull-request preview opened from disk, as a contributor does: from site-offline/index.html
through the tabs and the pages' own links, every click opens its page (never a folder listing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import VIEWPORT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    from conftest import REPO, build_env, run_build

    site = tmp_path_factory.mktemp("offline-e2e") / "site"
    result = run_build(REPO, site, env=build_env(CLN_OFFLINE="true"))
    assert result.returncode == 0, result.stderr
    return site


def click(page, locator) -> str:
    """Follow a link as a reader does; the page it opens, checked to be a page of the portal."""
    with page.expect_navigation(wait_until="load"):
        locator.click()
    assert page.url.startswith("file://") and page.url.split("#")[0].endswith(".html"), page.url
    assert page.locator("header.md-header").count() == 1, f"{page.url} is not a portal page"
    return page.locator(".md-content h1").first.inner_text().replace("\u00b6", "").strip()


def test_a_case_study_opens_from_the_home_page_through_the_tabs_and_its_links(browser, offline_site: Path):
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    elsewhere = []
    context.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    try:
        page = context.new_page()
        page.goto((offline_site / "index.html").as_uri(), wait_until="load")
        assert click(page, page.locator(".md-tabs__link", has_text="Case studies")) == "Case studies"
        first = page.locator(".cln-case__title a").first
        title = first.inner_text().strip()
        assert click(page, first) == title
        region = page.locator('.cln-card__row:has(dt:text("Region")) a').first
        name = region.inner_text().strip()
        assert click(page, region) == f"Case studies in {name}"
        assert click(page, page.locator(".cln-case__title a").first)
        assert click(page, page.locator(".cln-breadcrumbs a", has_text="Case studies").first) == "Case studies"
        assert click(page, page.locator(".cln-browse a").first).startswith("Case studies")
        assert click(page, page.locator(".md-tabs__link", has_text="Podcast")).strip()
        episode = page.locator(".cln-latest a, .cln-episodes a, article li a").first
        assert click(page, episode)
        assert click(page, page.locator(".cln-breadcrumbs a").last)
        assert click(page, page.locator(".md-tabs__link", has_text="Interviews")) == "Interviews"
        assert click(page, page.locator(".cln-interview h2 a").first)
        assert click(page, page.locator(".md-tabs__link", has_text="Column"))
        assert click(page, page.locator(".md-post__content h2 a").first)
        assert click(page, page.locator(".md-footer a, .md-copyright a", has_text="About").first) == "About the network"
        assert click(page, page.locator("article a", has_text="NHS London").first) == "Case studies in NHS London"
        assert not elsewhere, f"requests that left the disk: {elsewhere}"
    finally:
        context.close()
