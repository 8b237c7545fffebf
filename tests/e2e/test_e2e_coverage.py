"""The coverage page in Chromium: 0 axe violations, and a count in the table leads to its list."""

from __future__ import annotations

import pytest

from .checks import axe_run, describe_violations

pytestmark = pytest.mark.e2e


def test_the_coverage_page_has_no_wcag_violation_and_a_count_opens_its_list(visit):
    page = visit.open("case-studies/coverage/")
    violations = axe_run(page)["violations"]
    assert not violations, describe_violations(violations)
    link = page.locator("table a[href^='#pathway-nhs-london-maternity-and-newborn']").first
    assert link.text_content() == "2 case studies"
    link.click()
    page.wait_for_function("() => location.hash === '#pathway-nhs-london-maternity-and-newborn'")
    listed = page.locator("#pathway-nhs-london-maternity-and-newborn + ul li a")
    assert listed.count() == 5  # 2 case studies, an episode, a column and an interview
    pair = "#pathway-nhs-london-maternity-and-newborn + ul li"
    assert page.locator(f"{pair} a[href*='podcast/maternity-in-london/']").count() == 1
    assert page.locator(f"{pair} a[href*='interviews/maternity-as-the-whole-programme/']").count() == 1
    assert not visit.foreign_requests() and not visit.errors
