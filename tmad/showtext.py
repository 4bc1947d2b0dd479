"""Text views for the terminal: the version list and a version's consolidated text."""

from __future__ import annotations

from collections.abc import Sequence

from tmad.model import Clause, Document, Edition
from tmad.render.structure import edition_view
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


def edition_markdown(edition: Edition, clauses: Sequence[Clause] | None = None) -> str:
    """The consolidated text (or selected clauses) as Markdown: containers and clauses as
    headings one level deeper than they nest, numbers as the scheme prints them."""
    wanted = None if clauses is None else {c.id for c in clauses}
    views = []
    for view in edition_view(edition, top=2):
        chosen = [item for item in view["clauses"] if wanted is None or item["clause"].id in wanted]
        if wanted is not None and not chosen:
            continue
        views.append({**view, "clauses": chosen})
    return render("show.md", edition=edition, sections=views, whole=clauses is None)
