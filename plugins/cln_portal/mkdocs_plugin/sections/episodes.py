"""Episode pages, the podcast home page and the transcript files, from the podcast section's model.

The podcast section (:mod:`.podcast`, beside this one) reads podcasts/ and publishes ``plugin.podcast``; this
section, which runs after it, reads every published episode's transcript (sidecar Markdown, or a
``.vtt`` / ``.srt`` file beside the audio), enforces the transcript rule, generates
``podcast/index.md`` and ``podcast/<slug>/index.md`` (never in the nav: Material renders the nav
into every page), writes ``podcast/<slug>/transcript.{vtt,srt,json,html}`` and records them in
``episode.transcripts`` so the feeds list them as ``podcast:transcript``.
"""

from __future__ import annotations

import functools

from html import escape

import yaml
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from ...podcast import pages
from ... import interviews
from ...podcast import transcripts as tr
from ...content.problems import Problem
from ...markup.fragments import relative_url
from ...content.vocabulary import normalise
from ..section import Section, report

log = get_plugin_logger(__name__)

HOME = "podcast/index.md"
#: The pages every page of the site links to (overrides/partials/copyright.html), also from the
#: standalone transcript.html files.
LEGAL_PAGES = (("Accessibility statement", "accessibility/"), ("Privacy notice", "privacy/"))
NO_PODCAST = "---\ntitle: Podcast\n---\n\n# Podcast\n\nThere are no episodes yet.\n"
#: Where each episode's transcript files go, beside its page.
TRANSCRIPT_FILE = "{url}transcript.{ext}"


@functools.lru_cache(maxsize=4096)  # a live preview rebuilds the same stubs again and again
def _titled(title: str) -> str:
    """An episode page's source before its Markdown is written: its title (for the nav and search)."""
    return "---\n" + yaml.safe_dump({"title": title}, allow_unicode=True) + "---\n"


class EpisodePagesSection(Section):
    """One page per published episode, the podcast home, and transcript files."""

    def __init__(self, plugin):
        super().__init__(plugin)
        self.episodes: dict[str, object] = {}  # page src_uri -> episode
        self.transcripts: dict[str, tr.Transcript] = {}  # slug -> transcript
        self.files: dict[str, tuple[tuple[str, str], ...]] = {}  # slug -> (site path, ext)
        self.contexts: dict[str, pages.EpisodeContext] = {}
        self.audio_interviews: list[interviews.Interview] = []

    @property
    def options(self):
        return self.plugin.config.episodes

    @property
    def podcast(self):
        podcast = getattr(self.plugin, "podcast", None)
        return podcast if podcast is not None and podcast.show is not None else None

    def on_files(self, files, config):
        podcast = self.podcast
        if podcast is None:
            # No podcasts/ folder: the podcast's page (a nav tab) says so rather than going missing.
            if files.get_file_from_path(HOME) is None:
                files.append(self.plugin.generated_page(config, HOME, NO_PODCAST))
            return files
        folder = podcast.options.dir
        problems: list[Problem] = []
        generated: list[File] = []
        for ep in podcast.published:
            transcript, found = tr.of_episode(ep, folder, config.strict)
            problems += found
            self.plugin.catalogue.related[ep.slug] = list(ep.related)
            page = self.plugin.generated_page(config, f"{ep.url}index.md", _titled(ep.title),
                                              InclusionLevel.NOT_IN_NAV)
            generated.append(page)
            self.episodes[page.src_uri] = ep
            if transcript is None:
                continue
            self.transcripts[ep.slug] = transcript
            written = []
            ep.transcripts = [t for t in ep.transcripts if not t[0].startswith(ep.url + "transcript.")]
            for ext, text in tr.written(transcript, ep.title, podcast.show.language or "en",
                                        self.transcript_footer(ep)).items():
                path = TRANSCRIPT_FILE.format(url=ep.url, ext=ext)
                generated.append(File.generated(config, path, content=text))
                ep.transcripts.append((path, tr.MIME_TYPES[ext]))
                written.append((path, ext))
            self.files[ep.slug] = tuple(written)
        problems += self.read_interviews(podcast)
        generated.append(self.plugin.generated_page(config, HOME, "---\ntitle: Podcast\n---\n"))
        for file in generated:
            if files.get_file_from_path(file.src_uri) is not None:
                problems.append(Problem(f"{config.docs_dir}/{file.src_uri}", "is made by the build from "
                                        f"{folder}/; remove it from the docs folder"))
        report(problems, "episode transcripts")
        for file in generated:
            files.append(file)
        return files

    @staticmethod
    def transcript_footer(ep) -> str:
        """The standalone transcript's way back: its episode page and the legal pages every page
        of the site links to."""
        links = [("Listen to the episode", ep.url), *LEGAL_PAGES]
        return " | ".join(f'<a href="{escape(relative_url(ep.url + "transcript.html", url))}">{name}</a>'
                          for name, url in links)

    def on_nav(self, nav, config, files):
        """Related links and interviews, once every section has registered its items."""
        podcast = self.podcast
        if podcast is None:
            return nav
        catalogue = self.plugin.catalogue
        written = next((s for s in self.plugin.sections if hasattr(s, "by_episode")), None)
        for ep in podcast.published:
            related, _ = catalogue.resolve(list(ep.related), ep.sidecar or ep.source)  # reported by the podcast section
            texts = [catalogue.entries[i.slug] for i in written.by_episode(ep.slug)] if written else []
            self.contexts[ep.slug] = pages.EpisodeContext(
                transcript=self.transcripts.get(ep.slug), transcript_files=self.files.get(ep.slug, ()),
                interviews=tuple(texts), related=tuple(related),
                linking=tuple(e for e in catalogue.linking_to(ep.slug, catalogue.related) if e not in texts))
        return nav

    def read_interviews(self, podcast) -> list[Problem]:
        """Episodes of the interview series, each with its interviewee: the sidecar's
        ``interviewee: {name, role, organisation}`` (as in a text interview's front matter), else
        the guests' names. An episode that a text interview covers is listed by that page."""
        written = next((s for s in self.plugin.sections if hasattr(s, "by_episode")), None)
        wanted = normalise(self.plugin.config.interviews.series)
        problems: list[Problem] = []
        for ep in podcast.published:
            who = None
            if ep.interviewee is not None:
                who, found = interviews.person(ep.interviewee, "interviewee", ep.sidecar, ep.interviewee_line)
                problems += found
            in_series = ep.series is not None and wanted in (normalise(ep.series.slug), normalise(ep.series.title))
            if not in_series or (written and written.by_episode(ep.slug)):
                continue
            if who is None:
                guests = ([p for p in ep.persons if p.role == "guest"]
                          or [p for p in ep.persons if p.role != "host"] or list(ep.persons))
                who = interviews.Person(", ".join(p.name for p in guests))
            self.audio_interviews.append(interviews.Interview(
                slug=ep.slug, title=ep.title, url=ep.url, date=ep.date, interviewee=who,
                summary=ep.description, source=ep.source, kind="audio"))
        return problems

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        ep = self.episodes.get(src)
        if ep is not None:
            if ep.series is not None:  # the breadcrumb: Podcast, then the series on its page
                page.meta["cln_parents"] = [(ep.series.title, f"podcast/#series-{ep.series.slug}")]
            return pages.episode_markdown(ep, self.contexts[ep.slug], page.url)
        if src == HOME and self.podcast is not None:
            return self.home(page.url)
        return markdown

    def home(self, page_url: str) -> str:
        podcast = self.podcast
        site = self.plugin_site_url()
        all_feed = pages.Feed("All episodes", site + podcast.feed_url(), "all")
        series = [(s, pages.Feed(s.title, site + podcast.feed_url(s), s.slug)) for s in podcast.show.series]
        artwork = {s.slug: podcast.artwork_url(s) for s in podcast.show.series if s.artwork}
        return pages.home_markdown(podcast.show, series, all_feed, podcast.published, page_url,
                                   self.options.latest, artwork)

    def on_post_page(self, output, page, config):
        """Apps and browsers find the feeds from the podcast's pages (<link rel="alternate">)."""
        src = page.file.src_uri
        podcast = self.podcast
        if podcast is None or (src != HOME and src not in self.episodes):
            return output
        ep = self.episodes.get(src)
        if ep is None:  # the podcast home: every feed
            feeds = [(podcast.show.title, podcast.feed_url())]
            feeds += [(f"{podcast.show.title}: {s.title}", podcast.feed_url(s)) for s in podcast.show.series]
        else:  # an episode: the whole show, and its series
            feeds = [(podcast.show.title, podcast.feed_url())]
            if ep.series is not None:
                feeds.append((f"{podcast.show.title}: {ep.series.title}", podcast.feed_url(ep.series)))
        links = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{escape(title)}" '
            f'href="{escape(relative_url(page.url, url))}">\n'
            for title, url in feeds
        )
        return output.replace("</head>", f"{links}</head>", 1)

    def plugin_site_url(self) -> str:
        return (self.podcast.options.site_url or "").rstrip("/") + "/"
