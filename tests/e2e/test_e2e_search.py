"""The portal's search (Pagefind), typed into as a person types: the right page is among the results.

Planted words, ranking and facets: test_e2e_pagefind.py."""

from __future__ import annotations

import pytest

from .checks import contrast
from .cases import published_case_studies
from .pages import (PAGE_TYPES, SEARCH_MESSAGE, distinctive_word, open_search, search,
                    transcript_phrase, wait_for_results)

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
    open_search(page).press_sequentially("zzyzxquorblax", delay=15)
    wait_for_results(page, "zzyzxquorblax")
    assert page.locator(SEARCH_MESSAGE).text_content().strip() == "No results for zzyzxquorblax"
    assert page.locator(".pagefind-ui__result").count() == 0


def test_the_search_box_and_placeholder_are_readable(visit):
    """axe-core skips placeholder text, but it is the only label a sighted reader sees."""
    page = visit.open("")
    label = contrast(page.locator(".cln-search__label"))
    box = open_search(page)
    placeholder = contrast(box, "::placeholder")
    assert label["ratio"] >= 4.5 and placeholder["ratio"] >= 4.5, f"label {label}, placeholder {placeholder}"


def test_a_region_name_finds_its_case_studies(visit):
    """Listing pages are not indexed: the region's case studies are found, by their facts card."""
    cases = published_case_studies()
    region = max({c.region for c in cases}, key=lambda r: (sum(c.region == r for c in cases), r))
    titles = {c.title for c in cases if c.region == region}
    page = visit.open("")
    search(page, region)
    shown = page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").all_text_contents()
    assert titles & {t.strip() for t in shown[:len(titles)]}, f"searching {region!r} showed {shown}"


def test_a_phrase_from_a_transcript_finds_its_episode(visit, shipped_site):
    episode = PAGE_TYPES["episode with transcript"].locate(shipped_site)
    phrase = transcript_phrase(shipped_site, episode)
    page = visit.open("")
    results = [visit.path_of(url) for url in search(page, phrase)]
    assert episode in results, f"searching {phrase!r} found {results}, not the episode {episode!r}"
