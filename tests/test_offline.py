"""The build for reading from disk (make build-offline, the pull-request preview): every link and
every file a page loads names a file that exists, so nothing opens a folder listing on file://;
the published build keeps its directory addresses. Chromium's walk is tests/e2e/test_e2e_offline.py."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from cln_portal.markup.file_links import file_links
from conftest import REPO, build_env, run_build


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    result = run_build(REPO, site, env=build_env(CLN_OFFLINE="true"))
    assert result.returncode == 0, result.stderr
    return site


def local_targets(site: Path):
    for page in sorted(site.rglob("*.html")):
        doc = lxml.html.fromstring(page.read_bytes())
        for address in doc.xpath("//a/@href | //link/@href | //@src"):
            if re.match(r"^[a-z][a-z0-9+.-]*:", address) or address.startswith("#"):
                continue
            path = address.split("#")[0].split("?")[0]
            if path:
                yield page, address, (page.parent / path).resolve()


def test_every_link_of_the_offline_build_names_a_file(offline_site):
    checked, broken = 0, []
    for page, address, target in local_targets(offline_site):
        checked += 1
        if not target.is_file():
            broken.append(f"{page.relative_to(offline_site)}: {address}")
    assert checked > 1000, f"only {checked} links: is the whole site there?"
    assert not broken, f"{len(broken)} links open no file:\n" + "\n".join(sorted(set(broken))[:40])
    assert (offline_site / "case-studies" / "index.html").is_file() and (offline_site / "about.html").is_file()


def test_the_published_build_keeps_its_directory_addresses(shipped_site):
    assert (shipped_site / "about" / "index.html").is_file()
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert 'href="case-studies/"' in home and 'href="case-studies/index.html"' not in home


def test_file_links_points_directories_at_the_files_serving_them():
    written = {"index.html", "about.html", "case-studies/index.html", "case-studies/a.html",
               "podcast/x/index.html"}
    page = ('<a href="../">Home</a><a href="../about/">A</a><a href="./">I</a><a href=".">Dot</a>'
            '<a href="a/#card">Case</a><a href="../podcast/x/?t=1">X</a><a href="../podcast/x/x.mp3">MP3</a>'
            '<a href="https://example.org/">Out</a><a href="missing/">M</a><a href="/abs/">Abs</a>')
    out = file_links(page, "case-studies/index.html", written)
    assert out == ('<a href="../index.html">Home</a><a href="../about.html">A</a>'
                   '<a href="index.html">I</a><a href="index.html">Dot</a>'
                   '<a href="a.html#card">Case</a><a href="../podcast/x/index.html?t=1">X</a>'
                   '<a href="../podcast/x/x.mp3">MP3</a><a href="https://example.org/">Out</a>'
                   '<a href="missing/">M</a><a href="/abs/">Abs</a>')
