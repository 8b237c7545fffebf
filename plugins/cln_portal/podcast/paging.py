"""Feeds that stay small: RFC 5005 archive pages past show.yml's ``feed: max_items:``.

The subscription feed (``podcast/feed.xml``) lists the newest ``max_items`` episodes. The older
ones are cut into archive pages of ``max_items`` each, counted from the oldest episode:
``feed-archive-1.xml`` holds the first ``max_items`` episodes ever published and never changes
again, nor does any page after it once it is full; only the newest archive page fills up as
episodes leave the subscription feed, so caches keep every older page.

Links (see :class:`.feed_reach.ArchiveLinks`): each document points to the next older one with
``rel="next"`` (RFC 5005 paged feeds, which gPodder and podcastparser follow) and
``rel="prev-archive"`` (archived feeds); archive pages also point to the newer page
(``next-archive``) and to the subscription feed (``current``), and carry ``<fh:archive/>``.
"""

from __future__ import annotations

import dataclasses

from .feed_reach import ArchiveLinks

SUFFIX = ".xml"


def archive_url(feed_url: str, number: int) -> str:
    """The address of archive page ``number`` (1: the oldest) of the feed at ``feed_url``."""
    base = feed_url[:-len(SUFFIX)] if feed_url.endswith(SUFFIX) else feed_url
    return f"{base}-archive-{number}{SUFFIX}"


def split(newest_first: list, max_items: int | None) -> tuple[list, list[list]]:
    """(the subscription feed's items, the archive pages oldest first), all newest first inside."""
    if max_items is None or len(newest_first) <= max_items:
        return list(newest_first), []
    current, older = newest_first[:max_items], newest_first[max_items:]
    oldest_first = older[::-1]
    pages = [oldest_first[i:i + max_items][::-1] for i in range(0, len(oldest_first), max_items)]
    return current, pages


def documents(channel, newest_first: list, max_items: int | None) -> list[tuple[object, list, ArchiveLinks | None]]:
    """Every document of one feed: (its channel, with its own address; its items; its links).

    The first is the subscription feed; without paging it is the only one and has no links.
    """
    current, pages = split(newest_first, max_items)
    if not pages:
        return [(channel, current, None)]
    urls = [archive_url(channel.feed_url, n) for n in range(1, len(pages) + 1)]
    result = [(channel, current, ArchiveLinks(older=urls[-1]))]
    for index, items in enumerate(pages):
        links = ArchiveLinks(older=urls[index - 1] if index else None,
                             newer=urls[index + 1] if index + 1 < len(urls) else None,
                             current=channel.feed_url, archive=True)
        result.append((dataclasses.replace(channel, feed_url=urls[index]), items, links))
    return result
