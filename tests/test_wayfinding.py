"""Every page says where it is: the right tab active, and pages kept out of the nav a breadcrumb
back to their lists; the home page's cards lead to their sections; the about page links the regions
and pathways to their case studies."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest


def page(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def active_tabs(doc) -> list[str]:
    return [" ".join(a.text_content().split())
            for a in doc.xpath('//li[contains(@class, "md-tabs__item--active")]/a')]


def crumbs(doc, path: str) -> list[tuple[str, str]]:
    """The breadcrumb's links as (text, site path with fragment) from the page at ``path``."""
    base = "http://site/" + path + "/"
    return [(a.text_content().strip(), urljoin(base, a.get("href")).removeprefix("http://site/"))
            for a in doc.xpath('//nav[@class="cln-breadcrumbs"]//a')]


def test_every_page_has_exactly_one_active_tab(shipped_site):
    missing = []
    for file in sorted(shipped_site.rglob("index.html")):
        path = file.parent.relative_to(shipped_site).as_posix()
        if path == "admin":
            continue  # the web editor: Decap CMS's own page, not the portal's theme
        tabs = active_tabs(lxml.html.fromstring(file.read_bytes()))
        if len(tabs) != 1:
            missing.append(f"{path}: {tabs}")
    assert not missing, "\n".join(missing)


#: Page type -> (a folder of such pages in site/, the tab, the breadcrumb's first step).
TYPES = {
    "case study": ("case-studies", "Case studies", ("Case studies", "case-studies/")),
    "region": ("case-studies/region", "Case studies", ("Case studies", "case-studies/")),
    "pathway": ("case-studies/pathway", "Case studies", ("Case studies", "case-studies/")),
    "competency": ("case-studies/competency", "Case studies", ("Case studies", "case-studies/")),
    "episode": ("podcast", "Podcast", ("Podcast", "podcast/")),
    "interview": ("interviews", "Interviews", ("Interviews", "interviews/")),
}


def pages_of(site: Path, folder: str) -> list[str]:
    """The pages one level under ``folder``; under case-studies/ the case studies themselves."""
    lists = {"region", "pathway", "competency", "coverage"} if folder == "case-studies" else set()
    return sorted(p.parent.relative_to(site).as_posix() for p in (site / folder).glob("*/index.html")
                  if p.parent.name not in lists)


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_pages_out_of_the_nav_show_their_tab_and_a_way_back(shipped_site, kind):
    folder, tab, first = TYPES[kind]
    paths = pages_of(shipped_site, folder)
    assert paths, f"no {kind} pages under {folder}/"
    for path in paths:
        doc = page(shipped_site, path)
        assert active_tabs(doc) == [tab], path
        trail = crumbs(doc, path)
        assert trail and trail[0] == first, f"{path}: {trail}"
        for _, target in trail:
            assert (shipped_site / target.partition("#")[0] / "index.html").is_file(), f"{path}: {target}"


def test_a_case_study_leads_back_to_its_region(shipped_site):
    for path in pages_of(shipped_site, "case-studies"):
        doc = page(shipped_site, path)
        region = doc.xpath('//div[@class="cln-card__row"][dt="Region"]/dd/a')[0]
        trail = crumbs(doc, path)
        assert len(trail) == 2 and trail[1][0] == f"Case studies in {region.text_content()}", trail
        assert trail[1][1] == urljoin(f"http://site/{path}/", region.get("href")).removeprefix("http://site/")


def test_an_episode_leads_back_to_its_series_on_the_podcast_page(shipped_site):
    home = page(shipped_site, "podcast")
    for path in pages_of(shipped_site, "podcast"):
        trail = crumbs(page(shipped_site, path), path)
        assert len(trail) == 2, f"{path}: {trail}"
        name, target = trail[1]
        fragment = target.partition("#")[2]
        assert target.startswith("podcast/#series-") and home.get_element_by_id(fragment) is not None
        assert name in home.get_element_by_id(fragment).text_content()


def test_generated_pages_stay_out_of_the_nav(shipped_site):
    nav = page(shipped_site, "case-studies").xpath('//nav[contains(@class, "md-nav--primary")]//a/@href')
    assert not [href for href in nav if "region/" in href or "pathway/" in href], nav


def test_the_home_cards_each_lead_to_their_section_under_a_heading_of_their_own(shipped_site):
    doc = page(shipped_site, "")
    cards = doc.xpath('//ul[@class="cln-cards"]/li')
    assert len(cards) == 4
    wanted = {"Case studies": "case-studies/", "The HSJ column": "columns/", "The podcast": "podcast/",
              "Interviews": "interviews/"}
    found = {}
    for card in cards:
        (heading,) = card.xpath("./h2")
        (link,) = heading.xpath("./a[not(@class='headerlink')]")
        found[link.text_content()] = link.get("href")
        text = card.xpath("./p")
        assert text and text[0].text_content().strip(), "each card has its text below its heading"
    assert found == wanted


def test_the_about_page_links_every_region_and_pathway_to_its_case_studies(shipped_site):
    doc = page(shipped_site, "about")
    for heading, folder, count in (("The ten regions", "region", 10), ("The clinical pathways", "pathway", 8)):
        (section_list,) = doc.xpath(f'//h2[starts-with(normalize-space(.), "{heading}")]/following-sibling::ul[1]')
        links = section_list.xpath("./li/a/@href")
        assert len(links) == len(section_list.xpath("./li")) == count, heading
        for href in links:
            target = urljoin("http://site/about/", href).removeprefix("http://site/")
            assert target.startswith(f"case-studies/{folder}/"), href
            assert (shipped_site / target / "index.html").is_file(), href


def test_the_interviews_index_says_what_each_interview_is(shipped_site):
    labels = [" ".join(p.text_content().split())
              for p in page(shipped_site, "interviews").xpath('//p[@class="cln-meta"]')]
    assert labels and all(label.startswith(("Written interview", "Podcast episode, with a transcript"))
                          for label in labels), labels


def test_a_region_without_case_studies_is_named_without_a_link():
    from types import SimpleNamespace

    from cln_portal.mkdocs_plugin.sections.case_studies import _term_list

    terms = [SimpleNamespace(kind="regions", name="NHS London"), SimpleNamespace(kind="regions", name="A & B")]
    out = _term_list(terms, {("regions", "NHS London"): "case-studies/region/nhs-london/"}, "about/")
    assert out == ('<ul class="cln-terms">\n<li><a href="../case-studies/region/nhs-london/">NHS London</a></li>\n'
                   "<li>A &amp; B</li>\n</ul>")


def test_the_self_assessment_shows_the_about_tab(shipped_site):
    """Out of every tab's folder, the self-assessment names its tab: About, which explains the
    framework and links it."""
    doc = lxml.html.fromstring((shipped_site / "self-assessment" / "index.html").read_bytes())
    assert [" ".join(tab.split()) for tab in active_tabs(doc)] == ["About"]
