"""Links between generated pages: the fast relative path must equal posixpath.relpath's."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from cln_portal.markup.fragments import relative_url

segment = st.sampled_from(["a", "b", "case-studies", "podcast", "x.html", "index.html", "", ".", ".."])
url = st.lists(segment, max_size=5).map("/".join)


def reference(from_url: str, to_url: str) -> str:
    """The definition: posixpath.relpath from the folder of the page to the target."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target, _, fragment = to_url.partition("#")
    rel = posixpath.relpath("/" + target, "/" + base) if target else "."
    if target.endswith("/") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


@settings(max_examples=500)
@given(url, url, st.sampled_from(["", "/", "#top", "/#a"]))
def test_relative_url_matches_posix_relpath(from_url, to_url, tail):
    assert relative_url(from_url, to_url + tail) == reference(from_url, to_url + tail)


def test_relative_url_examples():
    assert relative_url("interviews/a/", "podcast/b/") == "../../podcast/b/"
    assert relative_url("case-studies/", "case-studies/") == "./"
    assert relative_url("", "case-studies/x/#background") == "case-studies/x/#background"
    assert relative_url("columns/2009/a.html", "columns/b/") == "../b/"
    # A page at the root of the offline build: its folder is the root, not "about.html/".
    assert relative_url("about.html", "case-studies/region/x/") == "case-studies/region/x/"
