"""Numbering: display numbers for sections (4) and clauses (4.26) from their order.

Numbers are derived, never stored in sources: inserting a clause renumbers the
ones after it, and a redline reports that as renumbering because ids are stable.
"""

from __future__ import annotations

from dataclasses import replace

from tmad.model import Edition


def number(edition: Edition) -> Edition:
    """The edition with every section and clause numbered in document order."""
    sections = tuple(
        replace(
            section,
            number=str(s_index),
            clauses=tuple(
                replace(clause, number=f"{s_index}.{c_index}")
                for c_index, clause in enumerate(section.clauses, start=1)
            ),
        )
        for s_index, section in enumerate(edition.sections, start=1)
    )
    return replace(edition, sections=sections)
