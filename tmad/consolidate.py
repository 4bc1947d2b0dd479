"""Consolidation: a version's full text from its base text and the changes on the way.

Changes are applied in order, version by version along the lineage. Each one
must make sense against the text as it stands (no replacing a clause that is
not there, no inserting an id that exists or once existed); every failure names
the change's file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tmad.errors import Location, SourceError
from tmad.model import Block, Change, Clause, Document, Edition, Section, Version


class ChangeError(SourceError):
    """A change that cannot be applied to the text as it stands (check code S005)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message, location, code="S005")


@dataclass
class _Draft:
    """Mutable working copy of the text while changes are applied (never escapes)."""

    sections: list[tuple[Section, list[Clause]]] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)  # id -> version that deleted it

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


def consolidate(document: Document, number: str) -> Edition:
    """The full, unnumbered text of a version."""
    lineage = document.lineage(number)
    draft = _Draft()
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
            new_section = Section(change.id, change.heading or "", (), location=where)
            draft.sections.insert(_section_slot(draft, change), (new_section, []))
        else:
            clause = Clause(change.id, change.heading or "", change.body or (), location=where)
            s_index, c_index = _clause_slot(draft, change)
            draft.sections[s_index][1].insert(c_index, clause)
        return
    if change.target == "section":
        _apply_to_section(draft, change, version, base)
        return
    found = draft.find_clause(change.id)
    if found is None:
        hint = " (it is a section: use '#')" if draft.find_section(change.id) is not None else ""
        raise ChangeError(f"no clause '{change.id}' in {base}{hint}", where)
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


def _apply_to_section(draft: _Draft, change: Change, version: Version, base: str) -> None:
    where = change.location
    index = draft.find_section(change.id)
    if index is None:
        hint = " (it is a clause: use '##')" if draft.find_clause(change.id) is not None else ""
        raise ChangeError(f"no section '{change.id}' in {base}{hint}", where)
    section, clauses = draft.sections[index]
    if change.action == "delete":
        if clauses:
            names = ", ".join(c.id for c in clauses)
            raise ChangeError(
                f"cannot delete section '{change.id}': it still holds clauses ({names}); "
                "delete or move them first",
                where,
            )
        del draft.sections[index]
        draft.retired[change.id] = version.number
        return
    if change.heading is not None:
        section = replace(section, heading=change.heading, location=where)
    if change.action == "replace":
        draft.sections[index] = (section, clauses)
        return
    if change.position is not None and change.position.anchor == change.id:
        raise ChangeError(f"cannot move '{change.id}' relative to itself", where)
    del draft.sections[index]
    draft.sections.insert(_section_slot(draft, change), (section, clauses))


def _section_slot(draft: _Draft, change: Change) -> int:
    position = change.position
    assert position is not None
    index = draft.find_section(position.anchor)
    if index is None:
        raise ChangeError(
            f"{position.relation}={position.anchor}: no section '{position.anchor}' "
            "(sections are placed relative to sections)",
            change.location,
        )
    return index + 1 if position.relation == "after" else index


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
    if section is not None:
        raise ChangeError(
            f"before={position.anchor} names a section: to put a clause first in a section "
            f"use after={position.anchor}",
            change.location,
        )
    raise ChangeError(
        f"{position.relation}={position.anchor}: no clause or section '{position.anchor}'",
        change.location,
    )
