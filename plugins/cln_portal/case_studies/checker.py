"""One case study file checked field by field against the content model and the vocabularies.

Every check collects a :class:`Problem` (file, line, field, value, what is allowed, did you mean)
instead of stopping at the first one; variant spellings of vocabulary terms become the canonical
term here, once.
"""

from __future__ import annotations

import datetime
import difflib
import re

from ..content import frontmatter, placeholders
from ..content.dates import parse_date
from ..content.problems import Problem, as_notes
from ..content.text import clean_text, did_you_mean, is_safe_url, slugify
from ..content.tagging import TermFields, describe
from ..content.vocabulary import Vocabulary

from .model import FIELDS, REQUIRED, SECTION_VARIANTS, SECTIONS, STATUSES, SUMMARY_LIMIT, Author, CaseStudy

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s/:<>\"']+@[^@\s/:<>\"']+\.[a-zA-Z]{2,}")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# Markdown links and images [text](url "title"), reference definitions [id]: url, autolinks <url>,
# and href/src attributes of raw HTML: every way a body can carry a link.
_LINKS = (
    re.compile(r"\]\(\s*<?([^\s)>]+)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M),
    re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*)>"),
    re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?([^"'\s>]+)""", re.I),
)


class Checker(TermFields):
    """Checks one document, collecting problems; each field's check returns the clean value."""

    region_means = "the region where the work was done"

    def __init__(self, doc: frontmatter.Document, source: str, vocabulary: Vocabulary):
        super().__init__(doc, source, vocabulary, REQUIRED, FIELDS)

    def check(self) -> CaseStudy | None:
        meta = self.doc.meta
        slug = self.doc.path.stem
        if not _SLUG.fullmatch(slug):
            better = slugify(slug) or "my-case-study"
            self.problems.append(Problem(
                self.source, f"the file name {self.doc.path.name!r} is not a valid slug: use lower-case "
                f"letters, digits and hyphens, for example {better + '.md'!r}"))
        if slug == "index":
            self.problems.append(Problem(
                self.source, "the file name 'index.md' is the address of the case studies index; name "
                "the file after the case study's title, for example 'cutting-waits-for-scans.md'"))
        if not meta:
            self.problems.append(Problem(
                self.source, "has no front matter: start the file with a '---' line, the fields "
                f"({', '.join(REQUIRED)}), and another '---' line; copy case_studies/_template.md", line=1))
            return None
        for name in meta:
            if name not in FIELDS:
                hint = difflib.get_close_matches(name, list(FIELDS), n=1, cutoff=0.6)
                advice = f"did you mean {hint[0]!r}?" if hint else f"the fields are: {', '.join(FIELDS)}"
                self.problem(name, f"{name!r} is not a case study field; {advice}")
        values = {
            "title": self.text("title"),
            "summary": self.summary(),
            "date": self.date(),
            "region": self.region(),
            "pathways": self.terms("pathways"),
            "organisation": self.text("organisation"),
            "authors": self.authors(),
            "competencies": self.terms("competencies"),
            "qualities": self.terms("qualities"),
            "tags": self.strings("tags"),
            "contact": self.contact(),
            "related": self.related(slug),
            "status": self.status(),
        }
        self.body()
        if values["status"] == "published":  # a draft may keep the template's TODOs
            self.problems += placeholders.find(self.doc, self.source)
        if self.problems:
            if values["status"] == "draft":  # held back: its problems are notes
                self.problems = as_notes(self.problems)
            return None
        return CaseStudy(slug=slug, path=self.doc.path, source=self.source, body=self.doc.body,
                         lines=dict(self.doc.key_lines), **values)

    # -- fields ---------------------------------------------------------------------------------

    def text(self, name: str) -> str:
        if self.missing(name):
            return ""
        value = self.doc.meta[name]
        if isinstance(value, (list, dict)):
            kind = "a list" if isinstance(value, list) else "a set of fields"
            self.problem(name, f"must be plain text, not {kind}; for example '{FIELDS[name]}'")
            return ""
        text = " ".join(clean_text(value).split())
        if not text:
            self.problem(name, f"is empty; it is required, for example '{FIELDS[name]}'")
        return text

    def summary(self) -> str:
        text = self.text("summary")
        if len(text) > SUMMARY_LIMIT:
            self.problem("summary", f"is {len(text)} characters long; keep it to at most {SUMMARY_LIMIT} "
                         "characters (one or two plain sentences)")
        return text

    def date(self) -> datetime.date | None:
        if self.missing("date"):
            return None
        try:
            return parse_date(self.doc.meta["date"])
        except ValueError as exc:
            self.problem("date", str(exc))
            return None

    def strings(self, name: str) -> tuple[str, ...]:
        found = []
        for value in self.listed(name):
            if not isinstance(value, (str, int, float)) or not clean_text(value):
                self.problem(name, f"{describe(value)} is not text; list plain words, for example '{FIELDS[name]}'")
                continue
            text = " ".join(clean_text(value).split())
            if text not in found:
                found.append(text)
        return tuple(found)

    def authors(self) -> tuple[Author, ...]:
        if self.missing("authors"):
            return ()
        values = self.doc.meta["authors"]
        if isinstance(values, dict):
            values = [values]
        if not isinstance(values, list):
            self.problem("authors", f"must be a list of people, each with a name and a role, for example "
                         f"'{FIELDS['authors']}'")
            return ()
        found = []
        for number, value in enumerate(values, 1):
            if not isinstance(value, dict):
                self.problem("authors", f"author {number} ({describe(value)}) needs a name and a role, "
                             f"for example '{FIELDS['authors']}'")
                continue
            name = " ".join(clean_text(value.get("name") or "").split())
            role = " ".join(clean_text(value.get("role") or "").split())
            for key in value:
                if key not in ("name", "role"):
                    self.problem("authors", f"author {number} has an unknown field {str(key)!r}; "
                                 "give each author only a 'name' and a 'role'")
            for key, text in (("name", name), ("role", role)):
                if not text or isinstance(value.get(key), (list, dict)):
                    self.problem("authors", f"author {number} has no {key}; give each author a 'name' "
                                 f"and a 'role', for example '{FIELDS['authors']}'")
            if name and role:
                found.append(Author(name, role))
        return tuple(found)

    def contact(self) -> str:
        if self.missing("contact"):
            return ""
        value = self.text("contact")
        if _EMAIL.fullmatch(value):
            return "mailto:" + value
        if not value or not is_safe_url(value) or " " in value:
            self.problem("contact", f"{value!r} is not an email address or a safe link; use an email "
                         "address, a mailto: link or an http(s) web address")
            return ""
        return value

    def related(self, own_slug: str) -> tuple[str, ...]:
        found = []
        for value in self.listed("related"):
            if not isinstance(value, str) or not value.strip():
                self.problem("related", f"{describe(value)} is not a slug; list slugs of case studies, "
                             f"episodes or columns, for example '{FIELDS['related']}'")
                continue
            slug = value.strip()
            if slug.endswith(".md"):
                slug = slug[:-3].rsplit("/", 1)[-1]
            if slug == own_slug:
                self.problem("related", f"{value!r} is this case study itself; list other case studies, "
                             "episodes or columns")
            elif slug not in found:
                found.append(slug)
        return tuple(found)

    def status(self) -> str:
        if self.missing("status"):
            return "published"
        value = self.doc.meta["status"]
        text = str(value).strip().lower() if isinstance(value, str) else ""
        if text in STATUSES:
            return text
        advice = did_you_mean(text, STATUSES, cutoff=0.5)
        self.problem("status", f"{describe(value)} is not a status; use 'published' or 'draft'{advice}")
        return "published"

    def body(self) -> None:
        """The body: the five sections, no second title, and only safe links."""
        found: list[str] = []
        fenced = False
        for offset, line in enumerate(self.doc.body.split("\n")):
            number = self.doc.body_line + offset
            if _FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            for pattern in _LINKS:
                for match in pattern.finditer(line):
                    url = match.group(1)
                    if not is_safe_url(url):
                        self.problem("body", f"the link {url!r} is not allowed; use http(s), mailto: or "
                                     "relative links", line=number)
            heading = _HEADING.match(line)
            if not heading:
                continue
            level, text = len(heading.group(1)), heading.group(2)
            if level == 1:
                self.problem("body", f"has a title heading '# {text}'; remove it: the page title comes "
                             "from the 'title' field, and sections start with '## '", line=number)
            elif level == 2:
                name = " ".join(text.strip().rstrip(":.").lower().split())
                found.append(SECTION_VARIANTS.get(name, name))
        missing = [s for s in SECTIONS if s.lower() not in found]
        if missing:
            self.problem("body", f"has no {', '.join(repr('## ' + s) for s in missing)} "
                         f"section{'s' if len(missing) > 1 else ''}; a case study has the sections "
                         f"{', '.join(SECTIONS)} (see case_studies/_template.md)", line=self.doc.body_line)
