"""Build the search index: the Pagefind binary over a built site, its bundle at ``pagefind/``.

The binary comes inside the ``pagefind_bin`` wheel (pinned in requirements.lock), found through
the Pagefind Python package, which also honours ``PAGEFIND_BINARY_PATH``. The bundle is written
beside the old one and swapped in only when Pagefind succeeded and indexed pages, so a site never
holds half an index; a failure is a :class:`SearchIndexError` that says what to do. The bundle's
filter chunks are rewritten in sorted order (:mod:`.canonical`), so two builds are byte-identical.

Every page is indexed as English (``force_language: en``): Pagefind keeps one index per
``<html lang>``, and a page in ``en-gb`` would otherwise never be found from an ``en`` page.

Pagefind holds the whole index in memory while it builds it, about 0.45 MB for each page of
800 words (1.3 GB at 3,000 case studies), and has no setting for it. So a site with more
indexable pages than ``per_bundle`` is indexed in several bundles, one Pagefind run after the
other, each over its share of the pages (a glob that names them): the peak is one bundle's. The
bundles follow the order the build writes the pages, so that each is indexed as soon as its
pages are written, while the build goes on (:class:`Indexer`). Pagefind ranks with each bundle's
own word statistics, so a bundle of case studies and one of episodes weigh a word a little
differently; the end-to-end tests hold titles and facet counts to those of one bundle. Bundle 0 is ``pagefind/``, the others ``pagefind/more/1/``, ...,
listed in ``pagefind/cln-bundles.json`` (:data:`MANIFEST`; ``{"bundles":[]}`` for one bundle);
the browser merges them (Pagefind's ``mergeIndex``, in ``assets/search.js``). All bundles are
swapped in together, only when every run succeeded. (Pagefind's allocator is left with its own
settings: telling it to give freed memory back at once lowered one run's peak by 15% for 10% more
CPU, 577 against 684 MB over 1,572 pages; with bundles the memory is bounded anyway.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import canonical, markup

BUNDLE = "pagefind"  # the bundle's folder in the site: /pagefind/pagefind-ui.js, ...
MORE = "more"  # the other bundles, inside the main one: /pagefind/more/1/, /pagefind/more/2/, ...
#: In the main bundle: the others, relative to it, {"bundles":["more/1/",...]} ([] for one bundle).
MANIFEST = "cln-bundles.json"
#: What Pagefind's script reads from a bundle it merges (mergeIndex): no script, no WebAssembly.
MERGED = ("pagefind-entry.json", "pagefind.*.pf_meta", "index", "filter", "fragment")
#: Indexable pages per bundle: Pagefind takes about 450 MB for 1,000 pages of 800 words.
PER_BUNDLE = 1000
LANGUAGE = "en"
#: What Pagefind reads of a page: the theme's article, which holds the element marked
#: data-pagefind-body (:func:`.markup.mark_body` marks only inside it), its filters and its
#: metadata. Pagefind skips the header, navigation and footer around it: 19% less of its CPU
#: time for the same bundle, byte for byte (1,328 pages of the bench: 3.45 s against 4.25 s).
ROOT = markup.ARTICLE
#: Never indexed: the permalink mark after each heading (it would show in every result).
EXCLUDE = ".headerlink"
_INDEXED = re.compile(r"Indexed (\d+) pages?")
_FILTERS = re.compile(r"Indexed (\d+) filters?")
REINSTALL = "Reinstall the build's tools with `make .venv/.installed` (pagefind[bin] is pinned in requirements.lock)."


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    filters: int
    output: str
    note: str = ""  # why a bundle is not in canonical order, if one is not
    bundles: int = 1
    cpu: float = 0.0  # Pagefind's CPU time, user + system, all runs (seconds)


def executable() -> Path:
    """The Pagefind binary: PAGEFIND_BINARY_PATH, else the one inside the pagefind_bin wheel."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError(f"The Pagefind Python package is not installed. {REINSTALL}") from None
    found = get_executable()
    if found is None or not Path(found).is_file():
        raise SearchIndexError(f"The Pagefind binary was not found ({found or 'pagefind_bin is not installed'}). {REINSTALL}")
    return Path(found)


def is_bundle_size(value) -> bool:
    """A whole number of pages, at least 1 (YAML's true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check(per_bundle) -> None:
    if not is_bundle_size(per_bundle):
        raise ValueError(f"pages per bundle must be a whole number of at least 1, not {per_bundle!r}")


def build_index(site: Path, pages=None, per_bundle: int = PER_BUNDLE) -> IndexReport:
    """Index the built ``site`` and put the bundle(s) at ``site/pagefind/``, or raise.

    ``pages``: the site-relative paths of the HTML files marked ``data-pagefind-body``. With
    None, or no more than ``per_bundle`` of them, Pagefind runs once over the whole site; with
    more, once per bundle of at most ``per_bundle`` pages (see :class:`Indexer`)."""
    indexer = Indexer(site, per_bundle)
    for page in pages or ():
        indexer.add(page)
    return indexer.finish()


@dataclass
class _Run:
    """One Pagefind run: bundle ``number`` of ``pages`` (None: the whole site) into ``out``."""
    number: int
    pages: list[str] | None
    out: Path
    log: Path  # Pagefind's output; its options (pagefind.json) beside it
    label: str = ""  # which bundle, in messages: "" for the only one
    process: subprocess.Popen | None = None
    output: str = ""


class Indexer:
    """The search index of a site the build is writing, in bundles of at most ``per_bundle`` pages.

    The build :meth:`add`\\ s each page it marks for the index, in the order it writes them.
    Each time ``per_bundle`` of them are on disk, a Pagefind run indexes them in the background
    while the build goes on writing pages; one run at a time, so the peak memory is one
    bundle's. (On one thread, Pagefind would spend 10% less CPU, but the build would wait longer
    for it: MkDocs converts every page's Markdown before it renders any, so pages reach Pagefind
    only in the last third of a build.) :meth:`finish` waits for the runs, puts every bundle in
    place together, or raises :class:`SearchIndexError` and leaves the previous index as it was.
    A site with no more than ``per_bundle`` pages is indexed by one Pagefind run at the end, as a
    single bundle. Each run reads only its own pages, named in its glob (:func:`glob`), from the
    site itself.
    """

    def __init__(self, site: Path, per_bundle: int = PER_BUNDLE):
        _check(per_bundle)
        self.site = Path(site)
        self.per_bundle = per_bundle
        self.pages: list[str] = []  # added, in no bundle yet
        self.seen: set[str] = set()
        self.waiting: list[_Run] = []
        self.running: _Run | None = None
        self.done: list[_Run] = []
        self.staging: Path | None = None
        self.failure: SearchIndexError | None = None
        self.cpu = 0.0  # Pagefind's CPU time, user + system, all runs so far (seconds)

    def add(self, page) -> None:
        """A page marked for the index (its path in the site), written or being written: the
        page before it is on disk."""
        page = Path(page).as_posix()
        if page in self.seen:
            return
        self.seen.add(page)
        self.pages.append(page)
        if len(self.pages) > self.per_bundle:  # a full bundle, all of it written: index it now
            self._queue(self.pages[:self.per_bundle])
            del self.pages[:self.per_bundle]
        self._poll(block=False)

    def finish(self) -> IndexReport:
        """Wait for every run, put the bundles at ``site/pagefind/``; or raise (see the class)."""
        try:
            only = not (self.waiting or self.running or self.done)
            if self.pages or only:
                self._queue(self.pages or None, only)  # None: no page added, Pagefind looks at them all
            self.pages = []
            while self.running is not None or self.waiting:
                self._poll(block=True)
            if self.failure is not None:
                raise self.failure
            return self._install()
        finally:
            self.close()

    def close(self) -> None:
        """Stop a run still going (the build failed) and remove what was staged."""
        if self.running is not None and self.running.process is not None:
            self.running.process.kill()
            self.running.process.wait()
        self.running, self.waiting = None, []
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def _queue(self, pages: list[str] | None, only: bool = False) -> None:
        if self.staging is None:
            self.staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-", dir=self.site))
        number = len(self.done) + len(self.waiting) + (self.running is not None)
        new = self.staging / BUNDLE
        self.waiting.append(_Run(number, None if pages is None else list(pages),
                                 new / MORE / str(number) if number else new,
                                 self.staging / f"run-{number}" / "pagefind.log",
                                 "" if only else f" (bundle {number + 1}, {len(pages)} pages)"))

    def _poll(self, block: bool) -> None:
        """Collect the running run if it ended (waiting for it if ``block``); start the next."""
        run = self.running
        if run is not None:
            pid, status, usage = os.wait4(run.process.pid, 0 if block else os.WNOHANG)
            if pid == 0:
                return
            run.process.returncode = os.waitstatus_to_exitcode(status)
            self.cpu += usage.ru_utime + usage.ru_stime
            self.running = None
            self._collect(run)
        if self.running is None and self.waiting and self.failure is None:
            self._start(self.waiting.pop(0))
        elif self.failure is not None:
            self.waiting = []

    def _start(self, run: _Run) -> None:
        run.log.parent.mkdir(parents=True, exist_ok=True)
        config = {"site": str(self.site.resolve()), "output_path": str(run.out.resolve()),
                  "force_language": LANGUAGE, "exclude_selectors": [EXCLUDE], "root_selector": ROOT}
        if run.pages is not None:
            missing = [page for page in run.pages if not (self.site / page).is_file()]
            if missing:
                raise SearchIndexError(f"The page {missing[0]} to be indexed is not in the built site. "
                                       "Build the site again (a clean build, not --dirty).")
            config["glob"] = glob(run.pages)
        # The options in a file (Pagefind reads pagefind.json in the folder it runs in): a
        # bundle's glob names each of its pages, longer than one argument may be.
        (run.log.parent / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        binary = str(executable())
        with open(run.log, "wb") as log:
            try:
                run.process = subprocess.Popen([binary], cwd=run.log.parent, stdout=log, stderr=subprocess.STDOUT)
            except OSError as exc:
                raise SearchIndexError(f"Pagefind could not be started ({binary}: {exc.strerror}). {REINSTALL}") from None
        self.running = run

    def _collect(self, run: _Run) -> None:
        run.output = run.log.read_text(encoding="utf-8", errors="replace").strip()
        if run.process.returncode != 0:
            tail = "\n".join(run.output.splitlines()[-15:]) or "(it printed nothing)"
            self.failure = SearchIndexError(
                f"Pagefind failed to index the site{run.label} (exit status {run.process.returncode}):\n{tail}\n"
                f"If the message above names a page, fix that page; otherwise {REINSTALL[0].lower()}{REINSTALL[1:]}"
            )
        elif not _count(_INDEXED, run.output) or not (run.out / "pagefind.js").is_file():
            self.failure = SearchIndexError(
                f"Pagefind indexed no page{run.label}: no page of the site is marked data-pagefind-body "
                "(the cln plugin marks every case study, column, episode, interview and site page). "
                "Check that the cln plugin is listed under plugins: in mkdocs.yml."
            )
        elif run.number:
            _prune(run.out)
        self.done.append(run)

    def _install(self) -> IndexReport:
        new = self.staging / BUNDLE
        filters, notes = set(), []
        for run in self.done:
            try:
                filters |= canonical.canonicalise(run.out)
            except (ValueError, KeyError, OSError) as exc:
                name = f"bundle {BUNDLE}/{run.out.relative_to(new).as_posix()}/" if run.number else "bundle"
                notes.append(f"the {name} was left in Pagefind's own order ({exc})")
        listed = [run.out.relative_to(new).as_posix() + "/" for run in self.done[1:]]
        (new / MANIFEST).write_text(json.dumps({"bundles": listed}, separators=(",", ":")), encoding="utf-8")
        old = self.site / BUNDLE
        if old.exists():
            old.rename(self.staging / "old")
        new.rename(old)
        outputs = [run.output for run in self.done]
        counts = [(_count(_INDEXED, output), _count(_FILTERS, output)) for output in outputs]
        return IndexReport(sum(p for p, _ in counts), len(filters) or max(f for _, f in counts),
                           "\n\n".join(outputs), "; ".join(notes), len(self.done), self.cpu)


#: What a Pagefind glob (the wax crate's syntax) reads as other than itself: each is escaped
#: with "\\", except the backslash itself, which wax cannot escape.
_GLOB_SPECIAL = re.compile(r"[\\*?$:<>()\[\]{},]")


def glob(pages: list[str]) -> str:
    """A Pagefind glob that matches ``pages`` (paths relative to the site) and no other file,
    whatever characters their names hold. A backslash, which wax cannot escape, is matched by
    ``?`` (any one character): a name that differs from a page's only there would match too."""
    def escape(match: re.Match) -> str:
        return "?" if match.group(0) == "\\" else "\\" + match.group(0)
    return "{" + ",".join(_GLOB_SPECIAL.sub(escape, page) for page in pages) + "}"


def _prune(bundle: Path) -> None:
    """Leave in a merged bundle only what the browser reads from it (:data:`MERGED`): the main
    bundle's script and WebAssembly search it, and Pagefind's UI is loaded from there."""
    for path in bundle.iterdir():
        if not any(path.match(pattern) for pattern in MERGED):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def _count(pattern: re.Pattern, output: str) -> int:
    found = pattern.findall(output)
    return int(found[-1]) if found else 0
