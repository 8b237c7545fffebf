"""The feeds as feed readers and podcast apps read them: every feed parses, every link and
enclosure leads to a real file in site/, and each feed carries exactly what the content says."""

from __future__ import annotations

import datetime

import lxml.html
import pytest

from .checks import REPO
from .feeds import feeds_in, front_matter, read_feed, site_base, site_file

pytestmark = pytest.mark.e2e


def test_every_feed_parses_and_every_link_and_enclosure_is_in_the_site(shipped_site):
    feeds = feeds_in(shipped_site)
    assert feeds, "the build wrote no feed"
    problems = []
    for feed in feeds:
        name = feed.relative_to(shipped_site).as_posix()
        parsed = read_feed(feed)
        base = site_base(shipped_site, feed, parsed)
        if not parsed.entries:
            problems.append(f"{name}: no entries")
        for entry in parsed.entries:
            page = site_file(shipped_site, base, entry.link)
            if page is None or not page.is_file():
                problems.append(f"{name}: {entry.title!r} links {entry.link}, which is not in site/")
            for enclosure in entry.get("enclosures", []):
                audio = site_file(shipped_site, base, enclosure.href)
                if audio is None or not audio.is_file():
                    problems.append(f"{name}: {entry.title!r} encloses {enclosure.href}, not in site/")
                elif int(enclosure.length) != audio.stat().st_size:
                    problems.append(f"{name}: {entry.title!r} says {enclosure.length} bytes for "
                                    f"{enclosure.href}, the file has {audio.stat().st_size}")
    assert not problems, "\n".join(problems)


def published_columns() -> list[dict]:
    columns = []
    for post in sorted((REPO / "content" / "columns" / "posts").glob("*.md")):
        meta = front_matter(post)
        if meta.get("draft") is True:
            continue
        day = meta["date"] if isinstance(meta["date"], datetime.date) else datetime.date.fromisoformat(str(meta["date"]))
        columns.append({"title": meta["title"], "date": day, "file": post.name})
    assert columns, "no published column in content/columns/posts/"
    return sorted(sorted(columns, key=lambda c: c["title"]), key=lambda c: c["date"], reverse=True)


def test_the_column_feed_carries_every_published_column_newest_first(shipped_site):
    feed = shipped_site / "columns" / "feed.xml"
    parsed = read_feed(feed)
    base = site_base(shipped_site, feed, parsed)
    expected = published_columns()
    assert [e.title for e in parsed.entries] == [c["title"] for c in expected]
    assert [datetime.date(*e.published_parsed[:3]) for e in parsed.entries] == [c["date"] for c in expected]
    for entry in parsed.entries:
        page = lxml.html.fromstring(site_file(shipped_site, base, entry.link).read_bytes())
        headline = " ".join(page.xpath("string(//article//h1)").replace("¶", "").split())
        assert headline == entry.title, f"{entry.link} is headed {headline!r}, the feed says {entry.title!r}"
        assert entry.get("content"), f"{entry.title!r}: the feed item has no full text"
