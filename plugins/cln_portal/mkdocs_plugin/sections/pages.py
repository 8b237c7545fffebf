"""The site's own pages: checked before MkDocs reads them, escaped before the theme shows them.

Material's templates print page titles and front-matter fields without escaping (MkDocs' Jinja
environment has no autoescape), so a title like ``Mums & babies </title><script>`` would become
markup on every page whose navigation lists it, and a quote in a description would end the
attribute it is printed in. Titles and those fields are escaped here, once per build, after every
page is rendered and before any template runs: sections leave them as plain text.
"""

from __future__ import annotations

import html
from pathlib import Path

from markupsafe import escape

from ... import pages
from ...content.problems import Problem, display_path
from ...content.paths import outside_problem
from ...markup.safety import unsafe_markup
from ...content.text import clean_text, strip_controls
from ..section import Section, report, reported_files


class ContentPages(Section):
    """Every file in content/ and every page, whichever section made it, made safe to publish."""

    def on_files(self, files, config):
        root = self.plugin.root(config)
        docs_dir = Path(config.docs_dir)
        template_dirs = [Path(d) for d in config.theme.dirs]
        # Pages another section has read and checked (columns, interviews) are not read twice.
        claimed = {entry.source for entry in self.plugin.catalogue.entries.values()} | reported_files()
        self.pages: dict[str, pages.SitePage] = {}  # src_uri -> the page as the checks read it
        problems: list[Problem] = []
        for file in files:
            # The theme's own files come from site-packages; only content/ is the contributors'.
            if file.generated_by is not None or not Path(file.abs_src_path or "/").is_relative_to(docs_dir):
                continue
            display = display_path(file.abs_src_path, root)
            outside = outside_problem(file.abs_src_path, root, display)
            if outside:
                problems.append(outside)
            elif file.is_documentation_page() and display not in claimed:
                page, found = pages.check(Path(file.abs_src_path), display, template_dirs)
                problems += found
                if page is not None:
                    self.pages[file.src_uri] = page
        report(problems, "site pages")
        return files

    def on_page_read_source(self, page, config):
        """The page as the checks read it: no BOM, Unix line endings, no control characters."""
        checked = self.pages.get(page.file.src_uri)
        return checked.text if checked else None

    def on_page_markdown(self, markdown, page, config, files):
        """MkDocs re-reads front matter with libyaml, which rejects escapes the checks accept (such
        as "\\ud800") and then shows the front matter as page text: use the checked reading.
        Pages read by others (Material's blog reads its posts itself) lose control characters here."""
        checked = self.pages.pop(page.file.src_uri, None)
        if checked is not None and checked.document.meta and not page.meta:
            page.meta = dict(checked.document.meta)
            return checked.document.body
        return strip_controls(markdown)

    def on_env(self, env, config, files):
        root = self.plugin.root(config)
        problems: list[Problem] = []
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            found = unsafe_markup(page.content)
            if found:
                source = display_path(file.abs_src_path, root) if file.abs_src_path else file.src_uri
                problems += [Problem(source, message) for message in found]
            if page.title is not None:
                # A title from front matter is plain text; one from the first heading is already
                # HTML with its tags stripped (entities kept, quotes not): make both plain, then escape.
                title = str(page.title) if "title" in page.meta else html.unescape(str(page.title))
                page.title = escape(clean_text(title))
                # Material prints page.meta.title as it is, but page.title through striptags, which
                # turns entities back into markup: give every page the escaped meta title it prefers.
                page.meta["title"] = page.title
            for name in ("description", "author", "subtitle"):
                if isinstance(page.meta.get(name), (str, int, float)):
                    page.meta[name] = escape(clean_text(page.meta[name]))
        report(problems, "page content")
        return env
