"""`make check` on the whole hostile corpus: never a traceback, and it agrees with the build.

`make check` runs the build's own loaders without building, on every pull request. Every corpus
case goes through it in-process (fast: no MkDocs), so an input that would crash it is found here.
Where the build refuses an input while reading files, the check must refuse it too.
"""

from __future__ import annotations

import importlib
import os
import re

import pytest

from cln_portal.commands import cli
from hostile_site import fixture_project, write_files

CORPORA = ["test_hostile_pages", "test_hostile_columns", "test_hostile_case_studies", "test_hostile_podcast"]
#: Problems only a build can see: rendered HTML, templates, what MkDocs and Material make of pages.
BUILD_ONLY = ("is not allowed", "template:", "the onerror attribute", "is in the place of the generated page",
              "slug: slug", "related:", "guid", "was published", "transcript", "artwork", "is already used")


def _cases():
    for name in CORPORA:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a content type not on this branch yet
            continue
        for case in module.CASES:
            yield pytest.param(case, id=f"{name.removeprefix('test_hostile_')}:{case.name}")


@pytest.mark.parametrize("case", list(_cases()))
def test_make_check_never_crashes_and_refuses_what_the_build_refuses_on_reading(case, tmp_path, capsys):
    project = fixture_project(tmp_path / "project")
    write_files(project, case.files)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        code = cli.main(["-f", str(project / "mkdocs.yml"), "check"])
    finally:
        os.chdir(cwd)
    output = capsys.readouterr()
    text = output.out + output.err
    assert code in (0, 1), text
    if case.errors and not any(marker in e for e in case.errors for marker in BUILD_ONLY):
        assert code == 1, f"make check passed what the build refuses: {case.errors}\n{text}"
        for expected in case.errors:  # each file the build names, the check names too
            where = re.match(r"[\w./ -]+\.\w+(?=:)", expected)
            if where:
                assert where.group(0) in text, (where.group(0), text)
    if not case.errors:
        assert code == 0, text
