"""The podcast feeds as gPodder (podcastparser) and feedparser-based apps read them: the same
episodes, titles, dates, enclosures, sizes and durations as the audio in podcasts/; every enclosure
is the episode's own file; chapters and transcripts the feeds list exist and parse."""

from __future__ import annotations

import datetime
import hashlib
import io
import json

import lxml.html
import podcastparser
import pytest
from lxml import etree

from .feeds import read_feed, self_url, site_base, site_file
from .podcast import feeds_expected

pytestmark = pytest.mark.e2e

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"


def seconds(duration: str) -> int:
    """itunes:duration as feedparser gives it: '19', '1:05' or '00:01:05'."""
    total = 0
    for part in str(duration).split(":"):
        total = total * 60 + int(part)
    return total


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("feed_path", list(feeds_expected()))
def test_podcast_apps_read_the_episodes_the_content_has(feed_path, shipped_site):
    expected = feeds_expected()[feed_path]
    feed = shipped_site / feed_path
    assert feed.is_file(), f"no {feed_path} in the built site"
    parsed = read_feed(feed)
    base = site_base(shipped_site, feed, parsed)
    gpodder = podcastparser.parse(base + feed_path, io.BytesIO(feed.read_bytes()))["episodes"]

    titles = [e.title for e in expected]
    assert [e.title for e in parsed.entries] == titles, "feedparser"
    assert [e["title"] for e in gpodder] == titles, "podcastparser"
    for episode, entry, app in zip(expected, parsed.entries, gpodder):
        assert datetime.date(*entry.published_parsed[:3]) == episode.date, episode.title
        assert datetime.datetime.fromtimestamp(app["published"], datetime.timezone.utc).date() == episode.date

        assert len(entry.enclosures) == 1 and len(app["enclosures"]) == 1, episode.title
        url, length = entry.enclosures[0].href, int(entry.enclosures[0].length)
        assert (app["enclosures"][0]["url"], app["enclosures"][0]["file_size"]) == (url, length)
        served = site_file(shipped_site, base, url)
        assert served is not None and served.is_file(), f"{episode.title}: {url} is not in site/"
        assert served.stat().st_size == length == episode.source.stat().st_size, (
            f"{episode.title}: feed says {length} bytes, site/ has {served.stat().st_size}, "
            f"{episode.source.name} has {episode.source.stat().st_size}")
        assert digest(served) == digest(episode.source), f"{url} is not {episode.source.name}"

        assert abs(seconds(entry.itunes_duration) - episode.length) < 1, (
            f"{episode.title}: feedparser reads {entry.itunes_duration}, the audio is {episode.length:.2f} s")
        assert abs(app["total_time"] - episode.length) < 1, (
            f"{episode.title}: podcastparser reads {app['total_time']} s, the audio is {episode.length:.2f} s")


def parses(url_type: str, path) -> bool:
    """Whether a transcript file is a well-formed document of its declared type."""
    text = path.read_text(encoding="utf-8")
    if url_type == "text/vtt":
        return text.startswith("WEBVTT") and "-->" in text
    if url_type == "application/x-subrip":
        return text.lstrip().startswith("1") and "-->" in text
    if url_type == "application/json":
        segments = json.loads(text).get("segments")
        return bool(segments) and all("startTime" in s and "body" in s for s in segments)
    if url_type == "text/html":
        return bool(etree.HTML(text.encode()).xpath("string(//body)").strip())
    raise AssertionError(f"unknown transcript type {url_type}")


@pytest.mark.parametrize("feed_path", list(feeds_expected()))
def test_chapters_and_transcripts_the_feed_lists_exist_and_parse(feed_path, shipped_site):
    expected = {e.title: e for e in feeds_expected()[feed_path]}
    feed = shipped_site / feed_path
    base = site_base(shipped_site, feed, read_feed(feed))
    items = etree.parse(str(feed)).getroot().findall("./channel/item")
    assert len(items) == len(expected)
    for item in items:
        episode = expected[item.findtext("title")]
        chapters = item.find(f"{{{PODCAST_NS}}}chapters")
        if episode.chapters:
            assert chapters is not None, f"{episode.title}: no podcast:chapters"
        if chapters is not None:
            path = site_file(shipped_site, base, chapters.get("url"))
            assert path is not None and path.is_file(), f"{episode.title}: {chapters.get('url')} not in site/"
            listed = json.loads(path.read_text(encoding="utf-8"))["chapters"]
            assert [(round(c["startTime"], 2), c["title"]) for c in listed] == [
                (round(start, 2), title) for start, title in episode.chapters], episode.title
            psc = item.findall(f"{{{PSC_NS}}}chapters/{{{PSC_NS}}}chapter")
            assert [c.get("title") for c in psc] == [title for _, title in episode.chapters], episode.title
        transcripts = item.findall(f"{{{PODCAST_NS}}}transcript")
        assert transcripts or episode.transcript_exempt, f"{episode.title}: no podcast:transcript (WCAG 1.2.1)"
        for transcript in transcripts:
            path = site_file(shipped_site, base, transcript.get("url"))
            assert path is not None and path.is_file(), f"{episode.title}: {transcript.get('url')} not in site/"
            assert parses(transcript.get("type"), path), f"{episode.title}: {path.name} is not {transcript.get('type')}"


def test_the_podcast_home_gives_the_address_of_every_podcast_feed(shipped_site):
    from .pages import podcast_home

    home = lxml.html.fromstring((shipped_site / podcast_home(shipped_site) / "index.html").read_bytes())
    shown = {" ".join(code.text_content().split()) for code in home.xpath("//article//code")}
    addresses = {self_url(read_feed(shipped_site / path)) for path in feeds_expected()}
    assert addresses <= shown, f"not on the podcast home: {sorted(addresses - shown)}"


def show_hosts() -> dict[str, list[str]]:
    """Each feed's hosts as podcasts/show.yml names them: a series' own, the show feed all."""
    import yaml

    from .podcast import PODCASTS, slugify

    show = yaml.safe_load((PODCASTS / "show.yml").read_text(encoding="utf-8"))
    top = [h["name"] for h in show.get("hosts") or []]
    feeds = {}
    for series in show.get("series") or []:
        feeds[f"podcast/{slugify(series['title'])}/feed.xml"] = [h["name"] for h in series.get("hosts") or []] or top
    everyone = list(dict.fromkeys(top + [name for names in feeds.values() for name in names]))
    return {"podcast/feed.xml": everyone, **feeds}


@pytest.mark.parametrize("feed_path", list(feeds_expected()))
def test_no_two_items_of_a_feed_share_season_and_episode(feed_path, shipped_site):
    """Apps sort and match by (season, episode): the show feed merges series that each count from 1."""
    items = etree.parse(str(shipped_site / feed_path)).getroot().findall("./channel/item")
    for ns, season_tag, episode_tag in (("http://www.itunes.com/dtds/podcast-1.0.dtd", "season", "episode"),
                                        (PODCAST_NS, "season", "episode")):
        seen: dict[tuple, str] = {}
        for item in items:
            number = item.findtext(f"{{{ns}}}{episode_tag}")
            if number is None:
                continue
            key = (item.findtext(f"{{{ns}}}{season_tag}"), number)
            assert key not in seen, (f"{feed_path}: {item.findtext('title')!r} and {seen[key]!r} are both "
                                     f"season {key[0]}, episode {key[1]} ({ns})")
            seen[key] = item.findtext("title")


@pytest.mark.parametrize("feed_path", list(feeds_expected()))
def test_each_feed_names_its_hosts_on_the_channel(feed_path, shipped_site):
    """Podcasting 2.0: podcast:person on the channel, role host, group cast, from show.yml."""
    expected = show_hosts()[feed_path]
    assert expected, f"podcasts/show.yml names no host for {feed_path}"
    channel = etree.parse(str(shipped_site / feed_path)).getroot().find("channel")
    persons = channel.findall(f"{{{PODCAST_NS}}}person")
    assert [p.text for p in persons] == expected
    assert all((p.get("role"), p.get("group")) == ("host", "cast") for p in persons)
