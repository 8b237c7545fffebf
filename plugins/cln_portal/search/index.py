"""Build the search index: the Pagefind binary over a built site, its bundle at ``pagefind/``.

The binary comes inside the ``pagefind_bin`` wheel (pinned in requirements.lock), found through
the Pagefind Python package, which also honours ``PAGEFIND_BINARY_PATH``. The bundle is written
beside the old one and swapped in only when Pagefind succeeded and indexed pages, so a site never
holds half an index; a failure is a :class:`SearchIndexError` that says what to do. The bundle's
filter chunks are rewritten in sorted order (:mod:`.canonical`), so two builds are byte-identical.

Every page is indexed as English (``--force-language en``): Pagefind keeps one index per
``<html lang>``, and a page in ``en-gb`` would otherwise never be found from an ``en`` page.

Pagefind holds the whole index in memory while it builds it, about 0.45 MB for each page of
800 words (1.3 GB at 3,000 case studies), and has no setting for it. So a site with more
indexable pages than ``per_bundle`` is indexed in several bundles, one Pagefind run after the
other, each over a folder of hard links to its share of the pages: the peak is one bundle's. The
pages are dealt out round-robin over their sorted list, so every bundle holds a similar mix of
case studies, columns and episodes (Pagefind ranks with each bundle's own word statistics, and
alike bundles rank alike). Bundle 0 is ``pagefind/``, the others ``pagefind/more/1/``, ...,
listed in ``pagefind/cln-bundles.json`` (:data:`MANIFEST`; ``{"bundles":[]}`` for one bundle);
the browser merges them (Pagefind's ``mergeIndex``, in ``assets/search.js``). All bundles are
swapped in together, only when every run succeeded. Pagefind's memory allocator (jemalloc, in
the ``pagefind_bin`` build) is also told to give freed memory back at once, which lowers each
run's peak by about 15% for up to 20% more of Pagefind's CPU time (:data:`ALLOCATOR`).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import canonical

BUNDLE = "pagefind"  # the bundle's folder in the site: /pagefind/pagefind-ui.js, ...
MORE = "more"  # the other bundles, inside the main one: /pagefind/more/1/, /pagefind/more/2/, ...
#: In the main bundle: the others, relative to it, {"bundles":["more/1/",...]} ([] for one bundle).
MANIFEST = "cln-bundles.json"
#: What Pagefind's script reads from a bundle it merges (mergeIndex): no script, no WebAssembly.
MERGED = ("pagefind-entry.json", "pagefind.*.pf_meta", "index", "filter", "fragment")
#: Indexable pages per bundle: Pagefind takes about 450 MB for 1,000 pages of 800 words.
PER_BUNDLE = 1000
LANGUAGE = "en"
#: Never indexed: the permalink mark after each heading (it would show in every result).
EXCLUDE = ".headerlink"
_INDEXED = re.compile(r"Indexed (\d+) pages?")
_FILTERS = re.compile(r"Indexed (\d+) filters?")
#: jemalloc's settings for Pagefind (the ``_RJEM_`` prefix is tikv-jemallocator's, which Pagefind
#: links): return freed pages to the system at once instead of keeping them for reuse. Measured at
#: 3,000 case studies, best of alternating runs: 1.51 GB peak without, 1.27 GB with, the same
#: bundle, and 13.1 s of CPU without against 13.4-15.9 s with (system time: giving memory back).
#: A Pagefind built without jemalloc ignores it; a value already in the environment wins.
ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
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


def bundles_of(pages, per_bundle: int = PER_BUNDLE) -> list[list[str]]:
    """``pages`` (site-relative paths) dealt out round-robin over their sorted list to
    ceil(n / per_bundle) bundles; one bundle (all of them) when they fit in one."""
    if not isinstance(per_bundle, int) or isinstance(per_bundle, bool) or per_bundle < 1:
        raise ValueError(f"pages per bundle must be a whole number of at least 1, not {per_bundle!r}")
    ordered = sorted({Path(page).as_posix() for page in pages})
    count = max(1, math.ceil(len(ordered) / per_bundle))
    return [ordered[at::count] for at in range(count)]


def build_index(site: Path, pages=None, per_bundle: int = PER_BUNDLE) -> IndexReport:
    """Index the built ``site`` and put the bundle(s) at ``site/pagefind/``, or raise.

    ``pages``: the site-relative paths of the HTML files marked ``data-pagefind-body``. With
    None, or no more than ``per_bundle`` of them, Pagefind runs once over the whole site; with
    more, once per bundle of at most ``per_bundle`` pages (see the module's doc)."""
    site = Path(site)
    groups = [None] if pages is None else bundles_of(pages, per_bundle)
    if len(groups) == 1:
        groups = [None]
    binary = executable()
    staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-", dir=site))
    new = staging / BUNDLE
    env = dict(os.environ)
    env.setdefault(*ALLOCATOR)
    try:
        outputs, notes, bundles = [], [], []
        for number, group in enumerate(groups):
            out = new / MORE / str(number) if number else new
            source = site if group is None else _linked(site, group, staging / f"pages-{number}")
            outputs.append(_run(binary, source, out, env, number, len(groups)))
            if source is not site:
                shutil.rmtree(source, ignore_errors=True)
            if number:
                _prune(out)
            bundles.append(out)
        filters = set()
        for out in bundles:
            try:
                filters |= canonical.canonicalise(out)
            except (ValueError, KeyError, OSError) as exc:
                name = f"bundle {BUNDLE}/{out.relative_to(new).as_posix()}/" if out != new else "bundle"
                notes.append(f"the {name} was left in Pagefind's own order ({exc})")
        listed = [out.relative_to(new).as_posix() + "/" for out in bundles[1:]]
        (new / MANIFEST).write_text(json.dumps({"bundles": listed}, separators=(",", ":")), encoding="utf-8")
        old = site / BUNDLE
        if old.exists():
            old.rename(staging / "old")
        new.rename(old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    counts = [(_count(_INDEXED, output), _count(_FILTERS, output)) for output in outputs]
    return IndexReport(sum(p for p, _ in counts), len(filters) or max(f for _, f in counts),
                       "\n\n".join(outputs), "; ".join(notes), len(bundles))


def _linked(site: Path, group: list[str], folder: Path) -> Path:
    """A folder holding hard links (copies across file systems) of ``group``'s pages of
    ``site`` at the same relative paths, so that Pagefind gives them the site's addresses."""
    for page in group:
        source, target = site / page, folder / page
        if not source.is_file():
            raise SearchIndexError(f"The page {page} to be indexed is not in the built site. "
                                   "Build the site again (a clean build, not --dirty).")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    return folder


def _prune(bundle: Path) -> None:
    """Leave in a merged bundle only what the browser reads from it (:data:`MERGED`): the main
    bundle's script and WebAssembly search it, and Pagefind's UI is loaded from there."""
    for path in bundle.iterdir():
        if not any(path.match(pattern) for pattern in MERGED):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def _run(binary: Path, source: Path, out: Path, env: dict, number: int, total: int) -> str:
    """One Pagefind run over ``source`` into ``out``: its output, or raise saying what to do."""
    cmd = [str(binary), "--site", str(source), "--output-path", str(out), "--force-language", LANGUAGE,
           "--exclude-selectors", EXCLUDE]
    which = f" (bundle {number + 1} of {total})" if total > 1 else ""
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=env)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started ({binary}: {exc.strerror}). {REINSTALL}") from None
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:]) or "(it printed nothing)"
        raise SearchIndexError(
            f"Pagefind failed to index the site{which} (exit status {result.returncode}):\n{tail}\n"
            f"If the message above names a page, fix that page; otherwise {REINSTALL[0].lower()}{REINSTALL[1:]}"
        )
    if not _count(_INDEXED, output) or not (out / "pagefind.js").is_file():
        raise SearchIndexError(
            f"Pagefind indexed no page{which}: no page of the site is marked data-pagefind-body "
            "(the cln plugin marks every case study, column, episode, interview and site page). "
            "Check that the cln plugin is listed under plugins: in mkdocs.yml."
        )
    return output


def _count(pattern: re.Pattern, output: str) -> int:
    found = pattern.findall(output)
    return int(found[-1]) if found else 0
