"""Pagefind search in headless Chromium, on a copy of the portal served under its base path
(/portal/) with words planted where Material's excerpt rule used to hide them: typed as a reader
types, each is found; title, metadata, body and transcript rank in that order; each facet narrows
the results to the number of case studies filed under it; keyboard alone works; nothing is
requested from another host; axe-core finds no violation with results and filters open.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import copy_repo, indexed_pages, run_build

from .cases import front_matter, published_case_studies
from .checks import REPO, axe_run, describe_violations
from .conftest import VIEWPORT, Visit
from .pages import RESULT_LINKS, SEARCH_BOX, SEARCH_MESSAGE, SEARCH_OPENER, WORD, search, wait_for_results
from .server import PortalServer

pytestmark = pytest.mark.e2e

BASE = "portal/"
PAGE_SIZE = 10  # results shown before "Load more results" (search.js)
CATARACT = "case-studies/one-stop-cataract-pathway/"
EPISODE = "podcast/maternity-in-london/"
#: (file, text, the same text with a planted word), and where each word must be found.
PLANTED = {
    "quincunx": ("case_studies/one-stop-cataract-pathway.md", "42 of 55 practices took part",
                 "42 of 55 practices took part with a quincunx checklist", CATARACT),  # mid-section
    "zeugmatic": ("case_studies/one-stop-cataract-pathway.md", "  - optometrists\n",
                  "  - optometrists\n  - zeugmatic\n", CATARACT),  # a tag
    "Quillfeather": ("case_studies/one-stop-cataract-pathway.md", "name: Linda Cooke",
                     "name: Linda Quillfeather", CATARACT),  # an author's name
    "wobbegong": ("podcasts/maternity-in-london.md", "instead of in separate meetings",
                  "instead of in separate meetings, like a wobbegong", EPISODE),  # a transcript
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The portal with the planted words, built and served at http://127.0.0.1:port/portal/."""
    tmp = tmp_path_factory.mktemp("pagefind-e2e")
    project = copy_repo(tmp / "project")
    edits = [entry[:3] for entry in PLANTED.values()] + [
        # Ranking: a word in one case study's facts (organisation) and another's body; a word in a
        # case study's body and an episode's transcript.
        ("case_studies/one-stop-cataract-pathway.md", "Broadland Eye Services", "Broadland Pemberley Eye Services"),
        ("content/columns/posts/how-we-will-know-the-network-works.md", "records the problem each member brings",
         "records, as at Pemberley, the problem each member brings"),  # a shorter page than the case study
        ("case_studies/end-of-life-register.md", "\n## Results\n", "\n## Results\n\nHere the kookaburra rule held.\n"),
        ("podcasts/maternity-in-london.md", "Why put a whole programme", "Why put a whole kookaburra programme"),
    ]
    for name, old, new in edits:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer has {old!r}: choose another place to plant the word"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    root = tmp / "root"
    site = root / BASE.rstrip("/")
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    with PortalServer(root) as server:
        yield server, site


@pytest.fixture
def visit(browser, planted):
    server, _ = planted
    context = browser.new_context(viewport=VIEWPORT, base_url=server.url, reduced_motion="reduce")
    try:
        yield Visit(context, server.url + BASE)
    finally:
        context.close()


def found(visit, query: str) -> list[str]:
    page = visit.open("")
    return [visit.path_of(url).removeprefix(BASE) for url in search(page, query)]


@pytest.mark.parametrize("word", list(PLANTED))
def test_a_planted_word_is_found_by_typing_it(word, visit):
    results = found(visit, word)
    assert results[:1] == [PLANTED[word][3]], f"searching {word!r} found {results}"
    assert not visit.errors, visit.errors


def test_a_title_word_ranks_its_page_first(visit, planted):
    """A word of one page's title that other pages use in their text: the titled page is first.
    Words are compared by their first five letters, as Pagefind stems them (service, services).
    A word in another case study's summary is left out: the summary is in its facts card, which
    ranks as metadata (weight 5), by design close to a title."""
    pages = indexed_pages(planted[1])
    summaries = " ".join(front_matter(path).get("summary", "")
                         for path in sorted((REPO / "case_studies").glob("*.md")))
    best = None
    for url, page in sorted(pages.items()):
        for word in sorted(set(WORD.findall(page["meta"]["title"]))):
            stem = re.compile(rf"\b{word[:5]}", re.I)
            if len(stem.findall(summaries)) > 1:  # in another summary than (perhaps) its own
                continue
            titled = [u for u, p in pages.items() if stem.search(p["meta"]["title"])]
            mentions = [u for u, p in pages.items() if u != url and stem.search(p["content"])]
            if titled == [url] and (best is None or len(mentions) > best[2]):
                best = (word, url, len(mentions))
    word, url, mentions = best
    assert mentions >= 2, f"no title word is also used by two other pages (best: {best})"
    results = found(visit, word)
    assert results[0] == url.removeprefix("/" + BASE).lstrip("/"), f"searching {word!r} found {results}"


def test_facts_rank_above_the_body_and_the_body_above_a_transcript(visit):
    assert found(visit, "Pemberley")[:2] == [CATARACT, "columns/2009/how-we-will-know-the-network-works/"]
    assert found(visit, "kookaburra")[:2] == ["case-studies/end-of-life-register/", EPISODE]


def _every_case_study_word(site: Path) -> str:
    """A word every case study page has and no other page (the case studies' own boilerplate)."""
    pages = indexed_pages(site)
    words = lambda page: {w.lower() for w in WORD.findall(page["content"])}
    cases = [words(p) for u, p in pages.items() if p["meta"].get("type") == "Case study"]
    others = set().union(*(words(p) for p in pages.values() if p["meta"].get("type") != "Case study"))
    common = set.intersection(*cases) - others
    assert common, "no word is shared by every case study and used nowhere else"
    return sorted(common)[0]


def result_count(page) -> int:
    text = page.locator(SEARCH_MESSAGE).text_content()
    match = re.match(r"(\d+) results? for", text.strip())
    assert match, text
    return int(match.group(1))


def test_each_facet_shows_its_counts_and_narrows_to_them(visit, planted):
    word = _every_case_study_word(planted[1])
    cases = published_case_studies()
    page = visit.open("")
    search(page, word)
    assert result_count(page) == len(cases)
    expected = {
        "Type": Counter({"Case study": len(cases)}),
        "Region": Counter(c.region for c in cases),
        "Pathway": Counter(p for c in cases for p in c.pathways),
        "Competency": Counter(x for c in cases for x in c.competencies),
    }
    for facet, counts in expected.items():
        page.locator("summary.pagefind-ui__filter-name", has_text=facet).click()
        labels = page.locator(f"input.pagefind-ui__filter-checkbox[name='{facet}'] + label").all_text_contents()
        shown = Counter({m.group(1): int(m.group(2)) for m in (re.match(r"(.+) \((\d+)\)$", t.strip()) for t in labels)})
        assert shown == counts, f"{facet}: shown {dict(shown)}, filed {dict(counts)}"
        value, count = min(counts.items(), key=lambda item: (item[1], item[0]))
        box = page.locator(f"input.pagefind-ui__filter-checkbox[name='{facet}'][value=\"{value}\"]")
        box.check()
        page.wait_for_function("([s, n]) => document.querySelector(s).textContent.trim().startsWith(n + ' result')",
                               arg=[SEARCH_MESSAGE, count])
        assert page.locator(RESULT_LINKS).count() == min(count, PAGE_SIZE)
        box.uncheck()
        page.wait_for_function("([s, n]) => document.querySelector(s).textContent.trim().startsWith(n + ' result')",
                               arg=[SEARCH_MESSAGE, len(cases)])
    violations = axe_run(page)["violations"]
    assert not violations, "with results and every filter open:\n" + describe_violations(violations)
    assert not visit.foreign_requests(), visit.foreign_requests()
    assert not visit.errors, visit.errors


def test_search_by_keyboard_alone(visit):
    page = visit.open(CATARACT)
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", SEARCH_OPENER):
            break
    else:
        raise AssertionError("Tab never reached the header's search box")
    page.keyboard.press("Enter")
    page.wait_for_function("s => document.activeElement.matches(s)", arg=SEARCH_BOX)
    page.keyboard.press("Escape")
    page.wait_for_function("s => document.activeElement.matches(s)", arg=SEARCH_OPENER)
    page.keyboard.press("/")  # the shortcut, from anywhere but a text field
    page.wait_for_function("s => document.activeElement.matches(s)", arg=SEARCH_BOX)
    page.keyboard.type("wobbegong", delay=15)
    wait_for_results(page, "wobbegong")
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("s => document.activeElement.matches(s)", RESULT_LINKS)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert visit.path_of(page.url).removeprefix(BASE) == EPISODE


def test_results_show_title_type_date_and_the_match_highlighted(visit):
    page = visit.open("")
    search(page, "quincunx")
    result = page.locator(".pagefind-ui__result").first
    assert result.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").text_content().strip() == "A one-stop cataract pathway"
    tags = [t.strip() for t in result.locator(".pagefind-ui__result-tag").all_text_contents()]
    assert "Type: Case study" in tags and "Date: 1 February 2010" in tags, tags
    assert result.locator(".pagefind-ui__result-excerpt mark").first.text_content().lower() == "quincunx"
    assert page.locator(".cln-search__status").text_content() == "1 result for quincunx"  # announced


def test_a_page_view_without_search_loads_nothing_of_pagefind(visit):
    page = visit.open(CATARACT)
    page.wait_for_load_state("networkidle")
    assert not [url for url in visit.requests if "/pagefind/" in url]


def test_from_the_file_system_search_says_how_to_search_instead_of_spinning(browser, planted):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto((planted[1] / "index.html").as_uri())
        page.locator(SEARCH_OPENER).click()
        offline = page.locator("[data-cln-search-offline]")
        offline.wait_for(state="visible")
        assert "make serve" in offline.text_content()
        assert offline.locator("a").first.get_attribute("href").startswith("https://")
        assert page.locator(SEARCH_BOX).count() == 0
    finally:
        context.close()
