"""Placeholders: the template text a contributor has to replace before anything is published.

Every template (case_studies/_template.md, the column and episode scaffolds of ``make new-...``)
marks the text to replace with the word ``TODO``. A draft may keep them; a published item that
still holds one is an error, with the file, the field (``body`` for the text) and the line, so
the template's own words never reach the public site.
"""

from __future__ import annotations

import re

from .frontmatter import Document
from .problems import Problem

#: The marker every template puts in the text to replace: the word TODO, in capitals.
MARKER = "TODO"
_PATTERN = re.compile(rf"\b{MARKER}\b")
_SNIPPET = 60


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _shown(text: str) -> str:
    start = _PATTERN.search(text).start()
    snippet = " ".join(text[start:].split())
    return snippet if len(snippet) <= _SNIPPET else snippet[:_SNIPPET - 3].rstrip() + "..."


def message(text: str) -> str:
    return (f"still holds the template's placeholder {_shown(text)!r}: replace it with your own "
            f"text (only a draft may keep a {MARKER})")


def find(doc: Document, display: str, skip: tuple[str, ...] = ()) -> list[Problem]:
    """One problem per front matter field and per body line that still holds a placeholder."""
    problems = []
    for key, value in doc.meta.items():
        if key in skip:
            continue
        held = [s for s in _strings(value) if _PATTERN.search(s)]
        if held:
            problems.append(Problem(display, message(held[0]), field=key, line=doc.line_of(key)))
    for offset, line in enumerate(doc.body.split("\n")):
        if _PATTERN.search(line):
            problems.append(Problem(display, message(line), field="body", line=doc.body_line + offset))
    return problems
