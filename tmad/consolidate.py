"""Consolidation: a version's full text from its base text and the changes on the way.

Changes are applied in order, version by version along the lineage. Each one
must make sense against the text as it stands (no replacing a clause that is
not there, no inserting an id that exists or once existed); every failure names
the change's file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tmad.errors import Location, SourceError
from tmad.labels import format_ordinal, ordinal
from tmad.model import Block, Change, Clause, Document, Edition, Section, Version
from tmad.scheme import Level, Scheme
from tmad.suggest import did_you_mean


class ChangeError(SourceError):
    """A change that cannot be applied to the text as it stands (check code S005)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message, location, code="S005")


@dataclass
class _Draft:
    """Mutable working copy of the text while changes are applied (never escapes)."""

    scheme: Scheme
    sections: list[tuple[Section, list[Clause]]] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)  # id -> version that deleted it

    def depth(self, index: int) -> int:
        """A container's heading depth (0 for the root)."""
        section = self.sections[index][0]
        return self.scheme.level(section.level).depth if section.level else 0

    def subtree_end(self, index: int) -> int:
        """The index after a container and every container nested in it."""
        depth = self.depth(index)
        end = index + 1
        while end < len(self.sections) and self.depth(end) > depth:
            end += 1
        return end

    def find_section(self, ident: str) -> int | None:
        for index, (section, _) in enumerate(self.sections):
            if section.id == ident:
                return index
        return None

    def find_clause(self, ident: str) -> tuple[int, int] | None:
        for s_index, (_, clauses) in enumerate(self.sections):
            for c_index, clause in enumerate(clauses):
                if clause.id == ident:
                    return s_index, c_index
        return None

    def exists(self, ident: str) -> bool:
        return self.find_section(ident) is not None or self.find_clause(ident) is not None

    def ids(self) -> list[str]:
        """Every clause id, in order."""
        return [clause.id for _, clauses in self.sections for clause in clauses]


def consolidate(document: Document, number: str) -> Edition:
    """The full, unnumbered text of a version."""
    lineage = document.lineage(number)
    draft = _Draft(document.scheme)
    seen: set[str] = set()
    for section in lineage[0].sections or ():
        _claim(section.id, seen, section)
        for clause in section.clauses:
            _claim(clause.id, seen, clause)
        draft.sections.append((section, list(section.clauses)))
    for version in lineage[1:]:
        for change in version.changes:
            _apply(draft, change, version)
    sections = tuple(
        replace(section, clauses=tuple(clauses)) for section, clauses in draft.sections
    )
    sources = tuple(dict.fromkeys(s for v in lineage for s in v.sources))
    return Edition(document, lineage[-1], sections, document.sources + sources)


def _claim(ident: str, seen: set[str], item: Section | Clause) -> None:
    if ident in seen:
        raise SourceError(f"duplicate id '{ident}': ids must be unique", item.location, code="S003")
    seen.add(ident)


def _apply(draft: _Draft, change: Change, version: Version) -> None:
    where = change.location
    base = f"{version.base} (the base of {version.number})"
    if change.action == "insert":
        if draft.exists(change.id):
            raise ChangeError(
                f"cannot insert '{change.id}': it already exists in {base}; "
                "to move it use 'move', to change its text give it without an action",
                where,
            )
        if change.id in draft.retired:
            raise ChangeError(
                f"cannot insert '{change.id}': that id was deleted in version "
                f"{draft.retired[change.id]}; a new {change.target} needs a new id",
                where,
            )
        if change.target == "section":
            new_section = Section(
                change.id, change.heading or "", (), change.number, location=where,
                level=change.level,
            )  # fmt: skip
            slot = _section_slot(draft, change)
            draft.sections.insert(slot, (new_section, []))
            if not new_section.number and _level(draft, change).fixed:
                before, numbers = _section_siblings(draft, slot)
                number = _inserted_number(_level(draft, change), change, before, numbers)
                draft.sections[slot] = (replace(new_section, number=number), [])
        else:
            clause = Clause(
                change.id, change.heading or "", change.body or (), change.number, location=where
            )
            s_index, c_index = _clause_slot(draft, change)
            clauses = draft.sections[s_index][1]
            if not clause.number and draft.scheme.unit.fixed:
                before = clauses[c_index - 1].number if c_index else None
                number = _inserted_number(
                    draft.scheme.unit, change, before, {c.number for c in clauses}
                )
                clause = replace(clause, number=number)
            clauses.insert(c_index, clause)
        return
    if change.target == "section":
        _apply_to_section(draft, change, version, base)
        return
    found = draft.find_clause(change.id)
    if found is None:
        hint = ""
        found_section = draft.find_section(change.id)
        if found_section is not None:
            level = draft.sections[found_section][0].level
            hint = f" (it is a {level}: use '{'#' * draft.scheme.level(level).depth}')"
        elif change.action == "replace" and change.heading is not None:
            unit = draft.scheme.unit.name
            hint = (
                f"; to add a new {unit}, say where: '{'#' * draft.scheme.unit.depth} "
                f"{change.heading or 'Heading'} {{#{change.id} insert after=ID}}'"
                + did_you_mean(change.id, draft.ids(), cutoff=0.8)
            )
        raise ChangeError(f"no {draft.scheme.unit.name} '{change.id}' in {base}{hint}", where)
    s_index, c_index = found
    clause = draft.sections[s_index][1][c_index]
    if change.action == "delete":
        del draft.sections[s_index][1][c_index]
        draft.retired[change.id] = version.number
        return
    if change.action == "amend":
        draft.sections[s_index][1][c_index] = _amend(clause, change)
        return
    if change.heading is not None:
        clause = replace(clause, heading=change.heading, body=change.body or (), location=where)
    if change.number:
        clause = replace(clause, number=change.number, location=where)
    if change.action == "replace":
        draft.sections[s_index][1][c_index] = clause
        return
    # move
    if change.position is not None and change.position.anchor == change.id:
        raise ChangeError(f"cannot move '{change.id}' relative to itself", where)
    del draft.sections[s_index][1][c_index]
    s_index, c_index = _clause_slot(draft, change)
    draft.sections[s_index][1].insert(c_index, clause)


def _definition_groups(body: tuple[Block, ...]) -> tuple[list[Block], list[list[Block]]]:
    """Split a body into its lead-in blocks and its definitions (each with its paragraphs)."""
    lead: list[Block] = []
    groups: list[list[Block]] = []
    for block in body:
        if block.is_definition:
            groups.append([block])
        elif groups and block.level > 0:
            groups[-1].append(block)
        elif groups:
            raise ChangeError(
                "'amend' needs a clause whose definitions come last; this clause has text "
                "after its definitions",
                block.location,
            )
        else:
            lead.append(block)
    return lead, groups


def sort_key(term: str) -> str:
    """Alphabetical place of a defined term: case and punctuation ignored."""
    return "".join(ch for ch in term.casefold() if ch.isalnum() or ch == " ")


def _amend(clause: Clause, change: Change) -> Clause:
    """Insert or replace definitions in a definitions clause, keeping alphabetical order."""
    lead, groups = _definition_groups(clause.body)
    if not groups:
        raise ChangeError(f"clause '{clause.id}' holds no definitions to amend", change.location)
    _, new_groups = _definition_groups(change.body or ())
    for group in new_groups:
        term = group[0].term
        same = [i for i, g in enumerate(groups) if g[0].term.casefold() == term.casefold()]
        if same:
            groups[same[0]] = group
            continue
        slot = next(
            (i for i, g in enumerate(groups) if sort_key(g[0].term) > sort_key(term)), len(groups)
        )
        groups.insert(slot, group)
    body = tuple(lead) + tuple(block for group in groups for block in group)
    return replace(clause, body=body)


def _level(draft: _Draft, change: Change) -> Level:
    return draft.scheme.level(change.level) if change.level else draft.scheme.unit


_INSERTED = {
    "A": re.compile(r"(.*\d)([A-Z]+)\Z"),
    "a": re.compile(r"(.*?)([a-z]+)\Z"),
    "-1": re.compile(r"(.*)-(\d+)\Z"),
}


def _inserted_number(level: Level, change: Change, before: str | None, taken: set[str]) -> str:
    """The number of something inserted without ``num=`` after ``before`` (4.5 → 4.5A)."""
    noun = level.name
    if not level.insert:
        raise ChangeError(
            f"{noun} numbers are fixed and this level has no insertion style: give the "
            f"inserted {noun} its number with num=, or declare 'insert' for the level",
            change.location,
        )
    if before is None:
        raise ChangeError(
            f"inserted {noun} '{change.id}' comes first among its siblings: give it its "
            "number with num=",
            change.location,
        )
    base, index = before, 0
    match = _INSERTED[level.insert].match(before)
    if match is not None and (level.insert == "-1" or ordinal(level.insert, match.group(2))):
        base = match.group(1)
        index = (
            int(match.group(2)) if level.insert == "-1" else ordinal(level.insert, match.group(2))
        )
    while True:
        index += 1
        suffix = f"-{index}" if level.insert == "-1" else format_ordinal(level.insert, index)
        if base + suffix not in taken:
            return base + suffix


def _section_siblings(draft: _Draft, index: int) -> tuple[str | None, set[str]]:
    """The number of the container before this one at its level, and all its siblings' numbers."""
    depth = draft.depth(index)
    numbers: set[str] = set()
    before: str | None = None
    start = index
    while start > 0 and draft.depth(start - 1) >= depth:
        start -= 1
    end = index + 1
    while end < len(draft.sections) and draft.depth(end) >= depth:
        end += 1
    for other in range(start, end):
        if draft.depth(other) == depth and other != index:
            numbers.add(draft.sections[other][0].number)
            if other < index:
                before = draft.sections[other][0].number
    return before, numbers


def _apply_to_section(draft: _Draft, change: Change, version: Version, base: str) -> None:
    where = change.location
    index = draft.find_section(change.id)
    if index is None:
        unit = draft.scheme.unit
        hint = (
            f" (it is a {unit.name}: use '{'#' * unit.depth}')"
            if draft.find_clause(change.id) is not None
            else ""
        )
        raise ChangeError(f"no {change.level or 'section'} '{change.id}' in {base}{hint}", where)
    section, clauses = draft.sections[index]
    if section.level != change.level and change.level:
        level = draft.scheme.level(section.level)
        raise ChangeError(
            f"'{change.id}' is a {section.level}: write it with '{'#' * level.depth}'", where
        )
    end = draft.subtree_end(index)
    if change.action == "delete":
        if clauses:
            names = ", ".join(c.id for c in clauses)
            raise ChangeError(
                f"cannot delete {section.level} '{change.id}': it still holds "
                f"{draft.scheme.unit.name}s ({names}); delete or move them first",
                where,
            )
        if end > index + 1:
            names = ", ".join(item[0].id for item in draft.sections[index + 1 : end])
            raise ChangeError(
                f"cannot delete {section.level} '{change.id}': it still holds {names}; "
                "delete or move them first",
                where,
            )
        del draft.sections[index]
        draft.retired[change.id] = version.number
        return
    if change.heading is not None:
        section = replace(section, heading=change.heading, location=where)
    if change.number:
        section = replace(section, number=change.number, location=where)
    if change.action == "replace":
        draft.sections[index] = (section, clauses)
        return
    if change.position is not None and change.position.anchor == change.id:
        raise ChangeError(f"cannot move '{change.id}' relative to itself", where)
    subtree = [(section, clauses), *draft.sections[index + 1 : end]]
    if change.position is not None and any(
        item[0].id == change.position.anchor for item in subtree[1:]
    ):
        raise ChangeError(
            f"cannot move '{change.id}' next to '{change.position.anchor}', which it holds", where
        )
    del draft.sections[index:end]
    slot = _section_slot(draft, change)
    draft.sections[slot:slot] = subtree


def _section_slot(draft: _Draft, change: Change) -> int:
    """Where a container goes: before its anchor, after the anchor and everything it holds, or,
    after a container of an outer level, first in it."""
    position = change.position
    assert position is not None
    index = draft.find_section(position.anchor)
    if index is None:
        raise ChangeError(
            f"{position.relation}={position.anchor}: no {_containers(draft)} "
            f"'{position.anchor}' ({_containers(draft)}s are placed relative to each other)",
            change.location,
        )
    if position.relation == "before":
        return index
    level = _level(draft, change)
    if draft.depth(index) < level.depth:
        return index + 1
    return draft.subtree_end(index)


def _containers(draft: _Draft) -> str:
    return " or ".join(level.name for level in draft.scheme.containers) or "container"


def _clause_slot(draft: _Draft, change: Change) -> tuple[int, int]:
    position = change.position
    assert position is not None
    found = draft.find_clause(position.anchor)
    if found is not None:
        s_index, c_index = found
        return s_index, c_index + 1 if position.relation == "after" else c_index
    section = draft.find_section(position.anchor)
    if section is not None and position.relation == "after":
        return section, 0
    unit = draft.scheme.unit.name
    if section is not None:
        kind = draft.sections[section][0].level
        raise ChangeError(
            f"before={position.anchor} names a {kind}: to put a {unit} first in a {kind} "
            f"use after={position.anchor}",
            change.location,
        )
    names = " or ".join([unit, *(level.name for level in draft.scheme.containers)])
    raise ChangeError(
        f"{position.relation}={position.anchor}: no {names} '{position.anchor}'", change.location
    )
