"""The self-assessment's statements and rating scale are vocabulary data, checked like the rest of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cln_portal.content import vocabulary
from cln_portal.content.problems import ContentError

REPO = Path(__file__).resolve().parents[1]
SHIPPED = (REPO / "content" / "_data" / "vocabulary.yml").read_text(encoding="utf-8")


def load_edited(tmp_path, old: str, new: str):
    assert old in SHIPPED, old
    path = tmp_path / "vocabulary.yml"
    path.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        vocabulary.load(path, "content/_data/vocabulary.yml")
    return [str(p) for p in caught.value.problems]


def test_every_shipped_competency_has_three_or_four_first_person_statements_and_the_scale():
    vocab = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")
    assert vocab.scale == ("Not yet", "Sometimes", "Usually", "Consistently")
    assert list(vocab.statements) == vocab.names("competencies")
    for name, statements in vocab.statements.items():
        assert 3 <= len(statements) <= 4, name
        assert all(s.startswith(("I ", "When ", "Before ", "In an ")) and " I " in f" {s}" for s in statements), name
    everything = [s for texts in vocab.statements.values() for s in texts]
    assert len(set(everything)) == len(everything)


def test_a_competency_without_statements_is_an_error_saying_what_to_add(tmp_path):
    start = SHIPPED.index("  Innovation:\n    - ")
    end = SHIPPED.index("  Organisational savvy:\n    - ")
    path = tmp_path / "vocabulary.yml"
    path.write_text(SHIPPED[:start] + SHIPPED[end:], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        vocabulary.load(path, "content/_data/vocabulary.yml")
    assert [str(p) for p in caught.value.problems] == [
        "content/_data/vocabulary.yml: statements: Innovation has no statements; add 3 or 4 first-person "
        "statements of what a member who has it does, under 'statements: Innovation:'"]


def test_a_statement_naming_an_unknown_competency_is_an_error_with_a_suggestion(tmp_path):
    problems = load_edited(tmp_path, "  Organisational savvy:\n    - ", "  Organisational savy:\n    - ")
    assert any(p.startswith("content/_data/vocabulary.yml: statements.Organisational savy: "
                            "'Organisational savy' is not one of the allowed values") and
               "Did you mean 'Organisational savvy'?" in p for p in problems), problems
    assert any("Organisational savvy has no statements" in p for p in problems), problems


@pytest.mark.parametrize("old, new, expected", [
    ("rating_scale: [Not yet, Sometimes, Usually, Consistently]", "rating_scale: [Always]",
     "rating_scale: must be a list of 2 to 7 different answers"),
    ("rating_scale: [Not yet, Sometimes, Usually, Consistently]", "rating_scale: [Yes, yes]",
     "rating_scale: must be a list of 2 to 7 different answers"),
    ("    - I say openly when I disagree", "    - \n    - I say openly when I disagree",
     "statements.Conflict management: statement 2 must be a sentence of text"),
    ("  Developing others:\n", "  Developing others: just one line\n  Developing others 2:\n",
     "statements.Developing others: must be a list of statements"),
])
def test_a_malformed_scale_or_statement_says_which_field_and_what_to_write(tmp_path, old, new, expected):
    problems = load_edited(tmp_path, old, new)
    assert any(f"content/_data/vocabulary.yml: {expected}" in p for p in problems), problems


def test_a_missing_statements_section_says_how_to_write_it(tmp_path):
    problems = load_edited(tmp_path, "\nstatements:\n", "\nstatement:\n")
    assert any("statements: must map each competency to a list of statements" in p for p in problems), problems
