"""The coverage page's HTML: for each matrix (regions by clinical pathway, regions by competency) a
table of counts whose cells link to their lists, the pairs with no case study yet in plain
sentences, and the lists themselves. Every name and title is escaped here."""

from __future__ import annotations

from html import escape

from ..content import coverage as cov
from .fragments import relative_url

HEADINGS = {"pathways": ("Regions and clinical pathways", "Clinical pathway"),
            "competencies": ("Regions and competencies", "Competency")}
PREFIX = {"pathways": "pathway", "competencies": "competency"}


def _anchor(matrix: cov.Matrix, cell: cov.Cell) -> str:
    return f"{PREFIX[matrix.name]}-{cell.anchor}"


def _cell(matrix: cov.Matrix, cell: cov.Cell) -> str:
    if not cell.total:
        return '<td class="cln-coverage__empty">none yet</td>'
    links = [f'<li><a href="#{escape(_anchor(matrix, cell))}">{escape(text)}</a></li>' for text in cell.counts()]
    if not cell.items.get("case study"):
        links.append('<li class="cln-coverage__empty">no case study yet</li>')
    return f'<td><ul class="cln-coverage__counts">{"".join(links)}</ul></td>'


def table_html(matrix: cov.Matrix) -> str:
    title, column = HEADINGS[matrix.name]
    head = "".join(f'<th scope="col">{escape(v)}</th>' for v in matrix.values)
    rows = []
    for region in matrix.regions:
        cells = "".join(_cell(matrix, matrix.cell(region, v)) for v in matrix.values)
        rows.append(f'<tr><th scope="row">{escape(region)}</th>{cells}</tr>')
    return (f'<table class="cln-coverage__table"><caption>{escape(title)}: what exists for each pair '
            f'(rows: regions; columns: {escape(column.lower())})</caption>'
            f'<thead><tr><th scope="col">Region</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def lists_html(matrix: cov.Matrix, page_url: str) -> str:
    kinds = {kind: kind[:1].upper() + kind[1:] for kind in cov.KINDS}
    blocks = []
    for region in matrix.regions:
        for value in matrix.values:
            cell = matrix.cell(region, value)
            if not cell.total:
                continue
            items = [f'<li>{escape(kinds[kind])}: <a href="{escape(relative_url(page_url, e.url))}">'
                     f'{escape(e.title)}</a></li>' for kind in cov.KINDS for e in cell.items.get(kind, [])]
            blocks.append(f'<h4 id="{escape(_anchor(matrix, cell))}">{escape(region)}, '
                          f'{escape(value[:1].lower() + value[1:])}</h4><ul>{"".join(items)}</ul>')
    return "\n".join(blocks)


def page_html(coverage: cov.Coverage, page_url: str) -> str:
    """The page's content below its title."""
    parts = ['<p>How many case studies, episodes, columns and interviews the portal has for each '
             'region and clinical pathway, and for each region and competency, counted from their own '
             '<code>region</code>, <code>pathways</code> and <code>competencies</code> fields. A number '
             'links to the list of what it counts; an empty pair is a story to invite next.</p>']
    if coverage.network_wide:
        parts.append(f'<p>{escape(coverage.network_wide_sentence())}</p>')
    for matrix in coverage.matrices:
        title, _ = HEADINGS[matrix.name]
        slug = PREFIX[matrix.name]
        missing = matrix.without()
        sentences = "".join(f"<li>{escape(matrix.missing_sentence(cell))}</li>" for cell in missing)
        parts += [
            f'<section aria-labelledby="cln-coverage-{slug}"><h2 id="cln-coverage-{slug}">{escape(title)}</h2>',
            f'<p>{len(missing)} of {len(matrix.cells)} pairs have no case study yet.</p>',
            f'<div class="cln-coverage__scroll">{table_html(matrix)}</div>',
            f'<p>{escape(matrix.unplaced_sentence())}</p>' if matrix.unplaced else "",
            f'<h3 id="cln-coverage-{slug}-missing">No case study yet</h3>',
            f'<ul class="cln-coverage__missing">{sentences}</ul>' if sentences else "<p>Every pair has a case study.</p>",
            f'<h3 id="cln-coverage-{slug}-lists">What each pair holds</h3>',
            lists_html(matrix, page_url) or "<p>Nothing yet.</p>",
            "</section>",
        ]
    return "\n".join(parts)
