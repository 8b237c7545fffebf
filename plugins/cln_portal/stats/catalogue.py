"""What is counted: each episode's audio file and each content page, by its path on the site,
with the content's own metadata (region, pathways, competencies) for the figures by strategy.

Built from the content the core loads (``cln_portal.commands.stats`` does that for ``cln
stats``); tests build one by hand. Paths are relative to the site root (``podcast/x/x.mp3``,
``case-studies/x/``), the URL prefix (site_url's path) is stripped before lookup.
"""

from __future__ import annotations

import datetime as _dt
import mmap
from dataclasses import dataclass, field
from pathlib import Path

from ..podcast import audio as audio_mod
from ..podcast import feed, mpeg

#: IAB v2: a partial download counts once it covers the ID3 tag plus one minute of audio.
MINUTE = 60.0


@dataclass(frozen=True)
class Episode:
    slug: str
    title: str
    path: str  # the audio's site path
    published: float  # seconds since the epoch (UTC): requests before it are not counted
    size: int  # bytes
    threshold: int  # bytes one listener must receive in a day for a 206 download to count


@dataclass(frozen=True)
class Page:
    kind: str  # "case study", "column", "interview", "episode page"
    slug: str
    title: str
    path: str  # the page's site path, ending in "/"
    regions: tuple[str, ...] = ()
    pathways: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()


@dataclass
class Catalogue:
    prefix: str = "/"  # the URL path the site is served under
    episodes: dict[str, Episode] = field(default_factory=dict)  # by site path
    pages: dict[str, Page] = field(default_factory=dict)  # by site path
    #: Pages whose URL the blog decides (``{blog}/<date>/<slug>/``): by folder, then slug.
    folders: dict[str, dict[str, Page]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what cannot be counted, and why

    def add_episode(self, episode: Episode) -> None:
        self.episodes[episode.path.lstrip("/")] = episode

    def add_page(self, page: Page) -> None:
        self.pages[page.path.lstrip("/")] = page

    def add_column(self, folder: str, page: Page) -> None:
        """A column post: any page under ``folder`` whose last path segment is its slug."""
        self.folders.setdefault(folder.strip("/") + "/", {})[page.slug] = page

    def site_path(self, path: str) -> str | None:
        """A request's path relative to the site root; None outside the prefix."""
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix):]
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return rel

    def select(self, path: str) -> Episode | Page | None:
        """What a request for ``path`` may count for: an episode's audio, a content page, or None."""
        if not path.startswith(self.prefix):
            return None
        rel = self.site_path(path)
        return self.episodes.get(rel) or self.page_for(rel)

    def page_for(self, rel: str) -> Page | None:
        page = self.pages.get(rel)
        if page is None and rel and not rel.endswith("/"):
            page = self.pages.get(rel + "/")
        if page is None and self.folders:
            for folder, slugs in self.folders.items():
                if rel.startswith(folder):
                    page = slugs.get(rel.rstrip("/").rpartition("/")[2])
                    break
        return page


def threshold(size: int, tag_end: int, bitrate: int, duration: float) -> int:
    """Bytes that make a partial download count: the ID3 tag plus one minute of audio, or the
    whole file when the episode is a minute long or shorter."""
    if duration <= MINUTE or bitrate <= 0:
        return size
    return min(size, tag_end + int(bitrate * MINUTE / 8))


def audio_threshold(path: Path) -> tuple[int, int]:
    """(size, threshold) of an episode's audio file, read with the podcast core: its size,
    bitrate and duration from :func:`cln_portal.podcast.audio.read`, and where the audio starts
    after the ID3v2 tag from :func:`cln_portal.podcast.mpeg.audio_start`."""
    audio, problems = audio_mod.read(path)
    if audio is None:
        raise ValueError("; ".join(str(p) for p in problems) or f"{path}: not readable audio")
    tag_end = 0
    if audio.format == "mp3":
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            try:
                tag_end = mpeg.audio_start(data)
            finally:
                data.close()
    return audio.size, threshold(audio.size, tag_end, audio.bitrate, audio.duration)


def published_at(date: _dt.date) -> float:
    """When an episode dated ``date`` is published: the pubDate its feeds give (midnight UTC)."""
    return feed.published_at(date).timestamp()
