"""Cross-references written by id (``Clause [[epcl-upgrade-paths]]``), resolved to numbers.

A reference by id follows its target through renumbering: the text shows the
target's current number ("Clause 4.34"), so a redline shows the number change
wherever the target was renumbered. Resolution runs after numbering.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tmad.errors import Location, SourceError
from tmad.model import Block, Change, Clause, Edition
from tmad.suggest import did_you_mean

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


def resolve(edition: Edition, problems: list[SourceError] | None = None) -> Edition:
    """The edition with every ``[[id]]`` replaced by its target's number.

    A reference to nothing raises; with ``problems`` (``tmad check``) every one is collected
    there instead, and the reference is left as its id.
    """
    numbers = targets(edition)
    resolver = _Resolver(edition, numbers, problems)
    sections = []
    for section in edition.sections:
        clauses = []
        for clause in section.clauses:
            resolver.clause = clause
            heading = resolver.substitute(clause.heading, clause.location)
            body = tuple(resolver.block(block) for block in clause.body)
            clauses.append(replace(clause, heading=heading, body=body))
        sections.append(replace(section, clauses=tuple(clauses)))
    return replace(edition, sections=tuple(sections))


class _Resolver:
    """Resolves the references of one edition, clause by clause (``clause``: the one being
    read, named in the message when its reference points at a deleted clause)."""

    def __init__(
        self, edition: Edition, numbers: dict[str, str], problems: list[SourceError] | None
    ) -> None:
        self.edition = edition
        self.numbers = numbers
        self.problems = problems
        self.clause: Clause | None = None

    def fail(self, error: SourceError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error)

    def block(self, block: Block) -> Block:
        if "[[" not in block.text and "]]" not in block.text:
            return block
        return replace(block, text=self.substitute(block.text, block.location))

    def substitute(self, text: str, where: Location | None) -> str:
        def one(match: re.Match[str]) -> str:
            ident = match.group(1).strip()
            if ident not in self.numbers:
                self.fail(self.dangling(ident, where))
                return ident
            return self.numbers[ident]

        resolved = REFERENCE.sub(one, text)
        if "[[" in resolved or "]]" in resolved:
            self.fail(
                SourceError(
                    "unbalanced '[[' or ']]': write references as [[clause-id]]",
                    where,
                    code="S007",
                )
            )
        return resolved

    def dangling(self, ident: str, where: Location | None) -> SourceError:
        """A reference to nothing; when this version's lineage deleted the target, said in the
        newest version's terms, at the deletion (the line the drafter edits)."""
        edition = self.edition
        deletion = _deletion(edition, ident)
        clause = self.clause
        if deletion is None or clause is None:
            known = [c.id for s in edition.sections for c in s.clauses]
            return SourceError(
                f"reference [[{ident}]]: no clause or section '{ident}' in {edition.label}"
                + did_you_mean(ident, known),
                where,
                code="S007",
            )
        version, change = deletion
        written = f"{where.path}:{where.line}" if where is not None else "its text"
        unit = edition.document.scheme.unit.name
        return SourceError(
            f"[[{ident}]] is deleted by {version}, but {unit.capitalize()} {clause.number} "
            f"('{clause.heading}') of {edition.label} still cites it (written at {written}): "
            f"change that {unit} in {edition.version.number}'s changes, or keep [[{ident}]]",
            change.location or where,
            code="S007",
        )


def _deletion(edition: Edition, ident: str) -> tuple[str, Change] | None:
    """The version of ``edition``'s lineage that deleted ``ident``, and its change."""
    for version in reversed(edition.document.lineage(edition.version.number)):
        for change in version.changes:
            if change.id == ident and change.action == "delete":
                return version.number, change
    return None
