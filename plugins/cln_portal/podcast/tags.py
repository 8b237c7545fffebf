"""Writing an episode's tags into its MP3 (``new episode ... --title ...``), read back by the build.

The podcast core (:mod:`cln_portal.podcast.audio`) reads tags from every format; this module
writes the ones an episode needs into MP3 files with mutagen, in the frames that reader uses:
TIT2 title, TDRC date, COMM description, TALB series, TRCK episode number, APIC artwork, and
CHAP/CTOC chapters from a "00:00 Title" list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.problems import Problem

_TIME = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds
    title: str


def parse_chapters(text: str, display: str, duration: float | None = None) -> tuple[list[Chapter], list[Problem]]:
    """Chapters from lines like ``00:00 Welcome`` or ``1:02:03 Questions``; problems name the line.

    Blank lines and lines starting with ``#`` are ignored. The first chapter starts at 00:00 and
    each starts after the one before, inside the audio.
    """
    chapters, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _TIME.match(line)
        if not match:
            problems.append(Problem(display, f"{line.strip()!r} is not 'MM:SS Title' or 'HH:MM:SS Title', "
                                    "for example '00:00 Welcome'", line=number, field="chapters"))
            continue
        hours, minutes, seconds, millis, title = match.groups()
        if int(seconds) >= 60 or (hours and int(minutes) >= 60):
            problems.append(Problem(display, f"{line.strip()!r}: minutes and seconds go up to 59",
                                    line=number, field="chapters"))
            continue
        start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int((millis or "0").ljust(3, "0")) / 1000
        if not chapters and start != 0:
            problems.append(Problem(display, "the first chapter must start at 00:00", line=number, field="chapters"))
        elif chapters and start <= chapters[-1].start:
            problems.append(Problem(display, f"{line.strip()!r} starts before or with the chapter above it; "
                                    "list chapters in order", line=number, field="chapters"))
            continue
        if duration is not None and start >= duration:
            problems.append(Problem(display, f"{line.strip()!r} starts after the end of the audio "
                                    f"({int(duration) // 60}:{int(duration) % 60:02d})", line=number, field="chapters"))
            continue
        chapters.append(Chapter(start, title))
    if not chapters and not problems:
        problems.append(Problem(display, "lists no chapters; write one 'MM:SS Title' per line", field="chapters"))
    return chapters, problems


def write_mp3(path: Path, *, duration: float, title: str | None = None, date: str | None = None,
              description: str | None = None, series: str | None = None, number: int | None = None,
              artwork: tuple[bytes, str] | None = None, chapters: list[Chapter] | None = None,
              season: int | None = None) -> None:
    """Set the given tags of an MP3 file, leaving the others as they are."""
    from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TPOS, TRCK, CTOCFlags,
                             ID3NoHeaderError)

    try:
        tags = ID3(path)
    except ID3NoHeaderError:
        tags = ID3()
    if title is not None:
        tags.setall("TIT2", [TIT2(encoding=3, text=[title])])
    if date is not None:
        tags.setall("TDRC", [TDRC(encoding=3, text=[date])])
    if description is not None:
        tags.delall("COMM")
        tags.add(COMM(encoding=3, lang="eng", desc="", text=[description]))
    if series is not None:
        tags.setall("TALB", [TALB(encoding=3, text=[series])])
    if number is not None:
        tags.setall("TRCK", [TRCK(encoding=3, text=[str(number)])])
    if season is not None:
        tags.setall("TPOS", [TPOS(encoding=3, text=[str(season)])])
    if artwork is not None:
        data, mime = artwork
        tags.delall("APIC")
        tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=data))
    if chapters is not None:
        tags.delall("CHAP")
        tags.delall("CTOC")
        ends = [c.start for c in chapters[1:]] + [duration]
        ids = [f"chp{i}" for i in range(len(chapters))]
        for ident, chapter, end in zip(ids, chapters, ends):
            tags.add(CHAP(element_id=ident, start_time=int(chapter.start * 1000), end_time=int(end * 1000),
                          sub_frames=[TIT2(encoding=3, text=[chapter.title])]))
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                      child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    # No padding: mutagen would otherwise add about 0.1% of the file's size to every save.
    tags.save(path, padding=lambda info: 0)
