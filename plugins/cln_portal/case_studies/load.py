"""Reading case studies: every file of the folder (with the build's cache), one file, and the
``related`` links once every item of the portal is known."""

from __future__ import annotations

from pathlib import Path

from ..content import frontmatter
from ..content.catalogue import Catalogue
from ..content.problems import Problem, display_path
from ..runtime.filecache import stamp
from ..content.paths import is_inside, outside_problem
from ..content.vocabulary import Vocabulary
from .checker import Checker
from .model import CaseStudy


def load_all(root: str | Path, vocabulary: Vocabulary, folder: str = "case_studies",
             cache: dict | None = None) -> tuple[list[CaseStudy], list[Problem]]:
    """Every case study in ``root/folder``, newest first, and every problem in every file.

    Files starting with ``_`` (the template) are skipped; a missing folder means no case
    studies yet. Links between items (``related``) are checked later by :func:`check_related`,
    once all content is known.

    ``cache`` (a dict kept by the caller between loads, e.g. across a live preview's rebuilds,
    and emptied when the vocabulary changes) maps each file to what it gave while the file keeps
    its size and modification time, so that an unchanged file is not read again.
    """
    root = Path(root)
    directory = root / folder
    cases: list[CaseStudy] = []
    problems: list[Problem] = []
    if not directory.is_dir():
        return cases, problems
    seen: set[Path] = set()
    prefix = display_path(directory, root)
    directory_inside = is_inside(directory, root)
    for path in sorted(directory.glob("*.md")):
        if path.name.startswith("_"):
            continue
        display = f"{prefix}/{path.name}"
        # A link to a file elsewhere on the machine would publish that file. A plain file in a
        # folder inside the repository is inside it: only links need resolving (one stat each).
        outside = outside_problem(path, root, display) if path.is_symlink() or not directory_inside else None
        if outside:
            problems.append(outside)
            continue
        if cache is None:
            case, found = load_one(path, vocabulary, display)
        else:
            now = tuple(stamp(path))
            kept = cache.get(path)
            if kept is None or kept[0] != now:
                kept = cache[path] = (now, *load_one(path, vocabulary, display))
            _, case, found = kept
            seen.add(path)
        problems += found
        if case is not None:
            cases.append(case)
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix != ".md" and not path.name.startswith((".", "_")):
            problems.append(Problem(display_path(path, root), unread_advice(path, folder)))
    if cache is not None:
        for gone in set(cache) - seen:  # deleted or renamed since the last load
            del cache[gone]
    cases.sort(key=lambda c: (-c.date.toordinal(), c.title.lower()))
    return cases, problems


def unread_advice(path: Path, folder: str) -> str:
    """What to do with a file in the case studies folder that the build does not read."""
    if path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd", ".txt", ""):
        return f"is not read as a case study (only .md files are); rename it to {path.stem}.md"
    return (f"is not read: {folder}/ holds only case studies as .md files; copy its text into a new "
            f"case study (make new-case-study TITLE=\"...\"), or move it out of {folder}/")


def folder_problems(root: Path, folder: str) -> list[Problem]:
    """A folder named in mkdocs.yml that does not exist (the default may be missing: no case studies yet)."""
    if folder != "case_studies" and not (Path(root) / folder).is_dir():
        return [Problem("mkdocs.yml", f"the folder {folder!r} does not exist; create it or correct the option",
                        field="plugins.cln.case_studies.dir")]
    return []


def load_one(path: Path, vocabulary: Vocabulary, source: str | None = None) -> tuple[CaseStudy | None, list[Problem]]:
    """Read and check one file; the case study is None when any error was found."""
    source = source or path.as_posix()
    doc, problems = frontmatter.load(path, source)
    if doc is None:
        return None, problems
    checker = Checker(doc, source, vocabulary)
    case = checker.check()
    return case, checker.problems


def check_related(cases: list[CaseStudy], catalogue: Catalogue,
                  unpublished: set[str] = frozenset()) -> tuple[dict[str, list], list[Problem]]:
    """Each case study's related entries, resolved in ``catalogue``; unknown slugs are problems.

    ``unpublished`` are slugs of drafts left out of this build: naming one gets its own advice.
    """
    links: dict[str, list] = {}
    problems: list[Problem] = []
    for case in cases:
        wanted = [s for s in case.related if s not in unpublished]
        for slug in case.related:
            if slug in unpublished:
                problems.append(Problem(case.source, f"{slug!r} is a draft case study, not published yet; "
                                        "remove it from related or publish it first",
                                        field="related", line=case.lines.get("related")))
        found, missing = catalogue.resolve(wanted, case.source)
        problems += [Problem(p.path, p.message, field=p.field, line=case.lines.get("related"))
                     for p in missing]
        links[case.slug] = found
    return links, problems
