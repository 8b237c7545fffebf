"""Search, Pagefind (ours) beside Material's lunr search built over the same pages.

The Material-search build is the plain build (the same bodies and nav, without our plugin, with
Material's search plugin) with Material's header search box back too (our overrides minus the
header and search partials), built only for the browser measures. Measured in headless Chromium, on a case study page served by a
local server: what search files a page view downloads without searching, what it has
downloaded by the first result of a typed query (sizes raw and gzipped, as a web server would
send them), and the time from typing to the first result.
"""

from __future__ import annotations

import gzip
import shutil
import time
from pathlib import Path

from builds import load_config
from library import yaml_dump
from measures import serve_static

#: What each search loads, by URL: Pagefind's bundle and our box's script and styles; Material's
#: index and its search worker.
SEARCH_FILES = {
    "pagefind": ("/pagefind/", "/assets/cln/search."),
    "material": ("/search/search_index.json", "/workers/search."),
}
OURS = ("partials/header.html", "partials/search.html")


def material_search_portal(project: Path, plain_cfg: str) -> str:
    """Write material.yml: the plain build (Material's search plugin included) with its search box."""
    config = load_config(project)
    overrides = project / "material_overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    shutil.copytree(project / config["theme"].get("custom_dir", "overrides"), overrides)
    for name in OURS:
        (overrides / name).unlink(missing_ok=True)
    plain = load_config_file(project / plain_cfg)
    theme = dict(config["theme"], custom_dir="material_overrides",
                 features=[*config["theme"].get("features", []), "search.suggest", "search.highlight"])
    # The plain build has Material's search plugin already (builds.plain_plugins).
    (project / "material.yml").write_text(yaml_dump({"INHERIT": plain_cfg, "theme": theme, "plugins": plain["plugins"]}))
    return "material.yml"


def load_config_file(path: Path) -> dict:
    from mkdocs.utils import yaml as mkyaml

    with open(path, encoding="utf-8") as f:
        return mkyaml.yaml_load(f)


def a_case_study(site: Path) -> str:
    pages = sorted(p for p in (site / "case-studies").glob("*/index.html")
                   if p.parent.name not in ("region", "pathway", "competency"))
    return pages[0].parent.relative_to(site).as_posix() + "/"


def _sizes(responses, kind: str) -> dict:
    raw = packed = count = 0
    for response in responses:
        if not any(part in response.url for part in SEARCH_FILES[kind]):
            continue
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        count += 1
        raw += len(body)
        # Pagefind's chunks are gzip already; a server sends them as they are.
        packed += len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, compresslevel=6))
    return {"files": count, "raw": raw, "gzip": packed}


def browse(site: Path, kind: str, query: str = "maternity") -> dict:
    """A page view without search, then a typed query to its first result (headless Chromium)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright not installed"}
    if not Path("/usr/bin/chromium").exists():
        return {"error": "no /usr/bin/chromium"}
    path = a_case_study(site)
    with serve_static(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--disable-background-networking", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            responses = []
            page.on("response", lambda response: responses.append(response))
            start = time.perf_counter()
            page.goto(url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            loaded = time.perf_counter()
            view = _sizes(list(responses), kind)
            if kind == "pagefind":
                page.locator("[data-cln-search-open]").click()
                box, result = page.locator(".pagefind-ui__search-input"), ".pagefind-ui__result-link"
            else:
                page.locator(".md-search__input").first.click()
                box, result = page.locator("input.md-search__input"), ".md-search-result__item"
            box.wait_for(state="visible", timeout=60_000)
            typing = time.perf_counter()
            box.press_sequentially(query, delay=30)
            typed = time.perf_counter()
            page.locator(result).first.wait_for(state="visible", timeout=120_000)
            found = time.perf_counter()
            first = _sizes(list(responses), kind)
        finally:
            browser.close()
    return {"page view": view, "first query": first, "page load": loaded - start,
            "after typing": found - typed, "from typing start": found - typing}


def bundle_size(site: Path, kind: str) -> int:
    """The search files on disk: Pagefind's whole bundle, or Material's index."""
    if kind == "pagefind":
        return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.exists() else 0
