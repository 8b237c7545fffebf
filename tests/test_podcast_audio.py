"""Reading episodes' audio: every tag mapping in every format, durations, and damaged files."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TIT2, TXXX, CTOCFlags
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggvorbis import OggVorbis

from cln_portal.podcast import audio
from podcast_factory import AUDIO, FRAME, png, seconds, silent_mp3, tag_mp3

KEY_INFO = {
    "title": "Key information: the competency framework",
    "description": "What the CLN competency framework covers and how members use it.",
    "date": "2009-02-16", "artist": "CLN comms team", "album": "Key information",
    "track": "1", "disc": "1", "genre": "Podcast",
}
CHAPTERS = [(0.0, "Introduction"), (3.0, "Conflict management & innovation"),
            (6.0, "Where to find case studies")]


def read(path: Path) -> audio.Audio:
    result, problems = audio.read(path, path.name)
    assert problems == []
    return result


@pytest.mark.parametrize("name, kind, mime, chapters", [
    ("ffmpeg-chapters.mp3", "mp3", "audio/mpeg", CHAPTERS),
    ("ffmpeg-chapters.m4a", "m4a", "audio/x-m4a", CHAPTERS),
    ("ffmpeg-chapters.opus", "opus", "audio/ogg", CHAPTERS),
    ("ffmpeg-chapters.ogg", "ogg", "audio/ogg", []),
    ("ffmpeg.flac", "flac", "audio/flac", []),
])
def test_ffmpeg_files_give_the_same_episode_in_every_format(name, kind, mime, chapters):
    got = read(AUDIO / name)
    assert (got.format, got.mime) == (kind, mime)
    for field, value in KEY_INFO.items():
        assert got.tag(field) == value, field
    assert [(c.start, c.title) for c in got.chapters] == chapters
    assert 8.2 < got.duration < 8.35  # 8.25 s of speech, plus each encoder's padding
    assert got.size == (AUDIO / name).stat().st_size
    assert got.bitrate > 0
    assert got.apple_compatible == (kind in ("mp3", "m4a"))


def test_lame_id3v23_file_with_jpeg_cover_and_year_only():
    got = read(AUDIO / "lame-id3v23.mp3")
    assert got.tag("title") == "Leading maternity change in London"
    assert got.tags["artist"] == ["Dr Amira Hassan", "CLN podcast team"]  # "; " separates speakers
    assert got.tag("album") == "Interviews"
    assert got.tag("date") == "2009"
    assert got.tag("description") == "A conversation about maternity services across London."
    assert got.tag("track") == "2" and got.tag("genre") == "Podcast"
    assert got.artwork.mime == "image/jpeg"
    assert got.artwork.data.startswith(b"\xff\xd8")


def test_eyed3_utf16_file_with_png_cover_and_no_date():
    got = read(AUDIO / "eyed3-utf16.mp3")
    assert got.tag("title") == "Évaluer le réseau — a café chat"
    assert got.tag("artist") == "Søren Ødegård"
    assert got.tag("description") == "Comment with “smart quotes” and ünïcödé"
    assert got.tag("track") == "05"
    assert got.tag("date") is None
    assert got.artwork.mime == "image/png"


def test_ffmpeg_mp3_comment_comes_from_txxx_when_there_is_no_comm():
    tags = ID3(AUDIO / "ffmpeg-chapters.mp3")
    assert not tags.getall("COMM") and "TXXX:comment" in tags
    assert read(AUDIO / "ffmpeg-chapters.mp3").tag("description") == KEY_INFO["description"]


def test_mp3_duration_is_exact_with_an_info_header_and_without_one(tmp_path):
    with_info = tmp_path / "info.mp3"
    with_info.write_bytes(silent_mp3(500))
    assert read(with_info).duration == pytest.approx(seconds(500))
    # No Xing/Info header, and a first frame at 128 kbit/s before 32 kbit/s ones (VBR): mutagen
    # estimates from the first frame; counting the frames gives the real length.
    fast = bytes([0xFF, 0xFB, 0x90, 0xC4]) + bytes(417 - 4)
    bare = tmp_path / "bare.mp3"
    bare.write_bytes(fast * 3 + silent_mp3(497, info=False))
    got = read(bare)
    assert got.duration == pytest.approx(seconds(500))
    from mutagen.mp3 import MP3
    assert abs(MP3(bare).info.length - seconds(500)) > 1  # what an estimate would have said
    assert got.bitrate == pytest.approx((3 * 417 + 497 * FRAME) * 8 / seconds(500), rel=0.01)


def test_id3_comm_and_chapters_in_table_of_contents_order_and_front_cover_first(tmp_path):
    path = tmp_path / "e.mp3"
    path.write_bytes(silent_mp3(400))
    tags = ID3()
    tags.add(TIT2(encoding=3, text="T"))
    tags.add(TXXX(encoding=3, desc="comment", text="from ffmpeg"))
    tags.add(COMM(encoding=3, lang="eng", desc="", text="the real comment"))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=0, desc="other", data=b"\xff\xd8other"))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="front", data=png(10, 10)))
    for cid, start, title in (("b", 5000, "Second"), ("a", 0, "First"), ("c", 9000, "Third")):
        tags.add(CHAP(element_id=cid, start_time=start, end_time=start + 1000,
                      sub_frames=[TIT2(encoding=3, text=title)]))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=["a", "b", "c"]))
    tags.save(str(path))
    got = read(path)
    assert got.tag("description") == "the real comment"
    assert [(c.start, c.title) for c in got.chapters] == [(0, "First"), (5, "Second"), (9, "Third")]
    assert got.artwork.mime == "image/png"  # sniffed from the bytes, not the declared MIME type


def test_control_characters_in_tags_are_removed(tmp_path):
    path = tmp_path / "e.mp3"
    path.write_bytes(silent_mp3(40))
    tag_mp3(path, title="Bad\x0btitle\x01 <b>&", comment="Line one\nline two\x1f")
    got = read(path)
    assert got.tag("title") == "Badtitle <b>&"
    assert got.tag("description") == "Line one\nline two"


def test_mp4_cover_art_is_extracted(tmp_path):
    path = tmp_path / "e.m4a"
    shutil.copyfile(AUDIO / "ffmpeg-chapters.m4a", path)
    tagged = MP4(path)
    tagged["covr"] = [MP4Cover(png(1400, 1400), imageformat=MP4Cover.FORMAT_PNG)]
    tagged.save()
    got = read(path)
    assert got.artwork.mime == "image/png" and got.artwork.data == png(1400, 1400)
    assert len(got.chapters) == 3


def test_ogg_picture_and_chapters_from_vorbis_comments(tmp_path):
    path = tmp_path / "e.ogg"
    shutil.copyfile(AUDIO / "ffmpeg-chapters.ogg", path)
    tagged = OggVorbis(path)
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", png(20, 20)
    tagged["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture.write()).decode("ascii")]
    tagged["CHAPTER000"], tagged["CHAPTER000NAME"] = "00:00:00.000", "Start"
    tagged["CHAPTER001"], tagged["CHAPTER001NAME"] = "00:00:04.500", "Middle"
    tagged["COMMENT"] = "A comment wins over DESCRIPTION"
    tagged.save()
    got = read(path)
    assert got.artwork.data == png(20, 20)
    assert [(c.start, c.title) for c in got.chapters] == [(0, "Start"), (4.5, "Middle")]
    assert got.tag("description") == "A comment wins over DESCRIPTION"


def test_a_vorbis_chapter_time_that_is_not_a_time_is_an_error(tmp_path):
    path = tmp_path / "e.opus"
    shutil.copyfile(AUDIO / "ffmpeg-chapters.opus", path)
    from mutagen.oggopus import OggOpus
    tagged = OggOpus(path)
    tagged["CHAPTER001"] = "three seconds"
    tagged.save()
    result, problems = audio.read(path, "podcasts/e.opus")
    assert result is None
    assert [(p.path, p.field) for p in problems] == [("podcasts/e.opus", "CHAPTER001")]
    assert "HH:MM:SS.mmm" in problems[0].message


def test_flac_picture_block_is_extracted(tmp_path):
    path = tmp_path / "e.flac"
    shutil.copyfile(AUDIO / "ffmpeg.flac", path)
    tagged = FLAC(path)
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/jpeg", b"\xff\xd8\xff\xe0jpeg"
    tagged.add_picture(picture)
    tagged.save()
    assert read(path).artwork.mime == "image/jpeg"


@pytest.mark.parametrize("name", ["ffmpeg-chapters.mp3", "lame-id3v23.mp3", "ffmpeg-chapters.m4a",
                                  "ffmpeg-chapters.ogg", "ffmpeg-chapters.opus", "ffmpeg.flac"])
@pytest.mark.parametrize("cut", [1, 1000, 0.5])
def test_a_truncated_file_is_an_error_naming_it(tmp_path, name, cut):
    data = (AUDIO / name).read_bytes()
    keep = int(len(data) * cut) if isinstance(cut, float) else len(data) - cut
    path = tmp_path / name
    path.write_bytes(data[:keep])
    result, problems = audio.read(path, f"podcasts/{name}")
    assert result is None
    assert len(problems) == 1 and problems[0].path == f"podcasts/{name}"
    assert "truncated" in problems[0].message


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".ogg", ".opus", ".flac"])
def test_a_file_that_is_not_audio_is_an_error_naming_it(tmp_path, suffix):
    path = tmp_path / f"notes{suffix}"
    path.write_text("These are my notes, saved with the wrong name.\n" * 20, encoding="utf-8")
    result, problems = audio.read(path, f"podcasts/notes{suffix}")
    assert result is None
    assert [p.path for p in problems] == [f"podcasts/notes{suffix}"]
    assert "export" in problems[0].message


def test_an_empty_file_and_an_unknown_format(tmp_path):
    (tmp_path / "e.mp3").write_bytes(b"")
    assert "empty" in audio.read(tmp_path / "e.mp3")[1][0].message
    (tmp_path / "e.wav").write_bytes(b"RIFF")
    assert "not a supported audio file" in audio.read(tmp_path / "e.wav")[1][0].message


def test_an_mp3_with_garbage_in_the_middle_is_corrupt(tmp_path):
    path = tmp_path / "e.mp3"
    # No Info header to trust: a hole of zeros where frames should be.
    path.write_bytes(silent_mp3(50, info=False) + b"\x00" * 8000 + silent_mp3(50, info=False))
    result, problems = audio.read(path, "e.mp3")
    assert result is None and "corrupt" in problems[0].message


def test_the_fingerprint_ignores_tags_but_not_audio(tmp_path):
    one, two, three = tmp_path / "1.mp3", tmp_path / "2.mp3", tmp_path / "3.mp3"
    for path in (one, two):
        path.write_bytes(silent_mp3(100))
    three.write_bytes(silent_mp3(101))
    tag_mp3(one, title="One")
    tag_mp3(two, title="A different title, longer tags", comment="x" * 500)
    assert read(one).fingerprint == read(two).fingerprint != read(three).fingerprint


@pytest.mark.parametrize("name", ["lame-id3v23.mp3", "ffmpeg-chapters.m4a", "ffmpeg-chapters.opus"])
def test_the_metadata_cache_gives_back_what_was_read(tmp_path, name):
    from cln_portal.runtime.filecache import FileCache

    first = read(AUDIO / name)
    assert audio.decode(audio.encode(first)) == first
    cache = FileCache(tmp_path / "cache.json", audio.CACHE_VERSION)
    calls = []

    def reader(path):
        calls.append(path)
        return audio.read(path, name)

    for _ in range(2):
        again = FileCache(tmp_path / "cache.json", audio.CACHE_VERSION)
        got, problems = again.get(AUDIO / name, reader, encode=lambda r: audio.encode(r[0]),
                                  decode=lambda d: (audio.decode(d), []))
        again.save()
        assert got == first and problems == []
    assert len(calls) == 1  # the second build did not open the audio
    del cache
