"""Shared test helpers: build the shipped portal or a fixture site the way users do."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NoReturn

import pytest

# Property tests. In CI (CI=true) they are deterministic: the same examples on every run, so a red
# build is the code's doing, never the draw's. Nowhere do they keep an example database: a failing
# example saved in .hypothesis/ would replay on every later run of that checkout, keeping it red
# after the cause is gone (or on a branch that never had it); a failure prints its example and a
# @reproduce_failure blob instead, which is what a contributor needs to replay it on purpose.
from hypothesis import settings as _hypothesis

_hypothesis.register_profile("ci", derandomize=True, database=None, print_blob=True)
_hypothesis.register_profile("dev", database=None, print_blob=True)
_hypothesis.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


def missing(message: str, environ=os.environ) -> NoReturn:
    """Something a test needs is not on this machine: skip, saying ``message``; under CI=true
    (where .ci/run installs everything), fail instead, so CI never skips."""
    if environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tool(name: str, *, package: str | None = None, why: str, environ=os.environ) -> str:
    """The path of an optional tool a test needs. Missing: skip, saying why and how to install
    it; under CI=true (where .ci/run installs every tool), fail instead, so CI never skips."""
    found = shutil.which(name)
    if found:
        return found
    missing(f"{name} not found: {why}. Install it with `apt-get install {package or name}` "
            "(the README's apt-get line; CI does this in .ci/run).", environ)


def node_package(path: str, *, why: str, environ=os.environ) -> Path:
    """A file or folder under node_modules/ a test needs (``path`` relative to it). `make test`
    and `make build` run `npm ci` from package-lock.json first; missing (pytest run on its own
    before that): skip, saying how to install it; under CI=true, fail."""
    found = REPO / "node_modules" / path
    if not found.exists():
        missing(f"node_modules/{path} is missing: {why}. Run `npm ci --ignore-scripts` "
                "(make test and make build do).", environ)
    return found


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SITE_URL", None)
    # As typed at a shell, not from inside `make test`: an inherited MAKELEVEL makes make print
    # "Entering directory" around what a user would see.
    for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS"):
        env.pop(name, None)
    env.update(extra)
    return env


def run_build(project: Path, site_dir: Path, *, tool: str = "mkdocs", config: str = "mkdocs.yml",
              strict: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `<tool> build` in ``project`` as the comms team would, capturing its output."""
    cmd = [str(BIN / tool), "build", "-f", config, "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env or build_env(), capture_output=True,
                          text=True, timeout=600)


def bundle_pages(bundle: Path) -> dict[str, dict]:
    """What one Pagefind bundle indexed, by site URL ("/case-studies/x/"): each page's fragment
    (its url, content, meta, filters), read from the gzip chunks under its fragment/."""
    pages = {}
    for chunk in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(chunk.read_bytes()).decode("utf-8")
        data = json.loads(raw.removeprefix("pagefind_dcd"))  # Pagefind's signature, then JSON
        pages[data["url"]] = data
    return pages


def bundles(site: Path) -> list[Path]:
    """The site's Pagefind bundles: pagefind/, then those its cln-bundles.json lists."""
    main = site / "pagefind"
    manifest = main / "cln-bundles.json"
    listed = json.loads(manifest.read_text(encoding="utf-8"))["bundles"] if manifest.is_file() else []
    return [main, *(main / path for path in listed)]


def indexed_pages(site: Path) -> dict[str, dict]:
    """What Pagefind indexed in all of the site's bundles, by site URL (see bundle_pages)."""
    return {url: page for bundle in bundles(site) for url, page in bundle_pages(bundle).items()}


def set_plugin_options(project: Path, options: str) -> Path:
    """Give the cln plugin in ``project``'s mkdocs.yml these options (YAML, as under ``- cln:``)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - cln\n" in text
    config.write_text(text.replace("  - cln\n", "  - cln:\n" + textwrap.indent(options, "      ")), encoding="utf-8")
    return project


def repo_files() -> list[str]:
    """The files a clone would have: tracked plus new, not ignored."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line and (REPO / line).exists()]


def copy_repo(dest: Path) -> Path:
    """A fresh copy of the repository, as a clone would give (no site/, no .venv/)."""
    for name in repo_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target, follow_symlinks=False)
    return dest


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped portal, built once per test run with --strict."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = run_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


def without_todos(text: str) -> str:
    """A template's text with its TODO markers removed, as a contributor who filled it in leaves it."""
    import re

    return re.sub(r"\bTODO:? ?", "", text)


_LOG = re.compile(r"^(INFO|WARNING|ERROR|DEBUG)\s+-\s+(.*)$")


def build_problems(output: str) -> list[str]:
    """The problems a build reported, one line each: the lines of its error report, its
    warnings and its notes, in order, without MkDocs' log prefixes."""
    found, in_report = [], False
    for line in output.splitlines():
        logged = _LOG.match(line)
        if logged:
            level, text = logged.groups()
            in_report = level == "ERROR" and text.startswith("Found ")
            text = text.removeprefix("cln_portal: ")  # the plugin's logger names itself
            if level == "WARNING":
                found.append(text)
            elif level == "INFO" and text.startswith("NOTE: "):
                found.append(text.removeprefix("NOTE: "))
            elif level == "ERROR" and not in_report:
                found.append(text)
        elif in_report and line.strip():
            found.append(line.strip())
    return found
