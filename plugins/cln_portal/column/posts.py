"""The HSJ column: posts by the network's director and guest writers, and the people who write them.

A column is a Markdown file with front matter (title, standfirst, date, authors, categories and
optional hsj_url, pathways, competencies, region, related). Material's blog plugin publishes the
posts, but it stops at the first bad date with a message about its own internals; this module
checks every post and the authors file first and reports every problem, one line each, naming the
file and the field. It does not import MkDocs, so ``make check`` can run it on its own.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..content import frontmatter, placeholders
from ..content.dates import parse_date
from ..content.problems import Problem, as_notes, display_path
from ..content.paths import outside_problem
from ..content.tagging import read_tags
from ..content.text import clean_text
from ..content.vocabulary import Term, Vocabulary
from .authors import Author, is_web_url, load_authors, unknown

#: Where the column lives in the repository, as Material's blog plugin expects it.
POSTS_DIR = "content/columns/posts"
AUTHORS_FILE = "content/columns/.authors.yml"

#: Front matter a column may carry: ours, then the keys Material's blog and MkDocs understand.
FIELDS = ("title", "standfirst", "date", "authors", "categories", "hsj_url", "pathways",
          "competencies", "region", "related")
PASSTHROUGH = ("draft", "pin", "slug", "readtime", "links", "hide", "search", "template",
               "description")

#: A standfirst is one sentence under the headline; past this it is a paragraph.
STANDFIRST_MAX_WORDS = 45
_SENTENCE_BREAK = re.compile(r"(?<!\b(?:Dr|Mr|Ms|St))(?<!\bMrs)(?<!\bProf)[.!?]\s+[\"'\u2018\u201c(]?[A-Z]")
HSJ_HOST = "hsj.co.uk"


@dataclass
class Column:
    """One published column, checked and with vocabulary values in their canonical form."""

    slug: str  # the file name without .md: what ``related`` lists use
    path: Path
    source: str  # the path as a contributor knows it
    title: str
    standfirst: str
    date: datetime.date
    authors: list[Author]
    body: str = ""
    categories: list[str] = field(default_factory=list)
    hsj_url: str = ""
    pathways: list[Term] = field(default_factory=list)
    competencies: list[Term] = field(default_factory=list)
    region: Term | None = None
    related: list[str] = field(default_factory=list)
    draft: bool = False

    @property
    def byline(self) -> str:
        """'By A, role, organisation and B, role, organisation'."""
        names = [a.byline for a in self.authors]
        joined = names[0] if len(names) == 1 else "; ".join(names[:-1]) + " and " + names[-1]
        return f"By {joined}"


def load_column(path: Path, display: str, authors: dict[str, Author],
                vocabulary: Vocabulary) -> tuple[Column | None, list[Problem]]:
    """Read and check one column; on any error return no column and every problem found."""
    text, doc, problems = frontmatter.read(path, display)
    if doc is None:
        return None, problems
    meta = doc.meta

    def problem(name: str, message: str) -> None:
        problems.append(Problem(display, message, field=name, line=doc.line_of(name)))

    if not meta:
        problem(None, "has no front matter; start the file with a '---' block giving title, "
                      "standfirst, date and authors")
        return None, problems

    for key in meta:
        if key not in FIELDS and key not in PASSTHROUGH:
            problem(key, unknown(key, FIELDS))

    title = _text(meta, "title", problem, "write the headline, for example 'title: Why "
                                          "clinicians must lead change'")
    standfirst = _text(meta, "standfirst", problem, "write the one sentence that goes under the "
                                                    "headline")
    if standfirst:
        if _SENTENCE_BREAK.search(standfirst):
            problem("standfirst", "must be one sentence; move the rest into the column")
        elif len(standfirst.split()) > STANDFIRST_MAX_WORDS:
            problem("standfirst", f"has {len(standfirst.split())} words; keep it to one sentence "
                                  f"of at most {STANDFIRST_MAX_WORDS} words")

    date = None
    if "date" not in meta or meta["date"] in (None, ""):
        problem("date", "is missing; give the publication date as YYYY-MM-DD, for example 2009-02-16")
    elif isinstance(meta["date"], dict):
        problem("date", "expected one date as YYYY-MM-DD, for example 2009-02-16")
    else:
        try:
            date = parse_date(meta["date"])
        except ValueError as exc:
            problem("date", str(exc))
        else:
            line = text.split("\n")[doc.line_of("date") - 1] if doc.line_of("date") else ""
            if re.match(r"date:\s*[\"']", line):
                problem("date", f"write the date without quotes (date: {date.isoformat()}); "
                                "Material's blog reads a quoted date as text")

    ids = _list(meta, "authors", problem, required=True, example="authors: [raj-kumar]")
    column_authors = []
    for ident in ids:
        if ident in authors:
            column_authors.append(authors[ident])
            continue
        hint = difflib.get_close_matches(ident, list(authors), n=1)
        suggestion = f"did you mean {hint[0]!r}?" if hint else \
            f"known authors: {', '.join(sorted(authors)) or 'none'}"
        problem("authors", f"{ident!r} is not in the authors file ({AUTHORS_FILE}); {suggestion} "
                           "Add new authors there with name, role and organisation")

    categories = _list(meta, "categories", problem, example="categories: [Leadership]")

    hsj_url = ""
    if meta.get("hsj_url") not in (None, ""):
        value = meta["hsj_url"]
        if not isinstance(value, str) or not is_web_url(value):
            problem("hsj_url", "expected the https:// address of the article on hsj.co.uk")
        else:
            host = (urlsplit(clean_text(value)).hostname or "").lower()
            if host != HSJ_HOST and not host.endswith("." + HSJ_HOST):
                problem("hsj_url", f"expected an address on {HSJ_HOST}, not {host}; leave hsj_url "
                                   "out if the column did not appear in HSJ")
            else:
                hsj_url = clean_text(value)

    tagged, found = read_tags(doc, display, vocabulary)
    problems += found

    related = _list(meta, "related", problem, example="related: [a-case-study-file-name]")

    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problem("draft", "expected true or false")
    for name in ("pin",):
        if name in meta and not isinstance(meta[name], bool):
            problem(name, "expected true or false")
    if "slug" in meta:
        problem("slug", "is not used for columns: the address comes from the file name; rename "
                        "the file instead")

    heading = _headline_in(doc.body)
    if heading is not None:
        problems.append(Problem(display, "the headline comes from title; make this line a "
                                "crosshead ('## ') or remove it", field="body",
                                line=doc.body_line + heading))

    if draft is not True:  # a draft may keep the template's TODOs
        problems += placeholders.find(doc, display)
    if any(p.severity == "error" for p in problems):
        return None, as_notes(problems) if draft is True else problems
    if draft is True:
        problems = as_notes(problems)
    return Column(
        slug=path.stem, path=path, source=display, title=title, standfirst=standfirst, date=date,
        authors=column_authors, body=doc.body, categories=categories, hsj_url=hsj_url,
        pathways=list(tagged["pathways"]), competencies=list(tagged["competencies"]),
        region=tagged["region"], related=related,
        draft=bool(draft),
    ), problems


def load_all(root: str | Path, vocabulary: Vocabulary, posts_dir: str = POSTS_DIR,
             authors_file: str = AUTHORS_FILE) -> tuple[list[Column], list[Problem]]:
    """Every column under ``posts_dir``, newest first, and every problem in them and the authors file.

    Paths are relative to ``root`` (the repository). Drafts are returned too; callers decide
    whether to publish them.
    """
    root = Path(root)
    folder = root / posts_dir
    paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    if not paths:
        return [], []  # no column yet: no authors file needed either
    authors, problems = load_authors(root / authors_file, authors_file)
    columns = []
    for path in paths:
        outside = outside_problem(path, root, display_path(path, root))
        if outside:  # a link to a file elsewhere on the machine would publish that file
            problems.append(outside)
            continue
        column, found = load_column(path, display_path(path, root), authors, vocabulary)
        problems += found
        if column is not None:
            columns.append(column)
    return newest_first(columns), problems


def newest_first(columns: list[Column]) -> list[Column]:
    """Newest first; on the same day, by headline, so every build lists them the same way."""
    return sorted(sorted(columns, key=lambda c: (c.title, c.slug)), key=lambda c: c.date, reverse=True)


def _headline_in(body: str) -> int | None:
    """The 0-based line of a '# ' headline in the body (outside code blocks), if any."""
    fence = None
    for number, line in enumerate(body.split("\n")):
        stripped = line.strip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is None and re.match(r"#(\s|$)", line):
            return number
    return None


def _text(meta: dict, name: str, problem, advice: str) -> str:
    value = meta.get(name)
    if value is None or (isinstance(value, str) and not clean_text(value)):
        problem(name, f"is missing; {advice}")
        return ""
    if not isinstance(value, str):
        problem(name, "expected text")
        return ""
    return " ".join(clean_text(value).split())


def _list(meta: dict, name: str, problem, *, required: bool = False, example: str = "") -> list[str]:
    """A list of short texts. A single value is not accepted: Material's blog needs a list."""
    value = meta.get(name)
    if value is None or value == []:
        if required:
            problem(name, f"is missing; write it as a list, for example {example}")
        return []
    if not isinstance(value, list):
        problem(name, f"expected a list, for example {example}")
        return []
    items = []
    for item in value:
        if not isinstance(item, (str, int)) or isinstance(item, bool) or not clean_text(item):
            problem(name, f"expected a list of names, for example {example}")
            return []
        text = clean_text(item)
        if text in items:
            problem(name, f"{text!r} is listed twice")
        items.append(text)
    return items
