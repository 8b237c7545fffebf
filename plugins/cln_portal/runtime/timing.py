"""Where build time goes: named stopwatches, summed per build, that `make bench` reads.

The plugin times every section hook; core code may time finer steps (reading audio metadata,
writing feeds) with ``timed("audio metadata")``. The totals are logged at debug level.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager


class Timings:
    """Seconds spent per label, and how many times each label ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    @contextmanager
    def __call__(self, label: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] += time.perf_counter() - start
            self.calls[label] += 1

    def lines(self) -> list[str]:
        """One line per label, slowest first: 'timing <label> <seconds> <calls>'."""
        ranked = sorted(self.seconds.items(), key=lambda item: -item[1])
        return [f"timing {label} {seconds:.6f} {self.calls[label]}" for label, seconds in ranked]


_current = Timings()


def timed(label: str):
    """Add the time of a ``with`` block to ``label`` in the current build's timings."""
    return _current(label)


def current() -> Timings:
    return _current


def reset() -> Timings:
    """Start counting a new build (``mkdocs serve`` rebuilds in the same process)."""
    global _current
    _current = Timings()
    return _current
