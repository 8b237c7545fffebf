"""Index long pages by their opening lines, so that search stays fast as the library grows.

Material's search index holds the text of every section of every page, and the browser builds
its index from all of it before the first result shows. A thousand 800-word case studies make a
7 MB index (2.3 MB gzipped) and several seconds of waiting. A page marked by this module is
indexed by everything before its first heading (title, summary, the facts card) and by each
section's heading and first block (list or table), or first sentence when that block is a
paragraph; the rest of each section carries Material's ``data-search-exclude`` attribute (the rest
of a paragraph, a span with it). The page itself shows everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Blocks that start a new piece of a section; headings start a new section.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EXCLUDE = ' data-search-exclude="true"'  # Material strips it from the page after indexing

#: A comment, or a start or end tag (quoted attribute values may hold ">"). The page is Markdown's
#: own output, well formed, so a scan of tags replaces an HTML parser at a tenth of its cost.
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


#: A sentence ends at . ! or ? before a space; the indexed opening is at least this much text.
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
MIN_OPENING = 60
_REST = '<span data-search-exclude="true">'


@dataclass
class _Block:
    name: str
    at: int  # just after the start tag's name: where an attribute goes
    inner: int  # just after the start tag
    end: int | None = None  # where the matching end tag starts (None: void or never closed)


def _top_level_blocks(html: str) -> list[_Block]:
    """The top-level elements of an HTML fragment, with where their content starts and ends."""
    tops: list[_Block] = []
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, rest = match.groups()
        if name is None:
            continue  # a comment
        name = name.lower()
        if closing:
            if name not in _VOID and depth > 0:
                depth -= 1
                if depth == 0 and tops:
                    tops[-1].end = match.start()
        elif not rest.rstrip().endswith("/"):  # <br/>, <hr/>: no content to index
            if depth == 0:
                tops.append(_Block(name, match.start() + 1 + len(name), match.end()))
            if name not in _VOID:
                depth += 1
    return tops


def _opening_sentence_end(html: str, start: int, end: int) -> int | None:
    """Where the paragraph ``html[start:end]`` has had its first sentence (of at least
    :data:`MIN_OPENING` characters of text), outside any inline element; None if that is all of it."""
    text, depth, position = 0, 0, start
    for match in [*_TAG.finditer(html, start, end), None]:
        segment_end = match.start() if match else end
        if depth == 0:
            for found in _SENTENCE_END.finditer(html, position, segment_end):
                if text + found.start() - position >= MIN_OPENING:
                    cut = found.end()
                    return cut if html[cut:end].strip() else None
        text += segment_end - position
        if match is None:
            break
        closing, name, rest = match.groups()
        if name is not None and name.lower() not in _VOID and not rest.rstrip().endswith("/"):
            depth += -1 if closing else 1
        position = match.end()
    return None


def first_blocks_only(html: str) -> str:
    """``html`` with every top-level block after the first of each section excluded from search,
    and a first paragraph indexed up to the end of its first sentence."""
    marks: list[tuple[int, str]] = []  # (offset, text to insert there)
    seen_heading, blocks_in_section = False, 0
    for block in _top_level_blocks(html):
        if block.name in HEADINGS:
            seen_heading, blocks_in_section = True, 0
            continue
        if not seen_heading:
            continue  # the preface: summary and facts, all indexed
        blocks_in_section += 1
        if blocks_in_section > 1:
            if not html.startswith(EXCLUDE, block.at):
                marks.append((block.at, EXCLUDE))
        elif block.name == "p" and block.end is not None and "data-search-exclude" not in html[block.inner:block.end]:
            cut = _opening_sentence_end(html, block.inner, block.end)
            if cut is not None:
                marks += [(cut, _REST), (block.end, "</span>")]
    if not marks:
        return html
    out, last = [], 0
    for at, text in sorted(marks, key=lambda mark: mark[0]):
        out += [html[last:at], text]
        last = at
    out.append(html[last:])
    return "".join(out)
