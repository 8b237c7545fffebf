"""The metadata cache outside site/: unchanged files are not read again; changed ones are."""

from __future__ import annotations

import os

import pytest

from cln_portal.runtime import filecache
from cln_portal.runtime.filecache import FileCache, link_or_copy


class CountingReader:
    """Stands in for the audio reader: counts how often each file is opened."""

    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, path):
        self.calls.append(path.name)
        return {"size": path.stat().st_size, "text": path.read_text()}


@pytest.fixture
def audio(tmp_path):
    path = tmp_path / "podcasts" / "episode.mp3"
    path.parent.mkdir()
    path.write_text("first version")
    return path


def rebuild(cache_file, path, reader, version="1"):
    """One build: load the cache, read the file through it, save the cache."""
    cache = FileCache(cache_file, version)
    value = cache.get(path, reader)
    cache.save()
    return value, cache


def test_an_unchanged_file_is_not_opened_on_the_next_build(tmp_path, audio):
    cache_file = tmp_path / ".cache" / "cln-portal" / "audio.json"
    reader = CountingReader()
    first, cache = rebuild(cache_file, audio, reader)
    assert cache_file.is_file() and cache.misses == 1
    second, cache = rebuild(cache_file, audio, reader)
    assert reader.calls == ["episode.mp3"]
    assert second == first and cache.hits == 1


def test_a_file_with_a_new_mtime_is_read_again(tmp_path, audio):
    cache_file = tmp_path / "audio.json"
    reader = CountingReader()
    rebuild(cache_file, audio, reader)
    audio.write_text("other version")  # same size, new content
    st = audio.stat()
    os.utime(audio, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    value, _ = rebuild(cache_file, audio, reader)
    assert reader.calls == ["episode.mp3", "episode.mp3"]
    assert value["text"] == "other version"


def test_a_file_with_a_new_size_is_read_again_even_with_the_same_mtime(tmp_path, audio):
    cache_file = tmp_path / "audio.json"
    reader = CountingReader()
    rebuild(cache_file, audio, reader)
    st = audio.stat()
    audio.write_text("a longer second version")
    os.utime(audio, ns=(st.st_atime_ns, st.st_mtime_ns))
    value, _ = rebuild(cache_file, audio, reader)
    assert len(reader.calls) == 2 and value["text"] == "a longer second version"


def test_another_reader_version_or_a_damaged_cache_starts_afresh(tmp_path, audio):
    cache_file = tmp_path / "audio.json"
    reader = CountingReader()
    rebuild(cache_file, audio, reader, version="1")
    rebuild(cache_file, audio, reader, version="2")
    assert len(reader.calls) == 2
    cache_file.write_text("{not json")
    value, _ = rebuild(cache_file, audio, reader, version="2")
    assert len(reader.calls) == 3 and value["text"] == "first version"
    assert rebuild(cache_file, audio, reader, version="2")[1].hits == 1


def test_values_not_to_keep_are_read_every_time_and_removed_files_leave_the_cache(tmp_path, audio):
    cache_file = tmp_path / "audio.json"
    reader = CountingReader()
    cache = FileCache(cache_file, "1")
    cache.get(audio, reader, keep=lambda value: False)  # e.g. a file with problems
    cache.save()
    assert not cache_file.exists()
    rebuild(cache_file, audio, reader)
    assert str(audio.resolve()) in cache_file.read_text()
    other = audio.with_name("other.mp3")
    other.write_text("x")
    rebuild(cache_file, other, reader)  # episode.mp3 was not asked for: it is gone
    assert str(audio.resolve()) not in cache_file.read_text()


def test_encode_and_decode_turn_values_into_json_and_back(tmp_path, audio):
    cache_file = tmp_path / "audio.json"
    reader = lambda path: (path.name, b"\x00\xff")
    for _ in range(2):
        cache = FileCache(cache_file, "1")
        value = cache.get(audio, reader, encode=lambda v: [v[0], v[1].hex()],
                          decode=lambda d: (d[0], bytes.fromhex(d[1])))
        cache.save()
        assert value == ("episode.mp3", b"\x00\xff")
    assert cache.hits == 1


def test_audio_is_hard_linked_not_copied(tmp_path, audio):
    target = tmp_path / "site" / "podcasts" / "episode.mp3"
    assert link_or_copy(audio, target) == "linked"
    assert os.path.samefile(audio, target)
    assert link_or_copy(audio, target) == "unchanged"


def test_across_file_systems_audio_is_copied_once_then_skipped(tmp_path, audio, monkeypatch):
    def no_link(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(filecache.os, "link", no_link)
    target = tmp_path / "site" / "episode.mp3"
    assert link_or_copy(audio, target) == "copied"
    assert target.read_text() == "first version"
    assert link_or_copy(audio, target) == "unchanged"
    audio.write_text("re-exported episode")
    st = audio.stat()
    os.utime(audio, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert link_or_copy(audio, target) == "copied"
    assert target.read_text() == "re-exported episode"
