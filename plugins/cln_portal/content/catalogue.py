"""Every piece of published content by slug, so that any item can link to any other.

Case studies, episodes, columns and interviews name related content by slug (``related:``).
Each section registers its items here while the build collects files; links are resolved once
everything is known, and an unknown slug is an error naming the file that used it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .problems import Problem
from .text import did_you_mean


@dataclass(frozen=True)
class Entry:
    """One linkable item: what kind it is, its title, and its site URL (relative to the site root)."""

    kind: str  # "case study", "episode", "column", "interview"
    slug: str
    title: str
    url: str  # e.g. "case-studies/some-slug/"
    source: str = ""  # the file it came from, as a contributor knows it
    date: "datetime.date | None" = None  # publication date, for "latest" lists
    summary: str = ""  # one or two plain sentences, for lists and cards
    #: The vocabulary terms it is tagged with, by canonical name (for the self-assessment's
    #: recommendations and the coverage map); empty for kinds without those fields.
    regions: tuple[str, ...] = ()
    pathways: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()


def tags(item) -> dict[str, tuple[str, ...]]:
    """The ``regions``, ``pathways`` and ``competencies`` of an :class:`Entry` for a content item
    (a case study, a column: anything with ``region`` and those lists of vocabulary terms)."""
    region = getattr(item, "region", None)
    return {"regions": (region.name,) if region is not None else (),
            "pathways": tuple(t.name for t in getattr(item, "pathways", ()) or ()),
            "competencies": tuple(t.name for t in getattr(item, "competencies", ()) or ())}


class Related(dict):
    """slug -> the slugs its ``related`` field names. It counts its changes, so that the
    reverse index behind :meth:`Catalogue.linking_to` is built once per change, not per page.
    Assign a new list to change an item's links (a list changed in place is not noticed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = 0

    def _changed(method):
        def wrapper(self, *args, **kwargs):
            self.version += 1
            return method(self, *args, **kwargs)
        wrapper.__name__ = method.__name__
        return wrapper

    __setitem__ = _changed(dict.__setitem__)
    __delitem__ = _changed(dict.__delitem__)
    __ior__ = _changed(dict.__ior__)
    update = _changed(dict.update)
    setdefault = _changed(dict.setdefault)
    pop = _changed(dict.pop)
    popitem = _changed(dict.popitem)
    clear = _changed(dict.clear)
    del _changed


@dataclass
class Catalogue:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: slug -> the slugs its ``related`` field names, from every section: for two-way links.
    related: dict[str, list[str]] = field(default_factory=Related)
    _reverse: tuple = field(default=(None, {}), init=False, repr=False, compare=False)
    #: Slugs of items whose files have errors of their own: they exist, so a link to one is not
    #: reported again in the file that links to it (each problem once, in the file that holds it).
    broken: set[str] = field(default_factory=set)
    #: (kind, title as readers compare it) -> the first entry with that title.
    _titles: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    #: (entries counted, site URL -> entry): made again only once an entry was added.
    _urls: tuple = field(default=(-1, {}), init=False, repr=False, compare=False)

    def add(self, entry: Entry) -> None:
        """Register an item; a slug used twice, or a title used twice within one kind (a list
        would show it twice), is reported against the second file, naming the first."""
        other = self.entries.get(entry.slug)
        if other is not None:
            self.problems.append(
                Problem(entry.source, f"slug {entry.slug!r} is already used by the {other.kind} in "
                        f"{other.source}; rename one of the two files", field="slug")
            )
            return
        self.entries[entry.slug] = entry
        title = (entry.kind, " ".join(entry.title.casefold().split()))
        first = self._titles.setdefault(title, entry) if title[1] else entry
        if first is not entry:
            self.problems.append(
                Problem(entry.source, f"{entry.title!r} is also the title of the {entry.kind} in "
                        f"{first.source}; give each {entry.kind} its own title", field="title")
            )

    def at_url(self, url: str) -> Entry | None:
        """The entry whose page is at site URL ``url``, if any (asked for every page built: the
        index is made once, not once a page)."""
        count, index = self._urls
        if count != len(self.entries):
            index = {entry.url: entry for entry in self.entries.values()}
            self._urls = (len(self.entries), index)
        return index.get(url)

    def resolve(self, slugs: list[str], source: str, field_name: str = "related") -> tuple[list[Entry], list[Problem]]:
        """The entries for ``slugs``; each unknown slug is a problem with a 'did you mean'."""
        found, problems = [], []
        for slug in slugs:
            entry = self.entries.get(str(slug))
            if entry:
                found.append(entry)
                continue
            if str(slug) in self.broken:
                continue
            message = f"{slug!r} is not the slug of any case study, episode, column or interview"
            message += did_you_mean(str(slug), self.entries, "; use the file name without .md")
            problems.append(Problem(source, message, field=field_name))
        return found, problems

    def linking_to(self, slug: str, related: dict[str, list[str]]) -> list[Entry]:
        """Items whose ``related`` lists name ``slug``: the other side of a two-way link.

        Asked for every page, so the answer comes from a reverse index (built in one pass while
        ``related`` is unchanged), not from a scan of every item: a scan per page makes the
        build quadratic in the size of the library. Every section asks this one index (with
        ``catalogue.related``); entries are looked up when asked, so an address a section
        gives an entry later (the column's, at on_nav) is the one listed."""
        key = (id(related), getattr(related, "version", None))
        if key[1] is None or self._reverse[0] != key:
            sources: dict[str, list[str]] = {}
            for source, targets in related.items():
                for target in dict.fromkeys(str(t) for t in targets):  # a slug as YAML typed it (2009)
                    sources.setdefault(target, []).append(source)
            if key[1] is None:
                return [self.entries[s] for s in sources.get(str(slug), ()) if s in self.entries]
            self._reverse = (key, sources)
        return [self.entries[s] for s in self._reverse[1].get(str(slug), ()) if s in self.entries]
