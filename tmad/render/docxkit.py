"""The DOCX kit: a styled document with running header and paged footer, its masthead, and a
version's text as Word headings and paragraphs (shared by versions, directions, schedules,
response forms and the collation).

Built with python-docx from the model, never converted from HTML; page set-up and styles
come from ``templates/docx-styles.yaml`` (:mod:`tmad.render.wordml`). A leaf of
:mod:`tmad.render`: it imports no renderer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from tmad.citations import linked_pieces
from tmad.model import Block, Edition, note_pieces
from tmad.render.oxml import make, put
from tmad.render.structure import edition_view
from tmad.render.wordml import (
    TAB,
    FastDocument,
    PlainRun,
    add_bookmark,
    add_field,
    add_run,
    apply_styles,
    document_of,
    fast,
    footnotes_of,
    internal_link,
    level_style,
    style_spec,
)


@cache
def _styled() -> bytes:
    """An empty document with the house styles, made once: applying the style sheet is most
    of the cost of a small document."""
    document = docx.Document()
    apply_styles(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def new_document(running: str, classification: str) -> FastDocument:
    """A styled, empty document with running header and paged footer."""
    document = fast(docx.Document(io.BytesIO(_styled())))
    page = style_spec()["page"]
    width = Mm(page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"])
    section = document.sections[0]
    for name in ("Header", "Footer"):
        document.styles[name].paragraph_format.tab_stops.clear_all()
    header = section.header.paragraphs[0]
    header._p.style = document.style_id("Header")
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    add_run(header, running)
    add_run(header, "", tab=True)
    add_run(header, classification, bold=True)
    footer = section.footer.paragraphs[0]
    footer._p.style = document.style_id("Footer")
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    add_run(footer, classification, bold=True)
    add_run(footer, "", tab=True)
    add_run(footer, "Page ")
    add_field(footer, "PAGE", "1")
    add_run(footer, " of ")
    add_field(footer, "NUMPAGES", "1")
    return document


def masthead(document: DocxDocument, classification: str, title: str, subtitle: str) -> None:
    """Classification, title and subtitle at the top of the first page."""
    document.add_paragraph(classification, style="TMAD Classification")
    document.add_paragraph(title, style="Title")
    document.add_paragraph(subtitle, style="Subtitle")


def meta_fields(document: FastDocument, fields: Iterable[tuple[str, str]]) -> None:
    """A title page's fields, one a line: the label in bold ("Status: "), then the value."""
    for label, value in fields:
        paragraph = document.add_paragraph(style="TMAD Meta")
        add_run(paragraph, f"{label}: ", bold=True)
        add_run(paragraph, value)


def block_style(document: FastDocument, level: int, term: bool) -> str:
    """The paragraph style of a block: a definition's, or its level's."""
    return "TMAD Definition" if term and not level else level_style(document, level)


def linked_text(
    paragraph: Paragraph, text: str, edition: Edition | None, notes: dict | None = None
) -> None:
    """Append clause text, its citations of the document (resolved in ``edition``) as
    links to their bookmarks; all plain when ``edition`` is None. A reference ``[^1]`` to
    one of the clause's ``notes`` (:func:`tmad.render.structure.clause_notes`) is a Word
    footnote holding the note's words."""
    for words, label in note_pieces(text) if notes else [(text, "")]:
        note = notes.get(label) if notes and label else None
        if note is not None:
            footnote = footnotes_of(document_of(paragraph)).add(paragraph, note["number"])
            linked_text(footnote, note["text"], edition)
            continue
        for piece, anchor in linked_pieces(words, edition):
            add_run(paragraph, piece, link=internal_link(paragraph, anchor) if anchor else None)


class RowTables:
    """Table rows of a clause body as Word tables: consecutive rows (``view["first"]`` to
    ``view["last"]``, :func:`tmad.render.structure.table_marks`) are one table, indented as
    the paragraphs of their level, its header rows repeated on each page, its columns as
    wide as their words need."""

    def __init__(self, document: FastDocument) -> None:
        self.document = document
        self.table: Table | None = None

    def row(self, view: dict, count: int) -> tuple[list[Paragraph], BaseOxmlElement]:
        """The paragraphs of a new row's ``count`` cells, and the row's ``w:trPr``."""
        block = view["block"]
        table = self.table
        if view["first"] or table is None:
            table = self.document.add_table(rows=0, cols=count)
            self.document.table_grid(table)
            table.autofit = False
            indent = style_spec()["level_style"]["indent_cm"] * block.level
            twips = str(round(Cm(indent).twips)) if indent else "0"
            put(table._tbl.tblPr, make("w:tblInd", {"w:w": twips, "w:type": "dxa"}))
            self.table = table
        row = table.add_row()
        properties = row._tr.get_or_add_trPr()
        if block.table == "head":
            put(properties, make("w:tblHeader"))
        style = self.document.style_id("TMAD Table")
        paragraphs = [cell.paragraphs[0] for cell in row.cells]
        for paragraph in paragraphs:
            paragraph._p.style = style
        if view["last"]:
            self._widths(table, block.level)
            self.table = None
        return paragraphs, properties

    @staticmethod
    def _widths(table: Table, level: int) -> None:
        """Columns shared out by the longest text in each (within limits)."""
        page = style_spec()["page"]
        indent = style_spec()["level_style"]["indent_cm"] * 10 * level
        width = page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"] - indent
        needs = [
            min(60, max(8, *(len(cell.text) for cell in column.cells))) for column in table.columns
        ]
        for column, need in zip(table.columns, needs, strict=True):
            share = Mm(width * need / sum(needs))
            for cell in column.cells:
                cell.width = share


def _plain_row(tables: RowTables, view: dict, edition: Edition | None) -> None:
    cells = view["cells"]
    paragraphs, _ = tables.row(view, len(cells))
    for index, (paragraph, cell) in enumerate(zip(paragraphs, cells, strict=True)):
        if index == 0 and view["open"]:
            add_run(paragraph, view["open"])
        linked_text(paragraph, cell, edition, view["notes"])
        if view["block"].table == "head":
            for run in paragraph._p.iter(qn("w:r")):
                put(run.get_or_add_rPr(), make("w:b"))
    if view["close"]:
        add_run(paragraphs[-1], view["close"])


def _plain_block(
    document: FastDocument, view: dict, edition: Edition | None, tables: RowTables
) -> None:
    block: Block = view["block"]
    if block.note:  # in a footnote, where it is referred to
        return
    if block.table:
        _plain_row(tables, view, None if block.quote else edition)
        return
    style = block_style(document, block.level, bool(block.term and not block.label))
    runs = _plain_runs(view, edition)
    if runs is not None:
        unlabelled = not block.label and block.level > 0
        if document.add_plain_paragraph(style, runs, first_line_zero=unlabelled) is not None:
            return
    paragraph = document.add_paragraph(style=style)
    if view["open"] and not block.label:
        add_run(paragraph, view["open"])
    if block.label:
        add_run(paragraph, f"{view['open']}({block.label})")
        add_run(paragraph, "", tab=True)
    elif block.level:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    if block.term:
        add_run(paragraph, block.term, bold=True)
    text = " " + block.text if block.term else block.text
    linked_text(paragraph, text, None if block.quote else edition, view["notes"])
    if view["close"]:
        add_run(paragraph, view["close"])


def _plain_runs(view: dict, edition: Edition | None) -> list[PlainRun] | None:
    """The runs :func:`_plain_block` writes one at a time, for a paragraph with no link and
    no footnote (most of them); None for the others."""
    block: Block = view["block"]
    text = " " + block.text if block.term else block.text
    if view["notes"] and "[^" in text:
        return None
    pieces = linked_pieces(text, None if block.quote else edition)
    if any(anchor for _, anchor in pieces):
        return None
    runs: list[PlainRun] = []
    if view["open"] and not block.label:
        runs.append((view["open"], False))
    if block.label:
        runs += [(f"{view['open']}({block.label})", False), TAB]
    if block.term:
        runs.append((block.term, True))
    runs += [(piece, False) for piece, _ in pieces]
    if view["close"]:
        runs.append((view["close"], False))
    return runs


def _number(before: str, number: str, after: str) -> str:
    return f"{before}{number}{after}"


def edition_body(document: FastDocument, edition: Edition, top: int = 1) -> None:
    """A version's containers and clauses as Word headings (outline levels), each a
    bookmark, and paragraphs whose citations link to them."""
    for view in edition_view(edition, top):
        section = view["section"]
        if view["shown"]:
            heading = document.add_paragraph(style=f"Heading {view['rank']}")
            add_bookmark(document, heading, view["anchor"])
            add_run(heading, _number(view["before"], section.number, view["after"]))
            add_run(heading, "", tab=True)
            add_run(heading, section.heading)
        for item in view["clauses"]:
            clause = item["clause"]
            heading = document.add_paragraph(style=f"Heading {item['rank']}")
            add_bookmark(document, heading, item["anchor"])
            add_run(heading, _number(item["before"], clause.number, item["after"]))
            if clause.heading:
                add_run(heading, "", tab=True)
                add_run(heading, clause.heading)
            tables = RowTables(document)
            for block in item["blocks"]:
                _plain_block(document, block, None if item["amends"] else edition, tables)


def grid_table(
    document: FastDocument, header: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    """A grid table; ``widths`` are the columns' shares of the text width."""
    page = style_spec()["page"]
    text_width = page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]
    table = document.add_table(rows=1, cols=len(header))
    document.table_grid(table)
    table.autofit = False
    style = document.style_id("TMAD Table")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0]._p.style = style
        add_run(cell.paragraphs[0], text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0]._p.style = style
            add_run(cell.paragraphs[0], text)
    total = sum(widths)
    for column, share in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Mm(text_width * share / total)
