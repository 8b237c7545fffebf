"""GUIDs never change once published; the lock file podcasts/published.yml guards that."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from cln_portal import podcast
from cln_portal.podcast import guids
from podcast_factory import add_episode, podcast_folder, tag_mp3

SITE = "https://example.org/portal/"


def load(root: Path, **options):
    options.setdefault("site_url", SITE)
    options.setdefault("today", dt.date(2026, 11, 27))
    return podcast.load(root, podcast.Options(**options))


def publish(root: Path, **options) -> podcast.Podcast:
    """What a successful build does: check, then record what was published in the lock file."""
    result = load(root, **options)
    assert result.errors == [], result.errors
    text = result.updated_lock()
    if text is not None:
        guids.write(result.lock, text)
    return result


def guid_of(result, slug: str) -> str:
    return next(e.guid for e in result.episodes if e.slug == slug)


def errors(result) -> list[str]:
    return [str(p) for p in result.errors]


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = podcast_folder(tmp_path / "podcasts")
    add_episode(folder, "first", title="First title", date="2009-01-01", frames=50, sidecar=None)
    add_episode(folder, "second", date="2009-02-01", frames=60, sidecar=None)
    return folder


def test_podcast_guid_follows_the_podcasting_2_0_spec():
    # The spec's own example: https://github.com/Podcastindex-org/podcast-namespace (guid)
    assert guids.feed_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert guids.feed_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_the_first_build_writes_the_lock_and_a_second_changes_nothing(folder):
    first = publish(folder.parent)
    lock = yaml.safe_load((folder / "published.yml").read_text())
    assert [e["slug"] for e in lock["episodes"]] == ["second", "first"]
    entry = lock["episodes"][1]
    assert entry["guid"] == guid_of(first, "first") and entry["first_published"] == "2026-11-27"
    assert "enclosure" not in entry, "the lock records identity, not addresses"
    assert set(lock["feeds"]) == {"podcast", "interviews", "key-information"}
    assert load(folder.parent).updated_lock() is None  # nothing new: the file is not rewritten


def test_guids_are_reproducible_before_the_lock_is_committed(folder, tmp_path):
    other = podcast_folder(tmp_path / "clone" / "podcasts")
    add_episode(other, "first", title="First title", date="2009-01-01", frames=50)
    assert guid_of(load(folder.parent), "first") == guid_of(load(other.parent), "first")


def test_title_edit_and_media_move_keep_the_guid(folder):
    before = guid_of(publish(folder.parent), "first")
    tag_mp3(folder / "first.mp3", title="A better title", date="2009-01-01", comment="New text.",
            album="Interviews")
    after = publish(folder.parent, media_base_url="https://cdn.example.org/audio/")
    assert guid_of(after, "first") == before
    entry = yaml.safe_load((folder / "published.yml").read_text())["episodes"][1]
    assert entry["title"] == "A better title"
    assert "enclosure" not in entry and "cdn.example.org" not in (folder / "published.yml").read_text()
    assert entry["first_published"] == "2026-11-27"


def test_a_site_move_keeps_the_feed_guids(folder):
    first = publish(folder.parent)
    moved = publish(folder.parent, site_url="https://cln.example.net/")
    assert moved.feed_guids == first.feed_guids


def test_a_renamed_file_with_the_same_audio_keeps_its_guid(folder):
    before = guid_of(publish(folder.parent), "first")
    (folder / "first.mp3").rename(folder / "first-renamed.mp3")
    tag_mp3(folder / "first-renamed.mp3", title="Retitled too", date="2009-01-01", comment="c",
            album="Interviews")
    after = publish(folder.parent)
    assert guid_of(after, "first-renamed") == before
    lock = yaml.safe_load((folder / "published.yml").read_text())
    assert [e["slug"] for e in lock["episodes"]] == ["second", "first-renamed"]


def test_a_renamed_and_re_exported_file_needs_its_guid_in_the_sidecar(folder):
    before = guid_of(publish(folder.parent), "first")
    (folder / "first.mp3").unlink()
    add_episode(folder, "first-again", frames=55, sidecar=None)  # other audio: no fingerprint match
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/published.yml: episodes: episode 'first'")
    assert f"guid: {before}" in found and "retired" in found
    (folder / "first-again.md").write_text(f"---\nguid: {before}\n---\n", encoding="utf-8")
    assert guid_of(publish(folder.parent), "first-again") == before


def test_a_published_episode_that_disappears_fails_unless_retired(folder):
    publish(folder.parent)
    (folder / "second.mp3").unlink()
    (found,) = errors(load(folder.parent))
    assert "episode 'second'" in found and "would vanish" in found
    lock = folder / "published.yml"
    lock.write_text(lock.read_text().replace("- slug: second\n", "- slug: second\n  retired: withdrawn\n"))
    result = publish(folder.parent)
    assert [e.slug for e in result.published] == ["first"]
    assert "retired: withdrawn" in lock.read_text()  # the build keeps the retired entry


def test_a_retired_episode_still_present_is_an_error(folder):
    publish(folder.parent)
    lock = folder / "published.yml"
    lock.write_text(lock.read_text().replace("- slug: second\n", "- slug: second\n  retired: withdrawn\n"))
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/second.mp3: guid: is marked retired")


@pytest.mark.parametrize("sidecar, what", [("---\ndraft: true\n---\n", "is now a draft"),
                                           ("---\ndate: 2030-01-01\n---\n", "is now dated in the future")])
def test_a_published_episode_turned_draft_or_future_fails(folder, sidecar, what):
    publish(folder.parent)
    (folder / "second.md").write_text(sidecar, encoding="utf-8")
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/second.md: ") and what in found


def test_changing_a_published_guid_in_the_sidecar_fails(folder):
    publish(folder.parent)
    (folder / "first.md").write_text("---\nguid: something-new\n---\n", encoding="utf-8")
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/first.md: guid: 'something-new' differs from the guid")


def test_a_duplicate_guid_fails(folder):
    (folder / "first.md").write_text("---\nguid: same\n---\n", encoding="utf-8")
    (folder / "second.md").write_text("---\nguid: same\n---\n", encoding="utf-8")
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/second.md: guid: duplicate guid 'same': podcasts/first.mp3 has it too")


def test_a_broken_lock_file_is_an_error(folder):
    (folder / "published.yml").write_text("episodes: [\n", encoding="utf-8")
    assert errors(load(folder.parent))[0].startswith("podcasts/published.yml:")


def test_drafts_are_not_locked(folder):
    add_episode(folder, "draft", sidecar="---\ndraft: true\n---\n")
    publish(folder.parent)
    assert "draft" not in [e["slug"] for e in yaml.safe_load((folder / "published.yml").read_text())["episodes"]]
