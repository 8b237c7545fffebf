"""Fixture sites for the hostile-input corpus, and the checks every built site must pass.

A fixture site is the portal's own configuration (mkdocs.yml, content/, overrides/) with none of
the real case studies or episodes, plus the few files one case adds; it is built with --strict
the way `make build` does.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from lxml import etree

from conftest import REPO, build_problems, indexed_pages, repo_files, run_build

#: What a fixture site copies from the repository: configuration, site pages, templates.
SITE_PARTS = ("mkdocs.yml", "content/", "overrides/")
#: The repository's real content, left out so that each case is alone with its own files.
REAL_CONTENT = ("content/columns/posts/", "content/interviews/")

Content = "str | bytes | Callable[[Path], None]"


@dataclass
class Case:
    """One broken (or merely unusual) input and the exact outcome the build must give."""

    name: str
    files: dict  # path in the repository -> text (written as UTF-8), bytes, or a writer(path)
    errors: tuple[str, ...] = ()  # exact message lines the failed build prints (empty: must succeed)
    check: Callable[[Path], None] | None = None  # for a build that succeeds: what must be in the site
    marks: tuple = ()

    def __str__(self) -> str:
        return self.name


@dataclass
class Outcome:
    returncode: int
    output: str
    site: Path
    project: Path = field(repr=False, default=None)
    checked: list = field(default_factory=list)  # what `make check` reports on the same files


def check_problems(project: Path) -> list[str]:
    """`make check`'s problems on ``project``, one line each as it prints them (without the
    ERROR:/WARNING:/NOTE: prefix), in its order."""
    from cln_portal.commands import check as checks
    from cln_portal.commands.cli import load_project

    loaded, problems = load_project(project / "mkdocs.yml")
    result = checks.run(loaded) if loaded is not None else checks.Result({}, problems, [])
    return [str(p) for p in result.problems]




def fixture_project(dest: Path) -> Path:
    """The portal's configuration, site pages and templates, without its real content."""
    for name in repo_files():
        if name.startswith(SITE_PARTS) and not name.startswith(REAL_CONTENT):
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target, follow_symlinks=False)
    return dest


def write_files(project: Path, files: dict) -> None:
    for name, content in files.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))


def build_case(case: Case, tmp_path: Path) -> Outcome:
    project = fixture_project(tmp_path / "project")
    write_files(project, case.files)
    site = tmp_path / "site"
    result = run_build(project, site)
    return Outcome(result.returncode, result.stdout + result.stderr, site, project, check_problems(project))


def assert_outcome(case: Case, outcome: Outcome) -> None:
    """The exact outcome: the listed errors and a failed build, or a clean build of a safe site."""
    assert "Traceback" not in outcome.output, outcome.output
    # `make check` and `make build` report the same problems, word for word, each once.
    assert sorted(build_problems(outcome.output)) == sorted(outcome.checked), outcome.output
    if case.errors:
        assert outcome.returncode != 0, outcome.output
        lines = [line.strip() for line in outcome.output.splitlines()]
        for expected in case.errors:
            assert any(expected in line for line in lines), f"missing {expected!r} in:\n{outcome.output}"
        return
    assert outcome.returncode == 0, outcome.output
    assert "WARNING" not in outcome.output, outcome.output
    assert_site_is_safe(outcome.site)
    if case.check:
        case.check(outcome.site)


# ---- content files as contributors write them -------------------------------------------------

def column(title="A column", standfirst="One sentence on the column.", extra="", body="Body.\n",
           date="2009-01-19"):
    return (f"---\ntitle: {title}\nstandfirst: {standfirst}\ndate: {date}\nauthors: [raj-kumar]\n"
            f"categories: [Director's column]\n{extra}---\n\n{body}")


def interview(title="An interview", extra="", name="Dr Ada Jones", body="Body.\n"):
    return (f"---\ntitle: {title}\nsummary: Two plain sentences.\ndate: 2009-03-09\ninterviewee:\n"
            f"  name: {name}\n  role: director of nursing\n  organisation: NHS London\n{extra}---\n\n{body}")



# ---- what must hold in every built site -------------------------------------------------------

SAFE_SCHEMES = ("http:", "https:", "mailto:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "cite"}


class _Injections(HTMLParser):
    """Independent of the portal's own checker: markup a hostile input could have smuggled in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = self.in_data = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        # A data block (the self-assessment's) runs nothing: its text must parse as JSON whole, or
        # a hostile value broke out of it.
        self.in_data = self.in_script and dict(attrs).get("type") == "application/json"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value:
                url = "".join(ch for ch in value if ord(ch) > 32).lower()
                if ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES):
                    self.found.append(f"<{tag} {name}={value!r}>")
                if url.startswith("//"):
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and self.in_data:
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"<script type=application/json> that is not JSON: {data[:40]}")
        elif self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def assert_site_is_safe(site: Path) -> None:
    """No smuggled script or handler, no unsafe link, no control character; XML and JSON parse."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text.lower(), page
        assert not any(ch in text for ch in "\x00\x0b\x0c\x1b"), f"control character in {page}"
        scanner = _Injections()
        scanner.feed(text)
        assert not scanner.found, (page, scanner.found)
    for xml in list(site.rglob("*.xml")) + list(site.rglob("*.rss")):
        etree.parse(str(xml), etree.XMLParser(resolve_entities=False, no_network=True))
    # Pagefind's index holds each page's plain text (markup in a title is text there, as on the
    # page); its UI escapes what it shows: test_hostile_browser.py searches and checks no script runs.
    for url, doc in indexed_pages(site).items():
        assert doc["meta"].get("title") is not None, url

