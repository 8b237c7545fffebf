"""Hostile and broken columns and interviews: each built with --strict, each outcome exact."""

from __future__ import annotations

import os

import pytest
from lxml import etree

from hostile_site import Case, assert_outcome, build_case, page_html

POST = "content/columns/posts/bad.md"
INTERVIEW = "content/interviews/bad.md"


def column(title="A column", standfirst="One sentence on the column.", extra="", body="Body.\n",
           date="2009-01-19"):
    return (f"---\ntitle: {title}\nstandfirst: {standfirst}\ndate: {date}\nauthors: [raj-kumar]\n"
            f"categories: [Director's column]\n{extra}---\n\n{body}")


def interview(title="An interview", extra="", name="Dr Ada Jones", body="Body.\n"):
    return (f"---\ntitle: {title}\nsummary: Two plain sentences.\ndate: 2009-03-09\ninterviewee:\n"
            f"  name: {name}\n  role: director of nursing\n  organisation: NHS London\n{extra}---\n\n{body}")


def _column_page(*present: str, absent: tuple[str, ...] = ("&amp;amp;", "&amp;#")):
    def check(site):
        html = page_html(site, "columns/2009/bad")
        for fragment in present:
            assert fragment in html, fragment
        for fragment in absent:
            assert fragment not in html, fragment
    return check


def _feed_title(expected: str, *page_fragments: str):
    """The column feed carries the text exactly (control characters removed), and the page too."""
    def check(site):
        feed = etree.parse(str(site / "columns" / "feed.xml"))
        titles = [t.text for t in feed.iterfind("channel/item/title")]
        assert titles == [expected]
        _column_page(*page_fragments)(site)
    return check


def _interview_page(*present: str):
    def check(site):
        html = page_html(site, "interviews/bad") + page_html(site, "interviews")
        for fragment in present:
            assert fragment in html, fragment
        assert "&amp;amp;" not in html
    return check


def _symlink_outside(path):
    outside = path.parents[4] / "outside.md"
    outside.write_text(column(), encoding="utf-8")
    os.symlink(outside, path)


CASES = [
    # --- columns: front matter ---
    Case("column-yaml-error", {POST: "---\ntitle: A: B\n---\nBody\n"},
         errors=(f"{POST}:2: front matter is not valid YAML (mapping values are not allowed here)",)),
    Case("column-front-matter-a-list", {POST: "---\n- a\n- b\n---\nBody\n"},
         errors=(f"{POST}:2: front matter must be 'field: value' lines, not a list",)),
    Case("column-empty-file", {POST: b""},
         errors=(f"{POST}: has no front matter; start the file with a '---' block",)),
    Case("column-latin-1", {POST: column(title="Caf\xe9").encode("latin-1")},
         errors=(f"{POST}: is not UTF-8 text (byte 14)",)),
    Case("column-impossible-date", {POST: column(date="2026-13-40")},
         errors=(f"{POST}:4: date: '2026-13-40' is not a real date; write it as YYYY-MM-DD",)),
    Case("column-unknown-vocabulary", {POST: column(extra="pathways: [Maternty]\nregion: Narnia\n")},
         errors=(f"{POST}:7: pathways: 'Maternty' is not one of the allowed values",
                 "Did you mean 'Maternity and newborn'?", f"{POST}:8: region: 'Narnia' is not one of the allowed values")),
    Case("column-title-a-list", {POST: column(title="[a, b]")},
         errors=(f"{POST}:2: title:",)),
    Case("column-javascript-hsj-url", {POST: column(extra="hsj_url: \"javascript:alert(1)\"\n")},
         errors=(f"{POST}:7: hsj_url: expected the https:// address of the article on hsj.co.uk",)),
    Case("column-javascript-link-in-body", {POST: column(body="[Read](javascript:alert(1))\n")},
         errors=(f"{POST}: link 'javascript:alert(1)' is not allowed",)),
    Case("column-byte-order-mark-and-crlf", {POST: ("\ufeff" + column(title="Windows column")).replace("\n", "\r\n")},
         check=_feed_title("Windows column", "<title>Windows column - NHS Clinical Leaders Network</title>")),
    Case("column-script-quotes-ampersands",
         {POST: column(title="\"Mums & babies </title><script>alert(1)</script> 'quoted'\"",
                       standfirst="\"Tom & Jerry's \\\"Q&A\\\" <b>bold</b> on maternity.\"",
                       extra="description: \"R&D: 'yes' & \\\"no\\\" <i>\"\n", body="Fish & chips.\n")},
         check=_feed_title("Mums & babies </title><script>alert(1)</script> 'quoted'",
                           "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                           'content="R&amp;D: &#39;yes&#39; &amp; &#34;no&#34; &lt;i&gt;"',
                           "Tom &amp; Jerry&#x27;s &quot;Q&amp;A&quot; &lt;b&gt;bold&lt;/b&gt;")),
    Case("column-control-characters",
         {POST: column(title="\"Bell\\x07 and\\x0b tab\"", body="Body\x0bwith\x1bcontrols.\n")},
         check=_feed_title("Bell and tab", "Bodywithcontrols.")),
    Case("column-symlink-outside", {POST: _symlink_outside},
         errors=(f"{POST}: is a symbolic link to ", "outside.md, outside the repository")),
    # --- interviews ---
    Case("interview-index-is-generated", {"content/interviews/index.md": interview()},
         errors=("content/interviews/index.md: the interviews index is generated by the build",)),
    Case("interview-slug-used-by-a-column",
         {"content/interviews/same.md": interview(), "content/columns/posts/same.md": column()},
         errors=("slug: slug 'same' is already used by the", "content/columns/posts/same.md",
                 "content/interviews/same.md", "; rename one of the two files")),
    Case("interview-unknown-related", {INTERVIEW: interview(extra="related: [no-such-thing]\n")},
         errors=(f"{INTERVIEW}: related: 'no-such-thing' is not the slug of any case study, episode, column or interview",)),
    Case("interview-yaml-error", {INTERVIEW: "---\ntitle: [unclosed\n---\nBody\n"},
         errors=(f"{INTERVIEW}:3: front matter is not valid YAML",)),
    Case("interview-script-and-quotes",
         {INTERVIEW: interview(title="\"Tom & Jerry's </title><script>alert(1)</script>\"",
                               name="\"Dr <script>alert(2)</script> O'Brien & Co\"")},
         check=_interview_page("<title>Tom &amp; Jerry&#39;s &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; -",
                               "Dr &lt;script&gt;alert(2)&lt;/script&gt; O&#x27;Brien &amp; Co")),
    Case("interview-onerror-in-body", {INTERVIEW: interview(body="<img src=\"x.png\" alt=\"\" onerror=\"alert(1)\">\n")},
         errors=(f"{INTERVIEW}: the onerror attribute on <img> is not allowed (it runs script)",)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_column_or_interview(case, tmp_path):
    assert_outcome(case, build_case(case, tmp_path))
