"""The HSJ column's content checks (core, no MkDocs): what a contributor sees when a post is wrong."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from cln_portal import column as columns
from cln_portal.content import vocabulary
from conftest import REPO

AUTHORS = textwrap.dedent(
    """\
    authors:
      raj-kumar:
        name: Raj Kumar
        role: director
        organisation: NHS Clinical Leaders Network
      grace-adebayo:
        name: Grace Adebayo
        role: consultant midwife
        organisation: NHS London
    """
)

GOOD = {
    "title": "A network for every region",
    "standfirst": "The director on taking the network to all ten regions",
    "date": "2009-01-19",
    "authors": "[raj-kumar]",
    "categories": "[Director's column]",
}


@pytest.fixture(scope="module")
def vocab():
    return vocabulary.load(REPO / "content/_data/vocabulary.yml")


def write_post(root: Path, name: str, fields: dict, body: str = "Some text.\n") -> Path:
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    path = root / columns.POSTS_DIR / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path):
    authors = tmp_path / columns.AUTHORS_FILE
    authors.parent.mkdir(parents=True)
    authors.write_text(AUTHORS, encoding="utf-8")
    return tmp_path


def problems_for(project, vocab, **changes):
    write_post(project, "the-post", {**GOOD, **changes})
    found, problems = columns.load_all(project, vocab)
    return found, [str(p) for p in problems]


def test_a_good_post_loads_with_its_authors_and_canonical_terms(project, vocab):
    found, problems = problems_for(project, vocab, pathways="[Birth, urgent care]", region="London",
                                   competencies="Organisational savvy",
                                   hsj_url="https://www.hsj.co.uk/leadership/some-article")
    assert problems == []
    [column] = found
    assert column.slug == "the-post"
    assert column.date == datetime.date(2009, 1, 19)
    assert column.byline == "By Raj Kumar, director, NHS Clinical Leaders Network"
    assert [t.name for t in column.pathways] == ["Maternity and newborn", "Acute care"]
    assert column.region.name == "NHS London"
    assert [t.name for t in column.competencies] == ["Organisational savvy"]
    assert column.hsj_url == "https://www.hsj.co.uk/leadership/some-article"


@pytest.mark.parametrize(
    "changes, field, expected",
    [
        ({"authors": "[raj-kumr]"}, "authors", "'raj-kumr' is not in the authors file"),
        ({"authors": "[somebody-else]"}, "authors", "known authors: grace-adebayo, raj-kumar"),
        ({"authors": "raj-kumar"}, "authors", "expected a list, for example authors: [raj-kumar]"),
        ({"authors": None}, "authors", "is missing"),
        ({"standfirst": None}, "standfirst", "is missing; write the one sentence"),
        ({"standfirst": "''"}, "standfirst", "is missing"),
        ({"standfirst": "One sentence. And another one."}, "standfirst", "must be one sentence"),
        ({"standfirst": " ".join(["word"] * 60)}, "standfirst", "has 60 words"),
        ({"title": None}, "title", "is missing; write the headline"),
        ({"date": "2009-02-30"}, "date", "'2009-02-30' is not a real date: there is no day 30 (February 2009 has 28 days)"),
        ({"date": "next Tuesday"}, "date", "'next Tuesday' is not a date"),
        ({"date": "16/02/2009"}, "date", "is not a date; write it as YYYY-MM-DD"),
        ({"date": None}, "date", "is missing"),
        ({"date": "'2009-01-19'"}, "date", "write the date without quotes (date: 2009-01-19)"),
        ({"date": '"2009-01-19"'}, "date", "write the date without quotes"),
        ({"pathways": "[Maternity, Cardiology]"}, "pathways", "'Cardiology' is not one of the allowed values"),
        ({"competencies": "[Inovation]"}, "competencies", "Did you mean 'Innovation'?"),
        ({"region": "Narnia"}, "region", "'Narnia' is not one of the allowed values"),
        ({"region": "[London, North West]"}, "region", "must be one region, not a list"),
        ({"hsj_url": "javascript:alert(1)"}, "hsj_url", "expected the https:// address"),
        ({"hsj_url": "https://example.com/article"}, "hsj_url", "expected an address on hsj.co.uk"),
        ({"categories": "Leadership"}, "categories", "expected a list"),
        ({"related": "some-slug"}, "related", "expected a list"),
        ({"standfist": "Typo"}, "standfist", "did you mean 'standfirst'?"),
        ({"slug": "other"}, "slug", "rename the file instead"),
        ({"draft": "maybe"}, "draft", "expected true or false"),
    ],
)
def test_each_problem_is_one_line_naming_file_and_field(project, vocab, changes, field, expected):
    found, problems = problems_for(project, vocab, **changes)
    assert found == []
    matching = [p for p in problems if f" {field}: " in p]
    assert len(matching) == 1, problems
    [line] = matching
    assert line.startswith(f"{columns.POSTS_DIR}/the-post.md:")
    assert expected in line
    assert "\n" not in line


def test_problems_carry_the_line_of_the_field(project, vocab):
    _, problems = problems_for(project, vocab, date="2009-13-01")
    # title, standfirst, date: the date is the third line of front matter, line 4 of the file.
    assert problems == [f"{columns.POSTS_DIR}/the-post.md:4: date: '2009-13-01' is not a real date: "
                        "there is no month 13 (months go from 01 to 12)"]


def test_every_problem_in_every_post_is_reported_at_once(project, vocab):
    write_post(project, "one", {**GOOD, "authors": "[nobody]", "standfirst": None})
    write_post(project, "two", {**GOOD, "date": "2009-02-31", "pathways": "[Dentistry]"})
    write_post(project, "three", GOOD)
    found, problems = columns.load_all(project, vocab)
    assert [c.slug for c in found] == ["three"]
    text = [str(p) for p in problems]
    assert len(text) == 4, text
    assert sum("one.md" in t for t in text) == 2 and sum("two.md" in t for t in text) == 2


def test_a_headline_in_the_body_is_reported(project, vocab):
    write_post(project, "the-post", GOOD, body="# Another headline\n\nText.\n\n```\n# a comment\n```\n")
    _, problems = columns.load_all(project, vocab)
    assert [p.field for p in problems] == ["body"]
    assert "the headline comes from title" in str(problems[0])


def test_broken_files_are_reported_not_raised(project, vocab):
    path = write_post(project, "latin1", GOOD)
    path.write_bytes(path.read_bytes().replace(b"Some text.", "Caf\u00e9".encode("latin-1")))
    (project / columns.POSTS_DIR / "nometa.md").write_text("Just text\n", encoding="utf-8")
    (project / columns.POSTS_DIR / "badyaml.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    _, problems = columns.load_all(project, vocab)
    text = "\n".join(str(p) for p in problems)
    assert "latin1.md: is not UTF-8 text" in text
    assert "nometa.md: has no front matter" in text
    assert "badyaml.md:3: front matter is not valid YAML" in text


@pytest.mark.parametrize(
    "authors_yml, expected",
    [
        ("authors:\n  raj-kumar:\n    name: Raj Kumar\n    organisation: CLN\n",
         "authors.raj-kumar.role: is missing; give the author's role"),
        ("authors:\n  Raj Kumar:\n    name: Raj Kumar\n    role: director\n    organisation: CLN\n",
         "authors.Raj Kumar: an author id is lower case letters"),
        ("authors:\n  raj-kumar:\n    name: Raj Kumar\n    role: director\n    organisation: CLN\n"
         "    url: javascript:alert(1)\n", "authors.raj-kumar.url: expected an http:// or https://"),
        ("authors:\n  raj-kumar:\n    name: Raj Kumar\n    role: director\n    organisation: CLN\n"
         "    organization: CLN\n", "did you mean 'organisation'?"),
        ("- raj-kumar\n", "authors: must start with 'authors:'"),
        ("authors: [unclosed\n", ":2: is not valid YAML"),
    ],
)
def test_authors_file_problems(project, vocab, authors_yml, expected):
    (project / columns.AUTHORS_FILE).write_text(authors_yml, encoding="utf-8")
    write_post(project, "the-post", GOOD)
    _, problems = columns.load_all(project, vocab)
    text = [str(p) for p in problems]
    assert any(t.startswith(columns.AUTHORS_FILE) and expected in t for t in text), text


def test_a_missing_authors_file_is_named(tmp_path, vocab):
    write_post(tmp_path, "the-post", GOOD)
    _, problems = columns.load_all(tmp_path, vocab)
    assert str(problems[0]).startswith(f"{columns.AUTHORS_FILE}: is missing")


def test_columns_are_newest_first_with_a_stable_order_on_the_same_day(project, vocab):
    write_post(project, "b", {**GOOD, "title": "Beta", "date": "2009-03-01"})
    write_post(project, "a", {**GOOD, "title": "Alpha", "date": "2009-03-01"})
    write_post(project, "c", {**GOOD, "title": "Gamma", "date": "2009-04-01"})
    write_post(project, "d", {**GOOD, "title": "Delta", "date": "2008-12-01"})
    found, problems = columns.load_all(project, vocab)
    assert problems == []
    assert [c.slug for c in found] == ["c", "a", "b", "d"]


def test_several_authors_share_the_byline(project, vocab):
    found, _ = problems_for(project, vocab, authors="[raj-kumar, grace-adebayo]")
    assert found[0].byline == ("By Raj Kumar, director, NHS Clinical Leaders Network and "
                               "Grace Adebayo, consultant midwife, NHS London")


def test_the_shipped_column_is_valid_and_covers_the_brief(vocab):
    found, problems = columns.load_all(REPO, vocab)
    assert [str(p) for p in problems] == []
    assert len(found) >= 6
    director = [c for c in found if any(a.role == "director" for a in c.authors)]
    guests = [c for c in found if c not in director]
    assert len(director) >= 4
    assert len({c.region.name for c in guests if c.region}) >= 2
    text = " ".join(c.title + " " + c.body for c in director).lower()
    for subject in ("ten", "competency framework", "knowledge sharing", "podcast", "portal", "evaluat"):
        assert subject in text, subject
    for column in found:
        assert column.standfirst and not column.standfirst.endswith(".."), column.source
