"""The HSJ column on the built site: listing, posts, archive, feed and the home page's latest lists."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from mkdocs.utils import get_relative_url

from cln_portal import column as columns
from cln_portal.content import vocabulary
from conftest import REPO, copy_repo, indexed_pages, run_build

SITE_URL = "https://nhs-cln.github.io/portal/"


@pytest.fixture(scope="module")
def shipped_columns():
    vocab = vocabulary.load(REPO / "content/_data/vocabulary.yml")
    found, problems = columns.load_all(REPO, vocab)
    assert not problems
    return found


class Links(HTMLParser):
    """Every href and src in a page, and the text of chosen elements."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def links_in(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.links


def resolves(site: Path, page_url: str, href: str) -> bool:
    """Does a link on the page at ``page_url`` (site-relative) lead to a file in the built site?"""
    path = urlsplit(urljoin("https://x.invalid/" + page_url, href)).path.lstrip("/")
    target = site / path
    return (target / "index.html").is_file() if path.endswith("/") or not path else target.is_file()


def latest_block(html: str) -> str:
    start = html.index('<section class="cln-latest"')
    return html[start:html.rindex("</section>") + len("</section>")]


def post_url(column) -> str:
    return f"columns/{column.date.year}/{column.slug}/"


# --- The shipped column ---------------------------------------------------------------------


def test_the_column_index_lists_every_column_newest_first(shipped_site, shipped_columns):
    html = (shipped_site / "columns" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a class="toclink" href="([^"]+)">', html)
    assert listed == [f"{c.date.year}/{c.slug}/" for c in shipped_columns]
    for column in shipped_columns:
        assert resolves(shipped_site, "columns/", f"{column.date.year}/{column.slug}/")
    assert 'href="feed.xml"' in html and (shipped_site / "columns" / "feed.xml").is_file()


def test_archive_by_year_and_category_pages_list_the_columns(shipped_site, shipped_columns):
    for year in {c.date.year for c in shipped_columns}:
        html = (shipped_site / "columns" / "archive" / str(year) / "index.html").read_text(encoding="utf-8")
        for column in shipped_columns:
            assert (f'href="../../{column.date.year}/{column.slug}/"' in html) == (column.date.year == year)
    category = "Guest column"
    html = (shipped_site / "columns" / "category" / "guest-column" / "index.html").read_text(encoding="utf-8")
    for column in shipped_columns:
        assert (f"/{column.slug}/" in html) == (category in column.categories), column.slug


def test_a_post_shows_headline_standfirst_byline_date_and_reading_time(shipped_site, shipped_columns):
    for column in shipped_columns:
        html = (shipped_site / post_url(column) / "index.html").read_text(encoding="utf-8")
        author = column.authors[0]
        assert re.search(rf'<h1 id="[^"]+">{re.escape(column.title.replace("&", "&amp;"))}<a', html), column.slug
        assert f'<p class="cln-standfirst">{column.standfirst.replace("&", "&amp;")}</p>'.replace("'", "&#x27;") in html
        assert (f'<p class="cln-byline">By <span class="cln-byline__name">{author.name}</span>, '
                f'{author.role}, {author.organisation}') in html
        day = f"{column.date.day} {column.date.strftime('%B')} {column.date.year}"
        assert f">{day}</time>" in html
        assert re.search(r"\d+ min read", html)
        assert "Read in HSJ" not in html  # no shipped column claims an HSJ address
        assert html.count("<h1") == 1


def test_a_post_shows_its_topics_and_related_links(shipped_site, shipped_columns):
    column = next(c for c in shipped_columns if c.region and c.pathways and c.related)
    html = (shipped_site / post_url(column) / "index.html").read_text(encoding="utf-8")
    region = re.search(r"<dt>Region</dt><dd>(.*?)</dd>", html).group(1)
    assert column.region.name in region
    # The topic links to the case studies filed under it when there are any, else it is plain text.
    browse = f"case-studies/region/{column.region.slug}/"
    assert links_in(region) == ([get_relative_url(browse, post_url(column))]
                                if (shipped_site / browse / "index.html").is_file() else [])
    assert column.pathways[0].name in html
    related = html[html.index('<ul class="cln-related"'):]
    related = related[:related.index("</ul>")]
    hrefs = links_in(related)
    for slug in column.related:  # what it names (then anything that names it)
        assert any(h.rstrip("/").endswith("/" + slug) for h in hrefs), slug
    assert all(resolves(shipped_site, post_url(column), h) for h in hrefs)


def test_the_feed_carries_every_column_in_full_newest_first(shipped_site, shipped_columns):
    parsed = feedparser.parse((shipped_site / "columns" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert [e.link for e in parsed.entries] == [SITE_URL + post_url(c) for c in shipped_columns]
    assert [e.title for e in parsed.entries] == [c.title for c in shipped_columns]
    newest = shipped_columns[0].date
    assert parsed.feed.updated_parsed[:3] == (newest.year, newest.month, newest.day)
    for entry, column in zip(parsed.entries, shipped_columns):
        assert resolves(shipped_site, "", entry.link[len(SITE_URL):])
        content = entry.content[0].value
        assert column.body.split("\n\n")[0].split()[-1] in content  # full text, not an excerpt
        assert column.authors[0].name in content
        for link in links_in(content):
            assert link.startswith(("https://", "http://", "mailto:")), (column.slug, link)
            if link.startswith(SITE_URL):
                assert resolves(shipped_site, "", link[len(SITE_URL):].split("#")[0]), link


def test_the_home_page_shows_the_latest_column_and_a_column_tab(shipped_site, shipped_columns):
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    block = latest_block(html)
    newest = shipped_columns[0]
    assert "Latest column" in block
    assert f'<a href="{post_url(newest)}">{newest.title}</a>' in block
    assert shipped_columns[1].title not in block
    assert '<a href="columns/">All columns</a>' in block
    for href in links_in(block):
        assert resolves(shipped_site, "", href), href
    assert re.search(r'<a href="columns/" class="md-tabs__link">\s*Column\s*</a>', html)
    assert "cln:latest" not in html


# --- Fixture sites built from a copy of the repository --------------------------------------


NEW_COLUMN = """\
---
title: 'Beds & <b>boards</b>: "why" it matters'
standfirst: A guest writer on <script>alert(1)</script> & other things that go wrong
date: 2011-03-07
authors: [guest-writer]
categories: [Guest column]
region: South West
hsj_url: https://www.hsj.co.uk/comment/beds-and-boards/1234.article?from=cln&x="y"
related: [a-network-for-every-region]
---

We built on [the director's first column](a-network-for-every-region.md) and kept going.

## What we did

Plenty.
"""

GUEST = """\
  guest-writer:
    name: Sam O'Neil & Co
    role: ward sister <em>and</em> guest
    organisation: NHS South West
"""


DRAFT = """\
---
title: Not ready yet
standfirst: A draft that must not be published anywhere
date: 2012-01-01
authors: [raj-kumar]
categories: [Director's column]
draft: true
---

Unfinished.
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    project = copy_repo(tmp_path_factory.mktemp("columns") / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pagination_per_page: 10\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      pagination_per_page: 10\n",
                                                       "      pagination_per_page: 4\n"), encoding="utf-8")
    posts = project / columns.POSTS_DIR
    (posts / "beds-and-boards.md").write_text(NEW_COLUMN, encoding="utf-8")
    (posts / "not-ready-yet.md").write_text(DRAFT, encoding="utf-8")
    with open(project / columns.AUTHORS_FILE, "a", encoding="utf-8") as authors:
        authors.write(GUEST)
    site = project / "site-out"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_the_latest_lists_follow_the_content(fixture_site):
    html = (fixture_site / "index.html").read_text(encoding="utf-8")
    block = latest_block(html)
    assert 'href="columns/2011/beds-and-boards/"' in block
    assert "Beds &amp; &lt;b&gt;boards&lt;/b&gt;: &quot;why&quot; it matters" in block
    assert "7 March 2011" in block
    assert "A network for every region" not in block
    feed = feedparser.parse((fixture_site / "columns" / "feed.xml").read_bytes())
    assert feed.entries[0].link == SITE_URL + "columns/2011/beds-and-boards/"
    assert feed.entries[0].title == 'Beds & <b>boards</b>: "why" it matters'


def test_read_in_hsj_and_the_byline_are_escaped(fixture_site):
    html = (fixture_site / "columns/2011/beds-and-boards/index.html").read_text(encoding="utf-8")
    assert ('<a href="https://www.hsj.co.uk/comment/beds-and-boards/1234.article?from=cln&amp;x=&quot;y&quot;">'
            "Read in HSJ</a>") in html
    assert ('By <span class="cln-byline__name">Sam O&#x27;Neil &amp; Co</span>, ward sister '
            "&lt;em&gt;and&lt;/em&gt; guest, NHS South West") in html
    assert "<script>alert(1)</script>" not in html and "<b>boards</b>" not in html
    assert re.search(r"<title>Beds &amp; &lt;b&gt;boards&lt;/b&gt;: (&quot;|&#34;)why(&quot;|&#34;) it matters - ", html)
    assert ('<meta name="description" content="A guest writer on &lt;script&gt;alert(1)&lt;/script&gt; '
            '&amp; other things that go wrong">') in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; other things" in html
    assert re.search(r"<dt>Region</dt><dd>(<a [^>]+>)?NHS South West(</a>)?</dd>", html)
    # The index lists it with standfirst and byline as its excerpt.
    index = (fixture_site / "columns" / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<a class="toclink" href="([^"]+)">', index).group(1)
    assert first == "2011/beds-and-boards/"
    excerpt = index[index.index(first):index.index("Continue reading")]
    assert '<p class="cln-standfirst">A guest writer on &lt;script&gt;' in excerpt
    assert 'class="cln-byline__name">Sam O&#x27;Neil &amp; Co</span>' in excerpt


def test_related_links_go_both_ways(fixture_site):
    html = (fixture_site / "columns/2009/a-network-for-every-region/index.html").read_text(encoding="utf-8")
    related = html[html.index('<ul class="cln-related"'):]
    related = related[:related.index("</ul>")]
    # Columns that name this one in their related lists, including the new guest column.
    assert 'href="../../2011/beds-and-boards/"' in related
    assert "Beds &amp; &lt;b&gt;boards&lt;/b&gt;" in related
    assert 'href="../measuring-what-makes-a-clinical-leader/"' in related


def test_links_in_the_feed_content_are_absolute(fixture_site):
    feed = feedparser.parse((fixture_site / "columns" / "feed.xml").read_bytes())
    content = feed.entries[0].content[0].value
    assert f'href="{SITE_URL}columns/2009/a-network-for-every-region/"' in content
    assert "Read in HSJ" in content and "https://www.hsj.co.uk/comment/beds-and-boards/" in content


BAD_POSTS = {
    "unknown-author.md": ("authors: [raj-kumr]", "content/columns/posts/unknown-author.md:5: authors: "
                          "'raj-kumr' is not in the authors file"),
    "no-standfirst.md": ("", "content/columns/posts/no-standfirst.md: standfirst: is missing"),
    "bad-date.md": ("date: 2009-02-30", "content/columns/posts/bad-date.md:4: date: '2009-02-30' is not a real date"),
    "bad-pathway.md": ("pathways: [Cardiology]", "content/columns/posts/bad-pathway.md:7: pathways: "
                       "'Cardiology' is not one of the allowed values"),
}


def bad_post(change: str) -> str:
    fields = {"title": "A title", "standfirst": "One sentence", "date": "2009-02-16",
              "authors": "[raj-kumar]", "categories": "[Guest column]"}
    if change:
        key, value = change.split(": ", 1)
        fields[key] = value
    else:
        del fields["standfirst"]
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\nText.\n"


@pytest.mark.parametrize("strict", [True, False])
def test_bad_columns_fail_the_build_one_line_each(tmp_path, strict):
    project = copy_repo(tmp_path / "project")
    for name, (change, _) in BAD_POSTS.items():
        (project / columns.POSTS_DIR / name).write_text(bad_post(change), encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site, strict=strict)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Found 4 problems in the content (make check lists the same):" in result.stderr
    lines = result.stderr.splitlines()
    for name, (_, expected) in BAD_POSTS.items():
        matching = [line for line in lines if line.startswith(expected)]
        assert len(matching) == 1, (expected, result.stderr)
    # Our message, not Material's: the blog plugin never got to read the impossible date.
    assert "Error reading metadata" not in result.stderr
    assert not (site / "index.html").exists()


def test_an_unknown_related_slug_fails_with_a_did_you_mean(tmp_path):
    project = copy_repo(tmp_path / "project")
    text = bad_post("related: [a-network-for-every-regoin]")
    (project / columns.POSTS_DIR / "related.md").write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("content/columns/posts/related.md: related: 'a-network-for-every-regoin' is not the slug of any "
            "case study, episode, column or interview; did you mean 'a-network-for-every-region'?") in result.stderr


def test_the_blog_must_leave_bylines_to_the_cln_plugin(tmp_path):
    project = copy_repo(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      authors: false\n", "      authors: true\n"),
                                        encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "plugins: blog: authors: set it to false" in result.stderr


def test_make_check_reports_the_same_column_problems_as_the_build(tmp_path):
    import subprocess
    import sys

    from conftest import build_env

    project = copy_repo(tmp_path / "project")
    for name, (change, _) in BAD_POSTS.items():
        (project / columns.POSTS_DIR / name).write_text(bad_post(change), encoding="utf-8")
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for _, expected in BAD_POSTS.values():
        assert sum(line.startswith("ERROR: " + expected) for line in result.stdout.splitlines()) == 1, \
            (expected, result.stdout)


def test_the_index_paginates_newest_first_and_the_feed_keeps_every_column(fixture_site, shipped_columns):
    order = ["beds-and-boards"] + [c.slug for c in shipped_columns]
    seen = []
    for number in range(1, 10):
        path = fixture_site / "columns" / ("" if number == 1 else f"page/{number}/") / "index.html"
        if not path.is_file():
            break
        html = path.read_text(encoding="utf-8")
        listed = [href.rstrip("/").rsplit("/", 1)[-1] for href in re.findall(r'<a class="toclink" href="([^"]+)">', html)]
        assert 0 < len(listed) <= 4
        seen += listed
    assert seen == order
    feed = feedparser.parse((fixture_site / "columns" / "feed.xml").read_bytes())
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == order


def test_a_draft_is_published_nowhere(fixture_site):
    assert not list(fixture_site.rglob("not-ready-yet"))
    for page in [fixture_site / "index.html", fixture_site / "columns" / "feed.xml",
                 *fixture_site.glob("columns/**/index.html")]:
        assert "Not ready yet" not in page.read_text(encoding="utf-8"), page
    assert "Not ready yet" not in json.dumps(indexed_pages(fixture_site), ensure_ascii=False)


def test_column_pages_announce_the_feed(shipped_site, shipped_columns):
    link = '<link rel="alternate" type="application/rss+xml" title="The CLN column in the Health Service Journal" href="{}">'
    index = (shipped_site / "columns" / "index.html").read_text(encoding="utf-8")
    assert link.format("feed.xml") in index
    post = (shipped_site / post_url(shipped_columns[0]) / "index.html").read_text(encoding="utf-8")
    assert link.format("../../feed.xml") in post
    assert "application/rss+xml" not in (shipped_site / "about" / "index.html").read_text(encoding="utf-8")
