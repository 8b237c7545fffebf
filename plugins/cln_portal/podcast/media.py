"""An episode's audio as the build holds it (format, size, duration, tags, chapters, artwork),
and its form in the build's metadata cache. Read from files by :mod:`.audio`."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path


from ..content.text import clean_text

#: Extension -> (format name, MIME type for the enclosure).
FORMATS = {
    ".mp3": ("mp3", "audio/mpeg"),
    ".m4a": ("m4a", "audio/x-m4a"),
    ".mp4": ("mp4", "audio/mp4"),
    ".ogg": ("ogg", "audio/ogg"),
    ".oga": ("ogg", "audio/ogg"),
    ".opus": ("opus", "audio/ogg"),
    ".flac": ("flac", "audio/flac"),
}
#: The formats Apple Podcasts lists; the others are read but reported.
APPLE_FORMATS = ("mp3", "m4a", "mp4")


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds from the start of the audio
    title: str


@dataclass(frozen=True)
class Artwork:
    data: bytes
    mime: str  # "image/jpeg" or "image/png", from the bytes themselves

    @property
    def extension(self) -> str:
        return ".png" if self.mime == "image/png" else ".jpg"


@dataclass
class Audio:
    """One audio file as read from disk. ``tags`` holds the mapped fields as plain text."""

    path: Path
    format: str  # "mp3", "m4a", "mp4", "ogg", "opus", "flac"
    mime: str
    size: int  # bytes: the enclosure length
    mtime: float
    duration: float  # seconds
    bitrate: int  # bits per second
    tags: dict[str, list[str]] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    artwork: Artwork | None = None
    fingerprint: str = ""  # hash of the audio stream without its tags: survives re-tagging

    @property
    def apple_compatible(self) -> bool:
        return self.format in APPLE_FORMATS

    def tag(self, name: str) -> str | None:
        values = [v for v in self.tags.get(name, []) if v]
        return values[0] if values else None


#: The format of :func:`encode`'s values in the metadata cache; change it when Audio changes.
CACHE_VERSION = "podcast-audio-1"


def encode(audio: Audio) -> dict:
    """An :class:`Audio` as JSON data, for the build's metadata cache (:mod:`cln_portal.runtime.filecache`)."""
    art = audio.artwork
    return {"path": str(audio.path), "format": audio.format, "mime": audio.mime, "size": audio.size,
            "mtime": audio.mtime, "duration": audio.duration, "bitrate": audio.bitrate,
            "tags": audio.tags, "chapters": [[c.start, c.title] for c in audio.chapters],
            "artwork": [base64.b64encode(art.data).decode("ascii"), art.mime] if art else None,
            "fingerprint": audio.fingerprint}


def decode(data: dict) -> Audio:
    art = data["artwork"]
    return Audio(path=Path(data["path"]), format=data["format"], mime=data["mime"], size=data["size"],
                 mtime=data["mtime"], duration=data["duration"], bitrate=data["bitrate"],
                 tags={k: list(v) for k, v in data["tags"].items()},
                 chapters=[Chapter(float(start), title) for start, title in data["chapters"]],
                 artwork=Artwork(base64.b64decode(art[0]), art[1]) if art else None,
                 fingerprint=data["fingerprint"])


def sniff_image(data: bytes) -> str | None:
    """The image type from its first bytes; a declared MIME type is often wrong."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return None


def texts(values) -> list[str]:
    out = []
    for value in values or []:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        text = clean_text(value)
        if text:
            out.append(text)
    return out


def artwork_of(data: bytes | None) -> Artwork | None:
    if not data:
        return None
    mime = sniff_image(bytes(data))
    return Artwork(bytes(data), mime) if mime else Artwork(bytes(data), "application/octet-stream")
