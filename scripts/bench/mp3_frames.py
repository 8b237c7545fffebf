"""Synthetic audio for the benchmark: silent MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono,
behind a Xing "Info" header, with ID3 tags written by mutagen."""

from __future__ import annotations

import os
import struct
from pathlib import Path

FRAME_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC4])  # sync, MPEG-1, Layer III, no CRC, 128k, 44.1k, mono
FRAME_SIZE = 144 * 128000 // 44100  # 417 bytes, no padding
SIDE_INFO = 17  # mono: the Xing header starts 4 + 17 bytes into the first frame
SAMPLES_PER_FRAME = 1152
SILENT_FRAME = FRAME_HEADER + bytes(FRAME_SIZE - 4)  # zero side info: no main data, silence


def info_frame(frames: int) -> bytes:
    """The first frame: an 'Info' (CBR Xing) header with frame and byte counts and a TOC."""
    toc = bytes(int(i * 256 / 100) for i in range(100))
    body = b"Info" + struct.pack(">II", 0x0F, frames) + struct.pack(">I", frames * FRAME_SIZE)
    body += toc + struct.pack(">I", 0)
    frame = FRAME_HEADER + bytes(SIDE_INFO) + body
    return frame + bytes(FRAME_SIZE - len(frame))


def write_mp3(path: Path, size: int, tags: dict, *, sparse: bool = True) -> None:
    """An MP3 of about ``size`` bytes. Large ones are sparse: real frames at both ends, a hole
    between (a reader that only reads headers and tags never touches it)."""
    from mutagen.id3 import COMM, ID3, TALB, TDRC, TIT2, TPE1, TRCK

    tag = ID3()
    tag.add(TIT2(encoding=3, text=tags["title"]))
    tag.add(TPE1(encoding=3, text=tags.get("artist", "NHS Clinical Leaders Network")))
    tag.add(TALB(encoding=3, text=tags.get("album", "Key information")))  # a series in podcasts/show.yml
    tag.add(TDRC(encoding=3, text=tags["date"]))
    tag.add(TRCK(encoding=3, text=str(tags["number"])))
    tag.add(COMM(encoding=3, lang="eng", desc="", text=tags["description"]))
    path.write_bytes(b"")
    tag.save(str(path), v2_version=3, padding=lambda info: 256)
    header = path.stat().st_size
    frames = max(8, (size - header) // FRAME_SIZE)
    chunk = SILENT_FRAME * 2048  # ~850 kB
    with open(path, "r+b") as out:  # not "ab": appends ignore seek, and the hole needs one
        out.seek(0, os.SEEK_END)
        out.write(info_frame(frames))
        left = frames - 1
        if sparse and left * FRAME_SIZE > 8 * len(chunk):
            out.write(chunk)
            left -= 2048
            tail = 2048
            out.seek((left - tail) * FRAME_SIZE, os.SEEK_CUR)  # the hole
            out.write(chunk)
        else:
            while left > 0:
                n = min(left, 2048)
                out.write(SILENT_FRAME * n)
                left -= n


def duration(size: int) -> float:
    return (size // FRAME_SIZE) * SAMPLES_PER_FRAME / 44100
