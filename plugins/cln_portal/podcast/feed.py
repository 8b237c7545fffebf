"""RSS feeds for podcast apps: feedgen, plus an extension for what feedgen 1.0 cannot write.

feedgen's podcast extension writes the iTunes tags, except itunes:explicit, which it only writes as
yes/no/clean while Apple now wants true/false. :class:`PortalExtension` writes that, the
Podcasting 2.0 namespace (https://podcastindex.org/namespace/1.0: guid, locked, person, season,
episode, chapters, transcript) and Podlove Simple Chapters (psc:chapters).

A feed is built whole in memory (:func:`build`) and returned as bytes; the caller writes it only
when every feed of the build succeeded, so subscribers never fetch half a feed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from ..content.text import clean_text
from .chapters import MIME_TYPE as CHAPTERS_MIME, npt
from . import feed_reach
from .numbering import Number, feed_numbers

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
PSC = "http://podlove.org/simple-chapters"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST, "psc": PSC}


def _write_persons(parent, persons) -> None:
    """podcast:person elements (name, role and group, href, img) under a channel or an item."""
    for person in persons:
        element = xml_elem(f"{{{PODCAST}}}person", parent)
        element.text = person.name
        if person.role:
            element.attrib["role"] = person.role
            element.attrib["group"] = person.group
        if person.href:
            element.attrib["href"] = person.href
        if person.img:
            element.attrib["img"] = person.img


class PortalExtension(BaseExtension):
    """Channel level: itunes:explicit true/false, podcast:guid, podcast:locked, podcast:person."""

    def __init__(self):
        self.explicit: bool | None = None
        self.guid: str | None = None
        self.locked: bool | None = None
        self.owner_email: str | None = None
        self.persons: list = []  # the hosts

    def extend_ns(self):
        return dict(NAMESPACES)

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES}}}explicit", channel).text = "true" if self.explicit else "false"
        if self.locked is not None:
            locked = xml_elem(f"{{{PODCAST}}}locked", channel)
            locked.text = "yes" if self.locked else "no"
            if self.owner_email:
                locked.attrib["owner"] = self.owner_email
        if self.guid:
            xml_elem(f"{{{PODCAST}}}guid", channel).text = self.guid
        _write_persons(channel, self.persons)
        return rss_feed


class PortalEntryExtension(BaseEntryExtension):
    """Item level: itunes:explicit, podcast:season/episode/person/chapters/transcript, psc:chapters."""

    def __init__(self):
        self.explicit: bool | None = None
        self.season: int | None = None
        self.season_name: str | None = None
        self.episode: int | None = None
        self.persons: list = []
        self.chapters_url: str | None = None
        self.chapters: list = []
        self.transcripts: list[tuple[str, str]] = []

    def extend_ns(self):
        return dict(NAMESPACES)

    def extend_rss(self, item):
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES}}}explicit", item).text = "true" if self.explicit else "false"
        if self.season is not None:
            season = xml_elem(f"{{{PODCAST}}}season", item)
            season.text = str(self.season)
            if self.season_name:
                season.attrib["name"] = self.season_name
        if self.episode is not None:
            xml_elem(f"{{{PODCAST}}}episode", item).text = str(self.episode)
        _write_persons(item, self.persons)
        if self.chapters_url:
            xml_elem(f"{{{PODCAST}}}chapters", item, url=self.chapters_url, type=CHAPTERS_MIME)
        for url, mime in self.transcripts:
            xml_elem(f"{{{PODCAST}}}transcript", item, url=url, type=mime)
        if self.chapters:
            chapters = xml_elem(f"{{{PSC}}}chapters", item, version="1.2")
            for chapter in self.chapters:
                xml_elem(f"{{{PSC}}}chapter", chapters, start=npt(chapter.start), title=chapter.title)
        return item


@dataclass
class Channel:
    """One feed: the whole show, or one series published as a show of its own."""

    title: str
    description: str
    link: str  # the web page of the show (absolute)
    feed_url: str  # where this feed is served (absolute): atom:link rel="self"
    image_url: str  # itunes:image and the RSS image (absolute, .jpg or .png)
    guid: str  # podcast:guid
    type: str  # itunes:type, episodic or serial
    persons: list = field(default_factory=list)  # the hosts: podcast:person on the channel


def absolute(site_url: str, path: str) -> str:
    """A site path made absolute against the site URL ("podcast/x/" -> "https://.../podcast/x/")."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def published_at(date: _dt.date) -> _dt.datetime:
    """The pubDate of an episode dated ``date``: midnight UTC that day."""
    return _dt.datetime.combine(date, _dt.time(0, 0), tzinfo=_dt.timezone.utc)


def plain_html(text: str) -> str:
    """Plain text for <description>, which apps render as HTML (Apple) or show as text (gPodder).

    Angle brackets become entities, so "<b>" from a tag is shown, never turned into markup; "&"
    stays as it is (XML escaping happens on top), so text apps do not show "&amp;".
    """
    return clean_text(text).replace("<", "&lt;").replace(">", "&gt;")


def newest_first(episodes) -> list:
    return sorted(episodes, key=lambda e: (e.date or _dt.date.min, e.number or 0, e.slug), reverse=True)


def _number(fe, number: Number) -> None:
    """An item's season and episode, in the iTunes and the Podcasting 2.0 tags alike."""
    if number.season:
        fe.podcast.itunes_season(number.season)
    if number.episode:
        fe.podcast.itunes_episode(number.episode)
    fe.portal.season = number.season
    fe.portal.season_name = number.season_name
    fe.portal.episode = number.episode


def build(show, channel: Channel, episodes, site_url: str, pages: set[str] | None = None,
          archive: feed_reach.ArchiveLinks | None = None, person_pages: dict[str, str] | None = None,
          numbers: dict[str, Number] | None = None) -> bytes:
    """The RSS document for ``channel`` listing ``episodes`` (published ones), newest first.

    ``pages``: the site paths that have a page (None: all); an item links its episode page when
    there is one, else its audio. ``archive``: this document's place in a paged feed
    (:mod:`.paging`); ``person_pages``: name -> site path of a person's page on the portal;
    ``numbers``: each episode's season and number in the whole feed (:mod:`.numbering`; None:
    numbered over ``episodes``), so an archive page numbers as the main feed does.
    """
    fg = FeedGenerator()
    fg.load_extension("podcast", atom=False, rss=True)
    fg.register_extension("portal", PortalExtension, PortalEntryExtension, atom=False, rss=True)
    fg.register_extension("reach", feed_reach.ReachExtension, feed_reach.ReachEntryExtension,
                          atom=False, rss=True)
    fg.reach.distribution, fg.reach.archive = show.distribution, archive
    fg.title(clean_text(channel.title))
    fg.link(href=channel.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=channel.link, rel="alternate")  # last: feedgen's RSS <link> is the last link set
    fg.description(plain_html(channel.description))
    fg.language(show.language)
    if show.copyright:
        fg.copyright(clean_text(show.copyright))
    fg.generator("CLN knowledge portal")
    fg.image(url=channel.image_url, title=clean_text(channel.title), link=channel.link)
    ordered = newest_first(episodes)
    # The newest episode's date, never the clock: two builds of one commit are byte-identical.
    changed = published_at(ordered[0].date) if ordered else published_at(_dt.date(2006, 1, 1))
    fg.pubDate(changed)
    fg.lastBuildDate(changed)
    fg.podcast.itunes_author(clean_text(show.author))
    fg.podcast.itunes_owner(name=clean_text(show.owner_name), email=clean_text(show.owner_email))
    fg.podcast.itunes_image(channel.image_url)
    fg.podcast.itunes_category([{"cat": cat, "sub": sub} for cat, sub in show.categories])
    fg.podcast.itunes_type(channel.type)
    fg.portal.explicit = show.explicit
    fg.portal.guid = channel.guid
    fg.portal.locked = show.locked
    fg.portal.owner_email = clean_text(show.owner_email)
    fg.portal.persons = channel.persons
    numbers = numbers if numbers is not None else feed_numbers(ordered)
    for ep in ordered:
        fe = fg.add_entry(order="append")
        fe.guid(ep.guid, permalink=False)
        fe.title(clean_text(ep.title))
        page = pages is None or ep.url in pages
        fe.link(href=absolute(site_url, ep.url) if page else ep.enclosure_url)
        fe.description(plain_html(ep.description))
        fe.enclosure(ep.enclosure_url, str(ep.audio.size), ep.audio.mime)
        fe.pubDate(published_at(ep.date))
        fe.podcast.itunes_duration(ep.duration)
        fe.podcast.itunes_episode_type(ep.episode_type)
        _number(fe, numbers[ep.slug])
        if ep.artwork_url:
            fe.podcast.itunes_image(absolute(site_url, ep.artwork_url))
        speakers = ", ".join(p.name for p in ep.persons)
        if speakers:
            fe.podcast.itunes_author(clean_text(speakers))
        fe.portal.explicit = ep.explicit
        fe.portal.persons = feed_reach.with_portal_pages(ep.persons, person_pages, site_url)
        if ep.chapters:
            fe.portal.chapters_url = absolute(site_url, ep.chapters_url)
            fe.portal.chapters = ep.chapters
        fe.portal.transcripts = [(absolute(site_url, url), mime) for url, mime in ep.transcripts]
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
