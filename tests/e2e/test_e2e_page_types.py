"""Every page type, as a user's browser meets it: nothing fetched from another host, no script
errors, no Markdown left as text, zero WCAG 2.2 AA violations from axe-core, and a screenshot for a
person to look at. Each page type is opened once (the checks share it) to keep the suite fast."""

from __future__ import annotations

import re

import pytest

from .checks import WCAG_TAGS, axe_run, describe_violations, screenshot
from .conftest import new_visit, Visit
from .pages import PAGE_TYPES, open_page_type

pytestmark = pytest.mark.e2e

# Markdown that reached the reader unrendered: bold markers, links, headings.
RAW_MARKDOWN = re.compile(r"\*\*\S|\]\(|^#{1,6} ", re.MULTILINE)


@pytest.fixture(scope="module", params=list(PAGE_TYPES))
def opened(request, browser, portal, shipped_site):
    """One page of each type, loaded until the network is idle, in the state a user sees it."""
    for visit in new_visit(browser, portal):
        page = open_page_type(visit, shipped_site, request.param, wait="networkidle")
        page.wait_for_load_state("networkidle")
        yield request.param, visit, page


def test_every_request_goes_to_127_0_0_1(opened):
    kind, visit, page = opened
    assert len(visit.requests) >= 3, f"{kind}: only {visit.requests} requested: did the page load?"
    foreign = visit.foreign_requests()
    assert not foreign, f"{kind} ({page.url}) requested other hosts:\n" + "\n".join(foreign)


def test_no_script_error(opened):
    kind, visit, page = opened
    assert not visit.errors, f"{kind}: script errors:\n" + "\n".join(visit.errors)


def test_no_markdown_syntax_shows_as_text(opened):
    kind, visit, page = opened
    text = page.locator("article").first.inner_text()
    raw = sorted({text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
                  for m in RAW_MARKDOWN.finditer(text)})
    assert not raw, f"{kind} ({page.url}) shows Markdown as text:\n" + "\n".join(raw)


def test_axe_finds_no_wcag_violation(opened):
    kind, visit, page = opened
    screenshot(page, kind)
    results = axe_run(page)
    assert results["testEngine"]["name"] == "axe-core"
    assert results["toolOptions"]["runOnly"]["values"] == WCAG_TAGS
    violations = results["violations"]
    assert not violations, (f"{kind} ({page.url}): {len(violations)} WCAG rules fail "
                            f"(axe-core {results['testEngine']['version']}):\n" + describe_violations(violations))


# WCAG 1.4.10 Reflow: content readable at 320 CSS pixels wide (a 1280 px screen at 400% zoom)
# without scrolling sideways. Tables and code may scroll inside their own box; the page may not.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let n = el.parentElement; n; n = n.parentElement) {
      const o = getComputedStyle(n).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  // The navigation drawer waits off-screen on narrow screens by design: only what a reader sees.
  const wide = [...document.querySelectorAll('.md-header *, .md-content *, .md-footer *')].filter(el => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 1 && !scrolls(el) && el.checkVisibility(); });
  return {page: document.documentElement.scrollWidth, width,
          wide: wide.slice(0, 8).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
                + `(right edge ${Math.round(el.getBoundingClientRect().right)} px): `
                + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60))};
}"""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_reflows_at_320_css_pixels_without_sideways_scrolling(kind, browser, portal, shipped_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=portal.url,
                                  reduced_motion="reduce")
    try:
        page = open_page_type(Visit(context, portal.url), shipped_site, kind)
        screenshot(page, f"{kind} 320px")
        layout = page.evaluate(OVERFLOW_JS)
        assert layout["page"] <= layout["width"], (
            f"{kind} ({page.url}) is {layout['page']} px wide at {layout['width']} px:\n  " + "\n  ".join(layout["wide"]))
    finally:
        context.close()
