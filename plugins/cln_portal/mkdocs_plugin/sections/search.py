"""Search: each content page marked for Pagefind, and the index built after every build.

Pagefind indexes the pages while the build writes them (:class:`cln_portal.search.index.Indexer`):
each ``search: pages_per_bundle`` pages marked here are a bundle, indexed in the background while
MkDocs renders the next ones; ``on_post_build`` waits for the last and puts the bundles in place.
So ``mkdocs build`` (``make build``) and ``mkdocs serve`` (``make serve``) both produce the index;
under ``make build`` the whole site is still in its temporary folder then, so a failed index
fails the build and the previous site stays as it was.
The header's search box (overrides/partials/search.html) and its script (assets/search.js)
load Pagefind's own Default UI from ``pagefind/`` only when a reader opens search.

Under ``make serve --dirty`` only the pages an edit changes pass through ``on_post_page``: there
each page marked is recorded (its file in the site), kept on the plugin between rebuilds and
updated by the pages rebuilt, and the whole index is built again after each rebuild.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ...markup.fragments import KIND_LABELS
from ...search import index, markup
from ..section import Section

log = get_plugin_logger(__name__)
#: The type of a site page that no section made (About, Accessibility, Privacy).
PAGE = "Page"


class SearchSection(Section):
    """Marks content pages (not lists of them) with ``data-pagefind-body``; runs Pagefind."""

    #: This build's index, made in on_config (None: a dirty rebuild, or a build that failed
    #: before on_config reached this section: then on_build_error has nothing to stop).
    indexer: index.Indexer | None = None

    @property
    def options(self):
        return self.plugin.config.search

    def on_config(self, config):
        # Page file -> marked or not. Kept between the rebuilds of a dirty preview, where pages
        # that did not change are not rebuilt and keep what they were.
        if not self.plugin.dirty or self.plugin.searchable is None:
            self.plugin.searchable = {}
        # A whole build indexes its pages as it writes them; a dirty rebuild writes only some.
        self.indexer = None if self.plugin.dirty else index.Indexer(config.site_dir, self.options.pages_per_bundle)
        return config

    def content_type(self, page):
        """The page's content type and date, or None for a list of other pages."""
        entry = self.plugin.catalogue.at_url(page.url)
        if entry is not None:
            return KIND_LABELS.get(entry.kind, entry.kind.capitalize()), entry.date
        file = page.file
        search = page.meta.get("search")  # a page that says (self-assessment yes, coverage no)
        if isinstance(search, dict) and "exclude" in search:
            return None if search["exclude"] else (PAGE, None)
        # The home page and each section's index list other pages; generated pages are lists
        # (browse pages, the blog's archive and categories) or content the catalogue knows.
        if file.generated_by is not None or file.src_uri.rsplit("/", 1)[-1] in ("index.md", "README.md"):
            return None
        return PAGE, None

    def on_post_page(self, output, page, config):
        found = self.content_type(page)
        if self.indexer is None:  # a dirty rebuild: indexed after it, with the pages not rebuilt
            self.plugin.searchable[page.file.dest_path] = found is not None
        if found is None:
            return output
        if self.indexer is not None:
            try:
                self.indexer.add(page.file.dest_path)
            except index.SearchIndexError as exc:
                raise PluginError(f"The search index could not be built: {exc}") from None
        return markup.mark_body(output, *found)

    def on_build_error(self, error):
        if self.indexer is not None:  # no Pagefind left running, nothing left staged in the site
            self.indexer.close()

    def on_post_build(self, config):
        site = Path(config.site_dir)
        try:
            if self.indexer is not None:
                report = self.indexer.finish()
            else:
                pages = [path for path, marked in self.plugin.searchable.items()
                         if marked and (site / path).is_file()]
                report = index.build_index(site, pages, self.options.pages_per_bundle)
        except index.SearchIndexError as exc:
            raise PluginError(f"The search index could not be built: {exc}") from None
        bundles = f" in {report.bundles} bundles" if report.bundles > 1 else ""
        log.info(f"Search: Pagefind indexed {report.pages} pages and {report.filters} facets{bundles}")
        if report.note:
            log.info(f"Search: {report.note}")
