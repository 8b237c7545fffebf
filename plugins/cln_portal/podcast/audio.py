"""What an episode's audio file says about itself: tags, chapters, artwork, duration, size.

The comms team tags files in whatever editor they have (lame, ffmpeg, eyeD3, Mp3tag, iTunes), so
each format's own fields are mapped to one set of names here:

======================  ==============================  ===============  ============================
field                   MP3 (ID3v2)                     MP4/M4A          Ogg Vorbis/Opus, FLAC
======================  ==============================  ===============  ============================
title                   TIT2                            ©nam             TITLE
description             COMM (or TXXX:comment)          ©cmt (or desc)   COMMENT or DESCRIPTION
date                    TDRC (TYER in ID3v2.3)          ©day             DATE
artist (speakers)       TPE1                            ©ART             ARTIST
album (series)          TALB                            ©alb             ALBUM
track (episode number)  TRCK                            trkn             TRACKNUMBER
disc (season)           TPOS                            disk             DISCNUMBER
genre                   TCON                            ©gen             GENRE
artwork                 APIC (front cover first)        covr             METADATA_BLOCK_PICTURE
chapters                CHAP, ordered by CTOC           Nero chpl        CHAPTERnnn + CHAPTERnnnNAME
======================  ==============================  ===============  ============================

Duration and bitrate come from the audio stream. An MP3 without a Xing/Info header has its frames
counted (see :mod:`.mpeg`), so its duration is exact, not mutagen's estimate. Every reader also
checks that the file is complete: a cut-off download must not reach subscribers.
"""

from __future__ import annotations

import hashlib
import mmap
from pathlib import Path

import mutagen
from mutagen.id3 import ID3NoHeaderError

from ..content.problems import Problem
from . import readers
from .media import APPLE_FORMATS, CACHE_VERSION, FORMATS, Artwork, Audio, Chapter, decode, encode, sniff_image

__all__ = ["APPLE_FORMATS", "CACHE_VERSION", "FORMATS", "Artwork", "Audio", "Chapter", "decode", "encode", "read",
           "sniff_image"]


def read(path: Path, display: str | None = None) -> tuple[Audio | None, list[Problem]]:
    """Read one audio file; on any problem return no audio and problems naming the file."""
    display = display or path.as_posix()
    kind, mime = FORMATS.get(path.suffix.lower(), (None, None))
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        return None, [Problem(display, f"is not a supported audio file; episodes are {known} files")]
    try:
        stat = path.stat()
        if not stat.st_size:
            return None, [Problem(display, "is empty; export the episode again")]
        with open(path, "rb") as handle:
            # Mapped, not read: only the pages the readers touch (headers, tags) leave the disk.
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as exc:
        return None, [Problem(display, f"cannot be read: {exc.strerror or exc}")]
    try:
        return _read(path, data, display, kind, mime, stat)
    finally:
        data.close()


def _read(path: Path, data, display: str, kind: str, mime: str, stat) -> tuple[Audio | None, list[Problem]]:
    try:
        if kind == "mp3":
            info, problems = readers.read_mp3(path, data, display)
        elif kind in ("m4a", "mp4"):
            info, problems = readers.read_mp4(path, data, display)
        else:
            info, problems = readers.read_vorbis(path, data, display, kind)
    except (mutagen.MutagenError, ID3NoHeaderError, ValueError, IndexError, KeyError) as exc:
        return None, [Problem(display, f"cannot be read as audio ({exc}); export the file again")]
    if problems:
        return None, problems
    if not info["duration"] or info["duration"] <= 0:
        return None, [Problem(display, "has no audio (its length is zero); export the file again")]
    start, end = info["stream"] or (0, len(data))
    # The stream's length, start and end: enough to recognise the same recording renamed or
    # re-tagged, without reading a long episode whole.
    digest = hashlib.sha256(str(end - start).encode())
    digest.update(data[start : min(end, start + 65536)])
    digest.update(data[max(start, end - 65536) : end])
    fingerprint = "sha256:" + digest.hexdigest()
    chapters = sorted(info["chapters"], key=lambda c: c.start)
    return Audio(path=path, format=kind, mime=mime, size=len(data), mtime=stat.st_mtime,
                 duration=float(info["duration"]), bitrate=int(info["bitrate"] or 0),
                 tags=info["tags"], chapters=chapters, artwork=info["artwork"],
                 fingerprint=fingerprint), []
