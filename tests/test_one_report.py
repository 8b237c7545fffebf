"""Each problem once, in the file that holds it, and `make check` and the build list the same ones
(the hostile corpus holds them equal case by case: tests/hostile/hostile_site.py)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import build_env, build_problems, copy_repo, run_build


def check_lines(project) -> tuple[int, list[str]]:
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    return result.returncode, [line.split(": ", 1)[1] for line in result.stdout.splitlines()
                               if line.startswith(("ERROR: ", "WARNING: "))]


def test_a_typo_in_a_case_study_is_reported_there_only_and_alike_by_check_and_build(tmp_path):
    project = copy_repo(tmp_path / "portal")
    case = project / "case_studies" / "end-of-life-register.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("pathways:\n  - End of life care\n", "pathways:\n  - End of lfe care\n"), encoding="utf-8")
    assert "End of lfe care" in case.read_text(encoding="utf-8")
    code, checked = check_lines(project)
    assert code == 1
    assert [line.split(":")[0] for line in checked] == ["case_studies/end-of-life-register.md"], checked
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert build_problems(build.stdout + build.stderr) == checked


def test_a_related_typo_is_one_problem_without_mkdocs_preamble(tmp_path):
    project = copy_repo(tmp_path / "portal")
    case = project / "case_studies" / "end-of-life-register.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(re.sub(r"^related:\n(?:  - .*\n)+", "related:\n  - dementia-care-home-liason\n", text, flags=re.M),
                    encoding="utf-8")
    code, checked = check_lines(project)
    assert code == 1 and len(checked) == 1 and "did you mean 'dementia-care-home-liaison'" in checked[0]
    build = run_build(project, tmp_path / "site")
    output = build.stdout + build.stderr
    assert build.returncode != 0 and "Error reading page" not in output, output
    assert build_problems(output) == checked
