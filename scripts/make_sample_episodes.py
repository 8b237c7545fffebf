#!/usr/bin/env python3
"""Regenerate the sample podcast: artwork, episodes, their tags and sidecars, in podcasts/.

Speech comes from espeak-ng, MP3 from lame (Debian packages espeak-ng and lame), tags are written
with mutagen, artwork is drawn here in pure Python (PNG via zlib). The output is committed, so
building the portal needs none of these tools. Run from the repository root:

    .venv/bin/python scripts/make_sample_episodes.py

The speakers are fictional. Each episode gets chapters (ID3 CHAP/CTOC) at the start of a turn,
embedded artwork (its series' image), and a sidecar whose transcript has the exact start time
of every turn, measured from the generated speech.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import tempfile
import wave
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PODCASTS = ROOT / "podcasts"
RATE = 22050  # espeak-ng's output rate
GAP = 0.45  # seconds of silence between turns

NHS_BLUE = (0x00, 0x5E, 0xB8)
DARK_BLUE = (0x00, 0x30, 0x87)
WHITE = (0xFF, 0xFF, 0xFF)
PALE = (0xE8, 0xED, 0xEE)
YELLOW = (0xFF, 0xEB, 0x3B)

VOICES = {
    "Joanna Reid": "en-gb+f3",
    "Dr Samuel Adeyemi": "en-gb-x-rp",
    "Dr Helen Marsh": "en-gb+f4",
    "Priya Shah": "en-gb+f2",
}

EPISODES = [
    {
        "slug": "maternity-in-london",
        "title": "Twelve months on maternity: how London focused its network",
        "series": "Interviews", "number": 1, "season": 1, "date": "2009-03-05",
        "description": "A director of midwifery on why one region put its whole clinical leaders "
                       "programme into maternity services for a year, and what changed.",
        "persons": [("Joanna Reid", "host"), ("Dr Helen Marsh", "guest")],
        "interviewee": {"name": "Dr Helen Marsh", "role": "director of midwifery",
                        "organisation": "NHS London"},
        "notes": "Dr Helen Marsh, a director of midwifery, talks to Joanna Reid about the year NHS "
                 "London's clinical leaders spent on maternity services.\n\n"
                 "- Why a single pathway for a whole region\n- What the action learning sets did\n",
        "related": [],
        "turns": [
            ("Introduction", "Joanna Reid", "Welcome to the Clinical Leaders Network podcast. Today, "
             "maternity services in London, with a director of midwifery."),
            (None, "Dr Helen Marsh", "Thank you. For twelve months, every clinical leader in our "
             "region worked on one pathway: maternity and newborn care."),
            ("Why one pathway", "Joanna Reid", "Why put a whole programme into one pathway?"),
            (None, "Dr Helen Marsh", "Because midwives, obstetricians and commissioners could "
             "finally solve the same problems together, instead of in separate meetings."),
            ("What changed", "Joanna Reid", "And what changed for mothers?"),
            (None, "Dr Helen Marsh", "Fewer handovers, and one named midwife from booking to "
             "birth. We share the details as case studies on the portal."),
        ],
    },
    {
        "slug": "engaging-clinicians-in-reform",
        "title": "Engaging clinicians in service reform",
        "series": "Interviews", "number": 2, "season": 1, "date": "2009-04-02",
        "description": "A medical director on winning the trust of senior clinicians when a "
                       "service has to change, and on the politics of doing it well.",
        "persons": [("Joanna Reid", "host"), ("Dr Samuel Adeyemi", "guest")],
        "interviewee": {"name": "Dr Samuel Adeyemi", "role": "medical director",
                        "organisation": "an acute hospital trust in the West Midlands"},
        "notes": "Dr Samuel Adeyemi, a medical director, on clinician engagement: the first aim of "
                 "the Clinical Leaders Network.\n",
        "related": ["maternity-in-london"],
        "turns": [
            ("Introduction", "Joanna Reid", "This is the Clinical Leaders Network podcast. My guest "
             "leads a hospital trust's clinicians through service change."),
            (None, "Dr Samuel Adeyemi", "Change fails when clinicians hear about it last. Our "
             "network starts with the people who run the service every day."),
            ("Influence and politics", "Joanna Reid", "How much is influence, and how much is "
             "politics?"),
            (None, "Dr Samuel Adeyemi", "Both. Political astuteness is a leadership quality, not a "
             "dirty word. You learn who decides, and you bring evidence."),
        ],
    },
    {
        "slug": "competency-framework-briefing",
        "title": "Key information: the CLN competency framework",
        "series": "Key information", "number": 1, "season": 1, "date": "2009-03-19",
        "description": "What the network's competency framework covers, how it maps to the NHS "
                       "Leadership Qualities Framework, and how members use it.",
        "persons": [("Priya Shah", "host")],
        "notes": "A short briefing on the competency framework members use to evaluate their "
                 "own capabilities.\n",
        "related": [],
        "turns": [
            ("What the framework is", "Priya Shah", "The competency framework lets members "
             "evaluate their own capabilities and focus on how they influence change."),
            ("What it covers", "Priya Shah", "It covers conflict management, innovation and "
             "organisational savvy, and it maps to the fifteen NHS leadership qualities."),
            ("How to use it", "Priya Shah", "Use it before and after an action learning set, and "
             "bring the results to your next meeting."),
        ],
    },
    {
        "slug": "action-learning-sets-briefing",
        "title": "Key information: how action learning sets work",
        "series": "Key information", "number": 2, "season": 1, "date": "2009-04-16",
        "description": "How the network's regular action learning sets run, who takes part, and "
                       "what members bring to each meeting.",
        "persons": [("Priya Shah", "host")],
        "notes": "A short briefing on the regular action learning at the heart of the network.\n",
        "related": ["competency-framework-briefing"],
        "turns": [
            ("Who takes part", "Priya Shah", "About sixty senior clinicians in each strategic "
             "health authority meet in small sets, across specialties."),
            ("How a meeting runs", "Priya Shah", "Each member brings a real problem from their "
             "service. The set asks questions; it does not give advice."),
            ("Afterwards", "Priya Shah", "Members act, measure what changed, and report back at "
             "the next meeting."),
        ],
    },
]

SERIES = {
    "Interviews": "interviews.png",
    "Key information": "key-information.png",
}


# --- Artwork ------------------------------------------------------------------------------------

def write_png(path: Path, size: int, shapes: list) -> None:
    """An RGB PNG: NHS blue, with filled circles and rectangles drawn row by row."""
    rows = []
    for y in range(size):
        row = bytearray(bytes(NHS_BLUE) * size)
        for shape in shapes:
            kind, colour = shape[0], bytes(shape[-1])
            if kind == "rect":
                _, x0, y0, x1, y1, _ = shape
                if y0 <= y < y1:
                    row[x0 * 3 : x1 * 3] = colour * (x1 - x0)
            else:
                _, cx, cy, r, _ = shape
                dy = y - cy
                if abs(dy) < r:
                    half = int((r * r - dy * dy) ** 0.5)
                    x0, x1 = max(0, cx - half), min(size, cx + half)
                    row[x0 * 3 : x1 * 3] = colour * (x1 - x0)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def artwork() -> None:
    s = 1400
    base = [("rect", 0, 1180, s, s, DARK_BLUE), ("rect", 120, 1260, 700, 1300, WHITE)]
    # The show: three overlapping circles, a network of leaders.
    write_png(PODCASTS / "show.png", s, base + [
        ("circle", 470, 560, 250, WHITE), ("circle", 930, 560, 250, PALE),
        ("circle", 700, 860, 250, YELLOW), ("circle", 700, 660, 90, NHS_BLUE)])
    # Interviews: two speech bubbles.
    write_png(PODCASTS / SERIES["Interviews"], s, base + [
        ("circle", 500, 520, 300, WHITE), ("rect", 330, 760, 420, 900, WHITE),
        ("circle", 920, 800, 260, YELLOW), ("rect", 1010, 1000, 1100, 1120, YELLOW)])
    # Key information: an "i" and three bars.
    write_png(PODCASTS / SERIES["Key information"], s, base + [
        ("circle", 420, 330, 110, YELLOW), ("rect", 330, 520, 510, 1060, YELLOW),
        ("rect", 640, 420, 1240, 520, WHITE), ("rect", 640, 640, 1140, 740, WHITE),
        ("rect", 640, 860, 1040, 960, WHITE)])


# --- Speech and audio ---------------------------------------------------------------------------

def speak(text: str, voice: str, folder: Path, n: int) -> bytes:
    out = folder / f"turn{n}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(out), text], check=True)
    with wave.open(str(out)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2
        return w.readframes(w.getnframes())


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def make_episode(spec: dict, folder: Path) -> None:
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPOS, TRCK, CTOCFlags

    pcm = bytearray()
    starts = []
    silence = bytes(int(GAP * RATE) * 2)
    for n, (_, speaker, text) in enumerate(spec["turns"]):
        if n:
            pcm += silence
        starts.append(len(pcm) / 2 / RATE)
        pcm += speak(text, VOICES[speaker], folder, n)
    pcm += silence
    total = len(pcm) / 2 / RATE
    wav = folder / "episode.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(pcm))
    mp3 = PODCASTS / f"{spec['slug']}.mp3"
    # Mono, 16 kHz, 24 kbit/s: clear speech in about 3 kB a second. lame writes an Info header.
    subprocess.run(["lame", "--quiet", "-m", "m", "--resample", "16", "-b", "24", str(wav), str(mp3)],
                   check=True)

    tags = ID3()
    tags.add(TIT2(encoding=3, text=spec["title"]))
    tags.add(TPE1(encoding=3, text=[name for name, _ in spec["persons"]]))
    tags.add(TALB(encoding=3, text=spec["series"]))
    tags.add(TDRC(encoding=3, text=spec["date"]))
    tags.add(TRCK(encoding=3, text=str(spec["number"])))
    tags.add(TPOS(encoding=3, text=str(spec["season"])))
    tags.add(TCON(encoding=3, text="Podcast"))
    tags.add(COMM(encoding=3, lang="eng", desc="", text=spec["description"]))
    art = (PODCASTS / SERIES[spec["series"]]).read_bytes()
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=art))
    chapters = [(start, turn[0]) for start, turn in zip(starts, spec["turns"]) if turn[0]]
    ids = [f"ch{i}" for i in range(len(chapters))]
    for i, (start, title) in enumerate(chapters):
        end = chapters[i + 1][0] if i + 1 < len(chapters) else total
        tags.add(CHAP(element_id=ids[i], start_time=int(start * 1000), end_time=int(end * 1000),
                      sub_frames=[TIT2(encoding=3, text=title)]))
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text="Chapters")]))
    tags.save(str(mp3), v2_version=4, padding=lambda info: 0)

    lines = ["---", f"persons:"]
    for name, role in spec["persons"]:
        lines += [f"  - name: {name}", f"    role: {role}"]
    if spec.get("interviewee"):
        lines.append("interviewee:")
        lines += [f"  {key}: {value}" for key, value in spec["interviewee"].items()]
    if spec["related"]:
        lines.append("related:")
        lines += [f"  - {slug}" for slug in spec["related"]]
    lines += ["---", "", spec["notes"].rstrip("\n"), "", "## Transcript", ""]
    for start, (_, speaker, text) in zip(starts, spec["turns"]):
        lines += [f"[{clock(start)}] **{speaker}:** {text}", ""]
    (PODCASTS / f"{spec['slug']}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{mp3.relative_to(ROOT)}: {total:.1f} s, {mp3.stat().st_size} bytes, {len(chapters)} chapters")


def main() -> int:
    PODCASTS.mkdir(exist_ok=True)
    artwork()
    with tempfile.TemporaryDirectory() as tmp:
        for spec in EPISODES:
            make_episode(spec, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
