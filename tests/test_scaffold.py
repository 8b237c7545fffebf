"""`python -m cln_portal new ...`: each scaffolder's file passes `make check` and builds."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, build_env, copy_repo, require_tool, run_build, without_todos

TRICKY = 'Why clinicians must lead: "change" & <more> #1'


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "cln_portal", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def check_passes(project: Path) -> str:
    result = cli(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_repo(tmp_path / "portal")


def test_new_column_passes_check_and_builds_once_published(project, tmp_path):
    result = cli(project, "new", "column", TRICKY, "--author", "helen-carr")
    assert result.returncode == 0, result.stderr
    path = project / "content" / "columns" / "posts" / "why-clinicians-must-lead-change-and-more-1.md"
    assert f"Created {path.relative_to(project).as_posix()}" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()}\n" in text and "authors: [helen-carr]" in text
    assert "draft: true" in text
    before = check_passes(project)
    assert "columns" in before
    # Published, it builds strict and shows the title as text, escaped.
    path.write_text(without_todos(text.replace("draft: true\n", "")), encoding="utf-8")
    check_passes(project)
    site = tmp_path / "site"
    build = run_build(project, site)
    assert build.returncode == 0, build.stderr
    page = site / "columns" / str(dt.date.today().year) / path.stem / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Why clinicians must lead: &#34;change&#34; &amp; &lt;more&gt; #1" in html or \
        "Why clinicians must lead: &quot;change&quot; &amp; &lt;more&gt; #1" in html
    assert "<more>" not in html


def test_new_column_refuses_an_unknown_author_and_an_existing_file(project):
    unknown = cli(project, "new", "column", "A title", "--author", "nobody")
    assert unknown.returncode == 1
    assert "'nobody' is not in the authors file; known authors: raj-kumar" in unknown.stderr
    first = cli(project, "new", "column", "A title")
    assert first.returncode == 0, first.stderr
    path = project / "content" / "columns" / "posts" / "a-title.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMy words.\n", encoding="utf-8")
    written = path.read_bytes()
    again = cli(project, "new", "column", "A Title!")
    assert again.returncode == 1
    assert "content/columns/posts/a-title.md already exists" in again.stderr
    assert path.read_bytes() == written, "it overwrote the contributor's work"
    assert "Traceback" not in again.stderr


def test_a_title_without_letters_is_refused(project):
    result = cli(project, "new", "column", "?!")
    assert result.returncode == 1
    assert "has no letters or digits" in result.stderr


def test_make_targets_pass_the_title_safely(project):
    venv = BIN.parent
    title = "It's \"quoted\"; $(rm -rf /) `x`"
    result = subprocess.run(["make", "new-column", f"TITLE={title}", f"VENV={venv}", "-o", f"{venv}/.installed"],
                            cwd=project, env=build_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    created = list((project / "content" / "columns" / "posts").glob("its-quoted-rm-rf-x.md"))
    assert created, result.stdout
    assert 'title: "It\'s \\"quoted\\"; $(rm -rf /) `x`"' in created[0].read_text(encoding="utf-8")
    missing = subprocess.run(["make", "new-column", f"VENV={venv}", "-o", f"{venv}/.installed"],
                             cwd=project, env=build_env(), capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "Give the title" in missing.stderr


# --- episodes ---------------------------------------------------------------------------------

def untagged_mp3(path: Path, seconds: float = 6.0) -> Path:
    """A real spoken MP3 with no tags at all, as a recorder exports it (espeak-ng and lame)."""
    require_tool("espeak-ng", why="it speaks the test episode")
    require_tool("lame", why="it encodes the test episode as MP3")
    wav = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-w", str(wav), "Welcome to the Clinical Leaders Network podcast. "
                    "Today, one to one midwifery care in labour."], check=True, capture_output=True)
    subprocess.run(["lame", "--quiet", "-b", "32", str(wav), str(path)], check=True, capture_output=True)
    wav.unlink()
    return path


def test_new_episode_says_which_tags_are_missing_and_writes_nothing(project, tmp_path):
    audio = untagged_mp3(tmp_path / "recording.mp3")
    before = sorted(p.name for p in (project / "podcasts").iterdir())
    result = cli(project, "new", "episode", str(audio))
    assert result.returncode == 1
    for line in ("title: MISSING (required; give --title)", "date: MISSING (required; give --date)",
                 "description: MISSING (required; give --description)",
                 "series: MISSING (optional; give --series)", "chapters: MISSING (optional; give --chapters)"):
        assert line in result.stderr
    assert "Nothing was written" in result.stderr
    assert sorted(p.name for p in (project / "podcasts").iterdir()) == before


def test_new_episode_writes_the_tags_the_build_reads_and_the_episode_publishes(project, tmp_path):
    from podcast_factory import png

    from cln_portal.podcast.audio import read

    audio = untagged_mp3(tmp_path / "recording.mp3")
    original = audio.read_bytes()
    (tmp_path / "cover.png").write_bytes(png(1400, 1400))
    (tmp_path / "chapters.txt").write_text("# chapters\n00:00 Welcome\n\n0:03 One to one care\n", encoding="utf-8")
    result = cli(project, "new", "episode", str(audio), "--title", "One to one care: a midwife's view",
                 "--date", "2009-04-01", "--description", "A consultant midwife on continuity & <care>.",
                 "--series", "interviews", "--number", "7", "--artwork", str(tmp_path / "cover.png"),
                 "--chapters", str(tmp_path / "chapters.txt"))
    assert result.returncode == 0, result.stderr
    assert "title: One to one care: a midwife's view (written)" in result.stdout
    assert audio.read_bytes() == original, "the contributor's own file was changed"
    mp3 = project / "podcasts" / "one-to-one-care-a-midwifes-view.mp3"
    sidecar = project / "podcasts" / "one-to-one-care-a-midwifes-view.md"
    assert "Created podcasts/one-to-one-care-a-midwifes-view.md" in result.stdout
    # The build's own reader sees every tag that was written.
    tagged, problems = read(mp3, "podcasts/x.mp3")
    assert problems == [] and tagged is not None
    assert tagged.tag("title") == "One to one care: a midwife's view"
    assert tagged.tag("date") == "2009-04-01" and tagged.tag("album") == "Interviews"
    assert tagged.tag("description") == "A consultant midwife on continuity & <care>."
    assert tagged.tag("track") == "7"
    assert [(c.start, c.title) for c in tagged.chapters] == [(0.0, "Welcome"), (3.0, "One to one care")]
    assert tagged.artwork is not None and tagged.artwork.mime == "image/png"
    assert mp3.stat().st_size < len(original) + 20000, "tags padded the file"
    check_passes(project)
    # Published (draft line removed, the transcript written), it builds strict into the feed.
    text = sidecar.read_text(encoding="utf-8").replace("draft: true\n", "")
    sidecar.write_text(without_todos(text), encoding="utf-8")
    check_passes(project)
    site = tmp_path / "site"
    build = run_build(project, site)
    assert build.returncode == 0, build.stderr
    feed = (site / "podcast" / "feed.xml").read_text(encoding="utf-8")
    assert "One to one care: a midwife's view" in feed or "One to one care: a midwife&#x27;s view" in feed
    assert "podcast/one-to-one-care-a-midwifes-view/one-to-one-care-a-midwifes-view.mp3" in feed


def test_new_episode_refuses_an_existing_episode_and_bad_chapters(project, tmp_path):
    audio = untagged_mp3(tmp_path / "recording.mp3")
    (tmp_path / "bad.txt").write_text("00:00 Welcome\n00:99 Oops\n", encoding="utf-8")
    bad = cli(project, "new", "episode", str(audio), "--title", "T", "--date", "2009-04-01",
              "--description", "D", "--chapters", str(tmp_path / "bad.txt"))
    assert bad.returncode == 1
    assert f"{(tmp_path / 'bad.txt').as_posix()}:2: chapters: '00:99 Oops': minutes and seconds go up to 59" in bad.stderr
    late = tmp_path / "late.txt"
    late.write_text("00:00 Welcome\n10:00 After the end\n", encoding="utf-8")
    after = cli(project, "new", "episode", str(audio), "--title", "T", "--date", "2009-04-01",
                "--description", "D", "--chapters", str(late))
    assert after.returncode == 1 and "starts after the end of the audio" in after.stderr
    existing = next(p for p in (project / "podcasts").glob("*.mp3"))
    before = existing.read_bytes()
    clash = cli(project, "new", "episode", str(audio), "--title", existing.stem.replace("-", " "),
                "--date", "2009-04-01", "--description", "D")
    assert clash.returncode == 1
    assert f"podcasts/{existing.name} already exists" in clash.stderr and "Traceback" not in clash.stderr
    assert existing.read_bytes() == before


# --- case studies -----------------------------------------------------------------------------

def test_new_case_study_passes_check_and_builds_once_published(project, tmp_path):
    import yaml

    result = cli(project, "new", "case-study", TRICKY)
    assert result.returncode == 0, result.stderr
    path = project / "case_studies" / "why-clinicians-must-lead-change-and-more-1.md"
    assert "Created case_studies/why-clinicians-must-lead-change-and-more-1.md" in result.stdout
    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == TRICKY and meta["status"] == "draft"
    assert str(meta["date"]) == dt.date.today().isoformat()
    assert "Copy this file to" not in text, "the template's instructions to copy it are gone"
    cases = len([p for p in (project / "case_studies").glob("*.md") if not p.name.startswith("_")])
    assert f"{cases} case studies" in check_passes(project)
    path.write_text(without_todos(text.replace("status: draft", "status: published")), encoding="utf-8")
    check_passes(project)
    site = tmp_path / "site"
    build = run_build(project, site)
    assert build.returncode == 0, build.stderr
    html = (site / "case-studies" / path.stem / "index.html").read_text(encoding="utf-8")
    assert "Why clinicians must lead: &#34;change&#34; &amp; &lt;more&gt; #1" in html or \
        "Why clinicians must lead: &quot;change&quot; &amp; &lt;more&gt; #1" in html
    assert "<more>" not in html
    again = cli(project, "new", "case-study", TRICKY)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_make_new_case_study(project):
    venv = BIN.parent
    result = subprocess.run(["make", "new-case-study", "TITLE=Nurse-led discharge & follow-up",
                             f"VENV={venv}", "-o", f"{venv}/.installed"],
                            cwd=project, env=build_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "case_studies" / "nurse-led-discharge-and-follow-up.md").is_file()
    check_passes(project)


def test_make_new_episode_passes_the_tags_through(project, tmp_path):
    venv = BIN.parent
    audio = untagged_mp3(tmp_path / "recording.mp3")
    result = subprocess.run(["make", "new-episode", f"AUDIO={audio}", "TITLE=Action learning: \"sets\" & $(more)",
                             "DATE=2009-05-01", "DESCRIPTION=How sets work.", "NUMBER=4",
                             f"VENV={venv}", "-o", f"{venv}/.installed"],
                            cwd=project, env=build_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    from cln_portal.podcast.audio import read

    tagged, _ = read(project / "podcasts" / "action-learning-sets-and-more.mp3", "x")
    assert tagged.tag("title") == 'Action learning: "sets" & $(more)' and tagged.tag("track") == "4"
    missing = subprocess.run(["make", "new-episode", f"VENV={venv}", "-o", f"{venv}/.installed"],
                             cwd=project, env=build_env(), capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "Give the audio file" in missing.stderr


# --- the scaffolders under make: every problem at once, in make's words, no recipe echoed ------

def make_new(project: Path, target: str, *args: str) -> subprocess.CompletedProcess:
    venv = BIN.parent
    return subprocess.run(["make", target, *args, f"VENV={venv}", "-o", f"{venv}/.installed"],
                          cwd=project, env=build_env(), capture_output=True, text=True, timeout=120)


def test_make_new_episode_lists_everything_missing_at_once_in_make_variables(project, tmp_path):
    from podcast_factory import silent_mp3

    audio = tmp_path / "talk.mp3"
    audio.write_bytes(silent_mp3(80))
    before = sorted(p.name for p in (project / "podcasts").iterdir())
    result = make_new(project, "new-episode", f"AUDIO={audio}", "TITLE=Leading change", "DATE=2009-13-40",
                      "NUMBER=two")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "cln_portal new episode" not in output, "make echoed the recipe"
    assert "--" not in output.replace("---", ""), f"command options named under make:\n{output}"
    for line in ("title: Leading change (given)", "description: MISSING (required; give DESCRIPTION)",
                 "season: MISSING (optional; give SEASON)", "Nothing was written (no tag, no file).",
                 "DATE: '2009-13-40'", "NUMBER: 'two' is not an episode number", "date: cannot be used (see below)",
                 'Give DESCRIPTION to write the missing tags, for example DESCRIPTION="..."'):
        assert line in output, (line, output)
    assert "will be written" not in output
    assert sorted(p.name for p in (project / "podcasts").iterdir()) == before


def test_make_new_episode_writes_the_season(project, tmp_path):
    from podcast_factory import silent_mp3

    from cln_portal.podcast.audio import read

    audio = tmp_path / "talk.mp3"
    audio.write_bytes(silent_mp3(80))
    result = make_new(project, "new-episode", f"AUDIO={audio}", "TITLE=Leading change", "DATE=2009-03-01",
                      "DESCRIPTION=How to lead.", "SEASON=2", "NUMBER=3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "season: 2 (written)" in result.stdout and "cln_portal new" not in result.stdout
    tagged, _ = read(project / "podcasts" / "leading-change.mp3", "x")
    assert tagged.tag("disc") == "2" and tagged.tag("track") == "3"


def test_make_new_case_study_echoes_no_recipe(project):
    result = make_new(project, "new-case-study", "TITLE=Quiet make")
    assert result.returncode == 0, result.stderr
    assert "cln_portal" not in result.stdout and result.stdout.startswith("Created case_studies/quiet-make.md")
