"""The harness: the test server behaves as a static host does, privacy counts only 127.0.0.1 as local,
and a missing Chromium is a skip with instructions (a failure in CI)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from .conftest import is_local, require_chromium
from .server import PortalServer


@pytest.fixture
def served(tmp_path):
    (tmp_path / "ep.mp3").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    with PortalServer(tmp_path) as server:
        yield server


def get(url: str, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, response.headers, response.read()


def test_whole_files_with_their_media_type_and_ranges_offered(served):
    status, headers, body = get(served.url + "ep.mp3")
    assert (status, headers["Content-Type"], headers["Accept-Ranges"], len(body)) == (200, "audio/mpeg", "bytes", 1024)
    assert get(served.url)[2] == b"<p>home</p>"


@pytest.mark.parametrize(("header", "content_range", "expected"), [
    ("bytes=0-9", "bytes 0-9/1024", bytes(range(10))),
    ("bytes=1020-", "bytes 1020-1023/1024", bytes(range(252, 256))),
    ("bytes=-3", "bytes 1021-1023/1024", bytes(range(253, 256))),
    ("bytes=1000-5000", "bytes 1000-1023/1024", bytes(range(232, 256))),
])
def test_byte_ranges_as_audio_players_ask(served, header, content_range, expected):
    status, headers, body = get(served.url + "ep.mp3", Range=header)
    assert (status, headers["Content-Range"], body) == (206, content_range, expected)
    assert headers["Content-Length"] == str(len(expected))


def test_a_range_past_the_end_is_refused(served):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(served.url + "ep.mp3", Range="bytes=2000-")
    assert refused.value.code == 416
    assert refused.value.headers["Content-Range"] == "bytes */1024"


def test_it_listens_on_127_0_0_1_only(served):
    assert served.url.startswith("http://127.0.0.1:") and served.httpd.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8000/a.css", True), ("data:image/png;base64,AA", True), ("blob:http://127.0.0.1:1/x", True),
    ("https://fonts.googleapis.com/css", False), ("http://localhost:8000/", False), ("http://127.0.0.2/", False),
    ("https://127.0.0.1.evil.example/", False),
])
def test_privacy_counts_only_127_0_0_1_as_local(url, local):
    assert is_local(url) is local


def test_a_missing_chromium_skips_with_how_to_install_it(tmp_path):
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        require_chromium(tmp_path / "chromium", {})


def test_a_missing_chromium_fails_in_ci(tmp_path):
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install chromium"):
        require_chromium(tmp_path / "chromium", {"CI": "true"})


def test_a_present_chromium_is_used(tmp_path):
    (tmp_path / "chromium").touch()
    assert require_chromium(tmp_path / "chromium", {"CI": "true"}) is None
