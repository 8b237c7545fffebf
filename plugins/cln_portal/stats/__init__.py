"""Listening and reading figures from the web server's own logs: no tracker, no cookie.

The core of ``cln stats`` (it never imports MkDocs): :mod:`.logs` reads access logs line by
line, :mod:`.agents` tells bots from apps with the OPAWG lists, :mod:`.count` applies the IAB v2
counting rules, :mod:`.store` keeps daily aggregates in SQLite, :mod:`.report` writes the
static report with its methodology page. :func:`count_logs` is the whole counting run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .agents import Classifier
from .catalogue import Catalogue
from .count import Counter
from .logs import LogError, ReadStats, first_time, read

__all__ = ["Catalogue", "LogError", "Summary", "count_logs"]


@dataclass
class Summary:
    read: ReadStats
    downloads: int = 0
    reads: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    closed: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)


def count_logs(paths: list[Path], db_path: Path, catalogue: Catalogue, *, grace_days: int = 2,
               close_all: bool = False, classifier: Classifier | None = None) -> Summary:
    """Count every request in ``paths`` into the database; one transaction at the end, so a log
    that cannot be read leaves the database untouched."""
    db = store.connect(db_path)
    try:
        counter = Counter(db, catalogue, classifier, grace_days=grace_days)
        stats = ReadStats()
        for path in sorted(paths, key=lambda p: first_time(Path(p))):  # oldest first: see count.Counter
            for request, target in read(Path(path), stats, str(path), catalogue.select):
                counter.add(request, target)
        summary = Summary(stats, sum(counter.downloads.values()), sum(counter.reads.values()),
                          dict(counter.excluded))
        summary.closed = counter.save(close_all)
        summary.open = store.open_days(db)
        return summary
    finally:
        db.close()
