"""Material's search, typed into as a person types: the right page is among the results."""

from __future__ import annotations

import pytest

from .checks import contrast
from .pages import PAGE_TYPES, SEARCH_BOX, distinctive_word, page_heading, search, transcript_phrase

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("kind", ["accessibility statement", "case study", "interview", "column"])
def test_a_word_found_only_in_one_page_finds_that_page(kind, visit, shipped_site):
    target = PAGE_TYPES[kind].locate(shipped_site)
    word = distinctive_word(shipped_site, target)
    page = visit.open("")
    results = [visit.path_of(url) for url in search(page, word)]
    assert target in results, f"searching {word!r} found {results}, not the {kind} {target!r}"


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


def test_the_search_placeholder_is_readable_closed_and_open(visit):
    """axe-core skips placeholder text, but it is the only label a sighted reader sees."""
    page = visit.open("")
    box = page.locator(SEARCH_BOX)
    closed = contrast(box, "::placeholder")
    box.click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.wait_for_timeout(400)  # Material fades the box to white
    opened = contrast(box, "::placeholder")
    assert closed["ratio"] >= 4.5 and opened["ratio"] >= 4.5, f"closed {closed}, open {opened}"


def test_a_region_name_finds_its_case_study_index(visit, shipped_site):
    region_page = PAGE_TYPES["region index"].locate(shipped_site)
    region = " ".join(page_heading(shipped_site, region_page).split())
    page = visit.open("")
    results = [visit.path_of(url) for url in search(page, region)]
    assert region_page in results, f"searching {region!r} found {results}, not {region_page!r}"


def test_a_phrase_from_a_transcript_finds_its_episode(visit, shipped_site):
    episode = PAGE_TYPES["episode with transcript"].locate(shipped_site)
    phrase = transcript_phrase(shipped_site, episode)
    page = visit.open("")
    results = [visit.path_of(url) for url in search(page, phrase)]
    assert episode in results, f"searching {phrase!r} found {results}, not the episode {episode!r}"
