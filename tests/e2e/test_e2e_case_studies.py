"""The case study filters, as a reader uses them: exactly the matching case studies and their count,
a full list again on clearing, the choice kept in the URL across a reload, all by keyboard too."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from cln_portal.content.text import slugify

from .cases import narrowing_filter, published_case_studies
from .checks import assert_focus_visible, press_until_focused, style_of
from .pages import apply_filter, case_study_index, visible_case_titles

pytestmark = pytest.mark.e2e

COUNT = "#cln-filter-count"


def count_says(page, shown: int, total: int) -> None:
    """The count line names how many show and how many there are, in that order, and nothing else."""
    text = page.locator(COUNT).inner_text()
    assert [int(n) for n in re.findall(r"\d+", text)] in ([shown, total], [total]) and str(shown) in text, text


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_the_full_list_is_every_published_case_study(visit, shipped_site):
    cases = published_case_studies()
    page = visit.open(case_study_index(shipped_site))
    assert sorted(visible_case_titles(page)) == sorted(c.title for c in cases)
    count_says(page, len(cases), len(cases))


def test_region_and_pathway_show_exactly_the_matching_case_studies_and_survive_reload(visit, shipped_site):
    cases = published_case_studies()
    region, pathway, expected = narrowing_filter()
    page = visit.open(case_study_index(shipped_site))
    apply_filter(page, region, pathway)
    assert sorted(visible_case_titles(page)) == sorted(expected), f"{region} + {pathway}"
    count_says(page, len(expected), len(cases))
    assert query(page) == {"region": [slugify(region)], "pathway": [slugify(pathway)]}

    page.reload()
    assert sorted(visible_case_titles(page)) == sorted(expected), "the filter was lost on reload"
    count_says(page, len(expected), len(cases))
    assert page.get_by_label("Region", exact=True).input_value() == slugify(region)
    assert page.get_by_label("Pathway", exact=True).input_value() == slugify(pathway)

    page.get_by_role("button", name="Clear filters").click()
    assert sorted(visible_case_titles(page)) == sorted(c.title for c in cases)
    count_says(page, len(cases), len(cases))
    assert query(page) == {}


def test_a_shared_link_with_a_filter_opens_filtered(visit, shipped_site):
    region, pathway, expected = narrowing_filter()
    page = visit.open(f"{case_study_index(shipped_site)}?region={slugify(region)}&pathway={slugify(pathway)}")
    assert sorted(visible_case_titles(page)) == sorted(expected)


def test_the_filters_work_by_keyboard_alone(visit, shipped_site):
    cases = published_case_studies()
    region, pathway, expected = narrowing_filter()
    page = visit.open(case_study_index(shipped_site))
    region_box = page.get_by_label("Region", exact=True)
    unfocused = style_of(region_box)
    press_until_focused(page, "select[name=region]", limit=60)
    assert_focus_visible(page, unfocused, "region filter", indicators=("outline", "box-shadow"))
    options = region_box.evaluate("s => [...s.options].map(o => o.textContent.trim())")
    for _ in range(options.index(region)):
        page.keyboard.press("ArrowDown")
    press_until_focused(page, "select[name=pathway]", limit=1)
    options = page.get_by_label("Pathway", exact=True).evaluate("s => [...s.options].map(o => o.textContent.trim())")
    for _ in range(options.index(pathway)):
        page.keyboard.press("ArrowDown")
    assert sorted(visible_case_titles(page)) == sorted(expected)
    press_until_focused(page, "select[name=region]", key="Shift+Tab", limit=1)
    assert page.get_by_label("Region", exact=True).input_value() == slugify(region)

    button = page.get_by_role("button", name="Clear filters")
    unfocused = style_of(button)
    press_until_focused(page, "[data-cln-filter-clear]", limit=4)
    assert_focus_visible(page, unfocused, "clear filters button", indicators=("outline", "box-shadow"))
    page.keyboard.press("Space")
    assert sorted(visible_case_titles(page)) == sorted(c.title for c in cases)
    # Focus goes back to the first filter, so the reader can start again without hunting for it.
    assert page.evaluate("document.activeElement.matches('select[name=region]')")
    assert query(page) == {}
