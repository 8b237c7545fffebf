"""Templates mark the text to replace with TODO: a published item still holding one fails `make check`
and the build with file, field and line; a draft may keep them; the episode lock is not written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_env, copy_repo, run_build, without_todos
from podcast_factory import silent_mp3

from cln_portal.content import frontmatter, placeholders


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "cln_portal", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_repo(tmp_path / "portal")


def todo_lines(path: Path, display: str) -> list[str]:
    """The problems the rule gives for every TODO of a file, as `make check` prints them."""
    doc, problems = frontmatter.load(path, display)
    assert doc is not None and problems == []
    return [str(p) for p in placeholders.find(doc, display)]


def assert_refused(project: Path, tmp_path: Path, path: Path, expected_fields: set[str]) -> list[str]:
    display = path.relative_to(project).as_posix()
    expected = todo_lines(path, display)
    assert {line.split(": ", 2)[1].rstrip(":") for line in expected} >= expected_fields, expected
    check = cli(project, "check")
    assert check.returncode == 1, check.stdout
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    for line in expected:
        assert f"ERROR: {line}" in check.stdout, (line, check.stdout)
        assert line in build.stderr, (line, build.stderr)
    assert not (tmp_path / "site" / "index.html").exists()
    return expected


def test_the_rule_names_file_field_and_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: Real\nauthors:\n  - name: \"TODO: your name\"\n---\n\nText.\n\n"
                    "TODO: the results, and more words than the snippet should show in one line.\n",
                    encoding="utf-8")
    assert todo_lines(path, "case_studies/x.md") == [
        "case_studies/x.md:3: authors: still holds the template's placeholder 'TODO: your name': replace "
        "it with your own text (only a draft may keep a TODO)",
        "case_studies/x.md:9: body: still holds the template's placeholder 'TODO: the results, and more "
        "words than the snippet should...': replace it with your own text (only a draft may keep a TODO)",
    ]
    path.write_text("---\ntitle: TODOS and todo lists are words\n---\nA todo list.\n", encoding="utf-8")
    assert todo_lines(path, "x.md") == []


def test_a_published_case_study_from_the_template_is_refused_until_filled_in(project, tmp_path):
    assert cli(project, "new", "case-study", "Cutting waits for scans").returncode == 0
    path = project / "case_studies" / "cutting-waits-for-scans.md"
    assert cli(project, "check").returncode == 0, "a draft may keep its TODOs"
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: published")
    path.write_text(text, encoding="utf-8")
    found = assert_refused(project, tmp_path, path, {"summary", "organisation", "authors", "tags", "body"})
    assert len([line for line in found if " body: " in line]) >= 6  # every section hint
    path.write_text(without_todos(text), encoding="utf-8")
    assert cli(project, "check").returncode == 0


def test_the_shipped_template_itself_is_refused_once_published(project, tmp_path):
    template = (project / "case_studies" / "_template.md").read_text(encoding="utf-8")
    path = project / "case_studies" / "copied-by-hand.md"
    path.write_text(template.replace("status: draft", "status: published"), encoding="utf-8")
    assert_refused(project, tmp_path, path, {"title", "summary", "organisation", "authors", "body"})


def test_a_published_column_from_the_scaffold_is_refused(project, tmp_path):
    assert cli(project, "new", "column", "Leading change", "--author", "helen-carr").returncode == 0
    path = next((project / "content" / "columns" / "posts").glob("leading-change.md"))
    assert cli(project, "check").returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert_refused(project, tmp_path, path, {"standfirst", "body"})


def test_a_published_episode_from_the_scaffold_is_refused_and_never_locked(project, tmp_path):
    audio = tmp_path / "talk.mp3"
    audio.write_bytes(silent_mp3(80))
    made = cli(project, "new", "episode", str(audio), "--title", "Leading maternity change",
               "--date", "2009-04-01", "--description", "A midwife on leading change.")
    assert made.returncode == 0, made.stderr
    sidecar = project / "podcasts" / "leading-maternity-change.md"
    assert cli(project, "check").returncode == 0
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    lock = (project / "podcasts" / "published.yml").read_bytes()
    assert_refused(project, tmp_path, sidecar, {"persons", "body"})
    assert (project / "podcasts" / "published.yml").read_bytes() == lock, "a placeholder episode was locked"
    assert "leading-maternity-change" not in lock.decode()
