"""Every page of the built portal is valid HTML (the Nu Html Checker) with no heading level skipped.

vnu comes from npm (`vnu-jar`, pinned in package.json / package-lock.json, installed by
`npm ci --ignore-scripts`: its postinstall would download a Java runtime, Debian's
default-jre-headless is the one we run it with).
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import node_package, require_tool

def vnu_jar() -> Path:
    """The pinned vnu.jar (npm vnu-jar, installed by `npm ci --ignore-scripts`)."""
    return node_package("vnu-jar/build/dist/vnu.jar", why="the Nu Html Checker is npm's vnu-jar")


def vnu_errors(folder: Path) -> tuple[list[str], int]:
    """vnu's errors over every HTML file under ``folder`` (one Java run), as 'page:line: message',
    and how many HTML files there are."""
    java = require_tool("java", package="default-jre-headless",
                        why="the Nu Html Checker (vnu.jar) runs on Java")
    jar = vnu_jar()
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json",
                             "--skip-non-html", str(folder)],
                            capture_output=True, text=True, timeout=900)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr)
    errors = []
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            url = message.get("url", "")  # file:/abs/path
            page = url.removeprefix("file:").removeprefix(str(folder)).lstrip("/")
            errors.append(f"{page}:{message.get('lastLine', '?')}: {message.get('message')}")
    return errors, sum(1 for _ in folder.rglob("*.html"))


def test_vnu_finds_no_error_on_any_page(shipped_site):
    errors, pages = vnu_errors(shipped_site)
    assert pages > 50, f"only {pages} HTML pages built: is the whole site there?"
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(errors[:60])


def test_vnu_reports_an_invalid_page(tmp_path):
    """The check can fail: a page with an error Material's templates used to make is reported."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<input type="checkbox" id="a" autocomplete="off"><label for="b">b</label></body></html>')
    (tmp_path / "ok.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>ok</p></body></html>')
    errors, pages = vnu_errors(tmp_path)
    assert pages == 2
    assert len(errors) == 2 and all(e.startswith("sub/index.html:") for e in errors), errors


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def skipped_heading(html: str) -> str | None:
    """The first heading that skips a level ('h1 then h3'), or None."""
    parser = _Headings()
    parser.feed(html)
    previous = 0
    for level in parser.levels:
        if level > previous + 1:
            return f"h{previous} then h{level}" if previous else f"first heading is h{level}"
        previous = level
    return None


def test_skipped_heading_is_found():
    assert skipped_heading("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") is None
    assert skipped_heading("<h1>a</h1><h3>b</h3>") == "h1 then h3"
    assert skipped_heading("<h2>a</h2>") == "first heading is h2"


def test_no_page_skips_a_heading_level(shipped_site):
    problems = []
    for page in sorted(shipped_site.rglob("*.html")):
        found = skipped_heading(page.read_text(encoding="utf-8"))
        if found:
            problems.append(f"{page.relative_to(shipped_site)}: {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", ["regions", "pathways"])
def test_value_pages_title_case_studies_one_level_below_the_page(shipped_site, kind):
    folder = {"regions": "region", "pathways": "pathway"}[kind]
    pages = sorted((shipped_site / "case-studies" / folder).glob("*/index.html"))
    assert pages, f"no {kind} pages under case-studies/{folder}/"
    html = pages[0].read_text(encoding="utf-8")
    assert '<h2 class="cln-case__title">' in html
