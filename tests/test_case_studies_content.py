"""The shipped case studies: enough of them, across the network, in NHS plain-English style."""

from __future__ import annotations

import re
from html import unescape

import pytest

from cln_portal.content import vocabulary
from cln_portal.case_studies import load_all
from conftest import REPO
from test_case_studies_site import article, dead_links, page

VOCAB = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")
CASES, PROBLEMS = load_all(REPO, VOCAB)
PUBLISHED = [c for c in CASES if not c.is_draft]


def test_the_shipped_case_studies_are_valid():
    assert [str(p) for p in PROBLEMS] == []


def test_at_least_twelve_across_six_regions_and_all_eight_pathways():
    assert len(PUBLISHED) >= 12
    assert len({c.region.name for c in PUBLISHED}) >= 6
    assert {t.name for c in PUBLISHED for t in c.pathways} == set(VOCAB.names("pathways"))


def test_london_case_studies_are_on_maternity_as_the_programme_was():
    london = [c for c in PUBLISHED if c.region.name == "NHS London"]
    assert london and all(any(t.name == "Maternity and newborn" for t in c.pathways) for c in london)


@pytest.mark.parametrize("case", PUBLISHED, ids=lambda c: c.slug)
def test_each_says_it_is_illustrative_and_follows_nhs_style(case):
    assert "This case study is illustrative" in case.body
    text = "\n".join([case.title, case.summary, case.body])
    assert "&" not in text, "write 'and', not '&'"
    assert not re.search(r"\d\s*[-\u2013]\s*\d", text), "write ranges with 'to', not a dash"
    assert not case.contact or case.contact.startswith("mailto:") or case.contact.startswith("https://")


def test_the_shipped_site_has_every_case_study_and_index_page(shipped_site):
    html = article(page(shipped_site, "case-studies"))
    listed = re.findall(r'<h3 class="cln-case__title"><a href="([^"]+)/">', html)
    assert listed == [c.slug for c in PUBLISHED]  # newest first, as load_all sorts them
    for case in PUBLISHED:
        h1 = re.search(r"<h1>(.*?)</h1>", page(shipped_site, f"case-studies/{case.slug}")).group(1)
        assert unescape(h1) == case.title
        assert (shipped_site / "case-studies" / "region" / case.region.slug / "index.html").is_file()
        for term in case.pathways + case.competencies:
            kind = {"pathways": "pathway", "competencies": "competency"}[term.kind]
            assert (shipped_site / "case-studies" / kind / term.slug / "index.html").is_file()
    assert f"data-total=\"{len(PUBLISHED)}\">{len(PUBLISHED)} case studies</p>" in html


def test_the_shipped_case_study_pages_have_no_dead_links(shipped_site):
    assert [link for link in dead_links(shipped_site) if link.startswith("case-studies/")] == []


def test_the_case_studies_tab_is_in_the_nav_and_no_case_study_is(shipped_site):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    tabs = home.split('class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert 'href="case-studies/"' in tabs and "Case studies" in tabs
    assert not any(f"case-studies/{c.slug}/" in home.split('class="md-nav', 1)[1].split("</nav>", 1)[0]
                   for c in PUBLISHED)


def test_shipped_case_studies_and_interviews_link_both_ways(shipped_site):
    case = article(page(shipped_site, "case-studies/one-to-one-midwifery-in-labour"))
    assert '<a href="../../interviews/maternity-as-the-whole-programme/">' in case
    interview = article(page(shipped_site, "interviews/maternity-as-the-whole-programme"))
    assert '<a href="../../case-studies/one-to-one-midwifery-in-labour/">' in interview
