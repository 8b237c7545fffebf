"""The built 404 page: the sections and the latest content, and no address that only works under
the site's path (the browser half is tests/e2e/test_e2e_not_found.py)."""

from __future__ import annotations

import re

import lxml.html

from cln_portal.markup.relocatable import relocatable


def test_the_404_page_lists_the_sections_and_the_latest_content(shipped_site):
    html = (shipped_site / "404.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    sections = doc.xpath('//ul[@class="cln-404-sections"]/li/a')
    assert [a.text_content() for a in sections][:5] == ["Home", "Case studies", "Column", "Podcast", "Interviews"]
    for a in sections + doc.xpath('//section[@class="cln-latest"]//a'):
        href = a.get("href")
        assert not href.startswith("/"), href
        assert (shipped_site / href / "index.html").is_file() or href == ".", href
    assert len(doc.xpath('//section[@class="cln-latest"]')) == 3
    assert re.findall(r'(?:href|src)="/[^"]*"', html) == ['href="/portal/"']  # the base alone
    assert html.index('<base href="/portal/">') < html.index("<link")


def test_relocatable_makes_every_address_relative_to_a_base_first_in_the_head():
    page = ('<head><meta charset="utf-8"><link rel="stylesheet" href="/portal/assets/a.css">'
            '<script>__md_scope=new URL("/portal/",location)</script></head><body>'
            '<a href="/portal/.">Home</a><a href="/portal/x/">X</a><a href="/elsewhere/">E</a>'
            '<script id="__config" type="application/json">{"base": "/portal/", "search": "/portal/w.js"}</script>'
            '<script src="/portal/b.js"></script></body>')
    out = relocatable(page, "/portal/")
    assert out.startswith('<head><meta charset="utf-8"><base href="/portal/"><script>')
    assert 'href="assets/a.css"' in out and 'src="b.js"' in out and 'href="x/"' in out and 'href="."' in out
    assert 'href="/elsewhere/"' in out  # only the site's own path is made relative
    assert '"base": "."' in out and '"search": "w.js"' in out and "new URL(document.baseURI)" in out
    assert out.count("document.baseURI") == 3  # the scope, and the config's base and search
