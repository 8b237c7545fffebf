"""A shared link shows the page's own title and summary: <meta name="description"> and Open Graph
from each page's summary, and no image from anywhere."""

from __future__ import annotations

import lxml.html
import pytest

from cln_portal.mkdocs_plugin.sections.sharing import LIMIT, first_paragraph


def meta(doc, **attr) -> list[str]:
    (key, value), = attr.items()
    return doc.xpath(f'//meta[@{key}="{value}"]/@content')


def open_page(site, path):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def test_every_page_has_its_own_description_and_open_graph(shipped_site):
    seen = {}
    for file in sorted(shipped_site.rglob("index.html")):
        path = file.parent.relative_to(shipped_site).as_posix()
        if path == "admin":
            continue  # the web editor (Decap CMS): not a page anyone shares
        doc = lxml.html.fromstring(file.read_bytes())
        (description,) = meta(doc, name="description")
        assert meta(doc, property="og:description") == [description], path
        assert meta(doc, property="og:title") and meta(doc, property="og:url") == doc.xpath(
            '//link[@rel="canonical"]/@href'), path
        assert not doc.xpath('//meta[starts-with(@property, "og:image")]'), path
        seen.setdefault(description, []).append(path)
    shared = {d: paths for d, paths in seen.items() if len(paths) > 1 and not all("columns/" in p for p in paths)}
    assert not shared, f"pages sharing one description: {shared}"


@pytest.mark.parametrize("folder, summary", [
    ("case-studies", '//p[@class="cln-card__summary"]'),
    ("podcast", '//p[@class="cln-standfirst"]'),
    ("interviews", '//p[@class="cln-standfirst"]'),
])
def test_the_description_is_the_pages_own_summary(shipped_site, folder, summary):
    pages = [p.parent for p in (shipped_site / folder).glob("*/index.html")
             if p.parent.name not in ("region", "pathway", "competency", "coverage")]
    assert pages
    for path in pages:
        doc = open_page(shipped_site, path.relative_to(shipped_site))
        text = " ".join(doc.xpath(summary)[0].text_content().split())
        (description,) = meta(doc, name="description")
        assert description == text or (description.endswith("…") and text.startswith(description[:-1])), path
        assert meta(doc, property="og:title")[0] == doc.xpath("//h1")[0].text_content().strip()


def test_first_paragraph_is_plain_and_short():
    assert first_paragraph("<p> </p><p>A <b>bold</b> &amp; plain\nline.</p><p>Next</p>") == "A bold & plain line."
    long = first_paragraph("<p>" + "word " * 100 + "</p>")
    assert long.endswith("…") and len(long) <= LIMIT + 1 and not long[:-1].endswith(" ")
