"""Cross-references written by id (``Clause [[epcl-upgrade-paths]]``), resolved to numbers.

A reference by id follows its target through renumbering: the text shows the
target's current number ("Clause 4.34"), so a redline shows the number change
wherever the target was renumbered. Resolution runs after numbering.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tmad.errors import SourceError
from tmad.model import Block, Edition

REFERENCE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
"""``[[id]]``: a reference to a clause or section by its id."""


def targets(edition: Edition) -> dict[str, str]:
    """Every id in the edition mapped to its display number."""
    numbers: dict[str, str] = {}
    for section in edition.sections:
        numbers[section.id] = section.number
        for clause in section.clauses:
            numbers[clause.id] = clause.number
    return numbers


def resolve(edition: Edition) -> Edition:
    """The edition with every ``[[id]]`` replaced by its target's number."""
    numbers = targets(edition)
    sections = []
    for section in edition.sections:
        clauses = []
        for clause in section.clauses:
            where = clause.location
            heading = _substitute(clause.heading, numbers, edition, where)
            body = tuple(_resolve_block(block, numbers, edition) for block in clause.body)
            clauses.append(replace(clause, heading=heading, body=body))
        sections.append(replace(section, clauses=tuple(clauses)))
    return replace(edition, sections=tuple(sections))


def _resolve_block(block: Block, numbers: dict[str, str], edition: Edition) -> Block:
    if "[[" not in block.text and "]]" not in block.text:
        return block
    return replace(block, text=_substitute(block.text, numbers, edition, block.location))


def _substitute(text: str, numbers: dict[str, str], edition: Edition, where) -> str:
    def one(match: re.Match[str]) -> str:
        ident = match.group(1).strip()
        if ident not in numbers:
            raise SourceError(
                f"reference [[{ident}]]: no clause or section '{ident}' in {edition.label}",
                where,
                code="S007",
            )
        return numbers[ident]

    resolved = REFERENCE.sub(one, text)
    if "[[" in resolved or "]]" in resolved:
        raise SourceError(
            "unbalanced '[[' or ']]': write references as [[clause-id]]", where, code="S007"
        )
    return resolved
