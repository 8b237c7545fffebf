"""Paths contributors give (sidecars, front matter, symbolic links) must stay in the repository.

A link or ``../`` path to a file elsewhere on the publishing machine would copy that file into
the public site; each is an error naming the file and field instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem


def is_inside(path: str | Path, root: str | Path) -> bool:
    """Whether ``path``, with every symbolic link followed, is inside ``root``."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def outside_problem(path: str | Path, root: str | Path, display: str, field: str | None = None) -> Problem | None:
    """A problem when ``path`` leads outside the repository ``root``, else None."""
    if is_inside(path, root):
        return None
    path = Path(path)
    what = "is a symbolic link" if path.is_symlink() else "leads"
    return Problem(display, f"{what} to {os.path.realpath(path)}, outside the repository; copy the "
                   "file into the repository instead", field=field)


def file_in(folder: Path, name: object) -> tuple[Path | None, str | None]:
    """The file a contributor names relative to ``folder`` (a sidecar's ``artwork: cover.png``),
    or why it cannot be used: an absolute path, or ``../`` or a link that leaves the folder."""
    text = str(name).strip() if isinstance(name, (str, int, float)) else ""
    if not text:
        return None, "must be the file name of an image beside it"
    path = Path(folder) / text
    if Path(text).is_absolute() or not is_inside(path, folder):
        return None, f"{text} is outside {Path(folder).name}/; put the file in that folder and give its name"
    return path, None
