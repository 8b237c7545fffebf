"""The podcast section: loads podcasts/ through the core and writes the feeds into the site.

Everything is read and checked once per build, in ``on_files`` (errors stop the build before any
page is rendered). The feeds, chapters, artwork and audio are laid out in memory in
``on_post_build`` and written only when all of them were made, so no partial feed is ever
published. The episode pages and the podcast home page are another section's work; this one
publishes ``plugin.podcast`` (a :class:`cln_portal.podcast.Podcast`) for it.

Non-Apple formats (Ogg Vorbis, Opus, FLAC) are read, and reported as a WARNING, so that
``make build`` (``--strict``) fails: an episode Apple Podcasts cannot list is one most listeners
never get. A team that serves such files on purpose sets ``allow_non_apple_formats: true``.
"""

from __future__ import annotations

import os

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ... import podcast as core
from ...runtime import timing
from ...runtime.filecache import FileCache, link_or_copy, write_atomically
from ...podcast.audio import CACHE_VERSION
from ...content.catalogue import Entry, tags
from ..section import Section, report

log = get_plugin_logger(__name__)


class PodcastSection(Section):
    """Episodes from podcasts/, feeds at podcast/feed.xml and podcast/<series>/feed.xml."""

    podcast: core.Podcast | None = None

    @property
    def options(self):
        return self.plugin.config.podcast

    def on_config(self, config):
        self.plugin.podcast = None
        self.warned = False
        return config

    def on_files(self, files, config):
        options = self.options
        root = self.plugin.root(config)
        # What was read from each audio file is kept in .cache/ while the file is unchanged.
        cache = FileCache(root / ".cache" / "cln-portal" / "podcast-audio.json", CACHE_VERSION)
        with timing.timed("PodcastSection audio metadata"):
            self.podcast = core.load(root, core.Options(
                dir=options.dir, site_url=config.site_url or "", media_base_url=options.media_base_url,
                allow_non_apple_formats=options.allow_non_apple_formats,
                vocabulary=self.plugin.vocabulary), cache)
        try:
            cache.save()
        except OSError as exc:  # a read-only checkout still builds, only slower next time
            log.info(f"Podcast: the audio metadata cache was not saved ({exc})")
        self.plugin.podcast = self.podcast
        if self.podcast.show is None and not self.podcast.problems:
            return files  # no podcasts/ folder: no podcast
        self.warned = any(p.severity != "error" for p in self.podcast.problems)
        report(self.podcast.problems, "podcast")
        published, held = self.podcast.published, self.podcast.held_back
        log.info(f"Podcast: {len(published)} episode{'s' if len(published) != 1 else ''} published"
                 + (f", {len(held)} held back ({self._held_summary(held)})" if held else ""))
        for ep in published:
            self.plugin.catalogue.add(Entry(kind="episode", slug=ep.slug, title=ep.title, url=ep.url,
                                            source=ep.source, date=ep.date, summary=ep.description,
                                            **tags(ep)))
        return files

    @staticmethod
    def _held_summary(held) -> str:
        drafts = [e.slug for e in held if e.status == "draft"]
        future = [e.slug for e in held if e.status == "future"]
        parts = []
        if drafts:
            parts.append(f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}: {', '.join(drafts)}")
        if future:
            parts.append(f"{len(future)} dated in the future: {', '.join(future)}")
        return "; ".join(parts)

    def on_nav(self, nav, config, files):
        if self.podcast and self.podcast.show:
            problems = []
            for ep in self.podcast.published:
                problems += self.plugin.catalogue.resolve(ep.related, ep.sidecar or ep.source)[1]
            report(problems, "podcast episodes' related content")
            # An episode is linkable once a section has made its page (the episode pages section);
            # without one, neither other pages nor the feeds may link to podcast/<slug>/.
            pages = {url for url in ["podcast/", *(ep.url for ep in self.podcast.published)]
                     if files.get_file_from_path(f"{url}index.md") is not None}
            self.podcast.pages = pages
            for ep in self.podcast.published:
                entry = self.plugin.catalogue.entries.get(ep.slug)
                if entry is not None and entry.kind == "episode" and ep.url not in pages:
                    del self.plugin.catalogue.entries[ep.slug]
        return nav

    def on_post_build(self, config):
        podcast = self.podcast
        if not podcast or podcast.show is None:
            return
        preview = self.plugin.preview
        if preview is not None and preview.partial:
            return  # only case studies changed: the feeds and audio in the site are as they were
        outputs = podcast.outputs()  # everything in memory first: nothing is written on failure
        site = Path(config.site_dir)
        feeds = {path: data for path, data in outputs.items() if path.endswith("feed.xml")}
        for path, data in outputs.items():
            if path in feeds:
                continue
            if isinstance(data, Path):
                link_or_copy(data, site / path)  # a hard link: no copy of the audio
            else:
                write_atomically(site / path, data)
        for path, data in feeds.items():  # last: a feed never lists a file not yet there
            write_atomically(site / path, data)
        lock = podcast.updated_lock()
        # Not from a preview (its site_url is the local address) nor from a build that --strict
        # is about to fail on a warning.
        preview = self.plugin.command == "serve"
        locked = os.environ.get("CLN_LOCKED") == "1"  # CI: checked before the build, never written
        if lock is not None and not preview and not locked and not (self.warned and config.strict):
            core.guids.write(podcast.lock, lock)
            log.info(f"Podcast: updated {podcast.lock.display}; commit it with the new episodes")
