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
