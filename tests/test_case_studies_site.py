"""Case studies on the built site: pages, index pages, links, search, drafts and build errors."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import BIN, FIXTURES, REPO, build_env, indexed_pages, run_build

SITE_FIXTURE = FIXTURES / "case_studies_site"
PUBLISHED = ["heart-failure-clinic", "rapid-assessment", "midwife-led-birth-unit"]  # newest first


def make_project(dest: Path) -> Path:
    """The fixture portal with the shipped vocabulary, ready to build or to break."""
    shutil.copytree(SITE_FIXTURE, dest)
    (dest / "content" / "_data").mkdir(parents=True)
    shutil.copy(REPO / "content" / "_data" / "vocabulary.yml", dest / "content" / "_data" / "vocabulary.yml")
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("cases") / "project")
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's own content, without the theme's header, nav and footer."""
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def local_links(html: str) -> list[str]:
    return [unescape(u) for u in re.findall(r'(?:href|src)="([^"]+)"', html)
            if not urlsplit(unescape(u)).scheme and not u.startswith("#") and not u.startswith("//")]


def dead_links(site: Path) -> list[str]:
    """Every relative href/src in every page that does not lead to a file in the site."""
    dead = []
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":  # served from any depth, so it links from the site root
            continue
        for link in local_links(html_file.read_text(encoding="utf-8")):
            target = (html_file.parent / urlsplit(link).path).resolve()
            if urlsplit(link).path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{html_file.relative_to(site)} -> {link}")
    return dead


def nav_links(html: str) -> list[str]:
    """Links in Material's navigation (tabs and drawer), which every page carries."""
    nav = "".join(re.findall(r'<nav class="md-(?:tabs|nav[^"]*)"[\s\S]*?</nav>', html))
    return re.findall(r'href="([^"]+)"', nav)


def test_each_published_case_study_has_its_page_with_a_summary_card(site):
    html = article(page(site, "case-studies/rapid-assessment"))
    assert "<h1>Rapid assessment in the emergency department</h1>" in html
    card = html.split('<div class="cln-card" data-pagefind-weight="5">', 1)[1].split("</div>\n</dl>", 1)[0]
    assert '<p class="cln-card__summary">Senior doctors saw patients on arrival, and waits fell.</p>' in html
    assert ('<dt>Region</dt><dd><a href="../region/nhs-north-west/" data-pagefind-filter="Region" '
            'data-cln-title="Case studies in NHS North West">NHS North West</a></dd>') in card
    assert ('<dt>Pathway</dt><dd><a href="../pathway/acute-care/" data-pagefind-filter="Pathway" '
            'data-cln-title="Case studies: Acute care">Acute care</a></dd>') in card
    assert ('<dt>Competency</dt><dd><a href="../competency/innovation/" data-pagefind-filter="Competency" '
            'data-cln-title="Case studies: Innovation">Innovation</a></dd>') in card
    assert "<dt>Organisation</dt><dd>Fixture Hospitals NHS Trust</dd>" in card
    assert "<dt>Author</dt><dd>Dr Ann Lee, consultant in emergency medicine</dd>" in card
    assert '<dt>Published</dt><dd><time datetime="2009-06-01">1 June 2009</time></dd>' in card
    assert '<dt>Contact</dt><dd><a href="https://example.org/contact">https://example.org/contact</a></dd>' in card
    # The card comes before the body, and the body keeps its five sections.
    assert html.index("cln-card") < html.index('id="background"') < html.index('id="key-learning-points"')


def test_the_card_shows_every_pathway_author_and_quality(site):
    html = article(page(site, "case-studies/heart-failure-clinic"))
    assert ('<dt>Pathways</dt><dd><a href="../pathway/long-term-conditions/" data-pagefind-filter="Pathway" '
            'data-cln-title="Case studies: Long-term conditions">Long-term conditions</a>, '
            '<a href="../pathway/acute-care/" data-pagefind-filter="Pathway" '
            'data-cln-title="Case studies: Acute care">Acute care</a></dd>') in html
    assert ("<dt>Authors</dt><dd>Cal Reyes, heart failure nurse specialist; Dr Dee Shah, general practitioner</dd>"
            in html)
    assert '<a href="mailto:cal.reyes@example.nhs.uk">cal.reyes@example.nhs.uk</a>' in html
    assert "<dt>Tags</dt><dd>heart failure</dd>" in html
    other = article(page(site, "case-studies/midwife-led-birth-unit"))
    assert "<dt>Leadership qualities</dt><dd>Self belief</dd>" in other


def test_text_from_contributors_is_escaped_everywhere(site):
    html = page(site, "case-studies/heart-failure-clinic")
    assert "<joint>" not in html and "<together>" not in html
    assert "<h1>Heart failure nurses &amp; GPs: a &lt;joint&gt; clinic</h1>" in html
    assert "<title>Heart failure nurses &amp; GPs: a &lt;joint&gt; clinic - Case studies fixture</title>" in html
    assert ('<meta name="description" content="Nurses and GPs ran one clinic for heart failure &lt;together&gt; '
            '&amp; cut admissions.">') in html
    assert "<dd>Fixture Community Services &amp; Partners</dd>" in html
    index = page(site, "case-studies")
    assert "<joint>" not in index and "a &lt;joint&gt; clinic</a>" in index


def test_the_index_lists_every_published_case_study_newest_first(site):
    html = article(page(site, "case-studies"))
    links = re.findall(r'<h3 class="cln-case__title"><a href="([^"]+)">', html)
    assert links == [f"{slug}/" for slug in PUBLISHED]
    assert "Senior doctors saw patients on arrival, and waits fell." in html
    assert '<p class="cln-case__meta">NHS London. Maternity and newborn. <time datetime="2009-04-01">1 April 2009</time></p>' in html


def test_the_index_list_items_carry_the_values_the_filter_reads(site):
    html = article(page(site, "case-studies"))
    assert ('<li class="cln-case" data-region="nhs-north-west" data-pathway="long-term-conditions acute-care" '
            'data-competency="">') in html
    assert ('<li class="cln-case" data-region="nhs-north-west" data-pathway="acute-care" '
            'data-competency="innovation">') in html


def test_the_filter_is_labelled_hidden_without_script_and_offers_only_used_values(site):
    html = article(page(site, "case-studies"))
    controls = html.split('<div class="cln-filter"', 1)[1].split("</div>\n<p", 1)[0]
    assert "hidden" in controls.split(">", 1)[0]  # without JavaScript the full list shows, with no dead controls
    assert "<legend>Filter case studies</legend>" in controls
    for param, label in (("region", "Region"), ("pathway", "Pathway"), ("competency", "Competency")):
        assert f'<label for="cln-filter-{param}">{label}</label>' in controls
        assert f'<select id="cln-filter-{param}" name="{param}">' in controls
    regions = re.findall(r'<option value="([^"]*)">', controls.split('name="region"', 1)[1].split("</select>", 1)[0])
    assert regions == ["", "nhs-north-west", "nhs-london"]  # vocabulary order; no South West (a draft only)
    assert ('<p class="cln-filter__count" id="cln-filter-count" role="status" aria-live="polite" '
            'data-total="3">3 case studies</p>') in html
    # The page carries no script or form of its own; the small filter script is site-wide.
    assert "<script" not in html and "<form" not in html
    assert '<script src="../assets/javascripts/case-studies.js"></script>' in page(site, "case-studies")
    js = (site / "assets" / "javascripts" / "case-studies.js").read_text(encoding="utf-8")
    assert '"Showing " + shown + " of " + total' in js and "replaceState" in js
    assert "fetch(" not in js and "http" not in js.replace("https://", "")  # nothing loaded from anywhere


def test_index_pages_exist_per_region_pathway_and_competency_with_their_case_studies(site):
    region = article(page(site, "case-studies/region/nhs-north-west"))
    assert '<h1 id="case-studies-in-nhs-north-west">Case studies in NHS North West' in region
    assert re.findall(r'class="cln-case__title"><a href="([^"]+)"', region) == [
        "../../heart-failure-clinic/", "../../rapid-assessment/"]
    assert "2 case studies from this region, newest first." in region
    assert '<a href="../../">All case studies</a>' in region
    pathway = article(page(site, "case-studies/pathway/maternity-and-newborn"))
    assert "Case studies: Maternity and newborn" in pathway and "1 case study on this pathway" in pathway
    competency = article(page(site, "case-studies/competency/innovation"))
    assert "Finding, testing and spreading new ways of delivering care" in competency
    assert "draws on: seizing the future, intellectual flexibility, drive for improvement." in competency


def test_a_value_without_published_case_studies_gets_no_page_and_no_link(site):
    existing = sorted(p.relative_to(site / "case-studies").parent.as_posix()
                      for p in (site / "case-studies").glob("*/*/index.html"))
    assert existing == [
        "competency/conflict-management", "competency/innovation",
        "pathway/acute-care", "pathway/long-term-conditions", "pathway/maternity-and-newborn",
        "region/nhs-london", "region/nhs-north-west",
    ]
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "nhs-south-west" not in everything and "end-of-life-care" not in everything  # the draft's values
    assert "mental-health" not in everything


def test_no_dead_links_anywhere_in_the_site(site):
    assert dead_links(site) == []


def test_case_study_pages_are_not_in_the_nav_but_the_index_is_a_tab(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    links = nav_links(home)
    assert "case-studies/" in links
    assert not [link for link in links if "rapid-assessment" in link or "/region/" in link]
    case = page(site, "case-studies/rapid-assessment")
    assert not [link for link in nav_links(case) if "heart-failure-clinic" in link]


def test_related_links_show_on_both_sides(site):
    source = article(page(site, "case-studies/rapid-assessment"))
    target = article(page(site, "case-studies/midwife-led-birth-unit"))
    assert ('<li><a href="../midwife-led-birth-unit/">A midwife-led birth unit</a> <span class="cln-kind">'
            '(Case study, <time datetime="2009-04-01">1 April 2009</time>)</span>') in source
    assert ('<li><a href="../rapid-assessment/">Rapid assessment in the emergency department</a> '
            '<span class="cln-kind">(Case study, <time datetime="2009-06-01">1 June 2009</time>)</span>') in target
    assert source.count("A midwife-led birth unit</a>") == 1
    assert "Related content" not in article(page(site, "case-studies/heart-failure-clinic"))


def test_an_interview_naming_a_case_study_is_linked_from_the_case_study_too(site):
    case = article(page(site, "case-studies/midwife-led-birth-unit"))
    assert ('<a href="../../interviews/a-midwife-on-birth-units/">A midwife on birth units</a> '
            '<span class="cln-kind">(Interview,') in case
    interview = article(page(site, "interviews/a-midwife-on-birth-units"))
    assert '<a href="../../case-studies/midwife-led-birth-unit/">A midwife-led birth unit</a>' in interview


def test_a_draft_is_left_out_of_the_public_site(site):
    assert not (site / "case-studies" / "talking-about-dying").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Talking about dying" not in everything
    assert "Talking about dying" not in search_fragments(site)
    assert "talking-about-dying" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_edit_links_point_at_the_case_study_file(site):
    html = page(site, "case-studies/rapid-assessment")
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html).group(1)
    assert edit == "https://github.com/example/portal/edit/main/case_studies/rapid-assessment.md"


def search_fragments(site: Path) -> str:
    return json.dumps(indexed_pages(site), ensure_ascii=False)


def test_search_indexes_each_case_study_with_its_facts_as_facets(site):
    html = page(site, "case-studies/rapid-assessment")
    assert ('<article class="md-content__inner md-typeset"><div data-pagefind-body '
            'data-pagefind-filter="Type[data-cln-type]" data-cln-type="Case study"') in html
    card = html[html.index('<div class="cln-card"'):html.index("</dl>")]
    assert card.startswith('<div class="cln-card" data-pagefind-weight="5">')  # facts rank above the body
    assert 'data-pagefind-filter="Region" data-cln-title="Case studies in NHS North West">NHS North West</a>' in card
    assert 'data-pagefind-filter="Pathway" data-cln-title="Case studies: Acute care">Acute care</a>' in card
    fragments = search_fragments(site)
    for words in ("Rapid assessment in the emergency department", "NHS North West", "Fixture Hospitals NHS Trust",
                  "Dr Ann Lee", "What the team did."):
        assert words in fragments


def test_listing_pages_are_not_indexed_so_search_finds_the_page_itself(site):
    for listing in ("case-studies", "case-studies/region/nhs-north-west", ""):
        assert "data-pagefind-body" not in page(site, listing), listing
    indexed = {url for url in indexed_pages(site) if url.startswith("/case-studies/")}
    assert indexed == {f"/case-studies/{slug}/" for slug in
                       ("rapid-assessment", "midwife-led-birth-unit", "heart-failure-clinic")}



def test_properdocs_builds_the_same_case_study_pages(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_build(project, tmp_path / "site", tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "case-studies" / "rapid-assessment" / "index.html").is_file()
    assert (tmp_path / "site" / "case-studies" / "region" / "nhs-london" / "index.html").is_file()


def test_links_work_without_directory_urls(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    html = (site / "case-studies" / "rapid-assessment.html").read_text(encoding="utf-8")
    assert 'href="region/nhs-north-west/index.html"' in html
    assert dead_links(site) == []


# -- errors ------------------------------------------------------------------------------------

def build_broken(tmp_path: Path, edit) -> subprocess.CompletedProcess:
    project = make_project(tmp_path / "project")
    edit(project / "case_studies")
    return run_build(project, tmp_path / "site")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_problem_in_every_file_fails_the_build_in_one_run(tmp_path):
    def edit(folder):
        replace_in(folder / "rapid-assessment.md", "region: North West", "region: Nort West")
        replace_in(folder / "rapid-assessment.md", "date: 2009-06-01", "date: 2009-06-31")
        replace_in(folder / "midwife-led-birth-unit.md", "pathways: [Maternity & newborn]", "pathways: [Maternty]")
        replace_in(folder / "talking-about-dying.md", "status: draft", "status: drat")

    result = build_broken(tmp_path, edit)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Found 4 problems in the content (make check lists the same):" in result.stderr
    assert ("case_studies/midwife-led-birth-unit.md:6: pathways: 'Maternty' is not one of the allowed values: "
            "Maternity and newborn, ") in result.stderr
    assert "Did you mean 'Maternity and newborn'?" in result.stderr
    assert ("case_studies/rapid-assessment.md:4: date: '2009-06-31' is not a real date: there is no day 31 "
            "(June 2009 has 30 days)") in result.stderr
    assert "case_studies/rapid-assessment.md:5: region: 'Nort West' is not one of the allowed values" in result.stderr
    assert ("case_studies/talking-about-dying.md:10: status: 'drat' is not a status; use 'published' or 'draft'; "
            "did you mean 'draft'?") in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_an_unknown_related_slug_fails_the_build_naming_the_file(tmp_path):
    def edit(folder):
        replace_in(folder / "rapid-assessment.md", "related: [midwife-led-birth-unit]",
                   "related: [midwife-led-birth-units, no-such-episode]")

    result = build_broken(tmp_path, edit)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert ("case_studies/rapid-assessment.md:11: related: 'midwife-led-birth-units' is not the slug of any case "
            "study, episode, column or interview; did you mean 'midwife-led-birth-unit'?") in result.stderr
    assert ("case_studies/rapid-assessment.md:11: related: 'no-such-episode' is not the slug of any case study, "
            "episode, column or interview; use the file name without .md") in result.stderr
    assert not (tmp_path / "site" / "case-studies").exists()


def test_a_published_case_study_cannot_link_a_draft(tmp_path):
    def edit(folder):
        replace_in(folder / "rapid-assessment.md", "related: [midwife-led-birth-unit]", "related: [talking-about-dying]")

    result = build_broken(tmp_path, edit)
    assert result.returncode != 0
    assert ("case_studies/rapid-assessment.md:11: related: 'talking-about-dying' is a draft case study, not "
            "published yet; remove it from related or publish it first") in result.stderr


def test_a_page_in_content_where_a_case_study_goes_is_reported(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "content" / "case-studies").mkdir()
    (project / "content" / "case-studies" / "rapid-assessment.md").write_text("# Old page\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("content/case-studies/rapid-assessment.md: is in the place of the generated page for "
            "case_studies/rapid-assessment.md; move or remove it") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_misspelt_option_and_a_missing_folder_are_reported(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    replace_in(config, "  - cln\n", "  - cln:\n      case_studies:\n        folder: studies\n")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "case_studies.folder" in result.stderr and "Traceback" not in result.stderr
    replace_in(config, "folder: studies", "dir: studies")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("mkdocs.yml: plugins.cln.case_studies.dir: the folder 'studies' does not exist; create it or correct "
            "the option") in result.stderr
    (project / "case_studies").rename(project / "studies")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "case-studies" / "rapid-assessment" / "index.html").is_file()


# -- the preview ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(project: Path, log: Path):
    """``mkdocs serve`` on a free port; yields a function that fetches a page once it is served."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=project, env=build_env(), stdout=out,
                                  stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/portal/"  # the path of site_url

    def get(path: str, until=lambda html: True, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                html = urllib.request.urlopen(base + path, timeout=5).read().decode()
                if until(html):
                    return html
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mkdocs serve did not show {path}:\n" + log.read_text())
            time.sleep(0.3)

    try:
        yield get
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_make_serve_previews_drafts_marked_as_drafts(tmp_path):
    project = make_project(tmp_path / "project")
    with serving(project, tmp_path / "serve.log") as get:
        draft = get("case-studies/talking-about-dying/")
        index = get("case-studies/")
    assert '<p class="cln-draft"><strong>Draft.</strong> This case study is not published' in draft
    assert "<h1>Talking about dying</h1>" in draft
    assert 'talking-about-dying/">Talking about dying</a> <strong class="cln-case__draft">Draft</strong>' in index


def test_the_preview_rebuilds_when_a_case_study_changes_in_the_configured_folder(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "case_studies").rename(project / "studies")
    replace_in(project / "mkdocs.yml", "  - cln\n", "  - cln:\n      case_studies:\n        dir: studies\n")
    with serving(project, tmp_path / "serve.log") as get:
        get("case-studies/rapid-assessment/")
        replace_in(project / "studies" / "rapid-assessment.md", "title: Rapid assessment in the emergency department",
                   "title: Rapid assessment at the front door")
        html = get("case-studies/rapid-assessment/", until=lambda html: "at the front door" in html)
    assert "<h1>Rapid assessment at the front door</h1>" in html


def test_make_check_reports_case_study_problems_without_building(tmp_path):
    project = make_project(tmp_path / "project")
    replace_in(project / "case_studies" / "rapid-assessment.md", "region: North West", "region: Nort West")
    result = subprocess.run([str(BIN / "python"), "-m", "cln_portal", "check"], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("ERROR: case_studies/rapid-assessment.md:5: region: 'Nort West' is not one of the allowed values: "
            "NHS North East, ") in result.stdout
    assert "Found 1 problem in 1 file" in result.stdout and "Traceback" not in result.stderr
    assert not (project / "site").exists()
    replace_in(project / "case_studies" / "rapid-assessment.md", "region: Nort West", "region: North West")
    result = subprocess.run([str(BIN / "python"), "-m", "cln_portal", "check"], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert "4 case studies" in result.stdout  # the draft is checked too


def test_make_check_reports_an_unknown_related_slug_like_the_build(tmp_path):
    project = make_project(tmp_path / "project")
    replace_in(project / "case_studies" / "rapid-assessment.md", "related: [midwife-led-birth-unit]",
               "related: [midwife-led-birth-units, talking-about-dying]")
    result = subprocess.run([str(BIN / "python"), "-m", "cln_portal", "check"], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("ERROR: case_studies/rapid-assessment.md:11: related: 'midwife-led-birth-units' is not the slug of any "
            "case study, episode, column or interview; did you mean 'midwife-led-birth-unit'?") in result.stdout
    assert ("ERROR: case_studies/rapid-assessment.md:11: related: 'talking-about-dying' is a draft case study, not "
            "published yet; remove it from related or publish it first") in result.stdout
