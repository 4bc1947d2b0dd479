"""How a document's structure is laid out, for every renderer: a leaf that imports no renderer.

Containers are a flat sequence in the model; here each gets its nesting depth (a
part 1, its chapters 2, the root 0) and so its heading rank, and every number is
printed as the numbering scheme prints it ("§ 34-1501.", "PART 2"). Quoted structure
gets its opening and closing quotation marks. Views are plain dictionaries the HTML
templates and the DOCX writer both read, so both lay out the same tree.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from tmad.anchors import anchor
from tmad.citations import amends_another, clause_index, links
from tmad.diff.compose import (
    MarkedBlock,
    MarkedClause,
    MarkedDocument,
    MarkedSection,
    Run,
    lifetime,
)
from tmad.diff.consequence import classify
from tmad.model import (
    CELL_BREAK,
    NOTE_REFERENCE,
    Clause,
    Edition,
    Placed,
    same_table,
    shown_cell,
)
from tmad.scheme import Scheme

OPEN_QUOTE = "\u201c"
CLOSE_QUOTE = "\u201d"


class _Quoted(Protocol):
    @property
    def quote(self) -> int: ...


def table_marks(blocks: Sequence[Placed], widths: Sequence[int]) -> list[dict]:
    """Where each paragraph stands in a table: ``first`` (it opens one), ``last`` (it closes
    one) and ``rule`` (the last header row, after which the body starts). Consecutive rows at
    one level and quotation depth make one table (:func:`tmad.model.same_table`) while they
    have as many cells (``widths``): in a redline, where one table replaced another of
    other columns, each keeps its own columns, so that accepting or rejecting every change
    leaves each version's table."""

    def joined(index: int) -> bool:  # the row at index continues the one before it
        if index <= 0 or index >= len(blocks):
            return False
        return same_table(blocks[index - 1], blocks[index]) and widths[index - 1] == widths[index]

    out = []
    for index, block in enumerate(blocks):
        after = blocks[index + 1] if joined(index + 1) else None
        out.append(
            {
                "first": bool(block.table) and not joined(index),
                "last": bool(block.table) and after is None,
                "rule": block.table == "head" and not (after is not None and after.table == "head"),
            }
        )
    return out


def marked_cells(text: Sequence[Run]) -> list[tuple[Run, ...]]:
    """A marked table row split into its cells, each cell's runs (with ``\\|`` shown as
    '|'). A separator inserted or deleted (a column added or removed) separates cells too,
    so each version's cells are all shown."""
    whole = "".join(run.text for run in text)
    cuts = [(m.start(), m.end()) for m in CELL_BREAK.finditer(whole)]
    cells: list[list[Run]] = [[]]
    position = 0
    for run in text:
        start, end = position, position + len(run.text)
        position = end
        cursor = start
        while cursor < end:
            inside = next(((a, b) for a, b in cuts if a <= cursor < b), None)
            if inside is not None:
                if cursor == inside[0]:
                    cells.append([])
                cursor = min(end, inside[1])
                continue
            stop = min([end, *(a for a, _ in cuts if a > cursor)])
            piece = shown_cell(run.text[cursor - start : stop - start])
            cells[-1].append(replace(run, text=piece))
            cursor = stop
    return [tuple(cell) for cell in cells]


def note_numbers(edition: Edition) -> dict[tuple[str, str], int]:
    """Each footnote's printed number, by (clause id, label): 1, 2, 3 … through the document,
    in the order the notes are referred to (as Word and a page's footnotes count them)."""
    out: dict[tuple[str, str], int] = {}
    for clause in edition.clauses():
        for block in clause.body:
            if block.note:
                continue
            for match in NOTE_REFERENCE.finditer(block.text):
                out.setdefault((clause.id, match.group(1)), len(out) + 1)
    return out


def clause_notes(clause: Clause, numbers: dict[tuple[str, str], int]) -> dict[str, dict]:
    """A clause's footnotes by label: number, words and the anchors of the note and of the
    place that refers to it."""
    return {
        block.note: {
            "label": block.note,
            "number": numbers.get((clause.id, block.note), 0),
            "text": block.text,
            "anchor": anchor("note", f"{clause.id}-{block.note}"),
            "ref": anchor("note-ref", f"{clause.id}-{block.note}"),
        }
        for block in clause.body
        if block.note
    }


def nesting(levels: Sequence[str], scheme: Scheme) -> list[int]:
    """Each container's nesting depth (1 for the outermost shown; 0 for the root)."""
    out: list[int] = []
    stack: list[int] = []  # scheme depths of the open containers
    for name in levels:
        if not name:
            out.append(0)
            stack = []
            continue
        depth = scheme.level(name).depth
        while stack and stack[-1] >= depth:
            stack.pop()
        stack.append(depth)
        out.append(len(stack))
    return out


def affixes(scheme: Scheme, level: str) -> tuple[str, str]:
    """What is printed before and after a number of a level ("§ ", ".")."""
    if not level:
        return "", ""
    return scheme.level(level).printed("")


def quote_marks(blocks: Sequence[_Quoted]) -> list[tuple[str, str]]:
    """The quotation marks opening before and closing after each paragraph."""
    out = []
    for index, block in enumerate(blocks):
        before = blocks[index - 1].quote if index else 0
        after = blocks[index + 1].quote if index + 1 < len(blocks) else 0
        out.append(
            (OPEN_QUOTE * max(0, block.quote - before), CLOSE_QUOTE * max(0, block.quote - after))
        )
    return out


def _rank(top: int, depth: int) -> int:
    return min(6, top + depth)


def edition_view(edition: Edition, top: int = 2) -> list[dict]:
    """A version's containers and clauses, each with its heading rank and printed number.

    ``top`` is the heading rank of the outermost container (h2 on a version's page).
    """
    scheme = edition.document.scheme
    unit_before, unit_after = affixes(scheme, scheme.unit.name)
    depths = nesting([s.level for s in edition.sections], scheme)
    numbered = note_numbers(edition)
    views = []
    for section, depth in zip(edition.sections, depths, strict=True):
        before, after = affixes(scheme, section.level)
        clauses = []
        for clause in section.clauses:
            marks = quote_marks(clause.body)
            tables = table_marks(
                clause.body, [len(b.cells()) if b.table else 0 for b in clause.body]
            )
            notes = clause_notes(clause, numbered)
            clauses.append(
                {
                    "clause": clause,
                    "amends": amends_another(clause),
                    "anchor": anchor("clause", clause.id),
                    "rank": _rank(top, depth),
                    "before": unit_before,
                    "after": unit_after,
                    "blocks": [
                        {
                            "block": block,
                            "open": marks[i][0],
                            "close": marks[i][1],
                            "cells": [shown_cell(c) for c in block.cells()] if block.table else [],
                            "notes": notes,
                            **tables[i],
                        }
                        for i, block in enumerate(clause.body)
                    ],
                    "notes": sorted(notes.values(), key=lambda note: note["number"]),
                }
            )
        views.append(
            {
                "section": section,
                "shown": not section.is_root,
                "anchor": anchor("section", section.id),
                "rank": _rank(top, depth - 1),
                "depth": depth,
                "before": before,
                "after": after,
                "clauses": clauses,
            }
        )
    return views


def contents(edition: Edition) -> list[dict]:
    """The table of contents as a tree: containers hold their clauses and nested containers."""
    scheme = edition.document.scheme
    unit_before, unit_after = affixes(scheme, scheme.unit.name)
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for section, depth in zip(
        edition.sections, nesting([s.level for s in edition.sections], scheme), strict=True
    ):
        entries = [
            {
                "anchor": anchor("clause", c.id),
                "text": _title(unit_before + c.number + unit_after, c.heading),
                "children": [],
            }
            for c in section.clauses
        ]
        if section.is_root:
            roots.extend(entries)
            stack = []
            continue
        before, after = affixes(scheme, section.level)
        node = {
            "anchor": anchor("section", section.id),
            "text": _title(before + section.number + after, section.heading),
            "children": entries,
        }
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((depth, node))
    return roots


def _title(number: str, heading: str) -> str:
    return f"{number} {heading}".strip()


def level_label(kind: str, level: int) -> str:
    """How a paragraph's place is named in a note ("a subsection", "level 2")."""
    return f"a {kind}" if kind else f"an unlabelled paragraph at level {level}"


# --- redlines ----------------------------------------------------------------------------


def step_views(marked: MarkedDocument) -> list[dict]:
    """Each step's legend entry and summary rows: ``rows`` the substantive changes,
    ``consequential`` those that only follow from renumbering (see
    :mod:`tmad.diff.consequence`), or with ``--changes substantive`` none of them and
    ``unmarked`` their count."""
    views = []
    for step in marked.steps:
        kinds = classify(step.comparison)
        reasons = step.new.reasons()
        rows = [
            {
                "anchor": anchor("clause", change.id),
                "number": change.number,
                "old_number": change.old_number,
                "new_number": change.new_number,
                "kinds": change.kinds,
                "heading": change.latest.heading,
                "consequential": kinds[change.id],
                "reason": reasons.get(change.id, ""),
            }
            for change in step.comparison.changed()
        ]
        views.append(
            {
                "index": step.index,
                "label": f"v{step.old.number} → v{step.new.number}",
                "title": step.new.title,
                "status": step.new.status,
                "date": step.new.date,
                "author": step.new.author,
                "rows": [row for row in rows if not row["consequential"]],
                "consequential": [] if marked.unmarked else [r for r in rows if r["consequential"]],
                "unmarked": marked.unmarked[step.index - 1] if marked.unmarked else 0,
            }
        )
    return views


def _notes(clause: MarkedClause, marked: MarkedDocument, labels: list[str]) -> list[str]:
    noun = marked.document.scheme.unit.noun
    notes = []
    for index, kinds in enumerate(clause.kinds, start=1):
        if not kinds:
            continue
        change = marked.steps[index - 1].comparison.clauses[clause.id]
        label = labels[index - 1]
        if "inserted" in kinds:
            notes.append(f"Inserted in {label}.")
        if "deleted" in kinds:
            notes.append(f"Deleted in {label}.")
        if "moved" in kinds:
            notes.append(f"Moved in {label} from {noun} {change.old_number}.")
    return notes


def step_reasons(
    item: MarkedClause | MarkedSection, reasons: list[dict[str, str]]
) -> list[tuple[int, str]]:
    """(step, 1-based, the drafter's reason) for each step that changed a clause or container
    and gave one; ``reasons`` holds each step's reasons by id (``Version.reasons``)."""
    return [
        (index + 1, reasons[index][item.id])
        for index, kinds in enumerate(item.kinds)
        if kinds and reasons[index].get(item.id)
    ]


def _alive(block: MarkedBlock, version: int) -> bool:
    return (block.inserted is None or block.inserted <= version) and (
        block.deleted is None or block.deleted > version
    )


def marked_quote_marks(
    blocks: Sequence[MarkedBlock], versions: int
) -> list[tuple[tuple[Run, ...], tuple[Run, ...]]]:
    """Each marked paragraph's opening and closing quotation marks, as marked runs.

    Which paragraph opens or closes quoted structure depends on its neighbours, so a
    mark is worked out in every version of the chain and marked inserted or deleted where
    it comes or goes: accepting or rejecting every change leaves each version's marks.
    """
    if not any(block.quote or any(p.quote for _, p in block.moves) for block in blocks):
        return [((), ())] * len(blocks)
    counts: list[list[tuple[int, int]]] = [[(0, 0)] * versions for _ in blocks]
    for version in range(versions):
        shown = [i for i, block in enumerate(blocks) if _alive(block, version)]
        quotes = [blocks[i].place_before(version + 1).quote for i in shown]
        for j, i in enumerate(shown):
            before = quotes[j - 1] if j else 0
            after = quotes[j + 1] if j + 1 < len(shown) else 0
            counts[i][version] = (max(0, quotes[j] - before), max(0, quotes[j] - after))
    out = []
    for per_version in counts:
        opening = _runs_of([c[0] for c in per_version], OPEN_QUOTE, versions)
        closing = _runs_of([c[1] for c in per_version], CLOSE_QUOTE, versions)
        out.append((opening, closing))
    return out


def _runs_of(counts: list[int], mark: str, versions: int) -> tuple[Run, ...]:
    """Runs of a mark present ``counts[v]`` times in version v, marked by when it comes and
    goes."""
    runs: list[Run] = []
    start = 0
    for version in range(1, versions + 1):
        if version < versions and counts[version] == counts[start]:
            continue
        if counts[start]:
            inserted = start if start > 0 else None
            deleted = version if version < versions else None
            runs.append(Run(mark * counts[start], inserted, deleted))
        start = version
    return tuple(runs)


def block_views(
    marked: MarkedDocument, blocks: Sequence, labels: list[str], edition: Edition | None = None
) -> list[dict]:
    """A clause's marked paragraphs with their quotation marks, re-nesting notes, and text
    grouped by the citation each run belongs to (linked when ``edition`` is given, except in
    quoted text)."""
    marks = marked_quote_marks(blocks, len(marked.editions))
    cells = [marked_cells(block.text) if block.table else [] for block in blocks]
    tables = table_marks(blocks, [len(row) for row in cells])
    out = []
    for index, block in enumerate(blocks):
        notes = []
        for step, before in block.moves:  # re-nested: a note for each step that moved it
            now = block.place_before(step + 1)
            notes.append(
                f"re-nested in {labels[step - 1]}: was "
                f"{level_label(before.kind, before.level)}"
                + (" in quoted text" if before.quote and not now.quote else "")
                + f", now {level_label(now.kind, now.level)}"
            )
        edited = not block.inserted and not block.deleted and any(
            run.inserted or run.deleted for text in (block.label, block.term, block.text)
            for run in text
        )  # fmt: skip
        classes = (
            (f" added s{block.inserted}" if block.inserted else "")
            + (f" removed d{block.deleted}" if block.deleted else "")
            + (" modified" if edited else "")
            + (" quoted" if block.quote else "")
            + (" renested" if notes else "")
        )
        out.append(
            {
                "block": block,
                "open": marks[index][0],
                "close": marks[index][1],
                "notes": notes,
                "classes": classes,
                "text": linked_runs(block.text, None if block.quote else edition),
                "cells": [
                    linked_runs(cell, None if block.quote else edition) for cell in cells[index]
                ]
                if block.table
                else [],
                **tables[index],
            }
        )
    return out


def section_views(marked: MarkedDocument, context: str) -> list[dict]:
    """Containers with their clause entries (unchanged clauses as gaps for context 'changed')."""
    labels = [f"v{s.old.number} → v{s.new.number}" for s in marked.steps]
    reasons = [step.new.reasons() for step in marked.steps]  # once, not once per clause
    scheme = marked.document.scheme
    depths = nesting([s.level for s in marked.sections], scheme)
    views = []
    for section, depth in zip(marked.sections, depths, strict=True):
        items: list[dict] = []
        gap = 0
        for clause in section.clauses:
            if context == "changed" and not clause.changed:
                gap += 1
                continue
            if gap:
                items.append({"gap": gap})
                gap = 0
            shown = lifetime(clause)
            item: dict = {
                "gap": 0,
                "entry": clause,
                "clause": shown,
                "blocks": block_views(marked, shown.blocks, labels, cites(marked, clause.id)),
                "notes": _notes(clause, marked, labels),
                "reasons": [
                    (labels[step - 1], reason) for step, reason in step_reasons(clause, reasons)
                ],
                "rank": _rank(2, depth),
            }
            if clause.moved_out and clause.left is not None:
                change = marked.steps[clause.left - 1].comparison.clauses[clause.id]
                item["moved_to"] = change.new_number
            items.append(item)
        if (
            context == "changed"
            and not any(i["gap"] == 0 for i in items)
            and not any(section.kinds)
        ):
            continue
        if gap and items:
            items.append({"gap": gap})
        views.append(_section_view(section, items, depth, scheme))
    _shown_links(views)
    return views


def _section_view(section: MarkedSection, items: list[dict], depth: int, scheme: Scheme) -> dict:
    shown = lifetime(section)
    before, after = affixes(scheme, section.level)
    return {
        "section": section,
        "shown": not section.is_root,
        "anchor": section.anchor,
        "number": shown.number,
        "heading": shown.heading,
        "moved_out": section.moved_out,
        "left": section.left,
        "rank": _rank(2, depth - 1),
        "before": before,
        "after": after,
        "entries": items,
    }


def unit_affixes(scheme: Scheme) -> tuple[str, str]:
    """What is printed around a clause number ("§ ", ".")."""
    return affixes(scheme, scheme.unit.name)


Linked = list[tuple[str, tuple[Run, ...]]]
"""A marked text as consecutive groups of runs, each with the anchor it links to ("" for
none)."""


def linked_runs(text: Sequence[Run], edition: Edition | None) -> Linked:
    """A marked text grouped by the citation each run belongs to: the citations of the text
    in its newest form (deleted runs left out) that resolve in ``edition`` (None: no
    links). A run is split where a citation starts or ends; a deleted run inside a citation
    goes with it, so one link covers the whole marked citation ("Clause ~~4.27~~ 4.28")."""
    newest = "".join(run.text for run in text if run.deleted is None)
    found = links(newest, edition) if edition is not None else []
    if not found:
        return [("", tuple(text))] if text else []

    def anchor_at(position: int, deleted: bool) -> str:
        for link in found:
            if link.start < position < link.end or (not deleted and position == link.start):
                return link.anchor
        return ""

    cuts = sorted({bound for link in found for bound in (link.start, link.end)})
    out: list[tuple[Run, str]] = []
    position = 0
    for run in text:
        if run.deleted is not None:
            out.append((run, anchor_at(position, True)))
            continue
        end = position + len(run.text)
        bounds = [position, *(cut for cut in cuts if position < cut < end), end]
        for start, stop in itertools.pairwise(bounds):
            piece = run.text[start - position : stop - position]
            out.append((replace(run, text=piece), anchor_at(start, False)))
        position = end
    return [
        (anchor, tuple(run for run, _ in group))
        for anchor, group in itertools.groupby(out, key=lambda pair: pair[1])
    ]


def _shown_links(views: list[dict]) -> None:
    """Links to clauses and containers a redline of changed clauses leaves out become
    plain text."""
    shown = {view["anchor"] for view in views if view["shown"]}
    shown |= {item["entry"].anchor for view in views for item in view["entries"] if "entry" in item}
    for view in views:
        for item in view["entries"]:
            for block in item.get("blocks", ()):
                block["text"] = [
                    (anchor if anchor in shown else "", runs) for anchor, runs in block["text"]
                ]


def cites(marked: MarkedDocument, clause_id: str) -> Edition | None:
    """The edition a marked clause's citations resolve in (the newest), or None when its
    text is not to be linked: the clause is gone, or it amends another instrument."""
    newest = marked.editions[-1]
    current = clause_index(newest).by_id.get(clause_id)
    return newest if current is not None and not amends_another(current) else None
