"""The 404 page as a reader meets it at a missing address: styled, with the sections, the latest
content and the search box, at any depth, under the site's path, at a host's root and from disk."""

from __future__ import annotations

import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .checks import axe_run, describe_violations, screenshot
from .conftest import VIEWPORT, is_local

pytestmark = pytest.mark.e2e

PREFIX = "/portal/"  # the path of mkdocs.yml's site_url


class NotFoundHandler(SimpleHTTPRequestHandler):
    """site/ at the host's root and under /portal/, as static hosts do: 404.html for what is missing."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def translate_path(self, path):
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX):]
        return super().translate_path(path)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path.is_dir() and (path / "index.html").is_file()):
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def host(shipped_site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NotFoundHandler, directory=str(shipped_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def where(host: str, shipped_site: Path) -> dict[str, str]:
    return {"under the site's path, deep": f"{host}{PREFIX}case-studies/no/such/page/",
            "at the host's root, deep": f"{host}/no/such/page/",
            "at the host's root": f"{host}/missing",
            "from disk": (shipped_site / "404.html").as_uri()}


@pytest.mark.parametrize("place", ["under the site's path, deep", "at the host's root, deep",
                                   "at the host's root", "from disk"])
def test_the_404_page_is_styled_and_every_link_opens_a_page(browser, host, shipped_site, place):
    url = where(host, shipped_site)[place]
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    failed, foreign = [], []
    context.on("requestfailed", lambda request: failed.append(request.url))
    context.on("request", lambda request: foreign.append(request.url)
               if not (is_local(request.url) or request.url.startswith("file:")) else None)
    try:
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        if not url.startswith("file:"):
            assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        # Material's stylesheet and ours applied: the logo is header-sized, the header NHS blue.
        logo = page.locator(".md-header__button.md-logo img, .md-header__button.md-logo svg").first
        assert logo.bounding_box()["height"] < 60, f"{place}: the logo is {logo.bounding_box()}"
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor") == "rgb(0, 94, 184)"
        assert page.locator("button[data-cln-search-open]").count() == 1, "no search box"
        sections = page.eval_on_selector_all(".cln-404-sections a", "links => links.map(a => a.href)")
        latest = page.eval_on_selector_all(".cln-latest a", "links => links.map(a => a.href)")
        assert len(sections) >= 5 and latest, f"{place}: sections {sections}, latest {latest}"
        for href in sections + latest:
            if href.startswith("file:"):
                target = Path(urlsplit(href).path)
                assert (target / "index.html" if href.endswith("/") else target).is_file(), href
            else:
                assert context.request.get(href).status == 200, f"{place}: {href}"
        if place.startswith("under the site's path"):  # as published: every file found at once
            assert not failed, f"{place}: failed to load {failed}"
        assert not foreign, f"{place}: requested other hosts {foreign}"
        screenshot(page, f"404 {place}")
    finally:
        context.close()


def test_the_404_page_passes_axe(browser, host):
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{host}{PREFIX}no/such/page/", wait_until="load")
        violations = axe_run(page)["violations"]
        assert not violations, describe_violations(violations)
    finally:
        context.close()
