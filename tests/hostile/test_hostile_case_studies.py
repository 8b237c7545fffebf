"""Hostile and broken case studies: each built with --strict, each outcome exact."""

from __future__ import annotations

import os

import pytest

from hostile_site import Case, assert_outcome, build_case, page_html

CS = "case_studies/bad.md"
BODY = "".join(f"## {name}\n\nText & more.\n\n" for name in
               ("Background", "Aims", "What we did", "Results", "Key learning points"))


def case_study(title="A case study", summary="One plain sentence.", extra="", body=BODY,
               region="NHS London", pathways="[Maternity and newborn]", date="2009-03-16"):
    return (f"---\ntitle: {title}\nsummary: {summary}\ndate: {date}\nregion: {region}\n"
            f"pathways: {pathways}\norganisation: Example Trust\nauthors:\n  - name: Dr Jane Smith\n"
            f"    role: consultant obstetrician\n{extra}---\n\n{body}")


def _page(*present: str, url: str = "case-studies/bad"):
    def check(site):
        html = page_html(site, url)
        for fragment in present:
            assert fragment in html, fragment
        assert "&amp;amp;" not in html and "&amp;#" not in html
    return check


def _listed(*present: str):
    """The case study is on its page, in the index and on its region's page: nothing lost."""
    def check(site):
        for url in ("case-studies/bad", "case-studies", "case-studies/region/nhs-london"):
            html = page_html(site, url)
            for fragment in present:
                assert fragment in html, (url, fragment)
            assert "&amp;amp;" not in html
    return check


def _symlink_outside(path):
    outside = path.parents[2] / "outside.md"
    outside.write_text(case_study(), encoding="utf-8")
    os.symlink(outside, path)


def _symlinked_folder(path):
    outside = path.parents[1] / "elsewhere"
    outside.mkdir()
    (outside / "bad.md").write_text(case_study(), encoding="utf-8")
    os.symlink(outside, path)


CASES = [
    # --- front matter ---
    Case("case-yaml-error", {CS: "---\ntitle: Mums: babies\n---\n" + BODY},
         errors=(f"{CS}:2: front matter is not valid YAML (mapping values are not allowed here)",)),
    Case("case-front-matter-a-string", {CS: "---\nA case study about maternity\n---\n" + BODY},
         errors=(f"{CS}:2: front matter must be 'field: value' lines, not text",)),
    Case("case-empty-file", {CS: b""},
         errors=(f"{CS}:1: has no front matter: start the file with a '---' line",)),
    Case("case-not-utf-8", {CS: case_study(title="Caf\xe9").encode("cp1252")},
         errors=(f"{CS}: is not UTF-8 text (byte 14)",)),
    Case("case-impossible-date", {CS: case_study(date="2026-13-40")},
         errors=(f"{CS}:4: date: '2026-13-40' is not a real date: there is no month 13",)),
    Case("case-unknown-region-and-pathway", {CS: case_study(region="North Westt", pathways="[Maternty]")},
         errors=(f"{CS}:5: region: 'North Westt' is not one of the allowed values", "Did you mean 'NHS North West'?",
                 f"{CS}:6: pathways: 'Maternty' is not one of the allowed values")),
    Case("case-wrong-types", {CS: case_study(title="[a, b]", region="[NHS London]", extra="tags: {a: 1}\n")},
         errors=(f"{CS}:2: title: must be plain text, not a list", f"{CS}:5: region: must be one region, not a list",
                 f"{CS}:11: tags: a set of fields is not text")),
    Case("case-duplicate-field", {CS: case_study(extra="title: Again\n")},
         errors=(f"{CS}:11: title: 'title' is given twice (lines 2 and 11); keep one",)),
    Case("case-ten-megabytes", {CS: case_study(body=BODY + "All work and no play. " * 480_000)},
         errors=(f"{CS}: is 10.6 MB; a Markdown file may be at most 2 MB",)),
    Case("case-bom-and-crlf", {CS: ("\ufeff" + case_study(title="Windows & Word")).replace("\n", "\r\n")},
         check=_listed("Windows &amp; Word")),
    # --- slugs ---
    Case("case-slug-used-by-a-column",
         {"case_studies/same.md": case_study(),
          "content/columns/posts/same.md": "---\ntitle: C\nstandfirst: One sentence.\ndate: 2009-01-19\n"
                                          "authors: [raj-kumar]\ncategories: [Director's column]\n---\nBody\n"},
         errors=("slug: slug 'same' is already used by the", "rename one of the two files")),
    Case("case-slug-index-collides-with-generated-index", {"case_studies/index.md": case_study()},
         errors=("case_studies/index.md: the file name 'index.md' is the address of the case studies index",)),
    Case("case-page-in-content-collides", {"content/case-studies/bad.md": "# Squatter\n", CS: case_study()},
         errors=("content/case-studies/bad.md: is in the place of the generated page for case_studies/bad.md",)),
    Case("case-file-name-not-a-slug", {"case_studies/My Case Study.md": case_study()},
         errors=("case_studies/My Case Study.md: the file name 'My Case Study.md' is not a valid slug",)),
    # --- links and paths ---
    Case("case-javascript-contact", {CS: case_study(extra="contact: \"javascript:alert(1)\"\n")},
         errors=(f"{CS}:11: contact: 'javascript:alert(1)' is not an email address or a safe link",)),
    Case("case-javascript-link-in-body", {CS: case_study(body=BODY + "[Click](javascript:alert(1))\n")},
         errors=(f"{CS}:33: body: the link 'javascript:alert(1' is not allowed",)),
    Case("case-data-link-in-raw-html", {CS: case_study(body=BODY + "<a href=\"data:text/html,x\">x</a>\n")},
         errors=("'data:text/html,x' is not allowed",)),
    Case("case-symlink-outside", {CS: _symlink_outside},
         errors=(f"{CS}: is a symbolic link to ", "outside.md, outside the repository")),
    Case("case-symlinked-folder-outside", {"case_studies": _symlinked_folder},
         errors=(f"{CS}: leads to ", "/elsewhere/bad.md, outside the repository")),
    # --- text ---
    Case("case-script-quotes-ampersands-everywhere",
         {CS: case_study(title="\"Mums & babies </title><script>alert(1)</script>\"",
                         summary="\"Tom & Jerry's \\\"Q&A\\\" <b>bold</b>\"",
                         extra="tags: [\"<script>alert(2)</script>\", \"R&D\"]\n"
                               "competencies: [Innovation]\ncontact: \"https://example.org/?a=1&b=\\\"2\\\"\"\n")},
         check=_listed("Mums &amp; babies &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                       "Tom &amp; Jerry")),
    Case("case-quotes-in-attributes",
         {CS: case_study(summary="'x\" onmouseover=\"alert(2)'",
                         extra="contact: \"https://example.org/\\\" onmouseover=\\\"alert(3)\"\n")},
         errors=(f"{CS}:11: contact:",)),
    Case("case-control-characters",
         {CS: case_study(title="\"Bell\\x07 and\\x0b tab\"", body=BODY.replace("Text", "Te\x0bxt"))},
         check=_listed("Bell and tab")),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_case_study(case, tmp_path):
    assert_outcome(case, build_case(case, tmp_path))
