"""What podcasts/ holds: each file sorted into audio, sidecar, transcript or setting; a file that
fits nowhere, a file outside the repository and a file name that is no slug are reported."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.problems import Problem
from ..content.paths import outside_problem
from ..content.text import did_you_mean, slugify
from .audio import FORMATS

TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
#: Files in podcasts/ that are not episodes.
SETTINGS_FILES = ("show.yml", "published.yml", "README.md")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass
class Folder:
    """What podcasts/ holds: audio by slug, sidecars, transcript files, and files that fit nowhere."""

    audio: dict[str, list[Path]] = field(default_factory=dict)
    sidecars: dict[str, Path] = field(default_factory=dict)
    transcripts: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def survey(folder: Path, display_folder: str, root: Path | None = None) -> Folder:
    """Sort the files of podcasts/; anything that is neither episode nor setting is reported.

    With ``root`` (the repository), a file that is a link to somewhere outside it is reported and
    left out: publishing it would publish a file from elsewhere on the machine."""
    found = Folder()
    for path in sorted(folder.iterdir()):
        name = path.name
        shown = f"{display_folder}/{name}"
        if name.startswith("."):
            continue
        outside = outside_problem(path, root, shown) if root is not None else None
        if outside:
            found.problems.append(outside)
            continue
        if path.is_dir():
            for inner in path.rglob("*"):
                if inner.suffix.lower() in FORMATS:
                    found.problems.append(Problem(
                        f"{display_folder}/{inner.relative_to(folder).as_posix()}",
                        f"is in a subfolder; episodes must be directly in {display_folder}/"))
            continue
        suffix = path.suffix.lower()
        if name in SETTINGS_FILES or suffix in IMAGE_SUFFIXES:
            continue
        if suffix in FORMATS:
            found.audio.setdefault(path.stem, []).append(path)
        elif suffix == ".md":
            found.sidecars[path.stem] = path
        elif suffix in TRANSCRIPT_SUFFIXES:
            if path.stem in found.transcripts:
                found.problems.append(Problem(shown, f"{path.stem} has two transcript files; keep one"))
            found.transcripts[path.stem] = path
        elif (mimetypes.guess_type(name)[0] or "").startswith(("audio/", "video/")):
            # Audio in a format we cannot publish would be an episode silently lost.
            formats = ", ".join(sorted(FORMATS))
            found.problems.append(Problem(shown, f"is audio in a format podcast apps do not all play; "
                                                 f"export it as MP3 or M4A (episodes are {formats} files)"))
        # Anything else (notes, a README, working files) is not content: it is left alone.
    for kind, table in (("sidecar", found.sidecars), ("transcript", found.transcripts)):
        for stem, path in table.items():
            if stem not in found.audio:
                hint = did_you_mean(stem, found.audio)
                found.problems.append(Problem(f"{display_folder}/{path.name}", f"is a {kind} without an "
                                              f"audio file {display_folder}/{stem}.mp3 (or .m4a){hint}"))
    return found


def slug_problems(stem: str, paths: list[Path], display_folder: str) -> list[Problem]:
    problems = []
    if len(paths) > 1:
        names = " and ".join(f"{display_folder}/{p.name}" for p in paths)
        problems.append(Problem(f"{display_folder}/{paths[1].name}", f"duplicate slug {stem!r}: {names} "
                                "would be the same episode; rename or remove one", field="slug"))
    if not _SLUG.fullmatch(stem):
        better = slugify(stem) or "episode-title"
        problems.append(Problem(f"{display_folder}/{paths[0].name}", f"the file name {stem!r} is not a "
                                f"slug for the episode's address; rename it to {better}"
                                f"{paths[0].suffix.lower()} (lower case, digits and hyphens)", field="slug"))
    return problems
