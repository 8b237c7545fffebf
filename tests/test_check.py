"""`make check`: every problem in one run, with file, line, field and fix; exit codes; annotations."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO, build_env, copy_repo
from cln_portal.commands import check as checks
from cln_portal.content.problems import Problem


def run_check(project: Path, **env: str) -> subprocess.CompletedProcess:
    environment = build_env(**env)
    if "GITHUB_ACTIONS" not in env:
        environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project,
                          env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The portal with several broken files at once."""
    project = copy_repo(tmp_path_factory.mktemp("broken") / "portal")
    (project / "content" / "bad-yaml.md").write_text(
        "---\ntitle: Fine\nsummary: a: colon\n---\n# Page\n", encoding="utf-8")
    (project / "content" / "latin1.md").write_bytes("# Caf\xe9 notes\n".encode("latin-1"))
    (project / "content" / "unclosed.md").write_text("---\ntitle: No end\n# Page\n", encoding="utf-8")
    (project / "content" / "list.md").write_text("---\n- one\n- two\n---\n# Page\n", encoding="utf-8")
    (project / "content" / "columns" / "posts" / "a-broken-column.md").write_text(textwrap.dedent("""\
        ---
        title: A broken column
        standfirst: The director on a region that does not exist and a link to nowhere.
        date: 2009-04-06
        authors: [raj-kumar]
        region: North Westt
        related: [sharing-what-work]
        ---

        Text of the column.
        """), encoding="utf-8")
    (project / "content" / "columns" / "posts" / "a-linked-column.md").write_text(textwrap.dedent("""\
        ---
        title: A column with a mistyped link
        standfirst: The director links to a column by a slightly wrong name.
        date: 2009-04-13
        authors: [raj-kumar]
        related: [sharing-what-work]
        ---

        Text of the column.
        """), encoding="utf-8")
    return project


def test_the_shipped_content_passes(tmp_path):
    result = run_check(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All content is valid" in result.stdout
    assert "::error" not in result.stdout


def test_every_broken_file_is_reported_in_one_run_with_line_and_fix(broken):
    result = run_check(broken)
    assert result.returncode == 1
    out = result.stdout
    assert "ERROR: content/bad-yaml.md:3: front matter is not valid YAML" in out
    assert "quote values that contain a colon" in out
    assert "ERROR: content/latin1.md: is not UTF-8 text" in out and "save it as UTF-8" in out
    assert "ERROR: content/unclosed.md:1: front matter starts with '---' but has no closing" in out
    assert "ERROR: content/list.md:2: front matter must be 'field: value' lines" in out
    assert "ERROR: content/columns/posts/a-broken-column.md:6: region: 'North Westt' is not one of the " \
           "allowed values" in out and "Did you mean 'NHS North West'?" in out
    assert "ERROR: content/columns/posts/a-linked-column.md: related: 'sharing-what-work' is not the slug " \
           "of any case study, episode, column or interview; did you mean 'sharing-what-works'?" in out
    assert "Found 6 problems in 6 files" in out
    assert "Traceback" not in result.stderr
    assert "::error" not in out, "annotations only under GitHub Actions"


def test_under_github_actions_each_problem_is_also_an_annotation(broken):
    result = run_check(broken, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 6
    assert ("::error file=content/bad-yaml.md,line=3,title=content problem::front matter is not "
            "valid YAML") in result.stdout
    assert any(a.startswith("::error file=content/latin1.md,title=") for a in annotations)


def test_a_broken_vocabulary_is_reported_and_the_pages_are_still_checked(tmp_path):
    project = copy_repo(tmp_path / "portal")
    vocabulary = project / "content" / "_data" / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8").replace("qualities: [Political astuteness, Broad scanning]",
                                                          "qualities: [Political astutenes, Broad scanning]")
    vocabulary.write_text(text, encoding="utf-8")
    (project / "content" / "unclosed.md").write_text("---\ntitle: x\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "content/_data/vocabulary.yml: competencies: Organisational savvy maps to unknown quality " \
           "'Political astutenes'" in result.stdout
    assert "content/unclosed.md:1:" in result.stdout


def test_a_mistyped_plugin_option_is_reported_as_the_build_would(tmp_path):
    project = copy_repo(tmp_path / "portal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - cln\n", "  - cln:\n      vocabulary_file: content/_data/vocabulary.yml\n"), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stdout and "did you mean 'vocabulary'?" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_outside_the_portal_it_says_where_to_run(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: not found; run this in the portal's folder" in result.stdout


def test_warnings_are_shown_but_do_not_fail(monkeypatch, tmp_path):
    project = checks.Project(root=tmp_path, options={}, docs_dir=tmp_path)
    (tmp_path / "content" / "_data").mkdir(parents=True)
    (tmp_path / "content" / "_data" / "vocabulary.yml").write_bytes(
        (REPO / "content" / "_data" / "vocabulary.yml").read_bytes())
    warning = Problem("case_studies/a.md", "is due for review", field="reviewed", line=4, severity="warning")
    monkeypatch.setitem(checks.CONTENT_TYPES, "reviews", lambda p: ([1, 2], [warning]))
    result = checks.run(project)
    assert result.errors == [] and result.problems == [warning]
    text = checks.report(result, github=True)
    assert "WARNING: case_studies/a.md:4: reviewed: is due for review" in text
    assert "::warning file=case_studies/a.md,line=4,title=reviewed%3A invalid value::reviewed: is due for review" in text
    # Other registered content types (with 0 items here) are listed between the two.
    assert "All content is valid (checked " in text and ", 2 reviews)." in text


def test_a_content_type_is_registered_in_one_line_and_runs_after_a_broken_one(monkeypatch, tmp_path):
    (tmp_path / "content" / "_data").mkdir(parents=True)
    (tmp_path / "content" / "_data" / "vocabulary.yml").write_bytes(
        (REPO / "content" / "_data" / "vocabulary.yml").read_bytes())
    project = checks.Project(root=tmp_path, options={}, docs_dir=tmp_path / "content")
    seen = []

    def second(p):
        seen.append(p.vocabulary)
        return [], []

    monkeypatch.setitem(checks.CONTENT_TYPES, "first",
                        lambda p: ([], [Problem("a.md", "broken", field="title", line=2)]))
    monkeypatch.setitem(checks.CONTENT_TYPES, "second", second)
    result = checks.run(project)
    assert seen and seen[0] is not None, "the second type ran, with the vocabulary loaded"
    assert [str(p) for p in result.errors] == ["a.md:2: title: broken"]


@pytest.mark.parametrize("raw, expected", [
    ("100% done", "100%25 done"),
    ("line one\nline two\r\n", "line one%0Aline two%0D%0A"),
    ("a: b, c", "a: b, c"),
])
def test_annotation_messages_are_escaped_as_github_requires(raw, expected):
    assert checks.escape_data(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("case_studies/a,b.md", "case_studies/a%2Cb.md"),
    ("C:\\x\n%", "C%3A\\x%0A%25"),
])
def test_annotation_properties_also_escape_colon_and_comma(raw, expected):
    assert checks.escape_property(raw) == expected


def test_an_annotation_cannot_be_broken_by_the_message():
    problem = Problem("content/x, y.md", "bad value 'a::b'\n::error file=evil.md::injected", field="title", line=7)
    line = checks.annotation(problem)
    assert "\n" not in line
    assert line.startswith("::error file=content/x%2C y.md,line=7,title=title%3A invalid value::")
    assert line.endswith("title: bad value 'a::b'%0A::error file=evil.md::injected")


def test_site_pages_are_checked_with_the_builds_rules_and_excluded_files_are_not(tmp_path):
    project = copy_repo(tmp_path / "portal")
    (project / "content" / "listed-title.md").write_text("---\ntitle: [a, b]\n---\nText.\n", encoding="utf-8")
    (project / "content" / "bad-template.md").write_text("---\ntemplate: ../../etc/passwd\n---\nText.\n",
                                                         encoding="utf-8")
    (project / "content" / "leak.md").symlink_to("/etc/hostname")
    (project / "content" / "_data" / "notes.md").write_text("---\n: not yaml\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    out = result.stdout
    assert "ERROR: content/listed-title.md:2: title: must be plain text, not a list" in out
    assert "ERROR: content/bad-template.md:2: template: '../../etc/passwd' points outside the templates" in out
    assert "ERROR: content/leak.md: is a symbolic link to /etc/hostname, outside the repository" in out
    assert "_data/notes.md" not in out, "exclude_docs applies, as in the build"
    assert "Found 3 problems in 3 files" in out


def test_episodes_are_checked_by_the_podcast_core_with_the_transcript_rule(tmp_path):
    project = copy_repo(tmp_path / "portal")
    sidecar = next(p for p in sorted((project / "podcasts").glob("*.md"))
                   if "## Transcript" in p.read_text(encoding="utf-8"))
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text[:text.index("## Transcript")].replace("---\n", "---\nseries: Interveiws\n", 1),
                       encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    audio = sidecar.with_suffix(".mp3").relative_to(project).as_posix()
    shown = sidecar.relative_to(project).as_posix()
    assert f"ERROR: {shown}:2: series: 'Interveiws' is not a series of the show; did you mean 'Interviews'?" \
        in result.stdout
    assert f"ERROR: {audio}: transcript: has no transcript, which WCAG 2.2 (1.2.1) requires" in result.stdout
    assert "episodes" in result.stdout.splitlines()[-1]
