"""`cln stats report`: the static report (charts as inline SVG, methodology) and the command."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

from lxml import html as lxml_html

from cln_portal.stats import count_logs
from cln_portal.stats.catalogue import Episode, Page
from cln_portal.stats.charts import csp_safe
from cln_portal.stats.report import write

from conftest import REPO
from test_stats_counting import BROWSER, DAY1, SPOTIFY, catalogue, entry, part


def counted(tmp_path):
    cat = catalogue()
    cat.add_episode(Episode("tricky", "Leading <change> & you", "podcast/tricky/tricky.mp3", 0, 1000, 1000))
    cat.add_page(Page("column", "col", "A <column>", "columns/2026/col/", ("NHS London",), ("Acute care",)))
    log = tmp_path / "access.log"
    lines = [entry(DAY1), entry(DAY1, ua=SPOTIFY, addr="192.0.2.2"), entry(DAY1 + 86400, addr="192.0.2.3"),
             entry(DAY1, path="podcast/tricky/tricky.mp3", sent=1000), part(DAY1, 0, 9, addr="192.0.2.9"),
             entry(DAY1, path="case-studies/virtual-clinics/", ua=BROWSER, sent=2000),
             entry(DAY1, path="columns/2026/col/", ua=BROWSER, sent=2000)]
    log.write_text("".join(line + "\n" for line in lines))
    db = tmp_path / "stats.sqlite"
    count_logs([log], db, cat)
    return db


def test_the_report_has_its_figures_as_inline_svg_and_a_methodology(tmp_path):
    db = counted(tmp_path)
    out = write(db, tmp_path / "report")
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "methodology.html", "report.css"]
    index = (out / "index.html").read_text()
    tree = lxml_html.fromstring(index)
    assert len(tree.xpath("//figure/svg")) >= 5
    assert all(svg.get("role") == "img" and svg.xpath("./title") for svg in tree.xpath("//svg"))
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    # Served under the portal's CSP: no script, no inline style, nothing from another host.
    assert "<script" not in index and "<style" not in index and not re.search(r"\sstyle=", index)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", index)
    assert "Leading &lt;change&gt; &amp; you" in index and "A &lt;column&gt;" in index
    downloads = {row.xpath("string(td[1])"): row.xpath("string(td[2])")
                 for row in tree.xpath("//table[caption='Downloads per episode, all days']/tbody/tr")}
    assert downloads == {"A long one": "3", "Leading <change> & you": "1"}
    apps = {row.xpath("string(td[1])"): row.xpath("string(td[3])")
            for row in tree.xpath("//table[caption='Downloads by app']/tbody/tr")}
    assert apps == {"Apple Podcasts": "3", "Spotify": "1"}
    regions = {row.xpath("string(td[1])"): row.xpath("string(td[2])")
               for row in tree.xpath("//table[caption='Reads by region']/tbody/tr")}
    assert regions == {"London": "1", "NHS London": "1"}
    methodology = (out / "methodology.html").read_text()
    with sqlite3.connect(db):
        pass
    from cln_portal.stats.agents import source
    for rule in ("HEAD requests", "304 Not Modified", "bytes=0-1", "one minute of audio", "UTC day", "/64",
                 "Apple Watch", source()["commit"], "salt", "combined"):
        assert rule in methodology, rule


def test_matplotlib_svg_is_made_csp_safe():
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="1"><metadata><x/></metadata>'
           '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
           '<defs><clipPath id="p1"><rect/></clipPath></defs>'
           '<path style="fill: #ffffff; stroke: #000" clip-path="url(#p1)"/><use xlink:href="#p1"/></svg>')
    out = csp_safe(svg, "c")
    assert out == ('<svg stroke-linejoin="round" stroke-linecap="butt" width="1"><defs><clipPath id="c-p1"><rect/>'
                   '</clipPath></defs><path clip-path="url(#c-p1)" fill="#ffffff" stroke="#000"/>'
                   '<use xlink:href="#c-p1"/></svg>')


def test_report_command_is_private_by_default_and_publishes_on_request(tmp_path):
    db = counted(tmp_path)
    base = [sys.executable, "-m", "cln_portal", "stats", "report", "--db", str(db)]
    out = tmp_path / "private"
    result = subprocess.run([*base, "--out", str(out)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and "private" in result.stdout and (out / "index.html").is_file()
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Mini\nsite_url: https://example.org/portal/\n"
                                        "docs_dir: docs\nplugins:\n  - cln\n")
    (project / "docs" / "index.md").write_text("# Home\n")
    result = subprocess.run([sys.executable, "-m", "cln_portal", "-f", str(project / "mkdocs.yml"), "stats", "report",
                             "--db", str(db), "--publish"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert (project / "docs" / "stats" / "index.html").is_file() and "next build" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "cln_portal", "stats", "report", "--db", str(tmp_path / "no.sqlite"),
                              "--out", str(tmp_path / "x")], capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 1 and "count logs first" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "x").exists()
