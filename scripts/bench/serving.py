"""`make serve`: from saving a case study to `mkdocs serve` serving the new text."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from builds import PYTHON, child_env, load_config
from library import MARKER, Library


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_of_marker(site: Path) -> str | None:
    for html in site.rglob("*.html"):
        if MARKER in html.read_text(encoding="utf-8", errors="replace"):
            return html.relative_to(site).as_posix().removesuffix("index.html")
    return None


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def serve_latency(project: Path, lib: Library, page: str, *, dirty: bool = False) -> dict:
    """Seconds from saving the marked case study to `mkdocs serve` serving the change: three
    edits of its text (the median counts) and one of its title. ``dirty``: as `make serve` runs
    it (``--dirty``, the plugin rebuilding what the edit affects); otherwise MkDocs' full rebuild."""
    port = free_port()
    cmd = [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    if dirty:
        cmd += ["--dirty"]
    # The plugin watches case_studies/ and podcasts/ itself (on_serve), as under `make serve`.
    log = open(project / ".bench-serve.log", "w")  # a pipe nobody reads would block the server
    proc = subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=log, stderr=log,
                            start_new_session=True)
    from urllib.parse import urlsplit

    base = urlsplit(load_config(project).get("site_url") or "/").path.strip("/")
    url = f"http://127.0.0.1:{port}/{base + '/' if base else ''}{page}"
    try:
        start = time.perf_counter()
        while True:
            try:
                if MARKER in fetch(url):
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.perf_counter() - start > 600:
                log.flush()
                tail = (project / ".bench-serve.log").read_text().strip().splitlines()[-1:]
                return {"error": f"mkdocs serve did not come up: {' '.join(tail)}"}
            time.sleep(0.2)
        first = time.perf_counter() - start
        original = lib.marker_source.read_text(encoding="utf-8")
        times = []
        for edit in ("body", "body", "body", "title"):
            time.sleep(1.5)  # let the watcher settle, as between a person's saves
            token = f"edited{len(times)}x{int(time.time())}"
            text = lib.marker_source.read_text(encoding="utf-8")
            if edit == "body":
                text = text.replace(MARKER, f"{MARKER} {token}", 1)
            else:
                text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)} {token}", text, count=1)
            saved = time.perf_counter()
            lib.marker_source.write_text(text, encoding="utf-8")
            while True:
                with contextlib.suppress(OSError):  # the server holds requests while it rebuilds
                    if token in fetch(url):
                        break
                if time.perf_counter() - saved > 600:
                    return {"error": f"the {edit} edit never showed"}
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
        lib.marker_source.write_text(original, encoding="utf-8")
        return {"first build": first, "edit to served": sorted(times[:3])[1], "title edit to served": times[3]}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
