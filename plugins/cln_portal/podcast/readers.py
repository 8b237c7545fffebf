"""The tag readers of each audio format, mapped to one set of field names (the table in
:mod:`.audio`); each also checks that the file is complete."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from mutagen.flac import FLAC, Picture
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from ..content.problems import Problem
from ..content.text import clean_text
from . import mpeg
from .media import Chapter, artwork_of, texts


# --- MP3 -----------------------------------------------------------------------------------------

_ID3_FIELDS = {"title": "TIT2", "date": "TDRC", "artist": "TPE1", "album": "TALB",
               "track": "TRCK", "disc": "TPOS", "genre": "TCON"}


def read_mp3(path: Path, data, display: str) -> tuple[dict, list[Problem]]:
    scan = mpeg.scan(data)
    if scan.first < 0 or scan.frames == 0:
        return {}, [Problem(display, "is not an MP3 file: no MPEG audio frames found; export it "
                                     "again as MP3 (or give it the extension of its real format)")]
    problems = []
    if scan.truncated_by or (scan.xing_frames and scan.frames + 1 < scan.xing_frames):
        problems.append(Problem(display, "is truncated: the audio stops before its last frame; "
                                         "export or download the file again"))
    elif scan.junk_at is not None and scan.junk_bytes > 4096:
        problems.append(Problem(display, f"is corrupt: {scan.junk_bytes} bytes of unreadable data from "
                                         f"byte {scan.junk_at}; export the file again"))
    if problems:
        return {}, problems
    try:
        audio = MP3(path)
    except Exception as exc:  # mutagen raises many types for damaged tags
        return {}, [Problem(display, f"cannot be read as MP3 ({exc}); export the file again")]
    if scan.xing_frames:
        duration = audio.info.length  # the header's count, minus the encoder delay mutagen knows
    else:
        duration = scan.samples / scan.sample_rate
    if scan.xing_frames or not duration:
        bitrate = audio.info.bitrate
    else:
        bitrate = round(scan.audio_bytes * 8 / duration)
    tags = audio.tags or {}
    found: dict[str, list[str]] = {}
    for name, frame_id in _ID3_FIELDS.items():
        frame = tags.get(frame_id)
        if frame is not None:
            values = [str(v) for v in frame.text]
            if name == "artist":
                values = [part for v in values for part in v.split(";")]
            found[name] = texts(values)
    comments = [f for f in tags.getall("COMM")] if tags else []
    comments.sort(key=lambda f: (f.desc != "", f.desc.lower() != "description"))
    description = [t for f in comments for t in texts(f.text)]
    if not description and tags:
        for key in ("TXXX:comment", "TXXX:COMMENT", "TXXX:description", "TXXX:DESCRIPTION"):
            if key in tags:
                description = texts(tags[key].text)
                break
    found["description"] = description
    pictures = tags.getall("APIC") if tags else []
    pictures.sort(key=lambda p: p.type != 3)
    artwork = artwork_of(pictures[0].data) if pictures else None
    chapters = []
    if tags:
        chaps = {f.element_id: f for f in tags.getall("CHAP")}
        order = []
        for toc in tags.getall("CTOC"):
            if toc.flags & 1:  # top-level table of contents
                order = [chaps[c] for c in toc.child_element_ids if c in chaps]
        if not order:
            order = sorted(chaps.values(), key=lambda f: f.start_time)
        for i, chap in enumerate(order, 1):
            title = chap.sub_frames.get("TIT2")
            text = clean_text(title.text[0]) if title and title.text else ""
            chapters.append(Chapter(chap.start_time / 1000, text or f"Chapter {i}"))
    start, end = scan.first, mpeg.audio_end(data)
    return {"duration": duration, "bitrate": bitrate, "tags": found, "artwork": artwork,
            "chapters": chapters, "stream": (start, end)}, []


# --- MP4 -----------------------------------------------------------------------------------------

_MP4_FIELDS = {"title": "\xa9nam", "date": "\xa9day", "artist": "\xa9ART", "album": "\xa9alb",
               "genre": "\xa9gen"}


def _mp4_atoms(data, display: str) -> tuple[tuple[int, int] | None, list[Problem]]:
    """Walk the top-level atoms: a cut-off file has an atom running past the end."""
    pos, stream = 0, None
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1:
            size, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif size == 0:
            size = len(data) - pos
        if size < header:
            return None, [Problem(display, f"is corrupt: a broken MP4 box at byte {pos}; export the file again")]
        if pos + size > len(data):
            return None, [Problem(display, "is truncated: the file ends inside its "
                                           f"'{kind.decode('latin-1')}' box; export or download it again")]
        if kind == b"mdat":
            stream = (pos + header, pos + size)
        pos += size
    if pos != len(data):
        return None, [Problem(display, "is truncated: the file ends inside a box header; export it again")]
    return stream, []


def read_mp4(path: Path, data, display: str) -> tuple[dict, list[Problem]]:
    if data[4:8] != b"ftyp":
        return {}, [Problem(display, "is not an MP4/M4A file; export it again as M4A or MP3")]
    stream, problems = _mp4_atoms(data, display)
    if problems:
        return {}, problems
    try:
        audio = MP4(path)
    except Exception as exc:
        return {}, [Problem(display, f"cannot be read as MP4/M4A ({exc}); export the file again")]
    tags = audio.tags or {}
    found = {name: texts(tags.get(key)) for name, key in _MP4_FIELDS.items() if key in tags}
    if "artist" in found:
        found["artist"] = texts(p for v in found["artist"] for p in v.split(";"))
    found["description"] = texts(tags.get("\xa9cmt") or tags.get("desc") or tags.get("ldes"))
    for name, key in (("track", "trkn"), ("disc", "disk")):
        if tags.get(key):
            found[name] = [str(tags[key][0][0])]
    covers = tags.get("covr") or []
    chapters = [Chapter(float(c.start), clean_text(c.title) or f"Chapter {i}")
                for i, c in enumerate(audio.chapters or [], 1)] if audio.chapters else []
    return {"duration": audio.info.length, "bitrate": audio.info.bitrate, "tags": found,
            "artwork": artwork_of(bytes(covers[0])) if covers else None,
            "chapters": chapters, "stream": stream}, []


# --- Ogg and FLAC (Vorbis comments) ---------------------------------------------------------------

_VORBIS_FIELDS = {"title": "title", "date": "date", "artist": "artist", "album": "album",
                  "track": "tracknumber", "disc": "discnumber", "genre": "genre"}
_TIMESTAMP = re.compile(r"(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def _ogg_pages(data, display: str) -> list[Problem]:
    """The last Ogg page must end exactly at the end of the file and close the stream.

    A page is at most 65,307 bytes, so only the file's tail is read, however long the episode.
    """
    size = len(data)
    window = max(0, size - 65307 - 4)
    pos = data.rfind(b"OggS", window, size)
    while pos != -1:
        if pos + 27 <= size:
            segments = data[pos + 26]
            table = data[pos + 27 : pos + 27 + segments]
            length = 27 + segments + sum(table)
            if len(table) == segments and pos + length == size:
                if not data[pos + 5] & 4:
                    return [Problem(display, "is truncated: its last Ogg page does not end the stream; "
                                             "export or download it again")]
                return []
        pos = data.rfind(b"OggS", window, pos)
    return [Problem(display, "is truncated: it ends inside an Ogg page; export or download it again")]


def _crc(data: bytes, poly: int, bits: int) -> int:
    crc, top, mask = 0, 1 << (bits - 1), (1 << bits) - 1
    for byte in data:
        crc ^= byte << (bits - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) if crc & top else (crc << 1)
        crc &= mask
    return crc


def _flac_frame_header(data, pos: int) -> tuple[int, int] | None:
    """(first sample, block size) of the FLAC frame whose header starts at ``pos``, if valid."""
    head = data[pos : pos + 16]
    if len(head) < 6 or head[0] != 0xFF or head[1] not in (0xF8, 0xF9) or head[3] & 1:
        return None
    code, rate = head[2] >> 4, head[2] & 15
    if code == 0 or rate == 15:
        return None
    first = head[4]
    extra = 0 if first < 0x80 else 1 if first >= 0xC0 and first < 0xE0 else 2 if first < 0xF0 else \
        3 if first < 0xF8 else 4 if first < 0xFC else 5 if first < 0xFE else 6 if first == 0xFE else -1
    if extra < 0 or (first >= 0x80 and first < 0xC0):
        return None
    number = first & (0x7F >> extra if extra else 0x7F)
    at = 5
    for byte in head[at : at + extra]:
        if byte & 0xC0 != 0x80:
            return None
        number = (number << 6) | (byte & 0x3F)
    at += extra
    if code == 6:
        block = head[at] + 1
        at += 1
    elif code == 7:
        block = int.from_bytes(head[at : at + 2], "big") + 1
        at += 2
    else:
        block = 192 if code == 1 else 576 << (code - 2) if code <= 5 else 256 << (code - 8)
    at += {12: 1, 13: 2, 14: 2}.get(rate, 0)
    if at >= len(head) or _crc(head[:at], 0x07, 8) != head[at]:
        return None
    return number, block


def _flac_tail(data, audio: FLAC, display: str) -> list[Problem]:
    """The last frame must end the stream and its CRC must match: a cut file fails one or both."""
    info = audio.info
    size = len(data)
    window = max(0, size - max(info.max_framesize or 0, 65536) * 2)
    pos = data.rfind(b"\xff", window, size)
    while pos != -1:
        header = _flac_frame_header(data, pos)
        if header:
            number, block = header
            first = number * info.max_blocksize if data[pos + 1] == 0xF8 else number
            frame = data[pos:size]
            complete = _crc(frame[:-2], 0x8005, 16) == int.from_bytes(frame[-2:], "big")
            if complete and (not info.total_samples or first + block >= info.total_samples):
                return []
            break
        pos = data.rfind(b"\xff", window, pos)
    return [Problem(display, "is truncated: its last FLAC frame is missing or incomplete; export or "
                             "download it again")]


def _vorbis_chapters(comments: dict[str, list[str]], display: str) -> tuple[list[Chapter], list[Problem]]:
    chapters, problems = [], []
    numbers = sorted(k[7:] for k in comments if re.fullmatch(r"chapter\d{3}", k))
    for number in numbers:
        key = f"chapter{number}"
        value = comments[key][0] if comments[key] else ""
        match = _TIMESTAMP.fullmatch(value.strip())
        if not match:
            problems.append(Problem(display, f"chapter start {value!r} is not a time; write it as "
                                             "HH:MM:SS.mmm, for example 00:01:30.000", field=key.upper()))
            continue
        hours, minutes, seconds = match.groups()
        title = (comments.get(f"{key}name") or [""])[0]
        chapters.append(Chapter(int(hours) * 3600 + int(minutes) * 60 + float(seconds),
                                clean_text(title) or f"Chapter {int(number) + 1}"))
    return chapters, problems


def read_vorbis(path: Path, data, display: str, kind: str) -> tuple[dict, list[Problem]]:
    if kind == "flac":
        if data[:4] != b"fLaC" and data[:3] != b"ID3":
            return {}, [Problem(display, "is not a FLAC file; export it again as MP3 or M4A")]
        reader = FLAC
    else:
        if data[:4] != b"OggS":
            return {}, [Problem(display, "is not an Ogg file; export it again as MP3 or M4A")]
        problems = _ogg_pages(data, display)
        if problems:
            return {}, problems
        reader = OggOpus if b"OpusHead" in data[:200] else OggVorbis
    try:
        audio = reader(path)
    except Exception as exc:
        return {}, [Problem(display, f"cannot be read as {kind.upper()} ({exc}); export the file again")]
    comments: dict[str, list[str]] = {}
    for key, value in (audio.tags or {}).items() if hasattr(audio.tags, "items") else []:
        comments.setdefault(key.lower(), []).append(value) if isinstance(value, str) else \
            comments.setdefault(key.lower(), []).extend(value)
    found = {name: texts(comments.get(key)) for name, key in _VORBIS_FIELDS.items() if key in comments}
    if "artist" in found:
        found["artist"] = texts(p for v in found["artist"] for p in v.split(";"))
    found["description"] = texts(comments.get("comment") or comments.get("description"))
    artwork = None
    if kind == "flac" and audio.pictures:
        pictures = sorted(audio.pictures, key=lambda p: p.type != 3)
        artwork = artwork_of(pictures[0].data)
    for encoded in comments.get("metadata_block_picture", []):
        try:
            artwork = artwork or artwork_of(Picture(base64.b64decode(encoded)).data)
        except Exception:
            return {}, [Problem(display, "has a METADATA_BLOCK_PICTURE that is not a valid picture; "
                                         "remove the artwork and add it again", field="METADATA_BLOCK_PICTURE")]
    if kind == "flac":
        problems = _flac_tail(data, audio, display)
        if problems:
            return {}, problems
    chapters, problems = _vorbis_chapters(comments, display)
    if problems:
        return {}, problems
    if not audio.info.length:
        return {}, [Problem(display, "has no audio (its length is zero); export the file again")]
    return {"duration": audio.info.length, "bitrate": audio.info.bitrate, "tags": found,
            "artwork": artwork, "chapters": chapters, "stream": None}, []
