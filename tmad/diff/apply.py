"""Applying a change list (the JSON of a redline) to the old version's clauses.

The proof that a change list is complete: applied to the old text it gives
the new text exactly (tests compare it with ``tmad show TO --json``).
"""

from __future__ import annotations

from tmad.errors import SourceError


def _new_side(ops: list[list[str]], old: str | None = None) -> str:
    kept = "".join(text for op, text in ops if op != "insert")
    if old is not None and kept != old:
        raise SourceError(f"change list does not fit the old text: {kept!r} != {old!r}")
    return "".join(text for op, text in ops if op != "delete")


def _plain(label: str, term: str, text: str) -> str:
    parts = [f"({label})" if label else "", term, text]
    return " ".join(p for p in parts if p)


def apply(old: dict, changes: dict) -> dict:
    """The new version's clauses from the old (``tmad show --json`` data) and a change list."""
    old_clauses = {c["id"]: c for c in old["clauses"]}
    changed = {c["id"]: c for c in changes["clauses"]}
    out = []
    sections = [s for s in changes["sections"] if s["new_number"] is not None]
    for s_index, section in enumerate(sections, start=1):
        for c_index, ident in enumerate(section["clauses"], start=1):
            number = f"{s_index}.{c_index}"
            change = changed.get(ident)
            if change is None:
                clause = dict(old_clauses[ident])
                clause["number"] = number
                out.append(clause)
                continue
            previous = old_clauses.get(ident)
            heading = _new_side(change["heading"], previous["heading"] if previous else None)
            lines = []
            for block in change["blocks"]:
                if block["new"] is None:
                    continue
                lines.append(
                    _plain(
                        _new_side(block["label"]),
                        _new_side(block["term"]),
                        _new_side(block["text"]),
                    )
                )
            out.append(
                {"id": ident, "number": number, "heading": heading, "text": "\n".join(lines)}
            )
    return {"document": changes["document"], "version": changes["to"], "clauses": out}
