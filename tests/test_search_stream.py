"""The search index built while the build writes its pages (search.index.Indexer): each full
bundle is indexed in the background, one Pagefind run at a time, and nothing is published until
every run succeeded."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cln_portal.search import index
from conftest import bundle_pages, bundles, indexed_pages
from test_search_index import bundle_bytes, tiny_pages, tiny_site


def wrapped_pagefind(folder: Path, before: str = "") -> Path:
    """The real Pagefind, run after ``before`` (shell), each run noted in ``folder/started``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "pagefind"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$$" >> "{folder / "started"}"\n'
        f"{before}\n"
        f'exec "{index.executable()}" "$@"\n')
    script.chmod(0o755)
    return script


def runs_started(folder: Path) -> int:
    started = folder / "started"
    return len(started.read_text().split()) if started.is_file() else 0


def wait_for(condition, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_full_bundle_is_indexed_while_the_build_is_still_writing_pages(tmp_path, monkeypatch):
    site = tiny_site(tmp_path / "site")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapped_pagefind(tmp_path / "bin")))
    indexer = index.Indexer(site, per_bundle=4)
    pages = tiny_pages(site)
    for page in pages[:4]:
        indexer.add(page)
    assert runs_started(tmp_path / "bin") == 0  # the 4th page may still be being written
    indexer.add(pages[4])  # so the first four are on disk: their bundle is indexed now
    assert wait_for(lambda: runs_started(tmp_path / "bin") == 1)
    for page in pages[5:]:
        indexer.add(page)
    report = indexer.finish()
    assert (report.pages, report.bundles, report.note) == (12, 3, "")
    assert runs_started(tmp_path / "bin") == 3
    assert report.cpu > 0  # Pagefind's CPU time is counted (make bench reads it)
    # In the order the build wrote them: bundle k holds pages 4k to 4k + 3.
    found = [sorted(bundle_pages(bundle)) for bundle in bundles(site)]
    assert found == [sorted(f"/{page.removesuffix('index.html')}" for page in pages[at:at + 4]) for at in (0, 4, 8)]
    assert not list(site.glob(".pagefind-*"))


def test_streamed_bundles_are_those_of_one_index_run_after_the_build(tmp_path):
    """Whether the pages are indexed while they are written or all at the end (make serve's
    dirty rebuilds), the same pages in the same order give the same bundles, byte for byte."""
    streamed, after = tiny_site(tmp_path / "streamed"), tiny_site(tmp_path / "after")
    indexer = index.Indexer(streamed, per_bundle=5)
    for page in tiny_pages(streamed):
        indexer.add(page)
    assert indexer.finish().bundles == 3
    assert index.build_index(after, tiny_pages(after), per_bundle=5).bundles == 3
    assert bundle_bytes(streamed) == bundle_bytes(after)
    assert set(indexed_pages(streamed)) == {f"/page-{n}/" for n in range(12)}


def test_a_page_added_twice_is_indexed_once(tmp_path):
    site = tiny_site(tmp_path / "site")
    indexer = index.Indexer(site, per_bundle=5)
    for page in tiny_pages(site) + tiny_pages(site)[:3]:
        indexer.add(page)
    report = indexer.finish()
    assert (report.pages, report.bundles) == (12, 3)


def test_a_background_run_that_fails_fails_the_index_and_keeps_the_previous_one(tmp_path, monkeypatch):
    site = tiny_site(tmp_path / "site")
    index.build_index(site, tiny_pages(site), per_bundle=5)
    before = bundle_bytes(site)
    failing = "[ $(wc -l < \"%s\") -eq 1 ] && { echo 'Error: out of memory' >&2; exit 1; }" % (tmp_path / "bin" / "started")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapped_pagefind(tmp_path / "bin", failing)))
    indexer = index.Indexer(site, per_bundle=5)
    for page in tiny_pages(site):
        indexer.add(page)  # the build goes on: the failure is reported once, at the end
    with pytest.raises(index.SearchIndexError) as failed:
        indexer.finish()
    message = str(failed.value)
    assert "Pagefind failed to index the site (bundle 1, 5 pages) (exit status 1)" in message
    assert "Error: out of memory" in message
    assert runs_started(tmp_path / "bin") == 1  # no run after the failed one
    assert bundle_bytes(site) == before
    assert not list(site.glob(".pagefind-*"))


def test_closing_after_a_failed_build_stops_pagefind_and_removes_what_was_staged(tmp_path, monkeypatch):
    site = tiny_site(tmp_path / "site")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapped_pagefind(tmp_path / "bin", "sleep 60")))
    indexer = index.Indexer(site, per_bundle=3)
    for page in tiny_pages(site)[:4]:
        indexer.add(page)
    assert wait_for(lambda: runs_started(tmp_path / "bin") == 1)
    pid = int((tmp_path / "bin" / "started").read_text().split()[0])
    assert list(site.glob(".pagefind-*"))
    started = time.monotonic()
    indexer.close()  # the build failed (MkDocs' on_build_error)
    assert time.monotonic() - started < 10
    assert not Path(f"/proc/{pid}").exists()
    assert not list(site.glob(".pagefind-*")) and not (site / "pagefind").exists()


def test_a_bundle_size_that_is_not_a_whole_number_is_refused(tmp_path):
    for wrong in (0, -1, 2.5, True, "100"):
        with pytest.raises(ValueError, match="whole number of at least 1"):
            index.Indexer(tmp_path, per_bundle=wrong)


def test_the_manifest_lists_the_other_bundles(tmp_path):
    site = tiny_site(tmp_path / "site")
    indexer = index.Indexer(site, per_bundle=6)
    for page in tiny_pages(site):
        indexer.add(page)
    indexer.finish()
    manifest = json.loads((site / "pagefind" / index.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"bundles": ["more/1/"]}


def test_each_run_reads_exactly_its_own_pages_whatever_their_names(tmp_path):
    """A run's glob names its pages: characters a glob reads as patterns ({} [] , * ? ...) are
    taken literally, and a marked page the build did not add (a stale file) is not indexed."""
    site = tiny_site(tmp_path / "site")
    odd = ["a (b), c [d] {e} $f #g!h@i&j'k+l=m~n;o é/index.html", "x*y?z/index.html", "back\\slash/index.html"]
    for page in odd:
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text(
            f'<!doctype html><html lang="en"><body><article class="md-content__inner md-typeset"><div data-pagefind-body><h1>Odd</h1><p>{page}</p></div></article></body></html>',
            encoding="utf-8")
    pages = tiny_pages(site)[:5] + odd  # page-5 ... page-11 are on disk, marked, not added
    indexer = index.Indexer(site, per_bundle=4)
    for page in pages:
        indexer.add(page)
    report = indexer.finish()
    assert (report.pages, report.bundles) == (8, 2)
    assert sorted(indexed_pages(site)) == sorted("/" + page.removesuffix("index.html") for page in pages)
