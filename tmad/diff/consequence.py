"""Substantive or consequential: which changes a reviewer must read, and which only follow
from renumbering.

A clause's change is *consequential* when nothing in it changed but numbers that follow
from renumbering: its own number, and numbers in its heading and text that cite the same
clause or section as before under its new number ("Clause 4.27" → "Clause 4.28" where the
clause that was 4.27 is now 4.28). Everything else (a word, a new or removed paragraph, a
label, a citation that now names another provision, a clause inserted, deleted or moved)
is *substantive*. LEOS calls the same filter "ignore renumbering".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from tmad.diff.compose import MarkedClause, MarkedDocument, Text
from tmad.diff.records import ClauseChange, Comparison
from tmad.diff.words import Segment
from tmad.model import Edition

_NUMBER = re.compile(r"[0-9][0-9A-Za-z.\-]*")
"""A provision's number as the text writes it ("4.27", "6", "34-1503A")."""


def classify(comparison: Comparison) -> dict[str, bool]:
    """Every changed clause's id: True when its change is consequential."""
    old, new = _numbers(comparison.old), _numbers(comparison.new)
    return {change.id: _consequential(change, old, new) for change in comparison.changed()}


def _numbers(edition: Edition) -> dict[str, str]:
    """Every number of the edition's clauses and sections, to the id it names."""
    numbers: dict[str, str] = {}
    for section in edition.sections:
        if section.number:
            numbers.setdefault(section.number, section.id)
        for clause in section.clauses:
            numbers.setdefault(clause.number, clause.id)
    return numbers


def _consequential(change: ClauseChange, old: dict[str, str], new: dict[str, str]) -> bool:
    if set(change.kinds) - {"renumbered", "modified"}:
        return False
    if any(block.kind in ("inserted", "deleted") or block.relevelled for block in change.blocks):
        return False
    texts = [change.heading]
    for block in change.blocks:
        texts.extend((block.label, block.term, block.text))
    return all(_renumbered_only(segments, old, new) for segments in texts)


def _renumbered_only(
    segments: tuple[Segment, ...], old: dict[str, str], new: dict[str, str]
) -> bool:
    """Whether every change in a word diff is a number replaced by the number the same
    provision has now."""
    for deleted, inserted in _hunks(segments):
        was, now = deleted.strip(), inserted.strip()
        if not (_NUMBER.fullmatch(was) and _NUMBER.fullmatch(now)):
            return False
        if old.get(was) is None or old.get(was) != new.get(now):
            return False
    return True


def _hunks(segments: tuple[Segment, ...]) -> Iterator[tuple[str, str]]:
    """The word diff's changes, each as (deleted text, inserted text)."""
    deleted, inserted = "", ""
    for segment in segments:
        if segment.op == "equal":
            if deleted or inserted:
                yield deleted, inserted
            deleted, inserted = "", ""
        elif segment.op == "delete":
            deleted += segment.text
        else:
            inserted += segment.text
    if deleted or inserted:
        yield deleted, inserted


def substantive_only(marked: MarkedDocument) -> MarkedDocument:
    """The marked text with consequential changes left unmarked: a clause whose change in a
    step is consequential shows that step's text as if it had always been so (its new
    number, its citations' new numbers), so accepting every change still gives the newest
    version. ``unmarked`` counts, per step, the changes left unmarked."""
    consequential = [
        {ident for ident, flag in classify(step.comparison).items() if flag}
        for step in marked.steps
    ]
    sections = tuple(
        replace(section, clauses=tuple(_unmark(c, consequential) for c in section.clauses))
        for section in marked.sections
    )
    return replace(marked, sections=sections, unmarked=tuple(len(c) for c in consequential))


def _unmark(clause: MarkedClause, consequential: list[set[str]]) -> MarkedClause:
    steps = {i for i, ids in enumerate(consequential, start=1) if clause.id in ids}
    if not steps:
        return clause
    blocks = tuple(
        replace(b, label=_plain(b.label, steps), term=_plain(b.term, steps),
                text=_plain(b.text, steps))
        for b in clause.blocks
    )  # fmt: skip
    kinds = tuple(() if i in steps else k for i, k in enumerate(clause.kinds, start=1))
    return replace(
        clause,
        number=_plain(clause.number, steps),
        heading=_plain(clause.heading, steps),
        blocks=blocks,
        kinds=kinds,
    )


def _plain(text: Text, steps: set[int]) -> Text:
    """``text`` with the marks of ``steps`` taken out: what they deleted gone, what they
    inserted there from the start."""
    out = []
    for run in text:
        if run.deleted in steps:
            continue
        out.append(replace(run, inserted=None) if run.inserted in steps else run)
    return tuple(out)
