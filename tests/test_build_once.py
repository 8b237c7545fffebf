"""The build does its content work once: `make check`'s run inside it (issue 15's one report)
shares the build's reading of case studies, and an unchanged text is not rendered by both the
check's markup scan and MkDocs (issue 22). Counted, not timed: each case study file read and
each Markdown conversion, by who asked for it."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import build_env, copy_repo

from cln_portal.markup.scan_cache import ScanCache

#: Builds the site in this process, counting case study reads (per file) and Markdown
#: conversions (per module that asked: the portal's, MkDocs' pages, Material's blog).
COUNTING_BUILD = r"""
import collections, json, sys
import markdown
from cln_portal.case_studies import load
from mkdocs.__main__ import cli

reads, renders = collections.Counter(), collections.Counter()
real_load, real_convert = load.load_one, markdown.Markdown.convert

def load_one(path, *args, **kwargs):
    reads[str(path)] += 1
    return real_load(path, *args, **kwargs)

def convert(self, source):
    frame, who = sys._getframe(1), "?"
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(("cln_portal", "mkdocs.", "material")):
            who = name.split(".")[0]
            break
        frame = frame.f_back
    renders[who] += 1
    return real_convert(self, source)

load.load_one, markdown.Markdown.convert = load_one, convert
cli.main(["build", "--strict", "-q", "-d", sys.argv[1]], standalone_mode=False)
print(json.dumps({"reads": reads, "renders": renders}))
"""


def counted_build(project, site) -> dict:
    result = subprocess.run([sys.executable, "-c", COUNTING_BUILD, str(site)], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_build_reads_each_case_study_once_and_a_rebuild_renders_each_text_once(tmp_path):
    project = copy_repo(tmp_path / "portal")
    case_studies = sorted(str(p) for p in (project / "case_studies").glob("*.md") if not p.name.startswith("_"))
    first = counted_build(project, tmp_path / "site")
    # The check reads every case study (its cache is empty); the section uses what it read.
    assert sorted(first["reads"]) == case_studies and set(first["reads"].values()) == {1}, first["reads"]
    assert first["renders"].get("cln_portal", 0) > 0  # the check's scan of pages, columns, interviews
    again = counted_build(project, tmp_path / "site")
    assert again["reads"] == {}, again["reads"]  # unchanged: read from the cache, by the check alone
    # The check's markup scan of unchanged texts is answered from its cache: only MkDocs (and
    # Material's blog, for its excerpts) renders them.
    assert "cln_portal" not in again["renders"], again["renders"]
    assert again["renders"]["mkdocs"] == first["renders"]["mkdocs"]


def test_the_scan_cache_answers_only_the_very_text_under_the_very_setup(tmp_path):
    path, scans = tmp_path / "rendered-markup.json", []

    def scan(text):
        scans.append(text)
        return ["unsafe"] if "<script>" in text else []

    cache = ScanCache(path, "setup-1")
    assert cache.messages("Safe.", scan) == [] and cache.messages("<script>", scan) == ["unsafe"]
    cache.save()
    cache = ScanCache(path, "setup-1")
    assert cache.messages("Safe.", scan) == [] and cache.messages("<script>", scan) == ["unsafe"]
    assert cache.messages("Safe!", scan) == []  # another text: scanned
    assert scans == ["Safe.", "<script>", "Safe!"]
    cache = ScanCache(path, "setup-2")  # other extensions, options or code: everything again
    assert cache.messages("<script>", scan) == ["unsafe"]
    assert scans[-1] == "<script>" and len(scans) == 4
    cache = ScanCache(path, None)  # a setup that cannot be known: never cached
    cache.messages("Safe.", scan)
    assert len(scans) == 5
