"""The site's own pages (content/): front matter the theme shows must be readable plain text.

MkDocs silently shows unreadable front matter as page text, crashes on a file that is not UTF-8
or on a template that does not exist; the portal reads every page with the shared front-matter
reader first, so each of those is one clear error naming the file, the line and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


from ..content import frontmatter
from ..content.dates import parse_date
from ..content.problems import Problem

#: Fields Material prints into the page (title, meta description, author, navigation subtitle).
TEXT_FIELDS = ("title", "description", "author", "subtitle")
#: Fields only a case study has: a page with two of them is a case study saved in the wrong place.
CASE_STUDY_ONLY = ("region", "pathways", "organisation", "competencies", "qualities")
# What YAML 1.1 (and so MkDocs) reads as a date: it must then be a real one.
_YAML_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


@dataclass
class SitePage:
    """A page as the shared reader read it: no BOM, Unix line endings, no control characters."""

    text: str
    document: frontmatter.Document


def check(path: Path, display: str, template_dirs: list[Path]) -> tuple[SitePage | None, list[Problem]]:
    """A page's cleaned text and front matter, and every problem with them."""
    text, doc, problems = frontmatter.read(path, display)
    if doc is None:
        return None, problems
    for name in TEXT_FIELDS:
        if name not in doc.meta:
            continue
        value = doc.meta[name]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            shown = "empty" if value in (None, "") else f"a {type(value).__name__}"
            problems.append(Problem(display, f"must be plain text, not {shown}; write it on one line "
                                    "after the colon, in quotes if it contains a colon",
                                    field=name, line=doc.line_of(name)))
    for name, value in doc.meta.items():
        if isinstance(value, str) and _YAML_DATE.fullmatch(value.strip()):
            try:
                parse_date(value.strip())
            except ValueError as exc:
                problems.append(Problem(display, str(exc), field=name, line=doc.line_of(name)))
    misplaced = [name for name in CASE_STUDY_ONLY if name in doc.meta]
    if len(misplaced) >= 2:
        problems.append(Problem(display, f"has case study fields ({', '.join(misplaced)}) but is a page of "
                                "the site, where they are ignored; a case study goes in "
                                f"case_studies/{path.stem}.md: move it there", field=misplaced[0],
                                line=doc.line_of(misplaced[0])))
    if "template" in doc.meta:
        problem = _template_problem(doc.meta["template"], template_dirs)
        if problem:
            problems.append(Problem(display, problem, field="template", line=doc.line_of("template")))
    return SitePage(text, doc), problems


def _template_problem(value: object, template_dirs: list[Path]) -> str | None:
    names = sorted({p.name for d in template_dirs if d.is_dir() for p in d.glob("*.html")})
    expected = f"the name of a template in overrides/ or the theme, such as {', '.join(names[:3])}"
    if not isinstance(value, str) or not value.strip():
        return f"must be {expected}"
    name = PurePosixPath(value.strip())
    if name.is_absolute() or ".." in name.parts or "\\" in value:
        return f"{value!r} points outside the templates; it must be {expected}"
    if not any((d / name).is_file() for d in template_dirs):
        return f"{value!r} is not a template; it must be {expected}"
    return None
