"""The ``cln`` plugin: loads the portal's content through the core and hands it to MkDocs.

Only the public MkDocs 1.6 plugin API is used (``BasePlugin``, ``File.generated``,
``get_plugin_logger``, ``PluginError``), so the same plugin runs under ProperDocs.
"""

from __future__ import annotations

import difflib
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from ..runtime import timing
from ..content import vocabulary
from ..content.dates import nhs_date
from ..content.problems import ContentError
from ..content.catalogue import Catalogue
from .sections.case_studies import CaseStudiesSection
from .sections.columns import ColumnsSection
from .config import PortalConfig
from .sections.assets import AssetsSection
from .sections.editor import EditorSection
from .sections.assessment import AssessmentSection
from .sections.coverage import CoverageSection
from .sections.episodes import EpisodePagesSection
from .sections.interviews import InterviewsSection
from .sections.home import HomeSection
from .sections.pages import ContentPages
from .sections.podcast import PodcastSection
from .sections.search import SearchSection
from .sections.redirects import RedirectsSection
from .sections.notices import PreviewNoticesSection
from . import broken
from .sections.wayfinding import WayfindingSection
from .sections.navigation import NavigationSection
from .sections.sharing import SharingSection
from .sections.offline import OfflineLinksSection
from .preview import Preview
from .section import Section, check_content, new_build, report

log = get_plugin_logger(__name__)

#: The MkDocs events the plugin hands on to its sections (see :class:`Section`).
HOOKS = ("on_config", "on_files", "on_nav", "on_page_read_source", "on_page_markdown", "on_page_content",
         "on_page_context", "on_env", "on_post_page", "on_post_build", "on_post_template", "on_build_error")


def unknown_options(schema, options: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Options the plugin does not know, with a 'did you mean' — MkDocs only warns about them."""
    known = dict(schema)
    found = []
    for key, value in (options or {}).items():
        if key not in known:
            hint = difflib.get_close_matches(key, list(known), n=1)
            expected = f"did you mean '{prefix}{hint[0]}'?" if hint else f"known options: {', '.join(known)}"
            found.append((f"{prefix}{key}", f"unknown option; {expected}"))
        elif isinstance(known[key], c.SubConfig) and isinstance(value, dict):
            found += unknown_options(known[key].config_class._schema, value, f"{prefix}{key}.")
    return found


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")


class PortalPlugin(BasePlugin[PortalConfig]):
    """Builds the portal's generated pages and feeds from case_studies/ and podcasts/."""

    supports_multiple_instances = False

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config(options, config_file_path)
        for key, message in unknown_options(self.config_class._schema, options):
            errors.append((key, ValidationError(message)))
        return errors, warnings

    #: The portal's sections, in build order; each is a :class:`Section` subclass.
    SECTIONS: list[type[Section]] = [
        PodcastSection,  # first: the episode pages and the home page read its episodes
        CaseStudiesSection,
        ColumnsSection,
        InterviewsSection,  # after the column: links resolve once every address is known
        EpisodePagesSection,
        AssetsSection,
        EditorSection,  # /admin/: Decap CMS from node_modules, the preview's stylesheets
        AssessmentSection,  # after every section that catalogues content: it recommends it
        CoverageSection,  # the same: it counts it
        HomeSection,  # it lists what the other sections catalogued
        WayfindingSection,  # the active tab and breadcrumb of pages kept out of the nav
        NavigationSection,  # the nav and tabs rendered once for the generated pages that share them
        SharingSection,  # each page's description, from its summary (before ContentPages escapes it)
        OfflineLinksSection,  # offline build: links to directories point at their index.html
        ContentPages,  # it checks the pages no other section claimed, and escapes all titles
        PreviewNoticesSection,  # `make serve`: a draft's problems on its page (after the checks)
        RedirectsSection,  # after the build: a page at every old address of a moved item
        SearchSection,  # last: it indexes the site once every section has written its files
    ]

    #: The MkDocs command running ("build", "serve", "gh-deploy"); drafts show only in "serve".
    command: str | None = None

    #: Under ``mkdocs serve --dirty`` (``make serve``): what the last build was made from.
    preview: Preview | None = None
    dirty = False
    broken: list = []  # under `make serve`: the content errors the preview shows instead of pages
    shown: list = []  # under `make serve`: the other problems (a draft's), shown on their pages
    checked = None  # the project as this build's content check read it (see check_content)
    #: Each page's file in the site, and whether search indexes it (sections/search.py).
    searchable: dict[str, bool] | None = None

    def on_startup(self, *, command, dirty):
        self.command = command
        self.dirty = dirty
        if dirty:
            # The plugin rebuilds what an edit affects (see preview.py), so MkDocs' warning that
            # dirty builds leave links stale does not apply; under `strict` it would stop the build.
            logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)

    def root(self, config) -> Path:
        """The repository: the folder of mkdocs.yml."""
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config):
        timing.reset()
        new_build()
        root = self.root(config)
        self.broken, self.shown, self.checked = [], [], None
        if self.dirty:
            self.preview = self.preview or Preview(root)
            self.preview.check_vocabulary(root / self.config.vocabulary)
            found = broken.problems_in(config, dict(self.config))
            self.broken = [p for p in found if p.severity == "error"]
            if self.broken:  # the preview shows the problems at every address (see broken.py)
                self.preview.inputs = None  # once fixed: rebuild every page
                self.sections, self.handlers = [], {hook: [] for hook in HOOKS}
                config["nav"], config["strict"] = None, False
                log.info(f"Preview: showing {len(self.broken)} content problem(s) at every address until fixed")
                return config
        else:  # `make check`'s own run first: the build reports exactly the problems it lists
            self.checked, found = check_content(config, dict(self.config))
        # A preview shows drafts, and their problems on their pages (sections/notices.py).
        self.shown = [p for p in found if p.severity != "error"] if self.command == "serve" else []
        try:
            self.vocabulary = vocabulary.load(root / self.config.vocabulary, self.config.vocabulary)
        except ContentError as exc:
            raise PluginError(f"The vocabulary file has problems:\n{exc.report()}") from None
        self.catalogue = Catalogue()
        self.sections = [section(self) for section in self.SECTIONS]
        # Per page, only the sections that handle a hook are called (a thousand pages, eight
        # sections, seven page hooks: most calls would pass their argument straight through).
        self.handlers = {hook: [s for s in self.sections if getattr(type(s), hook) is not getattr(Section, hook)]
                         for hook in HOOKS}
        for section in self.handlers["on_config"]:
            with timing.timed(f"{type(section).__name__}.on_config"):
                config = section.on_config(config) or config
        return config

    def on_files(self, files, config):
        if self.broken:
            return broken.files_for(files, config, self.broken)
        for section in self.handlers["on_files"]:
            with timing.timed(f"{type(section).__name__}.on_files"):
                files = section.on_files(files, config) or files
        if self.catalogue.problems:
            report(self.catalogue.problems, "links between content")
        return files

    def on_nav(self, nav, config, files):
        for section in self.handlers["on_nav"]:
            with timing.timed(f"{type(section).__name__}.on_nav"):
                nav = section.on_nav(nav, config, files) or nav
        if self.preview is not None and not self.broken:  # every section has registered: plan the rebuild
            cases = next(s for s in self.sections if isinstance(s, CaseStudiesSection)).cases
            root = self.root(config)
            self.preview.plan(config, root, self.catalogue, cases,
                              root / self.config.case_studies.dir, root / self.config.podcast.dir)
        return nav

    def generated_page(self, config, uri: str, content: str, inclusion=InclusionLevel.UNDEFINED,
                       inserted: str = "") -> File:
        """A page made by the build: from memory, or in a dirty preview from a file rewritten only
        when the page changes, so that an unchanged page is not rebuilt. ``inserted``: HTML the
        section puts into the page after conversion (it changes the page too)."""
        if self.preview is not None:
            return self.preview.page(config, uri, content, inclusion, inserted)
        return File.generated(config, uri, content=content, inclusion=inclusion)

    def on_page_read_source(self, page, config):
        for section in self.handlers["on_page_read_source"]:
            with timing.timed(f"{type(section).__name__}.on_page_read_source"):
                source = section.on_page_read_source(page, config)
            if source is not None:
                return source
        return None

    def on_page_markdown(self, markdown, page, config, files):
        for section in self.handlers["on_page_markdown"]:
            with timing.timed(f"{type(section).__name__}.on_page_markdown"):
                markdown = section.on_page_markdown(markdown, page, config, files)
        return markdown

    def on_page_content(self, html, page, config, files):
        for section in self.handlers["on_page_content"]:
            with timing.timed(f"{type(section).__name__}.on_page_content"):
                html = section.on_page_content(html, page, config, files)
        return html

    def on_page_context(self, context, page, config, nav):
        for section in self.handlers["on_page_context"]:
            with timing.timed(f"{type(section).__name__}.on_page_context"):
                context = section.on_page_context(context, page, config, nav) or context
        return context

    def on_post_page(self, output, page, config):
        for section in self.handlers["on_post_page"]:
            with timing.timed(f"{type(section).__name__}.on_post_page"):
                output = section.on_post_page(output, page, config)
        return output

    def on_post_template(self, output_content, template_name, config):
        for section in self.handlers["on_post_template"]:
            output_content = section.on_post_template(output_content, template_name, config)
        return output_content

    def on_post_build(self, config):
        if self.broken:
            broken.show_everywhere(config.site_dir, self.broken)
        for section in self.handlers["on_post_build"]:
            with timing.timed(f"{type(section).__name__}.on_post_build"):
                section.on_post_build(config)
        # `make bench` reads these to show where the plugin's share of the build goes.
        for line in timing.current().lines():
            log.debug(line)

    def on_build_error(self, error):
        for section in getattr(self, "handlers", {}).get("on_build_error", []):
            section.on_build_error(error)

    def on_env(self, env, config, files):
        env.filters["nhs_date"] = nhs_date
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        for section in self.handlers["on_env"]:
            with timing.timed(f"{type(section).__name__}.on_env"):
                env = section.on_env(env, config, files) or env
        return env

    def on_serve(self, server, config, builder):
        """Live reload also when a case study or an episode changes, outside docs_dir."""
        root = self.root(config)
        for folder in dict.fromkeys(("case_studies", self.config.case_studies.dir, "podcasts")):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
