"""Rendered content that could run script or send readers to an unsafe scheme.

Markdown passes raw HTML and any link target through. Contributors' pages must not carry script,
event handlers, embedded frames, or links other than http(s), mailto and relative ones; the build
reports each as an error naming the file instead of publishing it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .text import is_safe_url

#: Elements that run script, embed other documents, or change where links and forms go.
FORBIDDEN_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet",
                                "base", "meta", "form", "link", "style"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite",
                            "background", "xlink:href", "srcset", "ping"})

# A cheap first look, so that only pages with something suspicious are parsed in full: a
# forbidden element, an on* attribute, or a URL attribute that is not plainly http(s), mailto or
# a path (anything with a colon, an entity or a leading //).
_SUSPECT = re.compile(
    r"<(?:" + "|".join(sorted(FORBIDDEN_ELEMENTS)) + r")[\s/>]"
    r"|[\s\"'/]on[a-z]+\s*="
    r"|(?:" + "|".join(sorted(URL_ATTRIBUTES)) + r")\s*=\s*[\"']?"
    r"(?:(?!\s*(?:https?|mailto):)[^\"'>]*[:&]|\s*(?://|\\))",
    re.IGNORECASE,
)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}> is not allowed in content; the portal publishes no scripts, "
                              "frames, forms or styles from contributors")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"the {name} attribute on <{tag}> is not allowed (it runs script)")
            elif name in URL_ATTRIBUTES and value is not None:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
                for url in urls:
                    if not is_safe_url(url):
                        self.found.append(f"link {url.strip()!r} is not allowed: use an https://, "
                                          "http://, mailto: or relative link")

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """One message per unsafe element, attribute or link in ``html`` (empty when it is safe)."""
    if not html or not _SUSPECT.search(html):
        return []
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(scanner.found))
