"""The DOCX writer of publication text: paragraphs, headings, lists, questions, footnotes and
the attachments table (shared by the consultation, the direction and the response form).

A leaf of :mod:`tmad.render`: it imports no renderer.
"""

from __future__ import annotations

from typing import assert_never

from docx.shared import Cm
from docx.text.paragraph import Paragraph

from tmad.publication.model import (
    AttachmentsTable,
    Block,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Placeholder,
    Publication,
    Question,
    Reference,
    Styled,
    Text,
    Value,
    plain_text,
)
from tmad.publication.model import (
    Paragraph as TextParagraph,
)
from tmad.render.wordml import (
    FastDocument,
    add_bookmark,
    add_hyperlink,
    add_run,
    field_runs,
    footnotes_of,
    highlight_last_run,
    shade_cell,
)


class Writer:
    """Writes publication blocks into a python-docx document."""

    def __init__(self, document: FastDocument, notes: tuple[Footnote, ...]) -> None:
        self.document = document
        self.notes = {note.number: note for note in notes}
        self.footnotes = footnotes_of(document)

    def bookmark(self, paragraph: Paragraph, anchor: str) -> None:
        add_bookmark(self.document, paragraph, anchor)

    def inlines(
        self,
        paragraph: Paragraph,
        children: tuple[Inline, ...],
        *,
        italic: bool = False,
        bold: bool = False,
    ) -> None:
        for node in children:
            match node:
                case Text():
                    add_run(paragraph, node.text, bold=bold, italic=italic)
                case Styled():
                    self.inlines(
                        paragraph,
                        node.children,
                        italic=italic or node.style == "em",
                        bold=bold or node.style == "strong",
                    )
                case Link():
                    add_hyperlink(paragraph, node.href, plain_text(node.children))
                case Reference() if node.href:
                    add_hyperlink(paragraph, node.href, node.text)
                case Reference():
                    add_run(paragraph, node.text, bold=bold, italic=italic)
                case LineBreak():
                    add_run(paragraph, "", line_break=True)
                case Placeholder():
                    add_run(paragraph, node.text, bold=bold, italic=italic)
                    highlight_last_run(paragraph)
                case FootnoteRef():
                    note = self.footnotes.add(paragraph, node.number)
                    self.inlines(note, self.notes[node.number].children)
                case Value():  # resolved before rendering: a value is text by now
                    raise AssertionError(f"unresolved value {node.name!r}")
                case _:
                    assert_never(node)

    def blocks(self, blocks: tuple[Block, ...], level: int = 0, italic: bool = False) -> None:
        for block in blocks:
            match block:
                case TextParagraph():
                    style = "Normal" if level == 0 else f"TMAD List Text {min(level, 3)}"
                    paragraph = self.document.add_paragraph(style=style)
                    self.inlines(paragraph, block.children, italic=italic)
                case Heading():
                    self.heading(block)
                case ListBlock():
                    self.list(block, level)
                case Question():
                    self.question(block)
                case AttachmentsTable():
                    self.attachments_table()
                case _:
                    assert_never(block)

    def heading(self, block: Heading) -> None:
        paragraph = self.document.add_paragraph(style=f"Heading {block.level}")
        if block.number:
            add_run(paragraph, f"{block.number}. ")
        self.inlines(paragraph, block.children)
        self.bookmark(paragraph, block.anchor)

    def list(self, block: ListBlock, level: int) -> None:
        depth = min(level + 1, 3)
        for item in block.items:
            first, *rest = item.blocks or (TextParagraph(()),)
            if block.kind == "bullet":
                paragraph = self.document.add_paragraph(
                    style="List Bullet" if depth == 1 else f"List Bullet {depth}"
                )
            else:
                paragraph = self.document.add_paragraph(style=f"TMAD List {depth}")
                add_run(paragraph, item.label)
                add_run(paragraph, "", tab=True)
            if isinstance(first, TextParagraph):
                self.inlines(paragraph, first.children)
            else:
                self.blocks((first,), level + 1)
            self.blocks(tuple(rest), level + 1)

    def question(self, block: Question) -> None:
        table = self.document.add_table(rows=1, cols=1)
        self.document.table_grid(table)
        cell = table.rows[0].cells[0]
        shade_cell(cell, "EEF3F8")
        label = cell.paragraphs[0]
        label.style = self.document.styles["Heading 3"]
        add_run(label, block.label)
        self.bookmark(label, block.anchor)
        for paragraph in block.paragraphs:
            text = cell.add_paragraph(style="Normal")
            self.inlines(text, paragraph.children)
        self.document.add_paragraph(style="TMAD Spacer")

    def attachments_table(self, publication: Publication | None = None) -> None:
        publication = publication or self.publication
        table = self.document.add_table(rows=1, cols=2)
        self.document.table_grid(table)
        for cell, text in zip(table.rows[0].cells, ("Attachment", "Title"), strict=True):
            cell.paragraphs[0]._p.style = self.document.style_id("TMAD Table")
            add_run(cell.paragraphs[0], text, bold=True)
            shade_cell(cell, "F3F2F1")
        for attachment in publication.attachments:
            number, title = table.add_row().cells
            number.paragraphs[0]._p.style = self.document.style_id("TMAD Table")
            add_run(number.paragraphs[0], str(attachment.number))
            title.paragraphs[0]._p.style = self.document.style_id("TMAD Table")
            add_run(title.paragraphs[0], attachment.title)
            if attachment.note_mark:
                add_run(title.paragraphs[0], " ")
                add_hyperlink(
                    title.paragraphs[0],
                    f"#table-note-{attachment.note_mark}",
                    attachment.note_mark,
                    superscript=True,
                )
        for column, width in zip(table.columns, (Cm(3), Cm(11)), strict=True):
            for cell in column.cells:
                cell.width = width
        caption = self.document.add_paragraph(style="TMAD Caption")
        add_run(caption, "Table 1 - Attachments", bold=True)
        for attachment in publication.attachments:
            if attachment.note_mark:
                note = self.document.add_paragraph(style="TMAD Table Note")
                self.bookmark(note, f"table-note-{attachment.note_mark}")
                add_run(note, attachment.note_mark, superscript=True)
                add_run(note, " ")
                self.inlines(note, attachment.note)

    publication: Publication


def contents(writer: Writer, entries: list[tuple[str, str]]) -> None:
    """A table of contents field with its entries already filled in: one hyperlink per
    section and no page numbers (``\\n``), which depend on the reader's own pagination. The
    cached entries are therefore the field's whole result: nothing for Word to refresh, so
    no "update fields?" prompt, and the same contents in Word and LibreOffice."""
    document = writer.document
    document.add_paragraph("Table of Contents", style="TOC Heading")
    for index, (anchor, text) in enumerate(entries):
        paragraph = document.add_paragraph(style="TMAD TOC")
        if index == 0:
            field_runs(paragraph, 'TOC \\o "1-1" \\h \\n \\u', "begin")
            field_runs(paragraph, "", "separate")
        add_hyperlink(paragraph, f"#{anchor}", text)
        if index == len(entries) - 1:
            field_runs(paragraph, "", "end")
