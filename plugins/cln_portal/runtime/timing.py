"""Where build time goes: named stopwatches, summed per build, that `make bench` reads.

The plugin times every section hook; core code may time finer steps (reading audio metadata,
writing feeds) with ``timed("audio metadata")``. The totals are logged at debug level.
"""

from __future__ import annotations

import time
from collections import defaultdict


class _Stopwatch:
    """One timed ``with`` block (a plain class: a generator-based context manager cost the
    plugin's page hooks 0.2 ms a page, timed seven times each)."""

    __slots__ = ("timings", "label", "start")

    def __init__(self, timings: "Timings", label: str) -> None:
        self.timings, self.label = timings, label

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc) -> None:
        self.timings.seconds[self.label] += time.perf_counter() - self.start
        self.timings.calls[self.label] += 1


class Timings:
    """Seconds spent per label, and how many times each label ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __call__(self, label: str) -> _Stopwatch:
        return _Stopwatch(self, label)

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
