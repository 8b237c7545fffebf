"""A transcript as the build holds it: cues with start and end times, speakers and text; the times
as WebVTT, SRT, listeners and ``<time>`` spell them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...content.problems import Problem

#: The MIME type of each transcript file the build writes, as podcast:transcript lists them.
MIME_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "html": "text/html",
}

#: Transcript files accepted beside the audio, by extension.
SOURCE_SUFFIXES = (".vtt", ".srt")

HEADING = "transcript"


@dataclass(frozen=True)
class Cue:
    """One paragraph of speech: who says it, what, and when (seconds; None when untimed)."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None  # where it was written, for messages


@dataclass(frozen=True)
class Transcript:
    """The cues of one episode and the file they came from."""

    cues: tuple[Cue, ...]
    source: str

    @property
    def timed(self) -> bool:
        return bool(self.cues) and all(c.start is not None for c in self.cues)

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for cue in self.cues:
            if cue.speaker:
                seen.setdefault(cue.speaker)
        return list(seen)

    def text(self) -> str:
        """Plain text of the whole transcript, for search."""
        return "\n".join(f"{c.speaker}: {c.text}" if c.speaker else c.text for c in self.cues)

    def ended(self, duration: float | None) -> tuple["Transcript", list[Problem]]:
        """The transcript with every cue's end set: the next cue's start, the last at ``duration``.

        A cue that starts at or after the end of the audio is a problem: its timestamp is wrong.
        """
        if not self.timed:
            return self, []
        problems = []
        cues = list(self.cues)
        if duration is not None:
            for cue in cues:
                if cue.start >= duration:
                    problems.append(Problem(
                        self.source, f"timestamp {timestamp(cue.start)} is at or after the end of the "
                        f"audio ({timestamp(duration)}); check the timestamp", line=cue.line))
        for i, cue in enumerate(cues):
            if cue.end is not None:
                continue
            if i + 1 < len(cues):
                end = cues[i + 1].start
            elif duration is not None and duration > cue.start:
                end = duration
            else:
                end = cue.start + 1.0
            cues[i] = replace(cue, end=end)
        return Transcript(tuple(cues), self.source), problems


# --- times -----------------------------------------------------------------------------------

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def parse_clock(value: str) -> float:
    """Seconds from ``hh:mm:ss``, ``mm:ss`` or either with ``.mmm`` / ``,mmm``; ValueError if not."""
    match = _CLOCK.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59 or (hours is not None and len(minutes) != 2):
        raise ValueError(value)
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0))


def _millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def cue_time(seconds: float, separator: str = ".") -> str:
    """``00:01:23.500`` (WebVTT) or ``00:01:23,500`` (SRT)."""
    ms = _millis(seconds)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{separator}{ms % 1000:03d}"


def timestamp(seconds: float) -> str:
    """How a listener reads a time: ``1:23`` or ``1:02:03`` (whole seconds)."""
    total = int(seconds)
    hours, minutes, secs = total // 3600, total // 60 % 60, total % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """``PT1M23S``: the machine-readable form for ``<time datetime>``."""
    total = int(seconds)
    hours, minutes, secs = total // 3600, total // 60 % 60, total % 60
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + (f"{secs}S" if secs or out == "PT" else "")


def seek_fragment(seconds: float) -> str:
    """A media fragment (``#t=83``) that starts playback there, in browsers and with our script."""
    value = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return f"#t={value}"
