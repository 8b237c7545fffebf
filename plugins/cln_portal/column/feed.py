"""The column's RSS 2.0 feed: every column in full, newest first, for feed readers.

Feed readers show an item outside the site, so every link and image in its content must be
absolute. The feed is built from content only (dates from the columns, not the clock), so two
builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from feedgen.feed import FeedGenerator

from .posts import Column
from ..content.text import clean_text, is_safe_url

#: Attributes that hold a link, in the HTML Markdown and Material produce.
_LINK_ATTRIBUTES = ("href", "src", "poster", "cite")


@dataclass(frozen=True)
class FeedItem:
    """A column as the feed carries it: its absolute address and its rendered HTML."""

    column: Column
    url: str  # absolute
    html: str  # the post as rendered on the site, links still relative to ``url``


def absolute_html(html: str, base_url: str) -> str:
    """``html`` with every relative link and image made absolute against ``base_url``.

    The headline (the item has it as its title), permalink anchors ('¶' after each crosshead)
    and comments are dropped: they are site furniture, not content. Links with a scheme that is
    not safe (javascript:, data:) are removed.
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    furniture = root.xpath('.//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'
                           " | .//comment() | ./h1[1]")
    for element in furniture:
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        for name in _LINK_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            if not is_safe_url(value):
                del element.attrib[name]
                continue
            element.set(name, urljoin(base_url, value.strip()))
        if element.get("srcset"):
            candidates = []
            for candidate in element.get("srcset").split(","):
                parts = candidate.split()
                if parts and is_safe_url(parts[0]):
                    candidates.append(" ".join([urljoin(base_url, parts[0]), *parts[1:]]))
            element.set("srcset", ", ".join(candidates))
    inner = (root.text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return inner + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.timezone.utc)


def build(items: list[FeedItem], *, title: str, description: str, link: str, feed_url: str,
          language: str = "en-gb") -> bytes:
    """The RSS 2.0 document for ``items`` (any order: the feed lists them newest first)."""
    items = sorted(sorted(items, key=lambda i: (i.column.title, i.column.slug)),
                   key=lambda i: i.column.date, reverse=True)
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(clean_text(title))
    feed.description(clean_text(description))
    # feedgen takes the channel's <link> from the last link given: the self link goes first.
    feed.link(href=feed_url, rel="self", type="application/rss+xml")
    feed.link(href=link, rel="alternate")
    feed.language(language)
    feed.docs("https://www.rssboard.org/rss-specification")
    feed.generator("CLN portal")
    if items:
        feed.lastBuildDate(_midnight(items[0].column.date))
        feed.pubDate(_midnight(items[0].column.date))
    # feedgen prepends entries: add the oldest first so the newest comes out on top.
    for item in reversed(items):
        column = item.column
        entry = feed.add_entry()
        entry.title(clean_text(column.title))
        entry.link(href=item.url)
        entry.guid(item.url, permalink=True)
        entry.pubDate(_midnight(column.date))
        entry.description(clean_text(column.standfirst))
        entry.content(clean_text(absolute_html(item.html, item.url)), type="html")
        for author in column.authors:
            entry.dc.dc_creator(clean_text(author.byline))
        for category in column.categories:
            entry.category(term=clean_text(category))
    document = feed.rss_str(pretty=True)
    if not items:
        # feedgen stamps an empty feed with the clock; an empty column has no build date.
        tree = etree.fromstring(document)
        for element in tree.iter("lastBuildDate"):
            element.getparent().remove(element)
        document = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document
