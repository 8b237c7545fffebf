"""The self-assessment's data and arithmetic, without MkDocs or a browser.

``page_data`` is what the page embeds: the rating scale, every competency with its statements and
leadership qualities, and the content tagged with competencies (newest first). ``assess`` turns a
member's answers into their profile and recommendations; ``self-assessment.js`` does exactly the
same in the browser (a test compares the two), so change both together.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..content.catalogue import Entry
from ..content.vocabulary import Vocabulary

#: The saved-answers file's ``format`` field, and the version of its layout.
FORMAT = "cln-self-assessment"
VERSION = 1
#: Catalogue kinds that can be recommended, and how the page names each one.
KINDS = {"case study": "Case study", "column": "Column", "episode": "Episode", "interview": "Interview"}
#: How many of the lowest-rated competencies the recommendations are for, and how many items.
FOCUS = 3
LIMIT = 10


def statement_id(competency_slug: str, position: int) -> str:
    """A statement's stable name in saved answers: its competency's slug and its place (from 1)."""
    return f"{competency_slug}-{position}"


def page_data(vocab: Vocabulary, entries: Iterable[Entry], url_of=lambda url: url) -> dict:
    """Everything the page needs, as plain JSON-ready data. ``url_of`` turns a site URL into the
    link the page uses (relative to it)."""
    clusters = {q.name: q.cluster for q in vocab.terms.get("qualities", [])}
    competencies = []
    for term in vocab.terms.get("competencies", []):
        statements = vocab.statements.get(term.name, ())
        competencies.append({
            "name": term.name, "slug": term.slug, "description": term.description,
            "qualities": [{"name": q, "cluster": clusters.get(q, "")} for q in term.qualities],
            "statements": [{"id": statement_id(term.slug, i), "text": text}
                           for i, text in enumerate(statements, 1)],
        })
    known = set(vocab.names("competencies"))
    tagged = [e for e in entries if e.kind in KINDS and set(e.competencies) & known]
    tagged.sort(key=lambda e: (e.title.casefold(), e.slug))
    tagged.sort(key=lambda e: e.date.isoformat() if e.date else "", reverse=True)
    items = [{"kind": KINDS[e.kind], "title": e.title, "url": url_of(e.url), "summary": e.summary,
              "date": e.date.isoformat() if e.date else "",
              "competencies": [c for c in e.competencies if c in known]} for e in tagged]
    return {"format": FORMAT, "version": VERSION, "scale": list(vocab.scale), "competencies": competencies,
            "items": items, "focus": FOCUS, "limit": LIMIT}


def assess(data: dict, answers: dict[str, int]) -> dict:
    """The profile and the recommendations for ``answers`` (statement id -> index on the scale).

    - ``profile``: per competency, in the framework's order, how many of its statements were
      answered and the mean answer (0 is the scale's first answer; None when none was answered).
    - ``focus``: the rated competencies with the lowest means, at most ``data["focus"]``, lowest
      first (ties in the framework's order); a competency rated at the top of the scale on every
      statement is never a focus.
    - ``recommendations``: content tagged with a focus competency, best match first: the largest
      total gap (top of the scale minus the mean) over the focus competencies it shows, then the
      most of them, then the order of ``data["items"]`` (newest first); at most ``data["limit"]``.
    """
    top = len(data["scale"]) - 1
    profile = []
    for competency in data["competencies"]:
        values = [answers[s["id"]] for s in competency["statements"] if s["id"] in answers]
        score = sum(values) / len(values) if values else None
        profile.append({"competency": competency["name"], "answered": len(values),
                        "statements": len(competency["statements"]), "score": score})
    rated = [p for p in profile if p["score"] is not None and p["score"] < top]
    focus = [p["competency"] for p in sorted(rated, key=lambda p: p["score"])[:data["focus"]]]
    gap = {p["competency"]: top - p["score"] for p in rated}
    ranked = []
    for index, item in enumerate(data["items"]):
        matched = [name for name in focus if name in item["competencies"]]
        if matched:
            weight = 0.0
            for name in matched:
                weight += gap[name]
            ranked.append((-weight, -len(matched), index, matched))
    ranked.sort()
    recommendations = [{"item": index, "matched": matched} for _, _, index, matched in ranked[:data["limit"]]]
    return {"profile": profile, "focus": focus, "recommendations": recommendations}
