"""``cln stats report``: a static report of the database's daily aggregates.

A folder of plain HTML (no script, no inline style, nothing from another host): ``index.html``
with downloads per episode over time, downloads by app, reads per case study, column and
interview, and the top content per region, pathway and competency; ``methodology.html`` says
how everything was counted. Charts are matplotlib SVG inside the page (:mod:`.charts`), each
followed by the same figures as a table. Written into a temporary folder and swapped in whole.
"""

from __future__ import annotations

import html
import shutil
import sqlite3
import tempfile
from pathlib import Path

from . import charts, store
from .agents import source as opawg_source
from .methodology import methodology_html

CSS = """body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#212b32;
line-height:1.5}a{color:#005eb8}a:focus{outline:3px solid #ffb81c}h1,h2,h3{line-height:1.25}
table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border-bottom:1px solid #d8dde0;padding:.25rem .75rem;
text-align:left;vertical-align:top}td.n,th.n{text-align:right}figure{margin:1rem 0}svg{max-width:100%;height:auto}
.note{background:#f0f4f5;padding:.5rem 1rem;border-left:4px solid #005eb8}
"""
TOP = 10
FACETS = (("region", "Region"), ("pathway", "Pathway"), ("competency", "Competency"))


class ReportError(Exception):
    pass


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, *, nav: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<title>{_e(title)}</title>\n'
            f'<link rel="stylesheet" href="report.css">\n</head>\n<body>\n'
            f'<header><p><a href="#main">Skip to the figures</a></p><nav aria-label="Report">{nav}</nav></header>\n'
            f'<main id="main">\n<h1>{_e(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n')


def _nav(current: str) -> str:
    links = [("index.html", "Figures"), ("methodology.html", "How we count")]
    current_mark = ' aria-current="page"'
    return " | ".join(f'<a href="{href}"{current_mark if href == current else ""}>{_e(label)}</a>'
                      for href, label in links)


def _table(caption: str, headers: list[str], rows: list[list[object]]) -> str:
    if not rows:
        return f"<p>{_e(caption)}: nothing counted yet.</p>"
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(headers))]
    right = ' class="n"'
    head = "".join(f'<th scope="col"{right if numeric[i] else ""}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td class="n">{v:,}</td>' if numeric[i] else f"<td>{_e(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>\n" for row in rows)
    return f"<table>\n<caption>{_e(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _figure(ident: str, title: str, draw, height: float = 3.6) -> str:
    return f"<figure>\n{charts.figure_svg(draw, ident, title, height=height)}\n</figure>"


def _titles(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    return {(kind, slug): title for kind, slug, title in db.execute("SELECT kind, slug, title FROM items")}


def figures_html(db: sqlite3.Connection) -> str:
    titles = _titles(db)
    parts: list[str] = []
    totals = db.execute("SELECT COALESCE(SUM(count), 0), MIN(day), MAX(day) FROM downloads").fetchone()
    reads_total = db.execute("SELECT COALESCE(SUM(count), 0), MIN(day), MAX(day) FROM reads").fetchone()
    days = [d for d in (totals[1], totals[2], reads_total[1], reads_total[2]) if d]
    period = f"from {min(days)} to {max(days)} (UTC days)" if days else "no days counted yet"
    open_days = store.open_days(db)
    parts.append(f"<p>{totals[0]:,} downloads and {reads_total[0]:,} reads, {period}. "
                 '<a href="methodology.html">How we count</a>.</p>')
    if open_days:
        parts.append(f'<p class="note">Still open, so their figures may grow: {_e(", ".join(open_days))}.</p>')

    # Downloads per episode over time.
    parts.append("<h2>Downloads per episode</h2>")
    rows = db.execute("SELECT day, episode, SUM(count) FROM downloads GROUP BY day, episode ORDER BY day").fetchall()
    all_days = sorted({day for day, _, _ in rows})
    episodes = sorted({ep for _, ep, _ in rows})
    if rows:
        series = {titles.get(("episode", ep), ep): [0] * len(all_days) for ep in episodes}
        for day, ep, n in rows:
            series[titles.get(("episode", ep), ep)][all_days.index(day)] += n
        top = dict(sorted(series.items(), key=lambda kv: -sum(kv[1]))[:8])
        parts.append(_figure("downloads-time", "Downloads per day, by episode", charts.lines(all_days, top, "Downloads")))
    per_episode = db.execute("SELECT episode, SUM(count) FROM downloads GROUP BY episode ORDER BY 2 DESC, 1").fetchall()
    parts.append(_table("Downloads per episode, all days", ["Episode", "Downloads"],
                        [[titles.get(("episode", ep), ep), n] for ep, n in per_episode]))
    daily = db.execute("SELECT day, episode, SUM(count) FROM downloads GROUP BY day, episode "
                       "ORDER BY day DESC, 3 DESC LIMIT 60").fetchall()
    parts.append(_table("Downloads per episode per day (latest 60 rows)", ["Day", "Episode", "Downloads"],
                        [[d, titles.get(("episode", ep), ep), n] for d, ep, n in daily]))

    # By app.
    parts.append("<h2>Downloads by app</h2>")
    apps = db.execute("SELECT app, app_kind, SUM(count) FROM downloads GROUP BY app, app_kind ORDER BY 3 DESC, 1").fetchall()
    if apps:
        shown = apps[:12]
        parts.append(_figure("apps", "Downloads by app", charts.bars([a for a, _, _ in shown], [n for _, _, n in shown],
                                                                     "Downloads"), height=1.2 + 0.3 * len(shown)))
    parts.append(_table("Downloads by app", ["App", "Kind", "Downloads"], [[a, k, n] for a, k, n in apps]))

    # Reads.
    parts.append("<h2>Reads</h2>")
    for kind, heading in (("case study", "Reads per case study"), ("column", "Reads per column"),
                          ("interview", "Reads per interview"), ("episode page", "Reads of episode pages")):
        found = db.execute("SELECT slug, SUM(count) FROM reads WHERE kind = ? GROUP BY slug ORDER BY 2 DESC, 1",
                           (kind,)).fetchall()
        parts.append(f"<h3>{_e(heading)}</h3>")
        labelled = [[titles.get((kind, slug), slug), n] for slug, n in found]
        if labelled and kind == "case study":
            shown = labelled[:15]
            parts.append(_figure("reads-case-studies", heading, charts.bars([t for t, _ in shown], [n for _, n in shown],
                                                                            "Reads"), height=1.2 + 0.3 * len(shown)))
        parts.append(_table(heading, ["Title", "Reads"], labelled))

    # By strategy: region, pathway, competency.
    parts.append("<h2>Which parts of the strategy reach people</h2>")
    parts.append("<p>Reads of case studies and columns, by the region, pathways and competencies their "
                 "authors gave them (an item with two pathways counts for both).</p>")
    for facet, label in FACETS:
        sums = db.execute(
            "SELECT t.term, SUM(r.count) FROM reads r JOIN item_terms t ON t.kind = r.kind AND t.slug = r.slug "
            "WHERE t.facet = ? GROUP BY t.term ORDER BY 2 DESC, 1", (facet,)).fetchall()
        parts.append(f"<h3>By {_e(label.lower())}</h3>")
        if sums:
            parts.append(_figure(f"by-{facet}", f"Reads by {label.lower()}",
                                 charts.bars([t for t, _ in sums], [n for _, n in sums], "Reads"),
                                 height=1.2 + 0.3 * len(sums)))
        parts.append(_table(f"Reads by {label.lower()}", [label, "Reads"], [list(row) for row in sums]))
        top = db.execute(
            "SELECT t.term, r.kind, r.slug, SUM(r.count) AS n FROM reads r JOIN item_terms t "
            "ON t.kind = r.kind AND t.slug = r.slug WHERE t.facet = ? GROUP BY t.term, r.kind, r.slug "
            "ORDER BY t.term, n DESC, r.slug", (facet,)).fetchall()
        rows, seen = [], {}
        for term, kind, slug, n in top:
            seen[term] = seen.get(term, 0) + 1
            if seen[term] <= 3:
                rows.append([term, titles.get((kind, slug), slug), kind, n])
        parts.append(_table(f"Top content per {label.lower()} (three each)", [label, "Title", "Type", "Reads"], rows))
    return "\n".join(parts)


def write(db_path: Path, out: Path) -> Path:
    """Write the report folder ``out`` from the database; returns ``out``."""
    db_path, out = Path(db_path), Path(out)
    if not db_path.is_file():
        raise ReportError(f"{db_path}: no statistics database yet; count logs first with `cln stats LOG...`")
    db = store.connect(db_path)
    try:
        figures = figures_html(db)
    finally:
        db.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    temp.chmod(0o755)  # a web server's account reads it once published
    try:
        (temp / "report.css").write_text(CSS, encoding="utf-8")
        (temp / "index.html").write_text(_page("Listening and reading figures", figures, nav=_nav("index.html")),
                                         encoding="utf-8")
        (temp / "methodology.html").write_text(
            _page("How we count", methodology_html(opawg_source()), nav=_nav("methodology.html")), encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            temp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return out
