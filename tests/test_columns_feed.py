"""The column's RSS feed as feed readers see it (feedparser), and the home page's latest lists."""

from __future__ import annotations

import datetime
from pathlib import Path

import feedparser
from lxml import etree

from cln_portal.column import feed as column_feed
from cln_portal.content.catalogue import Catalogue, Entry
from cln_portal.column import Author, Column
from cln_portal.mkdocs_plugin.sections import home

SITE = "https://example.org/portal/"
AUTHOR = Author("raj-kumar", "Raj Kumar", "director", "NHS Clinical Leaders Network")


def column(slug: str, day: str, title: str | None = None, **kw) -> Column:
    return Column(slug=slug, path=Path(f"{slug}.md"), source=f"{slug}.md", title=title or slug.title(),
                  standfirst=kw.pop("standfirst", f"About {slug}"), date=datetime.date.fromisoformat(day),
                  authors=[AUTHOR], categories=kw.pop("categories", ["Director's column"]), **kw)


def item(col: Column, html: str = "<p>Text</p>") -> column_feed.FeedItem:
    return column_feed.FeedItem(col, f"{SITE}columns/{col.date.year}/{col.slug}/", html)


def build(items) -> bytes:
    return column_feed.build(items, title="The CLN column", description="The column",
                             link=f"{SITE}columns/", feed_url=f"{SITE}columns/feed.xml")


def test_the_feed_lists_every_column_newest_first_with_absolute_links():
    items = [item(column("middle", "2009-03-16")), item(column("newest", "2009-06-15")),
             item(column("oldest", "2009-01-19"))]
    parsed = feedparser.parse(build(items))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == ["Newest", "Middle", "Oldest"]
    assert [e.link for e in parsed.entries] == [f"{SITE}columns/2009/{s}/" for s in ("newest", "middle", "oldest")]
    assert [e.id for e in parsed.entries] == [e.link for e in parsed.entries]
    assert parsed.entries[0].published_parsed[:3] == (2009, 6, 15)
    assert parsed.entries[0].summary == "About newest"
    assert parsed.entries[0].author == "Raj Kumar, director, NHS Clinical Leaders Network"
    assert parsed.entries[0].tags[0].term == "Director's column"
    assert parsed.feed.link == f"{SITE}columns/"
    self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
    assert self_links == [f"{SITE}columns/feed.xml"]
    # The build date is the newest column's, not the clock's.
    assert parsed.feed.updated_parsed[:3] == (2009, 6, 15)


def test_full_content_with_relative_links_and_images_made_absolute():
    html = ('<h1 id="t">Headline<a class="headerlink" href="#t">¶</a></h1>'
            '<p class="cln-standfirst">Standfirst</p><!-- more -->'
            '<p>See <a href="../other-column/">the other column</a>, <a href="#part">a part</a>, '
            '<a href="mailto:cln@example.org">mail</a> and <a href="https://www.hsj.co.uk/x">HSJ</a>.</p>'
            '<p><img src="../../../images/chart.png" alt="Chart" srcset="../../../images/chart@2x.png 2x">'
            '<a href="javascript:alert(1)">bad</a></p>')
    document = build([item(column("first", "2009-01-19"), html)])
    parsed = feedparser.parse(document)
    content = parsed.entries[0].content[0].value
    assert parsed.entries[0].content[0].type == "text/html"
    assert f'href="{SITE}columns/2009/other-column/"' in content
    assert f'href="{SITE}columns/2009/first/#part"' in content
    assert f'src="{SITE}images/chart.png"' in content
    # feedparser drops srcset when it sanitises; the feed itself carries it, absolute.
    assert f'srcset="{SITE}images/chart@2x.png 2x"' in document.decode()
    assert 'href="mailto:cln@example.org"' in content and 'href="https://www.hsj.co.uk/x"' in content
    assert "javascript" not in content
    assert "Headline" not in content and "¶" not in content and "more" not in content
    assert "Standfirst" in content


def test_text_is_escaped_and_control_characters_do_not_break_the_feed():
    nasty = column("nasty", "2009-01-19", title='Beds & <b>boards</b> "now"\x0b',
                   standfirst="Less < more & ]]> done\x0c", categories=["A & B"])
    document = build([item(nasty, "<p>Fish &amp; chips ]]&gt; <script>alert(1)</script></p>")])
    etree.fromstring(document)  # well-formed XML
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.bozo_exception
    entry = parsed.entries[0]
    assert entry.title == 'Beds & <b>boards</b> "now"'
    assert entry.summary == "Less < more & ]]> done"
    assert entry.tags[0].term == "A & B"
    assert b"<b>boards" not in document  # the markup in the title stays text


def test_the_feed_is_the_same_bytes_every_build():
    items = [item(column("a", "2009-01-19")), item(column("b", "2009-01-19", title="B"))]
    assert build(items) == build(list(reversed(items)))


def test_an_empty_column_still_gives_a_valid_feed_without_a_clock_date():
    document = build([])
    parsed = feedparser.parse(document)
    assert not parsed.bozo and parsed.entries == []
    assert b"lastBuildDate" not in document


def entry(kind: str, slug: str, day: str | None, title: str | None = None) -> Entry:
    return Entry(kind=kind, slug=slug, title=title or slug, url=f"{kind.replace(' ', '-')}s/{slug}/",
                 date=datetime.date.fromisoformat(day) if day else None, summary=f"About {slug}")


def test_latest_lists_follow_the_catalogue_for_every_kind():
    catalogue = Catalogue()
    for e in [entry("column", "old-column", "2009-01-19"), entry("column", "new-column", "2009-06-15"),
              entry("case study", "cs1", "2009-02-01"), entry("case study", "cs2", "2009-05-01"),
              entry("case study", "cs3", None), entry("case study", "cs4", "2009-04-01"),
              entry("case study", "cs5", "2009-03-01"), entry("episode", "ep1", "2009-07-01")]:
        catalogue.add(e)
    assert [e.slug for e in home.latest(catalogue, "column", 1)] == ["new-column"]
    assert [e.slug for e in home.latest(catalogue, "case study", 3)] == ["cs2", "cs4", "cs5"]
    html = home.render(catalogue, "")
    assert html.index("Latest column") < html.index("Latest case studies") < html.index("Latest episodes")
    assert 'href="columns/new-column/"' in html and "old-column" not in html
    assert 'href="case-studys/cs2/"' in html and "cs1" not in html
    assert "15 June 2009" in html and "About new-column" in html
    # From a page deeper in the site, the links stay right.
    assert 'href="../../columns/new-column/"' in home.render(catalogue, "a/b/")
    # "All ..." links only for kinds whose index page is built.
    assert "All columns" not in html
    html = home.render(catalogue, "", {"column": "columns/", "interview": "interviews/"})
    assert '<a href="columns/">All columns</a>' in html and "All case studies" not in html


def test_a_kind_with_nothing_published_shows_no_heading():
    catalogue = Catalogue()
    catalogue.add(entry("column", "only-column", "2009-01-19"))
    html = home.render(catalogue, "")
    assert "Latest column" in html
    assert "case studies" not in html and "episodes" not in html
    assert home.render(Catalogue(), "") == ""


def test_latest_lists_escape_titles_and_summaries():
    catalogue = Catalogue()
    catalogue.add(Entry(kind="column", slug="x", title='<script>alert("t")</script>', url='columns/"x/',
                        date=datetime.date(2009, 1, 1), summary="A & <b>B</b>"))
    html = home.render(catalogue, "")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "A &amp; &lt;b&gt;B&lt;/b&gt;" in html
    assert 'href="columns/&quot;x/"' in html
