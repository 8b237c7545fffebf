"""The case study content model: its fields, the body's sections, and a case study as read.

Contributors type these files by hand; :mod:`.checker` checks each field against this model and
:mod:`.load` reads the folder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..content.vocabulary import Term

#: Field name -> an example line, shown when the field is missing or malformed.
FIELDS: dict[str, str] = {
    "title": "title: Cutting waits for early pregnancy scans",
    "summary": "summary: One or two plain sentences on what changed, at most 300 characters.",
    "date": "date: 2009-03-16",
    "region": "region: NHS North West",
    "pathways": "pathways: [Maternity and newborn]",
    "organisation": "organisation: Example Hospitals NHS Foundation Trust",
    "authors": "authors: [{name: Dr Jane Smith, role: consultant obstetrician}]",
    "competencies": "competencies: [Innovation]",
    "qualities": "qualities: [Drive for improvement]",
    "tags": "tags: [early pregnancy, scanning]",
    "contact": "contact: jane.smith@example.nhs.uk",
    "related": "related: [another-case-study-slug]",
    "status": "status: published",
}
REQUIRED = ("title", "summary", "date", "region", "pathways", "organisation", "authors")
STATUSES = ("published", "draft")
SUMMARY_LIMIT = 300

#: The body's shape, after the NICE shared learning database: these level-two headings.
SECTIONS = ("Background", "Aims", "What we did", "Results", "Key learning points")
#: NICE's own headings for the same sections, accepted as they are.
SECTION_VARIANTS = {
    "reasons for the project": "background",
    "aims and objectives": "aims",
    "how it was implemented": "what we did",
    "results and evaluation": "results",
}

@dataclass(frozen=True)
class Author:
    name: str
    role: str


@dataclass
class CaseStudy:
    """One validated case study; vocabulary fields hold canonical terms."""

    slug: str
    path: Path  # the file on disk
    source: str  # the file as contributors know it: case_studies/<slug>.md
    title: str
    summary: str
    date: datetime.date
    region: Term
    pathways: tuple[Term, ...]
    organisation: str
    authors: tuple[Author, ...]
    competencies: tuple[Term, ...] = ()
    qualities: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()
    contact: str = ""  # a safe href (mailto:, http(s) or relative), "" when none
    related: tuple[str, ...] = ()
    status: str = "published"
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # field -> line in the file

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def terms(self, kind: str) -> tuple[Term, ...]:
        """The case study's terms of one vocabulary kind ("regions", "pathways", "competencies")."""
        return {"regions": (self.region,), "pathways": self.pathways,
                "competencies": self.competencies, "qualities": self.qualities}[kind]
