"""`make serve`: the live preview rebuilds on a change under content/, case_studies/ and podcasts/."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, build_env, copy_repo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """`make serve` in a copy of the repository, its log collected as it runs."""

    def __init__(self, project: Path):
        self.port = free_port()
        venv = BIN.parent
        self.process = subprocess.Popen(
            ["make", "serve", f"ADDR=127.0.0.1:{self.port}", f"VENV={venv}", "-o", f"{venv}/.installed"],
            cwd=project, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line)

    def builds(self) -> int:
        """Builds that finished: the first, then one per reload of the browsers."""
        return sum("Documentation built in" in line or "Reloading browsers" in line for line in self.log)

    def wait(self, condition, what: str, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen; the preview said:\n{''.join(self.log)}")

    def get(self, path: str) -> str:
        """A page, under the address the preview says it serves on (site_url's path)."""
        base = re.search(r"Serving on (http://\S+)", "".join(self.log)).group(1).rstrip("/")
        with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def page(self, path: str) -> str:
        """A page as :meth:`get` has it, or "" while the preview does not answer."""
        try:
            return self.get(path)
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # make and the mkdocs it started
            self.process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path):
    project = copy_repo(tmp_path / "portal")
    for folder in ("case_studies", "podcasts"):
        (project / folder).mkdir(exist_ok=True)
    running = Preview(project)
    running.project = project
    try:
        running.wait(lambda: running.builds() >= 1 and "Serving on" in "".join(running.log), "the first build")
        yield running
    finally:
        running.stop()


def test_a_change_under_content_shows_in_the_preview(preview):
    page = preview.project / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added while previewing.\n", encoding="utf-8")

    def updated() -> bool:
        try:
            return "A sentence added while previewing." in preview.get("about/")
        except OSError:
            return False

    preview.wait(updated, "showing the edited page")


@pytest.mark.parametrize("folder", ["case_studies", "podcasts"])
def test_a_change_under_case_studies_or_podcasts_rebuilds(preview, folder):
    before = preview.builds()
    existing = sorted((preview.project / folder).glob("*.md"))
    changed = existing[-1] if existing else preview.project / folder / "notes.txt"
    saved = [0.0]

    def rebuilt() -> bool:
        # Save again every few seconds, as a person would: on a loaded machine the watcher may
        # still be arming itself when the first save lands.
        if time.monotonic() - saved[0] > 5:
            with changed.open("a", encoding="utf-8") as handle:
                handle.write("\n")
            saved[0] = time.monotonic()
        return preview.builds() > before

    preview.wait(rebuilt, f"a rebuild after a change in {folder}/")


def test_a_new_draft_case_study_shows_in_the_preview_marked_as_a_draft(preview):
    import sys

    result = subprocess.run([sys.executable, "-m", "cln_portal", "new", "case-study", "Previewed while drafting"],
                            cwd=preview.project, env=build_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr

    def shown() -> bool:
        try:
            page = preview.get("case-studies/previewed-while-drafting/")
        except OSError:
            return False
        return "Previewed while drafting" in page and 'class="cln-draft"' in page

    preview.wait(shown, "the draft case study in the preview, marked as a draft")


def indexed_text(preview) -> str:
    """Every page the preview's search index holds, as served: entry, metadata, fragments."""
    from cln_portal.search import canonical

    def fetch(path: str) -> bytes:
        base = re.search(r"Serving on (http://\S+)", "".join(preview.log)).group(1).rstrip("/")
        with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
            return response.read()

    entry = json.loads(fetch("pagefind/pagefind-entry.json"))
    meta_hash = entry["languages"]["en"]["hash"]
    meta, _ = canonical.decode(gzip.decompress(fetch(f"pagefind/pagefind.{meta_hash}.pf_meta")), 12)
    return "\n".join(gzip.decompress(fetch(f"pagefind/fragment/{page}.pf_fragment")).decode("utf-8")
                     for page, _ in meta[1])


def test_the_preview_serves_search_and_indexes_an_edit(preview):
    """Pagefind runs after every preview build, under the base path (/portal/): an edited page's
    new words are searchable in the preview."""
    assert "PagefindUI" in preview.get("pagefind/pagefind-ui.js")
    assert "xylarium" not in indexed_text(preview)
    page = preview.project / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe word xylarium was added while previewing.\n",
                    encoding="utf-8")

    def indexed() -> bool:
        try:
            return "xylarium" in indexed_text(preview)
        except (OSError, ValueError, KeyError):  # between two writes of the bundle
            return False

    preview.wait(indexed, "indexing the edited page")


def test_a_content_error_shows_in_the_browser_and_the_fix_brings_the_site_back(preview):
    case = preview.project / "case_studies" / "one-stop-cataract-pathway.md"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("pathways:\n  - Planned care\n", "pathways:\n  - Planed kare\n"), encoding="utf-8")
    where = "case_studies/one-stop-cataract-pathway.md:8"  # the pathways: field

    page = preview.page

    # Every address answers (no hung request) with the problem, its file and its line.
    preview.wait(lambda: where in page("case-studies/one-stop-cataract-pathway/"), "the problem shown")
    for path in ("", "podcast/", "case-studies/"):
        shown = page(path)
        assert f"<code>{where}</code> pathways: &#x27;Planed kare&#x27; is not one of the allowed values" in shown
    case.write_text(good, encoding="utf-8")
    preview.wait(lambda: "<title>A one-stop cataract pathway" in page("case-studies/one-stop-cataract-pathway/"),
                 "the site back once the file is fixed")
    # Every page the problems were shown on is written again: the blog's posts and lists too,
    # which a dirty build would otherwise skip (their sources are older than the notice).
    for path in ("", "podcast/", "columns/2009/keeping-groups-going/", "columns/category/maternity/",
                 "columns/archive/2009/"):
        assert "cln-problems" not in page(path), path
    assert "<title>Keeping the groups going" in page("columns/2009/keeping-groups-going/")


def test_a_draft_s_problem_shows_on_the_draft_s_own_page(preview):
    """A draft with a bad field (a note: the preview keeps running) shows it on its page, with
    file, line and field; the fix takes the notice away (tests/test_preview_notices.py has more)."""
    case = preview.project / "case_studies" / "one-stop-cataract-pathway.md"
    good = case.read_text(encoding="utf-8")
    draft = good.replace("---\n", "---\nstatus: draft\n", 1)
    case.write_text(draft.replace("pathways:\n  - Planned care\n", "pathways:\n  - Planed kare\n"), encoding="utf-8")
    where = "<code>case_studies/one-stop-cataract-pathway.md:9</code> pathways: &#x27;Planed kare&#x27;"

    page = preview.page

    preview.wait(lambda: where in page("case-studies/one-stop-cataract-pathway/"), "the draft's problem on its page")
    assert 'class="cln-draft"' in page("case-studies/one-stop-cataract-pathway/")
    assert "cln-preview-problems" not in page("about/")
    case.write_text(draft, encoding="utf-8")
    preview.wait(lambda: "cln-card" in page("case-studies/one-stop-cataract-pathway/"), "the fixed draft")
    assert "cln-preview-problems" not in page("case-studies/one-stop-cataract-pathway/")
