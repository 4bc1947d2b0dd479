"""Numbering: numbers for containers and clauses, as the document's numbering scheme says.

A computed level is numbered from its order among its siblings (within its parent
container, or through the whole document) with the level's template ("4", "4.26",
"II"); inserting a clause renumbers the ones after it, and a redline reports that as
renumbering because ids are stable. A fixed level keeps the numbers written in the
source (or given at insertion, "4.5A"); numbering leaves them as they are.
"""

from __future__ import annotations

from dataclasses import replace

from tmad.model import Clause, Edition, Section
from tmad.scheme import compute


def number(edition: Edition) -> Edition:
    """The edition with every container and clause numbered in document order."""
    scheme = edition.document.scheme
    unit = scheme.unit
    counters: dict[tuple[str, str], int] = {}
    stack: list[tuple[int, Section]] = []  # open containers: (depth, numbered section)

    def next_number(level, parent: Section | None) -> str:
        key = (parent.id if parent is not None and level.count == "parent" else "", level.name)
        counters[key] = counters.get(key, 0) + 1
        return compute(level, counters[key], parent.number if parent is not None else "")

    sections: list[Section] = []
    for section in edition.sections:
        if section.is_root:
            stack = []
            parent = None
            numbered = section
        else:
            level = scheme.level(section.level)
            while stack and stack[-1][0] >= level.depth:
                stack.pop()
            parent = stack[-1][1] if stack else None
            if not level.fixed:
                section = replace(section, number=next_number(level, parent))
            numbered = section
            stack.append((level.depth, numbered))
        clauses: list[Clause] = []
        holder = None if numbered.is_root else numbered
        for clause in numbered.clauses:
            if not unit.fixed:
                clause = replace(clause, number=next_number(unit, holder))
            clauses.append(clause)
        sections.append(replace(numbered, clauses=tuple(clauses)))
    return replace(edition, sections=tuple(sections))
