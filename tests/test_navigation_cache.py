"""The nav and tabs are rendered once for the generated pages that share them
(mkdocs_plugin/sections/navigation.py), and that changes no byte of any page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, build_env, copy_repo

#: A MkDocs hook that puts back Material's own way: every page renders its nav and tabs itself.
RENDER_EVERY_TIME = '''
from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.plugins import event_priority


@pass_context
def cln_partial(context, name):
    return Markup(context.environment.get_template(name).render(context.get_all()))


@event_priority(-100)  # after the cln plugin's on_env
def on_env(env, config, files):
    env.globals["cln_partial"] = cln_partial
    return env
'''


def build(project: Path, config: str, site: Path, **env) -> str:
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--verbose", "-f", config, "-d", str(site)],
                            cwd=project, env=build_env(SOURCE_DATE_EPOCH="1700000000", **env),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize("offline", [False, True], ids=["published", "offline"])
def test_shared_nav_and_tabs_leave_every_page_as_material_renders_it(tmp_path, offline):
    project = copy_repo(tmp_path / "repo")
    (project / "every_time.py").write_text(RENDER_EVERY_TIME, encoding="utf-8")
    (project / "every-time.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - every_time.py\n", encoding="utf-8")
    env = {"CLN_OFFLINE": "true"} if offline else {}
    log = build(project, "mkdocs.yml", tmp_path / "shared", **env)
    build(project, "every-time.yml", tmp_path / "every-time", **env)
    rendered, reused = map(int, re.search(r"Navigation: (\d+) shared partials rendered, reused (\d+) times", log).groups())
    # The case studies, episodes, interviews and lists share a few navs: most are reused.
    assert reused > 3 * rendered > 0, (rendered, reused)
    shared, every_time = pages(tmp_path / "shared"), pages(tmp_path / "every-time")
    assert shared.keys() == every_time.keys() and len(shared) > 50
    differ = [name for name in shared if shared[name] != every_time[name]]
    assert not differ, f"{len(differ)} pages differ, e.g. {differ[:5]}"


class Item:
    def __init__(self, url, active=False, children=()):
        self.url, self.active, self.children = url, active, list(children)


def generated_page(uri: str):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    file = File(uri, "/docs", "/site", use_directory_urls=True)
    file.generated_by = "cln"
    return Page(None, file, {"site_url": None, "repo_url": None, "edit_uri": None, "edit_uri_template": None})


def section_over(items):
    from types import SimpleNamespace

    from cln_portal.mkdocs_plugin.sections.navigation import NavigationSection

    section = NavigationSection(plugin=None)
    nav = SimpleNamespace(items=items, pages=[])
    section.on_nav(nav, SimpleNamespace(extra={}, theme={}), None)
    return section


def test_what_a_generated_page_shares_its_nav_with():
    tabs = [Item(""), Item("case-studies/"), Item(None, children=[Item("podcast/"), Item("podcast/series/")])]
    section = section_over(tabs)
    a, b = generated_page("case-studies/a.md"), generated_page("case-studies/b.md")
    deeper = generated_page("case-studies/region/london.md")
    assert section.key(a) == section.key(b)  # siblings: the same links, the same active tab
    assert section.key(a) != section.key(deeper)  # links one folder further down differ
    key = section.key(a)
    tabs[1].active = True  # the tab a page is under is active while it renders (wayfinding.py)
    assert section.key(a) != key
    # A page whose folder holds a page of the nav links it as "./series/": it shares with no sibling.
    episode, other = generated_page("podcast.md"), generated_page("interviews.md")
    assert section.key(episode) != section.key(other)
    assert section.key(generated_page("podcast/x.md")) == section.key(generated_page("podcast/y.md"))
    not_generated = generated_page("about.md")
    not_generated.file.generated_by = None
    assert section.key(not_generated) is None
