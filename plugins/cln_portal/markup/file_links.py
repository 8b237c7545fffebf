"""Links that open their page from disk: ``case-studies/`` becomes ``case-studies/index.html``.

A build for reading offline (Material's offline plugin: no directory addresses) still carries
links written as directories, by the portal's own sections and by templates: on file:// a
browser shows a folder listing for them. :func:`file_links` points each at the file the build
wrote for it, ``<dir>/index.html`` or ``<dir>.html``, and leaves every other link as it is.
"""

from __future__ import annotations

import posixpath
import re

_HREF = re.compile(r'(\shref=")([^"#?:]*/|\.\.?|[^"#?:]*/\.\.?)([?#][^"]*)?(")')


def file_links(html: str, page_path: str, written: set[str]) -> str:
    """``html`` of the page written at ``page_path`` (``about.html``), its directory links made
    links to the files in ``written`` (the site's file paths) that serve them."""
    folder = posixpath.dirname(page_path)

    def fix(match: re.Match) -> str:
        href = match.group(2)
        if href.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, href))
        target = "" if target == "." else target
        stem = href.rstrip("/") if href.rstrip("/") else "."
        if posixpath.join(target, "index.html") in written:
            new = f"{stem}/index.html" if stem not in (".",) else "index.html"
        elif target and target + ".html" in written:
            new = stem + ".html"
        else:
            return match.group(0)
        return f"{match.group(1)}{new}{match.group(3) or ''}{match.group(4)}"

    return _HREF.sub(fix, html)
