"""The schedule of amendments as data: numbered amendments, their instructions and quotations.

Instruction sentences are data (Python writes them, :mod:`tmad.amend.schedule`);
renderers lay them out (``templates/amendments.*``, :mod:`tmad.render.amendments`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tmad.model import Document, TableRow, Version, shown_cell, split_cells

InstructionKind = Literal[
    "substitute-words",
    "insert-words",
    "omit-words",
    "amend-words",
    "substitute-text",
    "substitute-paragraph",
    "insert-paragraphs",
    "insert-definition",
    "omit-paragraphs",
    "relabel",
    "amend-heading",
    "substitute-heading",
    "insert-clause",
    "substitute-clause",
    "omit-clause",
    "move-clause",
    "insert-section",
    "omit-section",
    "move-section",
    "renumber",
]
"""What an instruction does ("amend-words": several word changes to one text, as items)."""


Effect = Literal["substitution", "insertion", "repeal", "renumbering"]
"""An amendment's effect on its targets (Akoma Ntoso's ``textualMod/@type``)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of quoted text: a section or clause heading, or a paragraph."""

    kind: Literal["section", "clause", "paragraph"]
    """A section heading, a clause heading, or a paragraph of a clause."""
    level: int = 0
    """For a paragraph, its level: 0 clause-level, 1 for (a), 2 for (i), 3 for (A)."""
    number: str = ""
    """For a heading, the number it is given, as the numbering scheme prints it ("4.34",
    "§ 34-1503A.")."""
    label: str = ""
    """For a paragraph, its label without brackets ("c"), or ""."""
    term: str = ""
    """For a definition, the defined term."""
    text: str = ""
    """The heading, or the words of the paragraph (a definition's meaning)."""
    quote: int = 0
    """For a paragraph, how deep it stands in quoted structure of its own."""
    table: TableRow = ""
    """For a paragraph, "head" or "row" when it is a table row (its text the cells joined
    by " | ")."""

    note: str = ""
    """For a footnote, its label."""

    def cells(self) -> tuple[str, ...]:
        """A table row's cells, each as printed (``\\|`` as '|')."""
        return tuple(shown_cell(cell) for cell in split_cells(self.text))


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction: a sentence, with lettered items or a quotation when it ends in a dash."""

    kind: InstructionKind
    """What it does."""
    text: str
    """The sentence ("In paragraph (a), omit “and/or”."), ending in "—" when items or a
    quotation follow."""
    items: tuple[str, ...] = ()
    """Word changes to one text, lettered (a), (b), … each ending in ";" or, the last, "."."""
    quotation: tuple[Line, ...] = ()
    """Text inserted or substituted, quoted in full."""

    def size(self) -> int:
        """How long the instruction is to read (characters), to compare with a substitution."""
        quoted = sum(len(line.text) + len(line.term) + len(line.label) for line in self.quotation)
        return len(self.text) + sum(len(item) for item in self.items) + quoted


@dataclass(frozen=True, slots=True)
class Amendment:
    """A numbered amendment: everything the schedule does to one clause or section."""

    number: int
    """Its number in the schedule (1, 2, …); later amendments may refer to it."""
    subject: str
    """What it amends, for a contents line: "Clause 4.26", "New Clause 4.34", "Renumbering"."""
    heading: str
    """The heading of what it amends (FROM's, or TO's for something inserted), or ""."""
    lead: str
    """The opening sentence when there are several instructions ("Clause 4.26 (…) is
    amended as follows."); "" when the amendment is one instruction."""
    instructions: tuple[Instruction, ...]
    """One instruction written in full, or several numbered (1), (2), … after the lead."""
    targets: tuple[str, ...] = ()
    """The ids of the containers or clauses it amends (the renumbered ones, for renumbering)."""
    effect: Effect = "substitution"
    """What it does to them, as Akoma Ntoso types a ``textualMod``."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule of amendments that, applied to FROM, gives TO."""

    document: Document
    """The document amended."""
    old: Version
    """FROM: the version amended."""
    new: Version
    """TO: the version the amendments give."""
    amendments: tuple[Amendment, ...]
    """The numbered amendments, in document order, renumbering last."""
    rules: tuple[str, ...] = ()
    """How to apply the schedule, in the document's own nouns (printed with it)."""
    notes: tuple[tuple[int, str, str], ...] = ()
    """The explanatory note: (amendment number, its subject, the drafter's reason) for each
    amendment whose change carries a ``Reason:``. Not part of the schedule."""

    @property
    def title(self) -> str:
        """ "TMAD v5.2 to v5.3: schedule of amendments"."""
        return (
            f"{self.document.short_title} v{self.old.number} to v{self.new.number}: "
            "schedule of amendments"
        )

    @property
    def summary(self) -> str:
        """The sentence saying what the schedule does."""
        return (
            f"This schedule amends version {self.old.number} of the {self.document.title} "
            f"to give version {self.new.number}."
        )
