"""Case study validation: every rule, with the exact line a contributor sees, without MkDocs."""

from __future__ import annotations

import datetime
import shutil
import textwrap

import pytest

from cln_portal.content import vocabulary
from cln_portal.case_studies import SECTIONS, check_related, load_all, load_one
from cln_portal.content.catalogue import Catalogue, Entry
from conftest import REPO

VOCAB = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")
REGIONS = ", ".join(VOCAB.names("regions"))
PATHWAYS = ", ".join(VOCAB.names("pathways"))
BODY = "\n" + "".join(f"## {name}\n\nText.\n\n" for name in SECTIONS)
VALID = """\
title: Rapid assessment in the emergency department
summary: Senior doctors saw patients on arrival, and waits fell.
date: 2009-06-01
region: NHS North West
pathways: [Acute care]
organisation: Example Hospitals NHS Trust
authors:
  - {name: Dr Ann Lee, role: consultant in emergency medicine}
"""


def write(root, front: str, body: str = BODY, name: str = "example.md"):
    folder = root / "case_studies"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{textwrap.dedent(front)}---\n{body}", encoding="utf-8")
    return path


def messages(root) -> list[str]:
    cases, problems = load_all(root, VOCAB)
    return [str(p) for p in problems]


def only(root) -> str:
    found = messages(root)
    assert len(found) == 1, found
    return found[0]


def replace(field: str, line: str | None) -> str:
    """VALID with one top-level field replaced (or removed when ``line`` is None)."""
    out = []
    skip = False
    for text in VALID.splitlines(keepends=True):
        if text.startswith(f"{field}:"):
            skip = True
            if line is not None:
                out.append(line.rstrip("\n") + "\n")
            continue
        if skip and text.startswith("  "):
            continue
        skip = False
        out.append(text)
    return "".join(out)


def test_a_valid_case_study_loads_with_canonical_values(tmp_path):
    write(tmp_path, VALID)
    cases, problems = load_all(tmp_path, VOCAB)
    assert problems == []
    (case,) = cases
    assert case.slug == "example"
    assert case.source == "case_studies/example.md"
    assert case.title == "Rapid assessment in the emergency department"
    assert case.date == datetime.date(2009, 6, 1)
    assert case.region.name == "NHS North West" and case.region.slug == "nhs-north-west"
    assert [t.name for t in case.pathways] == ["Acute care"]
    assert case.authors[0].name == "Dr Ann Lee" and case.authors[0].role == "consultant in emergency medicine"
    assert case.status == "published" and not case.is_draft
    assert case.competencies == () and case.related == () and case.contact == ""


@pytest.mark.parametrize(("field", "typed", "canonical"), [
    ("region", "North West", "NHS North West"),
    ("region", "nhs north west", "NHS North West"),
    ("region", "NHS NORTH WEST", "NHS North West"),
    ("region", "Yorkshire & Humber", "NHS Yorkshire and the Humber"),
    ("region", "South East", "NHS South East Coast"),
    ("pathways", "Maternity & newborn", "Maternity and newborn"),
    ("pathways", "birth", "Maternity and newborn"),
    ("pathways", "Urgent care", "Acute care"),
    ("pathways", "childrens health", "Children's health"),
    ("pathways", "end-of-life care", "End of life care"),
    ("pathways", "LTC", "Long-term conditions"),
    ("competencies", "conflict management", "Conflict management"),
    ("competencies", "ORGANISATIONAL SAVVY", "Organisational savvy"),
    ("qualities", "self-belief", "Self belief"),
    ("qualities", "Effective & strategic influencing", "Effective and strategic influencing"),
])
def test_variant_spellings_become_the_canonical_value(tmp_path, field, typed, canonical):
    front = replace(field, f"{field}: {typed}") if field in ("region", "pathways") else VALID + f"{field}: [{typed}]\n"
    write(tmp_path, front)
    cases, problems = load_all(tmp_path, VOCAB)
    assert problems == []
    terms = cases[0].terms({"region": "regions"}.get(field, field))
    assert [t.name for t in terms] == [canonical]


def test_a_pathway_typed_twice_in_two_spellings_is_listed_once(tmp_path):
    write(tmp_path, replace("pathways", "pathways: [Maternity, maternity & newborn, Acute care]"))
    (case,), _ = load_all(tmp_path, VOCAB)
    assert [t.name for t in case.pathways] == ["Maternity and newborn", "Acute care"]


@pytest.mark.parametrize(("field", "example"), [
    ("title", "title: Cutting waits for early pregnancy scans"),
    ("summary", "summary: One or two plain sentences on what changed, at most 300 characters."),
    ("date", "date: 2009-03-16"),
    ("region", "region: NHS North West"),
    ("pathways", "pathways: [Maternity and newborn]"),
    ("organisation", "organisation: Example Hospitals NHS Foundation Trust"),
    ("authors", "authors: [{name: Dr Jane Smith, role: consultant obstetrician}]"),
])
def test_a_missing_required_field_says_what_to_add(tmp_path, field, example):
    write(tmp_path, replace(field, None))
    assert only(tmp_path) == f"case_studies/example.md: {field}: is missing; it is required, for example '{example}'"


def test_an_empty_required_field_names_its_line(tmp_path):
    write(tmp_path, replace("organisation", "organisation:"))
    assert only(tmp_path) == ("case_studies/example.md:7: organisation: is empty; it is required, for example "
                              "'organisation: Example Hospitals NHS Foundation Trust'")


def test_an_unknown_region_lists_the_allowed_values_and_a_did_you_mean(tmp_path):
    write(tmp_path, replace("region", "region: Nort West"))
    assert only(tmp_path) == (f"case_studies/example.md:5: region: 'Nort West' is not one of the allowed values: "
                              f"{REGIONS}. Did you mean 'NHS North West'?")


def test_an_unknown_pathway_without_a_near_miss_lists_the_allowed_values(tmp_path):
    write(tmp_path, replace("pathways", "pathways: [Acute care, Dermatology]"))
    assert only(tmp_path) == (f"case_studies/example.md:6: pathways: 'Dermatology' is not one of the allowed "
                              f"values: {PATHWAYS}")


def test_a_misspelt_competency_and_quality_get_a_did_you_mean(tmp_path):
    write(tmp_path, VALID + "competencies: [Inovation]\nqualities: [Self belif]\n")
    found = messages(tmp_path)
    assert len(found) == 2
    assert found[0].startswith("case_studies/example.md:10: competencies: 'Inovation' is not one of the allowed values: Conflict management, Innovation,")
    assert found[0].endswith(". Did you mean 'Innovation'?")
    assert found[1].startswith("case_studies/example.md:11: qualities: 'Self belif' is not one of the allowed values: Self belief,")
    assert found[1].endswith(". Did you mean 'Self belief'?")


def test_a_region_given_as_a_list_is_refused(tmp_path):
    write(tmp_path, replace("region", "region: [NHS London, NHS North West]"))
    assert only(tmp_path) == ("case_studies/example.md:5: region: must be one region, not a list: the region "
                              "where the work was done, for example 'region: NHS North West'")


def test_a_pathway_that_is_not_text_is_named(tmp_path):
    write(tmp_path, replace("pathways", "pathways: [[Acute care]]"))
    assert only(tmp_path) == (f"case_studies/example.md:6: pathways: a list is not a pathway; expected one of: "
                              f"{PATHWAYS}")


def test_a_summary_over_300_characters_is_refused(tmp_path):
    write(tmp_path, replace("summary", "summary: " + "word " * 61))
    assert only(tmp_path) == ("case_studies/example.md:3: summary: is 304 characters long; keep it to at most "
                              "300 characters (one or two plain sentences)")


def test_a_summary_of_exactly_300_characters_is_accepted(tmp_path):
    write(tmp_path, replace("summary", "summary: " + "x" * 300))
    assert messages(tmp_path) == []


@pytest.mark.parametrize(("typed", "message"), [
    ("2009-02-30", "'2009-02-30' is not a real date: there is no day 30 (February 2009 has 28 days)"),
    ("16/03/2009", "'16/03/2009' is not a date; write it as YYYY-MM-DD, for example 2009-02-16"),
    ("March 2009", "'March 2009' is not a date; write it as YYYY-MM-DD, for example 2009-02-16"),
])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(tmp_path, typed, message):
    write(tmp_path, replace("date", f"date: {typed}"))
    assert only(tmp_path) == f"case_studies/example.md:4: date: {message}"


def test_text_fields_refuse_lists(tmp_path):
    write(tmp_path, replace("title", "title: [one, two]"))
    assert only(tmp_path) == ("case_studies/example.md:2: title: must be plain text, not a list; for example "
                              "'title: Cutting waits for early pregnancy scans'")


def test_authors_need_a_name_and_a_role(tmp_path):
    write(tmp_path, replace("authors", "authors:\n  - {name: Dr Ann Lee}\n  - {role: matron, email: x@y.nhs.uk}\n  - Bob"))
    example = "'authors: [{name: Dr Jane Smith, role: consultant obstetrician}]'"
    assert messages(tmp_path) == [
        f"case_studies/example.md:8: authors: author 1 has no role; give each author a 'name' and a 'role', for example {example}",
        "case_studies/example.md:8: authors: author 2 has an unknown field 'email'; give each author only a 'name' and a 'role'",
        f"case_studies/example.md:8: authors: author 2 has no name; give each author a 'name' and a 'role', for example {example}",
        f"case_studies/example.md:8: authors: author 3 ('Bob') needs a name and a role, for example {example}",
    ]


def test_authors_as_plain_text_is_refused(tmp_path):
    write(tmp_path, replace("authors", "authors: Dr Ann Lee"))
    assert only(tmp_path) == ("case_studies/example.md:8: authors: must be a list of people, each with a name and "
                              "a role, for example 'authors: [{name: Dr Jane Smith, role: consultant obstetrician}]'")


def test_one_author_given_without_a_list_is_accepted(tmp_path):
    write(tmp_path, replace("authors", "authors: {name: Dr Ann Lee, role: consultant}"))
    (case,), problems = load_all(tmp_path, VOCAB)
    assert problems == [] and case.authors[0].role == "consultant"


@pytest.mark.parametrize(("typed", "href"), [
    ("ann.lee@example.nhs.uk", "mailto:ann.lee@example.nhs.uk"),
    ("mailto:ann.lee@example.nhs.uk", "mailto:ann.lee@example.nhs.uk"),
    ("https://example.org/team", "https://example.org/team"),
    ("../../about/", "../../about/"),
])
def test_contact_accepts_an_email_address_or_a_safe_link(tmp_path, typed, href):
    write(tmp_path, VALID + f"contact: '{typed}'\n")
    (case,), problems = load_all(tmp_path, VOCAB)
    assert problems == [] and case.contact == href


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,hi",
                                   "//evil.example/x", "Ann Lee on extension 4455"])
def test_contact_refuses_unsafe_links(tmp_path, typed):
    write(tmp_path, VALID + f'contact: "{typed}"\n')
    shown = typed.replace("\t", " ")  # whitespace is collapsed before the check
    assert only(tmp_path) == (f"case_studies/example.md:10: contact: '{shown}' is not an email address or a safe "
                              "link; use an email address, a mailto: link or an http(s) web address")


def test_related_cannot_name_itself_or_hold_non_slugs(tmp_path):
    write(tmp_path, VALID + "related: [example, {a: b}, other-study.md]\n")
    cases, problems = load_all(tmp_path, VOCAB)
    assert [str(p) for p in problems] == [
        "case_studies/example.md:10: related: 'example' is this case study itself; list other case studies, episodes or columns",
        "case_studies/example.md:10: related: a set of fields is not a slug; list slugs of case studies, episodes or "
        "columns, for example 'related: [another-case-study-slug]'",
    ]


def test_related_accepts_a_file_name_and_keeps_the_slug(tmp_path):
    write(tmp_path, VALID + "related: [case_studies/other-study.md, an-episode]\n")
    (case,), problems = load_all(tmp_path, VOCAB)
    assert problems == [] and case.related == ("other-study", "an-episode")


@pytest.mark.parametrize(("typed", "message"), [
    ("publish", "'publish' is not a status; use 'published' or 'draft'; did you mean 'published'?"),
    ("drafted", "'drafted' is not a status; use 'published' or 'draft'; did you mean 'draft'?"),
    ("yes", "True is not a status; use 'published' or 'draft'"),
])
def test_status_is_published_or_draft(tmp_path, typed, message):
    write(tmp_path, VALID + f"status: {typed}\n")
    assert only(tmp_path) == f"case_studies/example.md:10: status: {message}"


def test_status_draft_in_any_case_is_a_draft(tmp_path):
    write(tmp_path, VALID + "status: Draft\n")
    (case,), problems = load_all(tmp_path, VOCAB)
    assert problems == [] and case.is_draft


def test_an_unknown_field_gets_a_did_you_mean(tmp_path):
    write(tmp_path, VALID + "competences: [Innovation]\n")
    assert only(tmp_path) == ("case_studies/example.md:10: competences: 'competences' is not a case study field; "
                              "did you mean 'competencies'?")


def test_an_unknown_field_with_no_near_miss_lists_the_fields(tmp_path):
    write(tmp_path, VALID + "funding: 10000\n")
    assert only(tmp_path) == ("case_studies/example.md:10: funding: 'funding' is not a case study field; the fields "
                              "are: title, summary, date, region, pathways, organisation, authors, competencies, "
                              "qualities, tags, contact, related, status")


def test_a_file_name_that_is_not_a_slug_is_refused(tmp_path):
    write(tmp_path, VALID, name="Rapid Assessment.md")
    assert only(tmp_path) == ("case_studies/Rapid Assessment.md: the file name 'Rapid Assessment.md' is not a valid "
                              "slug: use lower-case letters, digits and hyphens, for example 'rapid-assessment.md'")


def test_a_file_without_front_matter_is_refused(tmp_path):
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "case_studies" / "notes.md").write_text("# Notes\n\nSome text.\n", encoding="utf-8")
    assert only(tmp_path) == ("case_studies/notes.md:1: has no front matter: start the file with a '---' line, the "
                              "fields (title, summary, date, region, pathways, organisation, authors), and another "
                              "'---' line; copy case_studies/_template.md")


def test_broken_yaml_names_the_line(tmp_path):
    write(tmp_path, VALID.replace("organisation: Example Hospitals NHS Trust", "organisation: Example: [Trust"))
    found = only(tmp_path)
    assert found.startswith("case_studies/example.md:7: front matter is not valid YAML (")
    assert found.endswith("check indentation, and quote values that contain a colon")


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = write(tmp_path, VALID.replace("Example Hospitals", "Caf\u00e9 Hospitals"))
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert only(tmp_path).startswith("case_studies/example.md: is not UTF-8 text (byte ")


def test_a_windows_file_with_a_byte_order_mark_loads(tmp_path):
    path = write(tmp_path, VALID)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    (case,), problems = load_all(tmp_path, VOCAB)
    assert problems == [] and case.region.name == "NHS North West"


def test_the_body_needs_the_five_sections(tmp_path):
    write(tmp_path, VALID, body="\n## Background\n\nText.\n\n## Results\n\nText.\n")
    assert only(tmp_path) == ("case_studies/example.md:11: body: has no '## Aims', '## What we did', '## Key learning "
                              "points' sections; a case study has the sections Background, Aims, What we did, "
                              "Results, Key learning points (see case_studies/_template.md)")


def test_nice_shared_learning_headings_are_accepted_in_any_order(tmp_path):
    body = ("\n## Aims and objectives\n\nText.\n\n## Reasons for the project\n\nText.\n\n"
            "## How it was implemented\n\nText.\n\n## Results and evaluation\n\nText.\n\n"
            "## Key learning points\n\nText.\n")
    write(tmp_path, VALID, body=body)
    assert messages(tmp_path) == []


def test_section_headings_ignore_case_and_a_trailing_colon(tmp_path):
    body = "\n" + "".join(f"## {name.upper()}:\n\nText.\n\n" for name in SECTIONS)
    write(tmp_path, VALID, body=body)
    assert messages(tmp_path) == []


def test_a_second_title_in_the_body_is_refused(tmp_path):
    write(tmp_path, VALID, body="\n# Rapid assessment\n" + BODY)
    assert only(tmp_path) == ("case_studies/example.md:12: body: has a title heading '# Rapid assessment'; remove it: "
                              "the page title comes from the 'title' field, and sections start with '## '")


def test_unsafe_links_in_the_body_are_refused_with_their_line(tmp_path):
    body = BODY + ("See [the form](javascript:alert(1)) and <a href='data:text/html,x'>this</a>.\n\n"
                   "[ref]: vbscript:msgbox\n\n```\n[code is fine](javascript:void)\n```\n"
                   "[ok](https://example.org) [also ok](../other/) <mailto:a@b.nhs.uk>\n")
    write(tmp_path, VALID, body=body)
    line = 11 + BODY.count("\n")  # the body starts on line 11
    assert messages(tmp_path) == [
        f"case_studies/example.md:{line}: body: the link 'javascript:alert(1' is not allowed; use http(s), mailto: or relative links",
        f"case_studies/example.md:{line}: body: the link 'data:text/html,x' is not allowed; use http(s), mailto: or relative links",
        f"case_studies/example.md:{line + 2}: body: the link 'vbscript:msgbox' is not allowed; use http(s), mailto: or relative links",
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path):
    write(tmp_path, replace("region", "region: Nowhere").replace("date: 2009-06-01", "date: 2009-13-01"), name="first.md")
    write(tmp_path, replace("authors", None) + "status: live\n", name="second.md", body="\nNo sections.\n")
    write(tmp_path, VALID, name="fine.md")
    cases, problems = load_all(tmp_path, VOCAB)
    assert [c.slug for c in cases] == ["fine"]
    assert [(p.path, p.field) for p in problems] == [
        ("case_studies/first.md", "date"),
        ("case_studies/first.md", "region"),
        ("case_studies/second.md", "authors"),
        ("case_studies/second.md", "status"),
        ("case_studies/second.md", "body"),
    ]


def test_case_studies_are_sorted_newest_first(tmp_path):
    write(tmp_path, VALID.replace("2009-06-01", "2009-01-10"), name="older.md")
    write(tmp_path, VALID.replace("2009-06-01", "2010-02-01"), name="newer.md")
    write(tmp_path, VALID, name="middle.md")
    cases, _ = load_all(tmp_path, VOCAB)
    assert [c.slug for c in cases] == ["newer", "middle", "older"]


def test_files_starting_with_an_underscore_are_not_case_studies(tmp_path):
    write(tmp_path, "this: [is broken\n", name="_notes.md")
    write(tmp_path, VALID)
    cases, problems = load_all(tmp_path, VOCAB)
    assert problems == [] and [c.slug for c in cases] == ["example"]


def test_a_case_study_saved_with_another_extension_is_not_lost_silently(tmp_path):
    write(tmp_path, VALID, name="example.markdown")
    assert only(tmp_path) == ("case_studies/example.markdown: is not read as a case study (only .md files "
                              "are); rename it to example.md")


def test_any_other_file_in_the_folder_gets_a_message_naming_it(tmp_path):
    write(tmp_path, VALID, name="falls.txt")
    assert only(tmp_path) == ("case_studies/falls.txt: is not read as a case study (only .md files are); "
                              "rename it to falls.md")
    (tmp_path / "case_studies" / "falls.txt").unlink()
    (tmp_path / "case_studies" / "falls.docx").write_bytes(b"PK\x03\x04")
    assert only(tmp_path) == ("case_studies/falls.docx: is not read: case_studies/ holds only case studies "
                              "as .md files; copy its text into a new case study (make new-case-study "
                              "TITLE=\"...\"), or move it out of case_studies/")


def test_a_case_study_saved_under_content_is_reported_by_check_and_build(tmp_path):
    import subprocess
    import sys

    from conftest import REPO, build_env, build_problems, copy_repo, run_build

    project = copy_repo(tmp_path / "portal")
    text = (REPO / "case_studies" / "one-stop-cataract-pathway.md").read_text(encoding="utf-8")
    (project / "content" / "cataract-clinic.md").write_text(text, encoding="utf-8")
    env = build_env()
    env.pop("GITHUB_ACTIONS", None)
    check = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=120)
    line = next(line for line in check.stdout.splitlines() if "content/cataract-clinic.md" in line)
    assert check.returncode == 1 and "has case study fields (region, pathways" in line
    assert "case_studies/cataract-clinic.md: move it there" in line
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and line.removeprefix("ERROR: ") in build_problems(build.stderr)


def test_no_case_studies_folder_means_no_case_studies(tmp_path):
    assert load_all(tmp_path, VOCAB) == ([], [])


def test_the_shipped_template_is_a_valid_draft(tmp_path):
    template = REPO / "case_studies" / "_template.md"
    shutil.copy(template, tmp_path / "template-copy.md")
    case, problems = load_one(tmp_path / "template-copy.md", VOCAB, "template-copy.md")
    assert problems == []
    assert case.is_draft
    assert [h for h in SECTIONS if f"## {h}\n" not in template.read_text(encoding="utf-8")] == []


def test_related_slugs_resolve_against_the_catalogue(tmp_path):
    write(tmp_path, VALID + "related: [an-episode, midwife-led-birth-unt, hidden-draft]\n")
    cases, _ = load_all(tmp_path, VOCAB)
    catalogue = Catalogue()
    catalogue.add(Entry("episode", "an-episode", "An episode", "podcast/an-episode/"))
    catalogue.add(Entry("case study", "midwife-led-birth-unit", "A unit", "case-studies/midwife-led-birth-unit/"))
    links, problems = check_related(cases, catalogue, unpublished={"hidden-draft"})
    assert [e.slug for e in links["example"]] == ["an-episode"]
    assert [str(p) for p in problems] == [
        "case_studies/example.md:10: related: 'hidden-draft' is a draft case study, not published yet; remove it "
        "from related or publish it first",
        "case_studies/example.md:10: related: 'midwife-led-birth-unt' is not the slug of any case study, episode, "
        "column or interview; did you mean 'midwife-led-birth-unit'?",
    ]


def test_other_files_in_the_folder_are_never_ignored_silently(tmp_path):
    write(tmp_path, VALID)
    (tmp_path / "case_studies" / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "case_studies" / ".gitkeep").write_bytes(b"")
    assert [m.split(":")[0] for m in messages(tmp_path)] == ["case_studies/photo.jpg"]


def test_a_load_cache_reads_only_changed_files_and_forgets_deleted_ones(tmp_path, monkeypatch):
    """A live preview keeps what it read: an unchanged file is not opened again."""
    import os

    from cln_portal.case_studies import load as model

    first = write(tmp_path, VALID, name="first.md")
    second = write(tmp_path, VALID.replace("Rapid", "Quick"), name="second.md")
    read = []
    real = model.load_one
    monkeypatch.setattr(model, "load_one", lambda path, *a, **k: read.append(path.name) or real(path, *a, **k))
    cache: dict = {}
    cases, problems = load_all(tmp_path, VOCAB, cache=cache)
    assert sorted(read) == ["first.md", "second.md"] and not problems

    read.clear()
    again, _ = load_all(tmp_path, VOCAB, cache=cache)
    assert read == [] and [c.title for c in again] == [c.title for c in cases]

    second.write_text(second.read_text().replace("Quick", "Swift"), encoding="utf-8")
    os.utime(second, ns=(second.stat().st_atime_ns, second.stat().st_mtime_ns + 1_000_000))
    first.unlink()
    read.clear()
    changed, _ = load_all(tmp_path, VOCAB, cache=cache)
    assert read == ["second.md"]
    assert [c.title for c in changed] == ["Swift assessment in the emergency department"]
    assert [p.name for p in cache] == ["second.md"]


def test_a_cached_file_with_problems_reports_them_on_every_load(tmp_path):
    write(tmp_path, VALID.replace("region: NHS North West", "region: Atlantis"))
    cache: dict = {}
    for _ in range(2):
        cases, problems = load_all(tmp_path, VOCAB, cache=cache)
        assert cases == [] and any("Atlantis" in str(p) for p in problems)
