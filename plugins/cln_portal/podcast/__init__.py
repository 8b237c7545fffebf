"""The CLN podcast: episodes from tagged audio files in podcasts/, published as RSS feeds.

One entry point, :func:`load`, reads and checks everything without MkDocs (``make check`` and the
tests call it directly); :meth:`Podcast.outputs` then lays out every file the site needs (feeds,
chapters, artwork, audio) in memory, so that nothing is written unless all of it succeeded::

    podcast = load(root, Options(site_url="https://example.org/portal/"))
    show, episodes, problems = podcast            # unpacks like a tuple
    files = podcast.outputs()                     # {"podcast/feed.xml": b"<?xml ...", ...}

Module map: :mod:`.audio` (reading a file: :mod:`.media` the model, :mod:`.readers` each format's
tags, :mod:`.mpeg` MP3 frames), :mod:`.show` (podcasts/show.yml), :mod:`.folder` (what podcasts/
holds), :mod:`.episodes` (the Episode model: tags + sidecar), :mod:`.tags` (writing tags, for
``make new-episode``), :mod:`.guids` (the GUID lock, podcasts/published.yml), :mod:`.feed` (feedgen
+ namespaces), :mod:`.chapters` (JSON chapters), :mod:`.artwork` (Apple's image rules),
:mod:`.transcripts` (Markdown, WebVTT and SRT in; VTT, SRT, JSON and HTML out) and :mod:`.pages`
(the podcast home and episode pages).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..content.problems import Problem, as_notes
from . import chapters as chapters_mod
from . import episodes as episodes_mod
from . import folder as folder_mod
from . import feed as feed_mod
from . import guids
from . import paging
from . import numbering
from . import show as show_mod
from . import audio as audio_mod
from .audio import read as read_audio
from .episodes import Episode, Person
from .show import Series, Show

__all__ = ["Episode", "Options", "Person", "Podcast", "Series", "Show", "load"]

FEED = "podcast/feed.xml"


@dataclass
class Options:
    """How the podcast is read: where from, and the addresses it is published at."""

    dir: str = "podcasts"  # relative to the repository root
    site_url: str = ""  # absolute, e.g. https://nhs-cln.github.io/portal/
    media_base_url: str | None = None  # when the audio is served from elsewhere (CDN, bucket)
    today: _dt.date | None = None  # episodes dated after this are held back
    allow_non_apple_formats: bool = False  # Ogg/Opus/FLAC without a warning
    #: The vocabulary (cln_portal.content.vocabulary) the sidecars' region, pathways and
    #: competencies are checked against; None: those fields are not read (audio-only tools).
    vocabulary: object = None


@dataclass
class Podcast:
    """Everything :func:`load` found. Unpacks as ``show, episodes, problems``."""

    show: Show | None
    episodes: list[Episode]
    problems: list[Problem]
    options: Options = field(default_factory=Options)
    lock: guids.Lock | None = None
    feed_guids: dict[str, str] = field(default_factory=dict)  # "podcast" or series slug -> guid
    #: Site paths that have a page ("podcast/" and "podcast/<slug>/"), when the generator knows;
    #: None means every one does. Feeds link only pages that exist: an episode without a page
    #: links its audio, a show without a podcast home page links the site's home.
    pages: set[str] | None = None
    #: A person's name -> the site path of their page on the portal (a text interview with them),
    #: set by the generator; the feeds give those persons an href.
    person_pages: dict[str, str] = field(default_factory=dict)

    def __iter__(self):
        return iter((self.show, self.episodes, self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def published(self) -> list[Episode]:
        """Published episodes, newest first."""
        return feed_mod.newest_first([e for e in self.episodes if e.published])

    @property
    def held_back(self) -> list[Episode]:
        return [e for e in self.episodes if not e.published]

    def artwork_url(self, series: Series | None = None) -> str:
        """Site path of the show's (or a series') artwork; the name changes when the image does."""
        path = (series.artwork if series else self.show.artwork)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        suffix = ".png" if path.suffix.lower() == ".png" else ".jpg"
        return f"podcast/artwork/{series.slug if series else 'show'}-{digest}{suffix}"

    def _fall_back_to_series_artwork(self) -> None:
        """Give each episode without artwork of its own its series' artwork, else the show's."""
        if self.show is None:
            return
        urls = {s.slug: self.artwork_url(s) for s in self.show.series if s.artwork is not None}
        show = self.artwork_url() if self.show.artwork is not None else None
        for ep in self.episodes:
            ep.fallback_artwork_url = urls.get(ep.series.slug) if ep.series is not None else None
            ep.fallback_artwork_url = ep.fallback_artwork_url or show

    def feed_url(self, series: Series | None = None) -> str:
        """Site path of the show's feed or a series' feed."""
        return f"podcast/{series.slug}/feed.xml" if series else FEED

    def channels(self) -> list[tuple[feed_mod.Channel, list[Episode]]]:
        site, show = self.options.site_url, self.show
        published = self.published
        home = "podcast/" if self.pages is None or "podcast/" in self.pages else ""
        link = show.link or feed_mod.absolute(site, home)
        result = [(feed_mod.Channel(show.title, show.description, link, feed_mod.absolute(site, FEED),
                                    feed_mod.absolute(site, self.artwork_url()),
                                    self.feed_guids["podcast"], show.type, show.all_hosts()), published)]
        for series in show.series:
            result.append((feed_mod.Channel(
                series.title, series.description, feed_mod.absolute(site, home),
                feed_mod.absolute(site, self.feed_url(series)),
                feed_mod.absolute(site, self.artwork_url(series)), self.feed_guids[series.slug],
                series.type, series.hosts or show.hosts), [e for e in published if e.series is series]))
        return result

    def outputs(self) -> dict[str, bytes | Path]:
        """Every file to publish, by site path: bytes to write, or a Path to copy (the audio).

        Built wholly in memory: an exception here leaves the site untouched.
        """
        if self.show is None or self.errors:
            raise ValueError("the podcast has errors; report podcast.problems instead of publishing")
        files: dict[str, bytes | Path] = {}
        files[self.artwork_url()] = self.show.artwork
        for series in self.show.series:
            files[self.artwork_url(series)] = series.artwork
        for ep in self.published:
            if ep.audio_url:
                files[ep.audio_url] = ep.audio.path
            if ep.chapters:
                files[ep.chapters_url] = chapters_mod.to_json(ep.chapters, ep.title).encode("utf-8")
            if ep.artwork:
                files[ep.image_url] = ep.artwork.data
        for whole, all_items in self.channels():
            # Numbered over the whole feed: an archive page says what the main feed said.
            numbers = numbering.feed_numbers(all_items)
            for channel, items, links in paging.documents(whole, all_items, self.show.distribution.max_items):
                path = channel.feed_url[len(self.options.site_url.rstrip("/")) + 1:]
                files[path] = feed_mod.build(self.show, channel, items, self.options.site_url, self.pages,
                                             links, self.person_pages, numbers)
        return files

    def updated_lock(self) -> str | None:
        """The lock file's new text after publishing, or None when it is unchanged."""
        today = self.options.today or _dt.date.today()
        return guids.updated_text(self.lock, self.published, self.feed_guids, today)


def _read(path: Path, display: str, cache):
    """Read one audio file, or take it from the cache while the file is unchanged."""
    if cache is None:
        return read_audio(path, display)
    return cache.get(path, lambda p: read_audio(p, display),
                     encode=lambda result: audio_mod.encode(result[0]),
                     decode=lambda data: (audio_mod.decode(data), []),
                     keep=lambda result: result[0] is not None and not result[1])


def load(root: str | Path, options: Options | None = None, cache=None) -> Podcast:
    """Read podcasts/ under ``root``: the show, every episode, and every problem found.

    Without a podcasts/ folder there is no podcast: no show, no episodes, no problems.
    ``cache``: a :class:`cln_portal.runtime.filecache.FileCache` (version ``audio.CACHE_VERSION``) that
    keeps what was read from unchanged audio files between builds; the caller saves it.
    """
    options = options or Options()
    root = Path(root)
    folder = root / options.dir
    shown = Path(options.dir).as_posix()
    if not folder.is_dir():
        return Podcast(None, [], [], options)
    today = options.today or _dt.date.today()
    problems: list[Problem] = []
    site = options.site_url
    if not site.startswith(("http://", "https://")):
        problems.append(Problem("mkdocs.yml", "podcast feeds need the site's public address: set site_url "
                                              "to an absolute https:// URL", field="site_url"))
        site = "https://example.invalid/"
    media = options.media_base_url
    if media is not None and not media.startswith(("http://", "https://")):
        problems.append(Problem("mkdocs.yml", f"{media!r} is not an absolute http(s) URL",
                                field="podcast.media_base_url"))
        media = None
    show, found = show_mod.load(folder, shown)
    problems += found
    lock, found = guids.load(folder, shown)
    problems += found
    survey = folder_mod.survey(folder, shown, root)
    problems += survey.problems

    main_guid = (lock.feeds.get("podcast") or (show.guid if show else None)
                 or guids.feed_guid(feed_mod.absolute(site, FEED)))
    feed_guids = {"podcast": main_guid}
    for series in show.series if show else []:
        feed_guids[series.slug] = (lock.feeds.get(series.slug) or series.guid
                                   or guids.feed_guid(feed_mod.absolute(site, f"podcast/{series.slug}/feed.xml")))

    episodes: list[Episode] = []
    unreadable: set[str] = set()
    for stem, paths in sorted(survey.audio.items()):
        problems += folder_mod.slug_problems(stem, paths, shown)
        path = paths[0]
        display = f"{shown}/{path.name}"
        audio, found = _read(path, display, cache)
        if audio is None:
            problems += found
            unreadable.add(stem)
            continue
        found = list(found)
        if not audio.apple_compatible and not options.allow_non_apple_formats:
            found.append(Problem(display, f"is {audio.format.upper()}: Apple Podcasts lists only MP3, "
                                          "M4A and MP4 audio, so Apple listeners would not get this "
                                          "episode; export it as MP3 or M4A (or set "
                                          "podcast.allow_non_apple_formats: true)", severity="warning"))
        sidecar = survey.sidecars.get(stem)
        episode, built = episodes_mod.build(audio, stem, display, sidecar, f"{shown}/{stem}.md", show,
                                            folder, today, options.vocabulary)
        found += built
        if episode.draft:  # held back: its problems are notes
            found = as_notes(found)
        problems += found
        episode.transcript_path = survey.transcripts.get(stem)
        if media:
            episode.enclosure_url = media.rstrip("/") + "/" + episode.filename
        else:
            episode.audio_url = episode.url + episode.filename
            episode.enclosure_url = feed_mod.absolute(site, episode.audio_url)
        episode.link = feed_mod.absolute(site, episode.url)
        episodes.append(episode)

    problems += guids.assign(episodes, lock, main_guid)
    readable = [e for e in episodes]
    lock_view = guids.Lock(lock.path, lock.display, [e for e in lock.entries if e.slug not in unreadable],
                           lock.feeds, lock.text)
    problems += guids.check_published(readable, lock_view)
    problems += numbering.problems(episodes)
    podcast = Podcast(show, episodes, problems, options, lock, feed_guids)
    podcast._fall_back_to_series_artwork()
    return podcast
