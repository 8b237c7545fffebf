"""A renamed or moved case study, episode, interview or column post leaves a redirect page at its
old address (meta refresh, canonical link, plain link) and the build remembers the old address."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml

from conftest import build_env, copy_repo, run_build

from cln_portal.content import addresses

SITE_URL = "https://nhs-cln.github.io/portal/"
#: (kind, files to rename, old slug, new slug, old address, new address)
RENAMES = [
    ("case study", ["case_studies/{}.md"], "one-stop-cataract-pathway", "one-stop-cataract-clinic",
     "case-studies/one-stop-cataract-pathway/", "case-studies/one-stop-cataract-clinic/"),
    ("episode", ["podcasts/{}.mp3", "podcasts/{}.md"], "engaging-clinicians-in-reform", "engaging-clinicians",
     "podcast/engaging-clinicians-in-reform/", "podcast/engaging-clinicians/"),
    ("interview", ["content/interviews/{}.md"], "pathways-not-projects", "pathways-before-projects",
     "interviews/pathways-not-projects/", "interviews/pathways-before-projects/"),
    ("column", ["content/columns/posts/{}.md"], "keeping-groups-going", "keeping-the-groups-going",
     "columns/2009/keeping-groups-going/", "columns/2009/keeping-the-groups-going/"),
]


def follow(site: Path, old: str) -> tuple[str, str]:
    """The address the redirect page at ``old`` sends a browser to, and its canonical link."""
    page = (site / old / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page).group(1)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
    link = re.search(r'<a href="([^"]+)">', page).group(1)
    assert link == refresh
    target = posixpath.normpath(posixpath.join("/" + old, refresh)).lstrip("/") + "/"
    return target, canonical


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redirects")
    project = copy_repo(tmp / "portal")
    for _, patterns, old, new, _, _ in RENAMES:
        for pattern in patterns:
            (project / pattern.format(old)).rename(project / pattern.format(new))
    for folder in ("content", "case_studies", "podcasts"):  # links follow, as the contributor does
        for path in (project / folder).rglob("*.md"):
            text = original = path.read_text(encoding="utf-8")
            for _, _, old, new, _, _ in RENAMES:
                text = re.sub(rf"\b{old}\b", new, text)
            if text != original:
                path.write_text(text, encoding="utf-8")
    result = run_build(project, tmp / "site", env=build_env())
    assert result.returncode == 0, result.stderr
    return project, tmp / "site"


@pytest.mark.parametrize("kind, patterns, old_slug, new_slug, old, new", RENAMES, ids=[r[0] for r in RENAMES])
def test_the_old_address_redirects_to_the_new_one(renamed, kind, patterns, old_slug, new_slug, old, new):
    project, site = renamed
    assert (site / new / "index.html").is_file()
    target, canonical = follow(site, old)
    assert target == new and canonical == SITE_URL + new
    remembered = yaml.safe_load((project / addresses.FILE).read_text(encoding="utf-8"))["addresses"]
    entry = next(a for a in remembered if a["url"] == new)
    assert entry["kind"] == kind and entry["old"] == [old]


def test_a_second_build_keeps_the_redirects_and_changes_nothing(renamed, tmp_path):
    project, _ = renamed
    before = (project / addresses.FILE).read_bytes()
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (project / addresses.FILE).read_bytes() == before
    for _, _, _, _, old, new in RENAMES:
        assert follow(tmp_path / "site", old)[0] == new


def test_an_address_taken_by_a_real_page_again_is_not_redirected():
    known = [addresses.Address("case study", "b", "B", "case-studies/b/", ["case-studies/a/"])]
    updated = addresses.update(known, [("case study", "b", "B", "case-studies/b/"),
                                       ("case study", "a", "A", "case-studies/a/")])
    assert addresses.redirects(updated) == {}


def test_the_offline_build_leaves_the_published_addresses_alone(tmp_path):
    """The build for reading from disk names pages by file (x.html): those are not addresses
    the published site ever had, so nothing is remembered or redirected from them."""
    project = copy_repo(tmp_path / "portal")
    before = (project / addresses.FILE).read_bytes()
    result = run_build(project, tmp_path / "site", env=build_env(CLN_OFFLINE="true"))
    assert result.returncode == 0, result.stderr
    assert (project / addresses.FILE).read_bytes() == before


def test_the_remembered_addresses_are_the_files_own_whatever_the_cache_holds(tmp_path):
    """The build reads addresses.yml through a cache (YAML costs ~2 ms an address); a hand edit,
    even one that keeps the file's length, is read from the file and never from the cache."""
    path, cache = tmp_path / "addresses.yml", tmp_path / "cache.json"
    known = [addresses.Address("case study", "b", "B", "case-studies/b/", ["case-studies/a/"]),
             addresses.Address("episode", "e", "Ünïcode \U0001F600 & 'quotes'", "podcast/e/")]
    path.write_text(addresses.text_of(known), encoding="utf-8")
    assert addresses.load_remembered(path, cache) == (known, path.read_text(encoding="utf-8"), False)
    addresses.remember(cache, known, path.read_text(encoding="utf-8"))
    assert addresses.load_remembered(path, cache) == (known, path.read_text(encoding="utf-8"), True)
    edited = path.read_text(encoding="utf-8").replace("case-studies/b/", "case-studies/c/")
    path.write_text(edited, encoding="utf-8")
    moved = [addresses.Address("case study", "b", "B", "case-studies/c/", ["case-studies/a/"]), known[1]]
    assert addresses.load_remembered(path, cache) == (moved, edited, False)
    written = addresses.text_of(moved)  # what the build writes is remembered as it is read back
    path.write_text(written, encoding="utf-8")
    addresses.remember_written(cache, moved, written)
    assert addresses.load_remembered(path, cache) == (moved, written, True)
