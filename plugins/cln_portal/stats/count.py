"""Counting downloads and reads from requests, by the IAB Podcast Measurement Technical
Guidelines v2.x as the methodology page states them.

A **download** of an episode's audio is counted at most once per listener per episode per UTC
day. A listener is the client address (IPv6 cut to its /64) plus the user agent, hashed with the
day's random salt. Only GET requests count; HEAD, 304 and ``Range: bytes=0-1`` probes never do,
nor bots (OPAWG list), Apple Watch downloads, other statuses, or requests before the episode's
publication. A 200 counts. A 206 counts once the bytes that listener received that day (the
union of the ranges sent, so a range fetched twice adds nothing) reach the episode's threshold:
its ID3 tag plus one minute of audio, or the whole file when the episode is a minute or shorter.
The window is the UTC day.

A **read** is a GET (200, or 304 from a reader's cache) of a case study, column, interview or
episode page by a browser or app (not a bot, not an HTTP library), once per reader per page per day.

**Counting nothing twice.** Every decision is a set operation: "this listener's download of
this episode today is counted", "these bytes were received". Adding the same request again
changes nothing, so reading a log twice, or two rotated logs that overlap, adds nothing. That
state (salt and hashes) lives in the database only while its day is *open*. A day closes once
the logs have reached ``grace_days`` days past it (or on ``close_all``): its salt and every hash
are deleted and its figures are final; requests on a closed day met later are skipped (and
reported), because counting them could count something twice.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import ipaddress
import secrets
import sqlite3
from collections import Counter as Tally
from dataclasses import dataclass, field
from functools import lru_cache

from . import store
from .agents import Classifier
from .catalogue import Catalogue, Episode, Page
from .logs import Request

DAY = 86400


@lru_cache(maxsize=65536)
def network_of(addr: str) -> str:
    """The part of an address that names a listener: IPv4 whole, IPv6 its /64."""
    if ":" not in addr:
        return addr
    try:
        ip = ipaddress.IPv6Address(addr.strip("[]").split("%", 1)[0])
    except ValueError:
        return addr
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return ip.exploded[:19]


def day_of(when: float) -> str:
    return _dt.datetime.fromtimestamp(when, _dt.timezone.utc).strftime("%Y-%m-%d")


def _merge(intervals: list[tuple[int, int]], start: int, stop: int) -> list[tuple[int, int]]:
    merged, placed = [], False
    for a, b in intervals:
        if b < start:
            merged.append((a, b))
        elif stop < a:
            if not placed:
                merged.append((start, stop))
                placed = True
            merged.append((a, b))
        else:
            start, stop = min(a, start), max(b, stop)
    if not placed:
        merged.append((start, stop))
    return sorted(merged)


@dataclass(slots=True)
class Partial:
    """The bytes of one episode one listener has received today."""

    ranges: list[tuple[int, int]] = field(default_factory=list)  # merged [start, stop)
    sizes: set[tuple[float, int]] = field(default_factory=set)  # combined logs: (time, bytes), offsets unknown
    received: int = 0  # bytes covered by ranges plus sizes

    def add_range(self, start: int, stop: int) -> None:
        self.ranges = _merge(self.ranges, start, stop)
        self.received = sum(b - a for a, b in self.ranges) + sum(n for _, n in self.sizes)

    def add_size(self, at: float, size: int) -> None:
        if (at, size) not in self.sizes:
            self.sizes.add((at, size))
            self.received += size


@dataclass
class DayState:
    salt: bytes
    counted: set[tuple[str, str, bytes]] = field(default_factory=set)
    partial: dict[tuple[str, bytes], Partial] = field(default_factory=dict)
    changed: bool = False
    keys: dict[tuple[str, str], bytes] = field(default_factory=dict)  # this run's (addr, ua) -> key

    def listener(self, addr: str, ua: str) -> bytes:
        key = self.keys.get((addr, ua))
        if key is None:
            key = self.keys[(addr, ua)] = hashlib.blake2b(
                f"{network_of(addr)}\n{ua}".encode("utf-8", "replace"), key=self.salt, digest_size=16).digest()
        return key


def _content_range(value: str | None) -> tuple[int, int] | None:
    if not value or not value.startswith("bytes "):
        return None
    span = value[6:].split("/", 1)[0]
    first, _, last = span.partition("-")
    try:
        return int(first), int(last)
    except ValueError:
        return None


def is_probe(request: Request) -> bool:
    """A player asking whether ranges work (``Range: bytes=0-1``), not a listener downloading."""
    if request.range is None:  # combined format: only the size sent tells
        return request.status == 206 and request.bytes <= 2
    return request.range.replace(" ", "") == "bytes=0-1" or (request.content_range or "").startswith("bytes 0-1/")


class Counter:
    """Counts requests into a database: ``add`` each request, then ``save``."""

    def __init__(self, db: sqlite3.Connection, catalogue: Catalogue, classifier: Classifier | None = None,
                 grace_days: int = 2):
        self.db = db
        self.catalogue = catalogue
        self.classify = (classifier or Classifier()).classify
        self.grace_days = grace_days
        self.closed = store.closed_days(db)
        self.dropped: set[str] = set()  # closed during this run, not yet in the database
        self.days: dict[str, DayState] = {}
        self.downloads: Tally = Tally()  # (day, episode, app, app_kind) -> new downloads
        self.reads: Tally = Tally()  # (day, kind, slug) -> new reads
        self.excluded: Tally = Tally()  # reason -> requests (this run only; not stored)
        self.newest = store.get_meta(db, "newest_day") or ""
        self._day_cache: tuple[int, str] = (-1, "")

    # -- days -------------------------------------------------------------------------------
    def _day(self, when: float) -> str:
        whole = int(when // DAY)
        if whole != self._day_cache[0]:
            self._day_cache = (whole, day_of(when))
        return self._day_cache[1]

    def state(self, day: str) -> DayState | None:
        state = self.days.get(day)
        if state is not None:
            return state
        if day in self.closed:
            return None
        found = store.open_day(self.db, day)
        if found is None:
            state = DayState(secrets.token_bytes(16), changed=True)
        else:
            salt, counted, ranges, sizes = found
            state = DayState(salt, counted)
            for episode, key, a, b in ranges:
                state.partial.setdefault((episode, key), Partial()).add_range(a, b)
            for episode, key, at, n in sizes:
                state.partial.setdefault((episode, key), Partial()).add_size(at, n)
        self.days[day] = state
        if day > self.newest:
            self.newest = day
            self._close_due()
        return state

    def _close_due(self) -> None:
        """Let go of the days now due to close (their figures are in the tallies): the logs are
        read in time order, so at most ``grace_days + 1`` days of listener state are in memory.
        The database learns it in :meth:`save`, in the same transaction as everything else."""
        limit = (_dt.date.fromisoformat(self.newest) - _dt.timedelta(days=self.grace_days)).isoformat()
        for day in [d for d in self.days if d < limit]:
            del self.days[day]
            self.closed.add(day)
            self.dropped.add(day)

    # -- requests ---------------------------------------------------------------------------
    def add(self, request: Request, target: Episode | Page | None = None) -> None:
        """Count one request; ``target``: what its path is, when the caller has looked it up."""
        if target is None:
            target = self.catalogue.select(request.path)
        if type(target) is Episode:
            self._audio(request, target)
        elif target is not None:
            self._page(request, target)

    def _audio(self, request: Request, episode: Episode) -> None:
        excluded = self.excluded
        if request.method != "GET":
            excluded[f"{request.method} request"] += 1
            return
        if request.status == 304:
            excluded["304 Not Modified"] += 1
            return
        if request.status not in (200, 206):
            excluded[f"status {request.status}"] += 1
            return
        if request.status == 206 and is_probe(request):
            excluded["bytes=0-1 probe"] += 1
            return
        agent = self.classify(request.ua)
        if agent.is_bot:
            excluded["bot"] += 1
            return
        if agent.apple_watch:
            excluded["Apple Watch"] += 1
            return
        if request.time < episode.published:
            excluded["before publication"] += 1
            return
        day = self._day(request.time)
        state = self.days.get(day) or self.state(day)
        if state is None:
            excluded["on a day already closed"] += 1
            return
        key = state.listener(request.addr, request.ua)
        mark = ("download", episode.slug, key)
        if mark in state.counted:
            return
        if request.status == 206:
            part = state.partial.get((episode.slug, key))
            if part is None:
                part = state.partial[(episode.slug, key)] = Partial()
            span = _content_range(request.content_range)
            if span is not None:
                start, last = span
                stop = start + min(request.bytes, last - start + 1)
                if stop > start:
                    part.add_range(start, stop)
            elif request.bytes:
                part.add_size(request.time, request.bytes)
            state.changed = True
            if part.received < episode.threshold:
                return
            del state.partial[(episode.slug, key)]
        state.counted.add(mark)
        state.changed = True
        self.downloads[(day, episode.slug, agent.name, agent.kind)] += 1

    def _page(self, request: Request, page: Page) -> None:
        if request.method != "GET" or request.status not in (200, 304):
            return
        agent = self.classify(request.ua)
        if not agent.is_person:
            self.excluded["page request by a bot or library"] += 1
            return
        day = self._day(request.time)
        state = self.days.get(day) or self.state(day)
        if state is None:
            self.excluded["on a day already closed"] += 1
            return
        mark = ("read", f"{page.kind}:{page.slug}", state.listener(request.addr, request.ua))
        if mark in state.counted:
            return
        state.counted.add(mark)
        state.changed = True
        self.reads[(day, page.kind, page.slug)] += 1

    # -- saving -----------------------------------------------------------------------------
    def closing(self, close_all: bool = False) -> list[str]:
        """The open days to close now: more than ``grace_days`` before the newest day seen."""
        if not self.newest:
            return []
        newest = _dt.date.fromisoformat(self.newest)
        limit = (newest - _dt.timedelta(days=self.grace_days)).isoformat()
        candidates = set(store.open_days(self.db)) | set(self.days) | self.dropped
        return sorted(d for d in candidates if close_all or d < limit)

    def save(self, close_all: bool = False) -> list[str]:
        """Write the new aggregates and the open days' state; close the days that are due.
        One transaction: an interrupted run leaves the database as it was."""
        closing = set(self.closing(close_all))
        with self.db:
            store.add_downloads(self.db, self.downloads)
            store.add_reads(self.db, self.reads)
            store.save_items(self.db, self._items())
            for day, state in self.days.items():
                if day not in closing and state.changed:
                    ranges = [(e, k, a, b) for (e, k), part in state.partial.items() for a, b in part.ranges]
                    sizes = [(e, k, at, n) for (e, k), part in state.partial.items() for at, n in part.sizes]
                    store.save_open_day(self.db, day, state.salt, state.counted, ranges, sizes)
            for day in closing:
                store.close_day(self.db, day)
            if self.newest:
                store.set_meta(self.db, "newest_day", self.newest)
        self.closed |= closing
        self.dropped.clear()
        for day in closing:
            self.days.pop(day, None)
        self.downloads.clear()
        self.reads.clear()
        return sorted(closing)

    def _items(self):
        for episode in self.catalogue.episodes.values():
            yield "episode", episode.slug, episode.title, episode.path, ()
        pages = list(self.catalogue.pages.values())
        pages += [page for slugs in self.catalogue.folders.values() for page in slugs.values()]
        for page in pages:
            terms = [("region", t) for t in page.regions] + [("pathway", t) for t in page.pathways] + \
                    [("competency", t) for t in page.competencies]
            yield page.kind, page.slug, page.title, page.path, terms
