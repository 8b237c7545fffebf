"""No built page may load anything from another host (public-sector privacy rule)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")
# <link rel> values that make the browser fetch or connect.
FETCHING_RELS = {"stylesheet", "preconnect", "prefetch", "preload", "dns-prefetch", "icon",
                 "apple-touch-icon", "manifest", "modulepreload", "prerender", "shortcut"}


def is_external(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//", "ftp:")) or (":" in url.split("/")[0]
                                                             and not url.startswith(("data:", "blob:", "#", "mailto:")))


class Loads(HTMLParser):
    """Collects every URL a page makes the browser fetch (not ordinary <a href> links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "poster", "data"):
            if attrs.get(name):
                self.urls.append((f"<{tag} {name}>", attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for part in (attrs.get(name) or "").split(","):
                if part.strip():
                    self.urls.append((f"<{tag} {name}>", part.split()[0]))
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & FETCHING_RELS and attrs.get("href"):
                self.urls.append((f"<link rel={attrs.get('rel')}>", attrs["href"]))
        if attrs.get("style"):
            self.urls += [("style attribute", u) for u in CSS_URL.findall(attrs["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("<style>", u) for u in CSS_URL.findall(data) + CSS_IMPORT.findall(data)]


def external_loads(site: Path) -> list[str]:
    found = []
    for page in site.rglob("*.html"):
        parser = Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {where} {url}" for where, url in parser.urls if is_external(url)]
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        found += [f"{sheet.relative_to(site)}: url() {u}" for u in CSS_URL.findall(text) + CSS_IMPORT.findall(text)
                  if is_external(u)]
    return found


def test_the_scanner_catches_third_party_loads(tmp_path):
    (tmp_path / "a.html").write_text(
        '<link rel="preconnect" href="https://fonts.gstatic.com"><img srcset="x.png 1x, https://cdn.example/y.png 2x">'
        '<style>@import "https://fonts.googleapis.com/css"; body{background:url(//evil.example/b.png)}</style>'
        '<script src="https://cdn.example/a.js"></script><a href="https://www.hsj.co.uk/">HSJ</a>',
        encoding="utf-8")
    (tmp_path / "b.css").write_text("@font-face{src:url('https://fonts.gstatic.com/x.woff2')}", encoding="utf-8")
    found = external_loads(tmp_path)
    assert len(found) == 6, found
    assert not any("hsj.co.uk" in f for f in found)


def test_no_built_page_loads_anything_from_another_host(shipped_site):
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) >= 4
    assert external_loads(shipped_site) == []
