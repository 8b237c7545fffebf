"""Podcast artwork checked against Apple's rules, from the image headers alone (no Pillow).

Apple Podcasts wants square artwork of 1400 to 3000 pixels, JPEG or PNG, in the RGB colour
space. Only the PNG IHDR chunk or the JPEG start-of-frame segment is needed to check that.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_SIZE, MAX_SIZE = 1400, 3000


@dataclass(frozen=True)
class ImageInfo:
    mime: str
    width: int
    height: int
    colour: str  # "RGB", "RGBA", "greyscale", "palette", "CMYK"


def inspect(data: bytes) -> ImageInfo | None:
    """Type, size and colour space of a PNG or JPEG; None when the bytes are neither."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 26:
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        colour = {0: "greyscale", 2: "RGB", 3: "palette", 4: "greyscale", 6: "RGBA"}.get(data[25], "unknown")
        return ImageInfo("image/png", width, height, colour)
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 4 <= len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            if marker == 0xFF:  # fill byte
                pos += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            # Start of frame: SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                if pos + 10 > len(data):
                    return None
                height = int.from_bytes(data[pos + 5 : pos + 7], "big")
                width = int.from_bytes(data[pos + 7 : pos + 9], "big")
                components = data[pos + 9]
                colour = {1: "greyscale", 3: "RGB", 4: "CMYK"}.get(components, "unknown")
                return ImageInfo("image/jpeg", width, height, colour)
            if marker == 0xDA:  # start of scan before any frame header
                return None
            pos += 2 + length
    return None


def check(data: bytes) -> tuple[ImageInfo | None, list[str]]:
    """What is wrong with artwork for Apple Podcasts, as messages a designer can act on."""
    info = inspect(data)
    if info is None:
        return None, ["is not a JPEG or PNG image; export the artwork as JPEG or PNG"]
    wrong = []
    if info.width != info.height:
        wrong.append(f"is {info.width}x{info.height} pixels; podcast artwork must be square")
    if not MIN_SIZE <= max(info.width, info.height) <= MAX_SIZE or not MIN_SIZE <= min(info.width, info.height):
        wrong.append(f"is {info.width}x{info.height} pixels; Apple Podcasts needs {MIN_SIZE}x{MIN_SIZE} "
                     f"to {MAX_SIZE}x{MAX_SIZE}")
    if info.colour not in ("RGB", "palette"):
        wrong.append(f"is in the {info.colour} colour space; save it as RGB"
                     + (" without transparency" if info.colour == "RGBA" else ""))
    return info, wrong
