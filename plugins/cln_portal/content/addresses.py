"""Published addresses, remembered so that old links keep working (content/_data/addresses.yml).

A reader's bookmark, a link from the HSJ or another trust's intranet, a search engine: all know a
case study, episode, interview or column post by its address. When a file is renamed or a column
moves, the build finds the item again (by its slug, else by its title within its kind), records
the old address beside the new one, and leaves a small redirect page at every old address (meta
refresh, a canonical link and a plain link, as mkdocs-redirects does). Like the episode lock, the
file is written by the build when it changes: commit it. In locked mode (CI) the build never
writes it, and fails when an item moved from an address it records (:func:`locked_problems`).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..content.problems import Problem, not_committed
from ..runtime.filecache import write_atomically

FILE = "content/_data/addresses.yml"
#: What the last build read from FILE (see :class:`Remembered`), relative to the repository.
CACHE = ".cache/cln-portal/addresses.json"
HEADER = """\
# Every address the portal has published, written by the build: commit this file.
# When an item moves, its old addresses stay here and the build leaves a redirect page at each.
"""
#: The kinds of content whose addresses are kept (catalogue kinds).
KINDS = ("case study", "episode", "interview", "column")


@dataclass
class Address:
    kind: str
    slug: str
    title: str
    url: str
    old: list[str] = field(default_factory=list)  # earlier addresses, oldest first

    def as_dict(self) -> dict:
        data = {"kind": self.kind, "slug": self.slug, "title": self.title, "url": self.url}
        if self.old:
            data["old"] = list(self.old)
        return data


def load(path: Path) -> tuple[list[Address], str]:
    """The remembered addresses and the file's text (empty when there is none yet)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return [], ""
    return _addresses(data), text


def _addresses(data) -> list[Address]:
    found = []
    for item in data.get("addresses") or [] if isinstance(data, dict) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("kind", "slug", "url")):
            found.append(Address(item["kind"], item["slug"], str(item.get("title") or ""), item["url"],
                                 [str(u) for u in item.get("old") or []]))
    return found


def update(known: list[Address], current: list[tuple[str, str, str, str]]) -> list[Address]:
    """``known`` after this build: ``current`` is (kind, slug, title, url) of every published item.
    An item found again (same kind, and the same slug or else the same title) at another address
    keeps the old one in ``old``; an address now used by a real page is no longer redirected."""
    result = [Address(a.kind, a.slug, a.title, a.url, list(a.old)) for a in known]
    by_slug = {(a.kind, a.slug): a for a in result}
    by_title = {(a.kind, a.title.casefold()): a for a in result if a.title}
    live = {url for _, _, _, url in current}
    seen: set[int] = set()
    for kind, slug, title, url in current:
        entry = by_slug.get((kind, slug))
        if entry is None or id(entry) in seen:
            entry = by_title.get((kind, title.casefold()))
        if entry is None or id(entry) in seen or entry.url in live and entry.url != url:
            entry = Address(kind, slug, title, url)
            result.append(entry)
        seen.add(id(entry))
        if entry.url != url and entry.url not in entry.old:
            entry.old.append(entry.url)
        entry.slug, entry.title, entry.url = slug, title, url
    for entry in result:
        entry.old = [u for u in entry.old if u not in live and u != entry.url]
    return result


def text_of(addresses: list[Address]) -> str:
    return HEADER + yaml.safe_dump({"addresses": [a.as_dict() for a in addresses]}, sort_keys=False,
                                   allow_unicode=True, width=100)


def redirects(addresses: list[Address]) -> dict[str, str]:
    """Old address -> the item's address now."""
    return {old: a.url for a in addresses for old in a.old}


def redirect_page(old: str, new: str, site_url: str) -> str:
    """The page left at ``old``: a refresh to ``new`` (relative, so it works from any host), the
    canonical address for search engines, and a plain link for anyone whose browser does not move."""
    relative = posixpath.relpath("/" + new, "/" + old.rstrip("/") or "/")
    relative = relative + "/" if new.endswith("/") and not relative.endswith("/") else relative
    href = html.escape(relative, quote=True)
    canonical = html.escape(site_url.rstrip("/") + "/" + new if site_url else relative, quote=True)
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        f'<link rel="canonical" href="{canonical}">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{href}">{href}</a>.</p>\n</body>\n</html>\n'
    )


def locked_problems(known: list[Address], updated: list[Address]) -> list[Problem]:
    """Locked mode (CI), where the build never writes the file: an item that moved from an address
    the committed file records is an error (its redirect would be lost); a new item, or a title
    changed in place, is a note (nothing is lost yet, and a contributor's pull request that adds
    a case study passes), saying to record it so that a later rename keeps its address."""
    if updated == known:
        return []
    before = {(a.kind, a.slug): a for a in known}
    urls = {a.url for a in known}
    moves, new = [], []
    for entry in updated:
        was = before.get((entry.kind, entry.slug))
        moved = [old for old in entry.old if was is None or old not in was.old]
        if moved:
            moves.append(f"the {entry.kind} {entry.slug!r} moved from {moved[-1]} to {entry.url}")
        elif entry.url not in urls:
            new.append(f"the new {entry.kind} {entry.slug!r} at {entry.url}")
    if moves:
        return [not_committed(FILE, f"does not record {'; '.join(moves)}")]
    what = (f"does not record {'; '.join(new)} yet" if new
            else "does not record a changed title yet")
    note = not_committed(FILE, what, "so that a later rename keeps the address")
    return [replace(note, severity="note")]


def write(path: Path, text: str) -> None:
    write_atomically(path, text.encode("utf-8"))


def _digest(text: str) -> str:
    code = Path(__file__).read_bytes()  # a change to how the file is read or written: read it again
    return hashlib.sha256(code + yaml.__version__.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()


def load_remembered(path: Path, cache: Path) -> tuple[list[Address], str, bool]:
    """:func:`load`, through a cache, and whether the text is exactly :func:`text_of` the
    addresses (then an unchanged list needs no writing, nor dumping to find that out).

    PyYAML's pure-Python loader and dumper cost about 2 ms an address, and the file rarely
    changes. The cache (:data:`CACHE`) holds, under a digest of the file's exact text, the
    addresses YAML read from that text and that the text is what :func:`text_of` makes of them
    (see :func:`remember`). Missing, outdated or unreadable: YAML reads the file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(Path(cache).read_text(encoding="utf-8"))
        if data["digest"] == _digest(text):
            return [Address(a["kind"], a["slug"], a["title"], a["url"], list(a["old"]))
                    for a in data["addresses"]], text, True
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        pass
    known, text = load(path)
    return known, text, False


def remember_written(cache: Path, written: list[Address], text: str) -> None:
    """After writing ``text = text_of(written)``: :func:`remember` it when YAML reads ``written``
    back from it, read by libyaml (30 times faster than the pure-Python loader; without
    libyaml nothing is remembered, and the next build reads the file itself)."""
    loader = getattr(yaml, "CSafeLoader", None)
    try:
        if loader is not None and _addresses(yaml.load(text, Loader=loader) or {}) == written:
            remember(cache, written, text)
    except yaml.YAMLError:
        pass


def remember(cache: Path, known: list[Address], text: str) -> None:
    """Keep ``known`` for :func:`load_remembered`: only when YAML read ``known`` from ``text``
    and ``text == text_of(known)`` (the caller has both), so a cached reading is the file's."""
    data = {"digest": _digest(text), "addresses": [dict(a.as_dict(), old=list(a.old)) for a in known]}
    try:
        write_atomically(Path(cache), json.dumps(data, ensure_ascii=True).encode("ascii"))
    except OSError:
        pass  # a read-only checkout still builds; the next build reads the file with YAML
