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
        """The page's HTML before Material's search indexes it (see cln_portal.markup.search_excerpt)."""
        return html

    def on_page_context(self, context, page, config, nav):
        return context

    def on_env(self, env, config, files):
        return env

    def on_post_page(self, output, page, config):
        return output

    def on_post_build(self, config):
        return None


#: Problems already reported in this build (by :func:`check_content`): a section finding one of
#: them again does not report it twice.
_reported: set = set()


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


def check_content(config, options: dict) -> None:
    """Before anything is built, every content problem as `make check` finds them (its own run,
    so the two never disagree), reported once each; errors stop the build here, so a typo in one
    file is reported in that file only and never as MkDocs' "Error reading page"."""
    from ..commands import check as checks
    from ..commands.cli import project_from_config

    _reported.clear()
    project = project_from_config(config, options)
    project.strict = bool(config.strict)
    project.locked = os.environ.get("CLN_LOCKED") == "1"  # CI: the lock must be committed already
    result = checks.run(project)
    report(result.problems, "content (make check lists the same)")
