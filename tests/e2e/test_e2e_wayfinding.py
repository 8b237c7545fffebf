"""The way back from a case study leads to the page the reader came from: its region's page by
default, the pathway's or competency's when they came from there."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def last_crumb(page) -> tuple[str, str]:
    crumb = page.locator(".cln-breadcrumbs a").last
    return crumb.inner_text().strip(), visit_path(page, crumb.evaluate("a => a.href"))


def visit_path(page, url: str) -> str:
    from urllib.parse import urlsplit
    return urlsplit(url).path.lstrip("/")


@pytest.mark.parametrize("kind, title", [("pathway", "Case studies: "), ("competency", "Case studies: ")])
def test_a_case_study_opened_from_an_index_page_leads_back_to_it(visit, shipped_site, kind, title):
    folder = sorted((shipped_site / "case-studies" / kind).glob("*/index.html"))[0].parent
    index = folder.relative_to(shipped_site).as_posix() + "/"
    page = visit.open(index)
    name = page.locator("article h1").first.inner_text().replace("\u00b6", "").strip()
    with page.expect_navigation(wait_until="load"):
        page.locator(".cln-case__title a").first.click()
    text, target = last_crumb(page)
    assert (text, target) == (name, index)
    assert text.startswith(title)


def test_a_case_study_opened_directly_leads_back_to_its_region(visit, shipped_site):
    case = sorted(p.parent.name for p in (shipped_site / "case-studies").glob("*/index.html")
                  if p.parent.name not in ("region", "pathway", "competency"))[0]
    page = visit.open(f"case-studies/{case}/")
    text, target = last_crumb(page)
    assert text.startswith("Case studies in ") and target.startswith("case-studies/region/")
