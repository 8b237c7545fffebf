"""What the content says about case studies, read from case_studies/ (the oracle for the filters)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cln_portal.content.vocabulary import load as load_vocabulary

from .checks import REPO
from .feeds import front_matter


@dataclass(frozen=True)
class CaseStudy:
    title: str
    region: str  # canonical names, as the site shows them
    pathways: frozenset[str]
    competencies: frozenset[str]


@cache
def published_case_studies() -> tuple[CaseStudy, ...]:
    """Every case study the public site must list: its canonical region, pathways and competencies.

    Contributors may type variants ('North West'); the vocabulary file says what each means.
    """
    vocabulary = load_vocabulary(REPO / "content" / "_data" / "vocabulary.yml")
    cases = []
    for source in sorted((REPO / "case_studies").glob("*.md")):
        if source.name.startswith("_"):
            continue  # the template
        meta = front_matter(source)
        if meta.get("status", "published") != "published":
            continue
        cases.append(CaseStudy(
            title=meta["title"],
            region=vocabulary.resolve("regions", meta["region"]).name,
            pathways=frozenset(vocabulary.resolve("pathways", p).name for p in meta["pathways"]),
            competencies=frozenset(vocabulary.resolve("competencies", c).name
                                   for c in meta.get("competencies") or []),
        ))
    assert cases, "no published case study in case_studies/"
    return tuple(cases)


def narrowing_filter() -> tuple[str, str, frozenset[str]]:
    """A region and a pathway chosen together, and the titles they must leave: the pair that keeps
    the most case studies while still hiding some (so the filter visibly does something)."""
    cases = published_case_studies()
    pairs = {}
    for case in cases:
        for pathway in case.pathways:
            pairs.setdefault((case.region, pathway), set()).add(case.title)
    narrowing = [(len(titles), region, pathway) for (region, pathway), titles in pairs.items()
                 if len(titles) < len(cases)]
    assert narrowing, "every case study shares one region and pathway: no filter can narrow the list"
    _, region, pathway = max(narrowing, key=lambda t: (t[0], t[1], t[2]))
    return region, pathway, frozenset(c.title for c in cases if c.region == region and pathway in c.pathways)
