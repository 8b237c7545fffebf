#!/usr/bin/env python3
"""Benchmark the portal build on a synthetic library: `make bench` (or `make bench SIZES=tiny`).

For each size it generates, in a temporary folder, a copy of the portal (mkdocs.yml, content/,
overrides/, the vocabulary) with N case studies of about 800 words, M podcast episodes (MP3
audio written in pure Python: silent MPEG-1 Layer III frames behind an Info header, ID3 tags
written with mutagen; one episode of 1 GB, sparse on disk) and K columns. Then it measures:

- our build (cold metadata cache, then a rebuild with a warm cache): wall time, peak memory;
- the same final Markdown built as plain pages by Material, without our plugin, with the same
  navigation (the Markdown each page had after our plugin, dumped by a hook in a separate run);
- where our plugin's time goes (its debug timings: audio metadata, feeds, ...);
- reading one episode's metadata from a 1 MB and from a 1 GB file; feeds for 1,000 episodes;
- search_index.json raw and gzipped, and the first search result in headless Chromium;
- `make serve`: from saving a case study to the new text being served (at N=1,000).

The figures are printed as one table; --json writes them for the README. These are benchmark
figures, not pass/fail tests: the targets are in the issue and the README.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

#: name -> (case studies, episodes, columns)
SIZES = {
    "tiny": (8, 4, 3),
    "100": (100, 50, 20),
    "1000": (1000, 200, 100),
    "3000": (3000, 500, 300),
}
DEFAULT_SIZES = ["100", "1000", "3000"]

BIG_AUDIO = 1024 ** 3  # one episode this large per library: its metadata must cost what 1 MB costs
SMALL_AUDIO = 1024 ** 2
MARKER = "benchmarkmarker"  # a word only the first case study's body has, to find its page

# ----------------------------------------------------------------------------------------------
# Audio: silent MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono, with a Xing "Info" header.

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


# ----------------------------------------------------------------------------------------------
# Synthetic content, in the formats the content sections read.

WORDS = (
    "clinical leaders network pathway maternity midwives service change team patients ward "
    "consultant nurse pharmacist therapist commissioning primary care trust hospital community "
    "discharge referral waiting times audit baseline outcome evaluation learning action set "
    "regional strategic health authority governance engagement improvement safety quality "
    "workforce training rota clinic outpatient theatre emergency department admission bed "
    "pathway redesign stakeholder board executive director funding business case pilot scale "
    "evidence measure data dashboard feedback survey family carer children older people "
    "mental health long term conditions diabetes stroke cardiology respiratory palliative "
    "hospice end life planning preference place death telehealth home visits general practice "
    "network meeting facilitator mentor coaching competency framework influence conflict "
    "innovation savvy negotiation boundaries resilience review protocol guideline standard "
    "variation cost saving efficiency productivity access equity inequalities deprivation"
).split()


SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he hi ho la le "
             "li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta "
             "te ti to tu va ve vi vo wa we wi ya yo ze zi st tr pl gr ch sh th ing ent ion al er").split()


def vocabulary_of(size: int = 8000, seed: int = 7) -> tuple[list[str], list[float]]:
    """Words with Zipf frequencies: the domain words most common, then made-up words, so that
    text compresses like English (gzip to about 36%) and the search index is realistic."""
    rng = random.Random(seed)
    words, seen = list(WORDS), set(WORDS)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    head = words[:1000]
    rng.shuffle(head)  # domain words among the common ones, not all at the very top
    words[:1000] = head
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


LEXICON, CUMULATIVE = vocabulary_of()


def prose(rng: random.Random, words: int) -> str:
    """Paragraphs of English-like text (its content is irrelevant; size, shape and entropy matter)."""
    stream = rng.choices(LEXICON, cum_weights=CUMULATIVE, k=words)
    sentences, at = [], 0
    while at < len(stream):
        length = rng.randint(9, 18)
        text = " ".join(stream[at:at + length])
        sentences.append(text[0].upper() + text[1:] + ".")
        at += length
    return "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))


def yaml_dump(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


@dataclass
class Library:
    root: Path
    n: int
    m: int
    k: int
    audio_bytes: int = 0  # apparent size of all audio
    audio_disk: int = 0  # blocks really used
    big_episode: Path | None = None
    small_episode: Path | None = None
    marker_source: Path | None = None


def vocabulary_names(root: Path) -> dict[str, list[str]]:
    import yaml

    data = yaml.safe_load((root / "content/_data/vocabulary.yml").read_text(encoding="utf-8"))
    return {kind: [t["name"] for t in terms] for kind, terms in data.items() if isinstance(terms, list)}


def iso(day: int) -> str:
    import datetime

    return (datetime.date(2007, 1, 1) + datetime.timedelta(days=day)).isoformat()


def case_study(rng: random.Random, i: int, n: int, vocab: dict) -> tuple[str, str]:
    slug = f"case-study-{i:05d}"
    meta = {
        "title": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} redesign in {rng.choice(WORDS)} {i}",
        "summary": prose(rng, 25).replace("\n", " "),
        "date": iso(i % 1500),
        "region": rng.choice(vocab["regions"]),
        "pathways": rng.sample(vocab["pathways"], 2),
        "organisation": f"{rng.choice(WORDS).capitalize()} NHS Foundation Trust",
        "authors": [{"name": f"Dr Author {i}", "role": "consultant physician"}],
        "competencies": rng.sample(vocab.get("competencies", []), min(2, len(vocab.get("competencies", [])))),
        "qualities": rng.sample(vocab.get("qualities", []), min(2, len(vocab.get("qualities", [])))),
        "tags": rng.sample(WORDS, 3),
        "contact": f"author{i}@nhs.example",
        "related": [f"case-study-{(i + 1) % n:05d}"] if n > 1 else [],
        "status": "published",
    }
    sections = ["Background", "Aims", "What we did", "Results", "Key learning points"]
    texts = [prose(rng, 160) for _ in sections]
    if i == 0:
        texts[0] = f"{MARKER} {texts[0]}"
    body = "\n\n".join(f"## {s}\n\n{t}" for s, t in zip(sections, texts))
    return slug, f"---\n{yaml_dump(meta)}---\n\n{body}\n"


def episode_sidecar(rng: random.Random, i: int) -> str:
    """Even episodes: a description and show notes; every episode: a transcript (the episode
    pages require one)."""
    meta = {"description": prose(rng, 30).replace("\n", " ")} if i % 2 == 0 else {}
    notes = prose(rng, 300) if i % 2 == 0 else ""
    transcript = "[00:00:00] **Presenter:** " + " ".join(prose(rng, 60).split())
    front = f"---\n{yaml_dump(meta)}---\n\n" if meta else ""
    return f"{front}{notes}\n\n## Transcript\n\n{transcript}\n"


def column(rng: random.Random, i: int) -> tuple[str, str]:
    slug = f"column-{i:04d}"
    import datetime

    # A real YAML date, unquoted: Material's blog reads a quoted one as text.
    meta = {"date": datetime.date.fromisoformat(iso(i * 7 % 1500)), "title": f"Column {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            "standfirst": f"The director on {rng.choice(WORDS)} and {rng.choice(WORDS)} in the regions",
            "authors": ["raj-kumar"], "categories": ["Director's column"],
            "description": prose(rng, 20).replace("\n", " ")}
    return slug, f"---\n{yaml_dump(meta)}---\n\n{prose(rng, 600)}\n"


def generate(root: Path, n: int, m: int, k: int, *, seed: int = 1, big: int = BIG_AUDIO,
             sparse: bool = True, repo: Path = REPO) -> Library:
    """A copy of the portal with N case studies, M episodes and K columns under ``root``."""
    rng = random.Random(seed)
    for name in ("mkdocs.yml", "content", "overrides", "podcasts", "case_studies"):
        src = repo / name
        if src.is_dir():
            # podcasts/: the show settings and artwork, not the sample episodes and their lock file.
            skip = ("*.mp3", "*.md", "published.yml") if name == "podcasts" else ("*.mp3",)
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns(*skip))
        elif src.is_file():
            shutil.copy2(src, root / name)
    lib = Library(root, n, m, k)
    vocab = vocabulary_names(root)

    cases = root / "case_studies"
    cases.mkdir(exist_ok=True)
    for i in range(n):
        slug, text = case_study(rng, i, n, vocab)
        (cases / f"{slug}.md").write_text(text, encoding="utf-8")
        if i == 0:
            lib.marker_source = cases / f"{slug}.md"

    pods = root / "podcasts"
    pods.mkdir(exist_ok=True)
    for i in range(m):
        slug = f"episode-{i:04d}"
        size = big if i == 0 and big else SMALL_AUDIO if i == 1 else rng.randint(200_000, 600_000)
        tags = {"title": f"Episode {i + 1}: {rng.choice(WORDS)} in practice", "date": iso(i * 9 % 1500),
                "number": i + 1, "description": prose(rng, 40).replace("\n", " ")}
        path = pods / f"{slug}.mp3"
        write_mp3(path, size, tags, sparse=sparse)
        (pods / f"{slug}.md").write_text(episode_sidecar(rng, i), encoding="utf-8")
        st = path.stat()
        lib.audio_bytes += st.st_size
        lib.audio_disk += st.st_blocks * 512
        if i == 0:
            lib.big_episode = path
        if i == 1:
            lib.small_episode = path

    posts = root / "content" / "columns" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(k):
        slug, text = column(rng, i)
        (posts / f"{slug}.md").write_text(text, encoding="utf-8")
    return lib


# ----------------------------------------------------------------------------------------------
# Building, measured.

# Runs MkDocs in a child process with our plugin's debug lines (its timings) sent to a file.
CHILD = """
import logging, os, sys
handler = logging.FileHandler(os.environ["CLN_BENCH_LOG"])
handler.setLevel(logging.DEBUG)
logger = logging.getLogger("mkdocs.plugins.cln_portal")
logger.setLevel(logging.DEBUG)
logger.addHandler(handler)
from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""

# A MkDocs hook (in a separate, unmeasured run) that records the navigation and the Markdown
# every page has after our plugin, then stops before rendering.
DUMP_HOOK = '''
import json, os
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["CLN_BENCH_DUMP"])


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def item(entry):
    if entry.is_section:
        return {entry.title: [item(child) for child in entry.children]}
    if entry.is_page:
        return {entry.title: entry.file.src_uri} if entry.title else entry.file.src_uri
    return {entry.title: entry.url}


@event_priority(-10)  # after our plugin, before Material's blog attaches its views
def on_nav(nav, config, files):
    (OUT / "nav.json").write_text(json.dumps([item(entry) for entry in nav.items]))


@event_priority(-10)  # after our plugin, before the blog and tags plugins (they run again)
def on_page_markdown(markdown, page, config, files):
    if type(page).__module__.startswith("material.plugins.blog"):
        # Views (index, archive, categories) the blog plugin makes again. A post (a column) is
        # written as our plugin made it, under its own front matter, where the blog reads it.
        if type(page).__name__ == "Post" and page.file.abs_src_path:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            front = source.split("---", 2)[1] if source.startswith("---") else "\\n"
            target = OUT / "docs" / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"---{front}---\\n\\n{markdown}", encoding="utf-8")
        return markdown
    # Listing pages get their lists after conversion (cln_portal.case_studies.render.LIST): a
    # plain page carries the list in its Markdown, as a hand-written page would.
    text = markdown
    plugin = config.plugins.get("cln")
    for section in getattr(plugin, "sections", []):
        listing = getattr(section, "listings", {}).get(page.file.src_uri)
        if listing is not None:
            from cln_portal.case_studies.render import LIST
            text = text.replace(LIST, listing, 1)
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.safe_dump(plain(page.meta), sort_keys=False, allow_unicode=True) if page.meta else ""
    target.write_text(f"---\\n{meta}---\\n\\n{text}" if meta else text, encoding="utf-8")
    return markdown


@event_priority(-100)
def on_env(env, config, files):
    raise SystemExit(0)  # every page's Markdown is written; rendering is not needed
'''


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a busy machine
    timings: dict[str, float] = field(default_factory=dict)


def measured(cmd: list[str], cwd: Path, env: dict) -> Run:
    """Wall time and peak RSS of one child process (os.wait4 gives that child's own rusage)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss * 1024, proc.returncode, stderr,
               cpu=usage.ru_utime + usage.ru_stime)


def child_env(**extra) -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Compiled modules are cached as on any comms team machine: MkDocs and Material were compiled
    # when pip installed them, and our plugin (installed editable) is compiled by the first build.
    # Without the cache every build would compile the plugin's source again (0.1 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SITE_URL", None)
    env.update(extra)
    return env


def build(project: Path, config: str, site: Path, *, strict: bool = True) -> Run:
    log = project / f".bench-{site.name}.log"
    log.write_text("")
    cmd = [PYTHON, "-c", CHILD, "build", "-f", config, "-d", str(site)]
    if strict:
        cmd.append("--strict")
    run = measured(cmd, project, child_env(CLN_BENCH_LOG=str(log)))
    if run.returncode != 0:
        raise SystemExit(f"Build of {project / config} failed:\n{run.stderr[-4000:]}")
    for label, seconds in re.findall(r"\btiming (\S+) ([\d.]+)", log.read_text()):
        run.timings[label] = run.timings.get(label, 0.0) + float(seconds)
    return run


def load_config(project: Path) -> dict:
    from mkdocs.utils import yaml as mkyaml

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return mkyaml.yaml_load(f)


def plain_portal(project: Path) -> str:
    """Write plain.yml: Material without our plugin, building the dumped Markdown, same nav."""
    dump = project / ".bench-dump"
    shutil.rmtree(dump, ignore_errors=True)
    (dump / "docs").mkdir(parents=True)
    (project / "bench_dump_hook.py").write_text(DUMP_HOOK)
    (project / "dump.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - bench_dump_hook.py\n")
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", "dump.yml", "-d", str(project / ".bench-dump-site")]
    result = subprocess.run(cmd, cwd=project, env=child_env(CLN_BENCH_DUMP=str(dump)),
                            capture_output=True, text=True)
    if result.returncode != 0 or not (dump / "nav.json").exists():
        raise SystemExit(f"Dumping the final Markdown failed:\n{result.stderr[-4000:]}")
    config = load_config(project)
    docs = project / "plain_docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / config.get("docs_dir", "docs"), docs)  # assets, blog posts
    shutil.copytree(dump / "docs", docs, dirs_exist_ok=True)  # every page as our plugin made it
    plugins = []
    for entry in config.get("plugins", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name.split("/")[-1] != "cln":
            plugins.append(entry)
    plain = {"INHERIT": "mkdocs.yml", "docs_dir": "plain_docs", "plugins": plugins,
             "nav": json.loads((dump / "nav.json").read_text())}
    (project / "plain.yml").write_text(yaml_dump(plain))
    return "plain.yml"


# ----------------------------------------------------------------------------------------------
# Audio metadata and feeds, through the core's own functions when they exist.

def audio_reader():
    """The core's function that reads an episode's metadata from its audio file, if landed."""
    try:
        from cln_portal.podcast import audio  # type: ignore
    except ImportError:
        return None, "none"
    return (lambda path: audio.read(path, path.name)), "cln_portal.podcast.audio.read"


def per_call(fn, *args, repeat: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def audio_costs(lib: Library) -> dict:
    """Seconds to read one episode's metadata: 1 MB file versus 1 GB file (best of 20)."""
    import mutagen

    reader, name = audio_reader()
    if reader is None:
        reader, name = (lambda p: mutagen.File(p)), "mutagen.File (no core reader on main)"
    out = {"reader": name}
    for label, path in (("1 MB", lib.small_episode), ("1 GB", lib.big_episode)):
        if path is not None:
            out[label] = per_call(reader, path)
    return out


def feed_cost(work: Path, repo: Path, count: int = 1000) -> dict:
    """Seconds to build every feed of a show with ``count`` episodes, through the core."""
    try:
        from cln_portal import podcast as core
    except ImportError:
        return {"error": "no podcast core on this branch"}
    root = work / "feeds"
    folder = root / "podcasts"
    shutil.copytree(repo / "podcasts", folder, ignore=shutil.ignore_patterns("*.mp3", "*.md", "published.yml"))
    rng = random.Random(3)
    for i in range(count):
        tags = {"title": f"Episode {i + 1}: {rng.choice(WORDS)} in practice", "date": iso(i % 1500),
                "number": i + 1, "description": prose(rng, 40).replace("\n", " ")}
        write_mp3(folder / f"episode-{i:04d}.mp3", 20 * FRAME_SIZE, tags)
        (folder / f"episode-{i:04d}.md").write_text(episode_sidecar(rng, i), encoding="utf-8")
    start = time.perf_counter()
    podcast = core.load(root, core.Options(site_url="https://example.org/portal/"))
    loaded = time.perf_counter() - start
    errors = [p for p in podcast.problems if p.severity == "error"]
    if errors:
        return {"error": f"{len(errors)} problems, first: {errors[0]}"}
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        feeds = {path: data for path, data in podcast.outputs().items() if path.endswith("feed.xml")}
        best = min(best, time.perf_counter() - start)
    shutil.rmtree(root, ignore_errors=True)
    return {"episodes": count, "load": loaded, "feeds": best, "feed files": len(feeds),
            "bytes": sum(len(d) for d in feeds.values())}


# ----------------------------------------------------------------------------------------------
# Search: index size, and the first result in a real browser.

def search_sizes(site: Path) -> tuple[int, int]:
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6))


@contextlib.contextmanager
def serve_static(site: Path):
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(site), **kw)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_search_result(site: Path, query: str = "maternity") -> dict:
    """Open the home page, type a word at once, time the first result (headless Chromium)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright not installed"}
    if not Path("/usr/bin/chromium").exists():
        return {"error": "no /usr/bin/chromium"}
    with serve_static(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--disable-background-networking", "--no-first-run"])
        try:
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url, wait_until="load")
            loaded = time.perf_counter()
            page.locator("label.md-search__icon, .md-search__input").first.click()
            box = page.locator("input.md-search__input")
            box.press_sequentially(query, delay=30)
            typed = time.perf_counter()
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
            found = time.perf_counter()
        finally:
            browser.close()
    return {"page load": loaded - start, "after typing": found - typed, "from load": found - loaded}


# ----------------------------------------------------------------------------------------------
# make serve: save a case study, wait for the new text to be served.

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_of_marker(site: Path) -> str | None:
    for html in site.rglob("*.html"):
        if MARKER in html.read_text(encoding="utf-8", errors="replace"):
            return html.relative_to(site).as_posix().removesuffix("index.html")
    return None


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def serve_latency(project: Path, lib: Library, page: str, *, dirty: bool = False) -> dict:
    """Seconds from saving the marked case study to `mkdocs serve` serving the change: three
    edits of its text (the median counts) and one of its title. ``dirty``: as `make serve` runs
    it (``--dirty``, the plugin rebuilding what the edit affects); otherwise MkDocs' full rebuild."""
    port = free_port()
    cmd = [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    if dirty:
        cmd += ["--dirty"]
    # The plugin watches case_studies/ and podcasts/ itself (on_serve), as under `make serve`.
    log = open(project / ".bench-serve.log", "w")  # a pipe nobody reads would block the server
    proc = subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=log, stderr=log,
                            start_new_session=True)
    from urllib.parse import urlsplit

    base = urlsplit(load_config(project).get("site_url") or "/").path.strip("/")
    url = f"http://127.0.0.1:{port}/{base + '/' if base else ''}{page}"
    try:
        start = time.perf_counter()
        while True:
            try:
                if MARKER in fetch(url):
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.perf_counter() - start > 600:
                log.flush()
                tail = (project / ".bench-serve.log").read_text().strip().splitlines()[-1:]
                return {"error": f"mkdocs serve did not come up: {' '.join(tail)}"}
            time.sleep(0.2)
        first = time.perf_counter() - start
        original = lib.marker_source.read_text(encoding="utf-8")
        times = []
        for edit in ("body", "body", "body", "title"):
            time.sleep(1.5)  # let the watcher settle, as between a person's saves
            token = f"edited{len(times)}x{int(time.time())}"
            text = lib.marker_source.read_text(encoding="utf-8")
            if edit == "body":
                text = text.replace(MARKER, f"{MARKER} {token}", 1)
            else:
                text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)} {token}", text, count=1)
            saved = time.perf_counter()
            lib.marker_source.write_text(text, encoding="utf-8")
            while True:
                with contextlib.suppress(OSError):  # the server holds requests while it rebuilds
                    if token in fetch(url):
                        break
                if time.perf_counter() - saved > 600:
                    return {"error": f"the {edit} edit never showed"}
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
        lib.marker_source.write_text(original, encoding="utf-8")
        return {"first build": first, "edit to served": sorted(times[:3])[1], "title edit to served": times[3]}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


# ----------------------------------------------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def secs(s: float | None) -> str:
    if s is None:
        return "n/a"
    return f"{s:.2f} s" if s >= 0.1 else f"{s * 1000:.1f} ms"


def plugin_time(timings: dict, *words: str) -> float | None:
    """Seconds under the timing labels containing the first of ``words`` that any label has."""
    for word in words:
        hits = [v for k, v in timings.items() if word in k.lower()]
        if hits:
            return sum(hits)
    return None


def bench_size(name: str, work: Path, args) -> dict:
    n, m, k = SIZES[name]
    project = work / name
    project.mkdir(parents=True)
    t0 = time.perf_counter()
    lib = generate(project, n, m, k, big=0 if args.no_big_audio else BIG_AUDIO, repo=args.repo)
    row = {"size": name, "N": n, "M": m, "K": k, "generate": time.perf_counter() - t0,
           "audio apparent": lib.audio_bytes, "audio on disk": lib.audio_disk}
    cold = build(project, "mkdocs.yml", project / "site")
    plain_cfg = plain_portal(project)
    # Rebuilds alternate with plain builds, and the fastest of each counts: on a shared machine
    # the minimum is the figure least disturbed by other work.
    warms, plains = [], []
    for _ in range(args.repeat):
        warms.append(build(project, "mkdocs.yml", project / "site"))
        plains.append(build(project, plain_cfg, project / "site-plain", strict=False))
    warm = min(warms, key=lambda r: r.seconds)
    plain = min(plains, key=lambda r: r.seconds)
    warm.cpu, plain.cpu = min(r.cpu for r in warms), min(r.cpu for r in plains)
    row.update({
        "build cold": cold.seconds, "build": warm.seconds, "plain": plain.seconds,
        "ratio": warm.seconds / plain.seconds, "cpu": warm.cpu, "plain cpu": plain.cpu,
        "cpu ratio": warm.cpu / plain.cpu if plain.cpu else None, "peak rss": max(cold.peak_rss, warm.peak_rss),
        "plain rss": plain.peak_rss, "plugin total": sum(v for k_, v in warm.timings.items() if "." in k_),
        "timings": warm.timings, "timings cold": cold.timings,
        # The podcast section reads the audio in on_files and writes feeds in on_post_build.
        "audio metadata (build)": plugin_time(cold.timings, "audio metadata", "podcastsection.on_files"),
        "audio metadata (rebuild)": plugin_time(warm.timings, "audio metadata", "podcastsection.on_files"),
        "feeds (build)": plugin_time(warm.timings, "feed", "podcastsection.on_post_build"),
    })
    row["pages"] = sum(1 for _ in (project / "site").rglob("index.html"))  # pages, not transcripts
    row["plain pages"] = sum(1 for _ in (project / "site-plain").rglob("index.html"))
    row["search raw"], row["search gz"] = search_sizes(project / "site")
    row["audio read"] = audio_costs(lib)
    row["feeds 1000"] = feed_cost(project, args.repo, 1000 if name != "tiny" else 20)
    if not args.no_browser:
        row["search browser"] = first_search_result(project / "site")
    if name in args.serve:
        page = page_of_marker(project / "site")
        if page is None:
            row["serve"] = {"error": "no page shows the marked case study"}
        else:
            row["serve"] = serve_latency(project, lib, page)
            row["serve dirty"] = serve_latency(project, lib, page, dirty=True)
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    def cell(row, key, fmt):
        value = row
        for part in key.split("/"):
            value = value.get(part) if isinstance(value, dict) else None
        return fmt(value) if isinstance(value, (int, float)) else ("n/a" if value is None else str(value))

    spec = [
        ("case studies / episodes / columns", lambda r: f"{r['N']} / {r['M']} / {r['K']}"),
        ("build, cold cache (ours)", lambda r: cell(r, "build cold", secs)),
        ("HTML pages (ours / plain)", lambda r: f"{r['pages']} / {r['plain pages']}"),
        ("rebuild (ours)", lambda r: cell(r, "build", secs)),
        ("plain Material, same Markdown and nav", lambda r: cell(r, "plain", secs)),
        ("ours / plain (wall)", lambda r: cell(r, "ratio", lambda v: f"{v:.2f}")),
        ("CPU time, ours / plain", lambda r: f"{cell(r, 'cpu', secs)} / {cell(r, 'plain cpu', secs)} = "
                                              f"{cell(r, 'cpu ratio', lambda v: f'{v:.2f}')}"),
        ("our plugin's own hooks", lambda r: cell(r, "plugin total", secs)),
        ("peak memory (ours / plain)", lambda r: f"{cell(r, 'peak rss', mb)} / {cell(r, 'plain rss', mb)}"),
        ("podcast: reading episodes, cold / warm cache",
         lambda r: f"{cell(r, 'audio metadata (build)', secs)} / {cell(r, 'audio metadata (rebuild)', secs)}"),
        ("one episode's metadata, 1 MB / 1 GB",
         lambda r: f"{cell(r, 'audio read/1 MB', secs)} / {cell(r, 'audio read/1 GB', secs)}"),
        ("podcast: writing feeds and audio", lambda r: cell(r, "feeds (build)", secs)),
        ("feeds for 1,000 episodes (core)", lambda r: (
            f"{cell(r, 'feeds 1000/feeds', secs)} ({r['feeds 1000']['episodes']} episodes)"
            if "feeds" in r["feeds 1000"] else cell(r, "feeds 1000/error", str))),
        ("search_index.json (raw / gzip)", lambda r: f"{cell(r, 'search raw', mb)} / {cell(r, 'search gz', mb)}"),
        ("first search result after typing", lambda r: cell(r, "search browser/after typing", secs)),
        ("serve, text edit to served (mkdocs serve / make serve)",
         lambda r: f"{cell(r, 'serve/edit to served', secs)} / {cell(r, 'serve dirty/edit to served', secs)}"
         if "serve" in r else "not measured"),
        ("serve, title edit to served (mkdocs serve / make serve)",
         lambda r: f"{cell(r, 'serve/title edit to served', secs)} / {cell(r, 'serve dirty/title edit to served', secs)}"
         if "serve" in r else "not measured"),
        ("audio (apparent / on disk)", lambda r: f"{mb(r['audio apparent'])} / {mb(r['audio on disk'])}"),
    ]
    head = ["measure"] + [f"N={r['N']}" for r in rows]
    body = [[label] + [fn(r) for r in rows] for label, fn in spec]
    widths = [max(len(line[i]) for line in [head] + body) for i in range(len(head))]
    fmt = lambda line: "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(head), sep] + [fmt(line) for line in body])


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 ** 2:.0f} GB RAM"
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", default=None,
                        help=f"sizes to run: {', '.join(SIZES)} (default: {' '.join(DEFAULT_SIZES)})")
    parser.add_argument("--serve", default="1000",
                        help="sizes at which to time `mkdocs serve` edit-to-served (comma separated; '' for none)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium search timing")
    parser.add_argument("--no-big-audio", action="store_true", help="no 1 GB episode")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rebuilds and plain builds per size; the fastest of each counts")
    parser.add_argument("--keep", action="store_true", help="keep the generated portals")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the portal to copy (default: this one); with PYTHONPATH=<repo>/plugins "
                             "it benchmarks another branch's checkout")
    args = parser.parse_args(argv)
    sizes = args.sizes or DEFAULT_SIZES
    sizes = [s for chunk in sizes for s in chunk.replace(",", " ").split()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    args.serve = [s for s in args.serve.replace(",", " ").split()]

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cln-bench-", dir=args.workdir))
    rows = []
    try:
        for name in sizes:
            print(f"[bench] size {name}: N/M/K = {'/'.join(map(str, SIZES[name]))} in {work / name}",
                  file=sys.stderr, flush=True)
            rows.append(bench_size(name, work, args))
            if args.json:  # figures so far, in case a later size fails
                args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2, default=str))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}")
    print(table(rows))
    slowest = sorted(rows[-1]["timings"].items(), key=lambda kv: -kv[1])[:6]
    if slowest:
        print(f"Slowest plugin steps at N={rows[-1]['N']}: "
              + ", ".join(f"{k} {secs(v)}" for k, v in slowest))
    if len(rows) >= 2 and {"1000", "3000"} <= {r["size"] for r in rows}:
        by = {r["size"]: r for r in rows}
        print(f"Scaling N=3000 / N=1000: {by['3000']['build'] / by['1000']['build']:.2f}x wall, "
              f"{by['3000']['cpu'] / by['1000']['cpu']:.2f}x CPU")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
