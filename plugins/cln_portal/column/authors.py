"""The column's authors: ``content/columns/.authors.yml`` maps an id to name, role and organisation
(the byline), and is shared with Material's blog plugin."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..content.problems import Problem
from ..content.text import clean_text, is_safe_url


_AUTHOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
        if url is not None and (not isinstance(url, str) or not is_web_url(url)):
            problems.append(Problem(display, "expected an http:// or https:// address",
                                    field=f"{where}.url"))
            url = None
        for extra in sorted(set(map(str, entry)) - {"name", "role", "organisation", "url"}):
            problems.append(Problem(display, unknown(extra, ("name", "role", "organisation", "url")),
                                    field=f"{where}.{extra}"))
        if len(values) == 3:
            authors[ident] = Author(ident, values["name"], values["role"], values["organisation"],
                                    clean_text(url) if url else "")
    return authors, problems


def is_web_url(value: str) -> bool:
    parts = urlsplit(clean_text(value))
    return is_safe_url(value) and parts.scheme in ("http", "https") and bool(parts.hostname)


def unknown(key: str, known) -> str:
    hint = difflib.get_close_matches(key, list(known), n=1)
    if hint:
        return f"is not a field of a column; did you mean {hint[0]!r}?"
    return f"is not a field of a column; the fields are: {', '.join(known)}"
