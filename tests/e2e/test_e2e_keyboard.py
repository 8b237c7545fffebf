"""Keyboard alone (Tab, Shift+Tab, Enter, Escape; the arrows walk search results) reaches
and operates the portal, and the focused control is always visibly marked."""

from __future__ import annotations

import pytest

from .checks import assert_focus_visible, describe_focused, press_until_focused, style_of
from .pages import RESULT_LINKS, SEARCH_BOX, SEARCH_OPENER, distinctive_word, footer_link, wait_for_results

pytestmark = pytest.mark.e2e


def search_is_open(page) -> bool:
    return page.evaluate("document.getElementById('cln-search-dialog').open")


def open_search_by_keyboard(page) -> None:
    press_until_focused(page, SEARCH_OPENER, limit=10)
    page.keyboard.press("Enter")
    page.wait_for_function("s => document.activeElement.matches(s)", arg=SEARCH_BOX)


def test_the_skip_link_is_first_and_jumps_to_the_content(visit, shipped_site):
    page = visit.open(footer_link(shipped_site, "Privacy notice"))
    skip = page.locator("a.md-skip")
    unfocused = style_of(skip)
    assert press_until_focused(page, "a.md-skip", limit=1) == 1
    assert_focus_visible(page, unfocused, "skip link")
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(f"article {target}").count() == 1, f"skip link {target} lands outside the article"


def test_search_is_reached_by_tab_and_left_by_shift_tab(visit, shipped_site):
    page = visit.open("")
    opener = page.locator(SEARCH_OPENER)
    unfocused = style_of(opener)
    press_until_focused(page, SEARCH_OPENER, limit=10)
    assert_focus_visible(page, unfocused, "search box", indicators=("outline", "box-shadow"))
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate("s => document.activeElement.matches(s)", SEARCH_OPENER), describe_focused(page)
    press_until_focused(page, SEARCH_OPENER, limit=1)


def test_enter_in_search_opens_the_best_result(visit, shipped_site):
    statement = footer_link(shipped_site, "Accessibility statement")
    word = distinctive_word(shipped_site, statement)
    page = visit.open("")
    open_search_by_keyboard(page)
    page.keyboard.type(word, delay=15)
    wait_for_results(page, word)
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert visit.path_of(page.url) == statement


def test_arrow_keys_walk_the_results_with_visible_focus_and_enter_follows(visit, shipped_site):
    statement = footer_link(shipped_site, "Accessibility statement")
    word = distinctive_word(shipped_site, statement)
    page = visit.open("")
    open_search_by_keyboard(page)
    page.keyboard.type(word, delay=15)
    wait_for_results(page, word)
    first = page.locator(RESULT_LINKS).first
    first.wait_for(state="visible")
    unfocused = style_of(first)
    press_until_focused(page, RESULT_LINKS, key="ArrowDown", limit=1)
    assert_focus_visible(page, unfocused, "search result")
    href = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert visit.path_of(page.url) == visit.path_of(href) == statement


def test_escape_closes_search_and_focus_returns_to_the_search_box(visit, shipped_site):
    page = visit.open("")
    open_search_by_keyboard(page)
    page.keyboard.type("network", delay=15)
    wait_for_results(page, "network")
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    assert search_is_open(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('cln-search-dialog').open")
    assert page.evaluate("s => document.activeElement.matches(s)", SEARCH_OPENER), describe_focused(page)
    assert not page.locator(RESULT_LINKS).first.is_visible()
