"""The controlled vocabularies: regions, pathways, competencies and leadership qualities.

They are data the comms team edits (a YAML file), not code. Contributors type variants
("North West", "Maternity & newborn"); :meth:`Vocabulary.resolve` turns an unambiguous variant
into the canonical term, and otherwise says what is allowed and what was probably meant.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import ContentError, Problem
from .text import slugify

KINDS = ("regions", "pathways", "competencies", "qualities")


def normalise(value: str) -> str:
    """The form two spellings of one term share: case, '&', punctuation and 'NHS' ignored."""
    value = str(value).lower().replace("&", " and ").replace("\u2019", "'")
    value = re.sub(r"[^a-z0-9]+", " ", value.replace("'", "")).strip()
    return re.sub(r"^nhs ", "", value)


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary, as shown on the site and in URLs."""

    kind: str
    name: str
    description: str = ""
    cluster: str = ""  # leadership qualities: their cluster
    qualities: tuple[str, ...] = ()  # competencies: the qualities they map to
    variants: tuple[str, ...] = ()  # other spellings accepted for it (shown in CONTRIBUTING.md)

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def singular(self) -> str:
        return {"regions": "region", "pathways": "pathway", "competencies": "competency",
                "qualities": "quality"}[self.kind]


@dataclass
class Vocabulary:
    """All controlled vocabularies, with a lookup from every accepted spelling to its term."""

    terms: dict[str, list[Term]] = field(default_factory=dict)
    #: The self-assessment: the answers to choose from (lowest first), and competency name ->
    #: its behavioural statements, in the vocabulary's order of competencies.
    scale: tuple[str, ...] = ()
    statements: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _lookup: dict[str, dict[str, Term | None]] = field(default_factory=dict)

    def add(self, term: Term, variants: list[str]) -> None:
        self.terms.setdefault(term.kind, []).append(term)
        table = self._lookup.setdefault(term.kind, {})
        for spelling in [term.name, *variants]:
            key = normalise(spelling)
            if key in table and table[key] is not term:
                table[key] = None  # ambiguous: two terms claim this spelling
            else:
                table[key] = term

    def names(self, kind: str) -> list[str]:
        return [t.name for t in self.terms.get(kind, [])]

    def get(self, kind: str, name: str) -> Term:
        """The term with this canonical name (KeyError if there is none)."""
        for term in self.terms.get(kind, []):
            if term.name == name:
                return term
        raise KeyError(name)

    def resolve(self, kind: str, value: object) -> Term:
        """The term a contributor meant by ``value``; ValueError says what is allowed."""
        allowed = self.names(kind)
        text = str(value).strip() if isinstance(value, (str, int, float)) else None
        if not text:
            raise ValueError(f"expected one of: {', '.join(allowed)}")
        term = self._lookup.get(kind, {}).get(normalise(text), False)
        if term:
            return term
        if term is None:
            raise ValueError(f"{text!r} could mean more than one {kind}; use one of: {', '.join(allowed)}")
        message = f"{text!r} is not one of the allowed values: {', '.join(allowed)}"
        guess = self.suggest(kind, text)
        if guess:
            message += f". Did you mean {guess!r}?"
        raise ValueError(message)

    def suggest(self, kind: str, text: str) -> str | None:
        """The closest canonical name to a misspelling, if one is close enough."""
        table = self._lookup.get(kind, {})
        close = difflib.get_close_matches(normalise(text), [k for k, t in table.items() if t], n=1, cutoff=0.6)
        return table[close[0]].name if close else None


def load(path: str | Path, display: str | None = None) -> Vocabulary:
    """Read the vocabulary file; any problem in it is a ContentError naming the file."""
    path = Path(path)
    display = display or path.as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError([Problem(display, f"cannot be read: {exc.strerror or exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(
            [Problem(display, f"is not valid YAML: {getattr(exc, 'problem', exc)}",
                     line=mark.line + 1 if mark else None)]
        ) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(display, f"must map {', '.join(KINDS)} to lists of terms")])
    vocab = Vocabulary()
    problems: list[Problem] = []
    for kind in KINDS:
        entries = data.get(kind)
        if not isinstance(entries, list) or not entries:
            problems.append(Problem(display, "must be a non-empty list of terms", field=kind))
            continue
        for i, entry in enumerate(entries):
            if isinstance(entry, str):
                entry = {"name": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                problems.append(Problem(display, f"entry {i + 1} needs a 'name'", field=kind))
                continue
            variants = entry.get("variants") or []
            if not isinstance(variants, list):
                problems.append(Problem(display, f"{entry['name']}: 'variants' must be a list", field=kind))
                variants = []
            term = Term(
                kind=kind,
                name=entry["name"].strip(),
                description=str(entry.get("description") or "").strip(),
                cluster=str(entry.get("cluster") or "").strip(),
                qualities=tuple(entry.get("qualities") or ()),
                variants=tuple(str(v) for v in variants),
            )
            vocab.add(term, [str(v) for v in variants])
    for term in vocab.terms.get("competencies", []):
        for quality in term.qualities:
            if quality not in vocab.names("qualities"):
                problems.append(
                    Problem(display, f"{term.name} maps to unknown quality {quality!r}; use one of: "
                            f"{', '.join(vocab.names('qualities'))}", field="competencies")
                )
    if "competencies" in vocab.terms:
        problems += _self_assessment(data, vocab, display)
    if problems:
        raise ContentError(problems)
    return vocab


#: How many answers a rating scale may have, and how long a statement may be.
SCALE_SIZES = range(2, 8)
STATEMENT_LIMIT = 300


def _self_assessment(data: dict, vocab: Vocabulary, display: str) -> list[Problem]:
    """Read ``rating_scale`` and ``statements`` into ``vocab``; every problem with them."""
    problems: list[Problem] = []
    scale = data.get("rating_scale")
    if (not isinstance(scale, list) or len(scale) not in SCALE_SIZES
            or not all(isinstance(s, str) and s.strip() for s in scale)
            or len({normalise(s) for s in scale}) != len(scale)):
        problems.append(Problem(display, f"must be a list of {SCALE_SIZES.start} to {SCALE_SIZES.stop - 1} "
                                "different answers, lowest first, for example "
                                "[Not yet, Sometimes, Usually, Consistently]", field="rating_scale"))
    else:
        vocab.scale = tuple(s.strip() for s in scale)
    statements = data.get("statements")
    if not isinstance(statements, dict):
        return problems + [Problem(display, "must map each competency to a list of statements (3 or 4, "
                                   "in the first person: 'I ...')", field="statements")]
    found: dict[str, tuple[str, ...]] = {}
    for key, texts in statements.items():
        try:
            term = vocab.resolve("competencies", key)
        except ValueError as exc:
            problems.append(Problem(display, f"{exc}; statements must be listed under a competency of "
                                    "'competencies' above", field=f"statements.{key}"))
            continue
        if term.name in found:
            problems.append(Problem(display, f"lists {term.name} a second time; put all of its statements "
                                    "in one list", field=f"statements.{key}"))
            continue
        where = f"statements.{term.name}"
        if not isinstance(texts, list) or not texts:
            problems.append(Problem(display, "must be a list of statements, one per line starting with "
                                    "'- I '", field=where))
            continue
        cleaned = []
        for i, text in enumerate(texts, 1):
            if not isinstance(text, str) or not text.strip():
                problems.append(Problem(display, f"statement {i} must be a sentence of text", field=where))
            elif len(text.strip()) > STATEMENT_LIMIT:
                problems.append(Problem(display, f"statement {i} is {len(text.strip())} characters; keep "
                                        f"each under {STATEMENT_LIMIT}", field=where))
            elif normalise(text) in {normalise(t) for t in cleaned}:
                problems.append(Problem(display, f"statement {i} repeats an earlier one; remove it",
                                        field=where))
            else:
                cleaned.append(" ".join(text.split()))
        found[term.name] = tuple(cleaned)
    for term in vocab.terms["competencies"]:
        if term.name not in found:
            problems.append(Problem(display, f"{term.name} has no statements; add 3 or 4 first-person "
                                    "statements of what a member who has it does, under "
                                    f"'statements: {term.name}:'", field="statements"))
    vocab.statements = {t.name: found[t.name] for t in vocab.terms["competencies"] if t.name in found}
    return problems
