"""Benchmark the portal build on a synthetic library: `make bench` (or `make bench SIZES=tiny`).

For each size it generates, in a temporary folder, a copy of the portal (mkdocs.yml, content/,
overrides/, the vocabulary) with N case studies of about 800 words, M podcast episodes (MP3
audio written in pure Python: silent MPEG-1 Layer III frames behind an Info header, ID3 tags
written with mutagen; one episode of 1 GB, sparse on disk) and K columns. Then it measures:

- our build (cold metadata cache, then a rebuild with a warm cache): wall time, CPU, peak memory
  of the whole build with its child processes (Pagefind);
- plain Material: mkdocs.yml's own site (nav, Markdown extensions, theme features, the blog and
  every other plugin) without our plugin and with Material's search, building the same bodies as
  plain pages (each case study's, episode's and interview's text under its title, written by a
  hook in a separate run); each build's search indexing (Pagefind, Material's) timed on its own;
- the marginal cost of one case study, ours and plain Material's: the shipped portal plus N1 and
  plus N2 generated case studies, (CPU(N2) - CPU(N1)) / (N2 - N1), so that no fixed cost hides it;
- where our plugin's time goes (its debug timings: audio metadata, feeds, ...);
- reading one episode's metadata from a 1 MB and from a 1 GB file; feeds for 1,000 episodes;
- search, Pagefind beside Material's lunr search built over the same pages: the index's build
  time and size, the search files a page view and a first query download, the first result's
  time in headless Chromium (scripts/bench/searching.py);
- `make serve`: from saving a case study to the new text being served (at N=1,000).

The figures are printed as one table; --json writes them for the README. These are benchmark
figures, not pass/fail tests: the targets are in the issue and the README.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from builds import build, plain_portal
from library import BIG_AUDIO, REPO, generate
from measures import audio_costs, feed_cost
from report import machine, marginal_table, scaling, secs, table
from searching import browse, bundle_size, material_search_portal
from serving import page_of_marker, serve_latency

#: name -> (case studies, episodes, columns)
SIZES = {
    "tiny": (8, 4, 3),
    "100": (100, 50, 20),
    "1000": (1000, 200, 100),
    "3000": (3000, 500, 300),
}
DEFAULT_SIZES = ["100", "1000", "3000"]


def plugin_time(timings: dict, *words: str) -> float | None:
    """Seconds under the timing labels containing the first of ``words`` that any label has."""
    for word in words:
        hits = [v for k, v in timings.items() if word in k.lower()]
        if hits:
            return sum(hits)
    return None


def search_share(runs: list, kind: str) -> tuple[float, float] | None:
    """(wall, CPU) seconds of ``kind``'s search indexing, the fastest of ``runs``' (None if unseen)."""
    found = [run.search[kind] for run in runs if kind in run.search]
    return (min(w for w, _ in found), min(c for _, c in found)) if found else None


def without_search(runs: list, kind: str, measure: str) -> float:
    """The fastest of ``runs``' ``measure`` (seconds or cpu), less that run's own search indexing."""
    return min(getattr(run, measure) - run.search[kind][measure == "cpu"] for run in runs)


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
        "build cold": cold.seconds, "cold cpu": cold.cpu, "build": warm.seconds, "plain": plain.seconds,
        "ratio": warm.seconds / plain.seconds, "cpu": warm.cpu, "plain cpu": plain.cpu,
        "cpu ratio": warm.cpu / plain.cpu if plain.cpu else None, "peak rss": max(cold.peak_rss, warm.peak_rss),
        "plain rss": plain.peak_rss, "largest rss": max(cold.largest_rss, warm.largest_rss),
        "plain largest rss": plain.largest_rss,
        "plugin total": sum(v for k_, v in warm.timings.items() if "." in k_),
        "timings": warm.timings, "timings cold": cold.timings,
        # The podcast section reads the audio in on_files and writes feeds in on_post_build.
        "audio metadata (build)": plugin_time(cold.timings, "audio metadata", "podcastsection.on_files"),
        "audio metadata (rebuild)": plugin_time(warm.timings, "audio metadata", "podcastsection.on_files"),
        "feeds (build)": plugin_time(warm.timings, "feed", "podcastsection.on_post_build"),
    })
    row["pages"] = sum(1 for _ in (project / "site").rglob("index.html"))  # pages, not transcripts
    row["plain pages"] = sum(1 for _ in (project / "site-plain").rglob("index.html"))
    # Search is indexed in both builds: Pagefind in ours (our plugin's on_post_build, the Pagefind
    # process's CPU included), Material's search plugin in plain. Each is timed inside its build
    # (the fastest run's), and the ratios are given with it and without it.
    row["search build"] = {"pagefind": search_share(warms, "pagefind"), "material": search_share(plains, "material")}
    if row["search build"]["pagefind"] and row["search build"]["material"]:
        for measure, key in (("seconds", "ratio without search"), ("cpu", "cpu ratio without search")):
            row[key] = (without_search(warms, "pagefind", measure) / without_search(plains, "material", measure))
    row["search disk"] = {"pagefind": bundle_size(project / "site", "pagefind"),
                          "material": bundle_size(project / "site-plain", "material")}
    row["audio read"] = audio_costs(lib)
    row["feeds 1000"] = feed_cost(project, args.repo, 1000 if name != "tiny" else 20)
    if not args.no_browser:
        # The plain site with Material's search box back (our header has Pagefind's), for the browser.
        build(project, material_search_portal(project, plain_cfg), project / "site-material", strict=False)
        row["search browser"] = {"pagefind": browse(project / "site", "pagefind"),
                                 "material": browse(project / "site-material", "material")}
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


def bench_marginal(work: Path, low: int, high: int, args) -> dict:
    """Cost of one more case study, ours and plain Material's: the shipped portal plus ``low`` and
    plus ``high`` generated case studies (no generated episodes or columns), built alternately."""
    projects = {}
    for n in (low, high):
        project = work / f"plus-{n}"
        project.mkdir(parents=True)
        generate(project, n, 0, 0, big=0, repo=args.repo)
        build(project, "mkdocs.yml", project / "site")  # fills the metadata caches: not counted
        projects[n] = (project, plain_portal(project))
    runs: dict[tuple[int, str], list] = {(n, kind): [] for n in projects for kind in ("ours", "plain")}
    for _ in range(args.repeat):
        for n, (project, plain_cfg) in projects.items():
            runs[n, "ours"].append(build(project, "mkdocs.yml", project / "site"))
            runs[n, "plain"].append(build(project, plain_cfg, project / "site-plain", strict=False))
    out = {"low": low, "high": high, "repeat": args.repeat}
    for (n, kind), found in runs.items():
        out[f"{kind} {n} cpu"] = min(r.cpu for r in found)
        out[f"{kind} {n} wall"] = min(r.seconds for r in found)
        out[f"{kind} {n} rss"] = max(r.peak_rss for r in found)
        search = "pagefind" if kind == "ours" else "material"
        if all(search in r.search for r in found):
            out[f"{kind} {n} cpu without search"] = without_search(found, search, "cpu")
    measures = ["cpu", "wall"]
    if all(f"{kind} {n} cpu without search" in out for kind in ("ours", "plain") for n in (low, high)):
        measures.append("cpu without search")
    for measure in measures:
        for kind in ("ours", "plain"):
            out[f"{kind} per case study {measure}"] = (
                (out[f"{kind} {high} {measure}"] - out[f"{kind} {low} {measure}"]) / (high - low))
        plain = out[f"plain per case study {measure}"]
        out[f"ratio {measure}"] = out[f"ours per case study {measure}"] / plain if plain > 0 else None
    if not args.keep:
        for project, _ in projects.values():
            shutil.rmtree(project, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", default=None,
                        help=f"sizes to run: {', '.join(SIZES)} (default: {' '.join(DEFAULT_SIZES)})")
    parser.add_argument("--serve", default="1000",
                        help="sizes at which to time `mkdocs serve` edit-to-served (comma separated; '' for none)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium search measures")
    parser.add_argument("--no-big-audio", action="store_true", help="no 1 GB episode")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rebuilds and plain builds per size; the fastest of each counts")
    parser.add_argument("--marginal", default="500,1500",
                        help="N1,N2: the shipped portal plus N1 and plus N2 case studies give the cost "
                             "of one case study, ours and plain Material's ('' for none)")
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
    try:
        args.marginal = sorted(int(n) for n in args.marginal.replace(",", " ").split())
    except ValueError:
        parser.error(f"--marginal takes two numbers of case studies, e.g. 500,1500, not {args.marginal!r}")
    if args.marginal and (len(args.marginal) != 2 or args.marginal[0] == args.marginal[1]):
        parser.error("--marginal takes two different numbers of case studies, e.g. 500,1500")

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
        margin = None
        if args.marginal:
            print(f"[bench] cost per case study: shipped portal + {args.marginal[0]} and + {args.marginal[1]}",
                  file=sys.stderr, flush=True)
            margin = bench_marginal(work, *args.marginal, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}")
    print("Load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.1f}" for v in os.getloadavg())
          + f" on {os.cpu_count()} cores (other work on the machine slows wall time most)")
    print(table(rows))
    if margin:
        print(marginal_table(margin))
    slowest = sorted(rows[-1]["timings"].items(), key=lambda kv: -kv[1])[:6]
    if slowest:
        print(f"Slowest plugin steps at N={rows[-1]['N']}: "
              + ", ".join(f"{k} {secs(v)}" for k, v in slowest))
    if len(rows) >= 2 and {"1000", "3000"} <= {r["size"] for r in rows}:
        by = {r["size"]: r for r in rows}
        print(scaling(by["1000"], by["3000"]))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows, "marginal": margin},
                                        indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
