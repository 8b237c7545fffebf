"""Benchmark of `cln stats` counting: N log lines (default 1,000,000) counted, time and memory.

    python scripts/bench_stats.py [--lines N] [--keep DIR]

Writes a synthetic JSON access log in the shipped nginx format (streamed, so making it costs no
memory): a month of traffic from 20,000 listeners and readers over 8 episodes and 40 pages:
15% page views, 55% assets, 30% audio (of which 10% full downloads, 70% byte ranges, and 0-1
probes, HEAD requests, 304s and bots), a fifth of clients on IPv6; then counts it into a fresh database in a child process and
prints the wall time, lines per second and the child's peak memory (max RSS). Targets: under
10 s and under 300 MB for 1,000,000 lines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

START = 1_772_323_200.0  # 2026-03-01 00:00 UTC
UAS = ["Podcasts/1650.20 CFNetwork/1333.0.4 Darwin/21.5.0", "Spotify/8.9.0 Android/34 (Pixel 8)",
       "PocketCasts/1.0 (Pocket Casts - Android v7.3)", "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
       "AppleCoreMedia/1.0.0.20A362 (iPhone; U; CPU OS 16_0 like Mac OS X; en_gb)",
       "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"]
BOTS = ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.31.0",
        "atc/1.0 watchOS/10.0 model/Watch6,1 hwp/t8301 build/21R360 (6; dt:245)"]
EPISODES = [(f"episode-{i}", 30_000_000 + i * 1_000_000) for i in range(8)]
PAGES = [f"case-studies/case-{i}/" for i in range(30)] + [f"interviews/interview-{i}/" for i in range(10)]
#: A page view brings its styles, scripts and images: most lines of a real log are assets.
PAGE_SHARE, ASSET_SHARE = 0.15, 0.55  # the rest (30%) are audio requests
ASSETS = ["assets/javascripts/bundle.a5f9d56c.min.js", "assets/stylesheets/main.57a0d79d.min.css",
          "assets/images/favicon.png", "search/search_index.json", "podcast/feed.xml"]


def catalogue():
    from cln_portal.stats.catalogue import Catalogue, Episode, Page

    cat = Catalogue(prefix="/portal/")
    for slug, size in EPISODES:
        cat.add_episode(Episode(slug, slug, f"podcast/{slug}/{slug}.mp3", START, size, 1_000_000))
    for path in PAGES:
        kind = "case study" if path.startswith("case") else "interview"
        cat.add_page(Page(kind, path.split("/")[1], path, path, ("NHS London",), ("Acute care",), ("Innovation",)))
    return cat


def write_log(path: Path, lines: int, seed: int = 18) -> None:
    rng = random.Random(seed)
    listeners = []
    for i in range(20_000):
        addr = (f"2001:db8:{i % 65536:x}:{i // 65536:x}::{rng.randrange(1, 65535):x}" if i % 5 == 0
                else f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        listeners.append((addr, rng.choice(UAS)))
    step = 30 * 86400 / lines
    with open(path, "w", encoding="utf-8") as out:
        for n in range(lines):
            t = START + n * step
            addr, ua = rng.choice(listeners)
            roll = rng.random()
            method, status, sent, rng_header, content_range = "GET", 200, 0, "", ""
            if roll < PAGE_SHARE:
                where, sent = "/portal/" + rng.choice(PAGES), 25_000
            elif roll < PAGE_SHARE + ASSET_SHARE:
                where, sent = "/portal/" + rng.choice(ASSETS), 80_000
            else:
                slug, size = rng.choice(EPISODES)
                where = f"/portal/podcast/{slug}/{slug}.mp3"
                kind = rng.random()
                if kind < 0.10:
                    sent = size
                elif kind < 0.16:
                    status, sent, rng_header, content_range = 206, 2, "bytes=0-1", f"bytes 0-1/{size}"
                elif kind < 0.20:
                    method = "HEAD"
                elif kind < 0.22:
                    status = 304
                elif kind < 0.30:
                    ua, sent = rng.choice(BOTS), size
                else:
                    start = rng.randrange(0, size - 600_000)
                    stop = start + rng.randrange(100_000, 600_000)
                    status, sent, rng_header = 206, stop - start + 1, f"bytes={start}-"
                    content_range = f"bytes {start}-{stop}/{size}"
            # The shipped log_format's fields, in its order.
            record = {"time": iso(t), "msec": round(t, 3), "addr": addr, "method": method, "path": where,
                      "status": status, "bytes": sent, "range": rng_header, "content_range": content_range,
                      "ua": ua, "referrer": "", "completion": "OK"}
            out.write(json.dumps(record, separators=(",", ":")) + "\n")


def iso(t: float, _cache={}) -> str:
    second = int(t)
    if second not in _cache:
        _cache.clear()
        _cache[second] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(second))
    return _cache[second]


def count_only(log: Path, db: Path) -> None:
    from cln_portal.stats import count_logs

    started, cpu = time.perf_counter(), time.process_time()
    summary = count_logs([log], db, catalogue(), grace_days=2)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"lines": summary.read.lines, "seconds": elapsed, "cpu": cpu, "peak_mb": peak_mb,
                      "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                      "downloads": summary.downloads, "reads": summary.reads, "bad": summary.read.bad}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the log and database here (kept)")
    parser.add_argument("--count-only", nargs=2, type=Path, metavar=("LOG", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count_only:
        count_only(*args.count_only)
        return 0
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        log, db = folder / "access.log", folder / "stats.sqlite"
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        write_log(log, args.lines)
        print(f"Wrote {args.lines:,} log lines ({log.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        child = subprocess.run([sys.executable, __file__, "--count-only", str(log), str(db)],
                               capture_output=True, text=True)
        if child.returncode:
            print(child.stderr, file=sys.stderr)
            return 1
        result = json.loads(child.stdout.strip().splitlines()[-1])
    ok_time, ok_memory = result["seconds"] < 10, result["peak_mb"] < 300
    print(f"Counted {result['lines']:,} lines in {result['seconds']:.2f} s "
          f"({result['lines'] / result['seconds']:,.0f} lines/s; {result['cpu']:.2f} s of CPU), "
          f"peak memory {result['peak_mb']:.0f} MB")
    print(f"  {result['downloads']:,} downloads, {result['reads']:,} reads, {result['bad']} bad lines; "
          f"load average while counting: {result['load']} on {os.cpu_count()} CPUs"
          + (" (a busy machine: wall time is well above CPU time)" if result["seconds"] > 1.5 * result["cpu"] else ""))
    print(f"  target < 10 s: {'met' if ok_time else 'MISSED'}; target < 300 MB: {'met' if ok_memory else 'MISSED'}")
    return 0 if ok_time and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())
