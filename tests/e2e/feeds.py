"""Reading the portal's feeds as feed readers and podcast apps do, and mapping them back to site/."""

from __future__ import annotations

from pathlib import Path

import feedparser
import yaml


def feeds_in(site: Path) -> list[Path]:
    """Every feed the build wrote (every XML file but the sitemap)."""
    return sorted(p for p in site.rglob("*.xml") if p.name != "sitemap.xml")


def read_feed(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path.name}: feedparser cannot read it: {parsed.bozo_exception}"
    return parsed


def self_url(parsed) -> str:
    links = [link.href for link in parsed.feed.get("links", []) if link.get("rel") == "self"]
    assert len(links) == 1, f"the feed names {len(links)} atom:link rel=self addresses"
    return links[0]


def site_base(site: Path, feed: Path, parsed) -> str:
    """The address site/ is published at, from the feed's own address (its rel=self link)."""
    url = self_url(parsed)
    relative = feed.relative_to(site).as_posix()
    assert url.endswith("/" + relative), f"{relative}: its self link {url} is not where it is in site/"
    return url[: -len(relative)]


def site_file(site: Path, base: str, url: str) -> Path | None:
    """The file in site/ an absolute URL on the portal serves, or None when it is elsewhere."""
    if not url.startswith(base):
        return None
    relative = url[len(base):].split("#")[0].split("?")[0]
    path = site / relative
    return path / "index.html" if relative in ("",) or relative.endswith("/") else path


def front_matter(path: Path) -> dict:
    """A content file's YAML front matter, read independently of the portal's own loader."""
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("---"), f"{path}: no front matter"
    return yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}
