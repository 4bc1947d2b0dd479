"""Applying a change list (the JSON of a redline) to the old version's clauses.

The proof that a change list is complete: applied to the old text it gives
the new text exactly (tests compare it with ``tmad show TO --json``), numbers,
labels, levels and words.
"""

from __future__ import annotations

from tmad.errors import SourceError


def _new_side(ops: list[list[str]], old: str | None = None) -> str:
    kept = "".join(text for op, text in ops if op != "insert")
    if old is not None and kept != old:
        raise SourceError(f"change list does not fit the old text: {kept!r} != {old!r}")
    return "".join(text for op, text in ops if op != "delete")


def _block(change: dict) -> dict:
    shape = change["new"]
    label = _new_side(change["label"])
    if label != (f"({shape['label']})" if shape["label"] else ""):
        raise SourceError(f"change list label {label!r} does not fit {shape['label']!r}")
    block = {
        "level": shape["level"],
        "label": shape["label"],
        "kind": shape["kind"],
        "quote": shape["quote"],
        "term": _new_side(change["term"]),
        "text": _new_side(change["text"]),
    }
    for key in ("table", "note"):
        if key in shape:
            block[key] = shape[key]
    return block


def _plain(block: dict) -> str:
    if block.get("note"):
        return f"[^{block['note']}]: {block['text']}"
    label = f"({block['label']})" if block["label"] else ""
    return " ".join(part for part in (label, block["term"], block["text"]) if part)


def apply(old: dict, changes: dict) -> dict:
    """The new version's clauses from the old (``tmad show --json`` data) and a change list."""
    old_clauses = {c["id"]: c for c in old["clauses"]}
    changed = {c["id"]: c for c in changes["clauses"]}
    out = []
    sections = [s for s in changes["sections"] if s["new_number"] is not None]
    for section in sections:
        for ident in section["clauses"]:
            change = changed.get(ident)
            if change is None:
                out.append(dict(old_clauses[ident]))
                continue
            previous = old_clauses.get(ident)
            heading = _new_side(change["heading"], previous["heading"] if previous else None)
            blocks = [_block(b) for b in change["blocks"] if b["new"] is not None]
            out.append(
                {
                    "id": ident,
                    "number": change["new_number"],
                    "heading": heading,
                    "text": "\n".join(_plain(b) for b in blocks),
                    "blocks": blocks,
                }
            )
    return {"document": changes["document"], "version": changes["to"], "clauses": out}
