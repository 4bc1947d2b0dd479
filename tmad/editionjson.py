"""The canonical JSON of an edition (``tmad show --json``): what round trips are compared by.

Beside the model, so stages (the amendment interpreter, the change-list applier) and
renderers share it without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from tmad.model import Block, Clause, Edition, Section


def selection(
    edition: Edition, clauses: Sequence[Clause] | None
) -> list[tuple[Section, tuple[Clause, ...]]]:
    """The containers and clauses chosen (all when ``clauses`` is None), in order."""
    if clauses is None:
        return [(section, section.clauses) for section in edition.sections]
    wanted = {clause.id for clause in clauses}
    return [
        (section, tuple(c for c in section.clauses if c.id in wanted))
        for section in edition.sections
        if any(c.id in wanted for c in section.clauses)
    ]


def edition_json(edition: Edition, clauses: Sequence[Clause] | None = None) -> dict:
    """The consolidated text (or selected clauses) as JSON-ready data."""
    chosen = [c for _, group in selection(edition, clauses) for c in group]
    return {
        "document": edition.document.id,
        "version": edition.version.number,
        "clauses": [
            {
                "id": c.id,
                "number": c.number,
                "heading": c.heading,
                "text": c.plain(),
                "blocks": [block_json(b) for b in c.body],
            }
            for c in chosen
        ],
    }


def block_json(block: Block) -> dict:
    """A paragraph as JSON-ready data: its place in the tree, label, term and words; a table
    row also has ``table`` ("head" or "row"; its text is its cells joined by " | "), and a
    footnote ``note``, its label."""
    data: dict = {
        "level": block.level,
        "label": block.label,
        "kind": block.kind,
        "quote": block.quote,
        "term": block.term,
        "text": block.text,
    }
    if block.table:
        data["table"] = block.table
    if block.note:
        data["note"] = block.note
    return data
