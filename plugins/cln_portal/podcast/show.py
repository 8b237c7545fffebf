"""The show: podcasts/show.yml, with the podcast's own settings and its series.

Each series is published as a show of its own (its own feed, title and artwork), so a listener
can follow only the interviews or only the briefings. Categories are checked against Apple's list,
shipped as data (data/apple_categories.yml), because a category Apple does not know keeps a show
out of its directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..content.problems import Problem
from ..content.paths import file_in
from ..content.text import clean_text, did_you_mean, is_safe_url, slugify
from ..content.vocabulary import normalise
from . import artwork as artwork_rules
from . import distribution as distribution_mod
from .people import Person, persons_of

SHOW_FILE = "show.yml"
KEYS = ("title", "description", "author", "owner", "language", "categories", "artwork", "explicit",
        "type", "copyright", "link", "locked", "guid", "series", "hosts") + distribution_mod.KEYS
SERIES_KEYS = ("slug", "title", "description", "artwork", "type", "guid", "hosts")


@lru_cache(maxsize=1)
def apple_categories() -> dict[str, list[str]]:
    path = Path(__file__).with_name("data") / "apple_categories.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Series:
    """One series of the show, published as its own feed at podcast/<slug>/feed.xml."""

    slug: str
    title: str
    description: str
    artwork: Path | None  # absolute path of the image file
    type: str = "episodic"
    guid: str | None = None  # podcast:guid, when set by hand
    hosts: list[Person] = field(default_factory=list)  # podcast:person on its feed's channel


@dataclass
class Show:
    """The podcast as a whole; ``categories`` are (category, subcategory or None) pairs."""

    source: str  # the settings file as contributors know it
    title: str = ""
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    language: str = "en-gb"
    categories: list[tuple[str, str | None]] = field(default_factory=list)
    artwork: Path | None = None
    explicit: bool = False
    type: str = "episodic"
    copyright: str = ""
    link: str | None = None  # the show's website; default: the podcast home page
    locked: bool = True
    guid: str | None = None  # podcast:guid, when set by hand
    series: list[Series] = field(default_factory=list)
    #: medium, license, txt, funding, hubs, podping, notify, feed (see :mod:`.distribution`)
    distribution: distribution_mod.Distribution = field(default_factory=distribution_mod.Distribution)
    hosts: list[Person] = field(default_factory=list)  # podcast:person on the channel

    def all_hosts(self) -> list[Person]:
        """The show feed's hosts: the show's, then each series' (each person once)."""
        out: list[Person] = []
        for person in [*self.hosts, *(p for s in self.series for p in s.hosts)]:
            if all(person.name != known.name for known in out):
                out.append(person)
        return out

    def find_series(self, value: str) -> Series | None:
        """The series a tag or sidecar means, by slug or title (case and '&' ignored)."""
        key = normalise(value)
        for series in self.series:
            if key in (normalise(series.slug), normalise(series.title)):
                return series
        return None


def parse_category(value: object) -> tuple[str, str | None] | str:
    """'Health & Fitness > Medicine' -> a pair, or a message saying what Apple allows."""
    table = apple_categories()
    text = clean_text(value) if isinstance(value, str) else ""
    main, _, sub = (part.strip() for part in text.partition(">"))
    if main not in table:
        return (f"{text!r} is not an Apple Podcasts category{did_you_mean(main, table)} "
                f"(allowed: {', '.join(table)}; a subcategory is written 'Category > Subcategory')")
    if sub and sub not in table[main]:
        allowed = ", ".join(table[main]) or "none"
        return (f"{sub!r} is not a subcategory of {main!r} in Apple Podcasts"
                f"{did_you_mean(sub, table[main])} (allowed: {allowed})")
    return (main, sub or None)


def _check_artwork(path: Path, folder: Path, display: str, field_name: str,
                   problems: list[Problem]) -> Path | None:
    shown = f"{Path(display).parent.as_posix()}/{path}"
    target, refused = file_in(folder, path.as_posix())
    if refused:  # a path out of podcasts/ would publish any file on the machine
        problems.append(Problem(display, refused, field=field_name))
        return None
    if not target.is_file():
        problems.append(Problem(display, f"{shown} does not exist; put the image in "
                                         f"{Path(display).parent.as_posix()}/ and name it here",
                                field=field_name))
        return None
    _, wrong = artwork_rules.check(target.read_bytes())
    for message in wrong:
        problems.append(Problem(display, f"{shown} {message}", field=field_name))
    return None if wrong else target


def _text(data: dict, key: str, display: str, problems: list[Problem], *, required: bool,
          prefix: str = "") -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem(display, "is required", field=prefix + key))
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.append(Problem(display, "must be text", field=prefix + key))
        return ""
    return clean_text(value)


def _flag(data: dict, key: str, default: bool, display: str, problems: list[Problem]) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        problems.append(Problem(display, f"must be true or false, not {value!r}", field=key))
        return default
    return value


def _hosts(data: dict, key: str, display: str, problems: list[Problem]) -> list[Person]:
    """``hosts:`` of the show or a series: people (name, optional role, href, img); role host."""
    if data.get(key) in (None, "", []):
        return []
    found = persons_of(data[key], display, problems)
    return [Person(p.name, p.role or "host", p.href, p.img) for p in found]


def load(folder: Path, display_folder: str = "podcasts") -> tuple[Show | None, list[Problem]]:
    """Read and check podcasts/show.yml; every problem names the file and the field."""
    path = folder / SHOW_FILE
    display = f"{display_folder}/{SHOW_FILE}"
    if not path.is_file():
        return None, [Problem(display, "is missing: the podcast needs its settings (title, description, "
                                       "author, owner, categories, artwork, series)")]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, f"cannot be read as UTF-8 text: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(display, f"is not valid YAML ({getattr(exc, 'problem', exc)}); check the "
                                       "indentation", line=mark.line + 1 if mark else None)]
    if not isinstance(data, dict):
        return None, [Problem(display, "must be 'setting: value' lines (title, description, ...)")]
    problems: list[Problem] = []
    for key in data:
        if key not in KEYS:
            problems.append(Problem(display, f"unknown setting{did_you_mean(str(key), KEYS)} "
                                             f"(known: {', '.join(KEYS)})", field=str(key)))
    show = Show(source=display)
    show.title = _text(data, "title", display, problems, required=True)
    show.description = _text(data, "description", display, problems, required=True)
    show.author = _text(data, "author", display, problems, required=True)
    show.copyright = _text(data, "copyright", display, problems, required=False)
    owner = data.get("owner")
    if not isinstance(owner, dict):
        problems.append(Problem(display, "needs 'name' and 'email' lines under it (Apple contacts the "
                                         "owner about the show)", field="owner"))
    else:
        show.owner_name = _text(owner, "name", display, problems, required=True, prefix="owner.")
        show.owner_email = _text(owner, "email", display, problems, required=True, prefix="owner.")
        if show.owner_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", show.owner_email):
            problems.append(Problem(display, f"{show.owner_email!r} is not an email address",
                                    field="owner.email"))
    language = str(data.get("language", "en-GB"))
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z]{2})?", language):
        problems.append(Problem(display, f"{language!r} is not a language code; write it like en-GB",
                                field="language"))
    show.language = language.lower()
    categories = data.get("categories")
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not categories:
        problems.append(Problem(display, "needs at least one Apple Podcasts category, for example "
                                         "'Health & Fitness > Medicine'", field="categories"))
    else:
        for value in categories:
            parsed = parse_category(value)
            if isinstance(parsed, str):
                problems.append(Problem(display, parsed, field="categories"))
            else:
                show.categories.append(parsed)
    show.explicit = _flag(data, "explicit", False, display, problems)
    show.distribution, found = distribution_mod.load(data, display)
    problems += found
    show.locked = _flag(data, "locked", True, display, problems)
    show.type = str(data.get("type", "episodic"))
    if show.type not in ("episodic", "serial"):
        problems.append(Problem(display, f"{show.type!r} is not a show type; use episodic or serial",
                                field="type"))
    link = data.get("link")
    if link is not None:
        if not isinstance(link, str) or not is_safe_url(link) or not link.startswith(("http://", "https://")):
            problems.append(Problem(display, f"{link!r} is not a web address (https://...)", field="link"))
        else:
            show.link = clean_text(link)
    if data.get("guid") is not None:
        show.guid = clean_text(data["guid"])
    show.hosts = _hosts(data, "hosts", display, problems)
    if not data.get("artwork"):
        problems.append(Problem(display, "is required: a square JPEG or PNG, 1400 to 3000 pixels",
                                field="artwork"))
    else:
        show.artwork = _check_artwork(Path(str(data["artwork"])), folder, display, "artwork", problems)
    series_list = data.get("series") or []
    if not isinstance(series_list, list):
        problems.append(Problem(display, "must be a list of series, each with title, description and "
                                         "artwork", field="series"))
        series_list = []
    for i, entry in enumerate(series_list, 1):
        where = f"series[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(display, "must have title, description and artwork lines", field=where))
            continue
        for key in entry:
            if key not in SERIES_KEYS:
                problems.append(Problem(display, f"unknown setting{did_you_mean(str(key), SERIES_KEYS)}",
                                        field=f"{where}.{key}"))
        title = _text(entry, "title", display, problems, required=True, prefix=f"{where}.")
        slug = slugify(str(entry.get("slug") or title))
        if not slug:
            continue
        series = Series(slug=slug, title=title,
                        description=_text(entry, "description", display, problems, required=True,
                                          prefix=f"{where}."),
                        artwork=None, type=str(entry.get("type", "episodic")),
                        guid=clean_text(entry["guid"]) if entry.get("guid") else None,
                        hosts=_hosts(entry, "hosts", display, problems))
        if series.type not in ("episodic", "serial"):
            problems.append(Problem(display, f"{series.type!r} is not a show type; use episodic or serial",
                                    field=f"{where}.type"))
        if not entry.get("artwork"):
            problems.append(Problem(display, "is required: each series is a show of its own in podcast "
                                             "apps and needs square artwork, 1400 to 3000 pixels",
                                    field=f"{where}.artwork"))
        else:
            series.artwork = _check_artwork(Path(str(entry["artwork"])), folder, display,
                                            f"{where}.artwork", problems)
        if any(s.slug == slug for s in show.series):
            problems.append(Problem(display, f"two series have the slug {slug!r}; give one another title "
                                             "or slug", field=f"{where}.slug"))
            continue
        show.series.append(series)
    return show, problems
