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
from docx.shared import Cm, Mm
from docx.text.paragraph import Paragraph

from tmad.citations import linked_pieces
from tmad.model import Block, Edition
from tmad.render.structure import edition_view
from tmad.render.wordml import (
    FastDocument,
    add_bookmark,
    add_field,
    add_run,
    apply_styles,
    fast,
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
    header.style = document.styles["Header"]
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    add_run(header, running)
    add_run(header, "", tab=True)
    add_run(header, classification, bold=True)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
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


def linked_text(paragraph: Paragraph, text: str, edition: Edition | None) -> None:
    """Append clause text, its citations of the document (resolved in ``edition``) as
    links to their bookmarks; all plain when ``edition`` is None."""
    for piece, anchor in linked_pieces(text, edition):
        add_run(paragraph, piece, link=internal_link(paragraph, anchor) if anchor else None)


def _plain_block(document: FastDocument, view: dict, edition: Edition | None) -> None:
    block: Block = view["block"]
    paragraph = document.add_paragraph(
        style=block_style(document, block.level, bool(block.term and not block.label))
    )
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
    linked_text(paragraph, text, None if block.quote else edition)
    if view["close"]:
        add_run(paragraph, view["close"])


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
            for block in item["blocks"]:
                _plain_block(document, block, None if item["amends"] else edition)


def grid_table(
    document: FastDocument, header: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    """A grid table; ``widths`` are the columns' shares of the text width."""
    page = style_spec()["page"]
    text_width = page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
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
