"""A section of the portal (case studies, podcast, columns, interviews) as the plugin drives it.

The plugin owns the MkDocs hooks and calls the same-named method of each section in order, so
each content type lives in its own module and the plugin stays a short dispatcher.
"""

from __future__ import annotations


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

    def on_post_template(self, output, template_name, config):
        """A theme template rendered on its own (404.html), before it is written."""
        return output

    def on_post_build(self, config):
        return None


def report(problems, what: str = "content") -> None:
    """Log warnings, and stop the build with every error at once, one line each (no traceback)."""
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import get_plugin_logger

    log = get_plugin_logger(__name__)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        if problem.severity != "error":
            log.warning(str(problem))
    if errors:
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        raise PluginError(f"Found {count} in the {what}:\n" + "\n".join(str(p) for p in errors))
