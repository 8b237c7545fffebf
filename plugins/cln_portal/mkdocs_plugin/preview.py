"""The live preview (``make serve``, which runs ``mkdocs serve --dirty``): after an edit, rebuild
only the pages the edit changes.

MkDocs rebuilds every page on every change: about 15 s with 1,000 case studies. With ``--dirty``
it rebuilds only pages whose source file is newer than their output, which on its own is wrong
for a portal whose pages list and link each other, and it still rebuilds every generated page
every time. So in a dirty build the plugin:

- gives each generated page a source file in ``.cache/cln-portal/preview/``, rewritten only when
  the page's Markdown changes, so an unchanged generated page is not rebuilt (the case studies
  index and the region, pathway and competency pages change when a case study's facts do);
- keeps what it read from each case study between rebuilds (an unchanged file is not read again);
- when a case study's front matter changes, also rebuilds the items related to it either way
  (their "related" lists show its title);
- when anything else changes (content/, podcasts/, the vocabulary, the templates, mkdocs.yml, a
  case study added or removed), rebuilds every page.

What a dirty preview leaves stale until the next full rebuild: the home page's "latest" lists.
Search is indexed again after every rebuild, over the whole preview site (the search section's
on_post_build). ``make build`` is never dirty.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path

import jinja2
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from ..runtime.filecache import stamp

log = get_plugin_logger(__name__)

SKIP_DIRS = {".git", ".cache", "__pycache__"}


def stamps(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """:func:`cln_portal.runtime.filecache.stamp` of every file under ``folders``: what a change shows in."""
    found: dict[str, tuple[int, int]] = {}
    stack = [str(f) for f in folders if f.is_dir()]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name not in SKIP_DIRS:
                        stack.append(entry.path)
                elif entry.is_file():
                    st = entry.stat()
                    found[entry.path] = (st.st_size, st.st_mtime_ns)
    return found


def facts(case) -> object:
    """Everything of a case study that other pages show: all but its body."""
    return dataclasses.replace(case, body="", lines={})


def output_of(config, url: str) -> Path:
    """The HTML file MkDocs writes for the page at ``url``."""
    path = Path(config.site_dir) / url
    return path / "index.html" if url == "" or url.endswith("/") else path


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept between rebuilds: MkDocs makes a new Jinja environment for each
    build, which would compile Material's templates again every time (0.2 s). Jinja checks each
    template's source against its checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """What the last build was made from, kept by the plugin between a preview's rebuilds."""

    def __init__(self, root: Path):
        self.folder = root / ".cache" / "cln-portal" / "preview"
        self.written: dict[str, tuple[str, str]] = {}  # generated page URI -> (Markdown, inserted HTML)
        self.cases: dict = {}  # case_studies.load_all's cache: unchanged files are not read again
        self.vocabulary: tuple | None = None  # the vocabulary file's stamp the cache was made with
        self.inputs: dict[str, tuple[int, int]] | None = None  # None: nothing built by this plugin yet
        self.facts: dict[str, object] = {}  # case study slug -> facts(case) as last built
        self.related: dict[str, list[str]] = {}  # slug -> related slugs, as last built
        self.templates = TemplateCache()
        #: This rebuild follows an edit of case studies only: podcasts/ and content/ are as last built.
        self.partial = False

    def check_vocabulary(self, path: Path) -> None:
        """Forget what was read from case studies when the vocabulary they are checked against changes."""
        try:
            now = tuple(stamp(path))
        except OSError:
            now = None
        if now != self.vocabulary:
            self.cases.clear()
            self.vocabulary = now

    def page(self, config, uri: str, content: str, inclusion=InclusionLevel.UNDEFINED, inserted: str = "") -> File:
        """A generated page whose source file changes only when ``content``, or the HTML
        ``inserted`` into it after conversion, does."""
        path = self.folder / uri
        if self.written.get(uri) != (content, inserted) or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            self.written[uri] = (content, inserted)
        return File.generated(config, uri, abs_src_path=str(path), inclusion=inclusion)

    def plan(self, config, root: Path, catalogue, cases, case_folder: Path, podcast_folder: Path) -> None:
        """Before pages are built: remove the outputs of pages the change affects, so that the
        dirty build rebuilds them (MkDocs rebuilds a page whose output is missing).

        Every file under docs_dir, the theme's custom_dir, ``podcast_folder`` and ``case_folder``
        (but its case studies, compared by what they say) is an input whose change means a full
        rebuild, as is mkdocs.yml."""
        folders = [Path(config.docs_dir), case_folder, podcast_folder]
        folders += [Path(d) for d in ([config.theme.custom_dir] if config.theme.custom_dir else [])]
        case_prefix = str(case_folder) + os.sep
        inputs = {path: mark for path, mark in stamps(folders).items()
                  if not (path.startswith(case_prefix) and path.endswith(".md"))}
        with contextlib.suppress(OSError):  # mkdocs.yml: the nav, theme or Markdown options
            inputs[config.config_file_path] = tuple(stamp(Path(config.config_file_path)))
        now = {case.slug: facts(case) for case in cases}
        related = {slug: list(targets) for slug, targets in catalogue.related.items()}

        if self.inputs is None:
            full = "the first build of this preview"
        elif inputs != self.inputs:
            changed = sorted({*inputs.items()} ^ {*self.inputs.items()})
            full = f"{os.path.relpath(changed[0][0], root)} changed"
        elif set(now) != set(self.facts):
            full = "a case study was added or removed"
        else:
            full = ""
        self.partial = not full
        self.inputs, previous, self.facts = inputs, self.facts, now
        previous_related, self.related = self.related, related
        if full:
            removed = 0
            # Every page the last build wrote, not only those in ``files`` now: the blog's posts
            # and lists join the files after this (its on_nav), and a page the content problems
            # were shown on (broken.show_everywhere) is newer than its source: a dirty build
            # would keep either as it is.
            for output in Path(config.site_dir).rglob("*.html"):
                try:
                    os.remove(output)
                    removed += 1
                except OSError:
                    pass
            if removed:
                log.info(f"Preview: rebuilding every page ({full})")
            return

        edited = {slug for slug, fact in now.items() if fact != previous.get(slug)}
        affected: set[str] = set()
        for slug in edited:
            affected.update(related.get(slug, []), previous_related.get(slug, []))
            affected.update(s for s, targets in related.items() if slug in targets)
            affected.update(s for s, targets in previous_related.items() if slug in targets)
        for slug in sorted(affected - edited):
            entry = catalogue.entries.get(slug)
            if entry is not None:
                output_of(config, entry.url).unlink(missing_ok=True)
        if edited:
            log.info(f"Preview: {', '.join(sorted(edited))} changed; rebuilding "
                     f"{len(affected - edited)} related page(s) with it")
