"""The statistics database (SQLite, the standard library's ``sqlite3``).

Kept for good: daily aggregates only. ``downloads(day, episode, app, app_kind, count)``,
``reads(day, kind, slug, count)``, the counted content's titles and metadata (``items``,
``item_terms``: content, not people) and the list of closed days.

Kept only while a day is open (see :mod:`.count`): the day's random salt and, per listener, the
salted hash that makes "one per listener per episode per day" and "reading a log twice counts
nothing twice" possible, with the byte ranges of partial downloads. When the day closes all of
it is deleted; without the salt no hash can be recomputed from an address, so nothing that
leads back to a person remains. Addresses and user agent strings are never written at all.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS downloads (
    day TEXT NOT NULL, episode TEXT NOT NULL, app TEXT NOT NULL, app_kind TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (day, episode, app, app_kind));
CREATE TABLE IF NOT EXISTS reads (
    day TEXT NOT NULL, kind TEXT NOT NULL, slug TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, kind, slug));
CREATE TABLE IF NOT EXISTS items (
    kind TEXT NOT NULL, slug TEXT NOT NULL, title TEXT NOT NULL, path TEXT NOT NULL,
    PRIMARY KEY (kind, slug));
CREATE TABLE IF NOT EXISTS item_terms (
    kind TEXT NOT NULL, slug TEXT NOT NULL, facet TEXT NOT NULL, term TEXT NOT NULL,
    PRIMARY KEY (kind, slug, facet, term));
CREATE TABLE IF NOT EXISTS closed_days (day TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS open_days (day TEXT PRIMARY KEY, salt BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS open_counted (
    day TEXT NOT NULL, what TEXT NOT NULL, slug TEXT NOT NULL, listener BLOB NOT NULL,
    PRIMARY KEY (day, what, slug, listener));
CREATE TABLE IF NOT EXISTS open_ranges (
    day TEXT NOT NULL, episode TEXT NOT NULL, listener BLOB NOT NULL, start INTEGER NOT NULL,
    stop INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS open_sizes (
    day TEXT NOT NULL, episode TEXT NOT NULL, listener BLOB NOT NULL, at REAL NOT NULL,
    bytes INTEGER NOT NULL);
"""

#: The tables that hold per-listener state; emptied for a day when it closes.
OPEN_TABLES = ("open_counted", "open_ranges", "open_sizes", "open_days")


class StoreError(Exception):
    pass


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path``; refuses a file of another kind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path)
        db.executescript(SCHEMA)
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a statistics database ({exc}); give another --db path") from exc
    if found is None:
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif found[0] != SCHEMA_VERSION:
        raise StoreError(f"{path}: schema {found[0]}, this version reads {SCHEMA_VERSION}")
    db.commit()
    return db


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               (key, value))


def closed_days(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT day FROM closed_days")}


def open_day(db: sqlite3.Connection, day: str):
    """(salt, counted, ranges, sizes) of an open day, or None when the database does not have it."""
    row = db.execute("SELECT salt FROM open_days WHERE day = ?", (day,)).fetchone()
    if row is None:
        return None
    counted = {(w, s, bytes(k)) for w, s, k in
               db.execute("SELECT what, slug, listener FROM open_counted WHERE day = ?", (day,))}
    ranges = [(e, bytes(k), a, b) for e, k, a, b in
              db.execute("SELECT episode, listener, start, stop FROM open_ranges WHERE day = ?", (day,))]
    sizes = [(e, bytes(k), at, n) for e, k, at, n in
             db.execute("SELECT episode, listener, at, bytes FROM open_sizes WHERE day = ?", (day,))]
    return bytes(row[0]), counted, ranges, sizes


def open_days(db: sqlite3.Connection) -> list[str]:
    return [row[0] for row in db.execute("SELECT day FROM open_days ORDER BY day")]


def save_open_day(db: sqlite3.Connection, day: str, salt: bytes, counted, ranges, sizes) -> None:
    for table in OPEN_TABLES:
        db.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
    db.execute("INSERT INTO open_days VALUES (?, ?)", (day, salt))
    db.executemany("INSERT INTO open_counted VALUES (?, ?, ?, ?)", ((day, w, s, k) for w, s, k in counted))
    db.executemany("INSERT INTO open_ranges VALUES (?, ?, ?, ?, ?)", ((day, *r) for r in ranges))
    db.executemany("INSERT INTO open_sizes VALUES (?, ?, ?, ?, ?)", ((day, *s) for s in sizes))


def close_day(db: sqlite3.Connection, day: str) -> None:
    """Forget the day's salt and every per-listener row; its aggregates are final from now on."""
    for table in OPEN_TABLES:
        db.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
    db.execute("INSERT OR IGNORE INTO closed_days VALUES (?)", (day,))


def add_downloads(db: sqlite3.Connection, counts: dict) -> None:
    db.executemany(
        "INSERT INTO downloads VALUES (?, ?, ?, ?, ?) ON CONFLICT(day, episode, app, app_kind) "
        "DO UPDATE SET count = count + excluded.count",
        ((day, episode, app, kind, n) for (day, episode, app, kind), n in counts.items()))


def add_reads(db: sqlite3.Connection, counts: dict) -> None:
    db.executemany(
        "INSERT INTO reads VALUES (?, ?, ?, ?) ON CONFLICT(day, kind, slug) DO UPDATE SET count = count + excluded.count",
        ((day, kind, slug, n) for (day, kind, slug), n in counts.items()))


def save_items(db: sqlite3.Connection, items) -> None:
    """The counted content's titles and metadata, as the content has them now."""
    for kind, slug, title, path, terms in items:
        db.execute("INSERT INTO items VALUES (?, ?, ?, ?) ON CONFLICT(kind, slug) DO UPDATE SET "
                   "title = excluded.title, path = excluded.path", (kind, slug, title, path))
        db.execute("DELETE FROM item_terms WHERE kind = ? AND slug = ?", (kind, slug))
        db.executemany("INSERT OR IGNORE INTO item_terms VALUES (?, ?, ?, ?)",
                       ((kind, slug, facet, term) for facet, term in terms))
