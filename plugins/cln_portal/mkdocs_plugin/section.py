"""A section of the portal (case studies, podcast, columns, interviews) as the plugin drives it.

The plugin owns the MkDocs hooks and calls the same-named method of each section in order, so
each content type lives in its own module and the plugin stays a short dispatcher.
"""

from __future__ import annotations

import os


class Section:
    """Base class: every hook is optional and defaults to passing its argument through."""

    def __init__(self, plugin):
        #: The :class:`~.plugin.PortalPlugin` (not imported here: the plugin imports every section).
        self.plugin = plugin

    @property
    def options(self):
        """This section's sub-config, e.g. ``plugin.config.case_studies``."""
        return None

    def on_config(self, config):
        return config

    def on_files(self, files, config):
        return files

    def on_nav(self, nav, config, files):
        return nav

    def on_page_read_source(self, page, config):
        """The page's Markdown, or None to let MkDocs read the file itself."""
        return None

    def on_page_markdown(self, markdown, page, config, files):
        return markdown

    def on_page_content(self, html, page, config, files):
        """The page's HTML after Markdown conversion, before the theme renders it."""
        return html

    def on_page_context(self, context, page, config, nav):
        return context

    def on_env(self, env, config, files):
        return env

    def on_post_page(self, output, page, config):
        return output

    def on_post_template(self, output, template_name, config):
        """A theme template rendered on its own (404.html), before it is written."""
        return output

    def on_post_build(self, config):
        return None

    def on_build_error(self, error):
        """The build failed: stop and clean up anything still running."""
        return None


#: Problems already reported in this build (by :func:`check_content`): a section finding one of
#: them again does not report it twice.
_reported: set = set()


def new_build() -> None:
    """A build starts (a preview builds many times in one process): nothing reported yet."""
    _reported.clear()


def reported_files() -> set[str]:
    """The files whose problems this build has reported: read by their own loader already (a
    draft column with a bad field is not a page to check again, as `make check` has it)."""
    return {p.path for p in _reported}


def report(problems, what: str = "content") -> None:
    """Log warnings (notes, e.g. a draft's problems, as information: they never fail a strict
    build), and stop the build with every error at once, one line each (no traceback)."""
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import get_plugin_logger

    log = get_plugin_logger(__name__)
    problems = [p for p in problems if p not in _reported]
    _reported.update(problems)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        if problem.severity == "note":
            log.info(f"NOTE: {problem}")
        elif problem.severity != "error":
            log.warning(str(problem))
    if errors:
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        raise PluginError(f"Found {count} in the {what}:\n" + "\n".join(str(p) for p in errors))


def check_content(config, options: dict):
    """Before anything is built, every content problem as `make check` finds them (its own run,
    so the two never disagree), reported once each; errors stop the build here, so a typo in one
    file is reported in that file only and never as MkDocs' "Error reading page".

    Unchanged files are not read, nor texts rendered, again (the build's caches in .cache/).
    Returns the checked project and its problems (notes and warnings; a preview shows a draft's on
    its page). The project's ``case_store`` holds every case study as the check read it
    (through the build's cache), for the case studies section to use rather than read again."""
    from ..case_studies.store import FILE
    from ..markup.scan_cache import FILE as MARKUP_FILE
    from ..commands import check as checks
    from ..commands.cli import project_from_config

    _reported.clear()
    project = project_from_config(config, options)
    project.strict = bool(config.strict)
    project.locked = os.environ.get("CLN_LOCKED") == "1"  # CI: the lock must be committed already
    project.case_cache = project.root / FILE
    project.markup_cache = project.root / MARKUP_FILE
    result = checks.run(project)
    report(result.problems, "content (make check lists the same)")
    # None of ``result.problems`` is an error (report() stopped the build): notes and warnings.
    return project, result.problems


class GeneratedPage(Section):
    """A section that writes one page, out of the nav, whose HTML is put in after conversion (the
    portal's own markup, past the content checks), with stylesheets and scripts of its own linked
    from that page only. Subclasses set the class attributes and call :meth:`add_page`."""

    URI = ""  # e.g. "self-assessment/index.md"
    TITLE = ""
    HIDE: tuple[str, ...] = ()  # Material's hide: for the page ("navigation", "toc")
    TAB = ""  # the tab shown active, by its page's source ("about.md"); "" for the folder's tab
    SEARCH = True  # False: left out of the search index (the page's meta says so to every section)
    #: Site path -> the file in the package, for the page's own stylesheets and scripts.
    ASSETS: dict = {}
    MARKER = "<!-- cln: generated page content -->"

    def page_url(self, config) -> str:
        from mkdocs.structure.files import File

        return File(self.URI, None, config.site_dir, config.use_directory_urls).url

    def add_page(self, files, config, html: str, tail: str = ""):
        """Add the page (``html`` below its title; ``tail`` before ``</body>``) and its files."""
        from mkdocs.structure.files import File, InclusionLevel

        for uri, path in self.ASSETS.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.url, self.html, self.tail = self.page_url(config), html, tail
        hide = f"hide: [{', '.join(self.HIDE)}]\n" if self.HIDE else ""
        hide += f"search:\n  exclude: {'false' if self.SEARCH else 'true'}\n"
        hide += f"cln_tab: {self.TAB}\n" if self.TAB else ""
        markdown = f"---\ntitle: {self.TITLE!r}\n{hide}---\n\n# {self.TITLE}\n\n{self.MARKER}\n"
        files.append(self.plugin.generated_page(config, self.URI, markdown, InclusionLevel.NOT_IN_NAV, html + tail))
        return files

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri != self.URI:
            return html
        return html.replace(self.MARKER, self.html, 1)

    def on_post_page(self, output, page, config):
        if page.file.src_uri != self.URI:
            return output
        from ..markup.fragments import relative_url

        links = "".join(f'<link rel="stylesheet" href="{relative_url(self.url, uri)}">\n'
                        for uri in self.ASSETS if uri.endswith(".css"))
        scripts = "".join(f'<script src="{relative_url(self.url, uri)}"></script>\n'
                          for uri in self.ASSETS if uri.endswith(".js"))
        output = output.replace("</head>", f"{links}</head>", 1)
        return output.replace("</body>", f"{self.tail}\n{scripts}</body>", 1)
