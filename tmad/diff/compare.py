"""Comparing two editions: align by stable id, then diff inside changed clauses.

1. Sections and clauses are aligned by id. Within a section the clauses both
   texts share are aligned by a minimal diff of their ids; a shared clause off
   that alignment, or in another section, has moved. A clause whose number
   differs has been renumbered: never reported as deleted and inserted.
2. Inside a clause, paragraphs are aligned by content (ignoring labels, so a
   relabelled paragraph is not a new one); unmatched paragraphs that are alike
   are paired as modified; then each changed paragraph is diffed word by word.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from tmad.diff.records import (
    BlockChange,
    ClauseChange,
    Comparison,
    Kind,
    SectionChange,
    SectionSlot,
    Slot,
)
from tmad.diff.words import Op, Segment, sequence_diff, similarity, word_diff
from tmad.model import CELL_BREAK, Block, Clause, Edition, Section

PAIR_THRESHOLD = 0.5
"""Paragraphs at least this alike (by shared words) are shown as one modified paragraph."""

_PAIRING_LIMIT = 40_000
"""Above this many candidate pairs, unmatched paragraphs pair by position instead."""


def compare(old: Edition, new: Edition) -> Comparison:
    """Every change from ``old`` to ``new``."""
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    old_home = {c.id: s.id for s in old.sections for c in s.clauses}
    new_home = {c.id: s.id for s in new.sections for c in s.clauses}
    old_clauses = {c.id: c for c in old.clauses()}
    new_clauses = {c.id: c for c in new.clauses()}

    moved_clauses = _moved_clauses(old, new, old_home, new_home)
    moved_sections = _moved([s.id for s in old.sections], [s.id for s in new.sections])
    order = _order(old, new, moved_sections, moved_clauses)

    clauses: dict[str, ClauseChange] = {}
    for ident in dict.fromkeys([*old_clauses, *new_clauses]):
        clauses[ident] = _clause_change(
            ident,
            old_clauses.get(ident),
            new_clauses.get(ident),
            old_home.get(ident),
            new_home.get(ident),
            ident in moved_clauses,
        )
    sections: dict[str, SectionChange] = {}
    for ident in dict.fromkeys([*old_sections, *new_sections]):
        sections[ident] = _section_change(
            ident, old_sections.get(ident), new_sections.get(ident), ident in moved_sections
        )
    return Comparison(old, new, order, MappingProxyType(sections), MappingProxyType(clauses))


def _moved(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids present in both lists but off their longest common ordering."""
    shared = set(old_ids) & set(new_ids)
    old_shared = [i for i in old_ids if i in shared]
    new_shared = [i for i in new_ids if i in shared]
    if old_shared == new_shared:
        return set()
    kept = {old_shared[i] for op, i, _ in sequence_diff(old_shared, new_shared) if op == "equal"}
    return shared - kept


def _moved_clauses(
    old: Edition, new: Edition, old_home: dict[str, str], new_home: dict[str, str]
) -> set[str]:
    moved = {
        ident for ident in old_home if ident in new_home and old_home[ident] != new_home[ident]
    }
    new_by_id = {s.id: s for s in new.sections}
    for section in old.sections:
        other = new_by_id.get(section.id)
        if other is None:
            continue
        moved |= _moved(
            [c.id for c in section.clauses if c.id not in moved],
            [c.id for c in other.clauses if c.id not in moved],
        )
    return moved


def _order(
    old: Edition, new: Edition, moved_sections: set[str], moved_clauses: set[str]
) -> tuple[SectionSlot, ...]:
    """Sections and clauses in merged reading order."""
    old_by_id = {s.id: s for s in old.sections}
    new_by_id = {s.id: s for s in new.sections}
    order: list[SectionSlot] = []
    for op, ident in _merge(
        [s.id for s in old.sections], [s.id for s in new.sections], moved_sections
    ):
        old_ids = [c.id for c in old_by_id[ident].clauses] if op != "insert" else []
        new_ids = [c.id for c in new_by_id[ident].clauses] if op != "delete" else []
        slots = tuple(Slot(c_op, c_id) for c_op, c_id in _merge(old_ids, new_ids, moved_clauses))
        order.append(SectionSlot(op, ident, slots))
    return tuple(order)


def _merge(old_ids: list[str], new_ids: list[str], moved: set[str]) -> list[tuple[Op, str]]:
    """Merge two id sequences: moved ids never match, so they stand at both places."""
    old_keys = [(i, "old") if i in moved else i for i in old_ids]
    new_keys = [(i, "new") if i in moved else i for i in new_ids]
    merged = [
        (op, new_ids[j] if op == "insert" else old_ids[i])
        for op, i, j in sequence_diff(old_keys, new_keys)
    ]
    return _deletions_first(merged)


def _deletions_first(items: list[tuple[Op, str]]) -> list[tuple[Op, str]]:
    """Within each run between equal items, put what was removed before what was added."""
    out: list[tuple[Op, str]] = []
    run: list[tuple[Op, str]] = []
    for item in [*items, ("equal", "")]:
        if item[0] == "equal":
            out.extend(i for i in run if i[0] == "delete")
            out.extend(i for i in run if i[0] == "insert")
            run = []
            if item[1]:
                out.append(item)
        else:
            run.append(item)
    return out


def _clause_change(
    ident: str,
    old: Clause | None,
    new: Clause | None,
    old_section: str | None,
    new_section: str | None,
    moved: bool,
) -> ClauseChange:
    kinds: list[Kind] = []
    if old is None:
        kinds.append("inserted")
    elif new is None:
        kinds.append("deleted")
    old_heading = old.heading if old else ""
    new_heading = new.heading if new else ""
    heading = word_diff(old_heading, new_heading)
    blocks = align_blocks(old.body if old else (), new.body if new else ())
    if old is not None and new is not None:
        if old_heading != new_heading or any(b.kind != "equal" for b in blocks):
            kinds.append("modified")
        if old.number != new.number:
            kinds.append("renumbered")
        if moved:
            kinds.append("moved")
    return ClauseChange(ident, tuple(kinds), old, new, old_section, new_section, heading, blocks)


def _section_change(
    ident: str, old: Section | None, new: Section | None, moved: bool
) -> SectionChange:
    kinds: list[Kind] = []
    if old is None:
        kinds.append("inserted")
    elif new is None:
        kinds.append("deleted")
    else:
        if old.heading != new.heading:
            kinds.append("modified")
        if old.number != new.number:
            kinds.append("renumbered")
        if moved:
            kinds.append("moved")
    heading = word_diff(old.heading if old else "", new.heading if new else "")
    return SectionChange(ident, tuple(kinds), old, new, heading)


def _block_key(block: Block) -> tuple:
    return (block.level, block.quote, block.term, block.text, bool(block.table), block.note)


def printed_label(label: str) -> str:
    """A label as printed: "(c)", or "" for none."""
    return f"({label})" if label else ""


def align_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> tuple[BlockChange, ...]:
    """Align the paragraphs of two clause bodies and diff the changed ones."""
    if old == new:
        return tuple(_equal(block) for block in old)
    out: list[BlockChange] = []
    deleted: list[Block] = []
    inserted: list[Block] = []
    for op, i, j in sequence_diff([_block_key(b) for b in old], [_block_key(b) for b in new]):
        if op == "delete":
            deleted.append(old[i])
        elif op == "insert":
            inserted.append(new[j])
        else:
            out.extend(_pair_run(deleted, inserted))
            deleted, inserted = [], []
            out.extend([_equal(old[i])] if old[i] == new[j] else _changed(old[i], new[j]))
    out.extend(_pair_run(deleted, inserted))
    return tuple(out)


def _same(text: str) -> tuple[Segment, ...]:
    """The diff of a text with itself (what word_diff gives, without diffing)."""
    return (Segment("equal", text),) if text else ()


def _equal(block: Block) -> BlockChange:
    label = f"({block.label})" if block.label else ""
    return BlockChange("equal", block, block, _same(label), _same(block.term), _same(block.text))


def _changed(old: Block, new: Block) -> list[BlockChange]:
    """A paragraph changed in place; but a table row whose cells are cut differently (a
    column added, removed or moved) is the old row deleted and the new one inserted, so that
    every version of the table keeps its own cells."""
    change = _modified(old, new)
    if (old.table or new.table) and any(
        segment.op != "equal" and CELL_BREAK.search(segment.text) for segment in change.text
    ):
        return [_whole(old, "delete"), _whole(new, "insert")]
    return [change]


def _modified(old: Block, new: Block) -> BlockChange:
    return BlockChange(
        "modified",
        old,
        new,
        word_diff(printed_label(old.label), printed_label(new.label)),
        word_diff(old.term, new.term),
        word_diff(old.text, new.text),
    )


def _whole(block: Block, op: Literal["insert", "delete"]) -> BlockChange:
    kind: Literal["inserted", "deleted"] = "inserted" if op == "insert" else "deleted"

    def seg(text: str) -> tuple[Segment, ...]:
        return (Segment(op, text),) if text else ()

    return BlockChange(
        kind,
        None if op == "insert" else block,
        block if op == "insert" else None,
        seg(printed_label(block.label)),
        seg(block.term),
        seg(block.text),
    )


def _alike(old: Block, new: Block) -> float:
    if old.note or new.note:  # a note is the same note by its label, whatever its words
        return 1.0 if old.note == new.note else 0.0
    if bool(old.table) != bool(new.table):
        return 0.0  # a paragraph and a table row are never one changed paragraph
    if old.term and old.term == new.term:
        return 1.0
    if bool(old.term) != bool(new.term):
        return 0.0
    return similarity(f"{old.term} {old.text}", f"{new.term} {new.text}")


def _pair_run(deleted: list[Block], inserted: list[Block]) -> list[BlockChange]:
    """Pair alike removed and added paragraphs (in order) as modified; keep the rest whole."""
    if not deleted or not inserted:
        return [_whole(b, "delete") for b in deleted] + [_whole(b, "insert") for b in inserted]
    pairs = _best_pairs(deleted, inserted)
    out: list[BlockChange] = []
    i = j = 0
    for pi, pj in [*pairs, (len(deleted), len(inserted))]:
        out.extend(_whole(b, "delete") for b in deleted[i:pi])
        out.extend(_whole(b, "insert") for b in inserted[j:pj])
        if pi < len(deleted):
            out.extend(_changed(deleted[pi], inserted[pj]))
        i, j = pi + 1, pj + 1
    return out


def _best_pairs(deleted: list[Block], inserted: list[Block]) -> list[tuple[int, int]]:
    """Order-preserving pairs with the greatest total likeness (each at least the threshold)."""
    n, m = len(deleted), len(inserted)
    if n * m > _PAIRING_LIMIT:
        return [
            (k, k) for k in range(min(n, m)) if _alike(deleted[k], inserted[k]) >= PAIR_THRESHOLD
        ]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    alike = [[_alike(d, e) for e in inserted] for d in deleted]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if alike[i][j] >= PAIR_THRESHOLD:
                best = max(best, alike[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if alike[i][j] >= PAIR_THRESHOLD and score[i][j] == alike[i][j] + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
