"""What a feed carries for apps and directories beyond the show: a feedgen extension of its own.

Channel level, from show.yml's :mod:`.distribution` settings: ``podcast:medium``,
``podcast:license``, ``podcast:txt``, ``podcast:funding``, ``<podcast:podping usesPodping="true"/>``
and one ``<atom:link rel="hub">`` per WebSub hub; and, on a feed split into pages (:mod:`.paging`),
the RFC 5005 links (``next``/``prev-archive`` to the older page, ``next-archive`` to the newer,
``current`` to the subscription feed) and ``<fh:archive/>`` on archive pages.

Item level there is nothing new here: :func:`with_portal_pages` gives a person the address of their
page on the portal, which :class:`cln_portal.podcast.feed.PortalEntryExtension` writes as ``href``.
Every value goes into the XML through lxml, which escapes it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

from ..content.vocabulary import normalise

ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
FH = "http://purl.org/syndication/history/1.0"


@dataclass(frozen=True)
class ArchiveLinks:
    """Where one page of a paged feed sits among the others (absolute URLs; None: no such page)."""

    older: str | None = None  # rel="next" and rel="prev-archive"
    newer: str | None = None  # rel="next-archive" (archive pages only)
    current: str | None = None  # rel="current": the subscription feed (archive pages only)
    archive: bool = False  # <fh:archive/>: this page's items do not change


class ReachExtension(BaseExtension):
    def __init__(self):
        self.distribution = None  # a distribution.Distribution
        self.archive: ArchiveLinks | None = None

    def extend_ns(self):
        return {"atom": ATOM, "podcast": PODCAST, "fh": FH}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.distribution is not None:
            write_metadata(channel, self.distribution)
        if self.archive is not None:
            write_archive_links(channel, self.archive)
        return rss_feed


class ReachEntryExtension(BaseEntryExtension):
    def extend_ns(self):
        return {}


def write_metadata(channel, dist) -> None:
    xml_elem(f"{{{PODCAST}}}medium", channel).text = dist.medium
    if dist.license:
        element = xml_elem(f"{{{PODCAST}}}license", channel)
        element.text = dist.license
        if dist.license_url:
            element.attrib["url"] = dist.license_url
    for txt in dist.txt:
        element = xml_elem(f"{{{PODCAST}}}txt", channel)
        element.text = txt.text
        if txt.purpose:
            element.attrib["purpose"] = txt.purpose
    for funding in dist.funding:
        xml_elem(f"{{{PODCAST}}}funding", channel, url=funding.url).text = funding.text
    if dist.podping:
        xml_elem(f"{{{PODCAST}}}podping", channel, usesPodping="true")
    for hub in dist.hubs:
        xml_elem(f"{{{ATOM}}}link", channel, rel="hub", href=hub)


def write_archive_links(channel, links: ArchiveLinks) -> None:
    if links.older:
        xml_elem(f"{{{ATOM}}}link", channel, rel="next", href=links.older)
        xml_elem(f"{{{ATOM}}}link", channel, rel="prev-archive", href=links.older)
    if links.newer:
        xml_elem(f"{{{ATOM}}}link", channel, rel="next-archive", href=links.newer)
    if links.current:
        xml_elem(f"{{{ATOM}}}link", channel, rel="current", href=links.current)
    if links.archive:
        xml_elem(f"{{{FH}}}archive", channel)


def with_portal_pages(persons, person_pages: dict[str, str] | None, site_url: str) -> list:
    """``persons``, each without an ``href`` given one when the portal has a page about them.

    ``person_pages``: a person's name (any case) -> the site path of their page (a text interview
    with them). An ``href`` written in the sidecar is kept.
    """
    if not person_pages:
        return list(persons)
    pages = {normalise(name): path for name, path in person_pages.items()}
    result = []
    for person in persons:
        path = pages.get(normalise(person.name))
        if person.href is None and path:
            person = dataclasses.replace(person, href=site_url.rstrip("/") + "/" + path.lstrip("/"))
        result.append(person)
    return result
