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

import yaml

from . import frontmatter
from .dates import parse_date
from .errors import Problem, display_path
from .paths import outside_problem
from .text import clean_text, is_safe_url
from .vocabulary import Term, Vocabulary

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
_AUTHOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HSJ_HOST = "hsj.co.uk"


@dataclass(frozen=True)
class Author:
    """A columnist: shown in the byline as 'Name, role, organisation'."""

    id: str
    name: str
    role: str  # lower case, as HSJ writes job titles: "director", "consultant midwife"
    organisation: str
    url: str = ""

    @property
    def byline(self) -> str:
        return f"{self.name}, {self.role}, {self.organisation}"


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


def load_authors(path: Path, display: str) -> tuple[dict[str, Author], list[Problem]]:
    """The authors file: ``authors:`` mapping an id to name, role and organisation."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}, [Problem(display, "is missing; it lists the column's authors by id with their "
                            "name, role and organisation")]
    except OSError as exc:
        return {}, [Problem(display, f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return {}, [Problem(display, "is not UTF-8 text; save it as UTF-8 in your editor")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(display, f"is not valid YAML ({getattr(exc, 'problem', exc)}); check "
                            "indentation", line=mark.line + 1 if mark else None)]
    entries = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        return {}, [Problem(display, "must start with 'authors:' and map each author id to "
                            "name, role and organisation", field="authors")]
    authors, problems = {}, []
    for key, entry in entries.items():
        ident = str(key)
        where = f"authors.{ident}"
        if not _AUTHOR_ID.fullmatch(ident):
            problems.append(Problem(display, "an author id is lower case letters, digits and "
                                    "hyphens, for example raj-kumar", field=where))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(display, "expected name, role and organisation", field=where))
            continue
        values = {}
        for name in ("name", "role", "organisation"):
            value = entry.get(name)
            if not isinstance(value, str) or not clean_text(value):
                problems.append(Problem(display, f"is missing; give the author's {name}",
                                        field=f"{where}.{name}"))
            else:
                values[name] = clean_text(value)
        url = entry.get("url")
        if url is not None and (not isinstance(url, str) or not _is_web_url(url)):
            problems.append(Problem(display, "expected an http:// or https:// address",
                                    field=f"{where}.url"))
            url = None
        for extra in sorted(set(map(str, entry)) - {"name", "role", "organisation", "url"}):
            problems.append(Problem(display, _unknown(extra, ("name", "role", "organisation", "url")),
                                    field=f"{where}.{extra}"))
        if len(values) == 3:
            authors[ident] = Author(ident, values["name"], values["role"], values["organisation"],
                                    clean_text(url) if url else "")
    return authors, problems


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
            problem(key, _unknown(key, FIELDS))

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
        if not isinstance(value, str) or not _is_web_url(value):
            problem("hsj_url", "expected the https:// address of the article on hsj.co.uk")
        else:
            host = (urlsplit(clean_text(value)).hostname or "").lower()
            if host != HSJ_HOST and not host.endswith("." + HSJ_HOST):
                problem("hsj_url", f"expected an address on {HSJ_HOST}, not {host}; leave hsj_url "
                                   "out if the column did not appear in HSJ")
            else:
                hsj_url = clean_text(value)

    pathways = _terms(meta, "pathways", "pathways", vocabulary, problem)
    competencies = _terms(meta, "competencies", "competencies", vocabulary, problem)
    region = None
    if meta.get("region") not in (None, ""):
        if isinstance(meta["region"], list):
            problem("region", "expected one region, not a list")
        else:
            try:
                region = vocabulary.resolve("regions", meta["region"])
            except ValueError as exc:
                problem("region", str(exc))

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

    if any(p.severity == "error" for p in problems):
        return None, problems
    return Column(
        slug=path.stem, path=path, source=display, title=title, standfirst=standfirst, date=date,
        authors=column_authors, body=doc.body, categories=categories, hsj_url=hsj_url,
        pathways=pathways, competencies=competencies, region=region, related=related,
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


def _is_web_url(value: str) -> bool:
    parts = urlsplit(clean_text(value))
    return is_safe_url(value) and parts.scheme in ("http", "https") and bool(parts.hostname)


def _unknown(key: str, known) -> str:
    hint = difflib.get_close_matches(key, list(known), n=1)
    if hint:
        return f"is not a field of a column; did you mean {hint[0]!r}?"
    return f"is not a field of a column; the fields are: {', '.join(known)}"


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


def _terms(meta: dict, name: str, kind: str, vocabulary: Vocabulary, problem) -> list[Term]:
    """Vocabulary values, one or a list, in their canonical form; each unknown one is a problem."""
    value = meta.get(name)
    if value in (None, "", []):
        return []
    values = value if isinstance(value, list) else [value]
    terms = []
    for item in values:
        try:
            term = vocabulary.resolve(kind, item)
        except ValueError as exc:
            problem(name, str(exc))
            continue
        if term not in terms:
            terms.append(term)
    return terms
