"""The episode lock (podcasts/published.yml) records identity, not addresses, and in locked mode
(CI) a lock that does not match the content fails `make check` and `make build` with what to do."""

from __future__ import annotations

import subprocess

from conftest import BIN, build_env, copy_repo, run_build
from podcast_factory import silent_mp3, tag_mp3

LOCK = "podcasts/published.yml"


def make(project, *args, **env):
    venv = BIN.parent
    environ = build_env(**env)
    environ.pop("GITHUB_ACTIONS", None)
    if "CI" not in env:
        environ.pop("CI", None)
    return subprocess.run(["make", *args, f"VENV={venv}", "-o", f"{venv}/.installed"], cwd=project,
                          env=environ, capture_output=True, text=True, timeout=600)


def test_a_build_for_another_address_leaves_the_lock_untouched(tmp_path):
    project = copy_repo(tmp_path / "portal")
    before = (project / LOCK).read_bytes()
    result = run_build(project, tmp_path / "site", env=build_env(SITE_URL="https://cln.example.nhs.uk/"))
    assert result.returncode == 0, result.stderr
    assert "cln.example.nhs.uk" in (tmp_path / "site" / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert (project / LOCK).read_bytes() == before
    assert "commit it" not in result.stderr


def test_locked_mode_refuses_an_episode_without_its_lock_entry(tmp_path):
    project = copy_repo(tmp_path / "portal")
    mp3 = project / "podcasts" / "a-new-episode.mp3"
    mp3.write_bytes(silent_mp3(80))
    tag_mp3(mp3, title="A new episode", date="2009-05-01", comment="What listeners will hear.")
    (project / "podcasts" / "a-new-episode.md").write_text("---\ntranscript_exempt: silent test audio\n---\n",
                                                            encoding="utf-8")
    before = (project / LOCK).read_bytes()
    expected = (f"{LOCK}: has no entry for the episode 'a-new-episode'; run `make build` on your machine "
                f"and commit {LOCK} with the episodes (CI never writes it)")
    locked = make(project, "check", CI="true")
    assert locked.returncode != 0 and f"ERROR: {expected}" in locked.stdout, locked.stdout + locked.stderr
    assert make(project, "check").returncode == 0, "outside CI the lock is written by the build"
    build = make(project, "build", CI="true")
    assert build.returncode != 0 and expected in build.stderr, build.stderr
    assert (project / LOCK).read_bytes() == before, "CI wrote the lock"
    local = make(project, "build")
    assert local.returncode == 0, local.stderr
    assert "slug: a-new-episode" in (project / LOCK).read_text(encoding="utf-8")
    assert make(project, "check", CI="true").returncode == 0


ADDRESSES = "content/_data/addresses.yml"


def test_locked_mode_refuses_a_renamed_case_study_without_its_address(tmp_path):
    """The published-address registry is locked as the episode lock is: a renamed case study whose
    old address content/_data/addresses.yml does not record fails a locked build with the command
    to run and the file to commit, and the file is not written; an unlocked build records it."""
    import re

    project = copy_repo(tmp_path / "portal")
    old, new = "one-stop-cataract-pathway", "one-stop-cataract-clinic"
    (project / "case_studies" / f"{old}.md").rename(project / "case_studies" / f"{new}.md")
    for folder in ("content", "case_studies", "podcasts"):  # links follow, as the contributor does
        for path in (project / folder).rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            if re.search(rf"\b{old}\b", text):
                path.write_text(re.sub(rf"\b{old}\b", new, text), encoding="utf-8")
    before = (project / ADDRESSES).read_bytes()
    expected = (f"{ADDRESSES}: does not record the case study {new!r} moved from case-studies/{old}/ to "
                f"case-studies/{new}/; run `make build` on your machine and commit {ADDRESSES} "
                "(CI never writes it)")
    build = make(project, "build", CI="true")
    assert build.returncode != 0 and expected in build.stderr, build.stderr
    assert (project / ADDRESSES).read_bytes() == before, "CI wrote the published addresses"
    assert make(project, "build", LOCKED="1").returncode != 0, "LOCKED=1 is locked mode too"
    assert (project / ADDRESSES).read_bytes() == before
    local = make(project, "build")
    assert local.returncode == 0, local.stderr
    recorded = (project / ADDRESSES).read_text(encoding="utf-8")
    assert f"url: case-studies/{new}/\n  old:\n  - case-studies/{old}/\n" in recorded
    assert make(project, "build", CI="true").returncode == 0, "committed, the locked build passes"


def test_locked_mode_notes_a_new_case_study_and_lets_its_pull_request_pass(tmp_path):
    """A contributor's pull request that adds a case study (from the web editor: no local build)
    passes the locked build: nothing published has lost its address. The build notes that the
    registry does not record the new address yet, and leaves the file alone."""
    project = copy_repo(tmp_path / "portal")
    source = project / "case_studies" / "one-stop-cataract-pathway.md"
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    (project / "case_studies" / "eye-clinic-in-the-community.md").write_text(
        text.replace(title, "title: An eye clinic in the community"), encoding="utf-8")
    before = (project / ADDRESSES).read_bytes()
    build = make(project, "build", CI="true")
    assert build.returncode == 0, build.stderr
    note = (f"NOTE: {ADDRESSES}: does not record the new case study 'eye-clinic-in-the-community' at "
            f"case-studies/eye-clinic-in-the-community/ yet; run `make build` on your machine and "
            f"commit {ADDRESSES} so that a later rename keeps the address (CI never writes it)")
    assert note in build.stdout + build.stderr
    assert (project / ADDRESSES).read_bytes() == before, "CI wrote the published addresses"
    local = make(project, "build")
    assert local.returncode == 0, local.stderr
    assert "url: case-studies/eye-clinic-in-the-community/" in (project / ADDRESSES).read_text(encoding="utf-8")
