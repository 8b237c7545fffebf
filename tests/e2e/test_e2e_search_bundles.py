"""Search over an index split into several Pagefind bundles (``search: pages_per_bundle``), in
headless Chromium: the shipped portal built with bundles of a few pages, served under its base
path (/portal/), beside the same portal in one bundle. A page is found whichever bundle holds it; the filters count every bundle's
pages, as one bundle does; a title finds the same page first; nothing is requested from another
host and axe-core finds no violation.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import bundle_pages, bundles, copy_repo, indexed_pages, run_build, set_plugin_options

from .checks import axe_run, describe_violations
from .conftest import VIEWPORT, Visit
from .pages import RESULT_LINKS, SEARCH_MESSAGE, WORD, distinctive_word, search
from .server import PortalServer

pytestmark = pytest.mark.e2e

PER_BUNDLE = 10  # the shipped portal's 30-odd pages: four bundles
BASE = "portal/"  # each merged bundle's results must carry it too
FACETS = ("Type", "Region")


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    """The shipped portal indexed in bundles of PER_BUNDLE pages, served at 127.0.0.1:port/portal/."""
    tmp = tmp_path_factory.mktemp("bundles-e2e")
    project = set_plugin_options(copy_repo(tmp / "project"), f"search:\n  pages_per_bundle: {PER_BUNDLE}\n")
    site = tmp / "root" / BASE.rstrip("/")
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert len(bundles(site)) >= 3, f"only {len(bundles(site))} bundles: lower PER_BUNDLE"
    with PortalServer(site.parent) as server:
        yield server, site


@pytest.fixture
def split_visit(browser, split):
    context = browser.new_context(viewport=VIEWPORT, base_url=split[0].url, reduced_motion="reduce")
    try:
        yield Visit(context, split[0].url + BASE)
    finally:
        context.close()


def results(visit, query: str) -> list[str]:
    """The site paths of the results, without the base path (which each must have)."""
    page = visit.open("")
    paths = [visit.path_of(url) for url in search(page, query)]
    if visit.base.endswith(BASE):
        assert all(path.startswith(BASE) for path in paths), f"{query!r}: a result outside {BASE}: {paths}"
    return [path.removeprefix(BASE) for path in paths]


def test_a_word_of_one_page_finds_it_whichever_bundle_holds_it(split_visit, split):
    site = split[1]
    for number, bundle in enumerate(bundles(site)):
        target = sorted(bundle_pages(bundle))[0].lstrip("/")
        word = distinctive_word(site, target)
        found = results(split_visit, word)
        assert target in found, f"searching {word!r} found {found}, not {target!r} (bundle {number})"
    assert not split_visit.errors, split_visit.errors


def _common_word(site) -> str:
    """The word in most indexed pages (then alphabetical): results of several types, in every bundle."""
    counts = Counter(w for page in indexed_pages(site).values()
                     for w in {w.lower() for w in WORD.findall(page["content"])})
    return min(counts, key=lambda w: (-counts[w], w))


def facets_shown(visit, query: str) -> tuple[str, dict[str, Counter]]:
    page = visit.open("")
    search(page, query)
    shown = {}
    for facet in FACETS:
        page.locator("summary.pagefind-ui__filter-name", has_text=facet).click()
        labels = page.locator(f"input.pagefind-ui__filter-checkbox[name='{facet}'] + label").all_text_contents()
        shown[facet] = Counter({m.group(1): int(m.group(2)) for m in (re.match(r"(.+) \((\d+)\)$", t.strip()) for t in labels)})
    return page.locator(SEARCH_MESSAGE).text_content().strip(), shown


def test_the_filters_count_what_one_bundle_counts(split_visit, visit, split):
    word = _common_word(split[1])
    message, shown = facets_shown(split_visit, word)
    assert (message, shown) == facets_shown(visit, word)
    assert len(shown["Type"]) >= 3 and shown["Region"], shown
    assert re.match(rf"\d+ results for {word}$", message), message
    in_bundles = [b for b in bundles(split[1]) if any(word in p["content"].lower() for p in bundle_pages(b).values())]
    assert len(in_bundles) >= 3, f"{word!r} is in {len(in_bundles)} bundles only"


def test_a_title_finds_the_same_page_first_as_one_bundle(split_visit, visit, split):
    """A case study's, a column's and an episode's title, from different bundles."""
    chosen: dict[str, tuple[int, str]] = {}
    for number, bundle in enumerate(bundles(split[1])):
        for url, page in sorted(bundle_pages(bundle).items()):
            kind = page["meta"].get("type")
            if kind not in chosen and number not in {n for n, _ in chosen.values()}:
                chosen[kind] = (number, page["meta"]["title"])
    assert len({n for n, _ in chosen.values()}) >= 2, chosen
    for kind, (number, title) in sorted(chosen.items()):
        split_first, single_first = results(split_visit, title)[0], results(visit, title)[0]
        assert split_first == single_first, f"{title!r} ({kind}, bundle {number}): {split_first} first, not {single_first}"


def test_merged_search_stays_on_the_site_and_accessible(split_visit, split):
    page = split_visit.open("case-studies/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in split_visit.requests if "/pagefind/" in url], "a page view loaded the index"
    page = split_visit.open("")
    search(page, _common_word(split[1]))
    for facet in FACETS:
        page.locator("summary.pagefind-ui__filter-name", has_text=facet).click()
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    merged = {re.sub(r".*/pagefind/(more/\d+/).*", r"\1", url) for url in split_visit.requests if "/pagefind/more/" in url}
    assert merged == {bundle.relative_to(split[1] / "pagefind").as_posix() + "/" for bundle in bundles(split[1])[1:]}
    violations = axe_run(page)["violations"]
    assert not violations, "with merged results and filters open:\n" + describe_violations(violations)
    assert not split_visit.foreign_requests(), split_visit.foreign_requests()
    assert not split_visit.errors, split_visit.errors
