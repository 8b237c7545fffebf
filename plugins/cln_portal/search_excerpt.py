"""Index long pages by their opening lines, so that search stays fast as the library grows.

Material's search index holds the text of every section of every page, and the browser builds
its index from all of it before the first result shows. A thousand 800-word case studies make a
7 MB index (2.3 MB gzipped) and several seconds of waiting. A page marked by this module is
indexed by everything before its first heading (title, summary, the facts card) and by each
section's heading and first block (paragraph, list or table); the rest of each section carries
Material's ``data-search-exclude`` attribute. The page itself shows everything.
"""

from __future__ import annotations

import re

#: Blocks that start a new piece of a section; headings start a new section.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EXCLUDE = ' data-search-exclude="true"'  # Material strips it from the page after indexing

#: A comment, or a start or end tag (quoted attribute values may hold ">"). The page is Markdown's
#: own output, well formed, so a scan of tags replaces an HTML parser at a tenth of its cost.
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def _top_level_tags(html: str) -> list[tuple[str, int]]:
    """Each top-level start tag's name and the offset just after its name."""
    tops: list[tuple[str, int]] = []
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, rest = match.groups()
        if name is None:
            continue  # a comment
        name = name.lower()
        if closing:
            if name not in _VOID and depth > 0:
                depth -= 1
        elif not rest.rstrip().endswith("/"):  # <br/>, <hr/>: no content to index
            if depth == 0:
                tops.append((name, match.start() + 1 + len(name)))
            if name not in _VOID:
                depth += 1
    return tops


def first_blocks_only(html: str) -> str:
    """``html`` with every top-level block after the first of each section excluded from search."""
    cuts: list[int] = []
    seen_heading, blocks_in_section = False, 0
    for tag, at in _top_level_tags(html):
        if tag in HEADINGS:
            seen_heading, blocks_in_section = True, 0
            continue
        if not seen_heading:
            continue  # the preface: summary and facts, all indexed
        blocks_in_section += 1
        if blocks_in_section > 1 and not html.startswith(EXCLUDE, at):
            cuts.append(at)
    if not cuts:
        return html
    out, last = [], 0
    for at in cuts:
        out += [html[last:at], EXCLUDE]
        last = at
    out.append(html[last:])
    return "".join(out)
