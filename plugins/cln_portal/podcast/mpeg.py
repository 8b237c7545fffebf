"""The MPEG audio frames of an MP3, counted one by one.

Without a Xing/Info header an MP3 says nothing about its length, and mutagen then estimates the
duration from the first frame's bitrate (wrong for VBR files). Walking the frame headers gives the
exact frame count, and shows whether the file was cut short, at a few microseconds per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

_BITRATES = {  # (MPEG-1?, layer) -> kbit/s by index 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class Frame:
    length: int  # bytes, header included
    samples: int
    sample_rate: int
    mpeg1: bool
    mono: bool


def frame_at(data: bytes | memoryview, pos: int) -> Frame | None:
    """The frame whose header starts at ``pos``, or None when no valid header is there."""
    if pos + 4 > len(data):
        return None
    b0, b1, b2, b3 = data[pos], data[pos + 1], data[pos + 2], data[pos + 3]
    if b0 != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 3
    layer = 4 - ((b1 >> 1) & 3)
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 3
    if version == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index - 1] * 1000
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    if layer == 1:
        length, samples = (12 * bitrate // sample_rate + padding) * 4, 384
    elif layer == 2 or mpeg1:
        length, samples = 144 * bitrate // sample_rate + padding, 1152
    else:
        length, samples = 72 * bitrate // sample_rate + padding, 576
    return Frame(length, samples, sample_rate, mpeg1, (b3 >> 6) == 3)


def audio_start(data: bytes) -> int:
    """Where the audio starts: after the ID3v2 tag (and its footer), if any."""
    pos = 0
    while data[pos : pos + 3] == b"ID3" and len(data) >= pos + 10:
        size = 0
        for byte in data[pos + 6 : pos + 10]:
            size = (size << 7) | (byte & 0x7F)
        pos += 10 + size + (10 if data[pos + 5] & 0x10 else 0)
    return pos


def audio_end(data: bytes) -> int:
    """Where the audio ends: before an ID3v1 tag and an APEv2 tag at the end, if any."""
    end = len(data)
    if end >= 128 and data[end - 128 : end - 125] == b"TAG":
        end -= 128
    if end >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
        size = int.from_bytes(data[end - 20 : end - 16], "little")
        end -= size + (32 if data[end - 21] & 0x80 else 0)
    return max(end, 0)


@dataclass
class Scan:
    """What walking the frames found."""

    first: int = -1  # offset of the first frame
    frames: int = 0  # audio frames, not counting a Xing/Info frame
    samples: int = 0
    sample_rate: int = 0
    audio_bytes: int = 0
    xing_frames: int | None = None  # the frame count the Xing/Info/VBRI header claims
    xing_bytes: int | None = None  # the byte count it claims (Info frame included)
    truncated_by: int = 0  # bytes missing from the last frame
    junk_at: int | None = None  # offset of unreadable data before the end of the audio
    junk_bytes: int = 0


def _xing(data: bytes, pos: int, frame: Frame) -> tuple[int, int | None] | None:
    """(frames, bytes) from a Xing/Info or VBRI header in the frame at ``pos``, if it has one."""
    side = (32 if not frame.mono else 17) if frame.mpeg1 else (17 if not frame.mono else 9)
    tag = pos + 4 + side
    if data[tag : tag + 4] in (b"Xing", b"Info"):
        flags = int.from_bytes(data[tag + 4 : tag + 8], "big")
        at = tag + 8
        frames = size = None
        if flags & 1:
            frames = int.from_bytes(data[at : at + 4], "big")
            at += 4
        if flags & 2:
            size = int.from_bytes(data[at : at + 4], "big")
        return (frames or 0), size
    if data[pos + 36 : pos + 40] == b"VBRI":
        return int.from_bytes(data[pos + 50 : pos + 54], "big"), int.from_bytes(data[pos + 46 : pos + 50], "big")
    return None


def scan(data) -> Scan:
    """Find the frames of an MP3 (bytes or an mmap).

    With a Xing/Info header giving frame and byte counts, only the first frame is read and the
    file's length is checked against the byte count; otherwise every frame header is visited.
    """
    result = Scan()
    start, end = audio_start(data), audio_end(data)
    pos = start
    # Find the first frame: a valid header followed by another one (or the end of the audio).
    while pos < end:
        pos = data.find(b"\xff", pos, end)
        if pos == -1:
            return result
        frame = frame_at(data, pos)
        if frame and (pos + frame.length >= end or frame_at(data, pos + frame.length)):
            break
        pos += 1
    else:
        return result
    result.first = pos
    result.sample_rate = frame.sample_rate
    xing = _xing(data, pos, frame)
    if xing is not None:
        result.xing_frames, result.xing_bytes = xing
        if result.xing_frames and result.xing_bytes:
            available = end - pos
            result.frames = result.xing_frames
            result.audio_bytes = min(available, result.xing_bytes)
            if available < result.xing_bytes:
                result.truncated_by = result.xing_bytes - available
            return result
        pos += frame.length
    while pos < end:
        frame = frame_at(data, pos)
        if frame is None:
            result.junk_at, result.junk_bytes = pos, end - pos
            break
        result.frames += 1
        result.samples += frame.samples
        if pos + frame.length > end:
            result.truncated_by = pos + frame.length - end
            result.audio_bytes += end - pos
            break
        result.audio_bytes += frame.length
        pos += frame.length
    return result
