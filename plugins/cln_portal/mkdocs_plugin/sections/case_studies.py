"""Case studies on the site: one page each, the filterable index and one page per value.

Pages are generated (``File.generated``) and kept out of the nav: Material renders the whole nav
into every page, so only ``case-studies/index.md`` is in it. Each case study page keeps its real
source path, so MkDocs messages and edit links point at ``case_studies/<slug>.md``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from ... import case_studies as core
from ...case_studies import render
from ...case_studies.store import FILE, Store
from ...content.catalogue import Entry, tags
from ...content.problems import Problem
from ...markup.fragments import RELATED, related_parts, relative_url
from ..shared import BROWSE, CASE_STUDIES as URL
from ..section import Section, report

log = get_plugin_logger(__name__)

SCRIPT = "assets/javascripts/case-studies.js"
STYLESHEET = "assets/stylesheets/case-studies.css"
ASSETS = Path(core.__file__).parent


class CaseStudiesSection(Section):
    """Reads case_studies/ once per build and renders every page once."""

    @property
    def options(self):
        return self.plugin.config.case_studies

    @property
    def previewing(self) -> bool:
        """Under ``mkdocs serve`` drafts are shown, marked; every other command leaves them out."""
        return self.plugin.command == "serve"

    def on_config(self, config):
        # Site-wide, small and cached: pages themselves carry no scripts. The script does
        # nothing on pages without the case studies filter.
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files, config):
        root = self.plugin.root(config)
        folder = self.options.dir
        problems: list[Problem] = core.folder_problems(root, folder)
        # What was read from unchanged files: kept in memory by a live preview, else in .cache/.
        # A build's content check has read them already, through that same cache: use its store.
        preview, store = self.plugin.preview, None
        if preview is None:
            store = getattr(self.plugin.checked, "case_store", None) or Store(
                root / FILE, self.plugin.vocabulary, root / self.plugin.config.vocabulary)
        cases, found = core.load_all(root, self.plugin.vocabulary, folder,
                                     store.entries if store else preview.cases)
        if store is not None:
            try:
                store.save()
            except OSError as exc:  # a read-only checkout still builds, just without the cache
                log.info(f"Case studies: the cache was not saved ({exc})")
        problems += found
        report(problems, "case studies")

        self.cases = [c for c in cases if self.previewing or not c.is_draft]
        self.unpublished = {c.slug for c in cases if c.is_draft and not self.previewing}
        self.rendered: dict[str, str] = {}  # src_uri -> Markdown, filled once all content is known
        self.by_uri: dict[str, core.CaseStudy] = {}
        self.urls: dict[str, str] = {}  # slug -> page URL
        catalogue = self.plugin.catalogue
        docs_dir = Path(config.docs_dir).resolve().as_posix()

        for case in self.cases:
            file = self._add(files, File.generated(config, f"{URL}/{case.slug}.md", abs_src_path=str(case.path),
                                                    inclusion=InclusionLevel.NOT_IN_NAV),
                             case.source, problems)
            if file is None:
                continue
            # Edit links ("edit this page") go to the real file, outside docs_dir.
            file.edit_uri = posixpath.relpath((root / case.source).as_posix(),
                                              docs_dir)
            self.by_uri[file.src_uri] = case
            self.urls[case.slug] = file.url
            catalogue.add(Entry("case study", case.slug, case.title, file.url, case.source,
                                case.date, case.summary, **tags(case)))
            catalogue.related[case.slug] = list(case.related)  # for the other side of two-way links
        report(problems, "case studies")  # a clash leaves a case study without a page: stop here

        # One index page per region, pathway and competency that has case studies, and no other.
        order = {kind: self.plugin.vocabulary.terms.get(kind, []) for kind in BROWSE}
        self.pages: dict[tuple[str, str], str] = {}
        self.listings: dict[str, str] = {}  # listing page URI -> its list's HTML (see render.LIST)
        browse: dict[str, list] = {}
        index_uri = f"{URL}/index.md"
        index_url = _url(config, index_uri)
        for kind, segment in BROWSE.items():
            for term in order[kind]:
                members = [c for c in self.cases if term in c.terms(kind)]
                if not members:
                    continue
                uri = f"{URL}/{segment}/{term.slug}/index.md"
                url = _url(config, uri)
                quals = term.qualities if kind == "competencies" else ()
                content, listing = render.value_markdown(term, members, self.urls, _href(url), index_url, quals)
                self.listings[uri] = listing
                if self._add(files, self.plugin.generated_page(config, uri, content, InclusionLevel.NOT_IN_NAV, listing),
                             f"the {segment} {term.name!r}", problems):
                    self.pages[(kind, term.name)] = url
                    browse.setdefault(kind, []).append((term, url, len(members)))

        self._add(files, File.generated(config, SCRIPT, abs_src_path=str(ASSETS / "filter.js")),
                  "the case studies filter", problems)
        self._add(files, File.generated(config, STYLESHEET, abs_src_path=str(ASSETS / "case-studies.css")),
                  "the case studies styles", problems)
        index, self.listings[index_uri] = render.index_markdown(self.cases, self.urls, browse, order, _href(index_url))
        self._add(files, self.plugin.generated_page(config, index_uri, index, inserted=self.listings[index_uri]),
                  "the case studies index", problems)
        report(problems, "case studies")
        self.resolved = False
        self.cards, self.finished = {}, {}  # filled by resolve()
        return files

    def _add(self, files, file: File, what: str, problems: list[Problem]) -> File | None:
        """Add a generated file unless content/ already has one at that place."""
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            problems.append(Problem(f"{Path(existing.src_dir or '').name}/{existing.src_uri}".lstrip("/"),
                                    f"is in the place of the generated page for {what}; move or remove it"))
            return None
        files.append(file)
        return file

    def resolve(self) -> None:
        """Resolve ``related`` and render every case study page, once every section has registered."""
        catalogue = self.plugin.catalogue
        links, problems = core.check_related(self.cases, catalogue, self.unpublished)
        report(problems, "case studies")
        self.cards: dict[str, str] = {}  # src_uri -> the facts card (see render.CARD), into the content
        self.finished: dict[str, tuple[str, str]] = {}  # src_uri -> (placeholder, HTML), into the page
        for uri, case in self.by_uri.items():
            url = self.urls[case.slug]
            card = render.card_html(case, self.pages, _href(url))
            related, related_list = related_parts(url, links.get(case.slug, []), catalogue.linking_to(case.slug, catalogue.related))
            # The card and the list are HTML already: Markdown gets placeholders, replaced after.
            self.cards[uri] = card
            if related_list:
                self.finished[uri] = (RELATED, related_list)
            self.rendered[uri] = render.case_markdown(case, render.CARD, related)
        self.resolved = True

    def on_page_read_source(self, page, config):
        """The rendered page, not the file: MkDocs would parse its front matter for nothing."""
        if not self.resolved:
            self.resolve()
        return self.rendered.get(page.file.src_uri)

    def on_page_markdown(self, markdown, page, config, files):
        # The first page is rendered after every section's on_files and on_nav: all links are known.
        if not self.resolved:
            self.resolve()
        case = self.by_uri.get(page.file.src_uri)
        if case is None or page.file.src_uri not in self.rendered:
            return self.term_lists(markdown, page.url)
        # Only what the theme should use, as plain text (ContentPages escapes titles for all pages).
        page.meta = {"title": case.title, "description": case.summary}
        region = self.pages.get(("regions", case.region.name))
        if region is not None:  # the breadcrumb: Case studies, then the region's page
            page.meta["cln_parents"] = [(render.value_title(case.region), region)]
        return self.rendered[page.file.src_uri]

    def term_lists(self, markdown: str, page_url: str) -> str:
        """Fill the markers of :data:`TERM_LISTS` (the about page's regions and pathways)."""
        for marker, kind in TERM_LISTS.items():
            if marker in markdown:
                terms = self.plugin.vocabulary.terms.get(kind, [])
                markdown = markdown.replace(marker, _term_list(terms, self.pages, page_url))
        return markdown

    def on_page_content(self, html, page, config, files):
        card = self.cards.get(page.file.src_uri)
        if card is not None:  # the card, after conversion (see render.CARD)
            return html.replace(render.CARD, card, 1)
        return html

    def on_post_page(self, output, page, config):
        """A listing page's list, or a case study's related list, into the finished page (see
        render.LIST): lists left out of search (data-search-exclude) and made of escaped text,
        which neither the search indexer nor the content check need to read (thousands of items
        on a listing page)."""
        uri = page.file.src_uri
        placeholder, inserted = self.finished.get(uri) or (render.LIST, self.listings.get(uri))
        return output if inserted is None else output.replace(placeholder, inserted, 1)


#: A page asks for every region or pathway of the vocabulary, each linked to its case studies.
TERM_LISTS = {"<!-- cln:regions -->": "regions", "<!-- cln:pathways -->": "pathways"}


def _term_list(terms, pages: dict, page_url: str) -> str:
    """The terms as a list, each linked to its index page when it has one (no dead link)."""
    from html import escape

    items = []
    for term in terms:
        url = pages.get((term.kind, term.name))
        name = escape(term.name)
        items.append(f'<li><a href="{escape(relative_url(page_url, url))}">{name}</a></li>' if url else f"<li>{name}</li>")
    return '<ul class="cln-terms">\n' + "\n".join(items) + "\n</ul>"


def _href(base: str):
    return lambda target: relative_url(base, target)


def _url(config, uri: str) -> str:
    """The URL MkDocs will give the page at ``uri`` (it depends on use_directory_urls)."""
    return File(uri, None, config.site_dir, config.use_directory_urls).url
