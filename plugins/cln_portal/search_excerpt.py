"""Index long pages by their opening lines, so that search stays fast as the library grows.

Material's search index holds the text of every section of every page, and the browser builds
its index from all of it before the first result shows. A thousand 800-word case studies make a
7 MB index (2.3 MB gzipped) and several seconds of waiting. A page marked by this module is
indexed by everything before its first heading (title, summary, the facts card) and by each
section's heading and first block (paragraph, list or table); the rest of each section carries
Material's ``data-search-exclude`` attribute. The page itself shows everything.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: Blocks that start a new piece of a section; headings start a new section.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EXCLUDE = ' data-search-exclude="true"'  # Material strips it from the page after indexing


class _Blocks(HTMLParser):
    """Finds the top-level start tags of an HTML fragment and where they end (offsets)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]  # HTMLParser counts lines by "\n" only
        at = html.find("\n")
        while at != -1:
            self.line_starts.append(at + 1)
            at = html.find("\n", at + 1)
        self.depth = 0
        self.tops: list[tuple[str, int]] = []  # (tag, offset just after the tag name)

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            line, col = self.getpos()
            start = self.line_starts[line - 1] + col
            self.tops.append((tag, start + 1 + len(tag)))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <hr/>: no content to index

    def handle_endtag(self, tag):
        if tag not in _VOID and self.depth > 0:
            self.depth -= 1


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def first_blocks_only(html: str) -> str:
    """``html`` with every top-level block after the first of each section excluded from search."""
    parser = _Blocks(html)
    parser.feed(html)
    parser.close()
    cuts: list[int] = []
    seen_heading, blocks_in_section = False, 0
    for tag, at in parser.tops:
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
