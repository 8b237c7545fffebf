"""What the content says about the podcast, read straight from podcasts/ with mutagen and PyYAML.

The oracle for the feed and player checks: it shares no code with the build, so a bug in the
portal's audio reading or feed writing shows up as a difference here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import mutagen
import yaml
from cln_portal.content.text import slugify

from .checks import REPO
from .feeds import front_matter

PODCASTS = REPO / "podcasts"
AUDIO = {".mp3", ".m4a", ".mp4", ".ogg", ".opus", ".flac"}


@dataclass(frozen=True)
class Episode:
    slug: str
    source: Path
    title: str
    series: str | None
    date: datetime.date
    length: float  # seconds, from the audio stream
    chapters: tuple[tuple[float, str], ...]  # (start in seconds, title), from the tags
    transcript_exempt: bool = False  # the sidecar gives a reason for having no transcript


def _tag(tags, key: str) -> str | None:
    values = (tags or {}).get(key)
    return str(values[0]) if values else None


def _chapters(audio: Path) -> tuple[tuple[float, str], ...]:
    tags = mutagen.File(audio).tags
    if audio.suffix != ".mp3" or tags is None:
        return ()
    frames = [f for f in tags.values() if type(f).__name__ == "CHAP"]
    return tuple(sorted((f.start_time / 1000, str(f.sub_frames["TIT2"].text[0])) for f in frames))


def _retired() -> set[str]:
    lock = PODCASTS / "published.yml"
    if not lock.exists():
        return set()
    entries = (yaml.safe_load(lock.read_text(encoding="utf-8")) or {}).get("episodes") or []
    return {e["slug"] for e in entries if e.get("retired")}


@cache
def published_episodes() -> tuple[Episode, ...]:
    """Every episode listeners must get, newest first: not a draft, not dated in the future, not retired."""
    episodes = []
    retired = _retired()
    for audio in sorted(PODCASTS.iterdir()):
        if audio.suffix.lower() not in AUDIO:
            continue
        sidecar = audio.with_suffix(".md")
        meta = front_matter(sidecar) if sidecar.exists() else {}
        tags = mutagen.File(audio, easy=True).tags
        day = datetime.date.fromisoformat(str(meta.get("date") or _tag(tags, "date"))[:10])
        if meta.get("draft") is True or day > datetime.date.today() or audio.stem in retired:
            continue
        episodes.append(Episode(
            slug=audio.stem, source=audio, title=str(meta.get("title") or _tag(tags, "title")),
            series=meta.get("series") or _tag(tags, "album"), date=day,
            length=mutagen.File(audio).info.length, chapters=_chapters(audio),
            transcript_exempt=bool(meta.get("transcript_exempt"))))
    assert episodes, "no published episode in podcasts/"
    return tuple(sorted(episodes, key=lambda e: e.date, reverse=True))


@cache
def feeds_expected() -> dict[str, tuple[Episode, ...]]:
    """Each podcast feed's path in site/ and the episodes it must carry: all, then one per series."""
    show = yaml.safe_load((PODCASTS / "show.yml").read_text(encoding="utf-8"))
    episodes = published_episodes()
    feeds = {"podcast/feed.xml": episodes}
    for series in show.get("series") or []:
        feeds[f"podcast/{slugify(series['title'])}/feed.xml"] = tuple(
            e for e in episodes if e.series == series["title"])
    return feeds
