"""How the podcast reaches apps and directories: the show.yml settings beyond the show itself.

Podcasting 2.0 metadata (``medium``, ``license``, ``txt``, ``funding``), instant updates (``hubs``
for WebSub, ``podping``, and ``notify:`` the services' addresses) and the size of the feeds
(``feed: max_items:``, past which older episodes move to RFC 5005 archive pages)::

    medium: podcast
    license: CC-BY-4.0                 # or {name: ..., url: https://...}
    txt:                               # directory verification codes
      - purpose: verify
        text: S6lpp-7ZCn8-dZfGc-OoyaG
    funding:                           # off unless given
      - url: https://example.org/donate
        text: Support the network
    hubs: [https://pubsubhubbub.appspot.com/]
    podping: true
    notify:                            # defaults: the real services
      podcast_index: https://api.podcastindex.org/api/1.0/hub/pubnotify
      podping: https://podping.cloud/  # false: never notified
    feed:
      max_items: 100

Every problem names the file and the field; :func:`load` never raises on bad values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.problems import Problem
from ..content.text import clean_text, did_you_mean

KEYS = ("medium", "license", "txt", "funding", "hubs", "podping", "notify", "feed")
#: podcast:medium values (https://podcastindex.org/namespace/1.0#medium).
MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "course")
PODCAST_INDEX = "https://api.podcastindex.org/api/1.0/hub/pubnotify"
PODPING = "https://podping.cloud/"
NOTIFY_KEYS = ("podcast_index", "podping")
FEED_KEYS = ("max_items",)
#: The namespace's length limits: license and funding texts 128 characters, txt 4000, purpose 128.
SHORT, LONG = 128, 4000


@dataclass(frozen=True)
class Funding:
    url: str
    text: str


@dataclass(frozen=True)
class Txt:
    text: str
    purpose: str | None = None


@dataclass
class Distribution:
    medium: str = "podcast"
    license: str | None = None
    license_url: str | None = None
    txt: list[Txt] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)
    podping: bool = False
    podcast_index_url: str | None = PODCAST_INDEX  # None: not notified (notify: podcast_index: false)
    podping_url: str | None = PODPING
    max_items: int | None = None  # None: every episode in the main feed


def _web_address(value, display: str, where: str, problems: list[Problem]) -> str | None:
    text = clean_text(value) if isinstance(value, str) else ""
    if not text.startswith(("https://", "http://")) or any(c.isspace() for c in text):
        problems.append(Problem(display, f"{value!r} is not a web address (https://...)", field=where))
        return None
    return text


def _short(value, display: str, where: str, problems: list[Problem], limit: int = SHORT) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        problems.append(Problem(display, "must be text", field=where))
        return None
    text = clean_text(value)
    if len(text) > limit:
        problems.append(Problem(display, f"is {len(text)} characters long; podcast apps take at most {limit}",
                                field=where))
        return None
    return text


def _entries(value) -> list:
    """A list setting, where one value may be written without the list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _license(data, dist: Distribution, display: str, problems: list[Problem]) -> None:
    value = data.get("license")
    if value is None:
        return
    if isinstance(value, dict):
        unknown = sorted(set(map(str, value)) - {"name", "url"})
        if unknown:
            problems.append(Problem(display, f"unknown setting{did_you_mean(unknown[0], ('name', 'url'))}; "
                                             "a license has name and url", field=f"license.{unknown[0]}"))
        dist.license = _short(value.get("name"), display, "license.name", problems)
        if value.get("url") is not None:
            dist.license_url = _web_address(value["url"], display, "license.url", problems)
    else:
        dist.license = _short(value, display, "license", problems)


def _txt(data, dist: Distribution, display: str, problems: list[Problem]) -> None:
    for i, entry in enumerate(_entries(data.get("txt")), 1):
        where = f"txt[{i}]"
        if isinstance(entry, dict):
            unknown = sorted(set(map(str, entry)) - {"text", "purpose"})
            if unknown:
                problems.append(Problem(display, "unknown setting; a txt entry has text and purpose "
                                                 "(e.g. purpose: verify)", field=f"{where}.{unknown[0]}"))
            text = _short(entry.get("text"), display, f"{where}.text", problems, LONG)
            purpose = (_short(entry["purpose"], display, f"{where}.purpose", problems)
                       if entry.get("purpose") is not None else None)
        else:  # a bare code is what directories ask to verify ownership
            text, purpose = _short(entry, display, where, problems, LONG), "verify"
        if text:
            dist.txt.append(Txt(text, purpose))


def _funding(data, dist: Distribution, display: str, problems: list[Problem]) -> None:
    for i, entry in enumerate(_entries(data.get("funding")), 1):
        where = f"funding[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(display, "needs 'url:' and 'text:' lines (the page where listeners "
                                             "support the show, and what apps show as the link)", field=where))
            continue
        url = _web_address(entry.get("url"), display, f"{where}.url", problems)
        text = _short(entry.get("text"), display, f"{where}.text", problems)
        if url and text:
            dist.funding.append(Funding(url, text))


def _notify(data, dist: Distribution, display: str, problems: list[Problem]) -> None:
    hubs = data.get("hubs")
    for i, hub in enumerate(_entries(hubs), 1):
        url = _web_address(hub, display, f"hubs[{i}]", problems)
        if url:
            dist.hubs.append(url)
    podping = data.get("podping", False)
    if not isinstance(podping, bool):
        problems.append(Problem(display, f"must be true or false, not {podping!r}", field="podping"))
    else:
        dist.podping = podping
    notify = data.get("notify")
    if notify is None:
        return
    if not isinstance(notify, dict):
        problems.append(Problem(display, f"must list the services' addresses ({', '.join(NOTIFY_KEYS)})",
                                field="notify"))
        return
    for key in notify:
        if key not in NOTIFY_KEYS:
            problems.append(Problem(display, f"unknown service{did_you_mean(str(key), NOTIFY_KEYS)} "
                                             f"(known: {', '.join(NOTIFY_KEYS)})", field=f"notify.{key}"))
    for key, attr in (("podcast_index", "podcast_index_url"), ("podping", "podping_url")):
        if notify.get(key) is False:  # not told after a publish
            setattr(dist, attr, None)
        elif notify.get(key) is not None:
            url = _web_address(notify[key], display, f"notify.{key}", problems)
            if url:
                setattr(dist, attr, url)


def _feed(data, dist: Distribution, display: str, problems: list[Problem]) -> None:
    feed = data.get("feed")
    if feed is None:
        return
    if not isinstance(feed, dict):
        problems.append(Problem(display, "must have a 'max_items:' line under it", field="feed"))
        return
    for key in feed:
        if key not in FEED_KEYS:
            problems.append(Problem(display, f"unknown setting{did_you_mean(str(key), FEED_KEYS)} "
                                             f"(known: {', '.join(FEED_KEYS)})", field=f"feed.{key}"))
    value = feed.get("max_items")
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(Problem(display, f"must be a whole number of episodes (1 or more), not {value!r}; "
                                         "older episodes go to archive pages", field="feed.max_items"))
        return
    dist.max_items = value


def load(data: dict, display: str) -> tuple[Distribution, list[Problem]]:
    """The distribution settings of show.yml's mapping ``data``, and every problem found."""
    dist, problems = Distribution(), []
    medium = data.get("medium", "podcast")
    if medium not in MEDIUMS:
        problems.append(Problem(display, f"{medium!r} is not a podcast medium{did_you_mean(str(medium), MEDIUMS)} "
                                         f"(allowed: {', '.join(MEDIUMS)})", field="medium"))
    else:
        dist.medium = medium
    for part in (_license, _txt, _funding, _notify, _feed):
        part(data, dist, display, problems)
    return dist, problems
