"""The portal foundation: the README's commands, the strict build, and the plugin's options."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import BIN, REPO, build_env, copy_repo, run_build, set_plugin_options


def test_make_build_in_a_fresh_copy_writes_the_portal(tmp_path):
    project = copy_repo(tmp_path / "clone")
    assert not (project / "site").exists()
    venv = BIN.parent
    # The venv is this one (a fresh clone would bootstrap its own, which CI does for real).
    result = subprocess.run(
        ["make", "build", f"VENV={venv}", "-o", f"{venv}/.installed", "-o", "node_modules/.package-lock.json"],
        cwd=project, capture_output=True, text=True, env=build_env(), timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert (site / "index.html").is_file()
    assert (site / "accessibility" / "index.html").is_file()
    assert (site / "privacy" / "index.html").is_file()
    assert f"Site built: {site}/index.html" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_the_site_builds_strict_with_mkdocs_and_properdocs(tool, tmp_path):
    site = tmp_path / "site"
    result = run_build(REPO, site, tool=tool)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (site / "index.html").is_file()


def test_every_page_links_the_accessibility_statement_and_privacy_notice(shipped_site):
    pages = list(shipped_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Accessibility statement</a>" in html, page
        assert "Privacy notice</a>" in html, page


def test_accessibility_statement_has_the_sections_the_regulations_ask_for(shipped_site):
    html = (shipped_site / "accessibility" / "index.html").read_text(encoding="utf-8")
    for heading in ("How accessible this website is", "Feedback and contact information",
                    "Enforcement procedure", "Compliance status", "Non-accessible content",
                    "Preparation of this accessibility statement"):
        assert heading in html
    assert "Equality Advisory and Support Service" in html
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility" in html


def test_no_google_fonts_and_nhs_colours(shipped_site):
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    css = (shipped_site / "assets" / "stylesheets" / "nhs.css").read_text(encoding="utf-8")
    for colour in ("#005eb8", "#212b32", "#4c6272", "#7c2855", "#330072", "#ffeb3b"):
        assert colour in css


def _project_with_plugin_options(tmp_path: Path, options: str) -> Path:
    return set_plugin_options(copy_repo(tmp_path / "project"), options)


def _option_error(tmp_path: Path, options: str, **build) -> str:
    """What a build with these plugin options prints: it must fail, without a traceback."""
    project = _project_with_plugin_options(tmp_path, options)
    result = run_build(project, tmp_path / "site", **build)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("strict", [True, False])
def test_an_unknown_plugin_option_fails_with_a_did_you_mean(tmp_path, strict):
    stderr = _option_error(tmp_path, "vocabulary_file: content/_data/vocabulary.yml\n", strict=strict)
    assert "vocabulary_file" in stderr
    assert "did you mean 'vocabulary'?" in stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_missing_vocabulary_file_fails_with_its_name(tmp_path):
    assert "content/_data/nope.yml" in _option_error(tmp_path, "vocabulary: content/_data/nope.yml\n")


def test_a_wrong_option_type_fails_clearly(tmp_path):
    stderr = _option_error(tmp_path, "vocabulary: [a, b]\n")
    assert "vocabulary" in stderr and "Expected type" in stderr


@pytest.mark.parametrize("value, shown", [("0", "0"), ("-1", "-1"), ("many", "'many'"), ("true", "True")])
def test_a_bad_search_bundle_size_fails_clearly(tmp_path, value, shown):
    stderr = _option_error(tmp_path, f"search:\n  pages_per_bundle: {value}\n")
    assert ("Plugin 'cln' option 'search': Sub-option 'pages_per_bundle': Expected a whole number of "
            f"pages, at least 1, but received: {shown}") in stderr, stderr


def test_a_misspelt_search_option_fails_with_a_did_you_mean(tmp_path):
    stderr = _option_error(tmp_path, "search:\n  pages_per_bundel: 500\n")
    assert "search.pages_per_bundel" in stderr and "did you mean 'search.pages_per_bundle'?" in stderr


#: The core's packages (one per content type) and shared helpers, as the README's Layout table names them.
CORE_MODULES = [
    "cln_portal.case_studies", "cln_portal.podcast", "cln_portal.podcast.transcripts", "cln_portal.podcast.pages",
    "cln_portal.column", "cln_portal.column.feed", "cln_portal.interviews", "cln_portal.pages",
    "cln_portal.content.frontmatter", "cln_portal.content.problems", "cln_portal.content.dates",
    "cln_portal.content.text", "cln_portal.content.vocabulary", "cln_portal.content.catalogue",
    "cln_portal.content.paths", "cln_portal.markup.fragments", "cln_portal.markup.safety",
    "cln_portal.search.index", "cln_portal.search.canonical", "cln_portal.search.markup", "cln_portal.runtime.filecache", "cln_portal.runtime.buildtime",
    "cln_portal.runtime.timing", "cln_portal.commands.cli", "cln_portal.commands.check",
    "cln_portal.commands.scaffold",
]


def test_the_core_imports_without_mkdocs(tmp_path):
    """The core must run under any generator: import every core module with mkdocs blocked."""
    script = f"EXPECTED = {CORE_MODULES!r}\n" + textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "mkdocs" or name.startswith("mkdocs.") or name == "material" or name.startswith("material."):
                    raise ImportError("blocked: " + name)

        sys.meta_path.insert(0, Block())
        import cln_portal
        names = [m.name for m in pkgutil.walk_packages(cln_portal.__path__, "cln_portal.")
                 if not m.name.startswith("cln_portal.mkdocs_plugin")]
        missing = [name for name in EXPECTED if name not in names]
        assert not missing, f"not found: {missing}"
        for name in names:
            importlib.import_module(name)
        assert not any(n == "mkdocs" or n.startswith("mkdocs.") for n in sys.modules)
        print(len(names), "core modules")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[0])
    # Every content type's package and every shared helper's module was among those imported.
    assert count >= len(CORE_MODULES)


def test_the_plugin_is_registered_for_mkdocs_and_properdocs():
    from importlib.metadata import entry_points

    for group in ("mkdocs.plugins", "properdocs.plugins"):
        found = [ep for ep in entry_points(group=group) if ep.name == "cln"]
        assert found, group
        assert found[0].load().__name__ == "PortalPlugin"
