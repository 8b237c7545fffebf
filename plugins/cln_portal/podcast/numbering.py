"""Season and episode numbers as a feed gives them: never two items with the same pair.

Podcast apps sort, group and match episodes by (season, episode). Each series numbers its own
episodes from 1, so the show's feed, which merges every series, would say "season 1, episode 2"
of two different episodes. In a feed that merges series, each (series, season) therefore becomes
a season of its own, numbered in the order the groups began (the date of their first episode), and
named after the series (podcast:season's name). A series' own feed keeps the numbers as tagged.

Two episodes of one series with the same season and number are a content error
(:func:`problems`): no renumbering could tell a listener which is which.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..content.problems import Problem


@dataclass(frozen=True)
class Number:
    """What an item of one feed says: itunes/podcast season and episode, and the season's name."""

    season: int | None
    episode: int | None
    season_name: str | None = None


def _group(ep) -> tuple[str, int | None]:
    return (ep.series.slug if ep.series is not None else "", ep.season)


def feed_numbers(episodes) -> dict[str, Number]:
    """Each episode's numbers in a feed of ``episodes``, by slug.

    Episodes of one series (or none): as tagged. Of several series: every (series, season) is a
    season, 1, 2, 3... in the order the groups started (first episode's date, then series title).
    """
    episodes = list(episodes)
    if len({ep.series.slug if ep.series is not None else "" for ep in episodes}) <= 1:
        return {ep.slug: Number(ep.season, ep.number) for ep in episodes}
    started: dict[tuple[str, int | None], tuple] = {}
    for ep in episodes:
        key = _group(ep)
        when = (ep.date or _dt.date.min, ep.series.title if ep.series is not None else "", ep.season or 0)
        started[key] = min(started.get(key, when), when)
    seasons = {key: i for i, key in enumerate(sorted(started, key=started.__getitem__), 1)}
    several = {}
    for slug, season in started:
        several[slug] = several.get(slug, 0) + 1
    numbers = {}
    for ep in episodes:
        key = _group(ep)
        name = ep.series.title if ep.series is not None else None
        if name and several[key[0]] > 1 and ep.season:
            name = f"{name}, season {ep.season}"
        numbers[ep.slug] = Number(seasons[key], ep.number, name)
    return numbers


def problems(episodes) -> list[Problem]:
    """Episodes that share a series, season and episode number (drafts left out)."""
    seen: dict[tuple, object] = {}
    found = []
    for ep in sorted(episodes, key=lambda e: e.source):
        if ep.draft or ep.number is None:
            continue
        key = (*_group(ep), ep.number)
        other = seen.setdefault(key, ep)
        if other is ep:
            continue
        where = f"series {ep.series.title}" if ep.series is not None else "no series"
        season = f", season {ep.season}" if ep.season else ""
        found.append(Problem(ep.sidecar or ep.source,
                             f"episode number {ep.number} ({where}{season}) is also {other.source}'s; "
                             "podcast apps would mix the two up: give each episode of a series its own "
                             "number (the track tag, or episode: in the sidecar)", field="episode"))
    return found
