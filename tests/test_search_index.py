"""The Pagefind step of the build: a failed index fails the build clearly and publishes nothing."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from cln_portal.search import canonical, index
from conftest import FIXTURES, REPO, build_env, indexed_pages, run_build


def make_project(dest: Path) -> Path:
    shutil.copytree(FIXTURES / "case_studies_site", dest)
    (dest / "content" / "_data").mkdir(parents=True)
    shutil.copy(REPO / "content" / "_data" / "vocabulary.yml", dest / "content" / "_data" / "vocabulary.yml")
    return dest


def broken_pagefind(folder: Path) -> Path:
    """A Pagefind that fails as a real crash would: a message on stderr, a non-zero status."""
    script = folder / "pagefind"
    script.write_text("#!/bin/sh\necho 'Error: failed to parse case-studies/x/index.html' >&2\nexit 3\n")
    script.chmod(0o755)
    return script


def test_a_failing_pagefind_fails_the_build_saying_what_happened(tmp_path):
    project = make_project(tmp_path / "project")
    env = build_env(PAGEFIND_BINARY_PATH=str(broken_pagefind(tmp_path)))
    result = run_build(project, tmp_path / "site", env=env)
    assert result.returncode == 1
    assert "The search index could not be built: Pagefind failed to index the site (exit status 3)" in result.stderr
    assert "Error: failed to parse case-studies/x/index.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_missing_pagefind_says_how_to_install_it(tmp_path):
    project = make_project(tmp_path / "project")
    env = build_env(PAGEFIND_BINARY_PATH=str(tmp_path / "no-such-pagefind"))
    result = run_build(project, tmp_path / "site", env=env)
    assert result.returncode == 1
    assert "The Pagefind binary was not found" in result.stderr
    assert "make .venv/.installed" in result.stderr and "Traceback" not in result.stderr


def test_make_build_keeps_the_previous_site_when_pagefind_fails(tmp_path):
    project = make_project(tmp_path / "project")
    site = project / "site"
    first = subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py"), "--site-dir", "site"],
                           cwd=project, env=build_env(SOURCE_DATE_EPOCH="1700000000"), capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert "/case-studies/rapid-assessment/" in indexed_pages(site)

    env = build_env(SOURCE_DATE_EPOCH="1700000000", PAGEFIND_BINARY_PATH=str(broken_pagefind(tmp_path)))
    again = subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py"), "--site-dir", "site"],
                           cwd=project, env=env, capture_output=True, text=True)
    assert again.returncode == 1
    assert "The search index could not be built" in again.stderr
    assert "site/ was left as it was" in again.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site.building-*"))


def test_pages_in_en_gb_and_en_share_one_index(tmp_path):
    """Pagefind splits its index by <html lang>: a transcript in en-gb would never be found from
    an en page. The build indexes every page as one language."""
    site = tmp_path / "site"
    for name, lang, word in (("episode", "en-gb", "fibrillation"), ("column", "en", "anticoagulation")):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><title>{name}</title></head>'
            f"<body><main data-pagefind-body><h1>{name}</h1><p>About {word}.</p></main></body></html>",
            encoding="utf-8")
    report = index.build_index(site)
    assert report.pages == 2
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == 2
    assert not list(site.glob(".pagefind-*"))  # the staging folder is gone


def tiny_site(site: Path) -> Path:
    """Twelve pages filed under six regions and four pathways: enough values for Pagefind's
    hash-map order to differ between runs."""
    regions = ["London", "North West", "North East", "South West", "West Midlands", "East Midlands"]
    for n in range(12):
        folder = site / f"page-{n}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><title>Page {n}</title></head><body>'
            f'<main data-pagefind-body><h1>Page {n}</h1><p>Words {n}.</p>'
            f'<span data-pagefind-filter="Region">{regions[n % 6]}</span>'
            f'<span data-pagefind-filter="Pathway">Pathway {n % 4}</span></main></body></html>',
            encoding="utf-8")
    return site


def bundle_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def test_two_index_runs_write_the_same_bundle(tmp_path):
    """Pagefind orders each facet's values differently on every run; the bundle is canonicalised."""
    first, second = tiny_site(tmp_path / "one"), tiny_site(tmp_path / "two")
    bundles = []
    for site in (first, second, first):  # the third run replaces the first's bundle in place
        assert index.build_index(site).note == ""
        bundles.append(bundle_bytes(site))
    assert bundles[0] == bundles[1] == bundles[2]


def test_the_cbor_codec_reads_and_writes_pagefind_files_exactly(tmp_path):
    site = tiny_site(tmp_path / "site")
    index.build_index(site)
    files = [*(site / "pagefind").glob("pagefind.*.pf_meta"), *(site / "pagefind" / "filter").glob("*.pf_filter")]
    assert len(files) == 3
    for path in files:
        data = gzip.decompress(path.read_bytes()).removeprefix(canonical.SIGNATURE)
        value, end = canonical.decode(data)
        assert end == len(data) and canonical.encode(value) == data, path.name
