"""In Chromium, a draft's page in the preview (`make serve`) shows its problems in a box a reader
sees at the top, read out as a status, and the page still passes axe (WCAG 2.2 AA)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import build_env, copy_repo
from test_preview import DRIVER
from test_preview_notices import CASE_PAGE, COLUMN_PAGE, as_drafts_with_typos

from .checks import axe_run, describe_violations, screenshot
from .conftest import VIEWPORT
from .server import PortalServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    """The preview of a portal whose draft case study and draft column have a bad field."""
    tmp = tmp_path_factory.mktemp("preview-notices")
    project = copy_repo(tmp / "portal")
    as_drafts_with_typos(project)
    result = subprocess.run([sys.executable, "-c", DRIVER, str(tmp / "site"), json.dumps([])], cwd=project,
                            env=build_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    with PortalServer(tmp / "site") as server:
        yield server


@pytest.mark.parametrize("path, where", [
    (CASE_PAGE.removesuffix("index.html"), "case_studies/one-stop-cataract-pathway.md:9"),
    (COLUMN_PAGE.removesuffix("index.html"), "content/columns/posts/keeping-groups-going.md:12"),
], ids=["case study", "column"])
def test_the_draft_s_problems_are_seen_at_the_top_and_pass_axe(browser, preview_site, path, where):
    context = browser.new_context(viewport=VIEWPORT, base_url=preview_site.url, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(path, wait_until="load")
        box = page.get_by_role("status").filter(has_text="Only in this preview")
        assert box.count() == 1 and box.is_visible()
        assert where in box.inner_text() and "Did you mean" in box.inner_text()
        heading = page.locator("article h1").first.bounding_box()
        top = box.bounding_box()
        assert heading["y"] < top["y"] < heading["y"] + heading["height"] + 200, "just below the title"
        violations = axe_run(page)["violations"]
        assert not violations, describe_violations(violations)
        screenshot(page, f"preview notice {path}")
    finally:
        context.close()
