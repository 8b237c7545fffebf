"""Charts for the statistics report: matplotlib figures written as inline SVG.

The SVG is made to live inside a page served with the portal's Content-Security-Policy
(``style-src 'self'``, no inline styles): matplotlib's ``style="..."`` attributes become SVG
presentation attributes and its one ``<style>`` rule moves onto the root element, so the chart
draws the same with or without the policy. Element ids get a per-chart prefix (two charts on a
page never share one), text stays text (``svg.fonttype: none``), and nothing in it names another
host or changes from run to run.
"""

from __future__ import annotations

import html
import io
import re

_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s[^<>]*?)?(/?)>")


def _attributes(style: str, present: str) -> str:
    out = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and value and f" {name}=" not in present:
            out.append(f' {name}="{html.escape(value, quote=True)}"')
    return "".join(out)


def _retag(match: re.Match) -> str:
    name, attrs, close = match[1], match[2] or "", match[3]
    style = _STYLE_ATTR.search(attrs)
    if style:
        attrs = attrs[: style.start()] + attrs[style.end():]
        attrs += _attributes(html.unescape(style[1]), attrs)
    return f"<{name}{attrs}{close}>"


def csp_safe(svg: str, ident: str) -> str:
    """matplotlib's SVG as an element to put in a page: no XML prolog, metadata, style attribute
    or style element; ids prefixed with ``ident``."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    rules = re.search(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>\s*", svg)
    root_extra = ""
    if rules:
        svg = svg[: rules.start()] + svg[rules.end():]
        root_extra = _attributes(rules[1], "")
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = _TAG.sub(_retag, svg)
    svg = re.sub(r'\sid="([^"]+)"', rf' id="{ident}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{ident}-\1)", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{ident}-\1"', svg)
    return svg.replace("<svg ", f"<svg{root_extra} ", 1)


def figure_svg(draw, ident: str, title: str, *, width: float = 8.0, height: float = 3.6) -> str:
    """Draw with ``draw(ax)`` on a new figure; the SVG, labelled with ``title`` for screen readers."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": ident, "font.size": 10,
                                "axes.spines.top": False, "axes.spines.right": False}):
        figure = Figure(figsize=(width, height), layout="constrained")
        draw(figure.subplots())
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = csp_safe(buffer.getvalue(), ident)
    label = html.escape(title)
    return svg.replace("<svg", f'<svg role="img" aria-labelledby="{ident}-title"', 1).replace(
        ">", f'><title id="{ident}-title">{label}</title>', 1)


def bars(labels: list[str], values: list[int], xlabel: str):
    """A horizontal bar chart, largest on top."""
    def draw(ax):
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color="#005eb8")
        ax.set_yticks(positions, [label if len(label) <= 48 else label[:47] + "…" for label in labels])
        ax.set_xlabel(xlabel)
        ax.xaxis.get_major_locator().set_params(integer=True)
    return draw


def lines(days: list[str], series: dict[str, list[int]], ylabel: str):
    """One line per series over the days (ISO dates, as strings, evenly spaced)."""
    def draw(ax):
        colours = ["#005eb8", "#007f3b", "#d5281b", "#330072", "#ffb81c", "#768692", "#ae2573", "#00a499"]
        positions = list(range(len(days)))
        for index, (name, values) in enumerate(series.items()):
            ax.plot(positions, values, marker="o", markersize=3, color=colours[index % len(colours)],
                    label=name if len(name) <= 40 else name[:39] + "…")
        step = max(1, len(days) // 8)
        ax.set_xticks(positions[::step], days[::step], rotation=30, ha="right")
        ax.set_ylabel(ylabel)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(bottom=0)
        if series:
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return draw
