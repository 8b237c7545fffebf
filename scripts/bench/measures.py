"""The individual measurements besides builds: an episode's audio metadata and the feeds,
through the core's own functions when they exist; a local web server for the browser."""

from __future__ import annotations

import contextlib
import http.server
import random
import shutil
import threading
import time
from pathlib import Path

from library import WORDS, Library, episode_sidecar, iso, prose
from mp3_frames import FRAME_SIZE, write_mp3


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


# A local web server for the browser measures (scripts/bench/searching.py).


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
