"""Every diagnostic code ``tmad check`` can report, what it means, and whether a project may
declare it a justified exception (README.md, "Checks").

Codes raised while the sources are loaded (a file that cannot be read, a duplicate id, a
change that cannot apply, a reference to nothing) cannot be ignored: nothing can be built
past them. Every other code can be, on the command line (``--ignore``) or once for the
project (``checks:`` in ``clauses/document.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable

from tmad.errors import UsageError

CODES: dict[str, str] = {
    "S001": "a source cannot be read or parsed",
    "S002": "invalid metadata",
    "S003": "duplicate id",
    "S004": "unknown base version, or versions that form a cycle",
    "S005": "a change that cannot apply",
    "S006": "a paragraph label out of place or out of sequence",
    "S007": "a cross-reference [[id]] to nothing",
    "S008": "definitions not in alphabetical order",
    "S009": "a definition or footnote written so that it would be lost or shown literally",
    "R001": "a citation of this document that does not exist",
    "R002": "a reference by number to a clause since renumbered",
    "R003": "a citation of a paragraph that does not exist",
    "T001": "a capitalised phrase like a defined term that is not one",
    "T002": "a defined term never used where it applies",
    "T003": "a term defined twice where both definitions apply",
    "A001": "an abbreviation expanded two ways",
    "A002": "an abbreviation used before it is introduced",
    "D001": "a weekday that does not match its date",
    "D002": "a date that does not exist",
    "D003": "a stray or doubled month or year word",
    "D004": "a publication's dates out of their declared sequence",
    "D005": "a date not written in house style",
    "P001": "a proof-reading finding (spelling or grammar)",
    "X001": "a repeated word",
    "X002": "unbalanced brackets or quotation marks",
    "X003": "a parameter left unset, or a placeholder left in text",
    "X004": "a parameter declared but never used",
    "X005": "{{name}} names no parameter",
    "Q001": "a question id declared twice",
    "Q002": "{{question:ID}} names no question",
    "Q003": "{{attachment:ID}} names no attachment",
}
"""Code → what it reports, in the order the README lists them."""

UNIGNORABLE = frozenset({"S001", "S002", "S003", "S004", "S005", "S007"})
"""Codes found while loading: the sources cannot be built past them."""


def known(pattern: str) -> bool:
    """Whether a code or prefix ("D", "R00", "T002") names at least one code."""
    return bool(pattern) and any(code.startswith(pattern.upper()) for code in CODES)


def codes_named(patterns: Iterable[str], what: str) -> tuple[str, ...]:
    """The patterns, upper-cased; a UsageError naming any that matches no code."""
    out = tuple(p.strip().upper() for p in patterns)
    unknown = [p for p in out if not known(p)]
    if unknown:
        raise UsageError(
            f"{what} {', '.join(repr(p) for p in unknown)}: no such check code or prefix "
            f"(codes: {', '.join(CODES)}; 'tmad check --list' explains each)"
        )
    return out


def listing() -> str:
    """The codes, one a line, for ``tmad check --list``."""
    lines = []
    for code, meaning in CODES.items():
        mark = "" if code not in UNIGNORABLE else "  (cannot be ignored)"
        lines.append(f"{code}  {meaning}{mark}")
    return "\n".join(lines) + "\n"
