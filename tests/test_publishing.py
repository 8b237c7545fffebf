"""Publishing: a failed build never touches the live site, two builds of a commit are identical,
and ``make publish`` only ever publishes a commit.

These run scripts/build_site.py (what ``make build`` and ``make publish`` call) in copies of the
repository that are real git checkouts with a fixed commit date.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BIN, REPO, build_env, copy_repo, require_tool

SCRIPT = "scripts/build_site.py"
COMMIT_DATE = "2009-02-16T09:30:00+00:00"
COMMIT_EPOCH = int(dt.datetime.fromisoformat(COMMIT_DATE).timestamp())
GIT_ENV = {
    "GIT_AUTHOR_NAME": "CLN comms", "GIT_AUTHOR_EMAIL": "comms@example.org",
    "GIT_COMMITTER_NAME": "CLN comms", "GIT_COMMITTER_EMAIL": "comms@example.org",
    "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
}


def env(**extra: str) -> dict[str, str]:
    base = build_env(**GIT_ENV)
    base.pop("SOURCE_DATE_EPOCH", None)
    base["NOTIFY"] = "no"  # never tell the real WebSub hubs or Podcast Index (test_podcast_notify.py)
    base.update(extra)
    return base


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project, env=env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def checkout(dest: Path) -> Path:
    """A copy of the repository committed in a fresh git repository, dated COMMIT_DATE."""
    project = copy_repo(dest)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Content for publishing tests")
    return project


def run_script(project: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *args], cwd=project, env=env(**extra_env),
                          capture_output=True, text=True, timeout=600)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder``: its bytes' hash, mtime and mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[path.relative_to(folder).as_posix()] = (digest, info.st_mtime_ns, info.st_mode)
    return found


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if ".building-" in p.name or ".old-" in p.name)


# The clock, moved to a day nobody writes in content: if it leaks into the site, it shows.
FAKE_NOW = dt.datetime(2031, 7, 9, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One committed checkout, built once with the script, with the clock set to FAKE_NOW."""
    require_tool("faketime", why="it moves the build's clock to prove the build never reads it")
    project = checkout(tmp_path_factory.mktemp("built") / "portal")
    fake = ["faketime", FAKE_NOW.strftime("%Y-%m-%d %H:%M:%S")]
    result = subprocess.run([*fake, sys.executable, SCRIPT], cwd=project, env=env(TZ="UTC"),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return project


def test_the_build_uses_the_last_commit_date_not_the_clock(built):
    site = built / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2009-02-16</lastmod>" in sitemap
    with gzip.open(site / "sitemap.xml.gz") as fh:
        assert fh.read().decode("utf-8") == sitemap
    # The gzip header's mtime (bytes 4 to 8) is the commit's day, not the time of the build.
    header_mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert dt.datetime.fromtimestamp(header_mtime, dt.timezone.utc).date() == dt.date(2009, 2, 16)
    # Every file carries the commit's time, and ordinary permissions a web server can read.
    for path in [site, *site.rglob("*")]:
        info = path.stat()
        assert int(info.st_mtime) == COMMIT_EPOCH, path
        assert info.st_mode & 0o755 == 0o755 if path.is_dir() else info.st_mode & 0o644 == 0o644, path


def the_clock_in_every_format() -> list[str]:
    formats = []
    for day in (FAKE_NOW.date(), (FAKE_NOW + dt.timedelta(days=1)).date()):
        formats += [
            day.isoformat(),                                      # 2026-11-27 (sitemap, ISO, Atom)
            day.strftime("%d %b %Y"),                             # 27 Nov 2026 (RFC 822, RSS)
            f"{day.day} {day.strftime('%B')} {day.year}",         # 27 November 2026 (NHS style)
            f"{day.day} {day.strftime('%b')} {day.year}",
            day.strftime("%Y/%m/%d"), day.strftime("%d/%m/%Y"),
        ]
    return formats


def test_no_built_file_contains_the_date_of_the_build(built):
    """The clock must not leak: not in pages, sitemap, search index, nor any feed."""
    site = built / "site"
    leaks = []
    patterns = the_clock_in_every_format() + ["2031"]
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="ignore")
        leaks += [f"{path.relative_to(site)}: {p}" for p in patterns if p in text]
    assert not leaks, "the build wrote the clock's date (set it from SOURCE_DATE_EPOCH or the content " \
                      "dates, see cln_portal.runtime.buildtime.build_time):\n" + "\n".join(leaks)


def test_two_builds_of_one_commit_are_byte_identical(built, tmp_path):
    """Another checkout of the same commit, elsewhere, on another day, with another hash seed."""
    other = checkout(tmp_path / "elsewhere" / "portal")
    assert git(other, "rev-parse", "HEAD") == git(built, "rev-parse", "HEAD")
    result = run_script(other, PYTHONHASHSEED="12345")
    assert result.returncode == 0, result.stderr
    first, second = snapshot(built / "site"), snapshot(other / "site")
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"these files differ between two builds of one commit: {differing}"
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind.js", "index.html"):
        assert name in first


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(built):
    before = snapshot(built / "site")
    vocabulary = built / "content" / "_data" / "vocabulary.yml"
    original = vocabulary.read_bytes()
    vocabulary.write_text("regions: [unclosed\n", encoding="utf-8")
    try:
        result = run_script(built)
    finally:
        vocabulary.write_bytes(original)
    assert result.returncode == 1
    assert "vocabulary.yml" in result.stderr
    assert "site/ was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_a_broken_page_fails_the_build_without_touching_the_site(built):
    before = snapshot(built / "site")
    page = built / "content" / "broken-link.md"
    page.write_text("# Broken\n\nSee [the missing page](no-such-page.md).\n", encoding="utf-8")
    try:
        result = run_script(built)
    finally:
        page.unlink()
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_an_interrupted_build_leaves_the_site_and_no_temporary_folder(built, tmp_path):
    before = snapshot(built / "site")
    hook = built / "slow_hook.py"
    hook.write_text("import time\n\ndef on_post_build(config):\n    time.sleep(60)\n", encoding="utf-8")
    config = built / "mkdocs.yml"
    original = config.read_bytes()
    config.write_bytes(original + b"\nhooks:\n  - slow_hook.py\n")
    try:
        process = subprocess.Popen([sys.executable, SCRIPT], cwd=built, env=env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        # Wait until MkDocs has written pages into the temporary folder, then stop the build.
        while time.monotonic() < deadline:
            partial = [p for p in built.glob(".site.building-*") if (p / "index.html").exists()]
            if partial:
                break
            time.sleep(0.1)
        assert partial, "the build never started writing"
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    finally:
        config.write_bytes(original)
        hook.unlink()
    assert process.returncode != 0
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_publish_refuses_uncommitted_changes(tmp_path):
    project = checkout(tmp_path / "portal")
    (project / "content" / "about.md").write_text("# Changed but not committed\n", encoding="utf-8")
    (project / "content" / "new-page.md").write_text("# Not added\n", encoding="utf-8")
    result = run_script(project, "--publish", "--target", str(tmp_path / "www"))
    assert result.returncode == 1
    assert "Refusing to publish" in result.stderr
    assert "content/about.md" in result.stderr and "content/new-page.md" in result.stderr
    assert "Commit them" in result.stderr
    assert not (project / "site").exists(), "it built although it refused"
    assert not (tmp_path / "www").exists(), "it deployed although it refused"


def test_make_publish_rsyncs_a_clean_checkout_to_target(tmp_path):
    require_tool("rsync", why="make publish TARGET=... deploys with rsync")
    project = checkout(tmp_path / "portal")
    target = tmp_path / "www" / "cln"
    target.parent.mkdir()  # the web server's folder; rsync creates cln/ in it
    venv = BIN.parent
    result = subprocess.run(
        ["make", "publish", f"TARGET={target}", f"VENV={venv}", "-o", f"{venv}/.installed", "-o", "node_modules/.package-lock.json"],
        cwd=project, env=env(), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Site published to {target}" in result.stdout
    assert snapshot(target) == snapshot(project / "site")
    # Publishing the same commit again changes nothing at the target (rsync compares contents).
    stale = target / "stale.html"
    stale.write_text("removed by --delete", encoding="utf-8")
    again = run_script(project, "--publish", "--target", str(target))
    assert again.returncode == 0, again.stderr
    assert not stale.exists()
    assert snapshot(target) == snapshot(project / "site")


def test_publish_says_which_files_the_build_updated_so_they_get_committed(tmp_path):
    """The podcast's GUID lock (podcasts/published.yml) is written by the build: say so."""
    require_tool("rsync", why="make publish TARGET=... deploys with rsync")
    project = checkout(tmp_path / "portal")
    (project / "lock_hook.py").write_text(
        "from pathlib import Path\n\ndef on_post_build(config):\n"
        "    Path(config.config_file_path).with_name('lock.yml').write_text('published: [new]\\n')\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_bytes(config.read_bytes() + b"\nhooks:\n  - lock_hook.py\n")
    (project / "lock.yml").write_text("published: []\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "A build that updates a tracked file")
    (tmp_path / "www").mkdir()
    result = run_script(project, "--publish", "--target", str(tmp_path / "www" / "cln"))
    assert result.returncode == 0, result.stderr
    assert "The build updated these files; commit them now" in result.stdout
    assert " M lock.yml" in result.stdout


def test_publish_pushes_the_same_bytes_to_github_pages(tmp_path):
    """The default deploy is `mkdocs gh-deploy`, here to a local bare repository as origin."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    project = checkout(tmp_path / "portal")
    git(project, "remote", "add", "origin", str(origin))
    result = run_script(project, "--publish")
    assert result.returncode == 0, result.stderr
    assert "Site published to GitHub Pages" in result.stdout
    listing = git(origin, "ls-tree", "-r", "gh-pages")
    pushed = {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}
    assert ".nojekyll" in pushed
    site = project / "site"
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert built == set(pushed) - {".nojekyll"}
    for name in built:  # byte-identical: git's blob hash of each built file
        blob = subprocess.run(["git", "hash-object", str(site / name)], capture_output=True,
                              text=True).stdout.strip()
        assert blob == pushed[name], name
    assert not list(tmp_path.glob("portal/.gh-deploy-*"))


def test_without_git_the_date_comes_from_the_content(tmp_path):
    project = copy_repo(tmp_path / "download")
    # Newer than any shipped content, so that it is the newest date.
    (project / "content" / "dated.md").write_text("---\ndate: 2012-05-04\n---\n# Dated\n", encoding="utf-8")
    result = run_script(project)
    assert result.returncode == 0, result.stderr
    assert "from the newest content date" in result.stderr
    assert "<lastmod>2012-05-04</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_build_time_prefers_source_date_epoch_then_content_never_the_clock(monkeypatch):
    from cln_portal.runtime.buildtime import FALLBACK, build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(COMMIT_EPOCH))
    assert build_time([dt.date(2020, 1, 1)]) == dt.datetime(2009, 2, 16, 9, 30, tzinfo=dt.timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_time([dt.date(2009, 3, 1), None, dt.datetime(2009, 2, 1, 10, 0)]) == \
        dt.datetime(2009, 3, 1, tzinfo=dt.timezone.utc)
    assert build_time([]) == FALLBACK
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert build_time([]) == FALLBACK


def test_the_makefile_build_goes_through_the_safe_build_script():
    dry = subprocess.run(["make", "-n", "build", "publish", "TARGET=web@host:/srv/cln"], cwd=REPO,
                         capture_output=True, text=True, env=build_env())
    assert dry.returncode == 0, dry.stderr
    assert f"{SCRIPT} --site-dir site\n" in dry.stdout
    assert f'{SCRIPT} --site-dir site --publish --target "web@host:/srv/cln"' in dry.stdout
    assert "mkdocs build" not in dry.stdout
