"""The immutable document model of a versioned legal document.

Terms follow the work / expression / manifestation split of legislative XML:
a :class:`Document` (the TMAD) is the work; each :class:`Version` records what
it changes against its base; an :class:`Edition` is one version's consolidated,
numbered text (the expression); rendered files are manifestations and live in
``build/``. Every value is a frozen dataclass; stages return new values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from tmad.errors import Location
from tmad.scheme import DEFAULT, Scheme

Status = Literal["draft", "consulted", "concluded", "designated"]
"""A version's status."""

STATUSES: tuple[Status, ...] = ("draft", "consulted", "concluded", "designated")
"""Version statuses, in the order a version moves through them."""

Action = Literal["replace", "insert", "delete", "move", "amend"]
"""What a change in ``changes.md`` does."""


TableRow = Literal["", "head", "row"]
"""What a block is in a table: not in one, a header row, or a row."""

CELL_SEPARATOR = " | "
"""Between the cells of a table row's text. A ``|`` that is a word of its own separates
cells; one within a cell is written ``\\|``."""

CELL_BREAK = re.compile(r"\s*(?<!\S)\|(?!\S)\s*")
"""Where a row's text breaks into cells: a ``|`` standing alone as a word, with the spaces
around it."""

_LONE_PIPE = re.compile(r"(?<!\S)\|(?!\S)")

NOTE_LABEL = r"[A-Za-z0-9-]{1,16}"
"""A footnote's label: letters, digits and hyphens."""

NOTE_REFERENCE = re.compile(rf"\[\^({NOTE_LABEL})\]")
"""Where a paragraph refers to a footnote of its clause: ``[^1]``, ``[^fees]``."""

NOTE_LINE = re.compile(rf"\[\^({NOTE_LABEL})\]:[ \t]+(.*)\Z")
"""A footnote as the source writes it: ``[^1]: the note's words``."""


def split_cells(text: str) -> tuple[str, ...]:
    """The cells of a row's text: split at each ``|`` standing alone as a word."""
    return tuple(CELL_BREAK.split(text))


def join_cells(cells: Sequence[str]) -> str:
    """A row's text from its cells (each with any ``|`` of its own escaped)."""
    return CELL_SEPARATOR.join(cells)


def escape_cell(text: str) -> str:
    """A cell's words as a row's text holds them: a ``|`` standing alone escaped ``\\|``."""
    return _LONE_PIPE.sub(r"\\|", text)


def shown_cell(cell: str) -> str:
    """A cell as printed: ``\\|`` (a '|' within a cell) as '|'."""
    return cell.replace("\\|", "|")


def note_pieces(text: str) -> list[tuple[str, str]]:
    """Text cut at its footnote references: ``(words, "")`` pieces and, for each reference,
    ``("[^1]", "1")`` (the reference as written, and its label)."""
    if "[^" not in text:  # most text refers to no note
        return [(text, "")]
    pieces = []
    last = 0
    for match in NOTE_REFERENCE.finditer(text):
        pieces += [(text[last : match.start()], ""), (match.group(0), match.group(1))]
        last = match.end()
    pieces.append((text[last:], ""))
    return pieces


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a clause body.

    The body of a clause is a flat sequence of blocks in reading order; the tree of
    paragraphs and sub-paragraphs is given by ``level`` (a paragraph's parent is the
    nearest block before it with a lower level), to any depth.
    """

    level: int
    """Depth in the clause: 0 for clause-level text, 1 for (a), 2 for a paragraph under
    (a), and so on (the indentation of the source, four spaces a level)."""
    label: str = ""
    """The label without brackets ("a", "ii", "c-1", "9A"), or "" for an unlabelled
    paragraph."""
    text: str = ""
    """The words, as written; ``[[id]]`` marks a reference until references are resolved.
    Empty for a label that stands alone above its sub-paragraphs ("(a)" then "(1) …")."""
    term: str = ""
    """For a definition, the defined term ("Dormant Meter"); ``text`` then holds its meaning."""
    kind: str = ""
    """For a labelled paragraph, its level in the document's numbering scheme
    ("subsection"); "" for an unlabelled paragraph, or a label no level accepts."""
    quote: int = 0
    """How deep the paragraph is in quoted structure: 0 for the document's own text, 1 for a
    paragraph quoted for insertion elsewhere (an amending provision's ``>`` lines)."""
    table: TableRow = field(default="", kw_only=True)
    """For a row of a table: "head" (a header row) or "row"; "" for a paragraph. A row's
    ``text`` is its cells joined by ``" | "`` (:data:`CELL_SEPARATOR`), so that every stage
    that reads words (references, definitions, the word diff) reads a row as it reads a
    paragraph; consecutive rows at one level make one table."""
    note: str = field(default="", kw_only=True)
    """For a footnote (``[^1]: …`` in the source), its label; ``text`` is the note's words,
    and a paragraph of the same clause refers to it with ``[^1]``. Notes are numbered in the
    order they are referred to, through the document."""
    location: Location | None = field(default=None, compare=False)
    """Where the block starts in its source file."""

    @property
    def is_definition(self) -> bool:
        """Whether the block defines a term."""
        return bool(self.term)

    def cells(self) -> tuple[str, ...]:
        """A table row's cells, as written (a ``|`` within a cell stays escaped ``\\|``)."""
        return split_cells(self.text)

    def plain(self) -> str:
        """The block as one line of plain text, with its label or term (a note as its
        source line, ``[^1]: …``)."""
        if self.note:
            return f"[^{self.note}]: {self.text}"
        parts = []
        if self.label:
            parts.append(f"({self.label})")
        if self.term:
            parts.append(self.term)
        if self.text:
            parts.append(self.text)
        return " ".join(parts)


class Placed(Protocol):
    """A paragraph's place, as a clause body and a marked (redline) body both give it."""

    @property
    def level(self) -> int: ...
    @property
    def quote(self) -> int: ...
    @property
    def table(self) -> str: ...


def same_table(before: Placed | None, block: Placed | None) -> bool:
    """Whether two paragraphs, one after the other, are rows of one table: both rows, at
    one level and quotation depth."""
    if before is None or block is None or not (before.table and block.table):
        return False
    return (before.level, before.quote) == (block.level, block.quote)


@dataclass(frozen=True, slots=True)
class Clause:
    """A unit: the numbered provision of identity, alignment and cross-reference.

    It is the last heading level of the document's numbering scheme: the TMAD's clause,
    a US code's section, an SI's regulation.
    """

    id: str
    """Stable identity that survives renumbering and moves (like an Akoma Ntoso eId)."""
    heading: str
    """The heading, without its number ("" where the scheme lets a unit have none)."""
    body: tuple[Block, ...]
    """The paragraphs of the clause, in order."""
    number: str = ""
    """Its number ("4.26", "34-1501"): written in the source where the scheme fixes numbers,
    else empty until the numbering stage runs."""
    location: Location | None = field(default=None, compare=False)
    """Where the clause was last written (its base text or the change that replaced it)."""

    def plain(self) -> str:
        """The body as plain text, one paragraph a line, with paragraph labels."""
        return "\n".join(block.plain() for block in self.body)


@dataclass(frozen=True, slots=True)
class Section:
    """A container (part, chapter, the TMAD's section) and the clauses directly in it.

    Containers nest: an edition's sections are a flat sequence in reading order, each
    at its ``level`` of the numbering scheme, and a container's parent is the nearest
    section before it at an outer level (as a paragraph's parent is found). Clauses
    before any container heading stand in a *root* section, with id, heading and level
    all "", that no renderer shows.
    """

    id: str
    """Stable identity of the section ("" for the root)."""
    heading: str
    """The heading, without its number."""
    clauses: tuple[Clause, ...]
    """The clauses directly in this container, in order."""
    number: str = ""
    """Its number ("4", "II"): written in the source where the scheme fixes numbers, else
    empty until the numbering stage runs."""
    location: Location | None = field(default=None, compare=False)
    """Where the section heading was last written."""
    level: str = "section"
    """Its level in the numbering scheme ("part", "chapter"); "" for the root."""

    @property
    def is_root(self) -> bool:
        """Whether this is the unheaded root holding clauses before any container."""
        return not self.id


@dataclass(frozen=True, slots=True)
class Position:
    """Where an inserted or moved clause or section goes."""

    relation: Literal["after", "before"]
    """Whether it goes after or before the anchor."""
    anchor: str
    """The id of a clause or section; a clause "after" a section goes first in it."""


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a version changes against its base, applied in source order."""

    action: Action
    """What happens: replace the text, insert a new one, delete, move (optionally replacing),
    or amend a definitions clause (insert or replace the definitions given, by term)."""
    target: Literal["section", "clause"]
    """Whether the change is aimed at a section or a clause."""
    id: str
    """The id of the section or clause changed (or inserted)."""
    position: Position | None = None
    """Where an inserted or moved item goes."""
    heading: str | None = None
    """The new heading; None when unchanged (a plain move)."""
    body: tuple[Block, ...] | None = None
    """The new body of a clause; None when unchanged."""
    location: Location | None = field(default=None, compare=False)
    """Where the change is written."""
    level: str = ""
    """The level in the numbering scheme of what is changed ("chapter", "clause")."""
    number: str = ""
    """A number written with ``num=`` (fixed levels only): the number an inserted item
    takes, or the new number of one renumbered; "" to keep it or compute it."""
    reason: str = ""
    """Why the drafter made the change (a ``Reason:`` paragraph), or ""."""


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a document: its metadata and what it records."""

    number: str
    """Version number as written ("5.2")."""
    base: str | None
    """The version it amends; None for a version that holds its full text."""
    status: Status
    """Where the version is in its life: draft, consulted, concluded or designated."""
    date: dt.date
    """The date the version's text was fixed; revision marks of its changes carry it."""
    title: str
    """The title of the change it carries ("MOC (Secure) conclusion")."""
    author: str
    """Who made the change; revision marks carry it."""
    consultation: str | None
    """The id of the consultation the version belongs to, if any."""
    milestones: tuple[tuple[str, dt.date], ...]
    """Named dates (consulted, concluded, designated, ...) in source order."""
    sections: tuple[Section, ...] | None
    """The full text, for a version without a base."""
    changes: tuple[Change, ...]
    """What the version changes against its base, in order."""
    sources: tuple[str, ...]
    """The files this version was read from, relative to the project root."""
    location: Location | None = field(default=None, compare=False)
    """The version's metadata file."""

    def reasons(self) -> dict[str, str]:
        """The drafter's reason for each changed container or clause, by id."""
        out: dict[str, str] = {}
        for change in self.changes:
            if change.reason:
                out[change.id] = (
                    f"{out[change.id]} {change.reason}" if change.id in out else change.reason
                )
        return out

    def milestone(self, name: str) -> dt.date | None:
        """The date of a named milestone, or None."""
        return next((date for key, date in self.milestones if key == name), None)


@dataclass(frozen=True, slots=True)
class Document:
    """A versioned legal document (the work): its metadata and all its versions."""

    id: str
    """Short identifier, also the directory name under ``clauses/`` ("tmad")."""
    title: str
    """Full title."""
    short_title: str
    """Abbreviated title used in running heads ("TMAD")."""
    code: str
    """The code the document is part of ("Smart Energy Code")."""
    appendix: str
    """Its appendix letter in that code ("AL")."""
    owner: str
    """The organisation responsible for the text."""
    classification: str
    """Security marking printed on every page ("DCC Public")."""
    language: str
    """BCP 47 language tag ("en-GB")."""
    notice: str
    """A notice printed with every edition (e.g. that the text is illustrative)."""
    versions: tuple[Version, ...]
    """All versions, each after its base."""
    chains: tuple[tuple[str, ...], ...]
    """Chains of versions to publish as one multi-step redline ("5.1", "5.2", "5.3")."""
    sources: tuple[str, ...]
    """The document's own metadata files."""
    location: Location | None = field(default=None, compare=False)
    """The document's metadata file."""
    scheme: Scheme = DEFAULT
    """How the document is structured and numbered (the TMAD's scheme unless declared)."""

    def version(self, number: str) -> Version:
        """The version with this number; KeyError when there is none."""
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(number)

    def lineage(self, number: str) -> tuple[Version, ...]:
        """The version and its bases, oldest first."""
        chain: list[Version] = []
        current: str | None = number
        while current is not None:
            version = self.version(current)
            chain.append(version)
            current = version.base
        return tuple(reversed(chain))


@dataclass(frozen=True, slots=True)
class Edition:
    """One version's consolidated text: every section and clause, in order."""

    document: Document
    """The document this is an edition of."""
    version: Version
    """The version consolidated."""
    sections: tuple[Section, ...]
    """The full text."""
    sources: tuple[str, ...]
    """Every file the text was consolidated from."""

    def clauses(self) -> tuple[Clause, ...]:
        """All clauses in document order."""
        return tuple(clause for section in self.sections for clause in section.clauses)

    def clause(self, key: str) -> Clause:
        """The clause with this id or display number; KeyError when there is none."""
        for clause in self.clauses():
            if key in (clause.id, clause.number):
                return clause
        raise KeyError(key)

    def section_of(self, clause_id: str) -> Section:
        """The section holding a clause."""
        for section in self.sections:
            if any(clause.id == clause_id for clause in section.clauses):
                return section
        raise KeyError(clause_id)

    @property
    def label(self) -> str:
        """How the edition is named in running heads ("TMAD v5.2")."""
        return f"{self.document.short_title} v{self.version.number}"
