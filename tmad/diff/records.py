"""Typed change records: what changed between two editions, computed once.

A :class:`Comparison` holds the merged order of sections and clauses (slots:
equal, only in the old text here, only in the new text here) and, for every
clause that changed, a :class:`ClauseChange` with its kinds and word-level
segments. Renderers present these records; they never diff text themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tmad.diff.words import Op, Segment
from tmad.model import Block, Clause, Edition, Section

KINDS = ("inserted", "deleted", "modified", "renumbered", "moved")
"""Change kinds, in the order they are listed."""

Kind = Literal["inserted", "deleted", "modified", "renumbered", "moved"]


@dataclass(frozen=True, slots=True)
class BlockChange:
    """One paragraph of a clause, aligned between the old and new text."""

    kind: Literal["equal", "modified", "inserted", "deleted"]
    """Whether the paragraph is unchanged, changed, new or removed."""
    old: Block | None
    """The paragraph in the old text (None when inserted)."""
    new: Block | None
    """The paragraph in the new text (None when deleted)."""
    label: tuple[Segment, ...]
    """Word diff of the label as printed, brackets included ("(b)" → "(c)"; "" → "(c)" when
    a paragraph gains a label, so the brackets are marked with the letter)."""
    term: tuple[Segment, ...]
    """Word diff of the defined term, for a definition."""
    text: tuple[Segment, ...]
    """Word diff of the text."""

    @property
    def relevelled(self) -> bool:
        """Whether the paragraph stands at another level, or in quotation, in the new text."""
        return (
            self.old is not None
            and self.new is not None
            and (self.old.level, self.old.quote) != (self.new.level, self.new.quote)
        )


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """How one clause changed: its kinds and its word-level segments."""

    id: str
    """The clause's stable id."""
    kinds: tuple[Kind, ...]
    """What happened to it, in :data:`KINDS` order; empty when nothing did."""
    old: Clause | None
    """The clause in the old text (None when inserted)."""
    new: Clause | None
    """The clause in the new text (None when deleted)."""
    old_section: str | None
    """The id of the section holding it in the old text."""
    new_section: str | None
    """The id of the section holding it in the new text."""
    heading: tuple[Segment, ...]
    """Word diff of the heading."""
    blocks: tuple[BlockChange, ...]
    """The paragraphs, aligned."""

    @property
    def old_number(self) -> str | None:
        """Its number in the old text."""
        return self.old.number if self.old else None

    @property
    def new_number(self) -> str | None:
        """Its number in the new text."""
        return self.new.number if self.new else None

    @property
    def number(self) -> str:
        """The number to call it by: the new one, or the old one for a deleted clause."""
        return self.latest.number

    @property
    def latest(self) -> Clause:
        """The clause as it last stood: the new one, or the old one for a deleted clause."""
        latest = self.new or self.old
        assert latest is not None  # a change has a clause on one side at least
        return latest

    @property
    def relevelled(self) -> tuple[BlockChange, ...]:
        """The paragraphs kept but moved to another level (re-nested)."""
        return tuple(b for b in self.blocks if b.relevelled)


@dataclass(frozen=True, slots=True)
class SectionChange:
    """How one section changed (its heading, number and place)."""

    id: str
    """The section's stable id."""
    kinds: tuple[Kind, ...]
    """What happened to the section itself (not to its clauses)."""
    old: Section | None
    """The section in the old text."""
    new: Section | None
    """The section in the new text."""
    heading: tuple[Segment, ...]
    """Word diff of the heading."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One place in the merged order: an item standing here in both texts or in one."""

    op: Op
    """"equal": here in both; "delete": here only in the old text (deleted or moved
    away); "insert": here only in the new text (inserted or moved here)."""
    id: str
    """The clause or section id."""


@dataclass(frozen=True, slots=True)
class SectionSlot:
    """A section's place in the merged order, with the merged order of its clauses."""

    op: Op
    """As for :class:`Slot`."""
    id: str
    """The section id."""
    clauses: tuple[Slot, ...]
    """The clauses under this section heading, in merged order."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything that changed from one edition to another."""

    old: Edition
    """The earlier text."""
    new: Edition
    """The later text."""
    order: tuple[SectionSlot, ...]
    """Sections and clauses in merged reading order."""
    sections: Mapping[str, SectionChange]
    """Every section of either text, by id (read-only)."""
    clauses: Mapping[str, ClauseChange]
    """Every clause of either text, by id (read-only)."""

    def changed(self) -> list[ClauseChange]:
        """The clauses that changed, in merged reading order (each once)."""
        out: list[ClauseChange] = []
        seen: set[str] = set()
        for section in self.order:
            for slot in section.clauses:
                change = self.clauses[slot.id]
                if change.kinds and slot.id not in seen and not _stub(slot, change):
                    seen.add(slot.id)
                    out.append(change)
        return out

    def counts(self) -> dict[str, int]:
        """How many clauses have each kind of change."""
        counts = dict.fromkeys(KINDS, 0)
        for change in self.clauses.values():
            for kind in change.kinds:
                counts[kind] += 1
        return counts


def _stub(slot: Slot, change: ClauseChange) -> bool:
    """Whether a slot is the old place of a moved clause (listed at its new place)."""
    return slot.op == "delete" and change.new is not None
