"""Composing the comparisons of successive versions into one marked-up text.

A redline of ``5.1 → 5.2 → 5.3`` is the text with every piece of it marked
with the step that inserted it and the step that deleted it (a pair redline is
a chain of one step). Text inserted in one step and deleted in a later one
keeps both marks. The composition walks each step's :class:`Comparison` over
the text so far: what is still live at that version is consumed in order,
what earlier steps deleted is carried through untouched, and deletions stand
before insertions at the same place.

A clause that moves has an entry at each place it stood; every entry shares
the clause's full history, and :func:`window` cuts an entry down to the time
the clause stood there (what a DOCX redline needs so that accepting or
rejecting all changes gives the right text in the right place).
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field, replace

from tmad.anchors import anchor
from tmad.diff.compare import compare, printed_label
from tmad.diff.records import BlockChange, Comparison, Kind
from tmad.diff.words import Segment, word_diff
from tmad.model import Document, Edition, TableRow, Version


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with its revision marks."""

    text: str
    """The characters."""
    inserted: int | None = None
    """The step (1-based) that inserted it; None when it was in the first text."""
    deleted: int | None = None
    """The step that deleted it; None when it is in the last text."""


Text = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a chain: from one version to the next."""

    index: int
    """1-based position in the chain."""
    old: Version
    """The version the step starts from."""
    new: Version
    """The version it arrives at."""
    comparison: Comparison
    """What changed in the step."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a paragraph stood in the tree: its level, its level's name and its quotation."""

    level: int
    """Its depth in the clause."""
    kind: str
    """Its level in the numbering scheme ("" when unlabelled)."""
    quote: int
    """How deep in quoted structure."""


@dataclass(frozen=True, slots=True)
class MarkedBlock:
    """A paragraph with marked label, term and text."""

    level: int
    """Paragraph level in the latest text it stood in."""
    label: Text
    """The label as printed ("(a)"), marked."""
    term: Text
    """The defined term, marked (empty for an ordinary paragraph)."""
    text: Text
    """The words, marked."""
    inserted: int | None
    """The step that added the paragraph."""
    deleted: int | None
    """The step that removed the paragraph."""
    kind: str = ""
    """Its level in the numbering scheme in the latest text it stood in."""
    quote: int = 0
    """How deep in quoted structure in the latest text it stood in."""
    moves: tuple[tuple[int, Place], ...] = ()
    """Each step that re-nested the paragraph (moved it to another level or into or out of
    quotation), with where it stood before that step; empty when it never moved."""

    table: TableRow = ""
    """A table row ("head" or "row") in the latest text it stood in, else ""."""
    note: str = ""
    """A footnote's label, else "" (a note is never another paragraph's changed form)."""

    def place_before(self, step: int) -> Place:
        """Where the paragraph stood just before ``step``."""
        place = Place(self.level, self.kind, self.quote)
        for moved, before in reversed(self.moves):
            if moved >= step:
                place = before
        return place


@dataclass(frozen=True, slots=True)
class MarkedClause:
    """One place a clause stands in the marked text."""

    id: str
    """The clause's stable id."""
    anchor: str
    """Unique fragment id of this entry."""
    number: Text
    """The number, marked ("4.27" deleted, "4.28" inserted when renumbered)."""
    heading: Text
    """The heading, marked."""
    blocks: tuple[MarkedBlock, ...]
    """The paragraphs, marked."""
    arrived: int | None
    """The step that put the clause here (inserted or moved here); None: here from the start."""
    left: int | None
    """The step that took it away from here (deleted or moved away)."""
    moved_in: bool
    """Whether it arrived here by a move."""
    moved_out: bool
    """Whether it left by a move: the clause stands later at another place."""
    born: int | None
    """The step that created this life of the clause (None: in the first text). A clause
    deleted and later inserted again under the same id has two lives."""
    kinds: tuple[tuple[Kind, ...], ...]
    """Per step, the kinds of change the clause underwent."""
    final_anchor: str
    """The anchor of the entry where the clause is shown in full."""

    @property
    def changed(self) -> bool:
        """Whether any step changed the clause."""
        return any(self.kinds)


@dataclass(frozen=True, slots=True)
class MarkedSection:
    """One place a section stands in the marked text, with its clauses."""

    id: str
    """The section's stable id."""
    anchor: str
    """Unique fragment id of this entry."""
    number: Text
    """The number, marked."""
    heading: Text
    """The heading, marked."""
    arrived: int | None
    """The step that put it here."""
    left: int | None
    """The step that took it away from here."""
    moved_in: bool
    """Whether it arrived by a move."""
    moved_out: bool
    """Whether it left by a move."""
    born: int | None
    """The step that created this life of the section."""
    kinds: tuple[tuple[Kind, ...], ...]
    """Per step, the kinds of change to the section itself."""
    clauses: tuple[MarkedClause, ...]
    """The clause entries under this heading."""
    level: str = "section"
    """Its level in the numbering scheme, in the latest text it stood in ("" for the root)."""

    @property
    def is_root(self) -> bool:
        """Whether this is the unheaded root holding clauses before any container."""
        return not self.id


@dataclass(frozen=True, slots=True)
class MarkedDocument:
    """A chain of versions composed into one marked text."""

    document: Document
    """The document."""
    editions: tuple[Edition, ...]
    """The versions of the chain, oldest first."""
    steps: tuple[Step, ...]
    """The steps between them."""
    sections: tuple[MarkedSection, ...]
    """The marked text."""
    unmarked: tuple[int, ...] = ()
    """Per step, how many consequential changes are left unmarked (``--changes
    substantive``, :func:`tmad.diff.consequence.substantive_only`); empty: all marked."""

    @property
    def title(self) -> str:
        """ "TMAD v5.2 marked against v5.1", or the chain "TMAD v5.1 → v5.2 → v5.3"."""
        short = self.document.short_title
        if len(self.steps) == 1:
            return f"{short} v{self.editions[1].version.number} marked against " + (
                f"v{self.editions[0].version.number}"
            )
        return f"{short} " + " → ".join(f"v{e.version.number}" for e in self.editions)


def chain(editions: list[Edition]) -> MarkedDocument:
    """Compare each edition with the next and compose the steps."""
    if len(editions) < 2:
        raise ValueError("a redline needs at least two versions")
    comparisons = [compare(a, b) for a, b in itertools.pairwise(editions)]
    return compose(editions, comparisons)


# --- working state (mutable, local to one composition) -------------------------------


@dataclass
class _Block:
    level: int
    label: list[Run]
    term: list[Run]
    text: list[Run]
    inserted: int | None = None
    deleted: int | None = None
    kind: str = ""
    quote: int = 0
    moves: list[tuple[int, Place]] = field(default_factory=list)
    table: TableRow = ""
    note: str = ""


@dataclass
class _History:
    number: list[Run]
    heading: list[Run]
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Entry:
    id: str
    arrived: int | None = None
    left: int | None = None
    moved_in: bool = False
    moved_out: bool = False
    born: int | None = None
    clauses: list[_Entry] = field(default_factory=list)


def compose(editions: list[Edition], comparisons: list[Comparison]) -> MarkedDocument:
    """Compose successive comparisons (edition i to i + 1) into one marked text."""
    first = editions[0]
    clause_history = {
        c.id: _History(_plain(c.number), _plain(c.heading), [_plain_block(b) for b in c.body])
        for c in first.clauses()
    }
    section_history = {s.id: _History(_plain(s.number), _plain(s.heading)) for s in first.sections}
    sections = [_Entry(s.id, clauses=[_Entry(c.id) for c in s.clauses]) for s in first.sections]
    steps = []
    for index, comparison in enumerate(comparisons, start=1):
        steps.append(Step(index, comparison.old.version, comparison.new.version, comparison))
        _update_histories(clause_history, section_history, comparison, index)
        sections = _place(sections, comparison, index)
    levels = {s.id: s.level for e in editions for s in e.sections}
    frozen = _freeze(sections, clause_history, section_history, comparisons, levels)
    return MarkedDocument(first.document, tuple(editions), tuple(steps), frozen)


def _plain(text: str) -> list[Run]:
    return [Run(text)] if text else []


def _plain_block(block) -> _Block:
    return _Block(
        block.level,
        _plain(printed_label(block.label)),
        _plain(block.term),
        _plain(block.text),
        kind=block.kind,
        quote=block.quote,
        table=block.table,
        note=block.note,
    )


def apply_segments(runs: list[Run], segments: tuple[Segment, ...], step: int) -> list[Run]:
    """Mark one step's word diff on the runs so far (the live text must equal the diff's old)."""
    out: list[Run] = []
    queue = deque(runs)
    for segment in segments:
        if segment.op == "insert":
            while queue and queue[0].deleted is not None:
                out.append(queue.popleft())
            out.append(Run(segment.text, step, None))
            continue
        need = segment.text
        while need:
            if not queue:
                raise AssertionError(f"diff does not fit the text: {need!r} left over")
            run = queue.popleft()
            if run.deleted is not None:
                out.append(run)
                continue
            take, rest = run.text[: len(need)], run.text[len(need) :]
            if not need.startswith(take):
                raise AssertionError(f"diff does not fit the text: {take!r} vs {need!r}")
            if rest:
                queue.appendleft(Run(rest, run.inserted, run.deleted))
            out.append(Run(take, run.inserted, step if segment.op == "delete" else None))
            need = need[len(take) :]
    out.extend(queue)
    return _joined(out)


def _joined(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].inserted, out[-1].deleted) == (run.inserted, run.deleted):
            out[-1] = Run(out[-1].text + run.text, run.inserted, run.deleted)
        elif run.text:
            out.append(run)
    return out


def _update_histories(
    clauses: dict[str, _History], sections: dict[str, _History], comparison: Comparison, step: int
) -> None:
    for ident, change in comparison.clauses.items():
        if not change.kinds:
            continue
        history = clauses.setdefault(ident, _History([], []))
        history.number = apply_segments(
            history.number, word_diff(change.old_number or "", change.new_number or ""), step
        )
        history.heading = apply_segments(history.heading, change.heading, step)
        history.blocks = _apply_blocks(history.blocks, change.blocks, step)
    for ident, section_change in comparison.sections.items():
        if not section_change.kinds:
            continue
        history = sections.setdefault(ident, _History([], []))
        old_number = section_change.old.number if section_change.old else ""
        new_number = section_change.new.number if section_change.new else ""
        history.number = apply_segments(history.number, word_diff(old_number, new_number), step)
        history.heading = apply_segments(history.heading, section_change.heading, step)


def _apply_blocks(
    blocks: list[_Block], changes: tuple[BlockChange, ...], step: int
) -> list[_Block]:
    out: list[_Block] = []
    queue = deque(blocks)

    def flush_dead() -> None:
        while queue and queue[0].deleted is not None:
            out.append(queue.popleft())

    for change in changes:
        flush_dead()
        if change.kind == "inserted":
            assert change.new is not None
            out.append(
                _Block(
                    change.new.level,
                    apply_segments([], change.label, step),
                    apply_segments([], change.term, step),
                    apply_segments([], change.text, step),
                    inserted=step,
                    kind=change.new.kind,
                    quote=change.new.quote,
                    table=change.new.table,
                    note=change.new.note,
                )
            )
            continue
        block = queue.popleft()
        block.label = apply_segments(block.label, change.label, step)
        block.term = apply_segments(block.term, change.term, step)
        block.text = apply_segments(block.text, change.text, step)
        if change.kind == "deleted":
            block.deleted = step
        elif change.new is not None:
            new = change.new
            if (block.level, block.quote) != (new.level, new.quote):
                block.moves.append((step, Place(block.level, block.kind, block.quote)))
            block.level, block.kind, block.quote = new.level, new.kind, new.quote
            block.table = new.table
        out.append(block)
    out.extend(queue)
    return out


def _place(sections: list[_Entry], comparison: Comparison, step: int) -> list[_Entry]:
    """Walk the step's merged order over the entries so far."""
    old_ids = {s.id for s in comparison.old.sections}
    new_ids = {s.id for s in comparison.new.sections}
    old_clauses = {c.id for c in comparison.old.clauses()}
    new_clauses = {c.id for c in comparison.new.clauses()}
    live = [e for e in sections if e.left is None]
    section_born = {e.id: e.born for e in live}
    clause_born = {c.id: c.born for e in live for c in e.clauses if c.left is None}
    out: list[_Entry] = []
    queue = deque(sections)
    for slot in comparison.order:
        while queue and queue[0].left is not None:
            out.append(queue.popleft())
        if slot.op == "insert":
            moved = slot.id in old_ids
            entry = _Entry(
                slot.id,
                arrived=step,
                moved_in=moved,
                born=section_born[slot.id] if moved else step,
            )
        else:
            entry = queue.popleft()
            if entry.id != slot.id:
                raise AssertionError(f"section order out of step: {entry.id} vs {slot.id}")
            if slot.op == "delete":
                entry.left = step
                entry.moved_out = slot.id in new_ids
        entry.clauses = _place_clauses(
            entry.clauses, slot.clauses, step, old_clauses, new_clauses, clause_born
        )
        out.append(entry)
    out.extend(queue)
    return out


def _place_clauses(entries, slots, step, old_clauses, new_clauses, born) -> list[_Entry]:
    out: list[_Entry] = []
    queue = deque(entries)
    for slot in slots:
        while queue and queue[0].left is not None:
            out.append(queue.popleft())
        if slot.op == "insert":
            moved = slot.id in old_clauses
            out.append(
                _Entry(slot.id, arrived=step, moved_in=moved, born=born[slot.id] if moved else step)
            )
            continue
        entry = queue.popleft()
        if entry.id != slot.id:
            raise AssertionError(f"clause order out of step: {entry.id} vs {slot.id}")
        if slot.op == "delete":
            entry.left = step
            entry.moved_out = slot.id in new_clauses
        out.append(entry)
    out.extend(queue)
    return out


def _text(runs: list[Run]) -> Text:
    return tuple(runs)


def _freeze(
    sections: list[_Entry],
    clause_history: dict[str, _History],
    section_history: dict[str, _History],
    comparisons: list[Comparison],
    levels: dict[str, str],
) -> tuple[MarkedSection, ...]:
    frozen_clauses: dict[str, tuple[Text, Text, tuple[MarkedBlock, ...]]] = {}
    for ident, history in clause_history.items():
        blocks = tuple(
            MarkedBlock(
                b.level,
                _text(b.label),
                _text(b.term),
                _text(b.text),
                b.inserted,
                b.deleted,
                b.kind,
                b.quote,
                tuple(b.moves),
                b.table,
                b.note,
            )
            for b in history.blocks
        )
        frozen_clauses[ident] = (_text(history.number), _text(history.heading), blocks)

    def kinds(table: str, ident: str) -> tuple[tuple[Kind, ...], ...]:
        out = []
        for comparison in comparisons:
            change = getattr(comparison, table).get(ident)
            out.append(change.kinds if change else ())
        return tuple(out)

    seen: dict[str, int] = {}

    def place(kind: str, ident: str, entry: _Entry) -> str:
        if not entry.moved_out:
            return anchor(kind, ident)
        seen[ident] = seen.get(ident, 0) + 1
        return f"{anchor(kind, ident)}-was-{seen[ident]}"

    out: list[MarkedSection] = []
    for section in sections:
        clauses = []
        for entry in section.clauses:
            number, heading, blocks = frozen_clauses[entry.id]
            clauses.append(
                MarkedClause(
                    entry.id,
                    place("clause", entry.id, entry),
                    number,
                    heading,
                    blocks,
                    entry.arrived,
                    entry.left,
                    entry.moved_in,
                    entry.moved_out,
                    entry.born,
                    kinds("clauses", entry.id),
                    anchor("clause", entry.id),
                )
            )
        history = section_history[section.id]
        out.append(
            MarkedSection(
                section.id,
                place("section", section.id, section),
                _text(history.number),
                _text(history.heading),
                section.arrived,
                section.left,
                section.moved_in,
                section.moved_out,
                section.born,
                kinds("sections", section.id),
                tuple(clauses),
                levels[section.id],
            )
        )
    return tuple(out)


def window_runs(runs: Text, since: int | None, until: int | None) -> Text:
    """Cut marked text down to a span of steps.

    ``since``: text as it stood after that step counts as inserted by it (earlier
    deletions drop out); ``until``: text as it stood before that step counts as
    deleted by it (later insertions drop out).
    """
    out: list[Run] = []
    for run in runs:
        inserted, deleted = run.inserted, run.deleted
        if since is not None:
            if deleted is not None and deleted <= since:
                continue
            inserted = _later(inserted, since)
        if until is not None:
            if inserted is not None and inserted >= until:
                continue
            deleted = _earlier(deleted, until)
        out.append(Run(run.text, inserted, deleted))
    return tuple(_joined(out))


def _later(step: int | None, since: int | None) -> int | None:
    """An insertion step moved forward to ``since`` when the text came before it."""
    if since is None:
        return step
    return since if step is None or step < since else step


def _earlier(step: int | None, until: int | None) -> int | None:
    """A deletion step moved back to ``until`` when the text outlived it."""
    if until is None:
        return step
    return until if step is None or step > until else step


def _window_blocks(blocks, since: int | None, until: int | None) -> tuple[MarkedBlock, ...]:
    out = []
    for block in blocks:
        if since is not None and block.deleted is not None and block.deleted <= since:
            continue
        if until is not None and block.inserted is not None and block.inserted >= until:
            continue
        place = block.place_before(until) if until is not None else None
        moves = tuple(
            (step, before)
            for step, before in block.moves
            if (since is None or step > since) and (until is None or step < until)
        )
        out.append(
            replace(
                block,
                level=place.level if place else block.level,
                kind=place.kind if place else block.kind,
                quote=place.quote if place else block.quote,
                moves=moves,
                label=window_runs(block.label, since, until),
                term=window_runs(block.term, since, until),
                text=window_runs(block.text, since, until),
                inserted=_later(block.inserted, since),
                deleted=_earlier(block.deleted, until),
            )
        )
    return tuple(out)


def _windowed(item, since: int | None, until: int | None):
    if since is None and until is None:
        return item
    changes: dict[str, object] = {
        "number": window_runs(item.number, since, until),
        "heading": window_runs(item.heading, since, until),
    }
    if isinstance(item, MarkedClause):
        changes["blocks"] = _window_blocks(item.blocks, since, until)
    return replace(item, **changes)


def at_place(item: MarkedClause | MarkedSection):
    """An entry cut down to the steps it stood at its place (what a DOCX shows there).

    A clause that moved has its text as it then was deleted at the old place and
    inserted at the new, so accepting or rejecting every change puts it right.
    """
    return _windowed(item, item.arrived, item.left)


def lifetime(item: MarkedClause | MarkedSection):
    """An entry cut down to its life (moves included): what an HTML redline shows in full."""
    died = None if item.moved_out else item.left
    return _windowed(item, item.born, died)
