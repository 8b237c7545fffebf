"""Episode GUIDs that never change, kept in the committed lock file podcasts/published.yml.

A podcast app knows an episode by its GUID: a new GUID is a new episode, downloaded and announced
again; a vanished GUID is an episode gone from every subscriber's library. So:

* a new episode gets a GUID derived from the show's podcast:guid and its slug (the same on every
  build, even before the lock file is committed);
* once published, the lock file records slug, GUID, title, the date the build first published it
  and a fingerprint of the audio stream (tags excluded): identity, never addresses, so a build for
  another SITE_URL or media host leaves it as it is. The GUID then stays with
  the episode through title edits and media moves (they change neither slug nor GUID), and through
  renames: a renamed file whose audio is unchanged is recognised by its fingerprint, and otherwise
  its sidecar says ``guid:`` with the GUID listed in the lock file;
* an episode in the lock file that is no longer published fails the build, unless its entry says
  ``retired: <why>``;
* the build rewrites the lock file only when something in it changed. Commit it. In locked mode
  (``make check`` and ``make build`` under CI), a lock that does not match the content is an error
  saying what to run and which file to commit, so the pull request adding an episode carries its entry.

The show's and each series' podcast:guid are locked the same way, so moving the site to another
address keeps them.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.problems import Problem, not_committed
from ..runtime.filecache import write_atomically
from ..content.text import clean_text

LOCK_FILE = "published.yml"
#: The namespace UUID the Podcasting 2.0 spec defines for podcast:guid.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
HEADER = """\
# Every episode ever published in the CLN podcast feeds, written by the build: commit this file.
# An episode's guid is its identity in listeners' apps and must never change.
# Never delete an entry. To withdraw an episode, add  retired: <why>  to its entry.
# If you rename an episode's file and re-export its audio, put its guid in the new sidecar.
"""


def feed_guid(feed_url: str) -> str:
    """podcast:guid as the spec defines it: UUIDv5 of the feed URL without scheme or trailing slash."""
    address = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_NAMESPACE, address))


def new_episode_guid(show_guid: str, slug: str) -> str:
    """The GUID a new episode gets: reproducible from the show and the slug."""
    try:
        namespace = uuid.UUID(show_guid)
    except ValueError:
        namespace = uuid.uuid5(PODCAST_NAMESPACE, show_guid)
    return str(uuid.uuid5(namespace, slug))


@dataclass
class Entry:
    slug: str
    guid: str
    title: str = ""
    first_published: str = ""
    fingerprint: str = ""
    retired: str | None = None

    def as_dict(self) -> dict:
        data = {"slug": self.slug, "guid": self.guid, "title": self.title,
                "first_published": self.first_published, "fingerprint": self.fingerprint}
        if self.retired:
            data["retired"] = self.retired
        return data


@dataclass
class Lock:
    path: Path
    display: str
    entries: list[Entry] = field(default_factory=list)
    feeds: dict[str, str] = field(default_factory=dict)  # "podcast" or a series slug -> podcast:guid
    text: str = ""  # as read, to write only when changed

    def by_guid(self, guid: str) -> Entry | None:
        return next((e for e in self.entries if e.guid == guid), None)

    def by_slug(self, slug: str) -> Entry | None:
        return next((e for e in self.entries if e.slug == slug), None)


def load(folder: Path, display_folder: str = "podcasts") -> tuple[Lock, list[Problem]]:
    """Read the lock file; a missing one is an empty lock (nothing published yet)."""
    path = folder / LOCK_FILE
    display = f"{display_folder}/{LOCK_FILE}"
    lock = Lock(path, display)
    if not path.exists():
        return lock, []
    try:
        lock.text = path.read_text(encoding="utf-8")
        try:  # libyaml: the lock lists every episode ever published; the pure-Python parser explains errors
            data = yaml.load(lock.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        except yaml.YAMLError:
            data = yaml.safe_load(lock.text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return lock, [Problem(display, f"cannot be read ({getattr(exc, 'problem', None) or exc}); restore it "
                                       "from git history", line=mark.line + 1 if mark else None)]
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("episodes", []), list):
        return lock, [Problem(display, "must have 'feeds:' and an 'episodes:' list; restore it from git history")]
    feeds = data.get("feeds") or {}
    if isinstance(feeds, dict):
        lock.feeds = {str(k): str(v) for k, v in feeds.items()}
    for i, item in enumerate(data.get("episodes") or [], 1):
        if not isinstance(item, dict) or not item.get("slug") or not item.get("guid"):
            problems.append(Problem(display, f"entry {i} needs slug and guid; restore it from git history",
                                    field="episodes"))
            continue
        retired = item.get("retired")
        entry = Entry(slug=str(item["slug"]), guid=str(item["guid"]), title=str(item.get("title") or ""),
                      first_published=str(item.get("first_published") or ""),
                      fingerprint=str(item.get("fingerprint") or ""),
                      retired=clean_text(retired) if retired not in (None, False, "") else None)
        if lock.by_guid(entry.guid) or lock.by_slug(entry.slug):
            problems.append(Problem(display, f"lists {entry.slug!r} (guid {entry.guid}) twice; keep the "
                                             "first entry", field="episodes"))
            continue
        lock.entries.append(entry)
    return lock, problems


def assign(episodes, lock: Lock, show_guid: str) -> list[Problem]:
    """Give every episode its GUID (sidecar, lock file, fingerprint, or new) and check them."""
    problems: list[Problem] = []
    present = {ep.slug for ep in episodes}
    claimed: dict[str, object] = {}
    for ep in episodes:
        by_slug = lock.by_slug(ep.slug)
        if ep.guid_from_sidecar:
            owner = lock.by_guid(ep.guid_from_sidecar)
            if by_slug and by_slug.guid != ep.guid_from_sidecar and not by_slug.retired:
                problems.append(Problem(ep.sidecar or ep.source, f"{ep.guid_from_sidecar!r} differs from "
                                        f"the guid {by_slug.guid} this episode was published with (see "
                                        f"{lock.display}); a new guid re-announces the episode to every "
                                        "subscriber: remove the guid line", field="guid"))
            elif owner and owner.slug != ep.slug and owner.slug in present:
                problems.append(Problem(ep.sidecar or ep.source, f"{ep.guid_from_sidecar!r} is the guid of "
                                        f"the episode {owner.slug!r}; remove the guid line", field="guid"))
            ep.guid = ep.guid_from_sidecar
        elif by_slug:
            ep.guid = by_slug.guid
        else:
            orphans = [e for e in lock.entries if e.slug not in present and not e.retired
                       and e.fingerprint and e.fingerprint == ep.audio.fingerprint]
            ep.guid = orphans[0].guid if len(orphans) == 1 else new_episode_guid(show_guid, ep.slug)
        other = claimed.get(ep.guid)
        if other is not None:
            problems.append(Problem(ep.sidecar or ep.source, f"duplicate guid {ep.guid!r}: {other.source} "
                                    "has it too; each episode needs its own (remove the guid line)",
                                    field="guid"))
        claimed[ep.guid] = ep
    return problems


def check_published(episodes, lock: Lock) -> list[Problem]:
    """Published episodes must stay published: one problem per entry that would vanish from feeds."""
    problems = []
    by_guid = {ep.guid: ep for ep in episodes}
    slugs = {ep.slug for ep in episodes}
    for entry in lock.entries:
        ep = by_guid.get(entry.guid)
        if ep is None and entry.slug in slugs and not entry.retired:
            continue  # still here under another guid: assign() has reported that
        if entry.retired:
            if ep is not None and ep.published:
                problems.append(Problem(ep.source, f"is marked retired in {lock.display} ({entry.retired}) "
                                        "but is still here; delete the file, or remove the retired line "
                                        "to publish it again", field="guid"))
            continue
        since = f" on {entry.first_published}" if entry.first_published else ""
        if ep is None:
            problems.append(Problem(lock.display, f"episode {entry.slug!r} (guid {entry.guid}) was published"
                                    f"{since} and its audio file is gone, so it would vanish from listeners' "
                                    f"apps: put podcasts/{entry.slug}.mp3 back; if you renamed it, add "
                                    f"'guid: {entry.guid}' to the new sidecar; to withdraw it, add "
                                    f"'retired: <why>' to its entry here", field="episodes"))
        elif not ep.published:
            why = "is now a draft" if ep.status == "draft" else f"is now dated in the future ({ep.date})"
            problems.append(Problem(ep.sidecar or ep.source, f"was published{since} and {why}, so it "
                                    f"would vanish from listeners' apps; publish it, or add "
                                    f"'retired: <why>' to its entry in {lock.display}",
                                    field="draft" if ep.status == "draft" else "date"))
    return problems


def updated_text(lock: Lock, published, feed_guids: dict[str, str], today: _dt.date) -> str | None:
    """The lock file after this build, or None when nothing in it changed."""
    entries = [Entry(**vars(e)) for e in lock.entries]
    index = {e.guid: e for e in entries}
    changed = False
    for ep in published:
        entry = index.get(ep.guid)
        if entry is None:
            entry = Entry(slug=ep.slug, guid=ep.guid, first_published=today.isoformat())
            entries.append(entry)
            index[ep.guid] = entry
        now = (ep.slug, ep.title, ep.audio.fingerprint)
        if (entry.slug, entry.title, entry.fingerprint) != now:
            entry.slug, entry.title, entry.fingerprint = now
            changed = True
    feeds = dict(lock.feeds)
    for key, value in feed_guids.items():
        feeds.setdefault(key, value)
    if not changed and feeds == lock.feeds and lock.text:
        return None  # nothing to record: skip writing the YAML out (the lock lists every episode)
    data = {"feeds": feeds, "episodes": [e.as_dict() for e in entries]}
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return None if text == lock.text else text


def locked_problem(lock: Lock, published, text: str | None) -> Problem | None:
    """Locked mode: the committed lock must already say what this build would write in it."""
    if text is None:
        return None
    new = [ep.slug for ep in published if lock.by_guid(ep.guid) is None]
    what = (f"has no entry for the episode{'s' if len(new) > 1 else ''} {', '.join(map(repr, new))}" if new
            else "does not match the published episodes (a title, file or feed changed)")
    return not_committed(lock.display, what, "with the episodes")


def write(lock: Lock, text: str) -> None:
    """Replace the lock file in one step (a crash never leaves half a lock file)."""
    write_atomically(lock.path, text.encode("utf-8"))
    lock.text = text
