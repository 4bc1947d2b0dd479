"""Cross-references: every "Clause 4.26(a)(i)" and "Section 4" resolves, and none is stale.

Clause text is checked against its own version; a publication's text against
the version it speaks of (``base``). A reference that pointed at one clause in
the base version and now names another number is reported with the new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.model import Clause, Edition

_LIST = r"\d+\.\d+(?:\([a-zA-Z]+\))*"
CLAUSES = re.compile(rf"\bClauses? ({_LIST}(?:(?:, | and | or | to ){_LIST})*)")
SECTIONS = re.compile(r"\bSections? (\d+)\b(?!\.\d)")
_ONE = re.compile(r"(\d+\.\d+)((?:\([a-zA-Z]+\))*)")


def clause_references(context: CheckContext) -> Iterator[Diagnostic]:
    """R001: the clause or section exists; R003: so do the sub-paragraphs named."""
    project = context.project
    for unit in context.clause_units():
        number = unit.scope.split()[-1]
        if number not in project.editions:
            continue
        yield from _check_text(unit.text, unit.location, project.editions[number], context)
    for publication in context.publications:
        base = project.editions.get(publication.base)
        if base is None:
            continue
        for unit in context.publication_units():
            if unit.scope == publication.id:
                yield from _check_text(unit.text, unit.location, base, context)


def _check_text(text: str, where, edition: Edition, context: CheckContext) -> Iterator[Diagnostic]:
    sections = {s.number for s in edition.sections}
    for match in CLAUSES.finditer(text):
        for one in _ONE.finditer(match.group(1)):
            number, subs = one.group(1), one.group(2)
            try:
                clause = edition.clause(number)
            except KeyError:
                yield Diagnostic(
                    "R001", "error",
                    f"Clause {number} does not exist in {edition.label}",
                    context.locator.find(where, number),
                )  # fmt: skip
                continue
            labels = re.findall(r"\(([a-zA-Z]+)\)", subs)
            if labels and not has_paragraph(clause, labels):
                path = "".join(f"({label})" for label in labels)
                yield Diagnostic(
                    "R003", "error",
                    f"Clause {number}{path}: clause {number} of {edition.label} has no "
                    f"paragraph {path}",
                    context.locator.find(where, number + path),
                )  # fmt: skip
    for match in SECTIONS.finditer(text):
        if match.group(1) not in sections:
            yield Diagnostic(
                "R001", "error",
                f"Section {match.group(1)} does not exist in {edition.label}",
                context.locator.find(where, match.group(0)),
            )  # fmt: skip


def has_paragraph(clause: Clause, labels: list[str]) -> bool:
    """Whether clause.body holds the paragraph (a)(i)… named by ``labels``."""
    blocks = list(clause.body)
    start, end = 0, len(blocks)
    for depth, label in enumerate(labels, start=1):
        found = None
        for index in range(start, end):
            block = blocks[index]
            if block.level < depth and index > start and depth > 1:
                break
            if block.level == depth and block.label == label:
                found = index
                break
        if found is None:
            return False
        start = found
        end = next(
            (i for i in range(found + 1, len(blocks)) if blocks[i].level <= depth), len(blocks)
        )
    return True


def renumbered_references(context: CheckContext) -> Iterator[Diagnostic]:
    """R002 (warning): a reference written as a number that follows a renumbered clause."""
    project = context.project
    for unit in context.clause_units():
        number = unit.scope.split()[-1]
        edition = project.editions.get(number)
        if edition is None or edition.version.base not in project.editions:
            continue
        base = project.editions[edition.version.base]
        yield from _stale(unit.text, unit.location, base, edition, context, "in this version")
    for publication in context.publications:
        base = project.editions.get(publication.base)
        proposed = project.editions.get(publication.proposed)
        if base is None or proposed is None:
            continue
        for unit in context.publication_units():
            if unit.scope == publication.id:
                yield from _stale(
                    unit.text, unit.location, base, proposed, context, "in the version proposed"
                )


def _stale(text, where, base: Edition, new: Edition, context, phrase) -> Iterator[Diagnostic]:
    new_ids = {c.id: c.number for c in new.clauses()}
    for match in CLAUSES.finditer(text):
        for one in _ONE.finditer(match.group(1)):
            number = one.group(1)
            try:
                meant = base.clause(number)
            except KeyError:
                continue
            now = new_ids.get(meant.id)
            if now is not None and now != number:
                yield Diagnostic(
                    "R002", "warning",
                    f"Clause {number} ({meant.heading}) of {base.label} is Clause {now} "
                    f"{phrase} ({new.label}); write Clause {now}, or [[{meant.id}]] in clause text",
                    context.locator.find(where, number),
                )  # fmt: skip
