"""Structural checks on consolidated text: paragraph labels in sequence, definitions in order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.consolidate import sort_key
from tmad.errors import Location
from tmad.outline import label_problems


def labels(context: CheckContext) -> Iterator[Diagnostic]:
    """S006: paragraph labels fit the numbering scheme and run in sequence under each parent."""
    project = context.project
    scheme = project.document.scheme
    seen: set[Location | None] = set()
    for number, edition in project.editions.items():
        for clause in edition.clauses():
            for problem in label_problems(scheme, clause.body):
                where = clause.body[problem.index].location or clause.location or Location("")
                if where in seen:  # once, in the first version it appears
                    continue
                seen.add(where)
                yield Diagnostic(
                    "S006",
                    "error",
                    f"in {number}, {scheme.unit.name} {clause.number}: {problem.message}",
                    _at_label(context, where, clause.body[problem.index].label),
                )


def _at_label(context: CheckContext, where: Location, label: str) -> Location:
    return context.locator.find(where, f"({label})")


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
