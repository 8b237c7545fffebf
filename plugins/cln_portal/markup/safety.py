"""Rendered content that could run script or send readers to an unsafe scheme.

Markdown passes raw HTML and any link target through. Contributors' pages must not carry script,
event handlers, embedded frames, or links other than http(s), mailto and relative ones; the build
reports each as an error naming the file instead of publishing it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..content.text import is_safe_url

#: Elements that run script, embed other documents, or change where links and forms go.
FORBIDDEN_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet",
                                "base", "meta", "form", "link", "style"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite",
                            "background", "xlink:href", "srcset", "ping"})

# A cheap first look, so that only pages with something suspicious are parsed in full: a
# forbidden element, an on* attribute with a value, or a URL attribute whose value is not plainly
# an http(s) or mailto address or a simple path. Each pattern starts with a literal the regex
# engine can skip to, over a lower-cased copy: one pattern alternating over all of them from every
# position cost 1.3 ms on an 800-word page; these cost 0.2 ms. A property test holds it to the
# parser: whatever the parser refuses, this flags.
_FORBIDDEN = re.compile(r"<(?:" + "|".join(sorted(FORBIDDEN_ELEMENTS)) + r")[\s/>]")
#: Any "on...=" at all, even inside a word ("condition=" in code): led by the literal "on", so the
#: engine skips to it; a false alarm only costs that page a full parse.
_HANDLER = re.compile(r"on[^\s/>=]*\s*=")
#: A URL value is plain when it is an http(s) or mailto address or a path: no other scheme, no
#: entity, backslash, comma (srcset), space or leading "//". The pattern matches a URL attribute
#: whose value is not plain, quoted or not, so one search looks at every link of a page.
_PLAIN = r"(?:(?:https?|mailto):|(?!//))[a-z0-9._~%/?#+;=@!$*()\[\]\-{quote}]*"
_UNPLAIN_URL = re.compile(
    r"(?:" + "|".join(sorted(URL_ATTRIBUTES)) + r")\s*=+\s*(?!"
    + r'"' + _PLAIN.format(quote="'") + r'"'
    + r"|'" + _PLAIN.format(quote="") + r"'"
    + r"|(?![\"'])" + _PLAIN.format(quote="'") + r"(?:[\s>]|$)"
    + r")"
)


def _suspect(html: str) -> bool:
    lowered = html.lower()
    return bool(_FORBIDDEN.search(lowered) or _HANDLER.search(lowered) or _UNPLAIN_URL.search(lowered))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}> is not allowed in content; the portal publishes no scripts, "
                              "frames, forms or styles from contributors")
        for name, value in attrs:
            if name.startswith("on") and value is not None:  # a bare "onclick" runs nothing
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
    if not html or not _suspect(html):
        return []
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(scanner.found))
