"""Feeds that stay small (issue 21): past show.yml's feed.max_items the subscription feed lists the
newest episodes and links RFC 5005 archive pages. 500 generated episodes, read from the core
without building a site: every episode reachable by paging, no GUID twice, every page parses in
podcastparser and feedparser, archive pages keep their bytes when episodes are added."""

from __future__ import annotations

import datetime as dt
import io

import feedparser
import podcastparser
import pytest
from lxml import etree

from cln_portal import podcast as core
from podcast_factory import SHOW, add_episode, podcast_folder

SITE = "https://nhs-cln.github.io/portal/"
NS = {"atom": "http://www.w3.org/2005/Atom", "fh": "http://purl.org/syndication/history/1.0",
      "podcast": "https://podcastindex.org/namespace/1.0", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
EPISODES, MAX = 500, 40
START = dt.date(2009, 1, 1)


def add(pods, n: int) -> None:
    add_episode(pods, f"ep-{n:03d}", frames=2, date=(START + dt.timedelta(days=n)).isoformat(),
                track=str(n), album="Interviews" if n % 5 == 0 else "Key information")


def load(folder):
    podcast = core.load(folder, core.Options(site_url=SITE, today=dt.date(2020, 1, 1)))
    assert not podcast.errors, podcast.errors[:3]
    return podcast


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("paging")
    pods = podcast_folder(tmp / "podcasts", SHOW + f"feed:\n  max_items: {MAX}\n")
    for n in range(1, EPISODES + 1):
        add(pods, n)
    podcast = load(tmp)
    return tmp, pods, podcast, podcast.outputs()


def links(root) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in root.findall("channel/atom:link", NS)}


def walk(outputs: dict, feed: str) -> list[tuple[str, object]]:
    """Follow rel="next" from the feed at site path ``feed``: every document, newest first."""
    seen, url = [], SITE + feed
    while url:
        assert url not in [u for u, _ in seen], f"{url} links back to itself"
        data = outputs[url[len(SITE):]]
        root = etree.fromstring(data)
        seen.append((url, root))
        check_parsers(url, data, len(root.findall("channel/item")), links(root).get("next"))
        url = links(root).get("next")
    return seen


def check_parsers(url: str, data: bytes, items: int, next_url: str | None) -> None:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    assert len(parsed.entries) == items
    podcast = podcastparser.parse(url, io.BytesIO(data))
    assert len(podcast["episodes"]) == items
    assert podcast.get("paged_feed_next") == next_url  # gPodder pages through these


@pytest.mark.parametrize("feed, wanted", [("podcast/feed.xml", EPISODES),
                                          ("podcast/interviews/feed.xml", EPISODES // 5),
                                          ("podcast/key-information/feed.xml", EPISODES - EPISODES // 5)])
def test_every_episode_reachable_by_paging_once(library, feed, wanted):
    _, _, podcast, outputs = library
    documents = walk(outputs, feed)
    guids = [item.findtext("guid") for _, root in documents for item in root.findall("channel/item")]
    assert len(guids) == len(set(guids)) == wanted
    series = {"podcast/feed.xml": None, "podcast/interviews/feed.xml": "interviews",
              "podcast/key-information/feed.xml": "key-information"}[feed]
    expected = [e.guid for e in podcast.published if series is None or e.series.slug == series]
    assert guids == expected  # newest first across the pages, as the episode pages list them
    sizes = [len(root.findall("channel/item")) for _, root in documents]
    assert sizes[0] == min(MAX, wanted) and all(0 < s <= MAX for s in sizes)
    assert all(s == MAX for s in sizes[2:])  # only the newest archive page (first after) may be part-full


def test_archive_documents_by_rfc_5005(library):
    _, _, _, outputs = library
    documents = walk(outputs, "podcast/feed.xml")
    (main_url, main), archives = documents[0], documents[1:]
    assert len(archives) == -(-(EPISODES - MAX) // MAX)
    assert main.find("channel/fh:archive", NS) is None
    assert links(main)["self"] == main_url and "current" not in links(main)
    assert links(main)["prev-archive"] == links(main)["next"] == archives[0][0]
    for index, (url, root) in enumerate(archives):
        rel = links(root)
        assert rel["self"] == url and rel["current"] == main_url
        assert root.find("channel/fh:archive", NS) is not None
        assert rel.get("prev-archive") == rel.get("next")
        newer = archives[index - 1][0] if index else None
        assert rel.get("next-archive") == newer
        assert root.findtext("channel/podcast:guid", namespaces=NS) == main.findtext("channel/podcast:guid",
                                                                                     namespaces=NS)
        for path in ("title", "link", "language", "itunes:image", "itunes:category", "itunes:owner",
                     "itunes:explicit", "podcast:medium"):  # each page is a whole feed of the show
            assert root.find(f"channel/{path}", NS) is not None, (url, path)
            assert etree.tostring(root.find(f"channel/{path}", NS)) == etree.tostring(main.find(f"channel/{path}", NS))
    assert archives[-1][0] == SITE + "podcast/feed-archive-1.xml"  # the oldest is page 1


def test_old_archive_pages_keep_their_bytes_when_episodes_are_added(library):
    tmp, pods, _, before = library
    add(pods, EPISODES + 1)
    try:
        after = load(tmp).outputs()
    finally:
        for suffix in (".mp3", ".md"):
            (pods / f"ep-{EPISODES + 1:03d}{suffix}").unlink()
    pages = sorted(p for p in before if "feed-archive-" in p and p.startswith("podcast/feed-"))
    # 460 archived items: 11 full pages and a 12th of 20, which takes the 41st-newest episode.
    assert len(pages) == 12
    full = [p for p in pages if p != "podcast/feed-archive-12.xml"]
    assert all(before[p] == after[p] for p in full)
    assert before["podcast/feed-archive-12.xml"] != after["podcast/feed-archive-12.xml"]
    assert before["podcast/feed.xml"] != after["podcast/feed.xml"]


def test_no_paging_below_max_items(tmp_path):
    pods = podcast_folder(tmp_path / "podcasts", SHOW + "feed:\n  max_items: 3\n")
    for n in range(1, 4):
        add(pods, n)
    outputs = load(tmp_path).outputs()
    assert not [p for p in outputs if "archive" in p]
    root = etree.fromstring(outputs["podcast/feed.xml"])
    assert set(links(root)) == {"self"} and len(root.findall("channel/item")) == 3


def test_a_paged_feed_numbers_every_page_as_the_whole_feed(tmp_path):
    """Two series that each number from 1, paged: the newest page holds one series, an archive page
    the other, another both. Numbered page by page, "episode 3" would be two episodes; numbered over
    the whole feed, no two items of all its pages share a season and episode."""
    pods = podcast_folder(tmp_path / "podcasts", SHOW + "feed:\n  max_items: 4\n")
    for n in range(1, 13):
        add_episode(pods, f"ep-{n:02d}", frames=2, date=(START + dt.timedelta(days=n)).isoformat(),
                    track=str((n - 1) % 6 + 1), album="Key information" if n <= 6 else "Interviews")
    outputs = load(tmp_path).outputs()
    pairs = [(item.findtext("itunes:season", namespaces=NS), item.findtext("itunes:episode", namespaces=NS))
             for _, root in walk(outputs, "podcast/feed.xml") for item in root.findall("channel/item")]
    assert len(pairs) == 12 and len(set(pairs)) == 12, pairs
