"""The model of a publication: a consultation, a draft direction, a response template.

A publication is metadata, typed parameters (dates, text) and Markdown sections
parsed once into this tree of frozen blocks and inlines. Every renderer (HTML,
PDF, DOCX) walks the same tree; none re-reads Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, assert_never

from tmad.errors import Location
from tmad.labels import format_ordinal

# --- inlines -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain words."""

    text: str
    """The characters."""


@dataclass(frozen=True, slots=True)
class Styled:
    """Emphasised or strong words."""

    style: Literal["em", "strong"]
    """Italic (em) or bold (strong)."""
    children: tuple[Inline, ...]
    """What is styled."""


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink (web, mail, or another product of the build)."""

    href: str
    """The target: an http(s) or mailto URL, or a path relative to the product's folder."""
    children: tuple[Inline, ...]
    """The link text."""


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break."""


@dataclass(frozen=True, slots=True)
class Value:
    """``{{name}}`` or ``{{name:style}}``: a parameter, rendered by the resolve stage."""

    name: str
    """The parameter (or ``question:id``, ``attachment:id``)."""
    style: str
    """How to render it: "" (house default), "long", "weekday", "short"."""
    location: Location | None = field(default=None, compare=False)
    """Where it is written."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """Text still to be decided, shown highlighted: an unset parameter or a literal [XX]."""

    text: str
    """What is shown ("[DD MMM YYYY]")."""
    name: str
    """The parameter it stands for ("" for a placeholder typed in the text)."""
    location: Location | None = field(default=None, compare=False)
    """Where it is written."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A resolved reference: "Clause 4.26", "Firmware Q1", "Attachment 1", "AL 5.0"."""

    text: str
    """What is shown."""
    href: str
    """Where it links: "#anchor" within the product or a path to another product."""


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote mark."""

    number: int
    """The footnote's number in the publication."""
    anchor: str
    """The footnote's fragment id (the reference's own is ``anchor + '-ref'``)."""


Inline = Text | Styled | Link | LineBreak | Value | Placeholder | Reference | FootnoteRef

# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph."""

    children: tuple[Inline, ...]
    """Its inline content."""
    location: Location | None = field(default=None, compare=False)
    """Where it starts."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list."""

    label: str
    """The marker shown: "a)", "1.", or "" for a bullet."""
    blocks: tuple[Block, ...]
    """The item's content (paragraphs and nested lists)."""


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted, numbered or lettered list."""

    kind: Literal["bullet", "number", "letter"]
    """Bullets, "1." numbers, or "a)" letters (written "1)" in Markdown)."""
    items: tuple[ListItem, ...]
    """The items."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading inside a publication."""

    level: int
    """1 for a numbered section, 2 and deeper for sub-headings."""
    number: str
    """"3" for a numbered section, "" otherwise."""
    children: tuple[Inline, ...]
    """The heading text."""
    anchor: str
    """Fragment id."""
    location: Location | None = field(default=None, compare=False)
    """Where it is written."""


@dataclass(frozen=True, slots=True)
class Question:
    """A consultation question, declared once where it stands and numbered automatically."""

    id: str
    """Stable id ("early-firmware"), used by the response template and returned forms."""
    prefix: str
    """The short prefix ("Firmware")."""
    number: int
    """Its number in the publication (1-based), set by the resolve stage."""
    paragraphs: tuple[Paragraph, ...]
    """The question's text."""
    location: Location | None = field(default=None, compare=False)
    """Where it is declared."""

    @property
    def label(self) -> str:
        """ "Firmware Q1"."""
        return f"{self.prefix} Q{self.number}"

    @property
    def anchor(self) -> str:
        """Fragment id."""
        return f"question-{self.id}"


@dataclass(frozen=True, slots=True)
class AttachmentsTable:
    """Where the attachments table stands (its rows come from the publication's metadata)."""

    location: Location | None = field(default=None, compare=False)
    """Where it is placed."""


Block = Paragraph | ListBlock | Heading | Question | AttachmentsTable

# --- publication -------------------------------------------------------------------------


ParameterType = Literal["date", "datetime", "text"]
"""What a parameter holds."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named value the text refers to: a date, a date and time, or text."""

    name: str
    """The name used in ``{{name}}``."""
    type: ParameterType
    """How it is parsed and rendered."""
    value: dt.date | dt.datetime | str | None
    """The value; None while unset."""
    placeholder: str
    """What an unset value shows ("[DD MMM YYYY]", "[XX]")."""
    location: Location | None = field(default=None, compare=False)
    """Where it is declared (or "command line" when set by --set)."""


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: numbered by first reference."""

    number: int
    """Its number."""
    anchor: str
    """Fragment id."""
    children: tuple[Inline, ...]
    """Its text."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """Something attached to a consultation: a product of the build or an external document."""

    id: str
    """Stable id, used in ``{{attachment:id}}``."""
    number: int
    """Its number, from its place in the list."""
    title: str
    """The title shown in the attachments table."""
    product: tuple[str, ...]
    """("direction",), ("response-template",), ("redline", "5.1", "5.2"), or () for external."""
    href: str
    """Where the attachment is (a build output relative to the consultation, or a URL)."""
    note: tuple[Inline, ...]
    """Footnote text for the table row (empty for none)."""
    note_number: int
    """The table note's number among the table's notes (0 for none)."""
    include: bool
    """Whether the attachment's text is printed at the end of the consultation."""
    intro: tuple[Inline, ...]
    """The sentence introducing an included attachment."""
    location: Location | None = field(default=None, compare=False)
    """Where it is declared."""

    @property
    def note_mark(self) -> str:
        """The table note's mark, a letter ("a", "b", …) so that it never reads as one of the
        document's numbered footnotes; "" for none."""
        return format_ordinal("a", self.note_number) if self.note_number else ""


@dataclass(frozen=True, slots=True)
class Part:
    """A Markdown source of a publication (the consultation body, the direction text)."""

    title: str
    """The part's title (from its front matter)."""
    blocks: tuple[Block, ...]
    """Its content."""
    footnotes: tuple[Footnote, ...]
    """Its footnotes, in number order."""
    source: str
    """The file, relative to the project root."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One consultation and its companion products."""

    id: str
    """Directory name under publications/ ("early-firmware")."""
    title: str
    """ "SMETS1 Consultation on Early Firmware Updates"."""
    subtitle: str
    """The line under the title."""
    file_name: str
    """House file name of the consultation ("Early_Firmware_Consultation_issued")."""
    author: str
    """The author line (DCC uses its consultations mailbox)."""
    owner: str
    """The organisation publishing it."""
    classification: str
    """Security marking on every page."""
    language: str
    """BCP 47 tag."""
    document: str
    """The id of the versioned document it concerns ("tmad")."""
    base: str
    """The version its text speaks of ("Clause 4.26" resolves against it)."""
    proposed: str
    """The version it proposes."""
    question_prefix: str
    """Default prefix of its questions."""
    issued: str
    """The parameter holding the issue date."""
    respond_by: str
    """The parameter holding the response deadline."""
    contact: str
    """Where responses go (an email address)."""
    sequence: tuple[str, ...]
    """Parameters that must fall in this order (issue < respond-by < ...)."""
    parameters: tuple[Parameter, ...]
    """Every parameter, in declaration order."""
    attachments: tuple[Attachment, ...]
    """Attachments, numbered in order."""
    consultation: Part
    """The consultation document's text."""
    direction: Part | None
    """The draft direction's text, if the publication has one."""
    sources: tuple[str, ...]
    """Every file read."""
    location: Location | None = field(default=None, compare=False)
    """The metadata file."""

    def parameter(self, name: str) -> Parameter | None:
        """A parameter by name."""
        return next((p for p in self.parameters if p.name == name), None)

    def questions(self) -> tuple[Question, ...]:
        """Every question, in order."""
        return tuple(b for b in walk_blocks(self.consultation.blocks) if isinstance(b, Question))


# --- walking the tree --------------------------------------------------------------------


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, each before those inside it (a list's items' blocks, a
    question's paragraphs). The match names every kind of block: mypy reports a new one."""
    for block in blocks:
        yield block
        match block:
            case ListBlock():
                for item in block.items:
                    yield from walk_blocks(item.blocks)
            case Question():
                yield from block.paragraphs
            case Paragraph() | Heading() | AttachmentsTable():
                pass
            case _:
                assert_never(block)


def walk_inlines(children: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline in reading order, each before those inside it (emphasis, a link)."""
    for node in children:
        yield node
        match node:
            case Styled() | Link():
                yield from walk_inlines(node.children)
            case Text() | LineBreak() | Value() | Placeholder() | Reference() | FootnoteRef():
                pass
            case _:
                assert_never(node)


def own_inlines(block: Block) -> tuple[Inline, ...]:
    """A block's own inline content (a paragraph's, a heading's); none for the others."""
    return block.children if isinstance(block, Paragraph | Heading) else ()


def plain_text(children: tuple[Inline, ...]) -> str:
    """Inline content as the words a reader sees: line breaks as newlines, no footnote marks."""
    out = []
    for node in walk_inlines(children):
        if isinstance(node, Text | Placeholder | Reference):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)
