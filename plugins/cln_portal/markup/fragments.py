"""Small pieces of HTML that several generated pages share: links, dates, lists of related items.

Everything that comes from content or audio tags is escaped here, once, so page code only
composes already-safe fragments.
"""

from __future__ import annotations

import datetime
from html import escape
from posixpath import relpath

from ..content.catalogue import Entry
from ..content.dates import nhs_date


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at site URL ``from_url`` to ``to_url`` (both relative to the site root).

    ``relative_url("interviews/a/", "podcast/b/") == "../../podcast/b/"``: works from any folder the
    site is served from, and from the file system.
    """
    # A page's folder: "a/" of "a/" and of "a/b.html"; the root ("") of "about.html" (offline build).
    base = from_url if from_url.endswith("/") or not from_url else from_url.rpartition("/")[0] + "/"
    base = "" if base == "/" else base
    target, _, fragment = to_url.partition("#")
    rel = _relative_path(target, base) if target else "."
    if target.endswith("/") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def _relative_path(target: str, base: str) -> str:
    """``posixpath.relpath("/" + target, "/" + base)`` for the clean paths MkDocs gives pages, at
    a fifth of its cost (index pages link thousands of case studies)."""
    to = [part for part in target.split("/") if part]
    start = [part for part in base.split("/") if part]
    if "." in to or ".." in to or "." in start or ".." in start:
        return relpath("/" + target, "/" + base)
    common = 0
    for a, b in zip(to, start):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def link(from_url: str, entry: Entry) -> str:
    return f'<a href="{escape(relative_url(from_url, entry.url))}">{escape(entry.title)}</a>'


def date_html(value: datetime.date) -> str:
    """A publication date the NHS way, machine-readable too."""
    return f'<time datetime="{value.isoformat()}">{nhs_date(value)}</time>'


KIND_LABELS = {"case study": "Case study", "episode": "Podcast episode", "column": "Column",
               "interview": "Interview"}


def entry_list(from_url: str, entries: list[Entry]) -> str:
    """A list of links to catalogue items, each with its kind and date."""
    items = []
    for entry in entries:
        kind = KIND_LABELS.get(entry.kind, entry.kind.capitalize())
        when = f", {date_html(entry.date)}" if entry.date else ""
        summary = f'<br><span class="cln-summary">{escape(entry.summary)}</span>' if entry.summary else ""
        items.append(f'<li>{link(from_url, entry)} <span class="cln-kind">({kind}{when})</span>{summary}</li>')
    # Left out of the search index: each summary is found on its own item's page, not on every
    # page that links to it.
    return '<ul class="cln-related" data-pagefind-ignore>\n' + "\n".join(items) + "\n</ul>"


#: Where :func:`related_parts` puts the list: Markdown keeps the comment as it is, and the list's
#: HTML replaces it after conversion (Markdown parsing the list as raw HTML cost 0.4 ms a page).
RELATED = "<!-- cln: the related content list -->"


def related_parts(from_url: str, related: list[Entry], linking: list[Entry]) -> tuple[str, str]:
    """The "Related content" section of a page, what it names and what names it, each once: its
    Markdown, with :data:`RELATED` where the list goes, and the list's HTML ("" and "" if none)."""
    seen, entries = set(), []
    for entry in [*related, *linking]:
        if entry.slug not in seen:
            seen.add(entry.slug)
            entries.append(entry)
    if not entries:
        return "", ""
    return f"## Related content {{: data-pagefind-ignore=\"all\" }}\n\n{RELATED}\n", entry_list(from_url, entries)


def related_section(from_url: str, related: list[Entry], linking: list[Entry]) -> str:
    """The "Related content" section of a page as Markdown (its list as raw HTML)."""
    markdown, html = related_parts(from_url, related, linking)
    return markdown.replace(RELATED, html, 1)
