"""The ``cln`` command (also ``python -m cln_portal``): check content, start new content.

    cln check                    every content problem, without building
    cln new case-study "Title"   a new case study, ready to fill in
    cln new column "Title"       a new column post (a draft)
    cln new episode talk.mp3     an episode: its tags checked (and written), a sidecar
    cln coverage                 content per region and pathway, and the pairs with none yet
    cln verify https://...       check a published portal as podcast directories will
    cln stats LOG...             count downloads and reads from access logs
    cln stats report             write the statistics report (private by default)

Each subcommand is one ``add_<name>`` function in :data:`SUBCOMMANDS`: adding one is a function
and a line there.

MkDocs is imported only to read mkdocs.yml exactly as the build does (the plugin's options and
their defaults); the checks themselves are the core's.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from . import check as checks
from . import scaffold
from . import stats as stats_command
from ..content.problems import Problem, display_path


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def load_project(config_file: Path) -> tuple[checks.Project | None, list[Problem]]:
    """Read mkdocs.yml the way `mkdocs build` does: the ``cln`` options with their defaults."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.config import load_config

    display = config_file.name
    if not config_file.is_file():
        return None, [Problem(display, "not found; run this in the portal's folder (where mkdocs.yml is)")]
    logger = logging.getLogger("mkdocs")
    collect, propagate = _Collect(), logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    try:
        config = load_config(str(config_file))
    except (exceptions.MkDocsException, OSError) as exc:
        messages = collect.messages or [str(exc)]
        return None, [Problem(display, message) for message in messages]
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    plugin = config.plugins.get("cln")
    if plugin is None:
        return None, [Problem(display, "the 'cln' plugin is not in plugins:; add '- cln'", field="plugins")]
    return project_from_config(config, dict(plugin.config)), []


def project_from_config(config, options: dict) -> checks.Project:
    """What the checks need from a loaded mkdocs.yml: `make check` and the build share it."""
    root = Path(config.config_file_path).resolve().parent
    from mkdocs.structure.files import get_files

    project = checks.Project(root=root, options=options, docs_dir=Path(config.docs_dir),
                             template_dirs=[Path(d) for d in config.theme.dirs],
                             site_url=config.site_url or "",
                             markdown=(list(config.markdown_extensions), dict(config.mdx_configs)))
    # The pages MkDocs itself would build: its own file list, exclude_docs applied.
    files = get_files(config)
    project.page_files = [Path(f.abs_src_path) for f in files.documentation_pages()]
    project.static_files = [Path(f.abs_src_path) for f in files if not f.is_documentation_page()]
    from ..mkdocs_plugin.shared import blog_plugin

    blog = blog_plugin(config)
    if blog is not None:  # the column's posts are where Material's blog reads them
        posts = Path(config.docs_dir) / blog.config.post_dir.format(blog=blog.config.blog_dir)
        project.paths["columns"] = display_path(posts, root)
    return project


def command_check(args) -> int:
    started = time.perf_counter()
    project, problems = load_project(Path(args.config_file))
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    if project is None:
        result = checks.Result({}, problems, [])
    else:
        project.locked = args.locked or os.environ.get("CLN_LOCKED") == "1"
        result = checks.run(project)
    print(checks.report(result, github=github))
    if args.timing:
        print(f"Checked in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 1 if result.errors else 0


def command_new(args) -> int:
    project, problems = load_project(Path(args.config_file))
    if project is None:
        print("\n".join(f"ERROR: {p}" for p in problems), file=sys.stderr)
        return 1
    try:
        created = NEW[args.kind](project, args)
    except scaffold.ScaffoldError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    if isinstance(created, scaffold.EpisodeDraft):
        print("\n".join(created.report))
        created = created.created
    print(f"Created {created.display}")
    print(created.next_steps)
    return 0


def new_case_study(project: checks.Project, args) -> scaffold.Created:
    folder = (project.options.get("case_studies") or {}).get("dir", "case_studies")
    return scaffold.new_case_study(project.root, args.title, folder)


def new_column(project: checks.Project, args) -> scaffold.Created:
    from .. import column as columns

    if "columns" not in project.paths:
        raise scaffold.ScaffoldError("this site has no column (Material's blog plugin is not in mkdocs.yml)")
    authors_file = project.options["columns"]["authors_file"]
    authors, problems = columns.load_authors(project.root / authors_file, authors_file)
    if problems:
        raise scaffold.ScaffoldError("fix the authors file first:\n" + "\n".join(str(p) for p in problems))
    return scaffold.new_column(project.root, args.title, project.paths["columns"], authors, args.author)


def new_episode(project: checks.Project, args) -> scaffold.EpisodeDraft:
    folder = (project.options.get("podcast") or {}).get("dir", "podcasts")
    audio = Path(args.audio)
    if not audio.is_file():
        raise scaffold.ScaffoldError(f"{args.audio} is not a file; give the path of the episode's audio")
    return scaffold.new_episode(project.root, audio, folder, title=args.title, date=args.date,
                                description=args.description, series=args.series, number=args.number,
                                season=args.season,
                                artwork=Path(args.artwork) if args.artwork else None,
                                chapters=Path(args.chapters) if args.chapters else None)


def command_stats(args) -> int:
    return stats_command.run(args, load_project)


#: ``new <kind>``: one function per content type.
NEW = {"case-study": new_case_study, "column": new_column, "episode": new_episode}


def add_check(commands) -> None:
    check = commands.add_parser("check", help="validate all content without building the site")
    check.add_argument("--timing", action="store_true", help="say how long the check took")
    check.add_argument("--locked", action="store_true", help="fail when podcasts/published.yml does not "
                       "match the content (CI; also CLN_LOCKED=1)")
    check.set_defaults(run=command_check)


def add_new(commands) -> None:
    new = commands.add_parser("new", help="start a new case study, column or episode from its template")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    case = kinds.add_parser("case-study", help='case_studies/<slug>.md, for example: new case-study "Title"')
    case.add_argument("title")
    column = kinds.add_parser("column", help='a column post, for example: new column "Title" --author raj-kumar')
    column.add_argument("title")
    column.add_argument("--author", help="the writer's id in the authors file (default: the first)")
    episode = kinds.add_parser("episode", help="check an audio file's tags, write missing ones (MP3), and "
                               "add it to podcasts/ with a sidecar")
    episode.add_argument("audio", help="the episode's audio file (MP3, M4A, Ogg, Opus or FLAC)")
    episode.add_argument("--title")
    episode.add_argument("--date", help="publication date, YYYY-MM-DD")
    episode.add_argument("--description", help="one paragraph: what listeners will hear")
    episode.add_argument("--series", help="a series of podcasts/show.yml, by title")
    episode.add_argument("--season", help="the season number")
    episode.add_argument("--number", help="the episode number")
    episode.add_argument("--artwork", help="square JPEG or PNG, 1400 to 3000 pixels")
    episode.add_argument("--chapters", help="a text file of chapters, one '00:00 Title' per line")
    new.set_defaults(run=command_new)


def add_coverage(commands) -> None:
    from .coverage import add_command  # its own module

    add_command(commands, load_project)


def add_verify(commands) -> None:
    from . import verify  # its own module: standard library only

    verify.add_arguments(commands.add_parser("verify", help="check a published portal as podcast "
                                             "directories will (feeds, byte ranges, artwork, types)"))


def add_stats(commands) -> None:
    stats = commands.add_parser("stats", help="count downloads and reads from access logs (IAB v2 rules); "
                                "'stats report' writes the report")
    stats_command.add_arguments(stats)
    stats.set_defaults(run=command_stats)


#: The subcommands, in the order the help lists them: each adds its parser and sets ``run``.
SUBCOMMANDS = [add_check, add_new, add_coverage, add_verify, add_stats]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cln", description="Check the portal's content, start new content from templates, "
        "check a published portal and count its reach. "
        "Run it in the portal's folder (where mkdocs.yml is); make help lists the make targets.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(commands)
    args = parser.parse_args(argv)
    return args.run(args)
