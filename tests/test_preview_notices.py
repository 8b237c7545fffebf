"""`make serve` shows drafts, and a draft's problems on the draft's own page: a box at the top with
each problem's file, line, field and what to do, escaped. The public build has no such box.

The preview builds run as `make serve` runs them (``mkdocs serve --dirty``: one process, the plugin
told the command is "serve", a dirty build after each edit: tests/test_preview.py's driver);
tests/test_serve.py drives the real `make serve` once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_env, copy_repo, run_build
from test_drafts import add_draft_episode
from test_preview import DRIVER

CASE = "case_studies/one-stop-cataract-pathway.md"
CASE_PAGE = "case-studies/one-stop-cataract-pathway/index.html"
COLUMN = "content/columns/posts/keeping-groups-going.md"
COLUMN_PAGE = "columns/2009/keeping-groups-going/index.html"
TODO_CASE = "case_studies/dementia-care-home-liaison.md"
TODO_PAGE = "case-studies/dementia-care-home-liaison/index.html"
HOME = "index.html"
OTHER_PAGES = ["about/index.html", "case-studies/end-of-life-register/index.html"]
BOX = 'class="admonition warning cln-preview-problems" role="status"'
# Decap's block lists, as the shipped files have them; the typos carry markup, to be escaped.
CASE_TYPO = ("pathways:\n  - Planned care\n", "pathways:\n  - Planed <b>kare</b>\n")
COLUMN_TYPO = ("pathways:\n  - Long-term conditions\n", "pathways:\n  - Long-term conditons\n")


def as_drafts_with_typos(project: Path) -> None:
    case = project / CASE
    text = case.read_text(encoding="utf-8").replace(*CASE_TYPO)
    case.write_text(text.replace("---\n", "---\nstatus: draft\n", 1), encoding="utf-8")
    column = project / COLUMN
    text = column.read_text(encoding="utf-8").replace(*COLUMN_TYPO)
    column.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    # A draft may keep the template's TODOs: nothing to make check, listed in the preview.
    todo = project / TODO_CASE
    text = todo.read_text(encoding="utf-8").replace("## Results\n", "## Results\n\nTODO: the figures, once audited.\n")
    todo.write_text(text.replace("---\n", "---\nstatus: draft\n", 1), encoding="utf-8")
    add_draft_episode(project)  # held back even in the preview: no page of its own


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    """The preview's pages: with both drafts broken (0), then after a dirty rebuild that follows
    the case study's fix (1)."""
    tmp = tmp_path_factory.mktemp("notices")
    project = copy_repo(tmp / "portal")
    as_drafts_with_typos(project)
    site = tmp / "site"
    for build, edits in enumerate([[], [[CASE, CASE_TYPO[1], CASE_TYPO[0]]]]):
        result = subprocess.run([sys.executable, "-c", DRIVER, str(site), json.dumps(edits)], cwd=project,
                                env=build_env(), capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        for page in (CASE_PAGE, COLUMN_PAGE, TODO_PAGE, HOME, *OTHER_PAGES):
            (tmp / "kept" / str(build) / page).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(site / page, tmp / "kept" / str(build) / page)
    return project, tmp / "kept"


def shown(kept: Path, build: int, page: str) -> str:
    return (kept / str(build) / page).read_text(encoding="utf-8")


def test_a_draft_case_study_with_a_bad_field_shows_its_problem_on_its_page(previewed):
    _, kept = previewed
    page = shown(kept, 0, CASE_PAGE)
    assert "<h1>A one-stop cataract pathway</h1>" in page and 'class="cln-draft"' in page
    assert page.count(BOX) == 1, "the notice, once"
    box = page[page.index(BOX):]
    assert ("<li><code>case_studies/one-stop-cataract-pathway.md:9</code> pathways: "
            "&#x27;Planed &lt;b&gt;kare&lt;/b&gt;&#x27; is not one of the allowed values") in box
    assert "Did you mean &#x27;Planned care&#x27;?" in box.split("</li>")[0]
    assert "<b>kare</b>" not in page
    assert page.index(BOX) < page.index("The unit performed about 3,000"), "at the top of the page"


def test_a_draft_column_with_a_bad_field_shows_its_problem_on_its_page(previewed):
    _, kept = previewed
    page = shown(kept, 0, COLUMN_PAGE)
    assert page.count(BOX) == 1
    box = page[page.index(BOX):].split("</li>")[0]
    assert (f"<li><code>{COLUMN}:12</code> pathways: &#x27;Long-term conditons&#x27; is not one of the "
            "allowed values") in box and "Did you mean &#x27;Long-term conditions&#x27;?" in box


def test_a_draft_s_placeholders_are_listed_on_its_page(previewed):
    project, kept = previewed
    page = shown(kept, 0, TODO_PAGE)
    line = next(n for n, text in enumerate((project / TODO_CASE).read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("TODO: the figures"))
    assert page.count(BOX) == 1 and 'class="cln-draft"' in page
    assert (f"<li><code>{TODO_CASE}:{line}</code> body: still holds the template&#x27;s placeholder "
            "&#x27;TODO: the figures, once audited.&#x27;: replace it with your own text") in page


def test_a_problem_of_a_draft_without_a_page_is_shown_on_the_home_page(previewed):
    _, kept = previewed
    page = shown(kept, 0, HOME)
    assert page.count(BOX) == 1 and "problems in files this preview has no page for" in page
    box = page[page.index(BOX):page.index("</div>", page.index(BOX))]
    assert "<code>podcasts/a-draft-episode.md:2</code> artwork:" in box
    assert "one-stop-cataract-pathway" not in box, "a problem is shown once, on its own page"


def test_only_the_draft_s_own_page_carries_its_problems(previewed):
    _, kept = previewed
    for page in OTHER_PAGES:
        assert "cln-preview-problems" not in shown(kept, 0, page), page


def test_the_fix_takes_the_notice_away_and_the_draft_stays(previewed):
    _, kept = previewed
    fixed = shown(kept, 1, CASE_PAGE)
    assert "cln-preview-problems" not in fixed and 'class="cln-draft"' in fixed
    assert "cln-card" in fixed, "the case study as it will be published"
    assert BOX in shown(kept, 1, COLUMN_PAGE), "the column is still to fix"


def test_the_preview_pages_with_a_notice_are_valid_html(previewed, tmp_path):
    from test_valid_html import vnu_errors

    _, kept = previewed
    for page in (CASE_PAGE, COLUMN_PAGE):
        target = tmp_path / page
        target.parent.mkdir(parents=True)
        shutil.copy(kept / "0" / page, target)
    errors, pages = vnu_errors(tmp_path)
    assert pages == 2 and not errors, "\n".join(errors)


def test_the_public_build_keeps_drafts_and_notices_out(tmp_path):
    project = copy_repo(tmp_path / "portal")
    as_drafts_with_typos(project)
    site = tmp_path / "site"
    build = run_build(project, site)  # --strict: a draft's problems are notes
    assert build.returncode == 0, build.stderr
    assert not (site / CASE_PAGE).exists() and not (site / COLUMN_PAGE).exists()
    leaked = [p for p in site.rglob("*.html") if "cln-preview-problems" in p.read_text(encoding="utf-8")]
    assert not leaked, leaked
