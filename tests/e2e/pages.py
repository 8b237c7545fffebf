"""The portal's page types, found in the built site rather than by hard-coded slugs.

Each page type names how to find one real page of that type in site/ and how to bring it into the
state a user sees (a filter applied, the search overlay open with results). Finding fails loudly:
a page type that disappears from the build is a failure, not a skip.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html

WORD = re.compile(r"[^\W\d_]{6,}")


@cache
def _tree(page: Path):
    return lxml.html.fromstring(page.read_bytes())


def html_page(site: Path, path: str) -> Path:
    """The built file behind a site path ('' or 'about/')."""
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    assert file.is_file(), f"{path!r}: no {file.relative_to(site)} in the built site"
    return file


def article_text(site: Path, path: str) -> str:
    """The words a reader sees in a page's main content, without permalink symbols."""
    tree = _tree(html_page(site, path))
    articles = tree.xpath("//article")
    assert articles, f"{path!r}: no <article> in the page"
    for link in articles[0].xpath(".//a[contains(@class, 'headerlink')]"):
        link.drop_tree()
    return " ".join(articles[0].itertext())


def page_heading(site: Path, path: str) -> str:
    """A page's h1 as a reader sees it."""
    tree = _tree(html_page(site, path))
    headings = tree.xpath("//article//h1")
    assert headings, f"{path!r}: no h1"
    return " ".join(" ".join(headings[0].itertext()).replace("\u00b6", "").split())


def content_pages(site: Path) -> list[str]:
    """Site paths of every page search indexes (every built HTML page but 404 and the editor,
    /admin/, which is Decap CMS's app, not content)."""
    return sorted(str(p.parent.relative_to(site)) + "/" if p.parent != site else ""
                  for p in site.rglob("index.html") if p.parent.name not in ("search", "admin"))


@cache
def _search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def indexed_words(site: Path, path: str) -> set[str]:
    """The words Material's search index holds for a page (long pages are indexed by their
    opening blocks only, by design: see cln_portal.markup.search_excerpt)."""
    text = " ".join(d["title"] + " " + d["text"] for d in _search_index(site)
                    if d["location"].split("#")[0] == path)
    return {w.lower() for w in WORD.findall(re.sub(r"<[^>]+>", " ", text))}


def distinctive_word(site: Path, path: str) -> str:
    """A word of at least six letters in this page's text, in the search index for it, and in no
    other page's text.

    Picked from the built site so the search checks follow the content as it changes; the longest
    such word (then alphabetical) so the choice is stable.
    """
    mine = {w.lower() for w in WORD.findall(article_text(site, path))} & indexed_words(site, path)
    for other in content_pages(site):
        if other != path:
            mine -= {w.lower() for w in WORD.findall(article_text(site, other))}
    assert mine, f"{path!r}: no word of its own to search for"
    return sorted(mine, key=lambda w: (-len(w), w))[0]


def transcript_phrase(site: Path, path: str) -> str:
    """Two consecutive words of a page's transcript, the first in the search index for the page
    and found in no other page."""
    transcript = " ".join(" ".join(_tree(html_page(site, path)).xpath(
        "//article//*[contains(@class, 'cln-transcript')]//p[not(contains(@class, 'cln-speaker'))]//text()")).split())
    words = re.findall(r"[^\W\d_]+", transcript)
    others = set()
    for other in content_pages(site):
        if other != path:
            others |= {w.lower() for w in WORD.findall(article_text(site, other))}
    indexed = indexed_words(site, path)
    for first, second in zip(words, words[1:]):
        if len(first) >= 6 and first.lower() not in others and first.lower() in indexed:
            return f"{first} {second}"
    raise AssertionError(f"{path!r}: no word of its transcript is found only there")


def footer_link(site: Path, text: str) -> str:
    """The site path the home page's footer links to under this text (how readers find it)."""
    links = [a.get("href") for a in _tree(html_page(site, "")).xpath("//footer//a")
             if " ".join(a.text_content().split()) == text]
    assert len(links) == 1, f"the home page's footer has {len(links)} links called {text!r}"
    return links[0].removeprefix("./")


def tab_link(site: Path, text: str) -> str:
    """The site path of the home page's navigation tab with this text."""
    links = [a.get("href") for a in _tree(html_page(site, "")).xpath("//*[contains(@class, 'md-tabs')]//a")
             if " ".join(a.text_content().split()) == text]
    assert len(links) == 1, f"the home page has {len(links)} navigation tabs called {text!r}"
    return "" if links[0] in (".", "./") else links[0].removeprefix("./")


def listed(site: Path, index: str, xpath: str) -> list[str]:
    """Site paths of the pages an index page lists (links matched by xpath in its article)."""
    article = _tree(html_page(site, index)).xpath("//article")[0]
    found = []
    for href in article.xpath(xpath):
        resolved = posixpath.normpath(posixpath.join(index, href.split("#")[0]))
        found.append("" if resolved == "." else resolved + "/" if href.endswith("/") else resolved)
    assert found, f"{index!r} lists nothing matching {xpath}"
    return found


def interviews_index(site: Path) -> str:
    return tab_link(site, "Interviews")


def an_interview(site: Path) -> str:
    """The newest interview on the interviews index (written or recorded)."""
    return listed(site, interviews_index(site), ".//li[contains(@class, 'cln-interview')]//h2//a/@href")[0]


def column_index(site: Path) -> str:
    return tab_link(site, "Column")


def a_column(site: Path) -> str:
    """The newest column on the column index (Material's blog post list)."""
    return listed(site, column_index(site), ".//*[contains(@class, 'md-post__content')]/h2//a/@href")[0]


def column_archive(site: Path) -> str:
    """The newest year of the column archive, as linked from the column index's navigation."""
    index = column_index(site)
    years = [a.get("href") for a in _tree(html_page(site, index)).xpath("//nav//a[contains(@href, 'archive/')]")]
    assert years, f"{index!r} links no archive year"
    return posixpath.normpath(posixpath.join(index, years[0])) + "/"


def case_study_index(site: Path) -> str:
    return tab_link(site, "Case studies")


def a_case_study(site: Path) -> str:
    """The newest case study on the case study index."""
    return listed(site, case_study_index(site), ".//li[contains(@class, 'cln-case')]//h3//a/@href")[0]


def a_region_index(site: Path) -> str:
    """The first region the case study index lets readers browse by."""
    return listed(site, case_study_index(site), ".//ul[contains(@class, 'cln-browse')]//a[contains(@href, 'region/')]/@href")[0]


def _main_feed(site: Path):
    from .feeds import read_feed, site_base

    feed = site / "podcast" / "feed.xml"
    assert feed.is_file(), "no podcast/feed.xml in the built site"
    parsed = read_feed(feed)
    return parsed, site_base(site, feed, parsed)


def podcast_home(site: Path) -> str:
    """The podcast's home: the page the main feed names as the show's link."""
    parsed, base = _main_feed(site)
    assert parsed.feed.link.startswith(base), parsed.feed.link
    return parsed.feed.link[len(base):]


def an_episode(site: Path) -> str:
    """The newest episode in the main feed whose page carries its transcript."""
    parsed, base = _main_feed(site)
    for entry in parsed.entries:
        path = entry.link[len(base):]
        if _tree(html_page(site, path)).xpath("//article//*[contains(@class, 'cln-transcript')]"):
            return path
    raise AssertionError("no episode page in the main feed shows a transcript")


# --- Bringing a page into a user's state ---------------------------------------------------------

SEARCH_BOX = "input.md-search__input"
RESULT_LINKS = ".md-search-result__item > .md-search-result__link"


def search(page, query: str) -> list[str]:
    """Type into Material's search as a person does; the result links (absolute URLs), in order."""
    box = page.locator(SEARCH_BOX)
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():  # a narrow screen: search opens from a button in the header
        opener.click()
        page.wait_for_function("() => document.getElementById('__search').checked")
    else:
        box.click()
    box.press_sequentially(query, delay=15)
    page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=10_000)
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


@dataclass(frozen=True)
class PageType:
    """One kind of page a user meets: where one is, and how to put it into its user state."""

    name: str
    locate: Callable[[Path], str]
    prepare: Callable[[object, Path], None] | None = None


def visible_case_titles(page) -> list[str]:
    """The titles of the case studies the list shows now (hidden ones left out)."""
    return page.locator("li.cln-case h3 a").evaluate_all(
        "links => links.filter(a => a.checkVisibility()).map(a => a.textContent.trim())")


def apply_filter(page, region: str, pathway: str) -> None:
    """Choose a region and a pathway by their labels, as a reader does."""
    page.get_by_label("Region", exact=True).select_option(label=region)
    page.get_by_label("Pathway", exact=True).select_option(label=pathway)


def _filtered_index(page, site: Path) -> None:
    from .cases import narrowing_filter

    region, pathway, expected = narrowing_filter()
    apply_filter(page, region, pathway)
    page.wait_for_function("n => [...document.querySelectorAll('li.cln-case')].filter(li => !li.hidden).length === n",
                           arg=len(expected))


def _search_overlay(page, site: Path) -> None:
    statement = footer_link(site, "Accessibility statement")
    search(page, distinctive_word(site, statement))


PAGE_TYPES = {
    t.name: t for t in [
        PageType("home", lambda site: ""),
        PageType("about", lambda site: footer_link(site, "About the network")),
        PageType("accessibility statement", lambda site: footer_link(site, "Accessibility statement")),
        PageType("privacy notice", lambda site: footer_link(site, "Privacy notice")),
        PageType("search results", lambda site: "", _search_overlay),
        PageType("case study index, filtered", case_study_index, _filtered_index),
        PageType("case study", a_case_study),
        PageType("region index", a_region_index),
        PageType("interviews index", interviews_index),
        PageType("interview", an_interview),
        PageType("podcast home", podcast_home),
        PageType("episode with transcript", an_episode),
        PageType("column index", column_index),
        PageType("column", a_column),
        PageType("column archive", column_archive),
    ]
}


def open_page_type(visit, site: Path, name: str, wait: str = "load"):
    """Open one page of this type in the browser, in the state a user sees it."""
    kind = PAGE_TYPES[name]
    page = visit.open(kind.locate(site), wait=wait)
    if kind.prepare:
        kind.prepare(page, site)
    return page
