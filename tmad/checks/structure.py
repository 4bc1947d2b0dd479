"""Structural checks on consolidated text: paragraph labels in sequence, definitions in order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.consolidate import sort_key
from tmad.errors import Location
from tmad.labels import first_label, next_label
from tmad.model import Clause


def labels(context: CheckContext) -> Iterator[Diagnostic]:
    """S006: paragraph labels run (a), (b) … / (i), (ii) … / (A), (B) … under each parent."""
    project = context.project
    seen: set[Location | None] = set()
    for number, edition in project.editions.items():
        for clause in edition.clauses():
            for diagnostic in _clause_labels(clause, number):
                if diagnostic.location not in seen:  # once, in the first version it appears
                    seen.add(diagnostic.location)
                    yield diagnostic


def _clause_labels(clause: Clause, version: str) -> Iterator[Diagnostic]:
    expected: dict[int, str] = {}
    for block in clause.body:
        for deeper in [level for level in expected if level > block.level]:
            del expected[deeper]
        if not block.label:
            continue
        parent = block.level - 1
        want = expected.get(block.level, first_label(block.level))
        where = block.location or clause.location or Location("")
        if parent > 0 and parent not in expected:
            yield Diagnostic(
                "S006",
                "error",
                f"in {version}, clause {clause.number}: ({block.label}) has no "
                f"({first_label(parent)}) paragraph above it to belong to",
                where,
            )
        elif block.label != want:
            yield Diagnostic(
                "S006",
                "error",
                f"in {version}, clause {clause.number}: paragraph ({block.label}) is out of "
                f"sequence: "
                f"expected ({want})",
                where,
            )
        expected[block.level] = next_label(block.level, block.label)


def definitions_order(context: CheckContext) -> Iterator[Diagnostic]:
    """S008 (warning): definitions in a clause stand in alphabetical order."""
    for edition in context.project.editions.values():
        for clause in edition.clauses():
            terms = [block for block in clause.body if block.is_definition]
            for before, after in itertools.pairwise(terms):
                if sort_key(after.term) < sort_key(before.term):
                    yield Diagnostic(
                        "S008",
                        "warning",
                        f"clause {clause.number}: '{after.term}' is defined after "
                        f"'{before.term}' but sorts before it",
                        after.location or Location(""),
                    )
