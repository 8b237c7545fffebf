"""The interviews section: text-only interview pages and the index of every interview.

Text interviews are ordinary pages under ``content/interviews/``; this section validates their
front matter, registers them in the catalogue, adds who-was-interviewed and related links to each
page, and generates ``interviews/index.md`` from them and the podcast's interview episodes.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ... import interviews
from ...content.problems import Problem
from ...markup.fragments import link, related_section
from ..section import Section, report

FOLDER = interviews.FOLDER
INDEX = f"{FOLDER}/index.md"

INTRO = """\
# Interviews

Conversations with senior policy and service leads about leading change in the NHS: what they are
trying to do, what gets in the way and what clinical leaders can do about it. Some are recorded for
the podcast, with a full transcript; others are written interviews to read.
"""


class InterviewsSection(Section):
    """Text interviews and the interviews index."""

    def __init__(self, plugin):
        super().__init__(plugin)
        self.interviews: dict[str, interviews.Interview] = {}  # by src_uri
        self.audio: list[interviews.Interview] = []

    @property
    def options(self):
        return self.plugin.config.interviews

    def on_files(self, files, config):
        problems = []
        for file in files.documentation_pages():
            path = PurePosixPath(file.src_uri)
            if path.parts[0] != FOLDER:
                continue
            if file.src_uri == INDEX:
                problems.append(Problem(f"{PurePosixPath(config.docs_dir).name}/{INDEX}", interviews.INDEX_MESSAGE))
                continue
            display = f"{PurePosixPath(config.docs_dir).name}/{file.src_uri}"
            if len(path.parts) != 2:
                problems.append(Problem(display, f"interviews go directly in {FOLDER}/, not in a subfolder"))
                continue
            interview, found = interviews.load(Path(file.abs_src_path), path.stem, file.url, display,
                                                 self.plugin.vocabulary)
            problems += found
            if interview is None:
                continue
            self.interviews[file.src_uri] = interview
            self.plugin.catalogue.related[interview.slug] = list(interview.related)
            self.plugin.catalogue.add(interview.entry())
        if problems:
            report(problems, "interviews")
        files.append(self.plugin.generated_page(config, INDEX, INTRO))
        return files

    def on_nav(self, nav, config, files):
        """Links are resolved here, once every section has registered its items."""
        catalogue = self.plugin.catalogue
        problems = interviews.link_problems(list(self.interviews.values()), catalogue)
        report(problems, "interviews")
        episodes = next((s for s in self.plugin.sections if hasattr(s, "audio_interviews")), None)
        self.audio = list(episodes.audio_interviews) if episodes else []
        podcast = getattr(self.plugin, "podcast", None)
        if podcast is not None:  # the feeds' podcast:person href: the interview with that person
            podcast.person_pages = {i.interviewee.name: i.url for i in self.interviews.values()
                                    if i.interviewee.name}
        return nav

    def by_episode(self, slug: str) -> list[interviews.Interview]:
        """Text interviews that are the written form of the episode ``slug``."""
        return [i for i in self.interviews.values() if i.episode == slug]

    def all(self) -> list[interviews.Interview]:
        """Every interview once: an episode that has a text page is listed by that page."""
        return list(self.interviews.values()) + self.audio

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        if src == INDEX:
            return markdown + "\n" + interviews.index_html(self.all(), page.url, self.plugin.catalogue)
        interview = self.interviews.get(src)
        if interview is None:
            return markdown
        catalogue = self.plugin.catalogue
        episode = catalogue.entries.get(interview.episode) if interview.episode else None
        header = interviews.header_html(interview, link(page.url, episode) if episode else "")
        related, _ = catalogue.resolve(list(interview.related), interview.source)
        linking = catalogue.linking_to(interview.slug, catalogue.related)
        return header + "\n" + markdown + "\n\n" + related_section(page.url, related, linking)
