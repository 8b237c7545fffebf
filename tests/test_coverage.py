"""Coverage counts against the shipped content: the site's page, `python -m cln_portal coverage` and
the last line of `make check` all count what the content's own region, pathways and competencies
fields say (read here independently, with PyYAML and the vocabulary)."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from cln_portal.commands import check as checks
from cln_portal.commands.cli import load_project
from cln_portal.content import vocabulary
from conftest import indexed_pages
from cln_portal.content.coverage import coverage

REPO = Path(__file__).resolve().parents[1]
VOCAB = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def shipped_files() -> list[tuple[str, Path, dict]]:
    """(kind, file, front matter) of every published item, read with PyYAML: case studies, columns,
    interviews, and episodes by their sidecars (an episode is its audio file, the sidecar tags it)."""
    sources = [("case study", p) for p in (REPO / "case_studies").glob("[!_]*.md")]
    sources += [("column", p) for p in (REPO / "content" / "columns" / "posts").glob("*.md")]
    sources += [("interview", p) for p in (REPO / "content" / "interviews").glob("*.md")]
    sources += [("episode", p) for p in (REPO / "podcasts").glob("*.md") if p.with_suffix(".mp3").is_file()]
    found = []
    for kind, path in sources:
        meta = front_matter(path)
        if meta.get("status") != "draft" and not meta.get("draft"):
            found.append((kind, path, meta))
    return found


def oracle() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(region, pathway or competency) -> kind -> slugs, from the files themselves."""
    found: dict[tuple[str, str], dict[str, set[str]]] = {}
    for kind, path, meta in shipped_files():
        if not meta.get("region"):
            continue
        region = VOCAB.resolve("regions", meta["region"]).name
        values = [VOCAB.resolve("pathways", p).name for p in meta.get("pathways") or []]
        values += [VOCAB.resolve("competencies", c).name for c in meta.get("competencies") or []]
        for value in values:
            found.setdefault((region, value), {}).setdefault(kind, set()).add(path.stem)
    return found


def shipped_coverage():
    project, problems = load_project(REPO / "mkdocs.yml")
    assert project is not None, problems
    assert not checks.run(project).errors
    return coverage(project.vocabulary, list(project.catalogue.entries.values()))


def test_every_pair_counts_exactly_what_the_content_says():
    found = shipped_coverage()
    expected = oracle()
    london = expected[("NHS London", "Maternity and newborn")]
    assert len(london["case study"]) == 2 and london["column"] == {"a-year-for-londons-maternity-services"}
    assert london["episode"] == {"maternity-in-london"}
    assert london["interview"] == {"maternity-as-the-whole-programme"}
    checked = 0
    for matrix in found.matrices:
        assert len(matrix.cells) == len(VOCAB.names("regions")) * len(VOCAB.names(matrix.name))
        for (region, value), cell in matrix.cells.items():
            got = {kind: {e.slug for e in entries} for kind, entries in cell.items.items() if entries}
            assert got == expected.get((region, value), {}), (region, value)
            checked += bool(got)
    assert checked == len(expected)
    files = shipped_files()
    assert found.totals == {kind: sum(1 for k, _, _ in files if k == kind) for kind in found.totals}
    assert found.totals["case study"] == 13 and found.totals["episode"] == 4 and found.totals["interview"] == 3
    no_region = {kind: sum(1 for k, _, meta in files if k == kind and not meta.get("region")) for kind in found.totals}
    assert found.untagged == no_region and no_region["case study"] == 0
    for kind in ("episode", "interview"):  # both are counted now, and not all of them network-wide
        assert 0 < sum(1 for kinds in expected.values() if kind in kinds)
        assert no_region[kind] < found.totals[kind]


def test_items_counted_in_no_pair_are_named_with_the_reason():
    found = shipped_coverage()
    untagged = {path.stem for _, path, meta in shipped_files() if not meta.get("region")}
    assert {e.slug for e in found.network_wide} == untagged
    sentence = found.network_wide_sentence()
    assert sentence.startswith("Not counted in any pair, because they are about the whole network")
    for entry in found.network_wide:
        assert entry.title in sentence
    assert "4 columns (" in sentence and "2 columns give no competency either" in sentence
    assert all(not m.unplaced and m.unplaced_sentence() == "" for m in found.matrices)


def test_the_pairs_without_a_case_study_are_said_plainly():
    pathways = shipped_coverage().matrices[0]
    sentences = [pathways.missing_sentence(cell) for cell in pathways.without()]
    assert "No case study yet from NHS South West on mental health" in sentences
    assert "No case study yet from NHS London on maternity and newborn" not in sentences
    with_case_study = {pair for pair, kinds in oracle().items() if "case study" in kinds}
    assert len(sentences) == 80 - len({p for p in with_case_study if p[1] in VOCAB.names("pathways")})


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cln_portal", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_the_terminal_shows_the_same_map_and_make_check_ends_with_its_summary():
    found = shipped_coverage()
    done = run("coverage")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    london = next(line for line in lines if line.startswith("NHS London "))
    assert london.split()[2:] == [str(found.matrices[0].cell("NHS London", v).total or "-")
                                  for v in VOCAB.names("pathways")]
    assert london.split()[2] == "5"  # 2 case studies, an episode, a column and an interview
    assert "  NHS London, Maternity and newborn: 2 case studies, 1 episode, 1 column, 1 interview" in lines
    assert found.network_wide_sentence() in lines
    assert "  No case study yet from NHS South West on mental health" in lines
    assert "  No case study yet from NHS South West on conflict management" in lines
    assert lines[-1] == found.summary()
    assert re.fullmatch(r"Coverage: no case study yet in \d+ of 80 region and pathway pairs and \d+ of 90 "
                        r"region and competency pairs; .*", found.summary())
    checked = run("check")
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[-1] == found.summary()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.cells = set(), [], []
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "td":
            self._in_td = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False

    def handle_data(self, data):
        if self._in_td:
            self.cells[-1] += data


def test_the_coverage_page_links_each_count_to_its_list_and_marks_empty_pairs(shipped_site):
    html = (shipped_site / "case-studies" / "coverage" / "index.html").read_text(encoding="utf-8")
    parsed = Links()
    parsed.feed(html)
    found = shipped_coverage()
    cells = [c for m in found.matrices for c in m.cells.values()]
    assert len(parsed.cells) == len(cells)
    assert sum(1 for text in parsed.cells if text == "none yet") == sum(1 for c in cells if not c.total)
    fragments = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert fragments and all(f in parsed.ids for f in fragments)
    assert '<li>No case study yet from NHS South West on mental health</li>' in html
    section = html[html.index('id="pathway-nhs-london-maternity-and-newborn"'):]
    section = section[:section.index("</ul>")]
    assert section.count("<li>") == 5 and "A year for London&#x27;s maternity services" in section
    assert "Episode: <a" in section and "Interview: <a" in section
    assert "Not counted in any pair, because they are about the whole network" in html
    for href in re.findall(r'href="(\.\./\.\./[^"#]+)"', section):
        assert (shipped_site / "case-studies" / "coverage" / href / "index.html").resolve().is_file(), href
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "case-studies/coverage/" not in home, "the coverage page must stay out of the nav"


def test_search_finds_the_self_assessment_but_not_the_coverage_table(shipped_site):
    """The self-assessment is a page members look for; the coverage page is a table for the comms
    team that would put every region and pathway name in the results."""
    pages = indexed_pages(shipped_site)
    assert "/self-assessment/" in pages
    assert "Consistently" in pages["/self-assessment/"]["content"]
    assert not [url for url in pages if "coverage" in url]


def test_an_item_with_a_region_but_no_pathway_is_named_under_the_pathway_table():
    from cln_portal.content.catalogue import Entry

    entries = [Entry("episode", "regional-talk", "A regional talk", "podcast/regional-talk/",
                     regions=("NHS North East",), competencies=("Innovation",)),
               Entry("interview", "network-talk", "A network talk", "interviews/network-talk/",
                     competencies=("Innovation",))]
    pathways, competencies = coverage(VOCAB, entries).matrices
    assert [e.slug for e in pathways.unplaced] == ["regional-talk"] and not competencies.unplaced
    assert pathways.unplaced_sentence() == ("Not in this table, because they give a region but no pathway: "
                                            "1 episode (A regional talk).")
    assert competencies.cell("NHS North East", "Innovation").items == {"episode": [entries[0]]}
    assert coverage(VOCAB, entries).network_wide == [entries[1]]
