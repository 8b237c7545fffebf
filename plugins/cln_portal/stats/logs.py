"""Access logs, read one line at a time: nginx's JSON lines (the shipped ``cln_json`` format) or
the common "combined" format, plain or gzip-compressed (recognised by its first bytes, whatever
the file is called). Nothing is loaded whole, so a log of any size reads in constant memory.

What the combined format cannot know, and what counting then does (the methodology page says
the same): it has no Range header, no Content-Range and no completion flag. A 206 response there
is counted by its bytes sent, as if no two responses overlapped (which can count a download that
the JSON log would not), and a ``bytes=0-1`` probe is recognised as a 206 of at most 2 bytes.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

_COMBINED = re.compile(
    r'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"')


#: The shipped ``cln_json`` format exactly, fields in nginx's order and no escaped character:
#: read with one match instead of a JSON decode (twice as fast). Any other line is JSON-decoded.
_SHIPPED = re.compile(
    r'\{"time":"[^"]*","msec":([\d.]+),"addr":"([^"\\]*)","method":"([A-Z]+)","path":"([^"\\]*)",'
    r'"status":(\d+),"bytes":(\d+),"range":"([^"\\]*)","content_range":"([^"\\]*)","ua":"([^"\\]*)",'
    r'"referrer":"([^"\\]*)","completion":"(\w*)"\}\r?\n?')


_UNSEEN = object()


class LogError(Exception):
    """A log that cannot be read at all (missing, unreadable, not text)."""


@dataclass(slots=True)
class Request:
    time: float  # seconds since the epoch (UTC)
    addr: str
    method: str
    path: str  # as requested, query string and percent-escapes removed
    status: int
    bytes: int  # body bytes sent
    range: str | None  # the Range request header ("" when none); None when the format has no such field
    content_range: str | None  # the Content-Range response header; None when the format has none
    ua: str
    referrer: str = ""
    completed: bool | None = None  # None when the format cannot tell


@dataclass
class ReadStats:
    """What was read: lines by format, and the lines that were not log lines (first few kept)."""

    lines: int = 0
    json: int = 0
    combined: int = 0
    bad: int = 0
    examples: list[str] = field(default_factory=list)

    def bad_line(self, display: str, number: int, why: str) -> None:
        self.bad += 1
        if len(self.examples) < 5:
            self.examples.append(f"{display} line {number}: {why}")


def _clean_path(raw: str) -> str:
    path = raw.split("?", 1)[0].split("#", 1)[0]
    return unquote(path) if "%" in path else path


_TIMES: dict[str, float] = {}


def _iso_time(value: str) -> float:
    seen = _TIMES.get(value)
    if seen is None:
        if len(_TIMES) > 100_000:
            _TIMES.clear()
        seen = _TIMES[value] = _dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return seen


def _clf_time(value: str) -> float:
    seen = _TIMES.get(value)
    if seen is None:
        if len(_TIMES) > 100_000:
            _TIMES.clear()
        seen = _TIMES[value] = _dt.datetime.strptime(value, "%d/%b/%Y:%H:%M:%S %z").timestamp()
    return seen


def _from_json(line: str) -> Request:
    shipped = _SHIPPED.fullmatch(line)
    if shipped is not None:
        when, addr, method, path, status, sent, rng, content_range, ua, referrer, completion = shipped.groups()
        return Request(float(when), addr, method, _clean_path(path), int(status), int(sent), rng, content_range,
                       ua, referrer, completion == "OK")
    record = json.loads(line)
    msec = record.get("msec")
    when = float(msec) if msec not in (None, "") else _iso_time(record["time"])
    sent = record.get("bytes", 0)
    content_range = record.get("content_range")
    return Request(when, record["addr"], record["method"], _clean_path(record["path"]), int(record["status"]),
                   int(sent) if sent not in ("", "-") else 0, record.get("range", ""),
                   content_range if content_range is not None else "", record.get("ua", ""),
                   record.get("referrer", ""), record.get("completion", "") == "OK" if "completion" in record else None)


def _from_combined(line: str) -> Request | None:
    match = _COMBINED.match(line)
    if match is None:
        return None
    addr, when, method, path, status, sent, referrer, ua = match.groups()
    return Request(_clf_time(when), addr, method, _clean_path(path), int(status), 0 if sent == "-" else int(sent),
                   None, None, ua.replace('\\"', '"'), "" if referrer == "-" else referrer, None)


def _open(path: Path):
    try:
        with open(path, "rb") as handle:
            magic = handle.read(2)
        if magic == b"\x1f\x8b":
            return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="\n")
        return open(path, encoding="utf-8", errors="replace", newline="\n")
    except OSError as exc:
        raise LogError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def first_time(path: Path) -> float:
    """When a log starts (its first request's time; infinity when it has none), so that logs
    given in any order are read oldest first."""
    for request, _ in read(path, ReadStats()):
        return request.time
    return float("inf")


def read(path: Path, stats: ReadStats | None = None, display: str | None = None,
         select: Callable[[str], object] | None = None) -> Iterator[tuple[Request, object]]:
    """Every request in one log, in file order, as (request, what ``select(path)`` returned);
    lines that are not log lines are counted in ``stats``.

    ``select(path)``: when given, a JSON line for which it returns None is passed over without
    being decoded (most of a site's requests are for assets that nothing counts), which is what
    makes a million lines count in seconds.
    """
    stats = stats if stats is not None else ReadStats()
    display = display or str(path)
    handle = _open(Path(path))
    targets: dict[str, object] = {}  # raw path -> what select() said: most paths repeat
    try:
        for number, line in enumerate(handle, 1):
            stats.lines += 1
            target = None
            if line.startswith("{"):
                if select is not None:
                    at = line.find('"path":"')
                    if at >= 0:
                        raw = line[at + 8: line.find('"', at + 8)]
                        target = targets.get(raw, _UNSEEN)
                        if target is _UNSEEN and "\\" not in raw:
                            if len(targets) > 50_000:  # paths with query strings can be endless
                                targets.clear()
                            target = targets[raw] = select(_clean_path(raw))
                        if target is None:
                            stats.json += 1
                            continue
                        if target is _UNSEEN:
                            target = None
                try:
                    request = _from_json(line)
                except (ValueError, KeyError, TypeError) as exc:
                    stats.bad_line(display, number, f"not a complete JSON log record ({exc})")
                    continue
                stats.json += 1
            else:
                if not line.strip():
                    stats.lines -= 1
                    continue
                request = _from_combined(line)
                if request is None:
                    stats.bad_line(display, number, "neither a JSON log record nor a combined-format line")
                    continue
                stats.combined += 1
            if target is None and select is not None:
                target = select(request.path)
                if target is None:
                    continue
            yield request, target
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise LogError(f"{display}: cannot be read past line {stats.lines}: {exc}") from exc
    finally:
        handle.close()
