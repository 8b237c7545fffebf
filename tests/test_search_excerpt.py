"""Long pages are indexed by their opening lines: the rest of each section is not in search."""

from __future__ import annotations

from cln_portal.markup.search_excerpt import first_blocks_only

PAGE = """<p>Summary of the work.</p>
<div class="cln-card"><dl><dt>Region</dt><dd>NHS London</dd></dl></div>
<h2 id="background">Background</h2>
<p>First paragraph.</p>
<p>Second paragraph with <a href="x">a link</a>.</p>
<p>Third<br>paragraph.</p>
<h2 id="key-learning-points">Key learning points</h2>
<ul>
<li>point one</li>
<li>point two</li>
</ul>
<table><tr><td>a table</td></tr></table>
"""


def test_the_preface_and_each_sections_first_block_stay_indexed():
    out = first_blocks_only(PAGE)
    assert '<p>Summary of the work.</p>' in out
    assert '<div class="cln-card">' in out
    assert '<h2 id="background">Background</h2>\n<p>First paragraph.</p>' in out
    assert '<h2 id="key-learning-points">Key learning points</h2>\n<ul>\n<li>point one</li>' in out


def test_later_blocks_carry_materials_exclusion_attribute():
    out = first_blocks_only(PAGE)
    assert '<p data-search-exclude="true">Second paragraph with <a href="x">a link</a>.</p>' in out
    assert '<p data-search-exclude="true">Third<br>paragraph.</p>' in out
    assert '<table data-search-exclude="true"><tr><td>a table</td></tr></table>' in out
    assert out.count("data-search-exclude") == 3  # nested tags untouched, nothing else changed
    assert out.replace(' data-search-exclude="true"', "") == PAGE


def test_materials_search_indexes_only_the_opening_lines():
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(first_blocks_only(PAGE))
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data if not section.is_excluded())
    assert "First paragraph" in text and "point one" in text and "Summary" in text
    assert "Second paragraph" not in text and "Third" not in text and "a table" not in text


def test_a_page_without_headings_or_already_marked_is_unchanged():
    assert first_blocks_only("<p>one</p>\n<p>two</p>\n") == "<p>one</p>\n<p>two</p>\n"
    once = first_blocks_only(PAGE)
    assert first_blocks_only(once) == once


def test_offsets_hold_with_line_separators_other_than_newline():
    page = "<h2 id='a'>A</h2>\n<p>one\x0c\u2028two</p>\n<p>three</p>\n"
    assert first_blocks_only(page) == page.replace("<p>three", '<p data-search-exclude="true">three')


def test_case_study_pages_are_indexed_by_each_sections_first_block(tmp_path):
    import json
    import shutil

    from conftest import REPO, run_build

    project = tmp_path / "portal"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "overrides", "case_studies"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, project / name)
    template = (REPO / "case_studies" / "_template.md").read_text(encoding="utf-8")
    from conftest import without_todos

    text = without_todos(template).replace("status: draft", "status: published").replace(
        "what changed, compared with the baseline.",
        "What changed, compared with the baseline.\n\nA second paragraph about zebrafinches.")
    (project / "case_studies" / "early-pregnancy-scans.md").write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    docs = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())["docs"]
    page = [d for d in docs if d["location"].startswith("case-studies/early-pregnancy-scans/")]
    text = " ".join(d["text"] for d in page)
    assert "compared with the baseline" in text and "zebrafinches" not in text
    html = (tmp_path / "site" / "case-studies" / "early-pregnancy-scans" / "index.html").read_text()
    assert "zebrafinches" in html and "data-search-exclude" not in html  # shown, attribute stripped


def test_comments_quoted_brackets_and_self_closing_tags_do_not_shift_the_blocks():
    page = ('<h2 id="a">A</h2>\n<!-- <p>not a block</p> -->\n<p title="a > b">one</p>\n<hr/>\n'
            '<div class="x"><P>nested</P></div>\n<img src="i.png" alt="">\n')
    out = first_blocks_only(page)
    assert '<p title="a > b">one</p>' in out  # the first block, indexed
    assert '<!-- <p>not a block</p> -->' in out and "<hr/>" in out  # neither is a block
    assert '<div data-search-exclude="true" class="x"><P>nested</P></div>' in out
    assert '<img data-search-exclude="true" src="i.png" alt="">' in out
    assert out.count("data-search-exclude") == 2


LONG = ('<h2 id="aims">Aims</h2>\n<p>We wanted every woman seen by a midwife she knows within a day of '
        'calling. Second sentence with <a href="x">a link. Inside</a> it. Third sentence.</p>\n')


def test_a_first_paragraph_is_indexed_up_to_its_first_sentence():
    out = first_blocks_only(LONG)
    assert out == LONG.replace("calling. ", 'calling.<span data-search-exclude="true"> ').replace(
        "sentence.</p>", 'sentence.</span></p>')
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(out)
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data if not section.is_excluded())
    assert "within a day of calling" in text and "Second sentence" not in text and "Third" not in text


def test_a_short_or_single_sentence_paragraph_is_indexed_whole():
    short = '<h2 id="a">A</h2>\n<p>Short. Very short. Still short.</p>\n'
    single = '<h2 id="a">A</h2>\n<p>' + "one long sentence without an end " * 4 + "</p>\n"
    inside = '<h2 id="a">A</h2>\n<p><a href="x">' + "a link text that goes on and on. " * 3 + "</a></p>\n"
    for page in (short, single, inside):
        assert first_blocks_only(page) == page
    assert first_blocks_only(first_blocks_only(LONG)) == first_blocks_only(LONG)
