"""The printed figures: the table of measures by size, the units, and the machine's line."""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def kb(n: float) -> str:
    return f"{n / 1e3:,.0f} kB"


def secs(s: float | None) -> str:
    if s is None:
        return "n/a"
    return f"{s:.2f} s" if s >= 0.1 else f"{s * 1000:.1f} ms"


def ratio(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f}"


def table(rows: list[dict]) -> str:
    def cell(row, key, fmt):
        value = row
        for part in key.split("/"):
            if isinstance(value, (list, tuple)) and part.isdigit():
                value = value[int(part)] if int(part) < len(value) else None
            else:
                value = value.get(part) if isinstance(value, dict) else None
        return fmt(value) if isinstance(value, (int, float)) else ("n/a" if value is None else str(value))

    def both(row, key, fmt):
        if "search browser" not in row:
            return "not measured"
        return f"{cell(row, 'search browser/pagefind/' + key, fmt)} / {cell(row, 'search browser/material/' + key, fmt)}"

    spec = [
        ("case studies / episodes / columns", lambda r: f"{r['N']} / {r['M']} / {r['K']}"),
        ("build, cold cache (ours)", lambda r: cell(r, "build cold", secs)),
        ("build, cold cache, CPU (ours)", lambda r: cell(r, "cold cpu", secs)),
        ("HTML pages (ours / plain)", lambda r: f"{r['pages']} / {r['plain pages']}"),
        ("rebuild (ours)", lambda r: cell(r, "build", secs)),
        ("plain Material, same site and bodies, Material's search", lambda r: cell(r, "plain", secs)),
        ("ours / plain (wall)", lambda r: cell(r, "ratio", lambda v: f"{v:.2f}")),
        ("CPU time, ours / plain", lambda r: f"{cell(r, 'cpu', secs)} / {cell(r, 'plain cpu', secs)} = "
                                              f"{cell(r, 'cpu ratio', lambda v: f'{v:.2f}')}"),
        ("search indexing, wall waited for (Pagefind in ours / Material's in plain)",
         lambda r: f"{cell(r, 'search build/pagefind/0', secs)} / {cell(r, 'search build/material/0', secs)}"),
        ("search indexing, CPU (Pagefind in ours / Material's in plain)",
         lambda r: f"{cell(r, 'search build/pagefind/1', secs)} / {cell(r, 'search build/material/1', secs)}"),
        ("ours / plain without search indexing (wall / CPU)",
         lambda r: f"{cell(r, 'ratio without search', ratio)} / {cell(r, 'cpu ratio without search', ratio)}"),
        ("our plugin's own hooks", lambda r: cell(r, "plugin total", secs)),
        ("peak memory, whole build with its children (ours / plain)",
         lambda r: f"{cell(r, 'peak rss', mb)} / {cell(r, 'plain rss', mb)}"),
        ("peak memory, largest single process (ours / plain)",
         lambda r: f"{cell(r, 'largest rss', mb)} / {cell(r, 'plain largest rss', mb)}"),
        ("podcast: reading episodes, cold / warm cache",
         lambda r: f"{cell(r, 'audio metadata (build)', secs)} / {cell(r, 'audio metadata (rebuild)', secs)}"),
        ("one episode's metadata, 1 MB / 1 GB",
         lambda r: f"{cell(r, 'audio read/1 MB', secs)} / {cell(r, 'audio read/1 GB', secs)}"),
        ("podcast: writing feeds and audio", lambda r: cell(r, "feeds (build)", secs)),
        ("feeds for 1,000 episodes (core)", lambda r: (
            f"{cell(r, 'feeds 1000/feeds', secs)} ({r['feeds 1000']['episodes']} episodes)"
            if "feeds" in r["feeds 1000"] else cell(r, "feeds 1000/error", str))),
        ("search files on disk (Pagefind bundle / Material index)",
         lambda r: f"{cell(r, 'search disk/pagefind', mb)} / {cell(r, 'search disk/material', mb)}"),
        ("search files, page view without search, gzip (Pagefind / Material)",
         lambda r: both(r, "page view/gzip", kb)),
        ("search files by the first result, gzip (Pagefind / Material)",
         lambda r: both(r, "first query/gzip", kb)),
        ("first search result after typing (Pagefind / Material)",
         lambda r: both(r, "after typing", secs)),
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


def marginal_table(m: dict) -> str:
    """One case study's cost, ours and plain Material's, beside the totals it comes from."""
    low, high = m["low"], m["high"]
    rows = [
        (f"CPU, shipped portal + {low} case studies", secs(m[f"ours {low} cpu"]), secs(m[f"plain {low} cpu"]),
         ratio(m[f"ours {low} cpu"] / m[f"plain {low} cpu"])),
        (f"CPU, shipped portal + {high} case studies", secs(m[f"ours {high} cpu"]), secs(m[f"plain {high} cpu"]),
         ratio(m[f"ours {high} cpu"] / m[f"plain {high} cpu"])),
        (f"CPU per case study, ({high} - {low})", secs(m["ours per case study cpu"]),
         secs(m["plain per case study cpu"]), ratio(m["ratio cpu"])),
        (f"wall per case study, ({high} - {low})", secs(m["ours per case study wall"]),
         secs(m["plain per case study wall"]), ratio(m["ratio wall"])),
    ]
    if "ratio cpu without search" in m:
        rows.append(("CPU per case study without search indexing", secs(m["ours per case study cpu without search"]),
                     secs(m["plain per case study cpu without search"]), ratio(m["ratio cpu without search"])))
    rows.append((f"peak memory at + {high}, with children", mb(m[f"ours {high} rss"]), mb(m[f"plain {high} rss"]), ""))
    head = ("one case study's cost", "ours", "plain Material", "ours / plain")
    widths = [max(len(str(line[i])) for line in [head] + rows) for i in range(4)]
    fmt = lambda line: "| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(head), sep] + [fmt(line) for line in rows])


def scaling(small: dict, large: dict) -> str:
    """How the build grows from N=1,000 to N=3,000 (the target is at most 3.3x), rebuild and cold."""
    parts = [f"{large[key] / small[key]:.2f}x {label}" for key, label in
             (("build", "wall"), ("cpu", "CPU"), ("build cold", "cold wall"), ("cold cpu", "cold CPU"))
             if small.get(key) and large.get(key)]
    return f"Scaling N={large['N']} / N={small['N']} (target at most 3.3x): " + ", ".join(parts)


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
