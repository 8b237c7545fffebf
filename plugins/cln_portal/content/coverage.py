"""Coverage: how much content exists for each region and clinical pathway, and each region and
competency, counted from the catalogue; the empty pairs are the stories to invite next.

Shared by the site's coverage page, ``cln coverage`` and the last line of ``make check``, so
all three count the same way: an item counts in every pair its own ``region``, ``pathways`` and
``competencies`` metadata makes (a case study on two pathways counts in both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import Entry
from .text import slugify
from .vocabulary import Vocabulary

#: The kinds counted, in the order the page and the terminal show them, with their plurals.
KINDS = {"case study": "case studies", "episode": "episodes", "column": "columns", "interview": "interviews"}
#: The matrices: (name, the vocabulary kind of the columns, how a sentence names a column value).
MATRICES = (("pathways", "pathways", "on {}"), ("competencies", "competencies", "on {}"))
SINGULAR = {"pathways": "pathway", "competencies": "competency"}


def counted(kind: str, n: int) -> str:
    """'1 case study', '3 columns'."""
    return f"{n} {kind if n == 1 else KINDS[kind]}"


def listed(entries: list[Entry]) -> str:
    """'2 columns (A, B), 1 interview (C)': what a sentence about uncounted items names."""
    parts = []
    for kind in KINDS:
        titles = [e.title for e in entries if e.kind == kind]
        if titles:
            parts.append(f"{counted(kind, len(titles))} ({'; '.join(titles)})")
    return ", ".join(parts)


@dataclass
class Cell:
    region: str
    value: str  # a pathway or a competency
    items: dict[str, list[Entry]] = field(default_factory=dict)  # kind -> entries, in title order

    @property
    def total(self) -> int:
        return sum(len(entries) for entries in self.items.values())

    @property
    def anchor(self) -> str:
        return f"{slugify(self.region)}-{slugify(self.value)}"

    def counts(self) -> list[str]:
        return [counted(kind, len(self.items[kind])) for kind in KINDS if self.items.get(kind)]


@dataclass
class Matrix:
    """One table: a row per region, a column per pathway (or competency)."""

    name: str  # "pathways" or "competencies"
    regions: list[str]
    values: list[str]
    cells: dict[tuple[str, str], Cell]
    phrase: str = "on {}"
    #: Items that give a region but none of this table's values (no pathway, say): in no cell.
    unplaced: list[Entry] = field(default_factory=list)

    def cell(self, region: str, value: str) -> Cell:
        return self.cells[(region, value)]

    def without(self, kind: str = "case study") -> list[Cell]:
        """The cells with no item of ``kind``, row by row."""
        return [self.cells[(r, v)] for r in self.regions for v in self.values if not self.cells[(r, v)].items.get(kind)]

    def unplaced_sentence(self) -> str:
        """Why the items of :attr:`unplaced` are not in this table; "" when every item is."""
        if not self.unplaced:
            return ""
        return (f"Not in this table, because they give a region but no {SINGULAR[self.name]}: "
                f"{listed(self.unplaced)}.")

    def missing_sentence(self, cell: Cell, kind: str = "case study") -> str:
        """'No case study yet from NHS South West on mental health', as plainly as the issue asks."""
        value = cell.value[:1].lower() + cell.value[1:]
        return f"No {kind} yet from {cell.region} {self.phrase.format(value)}"


@dataclass
class Coverage:
    matrices: list[Matrix]
    totals: dict[str, int]  # kind -> how many items there are
    #: The items with no region, in title order: pieces on the whole network (a director's
    #: column, a briefing), which belong to no one region's row.
    network_wide: list[Entry] = field(default_factory=list)

    @property
    def untagged(self) -> dict[str, int]:
        """Kind -> how many items have no region (counted in no cell)."""
        return {kind: sum(1 for e in self.network_wide if e.kind == kind) for kind in KINDS}

    def network_wide_sentence(self) -> str:
        """Why the items without a region are in no pair; "" when every item gives one."""
        if not self.network_wide:
            return ""
        sentence = ("Not counted in any pair, because they are about the whole network rather than one "
                    f"region (they give no region): {listed(self.network_wide)}.")
        bare = [e for e in self.network_wide if not e.competencies]
        if bare:  # the self-assessment recommends by competency alone
            names = ", ".join(counted(kind, n) for kind in KINDS
                              if (n := sum(1 for e in bare if e.kind == kind)))
            sentence += f" Of these, {names} give no competency either, so the self-assessment never recommends them."
        return sentence

    def summary(self, kind: str = "case study") -> str:
        """One line: how many pairs of each matrix have no ``kind`` yet."""
        parts = [f"{len(m.without(kind))} of {len(m.cells)} region and {SINGULAR[m.name]} pairs"
                 for m in self.matrices]
        return f"Coverage: no {kind} yet in {' and '.join(parts)}; `python -m cln_portal coverage` lists them."


def coverage(vocab: Vocabulary, entries: list[Entry]) -> Coverage:
    """Count every catalogued item of :data:`KINDS` into both matrices."""
    regions = vocab.names("regions")
    entries = sorted((e for e in entries if e.kind in KINDS), key=lambda e: (e.title.casefold(), e.slug))
    matrices = []
    for name, kind, phrase in MATRICES:
        values = vocab.names(kind)
        cells = {(r, v): Cell(r, v) for r in regions for v in values}
        unplaced = []
        for entry in entries:
            pairs = [(r, v) for r in entry.regions for v in getattr(entry, name) if (r, v) in cells]
            for pair in pairs:
                cells[pair].items.setdefault(entry.kind, []).append(entry)
            if entry.regions and not pairs:
                unplaced.append(entry)
        matrices.append(Matrix(name, regions, values, cells, phrase, unplaced))
    totals = {kind: sum(1 for e in entries if e.kind == kind) for kind in KINDS}
    return Coverage(matrices, totals, [e for e in entries if not e.regions])
