"""``cln stats``: what the counting needs to know about the portal, read with the core loaders.

The stats core counts requests against a :class:`~cln_portal.stats.catalogue.Catalogue`; this
module fills one from the project as ``make check`` reads it (mkdocs.yml's options, the same
loaders): each published episode's audio path, publication date and byte threshold (from the
audio itself), and the pages of case studies, columns, interviews and episodes with their region,
pathways and competencies.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from . import check as checks
from ..content import vocabulary
from ..content.problems import ContentError
from ..stats import catalogue as cat

#: Where case study pages are (the case study section's URL folder).
CASE_STUDIES = "case-studies"


def _names(terms) -> tuple[str, ...]:
    return tuple(t.name for t in terms if t is not None)


def load_catalogue(project: checks.Project, prefix: str | None = None) -> tuple[cat.Catalogue, list[str]]:
    """The catalogue of what is counted, and warnings (content problems, uncountable episodes)."""
    warnings: list[str] = []
    if prefix is None:
        prefix = urlsplit(project.site_url).path or "/"
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    catalogue = cat.Catalogue(prefix=prefix)
    vocab_path = project.root / project.options.get("vocabulary", "content/_data/vocabulary.yml")
    try:
        project.vocabulary = vocabulary.load(vocab_path, project.display(vocab_path))
    except ContentError as exc:
        warnings += [f"{p} (case studies and columns are not counted; run make check)" for p in exc.problems]
    problems = []
    if project.vocabulary is not None:
        cases, found = checks.check_case_studies(project)
        problems += found
        for case in cases:
            if not case.is_draft:
                catalogue.add_page(cat.Page("case study", case.slug, case.title, f"{CASE_STUDIES}/{case.slug}/",
                                            _names([case.region]), _names(case.pathways), _names(case.competencies)))
        columns, found = checks.check_columns(project)
        problems += found
        if columns:
            posts = (project.root / project.paths["columns"]).resolve()
            try:
                blog = posts.relative_to(project.docs_dir.resolve()).parent.as_posix()
            except ValueError:
                blog = "columns"
            for column in columns:
                if not column.draft:
                    catalogue.add_column(blog, cat.Page("column", column.slug, column.title, f"{blog}/*/{column.slug}/",
                                                        _names([column.region]), _names(column.pathways),
                                                        _names(column.competencies)))
    interviews, found = checks.check_interviews(project)
    problems += found
    for interview in interviews:
        if interview.kind == "text":
            catalogue.add_page(cat.Page("interview", interview.slug, interview.title, interview.url))
    episodes, found = checks.check_podcast(project)
    problems += found
    for episode in episodes:
        if not episode.published:
            continue
        catalogue.add_page(cat.Page("episode page", episode.slug, episode.title, episode.url))
        if episode.audio_url is None:
            warnings.append(f"{episode.source}: its audio is served from another host (media_base_url); "
                            "its downloads are in that host's logs, not these")
            continue
        try:
            size, threshold = cat.audio_threshold(episode.audio.path)
        except ValueError as exc:
            warnings.append(f"{episode.source}: not counted: {exc}")
            continue
        catalogue.add_episode(cat.Episode(episode.slug, episode.title, episode.audio_url,
                                          cat.published_at(episode.date), size, threshold))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        warnings.append(f"the content has {len(errors)} error(s) (run make check); what failed to load is not counted")
    return catalogue, warnings


def print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)


def default_db(root: Path) -> Path:
    return root / ".stats" / "stats.sqlite"


def add_arguments(parser) -> None:
    parser.add_argument("logs", nargs="*", metavar="LOG",
                        help="access logs (JSON lines or combined format, plain or .gz); or `report`")
    parser.add_argument("--db", help="the statistics database (default: .stats/stats.sqlite, never published)")
    parser.add_argument("--prefix", help="URL path the site is served under (default: site_url's path)")
    parser.add_argument("--grace-days", type=int, default=2,
                        help="keep a day open (its salt and listener hashes) until the logs reach this "
                             "many days after it (default: 2)")
    parser.add_argument("--close-all", action="store_true",
                        help="close every open day now: its figures become final, its hashes are deleted")
    parser.add_argument("--out", help="report: the folder to write (default: .stats/report, private)")
    parser.add_argument("--publish", action="store_true",
                        help="report: write it into the docs folder (content/stats/), so that the next "
                             "build publishes it with the site")


def run(args, load_project) -> int:
    """``cln stats LOG...`` counts; ``cln stats report`` writes the report."""
    from .. import stats
    from ..stats import report, store

    root = Path(args.config_file).resolve().parent
    db = Path(args.db) if args.db else default_db(root)
    try:
        if args.logs[:1] == ["report"]:
            if len(args.logs) > 1:
                print("ERROR: `stats report` takes no logs; count them first with `stats LOG...`", file=sys.stderr)
                return 2
            if args.publish and args.out:
                print("ERROR: give --out or --publish, not both", file=sys.stderr)
                return 2
            project, problems = load_project(Path(args.config_file)) if args.publish else (None, [])
            if args.publish and project is None:
                print("\n".join(f"ERROR: {p}" for p in problems), file=sys.stderr)
                return 1
            out = (project.docs_dir / "stats") if args.publish else Path(args.out or root / ".stats" / "report")
            written = report.write(db, out)
            print(f"Report written: {written / 'index.html'}")
            print("It is published with the site by the next build." if args.publish else
                  "It is private (outside the site); --publish puts it into the site.")
            return 0
        if not args.logs:
            print("ERROR: give the access logs to count, e.g. cln stats /var/log/nginx/cln.json.log*", file=sys.stderr)
            return 2
        missing = [log for log in args.logs if not Path(log).is_file()]
        if missing:
            print(f"ERROR: {', '.join(missing)}: no such file; give the web server's access logs", file=sys.stderr)
            return 1
        project, problems = load_project(Path(args.config_file))
        if project is None:
            print("\n".join(f"ERROR: {p}" for p in problems), file=sys.stderr)
            return 1
        catalogue, warnings = load_catalogue(project, args.prefix)
        print_warnings(warnings)
        summary = stats.count_logs([Path(log) for log in args.logs], db, catalogue,
                                   grace_days=args.grace_days, close_all=args.close_all)
    except (stats.LogError, store.StoreError, report.ReportError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(describe(summary, db))
    return 0


def describe(summary, db: Path) -> str:
    read = summary.read
    lines = [f"Read {read.lines:,} lines ({read.json:,} JSON, {read.combined:,} combined format).",
             f"Counted {summary.downloads:,} new downloads and {summary.reads:,} new reads into {db}."]
    if read.bad:
        lines.append(f"WARNING: {read.bad:,} lines were not log lines and were skipped, e.g.:")
        lines += [f"  {example}" for example in read.examples]
    if read.combined:
        lines.append("Note: combined-format logs have no Range, Content-Range or completion fields; their "
                     "206 responses are counted by bytes sent (see the report's methodology page).")
    if summary.excluded:
        lines.append("Not counted: " + ", ".join(f"{reason} {n:,}" for reason, n in sorted(summary.excluded.items())))
    if summary.closed:
        lines.append("Closed (figures final, salts and listener hashes deleted): " + ", ".join(summary.closed))
    if summary.open:
        lines.append("Still open (lines for these days may still come): " + ", ".join(summary.open))
    return "\n".join(lines)
