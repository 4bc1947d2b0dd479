"""What checks read: the loaded project, every text unit with its location, a column finder.

A text unit is one paragraph, heading or note as it will be published (clause
text as written, publication text with values filled in). Checks report the
unit's file and line; :meth:`Locator.find` narrows that to the line and column
of a quoted snippet by searching the source lines from the unit's first line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tmad.citations import amends_another
from tmad.errors import Location
from tmad.model import Edition
from tmad.project import Project
from tmad.publication.model import (
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Publication,
    Question,
    plain_text,
)

SEARCH_LINES = 60
"""How far below a unit's first line a snippet is looked for."""


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One piece of text as published, with where it is written."""

    text: str
    """The words."""
    location: Location
    """The file and first line."""
    origin: Literal["clause", "heading", "publication"]
    """Clause text (as written), a clause heading, or publication text (values filled in)."""
    scope: str
    """What the text belongs to: "tmad 5.2" or a publication id."""
    inlines: tuple[Inline, ...] = ()
    """For publication text, its inlines (placeholders are marked there)."""
    clause: str | None = None
    """For clause text, the id of the clause it stands in."""
    quoted: bool = False
    """Whether the text is quoted structure, to be inserted in another text, or stands in a
    provision amending another instrument (whose citations are of that instrument)."""


@dataclass
class Locator:
    """Finds the line and column of a snippet in a source file (files read once)."""

    root: Path
    lines: dict[str, list[str]] = field(default_factory=dict)

    def find(self, where: Location, snippet: str) -> Location:
        """The location of ``snippet`` at or below ``where`` (``where`` when not found)."""
        if not where.path or not where.line:
            return where
        if where.path not in self.lines:
            try:
                text = (self.root / where.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.lines[where.path] = text.split("\n")
        lines = self.lines[where.path]
        probe = snippet.split()[0] if snippet.split() else snippet
        for candidate in (snippet, probe):
            for index in range(where.line - 1, min(len(lines), where.line - 1 + SEARCH_LINES)):
                col = lines[index].find(candidate)
                if col >= 0:
                    return Location(where.path, index + 1, col + 1)
        return where


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check reads."""

    project: Project
    """The loaded project (editions that failed to consolidate are absent)."""
    written: dict[str, Edition]
    """Each version's text as written: numbered, ``[[id]]`` references not yet resolved."""
    publications: tuple[Publication, ...]
    """Publications resolved for checking (values filled in)."""
    final: bool
    """Whether placeholders and unset parameters are errors (``--final``)."""
    locator: Locator
    """Finds columns."""

    def clause_units(self, every_version: bool = False) -> Iterator[TextUnit]:
        """Every clause paragraph and heading of every version, each source place once (or,
        with ``every_version``, once in each version it stands in)."""
        seen: set[tuple[Location | None, str]] = set()
        for number, edition in self.written.items():
            if every_version:
                seen = set()
            scope = f"{edition.document.id} {number}"
            for clause in edition.clauses():
                elsewhere = amends_another(clause)
                key = (clause.location, "h:" + clause.heading)
                if key not in seen and clause.location is not None:
                    seen.add(key)
                    yield TextUnit(
                        clause.heading, clause.location, "heading", scope, clause=clause.id
                    )
                for block in clause.body:
                    text = f"{block.term} {block.text}" if block.term else block.text
                    key = (block.location, text)
                    if key in seen or block.location is None:
                        continue
                    seen.add(key)
                    yield TextUnit(
                        text,
                        block.location,
                        "clause",
                        scope,
                        clause=clause.id,
                        quoted=bool(block.quote) or elsewhere,
                    )

    def publication_units(self) -> Iterator[TextUnit]:
        """Every paragraph, heading, question, note and footnote of every publication."""
        for publication in self.publications:
            parts = [publication.consultation]
            if publication.direction is not None:
                parts.append(publication.direction)
            for part in parts:
                fallback = Location(part.source)
                yield from _block_units(part.blocks, publication.id, fallback)
                for note in part.footnotes:
                    yield TextUnit(
                        plain_text(note.children),
                        fallback,
                        "publication",
                        publication.id,
                        note.children,
                    )
            for attachment in publication.attachments:
                where = attachment.location or Location(publication.sources[0])
                for inlines in (attachment.note, attachment.intro):
                    if inlines:
                        yield TextUnit(
                            plain_text(inlines), where, "publication", publication.id, inlines
                        )

    def units(self) -> Iterator[TextUnit]:
        """All text units."""
        yield from self.clause_units()
        yield from self.publication_units()


def _block_units(blocks, scope: str, fallback: Location) -> Iterator[TextUnit]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            where = block.location or fallback
            yield TextUnit(plain_text(block.children), where, "publication", scope, block.children)
        elif isinstance(block, Question):
            for paragraph in block.paragraphs:
                where = paragraph.location or block.location or fallback
                yield TextUnit(
                    plain_text(paragraph.children), where, "publication", scope, paragraph.children
                )
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _block_units(item.blocks, scope, fallback)
