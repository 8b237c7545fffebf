"""The HSJ column on the site: Material's blog publishes the posts, this section adds the rest.

Material's blog plugin (``blog`` in mkdocs.yml, ``blog_dir: columns``) lists, archives and
paginates the posts. Before it reads them, this section checks every post through the core
(:mod:`cln_portal.column`) and stops the build with one line per problem. It then gives each post
its standfirst, byline, topics, related links and "Read in HSJ" link, registers the columns in
the catalogue, and writes the column's RSS feed.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from ... import column as columns
from ...column import feed as column_feed
from ...content.catalogue import Entry, tags
from ...content.problems import display_path
from ...runtime.filecache import write_atomically
from ...markup.fragments import related_section
from ...search import markup as search
from ..config import ColumnsConfig
from ..shared import BROWSE, CASE_STUDIES, blog_plugin
from ..section import Section, report

log = get_plugin_logger(__name__)


def markdown_text(text: str) -> str:
    """Text for a Markdown heading: HTML escaped, and Markdown and attr_list syntax neutralised."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", text)


class ColumnsSection(Section):
    """Checks, decorates, catalogues and syndicates the column."""

    @property
    def options(self) -> ColumnsConfig:
        return self.plugin.config.columns

    def on_config(self, config):
        self.columns: dict[str, columns.Column] = {}  # by src_uri
        self.related: dict[str, tuple[list[Entry], list[Entry]]] = {}  # slug -> (names, named by)
        self.rendered: dict[str, tuple[str, str]] = {}  # slug -> (absolute url, html)
        self.blog = blog_plugin(config)
        if self.blog is None:
            return config
        if self.blog.config.authors:
            raise PluginError(
                "mkdocs.yml: plugins: blog: authors: set it to false; the cln plugin writes the "
                f"column's bylines from {self.options.authors_file} (name, role and organisation)"
            )
        if not config.site_url:
            raise PluginError("mkdocs.yml: site_url: is missing; the column feed needs the "
                              "portal's public address for its links")
        return config

    def on_files(self, files, config):
        if self.blog is None:
            return files
        root = self.plugin.root(config)
        docs = Path(config.docs_dir).resolve()
        post_dir = self.blog.config.post_dir.format(blog=self.blog.config.blog_dir)
        found, problems = columns.load_all(
            root, self.plugin.vocabulary, display_path(docs / post_dir, root), self.options.authors_file
        )
        report(problems, "columns")
        include_drafts = bool(self.blog.config.draft)
        for column in found:
            if column.draft and not include_drafts:
                continue
            src_uri = column.path.resolve().relative_to(docs).as_posix()
            file = files.get_file_from_path(src_uri)
            if file is None:  # excluded by exclude_docs or not_in_nav rules
                continue
            self.columns[src_uri] = column
            self.plugin.catalogue.add(Entry(
                kind="column", slug=column.slug, title=column.title, url=self.post_url(column, config),
                source=column.source, date=column.date, summary=column.standfirst, **tags(column),
            ))
            self.plugin.catalogue.related[column.slug] = list(column.related)  # for two-way links
        return files

    def post_url(self, column: columns.Column, config) -> str:
        """The address Material's blog will give the post (it assigns it after our on_files).

        The catalogue needs it now, for sections that link to columns; on_nav checks it.
        """
        from babel.dates import format_date, format_datetime

        blog = self.blog.config
        when = datetime.datetime.combine(column.date, datetime.time(), tzinfo=datetime.timezone.utc)
        locale = config.theme["language"].replace("-", "_")
        named = blog.post_url_date_format in ("full", "long", "medium", "short")
        date = (format_date if named else format_datetime)(when, format=blog.post_url_date_format,
                                                            locale=locale)
        categories = [blog.categories_slugify(name, blog.categories_slugify_separator)
                      for name in column.categories[:blog.post_url_max_categories]]
        path = blog.post_url_format.format(
            categories="/".join(categories), date=date, file=column.slug,
            slug=blog.post_slugify(column.title, blog.post_slugify_separator),
        )
        path = posixpath.join(blog.blog_dir, posixpath.normpath(path.strip("/")) + ".md")
        return File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url

    def on_nav(self, nav, config, files):
        """Material has given each post its address by now: record it, and resolve related links."""
        catalogue = self.plugin.catalogue
        problems = []
        for src_uri, column in self.columns.items():
            entry = catalogue.entries.get(column.slug)
            if entry is not None and entry.source == column.source:
                catalogue.entries[column.slug] = dataclasses.replace(
                    entry, url=files.get_file_from_path(src_uri).url)
        for column in self.columns.values():
            named, found = catalogue.resolve(column.related, column.source)
            problems += found
            # Two-way: what this column names, then what names this column.
            self.related[column.slug] = (named, catalogue.linking_to(column.slug, catalogue.related))
        report(problems, "columns")
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        column = self.columns.get(page.file.src_uri)
        if column is None:
            return markdown
        # The standfirst describes the page to search engines; ContentPages escapes it with the title.
        page.meta.setdefault("description", column.standfirst)
        return self.decorate(column, markdown, page.url, files)

    def decorate(self, column: columns.Column, markdown: str, page_url: str, files=None) -> str:
        """The post as published: headline, standfirst and byline, the column, then its topics.

        A topic links to the case studies filed under it, when the site has that browse page.
        """
        e = html.escape

        def topic(term) -> str:
            uri = f"{CASE_STUDIES}/{BROWSE.get(term.kind, '')}/{term.slug}/index.md"
            file = files.get_file_from_path(uri) if files is not None else None
            if file is None:
                return f"<span{search.facet(term.kind)}>{e(term.name)}</span>"
            return f'<a href="{e(get_relative_url(file.url, page_url))}"{search.facet(term.kind)}>{e(term.name)}</a>'

        byline = "; ".join(
            f'<span class="cln-byline__name">{e(a.name)}</span>, {e(a.role)}, {e(a.organisation)}'
            for a in column.authors
        )
        if len(column.authors) > 1:
            head, _, last = byline.rpartition("; ")
            byline = f"{head} and {last}"
        parts = [
            f"# {markdown_text(column.title)}",
            f'<p class="cln-standfirst">{e(column.standfirst)}</p>',
            f'<p class="cln-byline">By {byline}</p>',
            # The blog lists each column by its headline, standfirst and byline.
            self.blog.config.post_excerpt_separator,
            markdown.strip(),
        ]
        topics = [("Region", [column.region] if column.region else []),
                  ("Clinical pathways", column.pathways), ("Competencies", column.competencies)]
        rows = [f"<dt>{label}</dt><dd>{', '.join(topic(t) for t in terms)}</dd>"
                for label, terms in topics if terms]
        if rows:
            parts.append(f'<dl class="cln-topics">{"".join(rows)}</dl>')
        named, linking = self.related.get(column.slug) or ([], [])
        section = related_section(page_url, named, linking)
        if section:
            parts.append(section)
        if column.hsj_url:
            parts.append(
                '<p class="cln-hsj">This column appeared in the Health Service Journal. '
                f'<a href="{e(column.hsj_url)}">Read in HSJ</a></p>'
            )
        return "\n\n".join(parts) + "\n"

    def on_post_page(self, output, page, config):
        column = self.columns.get(page.file.src_uri)
        if column is not None:
            self.rendered[column.slug] = (page.canonical_url, page.content or "")
        if self.blog is not None and page.file.src_uri.startswith(self.blog.config.blog_dir.rstrip("/") + "/"):
            # Feed readers and browsers find the column's feed from any page of the column.
            href = html.escape(get_relative_url(self.options.feed, page.url))
            title = html.escape(self.options.feed_title)
            link = f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{href}">'
            output = output.replace("</head>", f"{link}\n</head>", 1)
        return output

    def on_post_build(self, config):
        if self.blog is None:
            return
        missing = [c.source for c in self.columns.values() if c.slug not in self.rendered]
        if missing:
            # Only a partial (dirty) rebuild skips pages; never publish a feed that lacks columns.
            log.info("Column feed not rewritten: %d columns were not rebuilt", len(missing))
            return
        items = [column_feed.FeedItem(c, *self.rendered[c.slug]) for c in self.columns.values()]
        site_url = config.site_url
        index = self.blog.blog.url if getattr(self.blog, "blog", None) else f"{self.blog.config.blog_dir}/"
        document = column_feed.build(
            items, title=self.options.feed_title, description=self.options.feed_description,
            link=site_url.rstrip("/") + "/" + index.lstrip("/"),
            feed_url=site_url.rstrip("/") + "/" + self.options.feed.lstrip("/"),
            language=(config.theme.get("language") or "en").replace("_", "-").lower(),
        )
        write_atomically(Path(config.site_dir) / self.options.feed, document)
