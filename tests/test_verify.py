"""`make verify URL=...` (issue 21): a published portal checked as podcast directories' crawlers do.

The portal is built once (with feed.max_items: 2, so archive pages are checked too) for a local
Python HTTP server on 127.0.0.1, which serves it three ways: correctly (HEAD, byte ranges, the
right types), ignoring Range, and with a wrong length for the audio."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cln_portal.commands import verify
from conftest import BIN, build_env, copy_repo, run_build
from podcast_factory import png

TYPES = {".mp3": "audio/mpeg", ".png": "image/png", ".jpg": "image/jpeg", ".xml": "application/rss+xml",
         ".json": "application/json", ".vtt": "text/vtt", ".srt": "application/x-subrip",
         ".html": "text/html; charset=utf-8"}


class Site(SimpleHTTPRequestHandler):
    """The built site under /portal/; ``server.mode``: "good", "no-ranges" or "wrong-length"."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?")[0]
        if not path.startswith("/portal/"):
            return "/nonexistent"
        local = self.server.root / path[len("/portal/"):]
        return str(local / "index.html" if local.is_dir() else local)

    def guess_type(self, path):
        if self.server.mode == "sloppy" and path.endswith((".srt", ".mp3")):
            return "text/plain"  # what a server without the types configured sends
        return TYPES.get(Path(path).suffix, "application/octet-stream")

    def body(self) -> bytes | None:
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return None
        data = path.read_bytes()
        if self.server.mode == "wrong-length" and path.suffix == ".mp3":
            data += b"\0" * 10  # a re-encoded file the feed was not rebuilt for
        if self.server.mode == "sloppy" and path.name.startswith("show-"):
            data = png(1000, 1000)  # artwork replaced on the server by a smaller image
        return data

    def answer(self, head: bool):
        data = self.body()
        if data is None:
            self.send_error(404)
            return
        status, part = 200, data
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if wanted and self.server.mode != "no-ranges":
            start = int(wanted.group(1))
            end = min(int(wanted.group(2) or len(data) - 1), len(data) - 1)
            status, part = 206, data[start:end + 1]
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(self.translate_path(self.path)))
        self.send_header("Content-Length", str(len(part)))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.end_headers()
        if not head:
            self.wfile.write(part)

    def do_GET(self):
        self.answer(head=False)

    def do_HEAD(self):
        self.answer(head=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.mode = "good"
    base = f"http://127.0.0.1:{server.server_address[1]}/portal/"
    tmp = tmp_path_factory.mktemp("verify")
    project = copy_repo(tmp / "project")
    show = project / "podcasts" / "show.yml"
    show.write_text(show.read_text(encoding="utf-8") + "feed:\n  max_items: 2\n", encoding="utf-8")
    result = run_build(project, tmp / "site", env=build_env(SITE_URL=base))
    assert result.returncode == 0, result.stderr
    server.root = tmp / "site"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, base
    server.shutdown()
    server.server_close()


def run(served, mode: str, url: str | None = None) -> tuple[list[str], verify.Verifier]:
    server, base = served
    server.mode = mode
    return verify.verify(url or base)


def test_a_correct_server_passes_every_check(served):
    problems, verifier = run(served, "good")
    assert problems == []
    # 3 subscription feeds, the main feed's archive page (4 episodes, 2 per page; each series has
    # 2) and the column's feed.
    assert verifier.feeds == 3 + 1 + 1
    audio = [u for u in verifier.checked if u.endswith(".mp3")]
    assert len(audio) == 4 and len([u for u in verifier.checked if u.endswith(".png")]) >= 3
    assert any(u.endswith("chapters.json") for u in verifier.checked)
    assert any(u.endswith("transcript.srt") for u in verifier.checked)
    site = served[0].root  # every episode has its page, listed on the podcast home, paged feeds or not
    home = (site / "podcast" / "index.html").read_text(encoding="utf-8")
    for url in audio:
        page = Path(url.split("/portal/")[1]).parent
        assert (site / page / "index.html").is_file() and f'href="{page.name}/"' in home


def test_a_server_that_ignores_ranges_fails_each_file(served):
    problems, verifier = run(served, "no-ranges")
    audio_and_art = [u for u in verifier.checked if u.endswith((".mp3", ".png"))]
    assert sorted(p.split(": ")[0] for p in problems) == sorted(audio_and_art)
    assert all("a byte-range GET answered 200, not 206" in p for p in problems)


def test_a_wrong_length_is_reported_from_head_and_the_range(served):
    problems, _ = run(served, "wrong-length")
    assert problems and all(p.split(": ")[0].endswith(".mp3") for p in problems)
    heads = [p for p in problems if "HEAD gives Content-Length" in p]
    ranges = [p for p in problems if "Content-Range gives the length" in p]
    assert len(heads) == len(ranges) == 4


def test_wrong_types_and_small_artwork_are_reported(served):
    problems, _ = run(served, "sloppy")
    srt = [p for p in problems if p.split(": ")[0].endswith(".srt")]
    assert len(srt) == 4 and all("the transcript is served as text/plain, the feed says application/x-subrip"
                                 in p for p in srt)
    mp3 = [p for p in problems if p.split(": ")[0].endswith(".mp3")]
    assert len(mp3) == 8 and all("text/plain" in p and "audio/mpeg" in p for p in mp3)  # HEAD and range GET
    art = [p for p in problems if "/artwork/show-" in p]
    assert art == [art[0]] and "is 1000x1000 pixels; Apple wants it square, 1400 to 3000 pixels" in art[0]
    assert len(problems) == len(srt) + len(mp3) + len(art)


def test_the_self_link_must_be_the_address_served(served):
    server, base = served
    problems, _ = run(served, "good", base.replace("127.0.0.1", "localhost"))
    selfs = [p for p in problems if 'atom:link rel="self"' in p]
    # The 4 feeds found from the pages; the archive page is fetched where the feed's link says.
    assert len(selfs) == 4 and all("localhost" in p.split(": ")[0] for p in selfs)


def test_the_command_prints_one_line_per_problem_and_exits_1(served):
    server, base = served
    server.mode = "no-ranges"
    result = subprocess.run([str(BIN / "python"), "-m", "cln_portal", "verify", base], capture_output=True,
                            text=True, timeout=120, env=dict(os.environ))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(base) for line in lines)
    assert re.search(rf"Checked 5 feeds and \d+ files: {len(lines)} problems", result.stderr)
    server.mode = "good"
    ok = subprocess.run([sys.executable, "-m", "cln_portal", "verify", base], capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0 and ok.stdout == "" and ": no problems" in ok.stderr
    bad = subprocess.run([sys.executable, "-m", "cln_portal", "verify", "nhs-cln.github.io"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "is not a web address" in bad.stderr
