"""Chapters as the Podcasting 2.0 JSON chapters file and as Podlove Simple Chapters times."""

from __future__ import annotations

import json

from .audio import Chapter

#: The MIME type podcast:chapters declares for the JSON file.
MIME_TYPE = "application/json+chapters"


def to_json(chapters: list[Chapter], title: str = "") -> str:
    """The JSON chapters file (https://github.com/Podcastindex-org/podcast-namespace, chapters.md)."""
    data: dict = {"version": "1.2.0"}
    if title:
        data["title"] = title
    data["chapters"] = [{"startTime": _number(c.start), "title": c.title} for c in chapters]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _number(seconds: float) -> int | float:
    seconds = round(seconds, 3)
    return int(seconds) if seconds == int(seconds) else seconds


def npt(seconds: float) -> str:
    """Normal play time for psc:chapter start: HH:MM:SS(.mmm)."""
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}.{millis:03d}" if millis else text
