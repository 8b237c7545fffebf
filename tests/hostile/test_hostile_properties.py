"""Property tests: arbitrary Unicode and bytes through the core give a clear answer, never a crash.

Each property runs the core functions directly (no MkDocs build per example), with a modest
number of examples so the suite stays fast.
"""

from __future__ import annotations

import datetime
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from cln_portal.content import dates, frontmatter, paths, text, vocabulary
from cln_portal.markup import safety
from cln_portal.podcast import transcripts
from cln_portal.content.problems import Problem
from conftest import REPO

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Every code point, surrogates and controls included, weighted towards the troublesome ones.
any_char = st.one_of(
    st.characters(codec=None),
    st.sampled_from(list("<>&\"'`=/\\:;#%\t\n\r\x00\x0b\x0c\x1b\x7f\u2028\u2029\ufeff\ufffe\ud800\u202e")),
)
any_text = st.text(any_char, max_size=80)


def _problems_name_the_file(problems: list[Problem], display: str) -> None:
    assert problems
    for problem in problems:
        assert isinstance(problem, Problem)
        assert str(problem).startswith(display)
        assert "Traceback" not in str(problem)


@SETTINGS
@given(st.text(any_char, max_size=300))
def test_any_text_as_a_page_gives_a_document_or_problems_naming_the_file(source):
    doc, problems = frontmatter.parse(source, Path("case_studies/x.md"), "case_studies/x.md")
    if doc is None:
        _problems_name_the_file(problems, "case_studies/x.md")
    else:
        assert problems == [] and isinstance(doc.meta, dict)
        assert not XML_ILLEGAL.search(doc.body)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_a_file_give_a_document_or_problems_naming_the_file(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.md"
        path.write_bytes(data)
        doc, problems = frontmatter.load(path, "podcasts/x.md")
    if doc is None:
        _problems_name_the_file(problems, "podcasts/x.md")


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "summary", "organisation", "contact", "notes"]), any_text,
                       min_size=1))
def test_any_unicode_in_any_field_reads_back_with_only_control_characters_removed(fields):
    """What a contributor's editor saves (YAML escapes for the unprintable) reads back exactly."""
    block = yaml.safe_dump(fields, allow_unicode=True, default_style='"')
    doc, problems = frontmatter.parse(f"---\n{block}---\nBody\n", Path("x.md"), "x.md")
    assert problems == [] and doc is not None
    assert doc.meta == {k: XML_ILLEGAL.sub("", v) for k, v in fields.items()}


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.data = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.data.append(data)


@SETTINGS
@given(any_text)
def test_cleaned_escaped_text_is_text_in_html_text_and_attributes(value):
    cleaned = text.clean_text(value)
    assert not XML_ILLEGAL.search(cleaned)
    html = f'<p title="{escape(cleaned)}">{escape(cleaned)}</p>'
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    assert parser.tags == [("p", [("title", cleaned)])]
    assert "".join(parser.data) == cleaned
    assert safety.unsafe_markup(html) == []


def _browser_scheme(url: str) -> str | None:
    """The scheme a browser sees (WHATWG URL): controls and spaces trimmed, tabs and newlines removed."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub("[\t\n\r]", "", url)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


url_text = st.one_of(
    any_text,
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", " ", "\t", "\x01", "\n"]),
              st.sampled_from(["javascript", "JavaScript", "java\tscript", "data", "vbscript", "https",
                               "mailto", "file", "//", "\\\\", "/\\"]),
              st.sampled_from([":alert(1)", "evil.example/", ":x", "://evil.example"])),
)


@SETTINGS
@given(url_text)
def test_a_safe_url_is_one_a_browser_reads_as_http_mailto_or_same_site(url):
    if text.is_safe_url(url):
        cleaned = text.clean_text(url)
        assert _browser_scheme(cleaned) in (None, "http", "https", "mailto")
        compact = re.sub(r"[\s\x00-\x20]", "", cleaned).replace("\\", "/")
        assert not compact.startswith("//")


@SETTINGS
@given(st.one_of(any_text, st.integers(), st.dates(), st.none(), st.lists(st.integers(), max_size=2),
                 st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z")))
def test_any_date_value_is_a_date_or_a_clear_error(value):
    try:
        result = dates.parse_date(value)
    except ValueError as exc:
        # In the right form but impossible: say what does not exist; else say the form.
        assert "is not a real date: there is no " in str(exc) or "YYYY-MM-DD" in str(exc), exc
    else:
        assert isinstance(result, datetime.date)
        assert dates.nhs_date(result).endswith(str(result.year))


VOCABULARY = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")


@SETTINGS
@given(st.sampled_from(vocabulary.KINDS),
       st.one_of(any_text, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
                 st.lists(any_text, max_size=2), st.dictionaries(any_text, any_text, max_size=1)))
def test_any_vocabulary_value_is_a_term_or_says_what_is_allowed(kind, value):
    try:
        term = VOCABULARY.resolve(kind, value)
    except ValueError as exc:
        assert VOCABULARY.names(kind)[0] in str(exc)
    else:
        assert term.name in VOCABULARY.names(kind)


@SETTINGS
@given(any_text)
def test_a_slug_is_url_safe(value):
    slug = text.slugify(value)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)


@SETTINGS
@given(st.lists(st.one_of(any_char, st.sampled_from(["<script>", "<a href=", "javascript:", "onclick=",
                                                       "\"", "'", "<", ">", "&#"])), max_size=40).map("".join))
def test_the_content_checker_never_crashes_and_finds_what_a_browser_would_run(html):
    found = safety.unsafe_markup(html)
    assert isinstance(found, list)
    rendered = markdown.markdown(str(escape(text.clean_text(html))))
    assert safety.unsafe_markup(rendered) == []


def _full_scan(html: str) -> list[str]:
    scanner = safety._Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def _mixed_case(word: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips + [False] * len(word)))


attribute = st.builds(
    lambda name, flips, space, quote, value: f"{space}{_mixed_case(name, flips)}={quote}{value}{quote}",
    st.sampled_from(["href", "src", "srcset", "action", "poster", "xlink:href", "ping", "onclick", "onload",
                     "onerror", "title", "class", "alt", "style"]),
    st.lists(st.booleans(), max_size=8), st.sampled_from([" ", "\t", "\n", "/", " \"x\" "]),
    st.sampled_from(['"', "'", ""]),
    st.one_of(url_text, st.sampled_from(["../a/", "#top", "https://nhs.uk/", "x&#58;y", "a>b", "//evil"])))
tag = st.builds(
    lambda name, flips, attributes, end: f"<{_mixed_case(name, flips)}{''.join(attributes)}{end}",
    st.sampled_from(["a", "img", "p", "script", "iframe", "form", "svg", "object", "meta", "div", "Style"]),
    st.lists(st.booleans(), max_size=8), st.lists(attribute, max_size=3), st.sampled_from([">", "/>", " >", ""]))


@SETTINGS
@given(st.lists(st.one_of(any_text, tag), max_size=6).map("".join))
@example('<a href="//evil.example/">x</a>')
@example("<a href=/\\evil.example>x</a>")
@example('<img srcset="a.png,//evil.example/b.png">')
@example('<a title="a>b"onclick="alert(1)">x</a>')
@example("<a href=\"java&#x09;script:alert(1)\">x</a>")
@example('<p><IMG SRC="x" ONERROR="alert(1)"></p>')
def test_the_quick_first_look_never_passes_what_the_full_scan_refuses(html):
    """Pages the first look passes are never parsed: it must flag everything the parser would."""
    if _full_scan(html):
        assert safety._suspect(html)
        assert safety.unsafe_markup(html)


@SETTINGS
@given(st.one_of(any_text, st.builds(lambda parts: "/".join(parts),
                                     st.lists(st.sampled_from(["..", ".", "a", "b.png", "", "/", "~"]), max_size=5))))
def test_a_named_file_is_inside_its_folder_or_refused_with_a_reason(name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "podcasts"
        folder.mkdir()
        (folder / "out").symlink_to(Path(tmp))  # a link back out of the folder
        path, refused = paths.file_in(folder, name + ("/out" if "~" in name else ""))
        if refused:
            assert path is None and ("outside podcasts/" in refused or refused.startswith("must be"))
        else:
            assert paths.is_inside(path, folder)


transcript_text = st.lists(st.one_of(any_char, st.sampled_from(
    ["[00:00:01] ", "**Sam:** ", "WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\n", "<v Sam>", "\n\n", "1\n",
     "00:00:01,000 --> 00:00:02,000\n", "## Transcript\n", "-->"])), max_size=40).map("".join)


@SETTINGS
@given(transcript_text, st.sampled_from(["markdown", "vtt", "srt"]))
def test_any_transcript_text_is_problems_naming_the_file_or_transcript_files_that_escape_it(source, kind):
    parse = {"markdown": lambda t: transcripts.parse_markdown(t, "podcasts/ep.md", 5),
             "vtt": lambda t: transcripts.parse_vtt(t, "podcasts/ep.vtt"),
             "srt": lambda t: transcripts.parse_srt(t, "podcasts/ep.srt")}[kind]
    transcript, problems = parse(source)
    if transcript is None:
        _problems_name_the_file(problems, "podcasts/ep.")
        return
    ended, _ = transcript.ended(3600.0)
    files = transcripts.written(ended, "Title <b> & \"q\"")
    page = _TextOnly()
    page.feed(files["html"])
    assert all(tag in ("html", "head", "meta", "title", "body", "main", "h1", "cite", "time", "p")
               for tag, _ in page.tags), page.tags
    if "vtt" in files:
        again, problems = transcripts.parse_vtt(files["vtt"], "podcast/ep/transcript.vtt")
        assert again is not None, (files["vtt"], problems)
        assert len(again.cues) == len(ended.cues)
        json.loads(files["json"])
