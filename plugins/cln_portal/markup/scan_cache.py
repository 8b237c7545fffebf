"""What the rendered-markup scan found in each text, kept between builds.

The build runs `make check`'s whole check first (one report: issue 15), and that check renders
the site's pages, columns, interviews and show notes with the site's Markdown extensions to scan
the HTML (:func:`cln_portal.markup.safety.unsafe_markup`); the build then renders each page
again for the site. The comms team rebuilds after every change, and most texts did not change:
this keeps, under a digest of the text and of everything that decides its rendering and scan
(the extensions and their options, the versions of Markdown and of the extensions' packages, the
scanning code), the messages the scan gave, so an unchanged text is not rendered a second time.
A text is only ever answered with what the scan of that very text, rendered that very way, gave.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
from pathlib import Path
from typing import Callable

from ..runtime.filecache import write_atomically

#: Where the build keeps it, relative to the repository.
FILE = ".cache/cln-portal/rendered-markup.json"
FORMAT = "1"  # change when what is stored changes


def _package_version(extension) -> str | None:
    """The version of the package an extension comes from ("pymdownx.details": pymdownx's)."""
    if not isinstance(extension, str):
        return None  # an Extension instance: its state is not known here
    top = extension.split(".")[0] if "." in extension else "markdown"
    try:
        version = getattr(importlib.import_module(top), "__version__", None)
        return str(version) if version is not None else importlib.metadata.version(top)
    except (ImportError, importlib.metadata.PackageNotFoundError):
        return None


def fingerprint(extensions: list, configs: dict) -> str | None:
    """What decides a text's rendering and scan, as a digest; None when it cannot be known
    (then nothing is cached)."""
    import markdown

    from . import safety

    versions = [_package_version(e) for e in extensions]
    setup = json.dumps([FORMAT, markdown.__version__, list(map(str, extensions)), versions, configs],
                       sort_keys=True, default=repr)
    if None in versions or " at 0x" in setup:  # an object whose repr changes with every run
        return None
    digest = hashlib.sha256(setup.encode("utf-8"))
    digest.update(Path(safety.__file__).read_bytes())
    return digest.hexdigest()


class ScanCache:
    """The cache file: read once per run, written only when a text's answer was new or a text
    has gone (only the texts of this run are kept, so it never grows beyond the site)."""

    def __init__(self, path: Path | None, setup: str | None):
        self.path, self.setup = (Path(path) if path else None), setup
        self.stored: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        if self.path is None or setup is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("setup") == setup and isinstance(data.get("texts"), dict):
                self.stored = {k: list(v) for k, v in data["texts"].items() if isinstance(v, list)}
        except (OSError, ValueError, TypeError, AttributeError):
            self.stored = {}

    def messages(self, text: str, scan: Callable[[str], list[str]]) -> list[str]:
        """``scan(text)`` (render it, scan the HTML), or what it gave for this text before."""
        if self.setup is None:
            return scan(text)
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        found = self.used.get(key)
        if found is None:
            found = self.stored.get(key)
            found = list(found) if found is not None else scan(text)
            self.used[key] = found
        return list(found)

    def save(self) -> None:
        if self.path is None or self.setup is None or self.used == self.stored:
            return
        data = {"setup": self.setup, "texts": self.used}
        try:
            write_atomically(self.path, json.dumps(data, ensure_ascii=True, sort_keys=True).encode("ascii"))
        except OSError:
            pass  # a read-only checkout still builds; the next run renders again
