"""Where a reader is, on every page: the right tab active and a breadcrumb back to the lists.

Material renders the whole nav into every page, so the generated pages (case studies, episodes,
interviews, region and pathway pages) stay out of the nav. For such a page this section marks
active, while the page renders, the tab whose address the page's is under (``case-studies/x/``:
Case studies), as MkDocs marks the page itself, and gives the page a trail in
``page.meta["cln_breadcrumbs"]`` that overrides/main.html shows above the content: the tab, then
any steps between the section that made the page put in ``page.meta["cln_parents"]`` as
(title, site URL) pairs (an episode: its series). A page under no tab's folder names its tab in
``page.meta["cln_tab"]`` (the tab page's source, e.g. ``about.md``: the self-assessment).
"""

from __future__ import annotations

from ...markup.fragments import relative_url
from ..section import Section

BREADCRUMBS = "cln_breadcrumbs"
PARENTS = "cln_parents"
TAB = "cln_tab"


def _tab_url(item) -> str | None:
    """The address a top-level nav item opens: its page's, or a section's first page's."""
    while getattr(item, "children", None):
        item = item.children[0]
    return getattr(item, "url", None)


def _folder(url: str | None) -> str:
    """The folder a tab's page heads ('case-studies/' from 'case-studies/' or, in the offline
    build, 'case-studies/index.html'); '' for a page that heads none ('about.html', the home)."""
    if not url:
        return ""
    if url.endswith("/index.html"):
        return url[: -len("index.html")]
    return url if url.endswith("/") else ""


class WayfindingSection(Section):
    def __init__(self, plugin):
        super().__init__(plugin)
        self.tabs: list[tuple[str, object, str]] = []  # (site URL, nav item, title), longest first
        self.in_nav: set[str] = set()
        self.by_source: dict[str, tuple[str, object, str]] = {}  # a tab's page source -> its tab
        self.activated = None

    def on_nav(self, nav, config, files):
        tabs = []
        self.by_source = {}
        for item in nav.items:
            url = _tab_url(item)
            file = getattr(getattr(item, "file", None), "src_uri", None)
            if file is not None:
                self.by_source[file] = (url, item, item.title)
            if _folder(url):  # the home page heads every address: it never claims a page
                tabs.append((url, item, item.title))
        self.tabs = sorted(tabs, key=lambda tab: len(_folder(tab[0])), reverse=True)
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def tab_of(self, url: str):
        return next(((tab_url, item, title) for tab_url, item, title in self.tabs
                     if url.startswith(_folder(tab_url)) and url != tab_url), None)

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self.in_nav or page.meta.get(BREADCRUMBS) is not None:
            return context
        tab = self.by_source.get(page.meta.get(TAB)) if page.meta.get(TAB) else self.tab_of(page.url)
        if tab is None:
            return context
        tab_url, item, title = tab
        if item.active:  # Material's blog places its posts under the Column tab, with a back link
            return context
        item.active = True
        self.activated = item
        steps = [(title, tab_url)] + [tuple(step) for step in page.meta.get(PARENTS, ())]
        page.meta[BREADCRUMBS] = [{"title": name, "href": relative_url(page.url, url)}
                                  for name, url in steps if url != page.url]
        return context

    def on_post_page(self, output, page, config):
        if self.activated is not None:  # rendered: as MkDocs does with the page itself
            self.activated.active = False
            self.activated = None
        return output
