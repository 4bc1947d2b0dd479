"""An imported text recorded against a base version: alignment, then ``changes.md``.

**Alignment** gives each imported clause (and container) the id of the base provision it
is, so that a redline shows what changed and not a rewrite: first the same id (an AKN
``wId``), then the same heading where only one provision has it, then the most similar
text (a ratio of at least 0.6, best pairs first). The import report lists every pair with
how it was matched and how sure the match is.

**Changes** are then written in the order they apply (README "Making a new version"):
deleted clauses, containers renamed, inserted or moved, then every clause in reading
order (inserted, moved, or replaced where its heading or text differs), and last the
containers deleted. What is written is proved by consolidating it
(:mod:`tmad.importing.version`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from tmad.importing.sources import Ids, clause_text, heading_line
from tmad.model import Clause, Edition, Section
from tmad.scheme import Scheme

SIMILAR = 0.6
"""The least similarity (difflib's ratio of the words) for two clauses to be the same one."""


def _words(clause: Clause) -> list[str]:
    return " ".join([clause.heading, clause.plain()]).split()


def align(
    base: Edition,
    sections: list[Section],
    retired: set[str],
    notes: list[str],
    stable_ids: bool = True,
) -> list[Section]:
    """``sections`` with the ids of the base provisions they match; others get new ids.

    A provision matches by id when ids are ``stable_ids`` (Akoma Ntoso's), then by the same
    heading, then by similar text; last, a provision left with no match takes the unmatched
    base provision of its number. Ids made from a Word or text file's headings are not
    stable: a provision with no heading has an id made from its number, which would pair
    a renumbered provision with the one that took its number."""
    old = {c.id: c for c in base.clauses()}
    new = [c for s in sections for c in s.clauses]
    matched: dict[int, str] = {}
    how: dict[int, str] = {}
    for index, clause in enumerate(new):
        if stable_ids and clause.id in old:
            matched[index], how[index] = clause.id, "same id"
    free = [i for i in range(len(new)) if i not in matched]
    taken = set(matched.values())
    by_heading: dict[str, list[str]] = {}
    for clause in old.values():
        if clause.heading and clause.id not in taken:
            by_heading.setdefault(clause.heading.casefold(), []).append(clause.id)
    counts: dict[str, int] = {}
    for index in free:
        key = new[index].heading.casefold()
        counts[key] = counts.get(key, 0) + 1
    for index in free:
        key = new[index].heading.casefold()
        if key and counts[key] == 1 and len(by_heading.get(key, [])) == 1:
            ident = by_heading[key][0]
            matched[index], how[index] = ident, "same heading"
            taken.add(ident)
    pairs = []
    for index in (i for i in free if i not in matched):
        words = _words(new[index])
        for ident, clause in old.items():
            if ident in taken:
                continue
            ratio = difflib.SequenceMatcher(None, words, _words(clause), autojunk=False).ratio()
            if ratio >= SIMILAR:
                pairs.append((ratio, index, ident))
    for ratio, index, ident in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if index in matched or ident in taken:
            continue
        matched[index], how[index] = ident, f"similar text ({ratio:.0%})"
        taken.add(ident)
    by_number = {c.number: ident for ident, c in old.items() if ident not in taken and c.number}
    for index in (i for i in free if i not in matched):
        ident = by_number.pop(new[index].number, "")
        if ident:
            matched[index], how[index] = ident, "same number, text rewritten"
            taken.add(ident)
    ids = Ids({*retired, *old, *(s.id for s in base.sections)})
    section_ids = _align_sections(base, sections, ids)
    out: list[Section] = []
    position = 0
    for section in sections:
        clauses = []
        for clause in section.clauses:
            if position in matched:
                ident = matched[position]
                if how[position] != "same id" and ident != clause.id:
                    notes.append(f"{clause.number or clause.heading}: is {ident} ({how[position]})")
            elif clause.id and clause.id not in ids.taken:
                ident = clause.id
                ids.taken.add(ident)
                notes.append(f"{clause.number or clause.heading}: new, as {ident}")
            else:
                ident = ids.make(clause.heading, base.document.scheme.unit.name, clause.number)
                notes.append(f"{clause.number or clause.heading}: new, as {ident}")
            clauses.append(replace(clause, id=ident))
            position += 1
        out.append(replace(section, id=section_ids[id(section)], clauses=tuple(clauses)))
    for ident in old:
        if ident not in taken:
            notes.append(f"{old[ident].number} ({ident}): deleted")
    return out


def _align_sections(base: Edition, sections: list[Section], ids: Ids) -> dict[int, str]:
    """Each imported container's id: the base container with the same id, else the same
    level and number, else the same level and heading; else a new id."""
    old = [s for s in base.sections if not s.is_root]
    out: dict[int, str] = {}
    taken: set[str] = set()
    for section in sections:
        if section.is_root:
            out[id(section)] = ""
            continue
        same_id = [s for s in old if s.id == section.id]
        same_number = [s for s in old if s.level == section.level and s.number == section.number]
        same_heading = [s for s in old if s.level == section.level and s.heading == section.heading]
        found = ""
        for candidates in (same_id, same_number if section.number else [], same_heading):
            found = next((s.id for s in candidates if s.id not in taken), "")
            if found:
                break
        if not found and section.id and section.id not in ids.taken:
            found = section.id
            ids.taken.add(found)
        found = found or ids.make(section.heading, section.level, section.number)
        taken.add(found)
        out[id(section)] = found
    return out


def changes_text(scheme: Scheme, base: Edition, sections: list[Section], title: str) -> str:
    """``changes.md`` turning ``base`` (with its unresolved ``[[id]]`` text) into
    ``sections``."""
    lines = [f"<!-- Imported: {' '.join(title.split()).replace('--', '- -')} -->", ""]
    kept = {c.id for s in sections for c in s.clauses}
    for clause in base.clauses():
        if clause.id not in kept:
            lines += [heading_line(scheme, scheme.unit.name, "", clause.id, "", "delete"), ""]
    state = [_Place(s.id, [c.id for c in s.clauses]) for s in base.sections]
    old_sections = {s.id: s for s in base.sections}
    for item in state:
        item.clauses = [c for c in item.clauses if c in kept]
    wanted = [s for s in sections if not s.is_root]
    previous = ""
    for section in wanted:
        current = [item.id for item in state]
        before = old_sections.get(section.id)
        extra = ""
        if before is None:
            extra = f"insert after={previous}" if previous else ""
            if not previous:
                extra = f"insert before={next(i for i in current if i)}"
            state.insert(_after(state, previous), _Place(section.id, []))
        elif previous and current[current.index(section.id) - 1] != previous:
            extra = f"move after={previous}"
            item = state.pop(current.index(section.id))
            state.insert(_after(state, previous), item)
        if before is None or extra or before.heading != section.heading:
            lines += [
                heading_line(scheme, section.level, section.heading, section.id,
                             section.number, extra),
                "",
            ]  # fmt: skip
        previous = section.id
    old_clauses = {c.id: c for c in base.clauses()}
    for section in sections:
        previous = section.id
        for clause in section.clauses:
            home = next(item for item in state if item.id == section.id)
            where = next((item for item in state if clause.id in item.clauses), None)
            anchor = f"after={previous}"
            at = home.clauses.index(previous) + 1 if previous in home.clauses else 0
            if not previous:  # first in the root: before the root's first clause
                anchor = f"before={home.clauses[0]}" if home.clauses else ""
            old = old_clauses.get(clause.id)
            if where is None:
                home.clauses.insert(at, clause.id)
                lines.append(clause_text(scheme, clause, f"insert {anchor}".strip()))
            else:
                moved = where is not home or where.clauses.index(clause.id) != at
                if moved:
                    where.clauses.remove(clause.id)
                    at = home.clauses.index(previous) + 1 if previous in home.clauses else 0
                    home.clauses.insert(at, clause.id)
                changed = old is None or (
                    old.heading != clause.heading
                    or [b.plain() for b in old.body] != [b.plain() for b in clause.body]
                )
                if changed:
                    lines.append(clause_text(scheme, clause, f"move {anchor}" if moved else ""))
                elif moved:
                    lines += [
                        heading_line(scheme, scheme.unit.name, "", clause.id, "",
                                     f"move {anchor}"),
                        "",
                    ]  # fmt: skip
            previous = clause.id
    for section in base.sections:
        if section.id and section.id not in {s.id for s in wanted}:
            lines += [heading_line(scheme, section.level, "", section.id, "", "delete"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


@dataclass(slots=True)
class _Place:
    """A container while the changes are written: its id and its clauses' ids, in order."""

    id: str
    clauses: list[str]


def _after(state: list[_Place], previous: str) -> int:
    if not previous:
        return 1 if state and not state[0].id else 0
    return [item.id for item in state].index(previous) + 1
