"""Publish notifications (issue 21): after `make publish` the WebSub hubs, the Podcast Index and
podping are told that each feed changed. A local HTTP server on 127.0.0.1 stands in for every
service (show.yml's hubs: and notify: point at it) and records the requests it receives."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cln_portal import podcast as core
from cln_portal.podcast import notify
from podcast_factory import SHOW, add_episode, podcast_folder

SITE = "https://nhs-cln.github.io/portal/"
FEEDS = [SITE + "podcast/feed.xml", SITE + "podcast/interviews/feed.xml", SITE + "podcast/key-information/feed.xml"]


class Services(ThreadingHTTPServer):
    """Records (method, path, query, body, headers); answers 500 on /broken, else 204/200."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Recorder)
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Recorder(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self):
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("ascii") if length else ""
        with self.server.lock:
            self.server.requests.append({"method": self.command, "path": parts.path,
                                         "query": urllib.parse.parse_qs(parts.query),
                                         "body": urllib.parse.parse_qs(body), "headers": dict(self.headers)})
        status = 500 if parts.path == "/broken" else 204 if self.command == "POST" else 200
        self.send_response(status)
        payload = b"hub is down" if status == 500 else b""
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = record


@pytest.fixture
def services():
    server = Services()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def settings(services, *, hubs=("/hub",), podping=True) -> str:
    lines = "hubs:\n" + "".join(f"  - {services.url}{h}\n" for h in hubs)
    return (lines + f"podping: {'true' if podping else 'false'}\nnotify:\n"
            f"  podcast_index: {services.url}/api/1.0/hub/pubnotify?source=cln\n"
            f"  podping: {services.url}/podping/\n")


def built_site(tmp_path, extra: str):
    """podcasts/ with show.yml + ``extra`` and an episode, and its feeds written to site/."""
    pods = podcast_folder(tmp_path / "podcasts", SHOW + extra)
    add_episode(pods, "one")
    podcast = core.load(tmp_path, core.Options(site_url=SITE))
    assert not podcast.errors, podcast.errors
    for path, data in podcast.outputs().items():
        if isinstance(data, bytes):
            (tmp_path / "site" / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "site" / path).write_bytes(data)
    return podcast


def test_every_service_is_told_of_every_feed(tmp_path, services):
    built_site(tmp_path, settings(services, hubs=("/hub", "/hub2")) + "feed:\n  max_items: 1\n")
    assert notify.subscription_feeds(tmp_path / "site") == sorted(FEEDS)  # no archive page
    lines, ok = notify.run(tmp_path, tmp_path / "site", environ={"PODPING_TOKEN": "secret-token"})
    assert ok, lines
    got = services.requests
    for feed in FEEDS:
        hubs = [r for r in got if r["method"] == "POST" and r["body"].get("hub.url") == [feed]]
        assert sorted(r["path"] for r in hubs) == ["/hub", "/hub2"]
        assert all(r["body"]["hub.mode"] == ["publish"] for r in hubs)
        assert all(r["headers"]["Content-Type"] == "application/x-www-form-urlencoded" for r in hubs)
        index = [r for r in got if r["path"] == "/api/1.0/hub/pubnotify" and r["query"].get("url") == [feed]]
        assert len(index) == 1 and index[0]["method"] == "GET" and index[0]["query"]["source"] == ["cln"]
        ping = [r for r in got if r["path"] == "/podping/" and r["query"].get("url") == [feed]]
        assert len(ping) == 1 and ping[0]["headers"]["Authorization"] == "secret-token"
    assert len(got) == 4 * len(FEEDS)
    assert f"Notified the Podcast Index of {FEEDS[0]} (HTTP 200)" in lines


def test_a_failed_notification_is_reported_with_what_to_do_and_the_rest_still_sent(tmp_path, services):
    built_site(tmp_path, settings(services, hubs=("/broken", "/hub"), podping=True)
               + "  # and a hub nobody listens on\n")
    closed = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    dead = f"http://127.0.0.1:{closed.server_address[1]}/"
    closed.server_close()
    show, _ = core.show.load(tmp_path / "podcasts")
    show.distribution.hubs.append(dead)
    outcomes = notify.notify([FEEDS[0]], show.distribution, environ={}, timeout=5)
    failed = {o.service: str(o) for o in outcomes if not o.ok}
    assert set(failed) == {f"WebSub hub {services.url}/broken", f"WebSub hub {dead}", "podping"}
    assert "HTTP 500: hub is down" in failed[f"WebSub hub {services.url}/broken"]
    assert all("run `make notify` to try again" in failed[s] for s in failed if s != "podping")
    assert "set PODPING_TOKEN in the environment" in failed["podping"]
    assert not [r for r in services.requests if r["path"] == "/podping/"]  # nothing sent without a token
    assert [r["path"] for r in services.requests] == ["/broken", "/hub", "/api/1.0/hub/pubnotify"]


def test_podcast_index_can_be_switched_off_and_podping_is_off_by_default(tmp_path, services):
    built_site(tmp_path, f"hubs: [{services.url}/hub]\nnotify:\n  podcast_index: false\n")
    lines, ok = notify.run(tmp_path, tmp_path / "site", environ={"PODPING_TOKEN": "x"})
    assert ok and {r["path"] for r in services.requests} == {"/hub"}


def test_the_command_exits_1_on_a_failure_and_0_without_a_podcast(tmp_path, services):
    built_site(tmp_path, settings(services, hubs=("/broken",), podping=False))
    cmd = [sys.executable, "-m", "cln_portal.podcast.notify", "--site-dir", "site"]
    result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"WARNING: could not notify WebSub hub {services.url}/broken of {FEEDS[0]}: HTTP 500" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(cmd, cwd=empty, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == result.stderr == ""


def test_publish_notifies_after_deploying_and_a_failure_does_not_fail_it(tmp_path, services):
    """`make publish` (scripts/build_site.py --publish) on a checkout of the portal."""
    from conftest import require_tool
    from test_publishing import checkout, run_script

    require_tool("rsync", why="make publish TARGET=... deploys with rsync")
    project = checkout(tmp_path / "portal")
    show = project / "podcasts" / "show.yml"
    text = show.read_text(encoding="utf-8").replace("  - https://pubsubhubbub.appspot.com/\n", "")
    text = text.replace("hubs:\n", "") + settings(services, hubs=("/broken", "/hub"), podping=False)
    show.write_text(text, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "Hubs on the test server"], cwd=project, check=True,
                   env=__import__("test_publishing").env())
    result = run_script(project, "--publish", "--target", str(tmp_path / "www"), NOTIFY="")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "www" / "podcast" / "feed.xml").is_file()
    hub_feeds = sorted(r["body"]["hub.url"][0] for r in services.requests if r["path"] == "/hub")
    assert hub_feeds == sorted(FEEDS)
    assert "WARNING: the site is published, but not every app directory was told" in result.stderr
    assert f"could not notify WebSub hub {services.url}/broken of {FEEDS[0]}: HTTP 500" in result.stderr
    quiet = run_script(project, "--publish", "--target", str(tmp_path / "www"))  # NOTIFY=no
    assert quiet.returncode == 0 and "Publish notifications not sent (NOTIFY=no)" in quiet.stdout
    assert len([r for r in services.requests if r["path"] == "/hub"]) == len(FEEDS)


def test_the_publish_workflow_notifies_after_deploying_with_the_token_from_a_secret():
    import yaml
    from conftest import REPO

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["notify"]
    assert job["needs"] == "deploy" and job["continue-on-error"] is True  # never a failed publish
    notify_step = next(s for s in job["steps"] if s.get("run") == "make notify")
    assert notify_step["env"]["PODPING_TOKEN"] == "${{ secrets.PODPING_TOKEN }}"
    runs = [s.get("run") for s in job["steps"] if s.get("run")]
    assert runs.index("make build") < runs.index("make notify")
