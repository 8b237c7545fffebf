"""`make serve` (``mkdocs serve --dirty``): an edit rebuilds the pages it changes, and only those.

The rebuilds run as MkDocs' preview runs them: one process, the plugin kept between builds, a
dirty build after each change (tests/test_serve.py drives the real `make serve`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import build_env, copy_repo, indexed_pages, set_plugin_options

# Builds the site once, then once more after each edit, and prints each page's mtime after every
# build. An edit is [file, old text, new text].
DRIVER = r'''
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
site = Path(sys.argv[1])
edits = json.loads(sys.argv[2])
URL = "http://127.0.0.1:8000/portal/"

def config():
    c = load_config("mkdocs.yml", site_dir=str(site))
    c.site_url = URL
    return c

def pages():
    found = [*site.rglob("index.html"), site / "podcast" / "feed.xml"]
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in found}

first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=URL, dirty=True)
out = [pages()]
for path, old, new in edits:
    if path:  # None: a rebuild with nothing changed (an editor's backup file, say)
        source = Path(path)
        text = source.read_text(encoding="utf-8")
        assert old in text, (path, old)
        source.write_text(text.replace(old, new, 1), encoding="utf-8")
    build(config(), serve_url=URL, dirty=True)
    out.append(pages())
print("PAGES" + json.dumps(out))
'''

CASE = "case_studies/one-to-one-midwifery-in-labour.md"
PAGE = "case-studies/one-to-one-midwifery-in-labour/index.html"
OTHER_CASE = "case-studies/end-of-life-register/index.html"
EPISODE_NAMING_IT = "podcast/maternity-in-london/index.html"  # its sidecar relates the case study
INDEX = "case-studies/index.html"
PER_BUNDLE = 10  # the shipped portal's 30-odd pages in four search bundles


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The shipped portal previewed through four edits: none, the text of a case study, its
    title, and the vocabulary; its search index in bundles of PER_BUNDLE pages."""
    project = copy_repo(tmp_path_factory.mktemp("preview"))
    set_plugin_options(project, f"search:\n  pages_per_bundle: {PER_BUNDLE}\n")
    site = project / "preview-site"
    title = next(line for line in (project / CASE).read_text().splitlines() if line.startswith("title:"))
    edits = [
        [None, "", ""],  # a rebuild with nothing changed
        [CASE, "## Background", "## Background\n\nAn edit in the text only."],
        [CASE, title, title.rstrip() + " (revised)"],
        ["content/_data/vocabulary.yml", "\n", "\n# a comment: the vocabulary file was saved\n"],
    ]
    result = subprocess.run([sys.executable, "-c", DRIVER, str(site), json.dumps(edits)], cwd=project,
                            env=build_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("PAGES"))
    return site, json.loads(line[5:]), result.stderr


def rebuilt(before: dict, after: dict) -> set[str]:
    return {page for page, mtime in after.items() if before.get(page) != mtime}


def test_a_save_that_changes_nothing_rebuilds_no_content_page(preview):
    _, builds, _ = preview
    again = rebuilt(builds[0], builds[1])
    assert not {p for p in again if p.startswith(("case-studies/", "podcast/", "interviews/"))}, sorted(again)


def test_an_edit_of_a_case_studys_text_rebuilds_that_page_alone(preview):
    site, builds, _ = preview
    again = rebuilt(builds[1], builds[2])
    assert PAGE in again
    assert not {p for p in again if p.startswith(("case-studies/", "podcast/")) and p != PAGE}, sorted(again)
    assert "podcast/feed.xml" not in again  # only case studies changed: the feeds stand


def test_a_title_edit_rebuilds_the_lists_and_the_pages_that_link_to_it(preview):
    site, builds, log = preview
    again = rebuilt(builds[2], builds[3])
    assert {PAGE, INDEX, EPISODE_NAMING_IT} <= again
    assert OTHER_CASE not in again  # unrelated
    for page in (PAGE, INDEX, EPISODE_NAMING_IT):
        assert "(revised)" in (site / page).read_text(encoding="utf-8"), page
    assert "Preview: one-to-one-midwifery-in-labour changed" in log


def test_any_other_change_rebuilds_every_page(preview):
    _, builds, log = preview
    again = rebuilt(builds[3], builds[4])
    pages = {p for p in builds[4] if p.endswith("index.html")}  # the blog's posts and lists too
    assert any(p.startswith("columns/") for p in pages) and any(p.startswith("case-studies/") for p in pages)
    assert sorted(pages - again) == [] and "podcast/feed.xml" in again
    assert "rebuilding every page (content/_data/vocabulary.yml changed)" in log


def test_the_dirty_build_passes_strict_mode(preview):
    _, _, log = preview
    assert "'dirty' build" not in log  # MkDocs' warning would stop every strict rebuild


def test_every_rebuild_indexes_every_page_in_its_bundles(preview):
    """A dirty rebuild renders only the pages an edit changes; search still splits every page
    of the preview into its bundles, not only those rebuilt."""
    site, builds, log = preview
    runs = re.findall(r"Search: Pagefind indexed (\d+) pages and \d+ facets(?: in (\d+) bundles)?", log)
    marked = [p for p in builds[-1] if p.endswith("index.html") and "data-pagefind-body" in (site / p).read_text(encoding="utf-8")]
    expected = (str(len(marked)), str(-(-len(marked) // PER_BUNDLE)))
    assert int(expected[1]) >= 3 and runs == [expected] * len(builds), runs
    assert set(indexed_pages(site)) == {"/" + p.removesuffix("index.html") for p in marked}
