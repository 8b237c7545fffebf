"""The commands as people meet them: `cln` and its plain help, `make`/`make help`, and messages."""

from __future__ import annotations

import re
import subprocess

from conftest import BIN, REPO, build_env, copy_repo

from cln_portal.content import frontmatter
from cln_portal.content.dates import parse_date


def test_the_cln_command_has_plain_help_listing_its_subcommands():
    result = subprocess.run([str(BIN / "cln"), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: cln ")
    assert "`" not in result.stdout, "RST or Markdown markup in the help"
    for name in ("check", "new"):
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), result.stdout
    new = subprocess.run([str(BIN / "cln"), "new", "episode", "--help"], capture_output=True, text=True)
    assert "--season" in new.stdout and "`" not in new.stdout


def test_make_and_make_help_list_every_target_with_one_line():
    venv = BIN.parent
    targets = re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    for args in ([], ["help"]):
        result = subprocess.run(["make", *args, f"VENV={venv}"], cwd=REPO, env=build_env(),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "is up to date" not in result.stdout
        listed = dict(re.findall(r"^  ([a-z][a-z-]*) +(\S.*)$", result.stdout, re.M))
        assert sorted(listed) == sorted(targets), result.stdout


def test_an_impossible_date_says_what_is_impossible():
    for value, reason in (("2009-13-40", "there is no month 13"), ("2009-02-29", "February 2009 has 28 days")):
        try:
            parse_date(value)
        except ValueError as exc:
            assert reason in str(exc) and "write it as YYYY-MM-DD" not in str(exc), exc
        else:
            raise AssertionError(value)


def test_a_tab_in_front_matter_says_tab(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: A\nauthors:\n\t- name: Dr Ada Jones\n---\nText.\n", encoding="utf-8")
    _, problems = frontmatter.load(path, "case_studies/x.md")
    assert [str(p) for p in problems] == [
        "case_studies/x.md:4: front matter has a tab character in its indentation; YAML is indented with "
        "spaces only: replace the tab with spaces"]


def test_a_configuration_error_does_not_send_people_to_make_check(tmp_path):
    project = copy_repo(tmp_path / "portal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - cln\n", "  - cln:\n      vocabulray: x\n"),
                      encoding="utf-8")
    result = subprocess.run([str(BIN / "python"), "scripts/build_site.py", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=build_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "vocabulray" in result.stderr, result.stderr
    assert "make check" not in result.stderr and "every content problem" not in result.stderr
