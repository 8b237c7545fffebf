"""The Pagefind step of the build: a failed index fails the build clearly and publishes nothing."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cln_portal.search import canonical, index
from conftest import (FIXTURES, REPO, build_env, bundle_pages, bundles, indexed_pages, run_build,
                      set_plugin_options)


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
            f'<body><article class="md-content__inner md-typeset"><div data-pagefind-body><h1>{name}</h1><p>About {word}.</p></div></article></body></html>',
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
            f'<article class="md-content__inner md-typeset"><div data-pagefind-body><h1>Page {n}</h1><p>Words {n}.</p>'
            f'<span data-pagefind-filter="Region">{regions[n % 6]}</span>'
            f'<span data-pagefind-filter="Pathway">Pathway {n % 4}</span></div></article></body></html>',
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


def tiny_pages(site: Path) -> list[str]:
    """tiny_site's indexable pages, as the search section records them (files in the site)."""
    return [f"page-{n}/index.html" for n in range(12)]


def test_a_site_over_the_bundle_size_is_split_into_bundles_in_the_order_written(tmp_path):
    site = tiny_site(tmp_path / "site")
    report = index.build_index(site, tiny_pages(site), per_bundle=5)
    assert (report.pages, report.filters, report.bundles, report.note) == (12, 2, 3, "")
    main = site / "pagefind"
    assert json.loads((main / index.MANIFEST).read_text(encoding="utf-8")) == {"bundles": ["more/1/", "more/2/"]}
    ordered = tiny_pages(site)  # as the build wrote them: page-0, page-1, page-2, ...
    found = [set(bundle_pages(bundle)) for bundle in bundles(site)]
    assert found == [{"/" + page.removesuffix("index.html") for page in ordered[at:at + 5]} for at in (0, 5, 10)]
    assert sum(map(len, found)) == 12 and set().union(*found) == {f"/page-{n}/" for n in range(12)}
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.en.pagefind"):
        assert (main / name).is_file(), name  # the browser loads Pagefind from the main bundle
    for bundle in bundles(site)[1:]:  # a merged bundle holds only what the browser reads from it
        assert sorted(p.name for p in bundle.iterdir()) == sorted(
            ["filter", "fragment", "index", "pagefind-entry.json", *(p.name for p in bundle.glob("*.pf_meta"))])
        assert len(list(bundle.glob("*.pf_meta"))) == 1
    assert not list(site.glob(".pagefind-*"))  # the staging folder, with its linked pages, is gone


def test_split_bundles_are_byte_identical_between_builds(tmp_path):
    first, second = tiny_site(tmp_path / "one"), tiny_site(tmp_path / "two")
    built = []
    for site in (first, second, first):  # the third run replaces the first's bundles in place
        assert index.build_index(site, tiny_pages(site), per_bundle=4).bundles == 3
        built.append(bundle_bytes(site))
    assert built[0] == built[1] == built[2]
    assert any(name.startswith("pagefind/more/2/filter/") for name in built[0])


def test_a_site_within_the_bundle_size_gets_the_one_bundle_of_a_single_run(tmp_path):
    whole, listed = tiny_site(tmp_path / "whole"), tiny_site(tmp_path / "listed")
    assert index.build_index(whole).bundles == 1
    assert index.build_index(listed, tiny_pages(listed), per_bundle=12).bundles == 1
    assert bundle_bytes(whole) == bundle_bytes(listed)
    assert json.loads((whole / "pagefind" / index.MANIFEST).read_text(encoding="utf-8")) == {"bundles": []}


def pagefind_failing_on_run(folder: Path, run: int) -> Path:
    """The real Pagefind, except that its ``run``-th run fails (as when it runs out of memory)."""
    script = folder / "pagefind"
    counter = folder / "runs"
    script.write_text(
        "#!/bin/sh\n"
        f'n=$(($(cat "{counter}" 2>/dev/null || echo 0) + 1)); echo $n > "{counter}"\n'
        f'if [ $n -eq {run} ]; then echo "Error: memory allocation failed" >&2; exit 1; fi\n'
        f'exec "{index.executable()}" "$@"\n')
    script.chmod(0o755)
    return script


def test_a_failing_run_of_one_bundle_leaves_the_previous_index_untouched(tmp_path, monkeypatch):
    site = tiny_site(tmp_path / "site")
    index.build_index(site, tiny_pages(site), per_bundle=5)
    before = bundle_bytes(site)
    (site / "page-3" / "index.html").write_text(
        (site / "page-3" / "index.html").read_text(encoding="utf-8").replace("Words 3.", "Words 3, changed."),
        encoding="utf-8")
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(pagefind_failing_on_run(tmp_path / "bin", 3)))
    with pytest.raises(index.SearchIndexError) as failed:
        index.build_index(site, tiny_pages(site), per_bundle=5)
    message = str(failed.value)
    assert "Pagefind failed to index the site (bundle 3, 2 pages) (exit status 1)" in message
    assert "Error: memory allocation failed" in message
    assert (tmp_path / "bin" / "runs").read_text().strip() == "3"
    assert bundle_bytes(site) == before
    assert not list(site.glob(".pagefind-*"))


@pytest.mark.parametrize("per_bundle", [0, -3, True, 2.5])
def test_a_bundle_size_below_one_page_is_refused(tmp_path, per_bundle):
    with pytest.raises(ValueError, match="pages per bundle must be a whole number of at least 1"):
        index.build_index(tiny_site(tmp_path / "site"), [], per_bundle=per_bundle)


def test_a_build_splits_its_marked_pages_by_the_plugin_option(tmp_path):
    """The search section records every page it marks and builds the bundles from them."""
    whole = make_project(tmp_path / "whole")
    assert run_build(whole, tmp_path / "one").returncode == 0
    one = indexed_pages(tmp_path / "one")
    split = set_plugin_options(make_project(tmp_path / "split"), "search:\n  pages_per_bundle: 2\n")
    result = run_build(split, tmp_path / "two")
    assert result.returncode == 0, result.stderr
    count = -(-len(one) // 2)
    assert count >= 2 and f"Search: Pagefind indexed {len(one)} pages and" in result.stderr
    assert f"in {count} bundles" in result.stderr
    found = [set(bundle_pages(bundle)) for bundle in bundles(tmp_path / "two")]
    # Each bundle holds two pages (the last one or two), each page is in exactly one.
    assert [len(pages) for pages in found] == [2] * (len(one) // 2) + [1] * (len(one) % 2)
    assert sum(map(len, found)) == len(one) and set().union(*found) == set(one)
