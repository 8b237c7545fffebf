"""Hostile and broken site pages (content/*.md): each built with --strict, each outcome exact."""

from __future__ import annotations

import os

import pytest

from hostile_site import Case, assert_outcome, build_case, page_html

BAD = "content/bad.md"


def _symlink(target: str):
    def write(path):
        os.symlink(target, path)
    return write


def _outside_folder(path):
    """content/shared -> a folder next to the project, outside the repository."""
    outside = path.parents[2] / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    os.symlink(outside, path)


def _has_title(url: str, title_html: str, body: str | None = None):
    def check(site):
        html = page_html(site, url)
        assert f"<title>{title_html} - NHS Clinical Leaders Network</title>" in html
        if body is not None:
            assert body in html
        assert "title:" not in html  # the front matter was read, not shown as text
    return check


def _absent(*fragments: str, url: str = "bad", present: tuple[str, ...] = ()):
    def check(site):
        html = page_html(site, url)
        for fragment in fragments:
            assert fragment not in html, fragment
        for fragment in present:
            assert fragment in html, fragment
    return check


CASES = [
    # --- front matter that is not front matter ---
    Case("yaml-syntax-error", {BAD: "---\ntitle: Mums: babies\n---\nText\n"},
         errors=(f"{BAD}:2: front matter is not valid YAML (mapping values are not allowed here)",)),
    Case("yaml-bad-indentation", {BAD: "---\ntitle: A\n  description: B\n---\nText\n"},
         errors=(f"{BAD}:3: front matter is not valid YAML",)),
    Case("yaml-unclosed", {BAD: "---\ntitle: A\n\nText with no closing line\n"},
         errors=(f"{BAD}:1: front matter starts with '---' but has no closing '---' line",)),
    Case("front-matter-a-list", {BAD: "---\n- title\n- description\n---\nText\n"},
         errors=(f"{BAD}:2: front matter must be 'field: value' lines, not a list",)),
    Case("front-matter-a-string", {BAD: "---\nJust a sentence\n---\nText\n"},
         errors=(f"{BAD}:2: front matter must be 'field: value' lines, not text",)),
    Case("python-tag", {BAD: "---\ntitle: !!python/object/apply:os.system [id]\n---\nText\n"},
         errors=(f"{BAD}:2: front matter is not valid YAML (could not determine a constructor",)),
    Case("duplicate-key", {BAD: "---\ntitle: First\ntitle: Second\n---\nText\n"},
         errors=(f"{BAD}:3: title: 'title' is given twice (lines 2 and 3); keep one",)),
    Case("yaml-alias-bomb",
         {BAD: "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: *c\n---\nText\n"},
         errors=(f"{BAD}:2: front matter uses a YAML alias (*name); write the value out in full instead",)),
    Case("nested-too-deep", {BAD: "---\ntitle: " + "[" * 3000 + "\n---\nText\n"},
         errors=(f"{BAD}:2: front matter is nested more than 20 levels deep",)),
    # --- wrong types and values ---
    Case("title-a-list", {BAD: "---\ntitle: [Maternity, London]\n---\nText\n"},
         errors=(f"{BAD}:2: title: must be plain text, not a list",)),
    Case("title-empty", {BAD: "---\ntitle:\n---\nText\n"},
         errors=(f"{BAD}:2: title: must be plain text, not empty",)),
    Case("description-a-mapping", {BAD: "---\ntitle: T\ndescription:\n  text: x\n---\nText\n"},
         errors=(f"{BAD}:3: description: must be plain text, not a dict",)),
    Case("author-a-boolean", {BAD: "---\ntitle: T\nauthor: yes\n---\nText\n"},
         errors=(f"{BAD}:3: author: must be plain text, not a bool",)),
    Case("impossible-date", {BAD: "---\ntitle: T\ndate: 2026-13-40\n---\nText\n"},
         errors=(f"{BAD}:3: date: '2026-13-40' is not a real date: there is no month 13",)),
    Case("several-problems-at-once",
         {BAD: "---\ntitle: [a]\ndate: 2026-02-30\n---\n", "content/worse.md": b"caf\xe9\n"},
         errors=("Found 3 problems in the content", f"{BAD}:2: title: must be plain text",
                 f"{BAD}:3: date: '2026-02-30' is not a real date", "content/worse.md: is not UTF-8 text")),
    Case("numeric-title-accepted", {BAD: "---\ntitle: 2009\n---\nText\n"}, check=_has_title("bad", "2009")),
    # --- files as editors and word processors save them ---
    Case("empty-file", {BAD: b""}, check=_has_title("bad", "Bad")),
    Case("only-dashes", {BAD: "---\n---\n"}, check=_has_title("bad", "Bad")),
    Case("latin-1-text", {BAD: "---\ntitle: Caf\xe9 culture\n---\nText\n".encode("latin-1")},
         errors=(f"{BAD}: is not UTF-8 text (byte 14); save it as UTF-8 in your editor",)),
    Case("utf-16-text", {BAD: "---\ntitle: A\n---\nText\n".encode("utf-16")},
         errors=(f"{BAD}: is not UTF-8 text (byte 0)",)),
    Case("byte-order-mark", {BAD: "\ufeff---\ntitle: Café culture\n---\nThe body.\n"},
         check=_has_title("bad", "Café culture", "<p>The body.</p>")),
    Case("crlf-line-endings", {BAD: b"---\r\ntitle: Windows page\r\n---\r\nFirst line.\r\n\r\nSecond.\r\n"},
         check=_has_title("bad", "Windows page", "<p>Second.</p>")),
    Case("old-mac-line-endings", {BAD: b"---\rtitle: Mac page\r---\rFirst line.\r"},
         check=_has_title("bad", "Mac page", "<p>First line.</p>")),
    Case("ten-megabytes", {BAD: "---\ntitle: Huge\n---\n" + "All work and no play. " * 480_000},
         errors=(f"{BAD}: is 10.6 MB; a Markdown file may be at most 2 MB",)),
    Case("binary-named-md", {BAD: bytes(range(256)) * 4},
         errors=(f"{BAD}: is not UTF-8 text (byte 128)",)),
    # --- text: controls, markup, quotes and ampersands ---
    Case("control-characters",
         {BAD: "---\ntitle: \"Tab\\x0bbed \\x1b[31mred\"\ndescription: \"Bell\\x07 \\ud800 here\"\n---\n"
               "Body\x0bwith\x0ccontrols.\n"},
         check=_absent("\x0b", "\x1b", "\x07", present=("<title>Tabbed [31mred -", "<p>Bodywithcontrols.</p>",
                                                          'content="Bell  here"'))),
    Case("script-in-title",
         {BAD: "---\ntitle: \"Mums & babies </title><script>alert(1)</script>\"\n---\nText\n"},
         check=_has_title("bad", "Mums &amp; babies &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;")),
    Case("quotes-in-description-and-author",
         {BAD: "---\ntitle: T\ndescription: 'x\" onmouseover=\"alert(2)'\nauthor: '\"><script>alert(3)</script>'\n---\n"},
         check=_absent('content="x" onmouseover', present=(
             '<meta name="description" content="x&#34; onmouseover=&#34;alert(2)">',
             '<meta name="author" content="&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;">'))),
    Case("script-in-first-heading",
         {BAD: "# \\</title\\>\\<script\\>alert(4)\\</script\\> & \"Jerry\"\n\nText\n"},
         check=_absent("</title><script>", present=("&lt;script&gt;alert(4)",))),
    Case("quotes-and-ampersands-everywhere",
         {BAD: "---\ntitle: \"Tom & Jerry's \\\"Q&A\\\" <b>\"\ndescription: \"R&D: 'yes' & \\\"no\\\"\"\n---\n"
               "Fish & chips, \"quoted\", 'single' & <angle>.\n"},
         check=_absent("&amp;amp;", "&amp;#", present=(
             "<title>Tom &amp; Jerry&#39;s &#34;Q&amp;A&#34; &lt;b&gt; -",
             'content="R&amp;D: &#39;yes&#39; &amp; &#34;no&#34;"', "Fish &amp; chips"))),
    Case("javascript-link", {BAD: "# Page\n\n[Click](javascript:alert(1))\n"},
         errors=(f"{BAD}: link 'javascript:alert(1)' is not allowed: use an https://, http://, mailto: or relative link",)),
    Case("javascript-link-obfuscated", {BAD: "# Page\n\n<a href=\"&#106;ava&#x09;script&colon;alert(1)\">x</a>\n"},
         errors=(f"{BAD}: link 'java\\tscript:alert(1)' is not allowed",)),
    Case("javascript-link-uppercase-spaced", {BAD: "# Page\n\n[x]( JAVASCRIPT:alert(1) )\n"},
         errors=(f"{BAD}: link 'JAVASCRIPT:alert(1)' is not allowed",)),
    Case("data-url-image", {BAD: "# Page\n\n![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n"},
         errors=(f"{BAD}: link 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' is not allowed",)),
    Case("protocol-relative-link", {BAD: "# Page\n\n<a href=\"//evil.example/x\">x</a>\n"},
         errors=(f"{BAD}: link '//evil.example/x' is not allowed",)),
    Case("raw-script-element", {BAD: "# Page\n\n<script>alert(1)</script>\n"},
         errors=(f"{BAD}: <script> is not allowed in content",)),
    Case("svg-script-element", {BAD: "# Page\n\n<svg><script>alert(1)</script></svg>\n"},
         errors=(f"{BAD}: <script> is not allowed in content",)),
    Case("event-handler-attribute", {BAD: "# Page\n\n<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n"},
         errors=(f"{BAD}: the onerror attribute on <img> is not allowed (it runs script)",)),
    Case("iframe", {BAD: "# Page\n\n<iframe src=\"https://evil.example/\"></iframe>\n"},
         errors=(f"{BAD}: <iframe> is not allowed in content",)),
    Case("safe-links-accepted",
         {BAD: "# Page\n\n[a](https://www.england.nhs.uk/) [b](mailto:cln@example.nhs.uk) [c](../about/) "
               "[d](#page) [e](http://example.org/?q=a:b)\n"},
         check=_absent(present=('href="https://www.england.nhs.uk/"', 'href="mailto:cln@example.nhs.uk"',
                                'href="../about/"', 'href="#page"', 'href="http://example.org/?q=a:b"'))),
    # --- paths ---
    Case("template-outside-the-theme", {BAD: "---\ntitle: T\ntemplate: ../../../../etc/passwd\n---\nText\n"},
         errors=(f"{BAD}:3: template: '../../../../etc/passwd' points outside the templates",)),
    Case("template-absolute", {BAD: "---\ntitle: T\ntemplate: /etc/passwd\n---\nText\n"},
         errors=(f"{BAD}:3: template: '/etc/passwd' points outside the templates",)),
    Case("template-missing", {BAD: "---\ntitle: T\ntemplate: nope.html\n---\nText\n"},
         errors=(f"{BAD}:3: template: 'nope.html' is not a template",)),
    Case("symlinked-page-outside", {BAD: _symlink("/etc/passwd")},
         errors=(f"{BAD}: is a symbolic link to /etc/passwd, outside the repository",)),
    Case("symlinked-asset-outside", {"content/assets/host.txt": _symlink("/etc/hostname")},
         errors=("content/assets/host.txt: is a symbolic link to /etc/hostname, outside the repository",)),
    Case("symlinked-folder-outside", {"content/shared": _outside_folder},
         errors=("content/shared/secret.md: leads to ", "/outside/secret.md, outside the repository")),
    Case("symlink-inside-accepted", {"content/again.md": _symlink("about.md")},
         check=_absent(url="again", present=("About",))),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_site_page(case, tmp_path):
    assert_outcome(case, build_case(case, tmp_path))
