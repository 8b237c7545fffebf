"""A text interview's front matter read and checked; the interviews of a folder; their links."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..content import frontmatter
from ..content.dates import parse_date
from ..content.problems import Problem
from ..content.catalogue import Catalogue, Entry, tags
from ..content.tagging import read_tags
from ..content.text import clean_text, did_you_mean
from ..content.vocabulary import Term, Vocabulary

FIELDS = ("title", "summary", "date", "interviewee", "interviewer", "episode", "region", "pathways",
          "competencies", "related",
          "search", "hide", "description")  # the last three are MkDocs / Material page options
PERSON_FIELDS = {"interviewee": ("name", "role", "organisation"), "interviewer": ("name", "role")}
SUMMARY_LIMIT = 300


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    organisation: str = ""

    def describe(self) -> str:
        """'Name, role, Organisation' for lists."""
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


@dataclass(frozen=True)
class Interview:
    """An interview as the index lists it: text-only (a page) or recorded (an episode page)."""

    slug: str
    title: str
    url: str  # site URL of its page
    date: datetime.date
    interviewee: Person
    summary: str = ""
    source: str = ""
    kind: str = "text"  # "text" or "audio"
    episode: str | None = None  # text interviews: the slug of the recording, if there is one
    interviewer: Person | None = None
    related: tuple[str, ...] = field(default=())
    #: What it is about, from the vocabulary: for the self-assessment and the coverage map.
    region: Term | None = None
    pathways: tuple[Term, ...] = ()
    competencies: tuple[Term, ...] = ()

    def entry(self) -> Entry:
        """How the catalogue lists it, for related links, latest lists and the coverage map."""
        return Entry("interview", self.slug, self.title, self.url, self.source, self.date, self.summary,
                     **tags(self))


def person(value, key: str, display: str, line: int | None) -> tuple[Person | None, list[Problem]]:
    wanted = PERSON_FIELDS[key]
    example = ", ".join(f"{k}: ..." for k in wanted)
    if not isinstance(value, dict):
        return None, [Problem(display, f"must be a mapping with {example}", field=key, line=line)]
    problems = []
    for extra in set(value) - set(wanted):
        problems.append(Problem(display, f"unknown field {extra!r}"
                                + did_you_mean(str(extra), wanted, f"; use {', '.join(wanted)}"), field=key, line=line))
    values = {}
    for name in wanted:
        text = clean_text(value.get(name) or "") if isinstance(value.get(name) or "", str) else ""
        if not text and (key == "interviewee" or name == "name"):
            problems.append(Problem(display, f"needs the {key}'s {name} (text), for example {name}: ...",
                                    field=f"{key}.{name}", line=line))
        values[name] = text
    return (None if problems else Person(**values)), problems


def from_document(doc: frontmatter.Document, slug: str, url: str, display: str,
                  vocabulary: Vocabulary | None = None) -> tuple[Interview | None, list[Problem]]:
    """Validate a text interview's front matter; every problem names the file, field and line.
    ``region``, ``pathways`` and ``competencies`` are checked against ``vocabulary`` (without
    one they are not read: a tool that only needs titles and people)."""
    meta, problems = doc.meta, []
    for key in meta:
        if key not in FIELDS:
            advice = did_you_mean(key, FIELDS, f"; the fields are {', '.join(FIELDS[:-3])}")
            problems.append(Problem(display, "unknown field" + advice, field=key, line=doc.line_of(key)))
    title = clean_text(meta.get("title") or "") if isinstance(meta.get("title"), str) else ""
    if not title:
        problems.append(Problem(display, "needs a title (text)", field="title", line=doc.line_of("title")))
    summary = meta.get("summary")
    summary = clean_text(summary) if isinstance(summary, str) else ""
    if not summary:
        problems.append(Problem(display, "needs a summary: one or two plain sentences",
                                field="summary", line=doc.line_of("summary")))
    elif len(summary) > SUMMARY_LIMIT:
        problems.append(Problem(display, f"is {len(summary)} characters; keep it to {SUMMARY_LIMIT}",
                                field="summary", line=doc.line_of("summary")))
    date = None
    if "date" not in meta:
        problems.append(Problem(display, "needs the interview's publication date, YYYY-MM-DD", field="date"))
    else:
        try:
            date = parse_date(meta["date"])
        except ValueError as exc:
            problems.append(Problem(display, str(exc), field="date", line=doc.line_of("date")))
    interviewee, found = person(meta.get("interviewee"), "interviewee", display, doc.line_of("interviewee"))
    problems += found
    interviewer = None
    if meta.get("interviewer") is not None:
        interviewer, found = person(meta["interviewer"], "interviewer", display, doc.line_of("interviewer"))
        problems += found
    episode = meta.get("episode")
    if episode is not None and not (isinstance(episode, str) and episode.strip()):
        problems.append(Problem(display, "must be the slug of an episode (its audio file name without "
                                "the extension)", field="episode", line=doc.line_of("episode")))
        episode = None
    related, found = related_slugs(meta.get("related"), display, doc.line_of("related"))
    problems += found
    tagged, found = read_tags(doc, display, vocabulary) if vocabulary is not None else ({}, [])
    problems += found
    if problems:
        return None, problems
    return Interview(slug=slug, title=title, url=url, date=date, interviewee=interviewee,
                     summary=summary, source=display, episode=episode.strip() if episode else None,
                     interviewer=interviewer, related=related, **tagged), []


def related_slugs(value, display: str, line: int | None = None) -> tuple[tuple[str, ...], list[Problem]]:
    """The ``related:`` field: a list of slugs (a single slug is accepted as a list of one)."""
    if value is None:
        return (), []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return (), [Problem(display, "must be a list of slugs, for example [leading-maternity-change]",
                            field="related", line=line)]
    return tuple(dict.fromkeys(v.strip() for v in value)), []


def load(path: Path, slug: str, url: str, display: str,
         vocabulary: Vocabulary | None = None) -> tuple[Interview | None, list[Problem]]:
    doc, problems = frontmatter.load(path, display)
    if doc is None:
        return None, problems
    return from_document(doc, slug, url, display, vocabulary)


#: The site folder of text interviews (under docs_dir) and its generated index.
FOLDER = "interviews"
INDEX_MESSAGE = "the interviews index is generated by the build; remove this file and put interviews beside it"


def url_of(slug: str) -> str:
    return f"{FOLDER}/{slug}/"


def load_folder(folder: Path, display,
                vocabulary: Vocabulary | None = None) -> tuple[list[Interview], list[Problem]]:
    """Every text interview in ``folder`` (``make check`` uses this; the build reads MkDocs' files)."""
    items, problems = [], []
    if not folder.is_dir():
        return items, problems
    for path in sorted(folder.rglob("*.md")):
        shown = display(path)
        if path.parent != folder:
            problems.append(Problem(shown, f"interviews go directly in {FOLDER}/, not in a subfolder"))
        elif path.name == "index.md":
            problems.append(Problem(shown, INDEX_MESSAGE))
        else:
            item, found = load(path, path.stem, url_of(path.stem), shown, vocabulary)
            problems += found
            if item is not None:
                items.append(item)
    return items, problems


def link_problems(items: list[Interview], catalogue: Catalogue) -> list[Problem]:
    """Unknown ``related`` slugs and an ``episode`` that is not an episode, once every item is
    catalogued; each with a 'did you mean'."""
    problems = []
    for item in items:
        problems += catalogue.resolve(list(item.related), item.source)[1]
        if not item.episode:
            continue
        entry = catalogue.entries.get(item.episode)
        if entry is not None and entry.kind == "episode":
            continue
        episodes = [s for s, e in catalogue.entries.items() if e.kind == "episode"]
        article = "an" if entry and entry.kind[0] in "aeiou" else "a"
        what = f"is the slug of {article} {entry.kind}, not an episode" if entry else "is not the slug of any episode"
        advice = did_you_mean(item.episode, episodes, "; use the audio file's name without its extension")
        problems.append(Problem(item.source, f"{item.episode!r} {what}{advice}", field="episode"))
    return problems
