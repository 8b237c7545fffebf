"""The site's navigation and tabs, rendered once for all the generated pages that show them alike.

Material renders the whole nav (``partials/nav.html``: the sidebar, and the drawer on a phone)
and the tabs (``partials/tabs.html``) into every page: at a thousand case studies that is a
fifth of the build. For a page the plugin generates out of the nav (a case study, an episode,
an interview, a region's list), that HTML depends only on which nav items are active (the tab
the page is under, see wayfinding.py) and on where the page is, as every link in it is relative
to the page: a case study at ``case-studies/x/`` gets exactly what one at ``case-studies/y/``
gets. So such a page's partial is rendered once per (folder, active items) and reused;
``overrides/base.html`` and ``overrides/partials/header.html`` include them through
``cln_partial``. Every other page (one in the nav, the blog's, the home page) renders them
itself, as Material does: the current page is marked in the nav, and its table of contents
shown there.
"""

from __future__ import annotations

import posixpath

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.structure.pages import Page

from mkdocs.plugins import get_plugin_logger

from ..section import Section

log = get_plugin_logger(__name__)

#: The partials that may be shared: what they render depends on the nav, not on the page.
SHARED = ("partials/nav.html", "partials/tabs.html")


def _items(items):
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or ())


class NavigationSection(Section):
    def __init__(self, plugin):
        super().__init__(plugin)
        self.cache: dict[tuple, str] = {}
        self.items: list = []
        self.in_nav: set[int] = set()
        self.targets: list[str] = []
        self.rendered = self.reused = 0

    def on_nav(self, nav, config, files):
        self.cache, self.rendered, self.reused = {}, 0, 0
        self.items = list(_items(nav.items))
        self.in_nav = {id(page) for page in nav.pages}
        # What the partials link to, as site URLs: a page whose folder holds one of them links
        # to it differently from its neighbours ("./x/" rather than "../y/x/").
        self.targets = [item.url for item in self.items if isinstance(getattr(item, "url", None), str)]
        self.targets += [str(url) for url in (config.extra.get("homepage"), config.theme.get("logo")) if url]
        return nav

    def on_env(self, env, config, files):
        @pass_context
        def cln_partial(context, name: str) -> Markup:
            return self.partial(context, name)

        env.globals["cln_partial"] = cln_partial
        return env

    def key(self, page) -> tuple | None:
        """What the shared partials of ``page`` depend on, or None if it renders its own."""
        if type(page) is not Page or page.file.generated_by is None or id(page) in self.in_nav:
            return None
        url = page.url
        folder = url if url.endswith("/") or not url else url.rpartition("/")[0] + "/"
        if folder and not any(target.startswith(folder) for target in self.targets):
            # Every link from folder/ to a target outside it is the link from its parent's other
            # children: "../region/london/" from case-studies/x/ as from case-studies/y/.
            folder = posixpath.dirname(folder.rstrip("/")) + "/*/"
        return folder, url.endswith("/"), tuple(bool(item.active) for item in self.items)

    def partial(self, context, name: str) -> Markup:
        """``name`` rendered for the page being rendered: from the cache when it can be shared."""
        key = self.key(context.get("page")) if name in SHARED else None
        if key is not None:
            html = self.cache.get((name, key))
            if html is not None:
                self.reused += 1
                return Markup(html)
        html = context.environment.get_template(name).render(context.get_all())
        if key is not None:
            self.cache[(name, key)] = html
            self.rendered += 1
        return Markup(html)

    def on_post_build(self, config):
        log.debug(f"Navigation: {self.rendered} shared partials rendered, reused {self.reused} times")
