"""JSON: the machine-readable change list of a redline (format "tmad-redline/1").

Per changed clause: its id, old and new number, kinds, and word-level
operations ``[op, text]`` for its heading and each paragraph; plus the new
order of sections and clauses. :mod:`tmad.diff.apply` applies it to the old
version and gets the new one. A chain is a list of such steps.
"""

from __future__ import annotations

import json

from tmad.diff.consequence import classify
from tmad.diff.records import BlockChange, Comparison
from tmad.diff.words import Segment
from tmad.kinds import Kind
from tmad.model import Block, Version
from tmad.products import RedlineProduct
from tmad.render import renders

FORMAT_NAME = "tmad-redline/1"
CHAIN_FORMAT_NAME = "tmad-redline-chain/1"


def _ops(segments: tuple[Segment, ...]) -> list[list[str]]:
    return [[s.op, s.text] for s in segments]


def _shape(block: Block | None) -> dict | None:
    if block is None:
        return None
    shape: dict = {
        "level": block.level,
        "label": block.label,
        "term": block.term,
        "kind": block.kind,
        "quote": block.quote,
    }
    if block.table:
        shape["table"] = block.table
    if block.note:
        shape["note"] = block.note
    return shape


def _block(change: BlockChange) -> dict:
    return {
        "kind": change.kind,
        "old": _shape(change.old),
        "new": _shape(change.new),
        "label": _ops(change.label),
        "term": _ops(change.term),
        "text": _ops(change.text),
    }


def _version(version: Version) -> dict:
    return {
        "version": version.number,
        "status": version.status,
        "date": version.date.isoformat(),
        "title": version.title,
        "author": version.author,
    }


def comparison_data(comparison: Comparison, substantive: bool = False) -> dict:
    """One step's change list (``substantive``: without the consequential changes, which
    ``--changes substantive`` leaves unmarked)."""
    old, new = comparison.old, comparison.new
    reasons = new.version.reasons()
    sections = []
    new_ids = {s.id for s in new.sections}
    for section in new.sections:
        change = comparison.sections[section.id]
        sections.append(
            {
                "id": section.id,
                "old_number": change.old.number if change.old else None,
                "new_number": section.number,
                "kinds": list(change.kinds),
                "reason": reasons.get(section.id, ""),
                "heading": _ops(change.heading),
                "clauses": [c.id for c in section.clauses],
            }
        )
    for section in old.sections:
        if section.id not in new_ids:
            sections.append(
                {
                    "id": section.id,
                    "old_number": section.number,
                    "new_number": None,
                    "kinds": ["deleted"],
                    "reason": reasons.get(section.id, ""),
                    "heading": _ops(comparison.sections[section.id].heading),
                    "clauses": [],
                }
            )
    consequential = classify(comparison)
    clauses = [
        {
            "id": change.id,
            "consequential": consequential[change.id],
            "reason": reasons.get(change.id, ""),
            "old_number": change.old_number,
            "new_number": change.new_number,
            "kinds": list(change.kinds),
            "old_section": change.old_section,
            "new_section": change.new_section,
            "heading": _ops(change.heading),
            "blocks": [_block(b) for b in change.blocks],
        }
        for change in comparison.changed()
        if not (substantive and consequential[change.id])
    ]
    return {
        "format": FORMAT_NAME,
        "changes": "substantive" if substantive else "all",
        "document": old.document.id,
        "from": old.version.number,
        "to": new.version.number,
        "versions": [_version(old.version), _version(new.version)],
        "summary": {
            **comparison.counts(),
            "substantive": sum(not flag for flag in consequential.values()),
            "consequential": sum(consequential.values()),
        },
        "sections": sections,
        "clauses": clauses,
    }


def redline_data(product: RedlineProduct) -> dict:
    """A pair's change list, or a chain's list of steps."""
    filtered = bool(product.marked.unmarked)
    steps = [comparison_data(step.comparison, filtered) for step in product.marked.steps]
    if len(steps) == 1:
        return steps[0]
    return {
        "format": CHAIN_FORMAT_NAME,
        "document": product.marked.document.id,
        "chain": [e.version.number for e in product.marked.editions],
        "steps": steps,
    }


@renders(Kind.REDLINE, "json")
def redline_json(product: RedlineProduct) -> bytes:
    """A redline's change list (``tmad-redline/1``, or ``tmad-redline-chain/1``)."""
    data = redline_data(product)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
