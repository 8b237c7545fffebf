"""What was read from each case study, kept between builds: an unchanged file is not read again.

The comms team rebuilds after every change, and most case studies did not change: reading and
checking a thousand of them costs half a second a build. :func:`cln_portal.case_studies.load_all`
takes a cache (file -> its size and mtime, and the case study read from it); this module keeps
that cache in ``.cache/cln-portal/case-studies.json``. Its version covers the vocabulary file and
the checking code, so a changed vocabulary or rule reads every file again; files with problems are
never stored (they are read, and reported, on every build). The file can always be deleted.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from ..runtime.filecache import write_atomically
from ..content.vocabulary import Vocabulary
from .model import Author, CaseStudy

#: Where the build keeps it, relative to the repository.
FILE = ".cache/cln-portal/case-studies.json"
FORMAT = "1"  # change when CaseStudy or its encoding changes
#: The modules whose code decides what a file gives: a change to any of them drops the cache.
CHECKING_CODE = ("model.py", "checker.py", "load.py")


def version(vocabulary_file: Path) -> str:
    """The vocabulary's and the checking code's fingerprint: a cache made under others is dropped."""
    digest = hashlib.sha256(FORMAT.encode())
    for path in (Path(vocabulary_file), *(Path(__file__).with_name(name) for name in CHECKING_CODE)):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:16]


def encode(case: CaseStudy) -> dict:
    return {
        "slug": case.slug, "path": str(case.path), "source": case.source, "title": case.title,
        "summary": case.summary, "date": case.date.isoformat(), "region": case.region.name,
        "pathways": [t.name for t in case.pathways], "organisation": case.organisation,
        "authors": [[a.name, a.role] for a in case.authors],
        "competencies": [t.name for t in case.competencies], "qualities": [t.name for t in case.qualities],
        "tags": list(case.tags), "contact": case.contact, "related": list(case.related),
        "status": case.status, "body": case.body, "lines": case.lines,
    }


def decode(data: dict, terms: dict[tuple[str, str], object]) -> CaseStudy:
    """A stored case study; a KeyError if a term is no longer in the vocabulary."""
    def named(kind: str, names: list[str]) -> tuple:
        return tuple(terms[(kind, name)] for name in names)

    return CaseStudy(
        slug=data["slug"], path=Path(data["path"]), source=data["source"], title=data["title"],
        summary=data["summary"], date=datetime.date.fromisoformat(data["date"]),
        region=terms[("regions", data["region"])], pathways=named("pathways", data["pathways"]),
        organisation=data["organisation"], authors=tuple(Author(n, r) for n, r in data["authors"]),
        competencies=named("competencies", data["competencies"]),
        qualities=named("qualities", data["qualities"]), tags=tuple(data["tags"]),
        contact=data["contact"], related=tuple(data["related"]), status=data["status"],
        body=data["body"], lines=dict(data["lines"]),
    )


class Store:
    """The cache file, read once per build and written only when a case study changed."""

    def __init__(self, path: Path, vocabulary: Vocabulary, vocabulary_file: Path):
        self.path = Path(path)
        self.version = version(vocabulary_file)
        self.entries: dict[Path, tuple] = {}  # the cache load_all fills: path -> (stamp, case, problems)
        terms = {(kind, t.name): t for kind, listed in vocabulary.terms.items() for t in listed}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == self.version:
                for path, (stamp, case) in data["files"].items():
                    self.entries[Path(path)] = (tuple(stamp), decode(case, terms), [])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}  # missing, unreadable or outdated: read every file again
        self.stored = {path: entry[0] for path, entry in self.entries.items()}

    def save(self) -> None:
        """Write the cache if any file changed, without the files that had problems."""
        keep = {path: entry for path, entry in self.entries.items() if entry[1] is not None and not entry[2]}
        if {path: entry[0] for path, entry in keep.items()} == self.stored:
            return
        data = {"version": self.version,
                "files": {str(path): [list(stamp), encode(case)] for path, (stamp, case, _) in keep.items()}}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomically(self.path, text.encode("utf-8"))  # never a half-written cache
        self.stored = {path: entry[0] for path, entry in keep.items()}
