"""``make check``: every content problem in one run, without building the site.

It runs the same core loaders the build runs (vocabulary, front matter, each content type's own
loader), so a rule lives in one place and ``make check`` can never disagree with ``make build``.
Under GitHub Actions it also prints workflow commands, so each problem appears on the pull
request's diff at the line it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import case_studies, interviews, pages
from .. import column as columns
from ..podcast import transcripts
from ..content import vocabulary
from ..content.coverage import coverage
from ..content.catalogue import Catalogue, Entry, tags
from ..content.problems import ContentError, Problem, display_path
from ..content.paths import outside_problem


@dataclass
class Project:
    """What every content type's check needs: where the repository is and what is allowed."""

    root: Path
    options: dict  # the ``cln`` plugin's options from mkdocs.yml, defaults filled in
    docs_dir: Path
    vocabulary: vocabulary.Vocabulary | None = None
    catalogue: Catalogue = field(default_factory=Catalogue)
    #: Content folders that other plugins' settings decide, relative to root (e.g. "columns":
    #: Material's blog post_dir); absent when that content type is not used.
    paths: dict[str, str] = field(default_factory=dict)
    #: The Markdown pages MkDocs would build from docs_dir (its exclude_docs applied), and the
    #: theme's template folders; None when not read from mkdocs.yml.
    page_files: list[Path] | None = None
    template_dirs: list[Path] = field(default_factory=list)
    #: The other files MkDocs would copy from docs_dir (images, downloads); None when not read.
    static_files: list[Path] | None = None
    site_url: str = ""  # mkdocs.yml's site_url: feeds and episode links need it
    #: Files an earlier content type has read (catalogued or reported): pages does not re-read them.
    claimed: set[str] = field(default_factory=set)
    #: mkdocs.yml's markdown_extensions and their options, to render what the build renders.
    markdown: tuple[list, dict] | None = None
    #: As `make build` (mkdocs --strict): a published episode's missing transcript is an error.
    strict: bool = True
    #: Locked mode (CI: CLN_LOCKED=1): the committed episode lock must match the content.
    locked: bool = False
    #: The build's file of what unchanged case studies gave (see case_studies/store.py), or None
    #: (`make check` reads every file). When set, only changed files are read, and the store is
    #: left in ``case_store`` for the build, which then reads no case study a second time.
    case_cache: Path | None = None
    case_store: object | None = None
    #: The build's file of what the rendered-markup scan found in each text (see
    #: markup/scan_cache.py), or None: an unchanged text is then not rendered again.
    markup_cache: Path | None = None

    @property
    def vocabulary_file(self) -> Path:
        return self.root / self.options.get("vocabulary", "content/_data/vocabulary.yml")

    def display(self, path: Path | str) -> str:
        return display_path(path, self.root)


#: A content type's check: (the items it loaded, the problems it found).
Check = Callable[[Project], tuple[list, list[Problem]]]


def check_pages(project: Project) -> tuple[list, list[Problem]]:
    """The site's own pages under docs_dir, with the build's rules (:mod:`cln_portal.pages`)."""
    items, problems = [], []
    files = project.page_files
    if files is None:
        files = [p for p in sorted(project.docs_dir.rglob("*.md"))
                 if not any(part.startswith("_") for part in p.relative_to(project.docs_dir).parts)]
    for path in files:
        display = project.display(path)
        outside = outside_problem(path, project.root, display)
        if outside:
            problems.append(outside)
            continue
        if display in project.claimed:
            continue  # a column or an interview: its own loader has checked it
        page, found = pages.check(path, display, project.template_dirs)
        problems += found
        if page is not None:
            items.append(page)
    for path in project.static_files or []:  # a link out would publish a file from elsewhere
        outside = outside_problem(path, project.root, project.display(path))
        if outside:
            problems.append(outside)
    return items, problems


def check_columns(project: Project) -> tuple[list, list[Problem]]:
    """The HSJ column's posts and authors file, catalogued as the build does (drafts too)."""
    if "columns" not in project.paths:
        return [], []
    items, problems = columns.load_all(project.root, project.vocabulary, project.paths["columns"],
                                       project.options["columns"]["authors_file"])
    for item in items:
        project.catalogue.add(Entry("column", item.slug, item.title, "", item.source, item.date,
                                    item.standfirst, **tags(item)))
    return items, problems


def check_podcast(project: Project) -> tuple[list, list[Problem]]:
    """Episodes and the show, read by the podcast core; published ones need a transcript."""
    from .. import podcast

    options = project.options.get("podcast") or {}
    folder = options.get("dir", "podcasts")
    loaded = podcast.load(project.root, podcast.Options(
        dir=folder, site_url=project.site_url, media_base_url=options.get("media_base_url"),
        allow_non_apple_formats=options.get("allow_non_apple_formats", False),
        vocabulary=project.vocabulary))
    problems = list(loaded.problems)
    for episode in loaded.published:
        project.catalogue.add(Entry("episode", episode.slug, episode.title, episode.url, episode.source,
                                    episode.date, episode.description, **tags(episode)))
        problems += transcripts.of_episode(episode, folder, strict=project.strict)[1]
    if project.locked and loaded.lock is not None and not any(p.severity == "error" for p in problems):
        problems += [p for p in [podcast.guids.locked_problem(loaded.lock, loaded.published,
                                                              loaded.updated_lock())] if p]
    return loaded.published + loaded.held_back, problems


def episode_links(items: list, project: Project) -> list[Problem]:
    """Published episodes' ``related:`` slugs, as the podcast section resolves them."""
    return [p for ep in items if ep.published
            for p in project.catalogue.resolve(ep.related, ep.sidecar or ep.source)[1]]


def related_links(items: list, project: Project) -> list[Problem]:
    """Each item's ``related:`` slugs name catalogued items: the catalogue's rule, as in the build."""
    return [p for item in items for p in project.catalogue.resolve(list(item.related), item.source)[1]]


def check_interviews(project: Project) -> tuple[list, list[Problem]]:
    """Text interviews under docs_dir/interviews/, catalogued so that links to them resolve."""
    items, problems = interviews.load_folder(project.docs_dir / interviews.FOLDER, project.display,
                                              project.vocabulary)
    for item in items:
        project.catalogue.add(item.entry())
        project.catalogue.related[item.slug] = list(item.related)
    return items, problems


def check_case_studies(project: Project) -> tuple[list, list[Problem]]:
    """Case studies, catalogued as the public build does: drafts are checked but not linkable."""
    folder = (project.options.get("case_studies") or {}).get("dir", "case_studies")
    cache = None
    if project.case_cache is not None:
        from ..case_studies.store import Store

        project.case_store = Store(project.case_cache, project.vocabulary, project.vocabulary_file)
        cache = project.case_store.entries
    items, problems = case_studies.load_all(project.root, project.vocabulary, folder, cache)
    problems += case_studies.folder_problems(project.root, folder)
    for item in items:
        if not item.is_draft:
            project.catalogue.add(Entry("case study", item.slug, item.title, "", item.source, item.date,
                                        item.summary, **tags(item)))
    return items, problems


def case_study_links(items: list, project: Project) -> list[Problem]:
    """Published case studies' ``related:`` slugs, with the build's own rule (a draft is not linkable),
    and pages of docs_dir in the place of a case study's generated page (the build's rule)."""
    from ..mkdocs_plugin.shared import CASE_STUDIES

    drafts = {item.slug for item in items if item.is_draft}
    published = [i for i in items if not i.is_draft]
    pages = {project.display(p): p for p in project.page_files or []}
    taken = {f"{CASE_STUDIES}/{item.slug}.md": item.source for item in published}
    taken[f"{CASE_STUDIES}/index.md"] = "the case studies index"
    folder = project.display(project.docs_dir)
    clashes = [Problem(f"{folder}/{uri}", f"is in the place of the generated page for {what}; move or remove it")
               for uri, what in taken.items() if f"{folder}/{uri}" in pages]
    return clashes + case_studies.check_related(published, project.catalogue, drafts)[1]


#: What `make check` validates, in order, by the name it reports. Adding a content type is one
#: line: its name and a function calling that type's own core loader (never a copy of its rules);
#: the function registers its items in ``project.catalogue`` so links to them resolve.
CONTENT_TYPES: dict[str, Check] = {
    "columns": check_columns,
    "interviews": check_interviews,
    "case studies": check_case_studies,
    "episodes": check_podcast,
    "pages": check_pages,  # last: it skips the files the types above have read
}

#: Checks between items (``related:`` slugs), run with each type's items once every type is in
#: the catalogue.
LINKS: dict[str, Callable[[list, Project], list[Problem]]] = {
    "episodes": episode_links,
    "columns": related_links,
    "interviews": lambda items, project: interviews.link_problems(items, project.catalogue),
    "case studies": case_study_links,
}

#: Content types whose files, named by slug, exist for ``related`` links even when they have errors.
BROKEN_COUNT: set[str] = {"columns", "interviews", "case studies", "episodes"}

#: Content types that need the vocabulary; the others still run when it is broken.
NEEDS_VOCABULARY: set[str] = {"columns", "case studies"}


def rendered_problems(loaded: dict[str, list], project: Project) -> list[Problem]:
    """Markup the build refuses in rendered pages (script, handlers, unsafe links): the pages,
    published columns and interviews, and published episodes' show notes, rendered with the
    site's Markdown extensions, each problem in the file that holds it."""
    if project.markdown is None:
        return []
    import markdown

    from ..content import frontmatter
    from ..markup.safety import unsafe_markup

    texts: list[tuple[str, str]] = [(project.display(page.document.path), page.document.body)
                                    for page in loaded.get("pages", [])]
    texts += [(item.source, item.body) for item in loaded.get("columns", []) if not item.draft]
    for item in loaded.get("interviews", []):
        doc, _ = frontmatter.load(project.root / item.source, item.source)
        texts += [(item.source, doc.body)] if doc is not None else []
    texts += [(ep.sidecar or ep.source, ep.show_notes) for ep in loaded.get("episodes", [])
              if ep.published and ep.show_notes]
    from ..markup.scan_cache import ScanCache, fingerprint

    extensions, configs = project.markdown
    renderer = None

    def scan(text: str) -> list[str]:
        nonlocal renderer
        renderer = renderer or markdown.Markdown(extensions=extensions, extension_configs=configs)
        return unsafe_markup(renderer.reset().convert(text))

    cache = ScanCache(project.markup_cache, fingerprint(extensions, configs) if project.markup_cache else None)
    problems = []
    for source, text in texts:
        problems += [Problem(source, message) for message in cache.messages(text, scan)]
    cache.save()
    return problems


@dataclass
class Result:
    counts: dict[str, int]
    problems: list[Problem]
    skipped: list[str]
    #: One line on the empty cells of the coverage map (see content/coverage.py); "" when unknown.
    coverage: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def run(project: Project) -> Result:
    """Run every registered check; collect all problems, stop at none."""
    problems: list[Problem] = []
    vocab_path = project.vocabulary_file
    try:
        project.vocabulary = vocabulary.load(vocab_path, project.display(vocab_path))
    except ContentError as exc:
        problems += exc.problems
    counts, skipped, loaded = {}, [], {}
    for name, check in CONTENT_TYPES.items():
        if project.vocabulary is None and name in NEEDS_VOCABULARY:
            skipped.append(name)
            continue
        project.claimed = {e.source for e in project.catalogue.entries.values()} | {p.path for p in problems}
        items, found = check(project)
        counts[name] = len(items)
        problems += found
        loaded[name] = items
        if name in BROKEN_COUNT:  # a file with errors still exists for other files' links
            project.catalogue.broken |= {Path(p.path).stem for p in found if p.severity == "error"}
    for name, items in loaded.items():
        if name in LINKS:
            problems += LINKS[name](items, project)
    problems += project.catalogue.problems
    problems += rendered_problems(loaded, project)
    result = Result(counts, unique(problems), skipped)
    if project.vocabulary is not None:
        result.coverage = coverage(project.vocabulary, list(project.catalogue.entries.values())).summary()
    return result


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (two loaders may read the same file), in file and line order."""
    seen = dict.fromkeys(problems)
    return sorted(seen, key=lambda p: (p.path, p.line or 0, p.field or "", p.message))


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
def escape_data(value: str) -> str:
    """Escape a workflow command's message: %, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value: as data, plus ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """``::error file=...,line=...,title=...::message`` for one problem."""
    command = {"error": "error", "note": "notice"}.get(problem.severity, "warning")
    props = [f"file={escape_property(problem.path)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    title = f"{problem.field}: invalid value" if problem.field else "content problem"
    props.append(f"title={escape_property(title)}")
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def report(result: Result, *, github: bool = False) -> str:
    """The text `make check` prints: one line per problem, then a summary that says what to do."""
    lines = [f"{p.severity.upper()}: {p}" for p in result.problems]
    if github:
        lines += [annotation(p) for p in result.problems]
    checked = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    for name in result.skipped:
        lines.append(f"NOTE: {name} were not checked: fix the vocabulary file first")
    errors = result.errors
    if errors:
        files = len({p.path for p in errors})
        lines.append(f"Found {len(errors)} problem{'s' if len(errors) != 1 else ''} in "
                     f"{files} file{'s' if files != 1 else ''} (checked {checked}). "
                     "Fix each one as its line says, then run `make check` again.")
    else:
        lines.append(f"All content is valid (checked {checked}).")
    if result.coverage and not errors:  # the coverage of valid content only: problems come first
        lines.append(result.coverage)
    return "\n".join(lines)
