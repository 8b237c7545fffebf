"""The home page's "latest" lists: the newest column, case studies and episodes.

They are computed from the catalogue at build time, so they follow the content without anyone
editing the home page. A page asks for them with the marker ``<!-- cln:latest -->``; a kind with
nothing published yet shows nothing at all (no empty heading, no dead link).
"""

from __future__ import annotations

import datetime
import html

from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

from ...content.catalogue import Catalogue, Entry
from ...content.dates import nhs_date
from ...markup.relocatable import relocatable
from ..section import Section

MARKER = "<!-- cln:latest -->"

#: The catalogue kinds the home page shows, in order: (kind, heading, how many, and the index
#: page that lists them all with its link text; the link appears only if that page is built).
LATEST = (
    ("column", "Latest column", 1, "columns/index.md", "All columns"),
    ("case study", "Latest case studies", 3, "case-studies/index.md", "All case studies"),
    ("episode", "Latest episodes", 3, "podcast/index.md", "All episodes"),
)


def latest(catalogue: Catalogue, kind: str, count: int) -> list[Entry]:
    """The newest ``count`` entries of ``kind``; undated entries last, ties by title."""
    entries = sorted((e for e in catalogue.entries.values() if e.kind == kind),
                     key=lambda e: (e.title, e.slug))
    entries.sort(key=lambda e: e.date or datetime.date.min, reverse=True)
    return entries[:count]


def render(catalogue: Catalogue, page_url: str, index_urls: dict[str, str] | None = None) -> str:
    """The latest lists as HTML, with links relative to the page they appear on.

    ``index_urls`` maps a kind to the site URL of the page listing all of it, when there is one.
    """
    e = html.escape
    index_urls = index_urls or {}
    blocks = []
    for kind, heading, count, _, more in LATEST:
        entries = latest(catalogue, kind, count)
        if not entries:
            continue
        anchor = "latest-" + kind.replace(" ", "-")
        items = []
        for entry in entries:
            date = (f' <span class="cln-latest__date">{e(nhs_date(entry.date))}</span>'
                    if entry.date else "")
            summary = f"<p>{e(entry.summary)}</p>" if entry.summary else ""
            href = get_relative_url(entry.url, page_url)
            items.append(f'<li><a href="{e(href)}">{e(entry.title)}</a>{date}{summary}</li>')
        index = index_urls.get(kind)
        link = (f'\n<p class="cln-latest__more"><a href="{e(get_relative_url(index, page_url))}">'
                f'{e(more)}</a></p>' if index else "")
        blocks.append(
            f'<section class="cln-latest" aria-labelledby="{anchor}">\n'
            f'<h2 id="{anchor}">{e(heading)}</h2>\n'
            f'<ul class="cln-latest__list">{"".join(items)}</ul>{link}\n</section>'
        )
    return "\n\n".join(blocks)


def index_urls(files) -> dict[str, str]:
    indexes = {kind: files.get_file_from_path(src) for kind, _, _, src, _ in LATEST}
    return {kind: file.url for kind, file in indexes.items() if file is not None}


class HomeSection(Section):
    """Fills the latest lists into any page that carries the marker (the home page), and into
    the 404 page, whose addresses it makes work at any depth, at a host's root and from disk."""

    files = None

    def on_files(self, files, config):
        self.files = files
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if MARKER not in markdown:
            return markdown
        return markdown.replace(MARKER, render(self.plugin.catalogue, page.url, index_urls(files)))

    def on_post_template(self, output, template_name, config):
        if template_name != "404.html":
            return output
        # Links relative to the site's root folder: relocatable() makes that the page's base.
        latest = render(self.plugin.catalogue, "", index_urls(self.files) if self.files else {})
        output = output.replace(MARKER, latest, 1)
        return relocatable(output, urlsplit(config.site_url or "/").path)
