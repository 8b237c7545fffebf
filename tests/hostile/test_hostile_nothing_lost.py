"""Nothing lost: `make build` with broken input fails clearly and leaves the published site as it was.

MkDocs itself empties the site folder before it builds; the portal's `make build` builds beside it
and swaps only a complete site in. These cases break the build at each stage the plugin checks
(reading files, reading front matter, rendered content, columns) and compare the site byte for byte.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess

from conftest import BIN, REPO, build_env
from hostile_site import column, fixture_project, write_files

VENV = BIN.parent

BROKEN = {
    "front matter that is not YAML": ({"content/bad.md": "---\ntitle: A: B\n---\n"},
                                      "content/bad.md:2: front matter is not valid YAML"),
    "a page that is not UTF-8": ({"content/bad.md": b"caf\xe9"}, "content/bad.md: is not UTF-8 text"),
    "a javascript: link in rendered content": ({"content/bad.md": "[x](javascript:alert(1))\n"},
                                               "content/bad.md: link 'javascript:alert(1)' is not allowed"),
    "a column with an impossible date": ({"content/columns/posts/bad.md": column(date="2026-13-40")},
                                         "content/columns/posts/bad.md:4: date: '2026-13-40' is not a real date"),
}


def _snapshot(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _make_build(project):
    return subprocess.run(["make", "build", f"VENV={VENV}", "-o", f"{VENV}/.installed"], cwd=project,
                          capture_output=True, text=True, env=build_env(), timeout=600)


def test_a_failed_make_build_leaves_the_previous_site_as_it_was(tmp_path):
    project = fixture_project(tmp_path / "project")
    for name in ("Makefile", "scripts/build_site.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, project / name)
    write_files(project, {"content/columns/posts/good.md": column(title="A good column")})
    first = _make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "site"
    before = _snapshot(site)
    assert "index.html" in before and "columns/2009/good/index.html" in before

    for what, (files, message) in BROKEN.items():
        write_files(project, files)
        result = _make_build(project)
        output = result.stdout + result.stderr
        assert result.returncode != 0, what
        assert message in output, (what, output)
        assert "Traceback" not in output, (what, output)
        assert _snapshot(site) == before, f"{what}: the published site changed"
        assert not [p for p in project.iterdir() if p.name.startswith(".site.building-")], what
        for name in files:
            (project / name).unlink()
