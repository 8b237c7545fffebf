"""The vocabulary fields a content item is tagged with (``region``, ``pathways``, ``competencies``,
and for case studies ``qualities``), checked against the vocabulary with one set of messages for
every content type: the file, the line, the field, what is allowed and what was probably meant.

Case studies require ``region`` and ``pathways``; columns, interviews and episodes may leave any
of them out (a director's column or a briefing on the whole network is about no one region).
Variant spellings become the canonical term here, once.
"""

from __future__ import annotations

from . import frontmatter
from .problems import Problem
from .text import clean_text
from .vocabulary import Term, Vocabulary

#: The fields every content type may carry, in the order forms and guides show them.
FIELDS = ("region", "pathways", "competencies")
#: Field name -> an example line, shown when a field is empty or malformed.
EXAMPLES = {"region": "region: NHS North West", "pathways": "pathways: [Maternity and newborn]",
            "competencies": "competencies: [Innovation]", "qualities": "qualities: [Drive for improvement]"}


class TermFields:
    """Checks the vocabulary fields of one document, collecting every problem in ``problems``."""

    #: What a region means for this content type, in the message for a list of regions.
    region_means = "the region it is about"

    def __init__(self, doc: frontmatter.Document, source: str, vocabulary: Vocabulary,
                 required: tuple[str, ...] = (), examples: dict[str, str] | None = None):
        self.doc = doc
        self.source = source
        self.vocabulary = vocabulary
        self.required = required
        self.examples = examples or EXAMPLES
        self.problems: list[Problem] = []

    def problem(self, name: str | None, message: str, line: int | None = None) -> None:
        if line is None and name:
            line = self.doc.line_of(name)
        self.problems.append(Problem(self.source, message, field=name, line=line))

    def missing(self, name: str) -> bool:
        """True when the field is absent or empty; a problem when it is required."""
        value = self.doc.meta.get(name)
        if value is None or (isinstance(value, (str, list, dict)) and not value):
            if name in self.required:
                verb = "is empty" if name in self.doc.meta else "is missing"
                self.problem(name, f"{verb}; it is required, for example '{self.examples[name]}'",
                             line=self.doc.line_of(name))
            return True
        return False

    def listed(self, name: str) -> list:
        """The field's values as a list (a single value is a list of one); [] when it is absent
        or empty (a problem when it is required, see :meth:`missing`)."""
        if self.missing(name):
            return []
        values = self.doc.meta[name]
        return values if isinstance(values, list) else [values]

    def resolve(self, name: str, kind: str, value: object) -> Term | None:
        try:
            return self.vocabulary.resolve(kind, value)
        except ValueError as exc:
            message = str(exc)
            if not isinstance(value, (str, int, float)):
                message = f"{describe(value)} is not a {singular(kind)}; " + message
            self.problem(name, message)
            return None

    def region(self) -> Term | None:
        if self.missing("region"):
            return None
        value = self.doc.meta["region"]
        if isinstance(value, list):
            self.problem("region", f"must be one region, not a list: {self.region_means}, "
                         f"for example '{EXAMPLES['region']}'")
            return None
        return self.resolve("region", "regions", value)

    def terms(self, name: str) -> tuple[Term, ...]:
        """A list of terms (a single value is a list of one), each once, in the order given."""
        found: list[Term] = []
        for value in self.listed(name):
            term = self.resolve(name, name, value)
            if term is not None and term not in found:
                found.append(term)
        return tuple(found)

    def tags(self) -> dict:
        """``region``, ``pathways`` and ``competencies``, checked (None and () where not given)."""
        return {"region": self.region(), "pathways": self.terms("pathways"),
                "competencies": self.terms("competencies")}


def read_tags(doc: frontmatter.Document, source: str, vocabulary: Vocabulary) -> tuple[dict, list[Problem]]:
    """The optional vocabulary fields of a column, an interview or an episode's sidecar."""
    fields = TermFields(doc, source, vocabulary)
    return fields.tags(), fields.problems


def singular(kind: str) -> str:
    return {"regions": "region", "pathways": "pathway", "competencies": "competency",
            "qualities": "quality"}.get(kind, kind)


def describe(value: object) -> str:
    """A value as a contributor would recognise it in a message."""
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    return repr(clean_text(value)) if not isinstance(value, bool) else repr(value)
