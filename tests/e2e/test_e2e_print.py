"""Case studies and columns printed on A4, as action learning sets that meet on paper use them:
Chromium's print media shows the content alone, with the summary card and link addresses."""

from __future__ import annotations

import pytest

from .checks import screenshot
from .pages import open_page_type

pytestmark = pytest.mark.e2e

#: What a printed page must not show: Material's header, tabs, sidebars and footer, our breadcrumb.
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".cln-breadcrumbs"]


def shown(page, selector: str) -> bool:
    return page.eval_on_selector_all(selector, """nodes => nodes.some(n => {
        const box = n.getBoundingClientRect(); return box.width > 0 && box.height > 0 &&
            getComputedStyle(n).visibility !== 'hidden'; })""")


@pytest.mark.parametrize("kind", ["case study", "column"])
def test_printed_pages_show_the_content_alone_with_link_addresses(visit, shipped_site, kind):
    page = open_page_type(visit, shipped_site, kind)
    assert shown(page, ".md-header") and shown(page, ".md-tabs"), "on screen the navigation is there"
    page.emulate_media(media="print")
    path = screenshot(page, f"print {kind}")
    for selector in CHROME:
        assert not shown(page, selector), f"{kind}: {selector} is printed"
    assert shown(page, "article h1")
    if kind == "case study":
        assert shown(page, ".cln-card"), "the summary card is printed"
        assert page.eval_on_selector(".cln-card", "e => getComputedStyle(e).breakInside") == "avoid"
    after = page.eval_on_selector_all(
        "article a[href]:not(.headerlink)", "links => links.map(a => getComputedStyle(a, '::after').content)")
    addresses = [text for text in after if "https://" in text or "mailto:" in text]
    assert addresses, f"{kind}: no link shows its address in print: {after[:5]}"
    assert all("https://nhs-cln.github.io/portal/" in text or "mailto:" in text or "://" in text
               for text in addresses)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and path.is_file()
