"""Facts read from files, kept between builds: an unchanged file is not opened again.

Reading an episode's audio means opening it, parsing its tags and walking its frames; the comms
team rebuilds after every change, and the audio rarely changes. So what a reader found is stored
in a JSON file outside site/ (``.cache/cln-portal/``), under the file's path, and reused while
the file has the same size and modification time. A cache file that is missing, unreadable or
written by another version of the reader is simply rebuilt: the cache can always be deleted.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable


def stamp(path: Path) -> list[int]:
    """What must not change for a cached entry to stay valid: size and mtime (nanoseconds)."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


class FileCache:
    """A JSON file mapping a source path to what was read from it, with the file's stamp.

    ``version`` names the format of the stored values: a reader that changes what it stores
    changes its version, and every older entry is dropped.
    """

    def __init__(self, path: Path, version: str):
        self.path = Path(path)
        self.version = version
        self.entries: dict[str, dict] = {}
        self.used: set[str] = set()
        self.changed = False
        self.hits = 0
        self.misses = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    def get(self, source: Path, read: Callable[[Path], Any], *,
            encode: Callable[[Any], Any] = lambda v: v,
            decode: Callable[[Any], Any] = lambda v: v,
            keep: Callable[[Any], bool] = lambda v: True) -> Any:
        """``read(source)``, or the stored value while ``source`` keeps its size and mtime.

        ``encode``/``decode`` turn the value into JSON data and back; a value for which ``keep``
        is false (e.g. a file with problems, to be reported on every build) is not stored.
        """
        key = str(Path(source).resolve())
        try:
            current = stamp(Path(source))
        except OSError:
            return read(source)  # missing or unreadable: let the reader report it
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is not None and entry.get("stamp") == current:
            try:
                value = decode(entry["value"])
            except (KeyError, TypeError, ValueError, OSError):
                value = None
            else:
                self.hits += 1
                return value
        self.misses += 1
        value = read(source)
        if keep(value):
            self.entries[key] = {"stamp": current, "value": encode(value)}
        elif key in self.entries:
            del self.entries[key]
        else:
            return value
        self.changed = True
        return value

    def save(self) -> None:
        """Write the cache (only if something changed), dropping files no longer asked for."""
        stale = set(self.entries) - self.used
        for key in stale:
            del self.entries[key]
        if not (self.changed or stale):
            return
        data = json.dumps({"version": self.version, "files": self.entries}, separators=(",", ":"))
        write_atomically(self.path, data.encode("utf-8"))  # never a half-written cache
        self.changed = False


def write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a reader (a podcast app, the next build) never sees half
    a feed, cache or lock file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> str:
    """Put ``source`` at ``target`` without copying its bytes when possible.

    A hard link costs the same for 5 MB and 5 GB of audio. Across file systems it falls back to
    a copy, skipped when ``target`` already has the source's size and mtime. Returns what it did:
    "linked", "copied" or "unchanged".
    """
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if os.path.samefile(source, target):
            return "unchanged"
        if stamp(source) == stamp(target):
            return "unchanged"
        target.unlink()
    try:
        os.link(source, target)
        return "linked"
    except OSError:
        import shutil

        shutil.copy2(source, target)  # keeps mtime, so the next build can skip it
        return "copied"
