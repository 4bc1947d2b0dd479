"""Text views for the terminal: the version list and a version's consolidated text."""

from __future__ import annotations

from collections.abc import Sequence

from tmad.model import Block, Clause, Document, Edition, Section
from tmad.templating import render


def versions_json(document: Document) -> dict:
    """Every version's metadata as JSON-ready data."""
    return {
        "document": document.id,
        "title": document.title,
        "versions": [
            {
                "version": v.number,
                "base": v.base,
                "status": v.status,
                "date": v.date.isoformat(),
                "title": v.title,
                "author": v.author,
                "consultation": v.consultation,
                "milestones": {name: date.isoformat() for name, date in v.milestones},
                "changes": len(v.changes),
            }
            for v in document.versions
        ],
    }


def versions_table(document: Document) -> str:
    """Every version as an aligned table."""
    rows = [("VERSION", "BASE", "STATUS", "DATE", "CHANGE")]
    rows += [
        (v.number, v.base or "-", v.status, v.date.isoformat(), v.title) for v in document.versions
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        + "\n"
        for row in rows
    )


def _selection(
    edition: Edition, clauses: Sequence[Clause] | None
) -> list[tuple[Section, tuple[Clause, ...]]]:
    if clauses is None:
        return [(section, section.clauses) for section in edition.sections]
    wanted = {clause.id for clause in clauses}
    return [
        (section, tuple(c for c in section.clauses if c.id in wanted))
        for section in edition.sections
        if any(c.id in wanted for c in section.clauses)
    ]


def edition_markdown(edition: Edition, clauses: Sequence[Clause] | None = None) -> str:
    """The consolidated text (or selected clauses) as Markdown."""
    return render(
        "show.md", edition=edition, selection=_selection(edition, clauses), whole=clauses is None
    )


def edition_json(edition: Edition, clauses: Sequence[Clause] | None = None) -> dict:
    """The consolidated text (or selected clauses) as JSON-ready data."""
    chosen = [c for _, group in _selection(edition, clauses) for c in group]
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
    """A paragraph as JSON-ready data: its place in the tree, label, term and words."""
    return {
        "level": block.level,
        "label": block.label,
        "kind": block.kind,
        "quote": block.quote,
        "term": block.term,
        "text": block.text,
    }
