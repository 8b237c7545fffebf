"""``python -m cln_portal coverage``: the coverage map in the terminal, as the site's coverage page
shows it (same counts, from :mod:`cln_portal.content.coverage`), for the comms team to see which
stories to invite next.
"""

from __future__ import annotations

from pathlib import Path

from . import check as checks
from ..content import coverage as cov


def matrix_text(matrix: cov.Matrix) -> list[str]:
    """A table of counts (every kind together; '-' for nothing yet), its columns numbered."""
    width = max(len(r) for r in matrix.regions) + 2
    heading = "clinical pathway" if matrix.name == "pathways" else "competency"
    lines = [f"Case studies, episodes, columns and interviews by region and {heading} "
             "(items in each pair; - nothing yet):", ""]
    lines.append(" " * width + "".join(f"{n:>4}" for n in range(1, len(matrix.values) + 1)))
    for region in matrix.regions:
        cells = [matrix.cell(region, value).total or "-" for value in matrix.values]
        lines.append(region.ljust(width) + "".join(f"{c:>4}" for c in cells))
    lines.append("")
    lines += [f"  {n:>2} {value}" for n, value in enumerate(matrix.values, 1)]
    lines += ["", "What the pairs hold:"]
    for region in matrix.regions:
        for value in matrix.values:
            cell = matrix.cell(region, value)
            if cell.total:
                lines.append(f"  {region}, {value}: {', '.join(cell.counts())}")
    if matrix.unplaced:
        lines += ["", matrix.unplaced_sentence()]
    missing = matrix.without()
    lines += ["", f"{len(missing)} of {len(matrix.cells)} pairs have no case study yet:"]
    lines += [f"  {matrix.missing_sentence(cell)}" for cell in missing]
    return lines


def report(coverage: cov.Coverage) -> str:
    lines = []
    for matrix in coverage.matrices:
        lines += matrix_text(matrix) + [""]
    if coverage.network_wide:
        lines.append(coverage.network_wide_sentence())
    lines.append(coverage.summary())
    return "\n".join(lines)


def of_project(project: checks.Project) -> cov.Coverage | None:
    """The coverage of a project whose checks have run (None when its vocabulary is broken)."""
    if project.vocabulary is None:
        return None
    return cov.coverage(project.vocabulary, list(project.catalogue.entries.values()))


def command_coverage(args, load_project) -> int:
    """``load_project``: the command line's reader of mkdocs.yml (cli.load_project)."""
    project, problems = load_project(Path(args.config_file))
    if project is None:
        print("\n".join(f"ERROR: {p}" for p in problems))
        return 1
    result = checks.run(project)
    found = of_project(project)
    if found is None or result.errors:
        print(checks.report(result))
        print("Fix these problems first: the coverage counts only content that passes `make check`.")
        return 1
    print(report(found))
    return 0


def add_command(commands, load_project) -> None:
    """``coverage``, added to the command line's subcommands; ``load_project`` reads mkdocs.yml."""
    parser = commands.add_parser("coverage", help="how many case studies, episodes, columns and interviews "
                                 "exist per region and pathway (and competency), and the empty pairs")
    parser.set_defaults(run=lambda args: command_coverage(args, load_project))
