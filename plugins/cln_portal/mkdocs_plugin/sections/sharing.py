"""What a shared link shows (email, Teams): each page's own summary as its description.

Material prints ``page.meta.description`` as ``<meta name="description">``, and overrides/main.html
prints it again as Open Graph's ``og:description`` beside ``og:title`` and ``og:url`` (no image: a
preview must fetch nothing from another host, and the portal has no page images of its own). A
page without a description in its front matter gets its catalogue summary (case studies, episodes,
interviews, columns), else its first paragraph. ContentPages, the last section, escapes it.
"""

from __future__ import annotations

import html
import re

from ..section import Section

LIMIT = 200  # characters: what link previews show
_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def first_paragraph(content: str) -> str:
    """The plain text of the first non-empty paragraph, cut at a word near :data:`LIMIT`."""
    for match in _PARAGRAPH.finditer(content):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if text:
            return shorten(text)
    return ""


def shorten(text: str) -> str:
    if len(text) <= LIMIT:
        return text
    return text[:LIMIT].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


class SharingSection(Section):
    def on_page_content(self, html_text, page, config, files):
        if page.meta.get("description"):
            return html_text
        entry = self.plugin.catalogue.at_url(page.url)
        summary = shorten(" ".join(entry.summary.split())) if entry is not None and entry.summary else ""
        summary = summary or first_paragraph(html_text)
        if summary:
            page.meta["description"] = summary
        return html_text
