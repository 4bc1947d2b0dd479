"""Text: repeated words, unbalanced brackets and quotes, placeholders, unused parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tmad.checks import Diagnostic, Severity
from tmad.checks.context import CheckContext
from tmad.errors import Location
from tmad.publication.model import (
    Inline,
    Placeholder,
    Value,
    own_inlines,
    walk_blocks,
    walk_inlines,
)
from tmad.publication.resolve import PLACEHOLDER

REPEATED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
PAIRS = (("(", ")"), ("[", "]"), ("“", "”"))


def repeated_words(context: CheckContext) -> Iterator[Diagnostic]:
    """X001 (warning): a word written twice in a row ("the the")."""
    for unit in context.units():
        for match in REPEATED.finditer(unit.text):
            if match.group(1).isdigit():
                continue
            yield Diagnostic(
                "X001", "warning",
                f"repeated word: '{match.group(0)}'",
                context.locator.find(unit.location, match.group(0)),
            )  # fmt: skip


def balance(context: CheckContext) -> Iterator[Diagnostic]:
    """X002: brackets and quotation marks open and close in the same paragraph.

    A closing bracket with nothing open after a list marker ("steps a) or b)") is
    the marker's, not an error.
    """
    for unit in context.units():
        text = unit.text
        for opening, closing in PAIRS:
            depth = 0
            for index, char in enumerate(text):
                if char == opening:
                    depth += 1
                elif char == closing:
                    if depth == 0 and not _enumerator_before(text, index):
                        depth = -1
                        break
                    depth = max(depth - 1, 0)
            if depth:
                yield Diagnostic(
                    "X002", "error",
                    f"unbalanced '{opening}' and '{closing}' in this paragraph",
                    unit.location,
                )  # fmt: skip
        if text.count('"') % 2:
            yield Diagnostic(
                "X002", "error", "an odd number of '\"' quotation marks in this paragraph",
                unit.location,
            )  # fmt: skip


def _enumerator_before(text: str, index: int) -> bool:
    """Whether the ')' at ``index`` ends a list marker such as "a)" or "2)"."""
    start = index
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    marker = text[start:index]
    return 0 < len(marker) <= 2 and (start == 0 or not text[start - 1].isalnum())


def placeholders(context: CheckContext) -> Iterator[Diagnostic]:
    """X003: a parameter left unset or a placeholder left in text (an error with --final)."""
    severity: Severity = "error" if context.final else "warning"
    hint = "" if context.final else " (an error with --final)"
    for unit in context.clause_units():
        for match in PLACEHOLDER.finditer(unit.text):
            yield Diagnostic(
                "X003", severity, f"placeholder {match.group(0)} left in the text{hint}",
                context.locator.find(unit.location, match.group(0)),
            )  # fmt: skip
    seen: set[tuple] = set()
    for unit in context.publication_units():
        for node in _placeholders(unit.inlines):
            where = node.location or unit.location
            if node.name:
                where = context.locator.find(where, "{{" + node.name)
                message = f"parameter '{node.name}' is unset: it shows as {node.text}{hint}"
            else:
                where = context.locator.find(where, node.text)
                message = f"placeholder {node.text} left in the text{hint}"
            key = (where, message)
            if key not in seen:
                seen.add(key)
                yield Diagnostic("X003", severity, message, where)


def _placeholders(children: tuple[Inline, ...]) -> Iterator[Placeholder]:
    return (node for node in walk_inlines(children) if isinstance(node, Placeholder))


def unused_parameters(context: CheckContext) -> Iterator[Diagnostic]:
    """X004 (warning): a parameter declared but never used."""
    always = {"issued", "respond_by", "document_name", "appendix", "annex_form"}
    for publication in context.project.publications:
        parts = [publication.consultation]
        if publication.direction is not None:
            parts.append(publication.direction)
        texts = [own_inlines(block) for part in parts for block in walk_blocks(part.blocks)]
        texts += [note.children for part in parts for note in part.footnotes]
        texts += [text for a in publication.attachments for text in (a.note, a.intro)]
        used = {
            node.name for text in texts for node in walk_inlines(text) if isinstance(node, Value)
        }
        if publication.direction is not None:
            used.add("annex")  # the direction's annex heading shows it
        for parameter in publication.parameters:
            if parameter.name not in used and parameter.name not in always:
                yield Diagnostic(
                    "X004", "warning",
                    f"parameter '{parameter.name}' is declared but never used",
                    parameter.location or Location(publication.sources[0]),
                )  # fmt: skip
