"""New content from templates: ``python -m cln_portal new case-study "Title"`` and friends.

Each scaffolder writes one correctly filled file in the right folder, named by a slug of the
title, and never overwrites: a second run with the same title is refused with the file named.
What the file must contain is decided by the content type's own template and loader; a test runs
every scaffolder's output through ``make check`` and the build.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .text import clean_text, slugify


class ScaffoldError(Exception):
    """The file cannot be written; the message says why and what to do instead."""


@dataclass(frozen=True)
class Created:
    path: Path  # the new file
    display: str  # as the contributor knows it: case_studies/<slug>.md
    next_steps: str


def yaml_text(value: str) -> str:
    """A title as a YAML scalar that means exactly that text (quotes, colons, '#' and all)."""
    return json.dumps(clean_text(value), ensure_ascii=False)


def slug_for(title: str) -> str:
    slug = slugify(clean_text(title))
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name from; "
                            "give a title in words")
    return slug


def write_new(path: Path, text: str, root: Path) -> str:
    """Create ``path`` with ``text``; refuse (without touching it) if it already exists."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display} already exists; edit that file, or choose another title") from None
    return display


def _set_field(front: str, name: str, value: str) -> str:
    """Replace the value of a top-level ``name:`` line (keeping its trailing comment)."""
    pattern = re.compile(rf"^{re.escape(name)}:[^\n#]*?(\s+#[^\n]*)?$", re.M)
    if not pattern.search(front):
        return front + f"{name}: {value}\n"
    return pattern.sub(lambda m: f"{name}: {value}{m.group(1) or ''}", front, count=1)


def fill_template(template: str, values: dict[str, str]) -> str:
    """The template with its leading instruction comments removed and ``values`` set."""
    if not template.startswith("---\n"):
        raise ScaffoldError("the template has no front matter ('---' first line)")
    end = template.index("\n---\n", 3)
    lines = template[4:end + 1].splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)  # "Copy this file to ...": the scaffolder has done that
    front = "".join(lines)
    for name, value in values.items():
        front = _set_field(front, name, value)
    result = "---\n" + front + template[end + 1:]
    yaml.safe_load(result[4:result.index("\n---\n", 3)])  # still valid YAML: a bug here is ours
    return result


def new_case_study(root: Path, title: str, folder: str = "case_studies",
                   today: _dt.date | None = None) -> Created:
    """``<folder>/<slug>.md`` from ``<folder>/_template.md``, as a draft dated today."""
    template_path = root / folder / "_template.md"
    if not template_path.is_file():
        raise ScaffoldError(f"{folder}/_template.md is missing; it is the case study template")
    slug = slug_for(title)
    today = today or _dt.date.today()
    text = fill_template(template_path.read_text(encoding="utf-8"), {
        "title": yaml_text(title), "date": today.isoformat(), "status": "draft",
    })
    display = write_new(root / folder / f"{slug}.md", text, root)
    return Created(root / folder / f"{slug}.md", display,
                   f"Fill in every field and the five sections (the example values are placeholders), "
                   f"then run `make check`. It stays a draft, shown only in `make serve`, until you "
                   f"set status: published.")


COLUMN_TEMPLATE = """\
---
title: {title}
# One sentence under the headline: who writes and what the column argues.
standfirst: {standfirst}
date: {date}
# Writers by id from content/columns/.authors.yml ({known}).
authors: [{author}]
categories: [{category}]
# Optional: pathways, competencies, region (values in CONTRIBUTING.md), hsj_url (the article
# on hsj.co.uk), related (slugs of case studies, episodes, columns or interviews).
# A draft is previewed by `make serve` but not published; delete this line when it is ready.
draft: true
---

The opening paragraph: the news or the argument, in two or three plain sentences.

## A short crosshead

The column, in short paragraphs. Job titles in lower case ("health minister Lord Darzi"), "to"
for ranges and "and", not "&".

## Another crosshead

What readers can do, and where to find out more.
"""


def new_column(root: Path, title: str, posts_dir: str, authors: dict, author: str | None = None,
               today: _dt.date | None = None) -> Created:
    """``<posts_dir>/<slug>.md``: a draft column by ``author`` (default: the first in the authors file)."""
    if not authors:
        raise ScaffoldError("the authors file lists no authors; add the writer there first "
                            "(content/columns/.authors.yml)")
    if author is None:
        author = next(iter(authors))
    elif author not in authors:
        raise ScaffoldError(f"{author!r} is not in the authors file; known authors: {', '.join(authors)}")
    slug = slug_for(title)
    writer = authors[author]
    text = COLUMN_TEMPLATE.format(
        title=yaml_text(title),
        standfirst=yaml_text(f"{writer.name}, {writer.role}, on {clean_text(title)[:1].lower()}"
                             f"{clean_text(title)[1:]}"),
        date=(today or _dt.date.today()).isoformat(),
        known=", ".join(authors), author=author,
        category="Director's column" if writer.role == "director" else "Guest column",
    )
    yaml.safe_load(text.split("---\n")[1])
    display = write_new(root / posts_dir / f"{slug}.md", text, root)
    return Created(root / posts_dir / f"{slug}.md", display,
                   "Write the standfirst and the column, then run `make check`. Delete the "
                   "'draft: true' line when it is ready to publish.")
