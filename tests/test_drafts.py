"""A draft's problems are notes: `make check` and the build report them (the same words) and
neither fails, even strict; the same problems in published content fail both."""

from __future__ import annotations

import subprocess
import sys

from conftest import build_env, build_problems, copy_repo, run_build
from podcast_factory import png, silent_mp3, tag_mp3


def check(project):
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def add_draft_episode(project, draft: bool = True):
    mp3 = project / "podcasts" / "a-draft-episode.mp3"
    mp3.write_bytes(silent_mp3(80))
    tag_mp3(mp3, title="A draft episode", date="2009-05-01", comment="Held back for now.")
    (project / "podcasts" / "wide.png").write_bytes(png(600, 400))
    (project / "podcasts" / "a-draft-episode.md").write_text(
        "---\nartwork: wide.png\n" + ("draft: true\n" if draft else "") +
        "transcript_exempt: silent test audio\n---\n", encoding="utf-8")


def test_a_draft_episode_with_wrong_artwork_is_noted_and_never_fails_a_strict_build(tmp_path):
    project = copy_repo(tmp_path / "portal")
    add_draft_episode(project)
    lock = (project / "podcasts" / "published.yml").read_bytes()
    checked = check(project)
    assert checked.returncode == 0, checked.stdout
    notes = [line.removeprefix("NOTE: ") for line in checked.stdout.splitlines() if line.startswith("NOTE: ")]
    assert notes and all(n.startswith("podcasts/a-draft-episode.md:2: artwork:") for n in notes), checked.stdout
    assert not any(line.startswith(("ERROR", "WARNING")) for line in checked.stdout.splitlines())
    build = run_build(project, tmp_path / "site")  # --strict
    assert build.returncode == 0, build.stderr
    assert build_problems(build.stderr) == notes
    assert (project / "podcasts" / "published.yml").read_bytes() == lock


def test_the_same_episode_published_fails_the_strict_build(tmp_path):
    project = copy_repo(tmp_path / "portal")
    add_draft_episode(project, draft=False)
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert any(p.startswith("podcasts/a-draft-episode.md:2: artwork:") for p in build_problems(build.stderr))


def test_a_draft_case_study_with_a_bad_field_is_a_note(tmp_path):
    project = copy_repo(tmp_path / "portal")
    path = project / "case_studies" / "one-stop-cataract-pathway.md"
    text = path.read_text(encoding="utf-8").replace("pathways:\n  - Planned care\n", "pathways:\n  - Planed kare\n")
    path.write_text(text.replace("---\n", "---\nstatus: draft\n", 1), encoding="utf-8")
    checked = check(project)
    assert checked.returncode == 0, checked.stdout
    assert any(line.startswith("NOTE: case_studies/one-stop-cataract-pathway.md:") and "pathways:" in line
               for line in checked.stdout.splitlines()), checked.stdout
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert [p for p in build_problems(build.stderr) if "pathways:" in p]
