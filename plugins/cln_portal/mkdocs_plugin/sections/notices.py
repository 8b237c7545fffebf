"""`make serve` shows drafts, and a draft's problems (notes: they never fail a build) on the
draft's own page: a box at the top listing each one with its file, line and field and what to do.
Problems of a file the preview has no page for (a draft episode is held back even here, the
vocabulary, mkdocs.yml) are shown on the home page. Only a preview (``mkdocs serve``) shows the
box; ``make build`` leaves drafts and the box out.

A draft's placeholders (the template's TODOs, which a draft may keep) are listed there too.
The problems are `make check`'s own (the plugin's run before the build, see ``plugin.on_config``):
this section only places them. A dirty preview rebuilds a draft's page when its file changes and
every page when anything but a case study does, so a box is never left stale.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from mkdocs.structure.files import InclusionLevel

from ...case_studies import render
from ...content import frontmatter, placeholders
from ...content.problems import as_notes, display_path
from ..shared import CASE_STUDIES
from ..broken import items
from ..section import Section

CLASS = "cln-preview-problems"
_HEADING_END = re.compile(r"</h1>", re.IGNORECASE)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">', re.IGNORECASE)


def box(problems, elsewhere: bool = False) -> str:
    """The notice: a Material admonition (no styles of its own), announced as a status."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    where = ("in files this preview has no page for (a draft episode, the settings)" if elsewhere
             else "to fix before this page is published")
    return (f'<div class="admonition warning {CLASS}" role="status" data-pagefind-ignore>\n'
            f'<p class="admonition-title">Only in this preview: {count} {where}</p>\n'
            f'<ul class="cln-problems">\n{items(problems)}\n</ul>\n'
            "<p>Fix each one in its file and save: this page reloads. <code>make check</code> lists "
            "the same problems; the published site never shows this box.</p>\n</div>\n")


def unread_draft(doc, title: str) -> str:
    """The preview's page for a draft case study its loader refused (a bad field): its title, the
    draft banner and its text as written, so that the draft and its problems have a page."""
    meta = yaml.safe_dump({"title": title}, allow_unicode=True)
    return (f"---\n{meta}---\n\n<h1>{html.escape(title)}</h1>\n\n{render.draft_html()}\n\n"
            f"{doc.body.strip()}\n")


class PreviewNoticesSection(Section):
    def on_files(self, files, config):
        """A draft case study with a bad field is not loaded, so it has no page: give it one."""
        self.drafts: dict[str, str] = {}  # a draft's file -> its page's src_uri
        if self.plugin.command != "serve":
            return files
        root, folder = self.plugin.root(config), self.plugin.config.case_studies.dir
        for path in dict.fromkeys(p.path for p in self.plugin.shown if p.severity == "note"):
            source = Path(path)
            uri = f"{CASE_STUDIES}/{source.stem}.md"
            if (source.parent.as_posix() != folder or source.suffix != ".md"
                    or files.get_file_from_path(uri) is not None):
                continue
            doc, _ = frontmatter.load(root / source, path)
            if doc is None:
                continue
            title = doc.meta.get("title")
            title = title.strip() if isinstance(title, str) and title.strip() else source.stem
            files.append(self.plugin.generated_page(config, uri, unread_draft(doc, title),
                                                    InclusionLevel.NOT_IN_NAV))
            self.drafts[path] = uri
        return files

    def on_nav(self, nav, config, files):
        """Each problem the preview shows (``plugin.shown``), by the page of the file that holds it."""
        self.by_page: dict[str, list] = {}
        shown = self.plugin.shown if self.plugin.command == "serve" else []
        if not shown:
            return nav
        root = self.plugin.root(config)
        # Every page, the blog's posts too (documentation_pages() leaves them out: the blog builds them).
        built = [f for f in files if f.is_documentation_page()]
        pages = {display_path(f.abs_src_path, root): f.src_uri for f in built if f.abs_src_path}
        by_url = {f.url: f.src_uri for f in built}
        pages.update(self.drafts)
        for entry in self.plugin.catalogue.entries.values():  # generated pages: by their source
            if entry.url in by_url:
                pages.setdefault(entry.source, by_url[entry.url])
        for problem in shown:
            self.by_page.setdefault(pages.get(problem.path, ""), []).append(problem)
        return nav

    def placeholders(self, page, output: str, config) -> list:
        """A draft may keep the template's TODOs (no problem to `make check`), but the preview lists
        them on its page: what is left to write before it is published. Read from the draft's own
        file, when its page is built (a dirty preview rebuilds it when that file changes)."""
        if not (page.meta.get("draft") is True or render.draft_html() in output):
            return []
        root = self.plugin.root(config)
        source = next((path for path, uri in self.drafts.items() if uri == page.file.src_uri), None)
        source = source or (display_path(page.file.abs_src_path, root) if page.file.abs_src_path else None)
        doc, _ = frontmatter.load(root / source, source) if source else (None, [])
        return as_notes(placeholders.find(doc, source)) if doc is not None else []

    def on_post_page(self, output, page, config):
        uri = page.file.src_uri
        if self.plugin.command != "serve":
            return output
        problems = self.by_page.get(uri, [])
        problems = problems + [p for p in self.placeholders(page, output, config) if p not in problems]
        elsewhere = self.by_page.get("", []) if page.is_homepage else []
        if not problems and not elsewhere:
            return output
        notice = (box(problems) if problems else "") + (box(elsewhere, elsewhere=True) if elsewhere else "")
        heading = _HEADING_END.search(output)
        article = _ARTICLE.search(output)
        at = heading.end() if heading else article.end() if article else None
        if at is None:
            return output
        return output[:at] + "\n" + notice + output[at:]
