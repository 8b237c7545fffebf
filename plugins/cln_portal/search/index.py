"""Build the search index: the Pagefind binary over a built site, its bundle at ``pagefind/``.

The binary comes inside the ``pagefind_bin`` wheel (pinned in requirements.lock), found through
the Pagefind Python package, which also honours ``PAGEFIND_BINARY_PATH``. The bundle is written
beside the old one and swapped in only when Pagefind succeeded and indexed pages, so a site never
holds half an index; a failure is a :class:`SearchIndexError` that says what to do. The bundle's
filter chunks are rewritten in sorted order (:mod:`.canonical`), so two builds are byte-identical.

Every page is indexed as English (``--force-language en``): Pagefind keeps one index per
``<html lang>``, and a page in ``en-gb`` would otherwise never be found from an ``en`` page.

Pagefind holds the whole index in memory while it builds it, about 0.45 MB for each page of
800 words (1.3 GB at 3,000 case studies), and has no setting for it. Its memory allocator
(jemalloc, in the ``pagefind_bin`` build) is told to give freed memory back at once, which lowers
that peak by about 15% for up to 20% more of Pagefind's CPU time (:data:`ALLOCATOR`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import canonical

BUNDLE = "pagefind"  # the bundle's folder in the site: /pagefind/pagefind-ui.js, ...
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
    note: str = ""  # why the bundle is not in canonical order, if it is not


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


def build_index(site: Path) -> IndexReport:
    """Index the built ``site`` and put the bundle at ``site/pagefind/``, or raise."""
    site = Path(site)
    binary = executable()
    staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-", dir=site))
    new = staging / BUNDLE
    cmd = [str(binary), "--site", str(site), "--output-path", str(new), "--force-language", LANGUAGE,
           "--exclude-selectors", EXCLUDE]
    env = dict(os.environ)
    env.setdefault(*ALLOCATOR)
    try:
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=env)
        except OSError as exc:
            raise SearchIndexError(f"Pagefind could not be started ({binary}: {exc.strerror}). {REINSTALL}") from None
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            tail = "\n".join(output.splitlines()[-15:]) or "(it printed nothing)"
            raise SearchIndexError(
                f"Pagefind failed to index the site (exit status {result.returncode}):\n{tail}\n"
                f"If the message above names a page, fix that page; otherwise {REINSTALL[0].lower()}{REINSTALL[1:]}"
            )
        pages = _count(_INDEXED, output)
        if not pages or not (new / "pagefind.js").is_file():
            raise SearchIndexError(
                "Pagefind indexed no page: no page of the site is marked data-pagefind-body "
                "(the cln plugin marks every case study, column, episode, interview and site page). "
                "Check that the cln plugin is listed under plugins: in mkdocs.yml."
            )
        try:
            canonical.canonicalise(new)
            note = ""
        except (ValueError, KeyError, OSError) as exc:
            note = f"the bundle was left in Pagefind's own order ({exc})"
        old = site / BUNDLE
        if old.exists():
            old.rename(staging / "old")
        new.rename(old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IndexReport(pages, _count(_FILTERS, output), output, note)


def _count(pattern: re.Pattern, output: str) -> int:
    found = pattern.findall(output)
    return int(found[-1]) if found else 0
