"""Material's search, typed into as a person types: the right page is among the results."""

from __future__ import annotations

import pytest

from .pages import footer_link, distinctive_word, search

pytestmark = pytest.mark.e2e


def test_a_word_of_the_accessibility_statement_finds_it(visit, shipped_site):
    statement = footer_link(shipped_site, "Accessibility statement")
    word = distinctive_word(shipped_site, statement)
    page = visit.open("")
    results = [visit.path_of(url) for url in search(page, word)]
    assert statement in results, f"searching {word!r} found {results}, not {statement!r}"


def test_a_word_in_no_page_finds_nothing(visit):
    page = visit.open("")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("zzyzxquorblax", delay=15)
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(state="visible")
    page.wait_for_function("() => /No matching documents/i.test("
                           "document.querySelector('.md-search-result__meta').textContent)")
    assert page.locator(".md-search-result__item").count() == 0
