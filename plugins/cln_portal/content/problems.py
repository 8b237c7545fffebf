"""Problems found in content, reported all at once and one line each.

A contributor fixes a pull request faster when every problem in every file shows up in one run,
so validators collect :class:`Problem` objects instead of stopping at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where, which field, what is wrong and how to fix it."""

    path: str
    message: str
    field: str | None = None
    line: int | None = None
    #: "error" fails the build; "warning" fails only a strict build; "note" (a draft's problem:
    #: the draft is held back anyway) is only reported.
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


def as_notes(problems: list[Problem]) -> list[Problem]:
    """A draft's problems: reported, never failing a build (the draft is not published)."""
    return [replace(p, severity="note") for p in problems]


def not_committed(file: str, what: str, commit_with: str = "") -> Problem:
    """Locked mode (CI): a file the build keeps in the repository (the episode lock, the published
    addresses) does not say what this build would write in it. CI never writes it: the contributor
    builds on their machine and commits it."""
    with_ = f" {commit_with}" if commit_with else ""
    return Problem(file, f"{what}; run `make build` on your machine and commit {file}{with_} "
                         "(CI never writes it)")


class ContentError(Exception):
    """Raised with every error found, so the build can print them all and stop cleanly."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """A path as a contributor knows it: relative to the repository when it is inside it."""
    path = Path(path)
    if root is not None:
        # A symbolic link is named where it is, not where it leads.
        for inside, base in ((path.absolute(), Path(root).absolute()), (path.resolve(), Path(root).resolve())):
            try:
                return inside.relative_to(base).as_posix()
            except ValueError:
                pass
    return path.as_posix()
