"""Hostile and broken podcast input (audio, tags, sidecars, the GUID lock): built strict, outcome exact."""

from __future__ import annotations

import os
import random
import struct
import zlib

import podcastparser
import pytest
from lxml import etree
from mutagen.id3 import APIC, COMM, ID3, TALB, TDRC, TIT2, TPE1, TRCK

from hostile_site import Case, assert_outcome, build_case
from podcast_factory import SHOW, png, silent_mp3

EP = "podcasts/ep.mp3"
SIDECAR = "podcasts/ep.md"
SETTINGS = {"podcasts/show.yml": SHOW, "podcasts/show.png": png(1400, 1400), "podcasts/series.png": png(1400, 1400)}
TAGS = {"title": "An episode", "date": "2009-02-16", "comment": "About the episode.", "album": "Interviews",
        "artist": "Dr Amira Hassan"}


def mp3(encoding: int = 3, frames: int = 40, extra_frames=(), **tags):
    """A writer of a silent MP3 tagged with ``tags`` (defaults: a complete episode) in ``encoding``
    (0 Latin-1, 1 UTF-16, 3 UTF-8); a tag given as None is left out."""
    values = {**TAGS, **tags}

    def write(path):
        path.write_bytes(silent_mp3(frames))
        kinds = {"title": TIT2, "artist": TPE1, "album": TALB, "date": TDRC, "track": TRCK}
        id3 = ID3()
        for key, value in values.items():
            if value is None:
                continue
            if key == "comment":
                id3.add(COMM(encoding=encoding, lang="eng", desc="", text=value))
            else:
                id3.add(kinds[key](encoding=encoding, text=value))
        for frame in extra_frames:
            id3.add(frame)
        id3.save(str(path), padding=lambda info: 0)
    return write


EXEMPT = "transcript_exempt: silent test audio\n"


def podcast(**files):
    """The show settings, the given files, and a sidecar saying why the silent audio has no transcript."""
    return {**SETTINGS, SIDECAR: f"---\n{EXEMPT}---\n", **files}


def _feed(*titles: str, descriptions: tuple[str, ...] = ()):
    """podcastparser reads the feed back with exactly these episode titles (and descriptions)."""
    def check(site):
        path = site / "podcast" / "feed.xml"
        etree.parse(str(path))
        with path.open("rb") as stream:
            parsed = podcastparser.parse("https://example.org/feed.xml", stream)
        assert [e["title"] for e in parsed["episodes"]] == list(titles)
        if descriptions:
            assert [e["description"] for e in parsed["episodes"]] == list(descriptions)
    return check


def _page(*fragments: str, url: str = "podcast/ep"):
    def check(site):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for fragment in fragments:
            assert fragment in html, fragment
        assert "&amp;amp;" not in html
    return check


def _both(*checks):
    def check(site):
        for one in checks:
            one(site)
    return check


def _bytes(data: bytes):
    def write(path):
        path.write_bytes(data)
    return write


def _truncated(path):
    mp3()(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _symlink_outside(path):
    outside = path.parents[2] / "outside.mp3"
    mp3()(outside)
    os.symlink(outside, path)


def _noise_png(side: int) -> bytes:
    """A real RGB PNG of random pixels: ``side``**2 * 3 bytes that do not compress."""
    raw = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 0))
            + chunk(b"IEND", b""))


def _podcasts_elsewhere(path):
    """podcasts/ is a link to a folder outside the repository holding a tagged episode."""
    outside = path.parents[1] / "elsewhere"
    outside.mkdir()
    for name, content in {**SETTINGS, "ep.md": f"---\n{EXEMPT}---\n"}.items():
        data = content.encode() if isinstance(content, str) else content
        (outside / name.split("/")[-1]).write_bytes(data)
    mp3()(outside / "ep.mp3")
    os.symlink(outside, path)


def _cover_published(site):
    covers = list((site / "podcast" / "ep").glob("cover-*.png"))
    assert len(covers) == 1 and covers[0].stat().st_size > 10_000_000


def _lock(entries: str):
    return ("feeds: {}\nepisodes:\n" + entries)


CASES = [
    # --- audio files ---
    Case("audio-zero-bytes", podcast(**{EP: b""}), errors=(f"{EP}: is empty; export the episode again",)),
    Case("audio-text-named-mp3", podcast(**{EP: b"This is not audio, just a note saved as .mp3\n" * 20}),
         errors=(f"{EP}: is not an MP3 file: no MPEG audio frames found; export it again as MP3",)),
    Case("audio-truncated", podcast(**{EP: _truncated}),
         errors=(f"{EP}: is truncated: the audio stops before its last frame; export or download the file again",)),
    Case("audio-random-bytes", podcast(**{EP: random.Random(9).randbytes(50_000)}),
         errors=(f"{EP}: cannot be read as MP3 (can't sync to MPEG frame); export the file again",)),
    Case("audio-no-tags", podcast(**{EP: _bytes(silent_mp3(40))}),
         errors=(f"{EP}: title: has no title: tag the file with one",)),
    Case("audio-no-tags-sidecar-gives-all",
         podcast(**{EP: _bytes(silent_mp3(40)),
                    SIDECAR: "---\ntitle: From the sidecar\ndescription: Notes.\ndate: 2009-02-16\n" + EXEMPT + "---\n"}),
         check=_feed("From the sidecar")),
    Case("audio-latin-1-tags", podcast(**{EP: mp3(encoding=0, title="Caf\xe9 society \xa3 & \xbd",
                                                  comment="Na\xefve r\xe9sum\xe9")}),
         check=_feed("Caf\xe9 society \xa3 & \xbd", descriptions=("Na\xefve r\xe9sum\xe9",))),
    Case("audio-utf-16-tags", podcast(**{EP: mp3(encoding=1, title="\u2018Quoted\u2019 \u2013 \u00e9 \U0001f3a7",
                                                  comment="Zo\u00eb & Chlo\u00eb")}),
         check=_feed("\u2018Quoted\u2019 \u2013 \u00e9 \U0001f3a7", descriptions=("Zo\u00eb & Chlo\u00eb",))),
    Case("audio-episode-number-not-a-number", podcast(**{EP: mp3(track="five")}),
         errors=(f"{EP}: episode: 'five' is not a episode number; use a whole number from 1",)),
    Case("audio-ten-megabyte-tag",
         podcast(**{EP: mp3(extra_frames=[APIC(encoding=3, mime="image/png", type=3, desc="",
                                               data=_noise_png(1830))])}),
         check=_both(_feed("An episode"), _cover_published)),
    Case("audio-ten-megabyte-comment", podcast(**{EP: mp3(comment="All work and no play. " * 480_000)}),
         errors=(f"{EP}: description: is 10,559,999 characters long; podcast apps show at most 4,000",)),
    Case("audio-artwork-not-an-image",
         podcast(**{EP: mp3(extra_frames=[APIC(encoding=3, mime="image/jpeg", type=3, desc="",
                                               data=b"GIF89a not really")])}),
         errors=(f"{EP}: artwork: the artwork embedded in the file is not a JPEG or PNG image",)),
    Case("sidecar-artwork-not-an-image",
         podcast(**{EP: mp3(), "podcasts/cover.png": b"not a png", SIDECAR: "---\nartwork: cover.png\n" + EXEMPT + "---\n"}),
         errors=(f"{SIDECAR}:2: artwork: the artwork is not a JPEG or PNG image",)),
    Case("same-slug-mp3-and-m4a", podcast(**{EP: mp3(), "podcasts/ep.m4a": mp3()}),
         errors=("podcasts/ep.mp3: slug: duplicate slug 'ep': podcasts/ep.m4a and podcasts/ep.mp3 would be the same episode",)),
    # --- sidecars and paths ---
    Case("sidecar-yaml-error", podcast(**{EP: mp3(), SIDECAR: "---\ntitle: A: B\n---\n"}),
         errors=(f"{SIDECAR}:2: front matter is not valid YAML",)),
    Case("sidecar-impossible-date", podcast(**{EP: mp3(), SIDECAR: "---\ndate: 2026-13-40\n---\n"}),
         errors=(f"{SIDECAR}:2: date: '2026-13-40' is not a real date",)),
    Case("sidecar-artwork-outside-relative", podcast(**{EP: mp3(), SIDECAR: "---\nartwork: ../outside.png\n" + EXEMPT + "---\n",
                    "outside.png": png(1400, 1400)}),
         errors=(f"{SIDECAR}:2: artwork: ../outside.png is outside podcasts/; put the file in that folder",)),
    Case("sidecar-artwork-absolute", podcast(**{EP: mp3(), SIDECAR: "---\nartwork: /usr/share/pixmaps/x.png\n" + EXEMPT + "---\n"}),
         errors=(f"{SIDECAR}:2: artwork: /usr/share/pixmaps/x.png is outside podcasts/",)),
    Case("show-artwork-outside", {**podcast(**{EP: mp3()}), "outside.png": png(1400, 1400),
                                  "podcasts/show.yml": SHOW.replace("artwork: show.png", "artwork: ../outside.png")},
         errors=("podcasts/show.yml: artwork: ../outside.png is outside podcasts/",)),
    Case("audio-symlinked-folder-outside", {"podcasts": _podcasts_elsewhere},
         errors=(f"{EP}: leads to ", "elsewhere/ep.mp3, outside the repository")),
    Case("audio-symlink-outside", podcast(**{EP: _symlink_outside}),
         errors=(f"{EP}: is a symbolic link to ", "outside.mp3, outside the repository")),
    # --- text in tags and sidecars ---
    Case("tags-script-quotes-ampersands",
         podcast(**{EP: mp3(title="Mums & babies </title><script>alert(1)</script> \"Q&A\"",
                            comment="Tom & Jerry's <b>bold</b> \"quoted\" <script>alert(2)</script>",
                            artist="Dr O'Brien & <Co>")}),
         check=_both(_feed("Mums & babies </title><script>alert(1)</script> \"Q&A\""),
                     _page("Mums &amp; babies &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))),
    Case("tags-control-characters", podcast(**{EP: mp3(title="Bell\x07 and\x0b tab\x1b", comment="Form\x0cfeed")}),
         check=_feed("Bell and tab", descriptions=("Formfeed",))),
    Case("sidecar-javascript-person-link",
         podcast(**{EP: mp3(), SIDECAR: "---\npersons:\n  - name: X\n    role: guest\n    href: \"javascript:alert(1)\"\n---\n"}),
         errors=(f"{SIDECAR}: persons: href 'javascript:alert(1)' must be a web address (https://...)",)),
    Case("sidecar-javascript-link-in-show-notes",
         podcast(**{EP: mp3(), SIDECAR: "---\ntitle: T\n" + EXEMPT + "---\n[Listen](javascript:alert(1))\n"}),
         errors=("link 'javascript:alert(1)' is not allowed",)),
    # --- the published-episode lock ---
    Case("lock-drops-an-episode",
         podcast(**{EP: mp3(), "podcasts/published.yml": _lock("- slug: gone\n  guid: 11111111-2222-3333-4444-555555555555\n"
                                                                "  title: Gone\n  first_published: '2009-01-01'\n")}),
         errors=("podcasts/published.yml: episodes: episode 'gone' (guid 11111111-2222-3333-4444-555555555555) "
                 "was published on 2009-01-01 and its audio file is gone",)),
    Case("lock-re-guid-an-episode",
         podcast(**{EP: mp3(), SIDECAR: "---\nguid: 99999999-0000-0000-0000-000000000000\n---\n",
                    "podcasts/published.yml": _lock("- slug: ep\n  guid: 11111111-2222-3333-4444-555555555555\n"
                                                    "  title: An episode\n  first_published: '2009-01-01'\n")}),
         errors=(f"{SIDECAR}: guid: '99999999-0000-0000-0000-000000000000' differs from the guid "
                 "11111111-2222-3333-4444-555555555555 this episode was published with",)),
    Case("lock-published-episode-made-draft",
         podcast(**{EP: mp3(), SIDECAR: "---\ndraft: true\n---\n",
                    "podcasts/published.yml": _lock("- slug: ep\n  guid: 11111111-2222-3333-4444-555555555555\n"
                                                    "  title: An episode\n  first_published: '2009-01-01'\n")}),
         errors=(f"{SIDECAR}: draft: was published on 2009-01-01 and is now a draft",)),
    Case("lock-file-broken", podcast(**{EP: mp3(), "podcasts/published.yml": "feeds: [\n"}),
         errors=("podcasts/published.yml:2: cannot be read (expected the node content, but found '<stream end>'); "
                 "restore it from git history",)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_podcast(case, tmp_path):
    assert_outcome(case, build_case(case, tmp_path))
