"""Audio, artwork and podcast folders made inside the tests: a silent MP3 is a few lines of Python.

An MPEG-1 Layer III frame with a zeroed side-info block carries no audio data and decodes as
silence; an "Info" header in the first frame states the frame count, so the duration is exact.
"""

from __future__ import annotations

import shutil
import struct
import textwrap
import zlib
from pathlib import Path

from conftest import FIXTURES, copy_repo

AUDIO = FIXTURES / "audio"

# MPEG-1 Layer III, no CRC, 32 kbit/s, 44.1 kHz, no padding, mono.
HEADER = bytes([0xFF, 0xFB, 0x10, 0xC4])
FRAME = 144 * 32000 // 44100  # 104 bytes
SAMPLES = 1152
RATE = 44100


def silent_mp3(frames: int, *, info: bool = True) -> bytes:
    """``frames`` silent frames (frames * 1152 / 44100 seconds), with an Info header if asked."""
    body = (HEADER + bytes(FRAME - 4)) * frames
    if not info:
        return body
    tag = b"Info" + struct.pack(">III", 3, frames, (frames + 1) * FRAME)
    first = HEADER + bytes(17) + tag
    return first + bytes(FRAME - len(first)) + body


def seconds(frames: int) -> float:
    return frames * SAMPLES / RATE


def png(width: int, height: int, colour_type: int = 2) -> bytes:
    """A valid PNG of one flat colour (RGB by default; 6 is RGBA, 0 greyscale)."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    raw = (b"\x00" + b"\x50" * (width * channels)) * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def jpeg_header(width: int, height: int, components: int = 3) -> bytes:
    """The start of a baseline JPEG (SOI, APP0, SOF0): enough for a header-only check."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 8 + 3 * components, 8, height, width, components)
    sof += b"".join(bytes([i + 1, 0x11, 0]) for i in range(components))
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def tag_mp3(path: Path, **fields) -> None:
    """Write ID3 tags with mutagen: title, artist, album, date, comment, track, disc, genre."""
    from mutagen.id3 import COMM, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPOS, TRCK

    frames = {"title": TIT2, "artist": TPE1, "album": TALB, "date": TDRC, "track": TRCK,
              "disc": TPOS, "genre": TCON}
    tags = ID3()
    for key, value in fields.items():
        if key == "comment":
            tags.add(COMM(encoding=3, lang="eng", desc="", text=value))
        else:
            tags.add(frames[key](encoding=3, text=value))
    tags.save(str(path), padding=lambda info: 0)


SHOW = """\
title: Test podcast
description: A podcast for the tests.
author: Test author
owner:
  name: Test owner
  email: owner@example.org
language: en-GB
categories:
  - Health & Fitness > Medicine
artwork: show.png
series:
  - title: Interviews
    description: Conversations.
    artwork: series.png
  - title: Key information
    description: Briefings.
    artwork: series.png
"""


def podcast_folder(folder: Path, show: str = SHOW) -> Path:
    """podcasts/ with show settings and valid artwork, and no episodes yet."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "show.yml").write_text(show, encoding="utf-8")
    (folder / "show.png").write_bytes(png(1400, 1400))
    (folder / "series.png").write_bytes(png(1400, 1400))
    return folder


#: A sidecar for silent test audio: the episode pages require a transcript or a reason.
SILENT = "---\ntranscript_exempt: silent test audio\n---\n"


def add_episode(folder: Path, slug: str, *, frames: int = 40, sidecar: str | None = SILENT,
                **tags) -> Path:
    """podcasts/<slug>.mp3, a silent MP3 tagged with ``tags`` (defaults: a complete episode of
    the Key information series), with a sidecar (by default one that exempts it from a transcript)."""
    defaults = {"title": f"Episode {slug}", "date": "2009-02-16", "comment": f"About {slug}.",
                "album": "Key information", "artist": "Dr Amira Hassan"}
    defaults.update(tags)
    path = folder / f"{slug}.mp3"
    path.write_bytes(silent_mp3(frames))
    tag_mp3(path, **{k: v for k, v in defaults.items() if v is not None})
    if sidecar is not None:
        (folder / f"{slug}.md").write_text(textwrap.dedent(sidecar), encoding="utf-8")
    return path


def copy_fixture(name: str, folder: Path, slug: str | None = None) -> Path:
    target = folder / ((slug + Path(name).suffix) if slug else name)
    shutil.copyfile(AUDIO / name, target)
    return target


def site_project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the portal whose podcasts/ holds only the show settings: (project, podcasts)."""
    project = copy_repo(tmp_path / "project")
    shutil.rmtree(project / "podcasts")
    return project, podcast_folder(project / "podcasts")
