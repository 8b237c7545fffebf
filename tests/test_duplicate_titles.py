"""Two items of one content type with the same title: an error naming both files (a list would
show the title twice and readers could not tell them apart)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import build_env, copy_repo, run_build

from cln_portal.content.catalogue import Catalogue, Entry


def test_a_title_used_twice_within_a_kind_names_both_files():
    catalogue = Catalogue()
    catalogue.add(Entry("column", "a", "Why clinicians must lead", "", "content/columns/posts/a.md"))
    catalogue.add(Entry("column", "b", "Why  CLINICIANS must lead", "", "content/columns/posts/b.md"))
    catalogue.add(Entry("episode", "c", "Why clinicians must lead", "", "podcasts/c.mp3"))  # another kind
    assert [str(p) for p in catalogue.problems] == [
        "content/columns/posts/b.md: title: 'Why  CLINICIANS must lead' is also the title of the column in "
        "content/columns/posts/a.md; give each column its own title"]


def test_make_check_and_the_build_refuse_two_case_studies_with_one_title(tmp_path):
    project = copy_repo(tmp_path / "portal")
    original = project / "case_studies" / "end-of-life-register.md"
    text = original.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1).strip().strip('"\'')
    (project / "case_studies" / "end-of-life-register-copy.md").write_text(text, encoding="utf-8")
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    check = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    lines = [line for line in check.stdout.splitlines() if "is also the title" in line]
    assert len(lines) == 1, check.stdout
    both = ("case_studies/end-of-life-register-copy.md", "case_studies/end-of-life-register.md")
    assert all(name in lines[0] for name in both) and title in lines[0], lines[0]
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and lines[0].removeprefix("ERROR: ") in build.stderr, build.stderr
