"""The shipped nginx configuration, for real: Debian's nginx started on 127.0.0.1 over the built
portal, real requests (curl-like HEAD and ranges, a podcast app, Chromium playing an episode)
landing in its real JSON log, `cln stats` counting that log, and the Content-Security-Policy
holding on every page type with Chromium reporting no violation.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cln_portal.serve.nginx import render

from conftest import REPO, require_tool
from .conftest import new_visit
from .pages import PAGE_TYPES, an_episode, a_case_study, open_page_type

pytestmark = pytest.mark.e2e

APPLE = "Podcasts/1650.20 CFNetwork/1333.0.4 Darwin/21.5.0"
SPOTIFY = "Spotify/8.9.0 Android/34 (Pixel 8)"
#: Chromium as a listener's desktop browser (headless Chromium calls itself HeadlessChrome,
#: which the OPAWG lists rightly file as a bot).
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
EPISODE = "maternity-in-london"
AUDIO = f"podcast/{EPISODE}/{EPISODE}.mp3"


class Nginx:
    def __init__(self, site: Path, runtime: Path):
        self.nginx = require_tool("nginx", why="the tests serve the portal with the shipped nginx configuration")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.runtime = runtime
        self.log = runtime / "access.log"
        self.rendered = render(site, runtime, port=self.port)
        self.conf = runtime / "nginx.conf"
        self.conf.write_text(self.rendered.text)
        self.prefix = "/portal/"
        self.url = f"http://127.0.0.1:{self.port}{self.prefix}"
        self.process = subprocess.Popen([self.nginx, "-p", str(runtime), "-e", "stderr", "-c", str(self.conf)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start listening within 15 s")

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)  # graceful: every log line written
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def lines(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def nginx(shipped_site, tmp_path_factory):
    server = Nginx(shipped_site, tmp_path_factory.mktemp("nginx"))
    yield server
    server.stop()


def fetch(server: Nginx, path: str, *, method: str = "GET", ua: str = APPLE, headers: dict | None = None):
    request = urllib.request.Request(server.url + path, method=method, headers={"User-Agent": ua, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_types_ranges_caching_and_security_headers(nginx, shipped_site):
    status, headers, body = fetch(nginx, "", ua=DESKTOP)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300"
    csp = headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'self'") and "'unsafe-inline'" not in csp and "http" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin" and "camera=()" in headers["Permissions-Policy"]

    size = (shipped_site / AUDIO).stat().st_size
    status, headers, body = fetch(nginx, AUDIO, method="HEAD", headers={"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Type"], headers["Accept-Ranges"]) == (200, "audio/mpeg", "bytes")
    assert int(headers["Content-Length"]) == size and "Content-Encoding" not in headers
    assert headers["Cache-Control"] == "public, max-age=2592000" and body == b""
    status, headers, body = fetch(nginx, AUDIO, headers={"Range": "bytes=100-199", "Accept-Encoding": "gzip"})
    assert (status, headers["Content-Range"], len(body)) == (206, f"bytes 100-199/{size}", 100)
    assert body == (shipped_site / AUDIO).read_bytes()[100:200] and "Content-Encoding" not in headers

    types = {"podcast/feed.xml": "application/rss+xml; charset=utf-8",
             f"podcast/{EPISODE}/chapters.json": "application/json+chapters; charset=utf-8",
             f"podcast/{EPISODE}/transcript.json": "application/json; charset=utf-8",
             f"podcast/{EPISODE}/transcript.vtt": "text/vtt; charset=utf-8",
             f"podcast/{EPISODE}/transcript.srt": "application/x-subrip; charset=utf-8",
             "sitemap.xml": "application/xml; charset=utf-8"}
    for path, expected in types.items():
        status, headers, _ = fetch(nginx, path)
        assert (path, status, headers["Content-Type"]) == (path, 200, expected)
        assert headers["Cache-Control"] == "public, max-age=300", path
    bundle = next((shipped_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    status, headers, _ = fetch(nginx, f"assets/javascripts/{bundle}", ua=DESKTOP)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _ = fetch(nginx, f"podcast/{EPISODE}/", ua=DESKTOP, headers={"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"

    status, headers, body = fetch(nginx, "no/such/page/", ua=DESKTOP)
    assert status == 404 and body == (shipped_site / "404.html").read_bytes()
    assert "Content-Security-Policy" in headers


def _played_in_chromium(browser, nginx, site, episode_page: str) -> None:
    """A listener's Chromium opens the episode page, nothing is fetched (preload="none"), then plays."""
    context = browser.new_context(user_agent=DESKTOP, base_url=nginx.url)
    try:
        page = context.new_page()
        page.goto(nginx.url + episode_page, wait_until="networkidle")
        assert page.locator("audio").first.get_attribute("preload") == "none"
        assert not [line for line in nginx.lines() if line["path"].endswith(".mp3") and line["ua"] == DESKTOP]
        page.locator("audio").first.evaluate("audio => audio.play()")
        page.wait_for_function("() => { const a = document.querySelector('audio'); return a.buffered.length && "
                               "a.buffered.end(a.buffered.length - 1) >= a.duration - 0.1 }", timeout=20_000)
        page.goto(nginx.url + a_case_study(site), wait_until="load")
    finally:
        context.close()


def test_real_requests_counted_by_cln_stats(nginx, browser, shipped_site, tmp_path):
    episode_page = an_episode(shipped_site)
    slug = episode_page.strip("/").rpartition("/")[2]
    audio = f"podcast/{slug}/{slug}.mp3"
    size = (shipped_site / audio).stat().st_size
    fetch(nginx, "podcast/feed.xml", ua=APPLE)  # the app checks the feed
    fetch(nginx, audio, method="HEAD")  # ... asks the size
    fetch(nginx, audio, headers={"Range": "bytes=0-1"})  # ... probes for ranges
    half = size // 2
    fetch(nginx, audio, headers={"Range": f"bytes=0-{half}"})  # ... and downloads in two ranges
    fetch(nginx, audio, headers={"Range": f"bytes={half + 1}-"})
    fetch(nginx, audio, ua=SPOTIFY)  # another app downloads the whole file, twice
    fetch(nginx, audio, ua=SPOTIFY)
    fetch(nginx, audio, ua="Googlebot/2.1 (+http://www.google.com/bot.html)")  # a bot
    fetch(nginx, audio, ua=SPOTIFY, headers={"If-None-Match": fetch(nginx, audio, method="HEAD")[1]["ETag"]})
    _played_in_chromium(browser, nginx, shipped_site, episode_page)

    deadline = time.monotonic() + 10
    while not any(line["ua"] == DESKTOP and line["path"].endswith(".mp3") for line in nginx.lines()):
        assert time.monotonic() < deadline, "Chromium's audio request never reached the log"
        time.sleep(0.1)
    lines = nginx.lines()
    fields = {"time", "msec", "addr", "method", "path", "status", "bytes", "range", "content_range", "ua",
              "referrer", "completion"}
    assert all(set(line) == fields for line in lines)
    probe = next(line for line in lines if line["range"] == "bytes=0-1")
    assert (probe["status"], probe["content_range"], probe["bytes"]) == (206, f"bytes 0-1/{size}", 2)
    assert {line["status"] for line in lines if line["ua"] == SPOTIFY and line["path"].endswith(".mp3")} >= {200, 304}
    assert [line["method"] for line in lines if line["method"] == "HEAD"]
    feed = [line for line in lines if line["path"] == nginx.prefix + "podcast/feed.xml" and line["ua"] == APPLE]
    assert feed and feed[0]["status"] == 200 and feed[0]["completion"] == "OK"  # logged, never a download

    db = tmp_path / "stats.sqlite"
    result = subprocess.run([sys.executable, "-m", "cln_portal", "-f", str(REPO / "mkdocs.yml"), "stats", str(nginx.log),
                             "--db", str(db)], capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "Counted 3 new downloads" in result.stdout, result.stdout
    with sqlite3.connect(db) as conn:
        apps = dict(conn.execute("SELECT app, SUM(count) FROM downloads WHERE episode = ? GROUP BY app", (slug,)))
        reads = dict(conn.execute("SELECT kind || ' ' || slug, SUM(count) FROM reads GROUP BY kind, slug"))
    assert apps == {"Apple Podcasts": 1, "Spotify": 1, "Chrome": 1}
    case = a_case_study(shipped_site).strip("/").rpartition("/")[2]
    assert reads[f"episode page {slug}"] == 1 and reads[f"case study {case}"] == 1
    raw = db.read_bytes()
    for secret in ("127.0.0.1", APPLE, SPOTIFY, DESKTOP, "Googlebot/2.1"):
        assert secret.encode() not in raw, secret

    again = subprocess.run([sys.executable, "-m", "cln_portal", "-f", str(REPO / "mkdocs.yml"), "stats", str(nginx.log),
                            "--db", str(db)], capture_output=True, text=True, cwd=REPO)
    assert "Counted 0 new downloads and 0 new reads" in again.stdout, again.stdout


CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.mark.parametrize("name", [*PAGE_TYPES, "not found"])
def test_no_csp_violation_on_any_page_type(nginx, browser, shipped_site, name):
    for visit in new_visit(browser, nginx):
        visit.context.add_init_script(CSP_LISTENER)
        console: list[str] = []
        visit.context.on("console", lambda message: console.append(message.text))
        if name == "not found":
            page = visit.context.new_page()
            response = page.goto(nginx.url + "no/such/page/", wait_until="networkidle")
            assert response.status == 404
        else:
            page = open_page_type(visit, shipped_site, name, wait="networkidle")
        page.wait_for_timeout(300)
        violations = page.evaluate("window.__csp")
        refused = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        assert violations == [] and refused == [], (name, violations, refused)
        assert visit.errors == [], visit.errors
        assert page.evaluate("getComputedStyle(document.body).fontFamily"), name
