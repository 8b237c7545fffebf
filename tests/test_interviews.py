"""Interviews: text interview pages, the interviews index, two-way related links, and their errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cln_portal.content import frontmatter
from cln_portal import interviews
from conftest import FIXTURES, REPO, run_build

SITE = FIXTURES / "episodes_site"


def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(SITE, dest)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("interviews")
    site = tmp / "site"
    result = run_build(project(tmp), site)
    assert result.returncode == 0, result.stderr
    return site


def article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"): html.index("</article>")]


def test_the_index_lists_every_interview_newest_first_with_who(built):
    html = article(built / "interviews" / "index.html")
    titles = re.findall(r'<h2 class="cln-card-title"><a href="([^"]+)">([^<]+)</a>', html)
    assert titles == [
        ("evaluating-the-network/", "Evaluating the network"),
        ("commissioning-maternity/", "Commissioning maternity &lt;care&gt; &amp; choice"),
    ]
    assert "<strong>Jo Evans</strong>, evaluation lead, NHS North West" in html
    assert "<strong>Alex Morgan</strong>, head of commissioning, NHS London" in html
    assert '<time datetime="2009-02-16">16 February 2009</time>' in html
    for href, _ in titles:
        assert (built / "interviews" / href / "index.html").is_file()


def test_the_index_is_a_nav_tab(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    tabs = html[html.index('class="md-tabs"'):]
    assert re.search(r'href="interviews/"[^>]*>\s*Interviews', tabs)


def test_an_interview_page_says_who_and_escapes_the_title(built):
    html = article(built / "interviews" / "commissioning-maternity" / "index.html")
    assert "<h1>Commissioning maternity &lt;care&gt; &amp; choice</h1>" in html
    assert "<dd>Alex Morgan, head of commissioning, NHS London</dd>" in html
    assert '<time datetime="2009-02-16">16 February 2009</time>' in html
    assert "Because women asked for it." in html
    page = (built / "interviews" / "commissioning-maternity" / "index.html").read_text(encoding="utf-8")
    header = page[page.index('<header'):page.index('</header>')]
    assert "Commissioning maternity &lt;care&gt; &amp; choice" in header and "<care>" not in header


def test_related_links_appear_on_both_sides(built):
    naming = article(built / "interviews" / "commissioning-maternity" / "index.html")
    named = article(built / "interviews" / "evaluating-the-network" / "index.html")
    assert '<a href="../evaluating-the-network/">Evaluating the network</a>' in naming
    assert '<a href="../commissioning-maternity/">Commissioning maternity &lt;care&gt; &amp; choice</a>' in named
    assert "Related content" in naming and "Related content" in named


def test_the_shipped_interviews_are_listed(shipped_site):
    html = article(shipped_site / "interviews" / "index.html")
    shipped = sorted(p.stem for p in (REPO / "content" / "interviews").glob("*.md"))
    assert len(shipped) >= 2
    for slug in shipped:
        assert f'href="{slug}/"' in html
        assert (shipped_site / "interviews" / slug / "index.html").is_file()


def _failing_build(tmp_path, edit) -> str:
    dest = project(tmp_path)
    edit(dest)
    site = tmp_path / "site"
    result = run_build(dest, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()
    return result.stderr


def _rewrite(dest: Path, name: str, old: str, new: str) -> None:
    path = dest / "content" / "interviews" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unknown_related_slug_fails_the_build_naming_the_file(tmp_path):
    stderr = _failing_build(tmp_path, lambda d: _rewrite(
        d, "commissioning-maternity.md", "related: [evaluating-the-network]", "related: [evaluating-the-netwrk]"))
    assert ("content/interviews/commissioning-maternity.md: related: 'evaluating-the-netwrk' is not the "
            "slug of any case study, episode, column or interview; did you mean 'evaluating-the-network'?") in stderr


def test_an_unknown_episode_slug_fails_the_build(tmp_path):
    stderr = _failing_build(tmp_path, lambda d: _rewrite(
        d, "evaluating-the-network.md", "date: 2009-04-01", "date: 2009-04-01\nepisode: evaluating-the-network"))
    assert ("content/interviews/evaluating-the-network.md: episode: 'evaluating-the-network' is the slug "
            "of an interview, not an episode; use the audio file's name without its extension") in stderr


def test_front_matter_mistakes_are_reported_together(tmp_path):
    def edit(dest):
        _rewrite(dest, "evaluating-the-network.md", "  organisation: NHS North West", "  organization: NHS North West")
        _rewrite(dest, "commissioning-maternity.md", "date: 2009-02-16", "date: 2009-02-30")
    stderr = _failing_build(tmp_path, edit)
    assert ("content/interviews/evaluating-the-network.md:5: interviewee: unknown field 'organization'; "
            "did you mean 'organisation'?") in stderr
    assert "content/interviews/evaluating-the-network.md:5: interviewee.organisation: needs the interviewee's organisation (text)" in stderr
    assert "content/interviews/commissioning-maternity.md:4: date: '2009-02-30' is not a real date" in stderr


def test_a_hand_written_index_is_refused(tmp_path):
    stderr = _failing_build(tmp_path, lambda d: (d / "content" / "interviews" / "index.md").write_text("# Mine\n"))
    assert "content/interviews/index.md: the interviews index is generated by the build" in stderr


# --- the core, without MkDocs --------------------------------------------------------------------

def _doc(text: str):
    doc, problems = frontmatter.parse(text, Path("x.md"), "content/interviews/x.md")
    assert not problems
    return doc


def test_from_document_reads_every_field():
    doc = _doc("---\ntitle: T\nsummary: S\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\n"
               "interviewer: {name: I, role: q}\nepisode: ep-1\nrelated: a-slug\n---\nBody\n")
    item, problems = interviews.from_document(doc, "x", "interviews/x/", "content/interviews/x.md")
    assert not problems
    assert (item.title, item.summary, item.date.isoformat(), item.episode, item.related) == (
        "T", "S", "2009-01-05", "ep-1", ("a-slug",))
    assert item.interviewee.describe() == "N, r, O"
    assert item.interviewer.describe() == "I, q"


@pytest.mark.parametrize("meta, expected", [
    ("title: T\nsummary: S\ndate: 2009-01-05\n",
     "content/interviews/x.md: interviewee: must be a mapping with name: ..., role: ..., organisation: ..."),
    ("title: T\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\n",
     "content/interviews/x.md: summary: needs a summary: one or two plain sentences"),
    ("summary: S\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\n",
     "content/interviews/x.md: title: needs a title (text)"),
    ("title: T\nsummary: S\ninterviewee: {name: N, role: r, organisation: O}\n",
     "content/interviews/x.md: date: needs the interview's publication date, YYYY-MM-DD"),
    ("title: T\nsummary: S\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\nrelated: {a: 1}\n",
     "content/interviews/x.md:6: related: must be a list of slugs, for example [leading-maternity-change]"),
    ("title: T\nsummary: S\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\nintervewer: {name: I}\n",
     "content/interviews/x.md:6: intervewer: unknown field; did you mean 'interviewer'?"),
    ("title: T\nsummary: " + "x" * 301 + "\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\n",
     "content/interviews/x.md:3: summary: is 301 characters; keep it to 300"),
])
def test_from_document_problems(meta, expected):
    item, problems = interviews.from_document(_doc(f"---\n{meta}---\n"), "x", "interviews/x/", "content/interviews/x.md")
    assert item is None
    assert expected in [str(p) for p in problems]


def test_make_check_reports_interview_problems_without_building(tmp_path):
    import subprocess
    import sys

    from conftest import build_env

    dest = project(tmp_path)
    _rewrite(dest, "evaluating-the-network.md", "  organisation: NHS North West", "  organization: NHS North West")
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=dest, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert ("content/interviews/evaluating-the-network.md:5: interviewee: unknown field 'organization'; "
            "did you mean 'organisation'?") in result.stdout
    assert not (dest / "site").exists()
