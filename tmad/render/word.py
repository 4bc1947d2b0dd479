"""DOCX: built from the model with python-docx (never converted from HTML).

Sections and clauses are Word headings (the navigation pane shows the
outline), paragraphs keep their labels and indents, and a redline carries
real revision marks: each step's insertions and deletions as ``w:ins`` /
``w:del`` with the step's author and date, so accepting every change in Word
or LibreOffice gives the newest version's text and rejecting every change the
oldest's. Page set-up and styles come from ``templates/docx-styles.yaml``.
"""

from __future__ import annotations

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Mm
from docx.text.paragraph import Paragraph

from tmad.dates import long_date
from tmad.diff.compose import MarkedBlock, MarkedDocument, Text, at_place
from tmad.model import Block, Edition
from tmad.products import (
    AmendmentsProduct,
    ConsultationProduct,
    DirectionProduct,
    Product,
    RedlineProduct,
    ResponseTemplateProduct,
    VersionProduct,
)
from tmad.render import Format, register
from tmad.render.structure import (
    block_views,
    edition_view,
    section_views,
    step_views,
    unit_affixes,
)
from tmad.render.wordml import (
    Author,
    Revisions,
    add_field,
    add_run,
    apply_styles,
    fast,
    level_style,
    mark_paragraph,
    mark_paragraph_change,
    save,
    set_core_properties,
    style_spec,
)


def new_document(running: str, classification: str) -> DocxDocument:
    """A styled, empty document with running header and paged footer."""
    document = fast(docx.Document())
    apply_styles(document)
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


def _block_style(document: DocxDocument, level: int, term: bool) -> str:
    return "TMAD Definition" if term and not level else level_style(document, level)


def _plain_block(document: DocxDocument, view: dict) -> None:
    block: Block = view["block"]
    paragraph = document.add_paragraph(
        style=_block_style(document, block.level, bool(block.term and not block.label))
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
        add_run(paragraph, " " + block.text)
    else:
        add_run(paragraph, block.text)
    if view["close"]:
        add_run(paragraph, view["close"])


def _number(before: str, number: str, after: str) -> str:
    return f"{before}{number}{after}"


def edition_body(document: DocxDocument, edition: Edition, top: int = 1) -> None:
    """A version's containers and clauses as Word headings (outline levels) and paragraphs."""
    for view in edition_view(edition, top):
        section = view["section"]
        if view["shown"]:
            heading = document.add_paragraph(style=f"Heading {view['rank']}")
            add_run(heading, _number(view["before"], section.number, view["after"]))
            add_run(heading, "", tab=True)
            add_run(heading, section.heading)
        for item in view["clauses"]:
            clause = item["clause"]
            heading = document.add_paragraph(style=f"Heading {item['rank']}")
            add_run(heading, _number(item["before"], clause.number, item["after"]))
            if clause.heading:
                add_run(heading, "", tab=True)
                add_run(heading, clause.heading)
            for block in item["blocks"]:
                _plain_block(document, block)


def version_docx(edition: Edition) -> bytes:
    """A version's clean text."""
    document_meta = edition.document
    version = edition.version
    document = new_document(edition.label, document_meta.classification)
    masthead(
        document,
        document_meta.classification,
        document_meta.title,
        f"{document_meta.code}: Appendix {document_meta.appendix}",
    )
    for label, value in (
        ("Version", f"{document_meta.appendix} {version.number}"),
        ("Status", version.status.capitalize()),
        ("Date", long_date(version.date)),
        ("Change", version.title),
        ("Owner", document_meta.owner),
    ):
        paragraph = document.add_paragraph(style="TMAD Meta")
        add_run(paragraph, f"{label}: ", bold=True)
        add_run(paragraph, value)
    if document_meta.notice:
        document.add_paragraph(document_meta.notice, style="TMAD Notice")
    edition_body(document, edition)
    set_core_properties(
        document,
        title=f"{document_meta.title}: version {version.number}",
        subject=f"{edition.label} ({version.status}): {version.title}",
        author=document_meta.owner,
        date=version.date,
        category=document_meta.classification,
    )
    return save(document, version.date)


def _marked(paragraph: Paragraph, text: Text, revisions: Revisions, bold: bool = False) -> None:
    for run in text:
        add_run(
            paragraph, run.text, revisions, inserted=run.inserted, deleted=run.deleted, bold=bold
        )


def _marked_block(
    document: DocxDocument, view: dict, revisions: Revisions, labels: list[str]
) -> None:
    block: MarkedBlock = view["block"]
    revisions.next_paragraph()
    definition = bool(block.term) and not block.label
    paragraph = document.add_paragraph(style=_block_style(document, block.level, definition))
    marks = {"inserted": block.inserted, "deleted": block.deleted}
    _marked(paragraph, view["open"], revisions)
    if block.label:
        _marked(paragraph, block.label, revisions)
        add_run(paragraph, "", revisions, tab=True, **_label_marks(block))
    elif block.level:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    if block.term:
        _marked(paragraph, block.term, revisions, bold=True)
        add_run(paragraph, " ", revisions, **marks)
    _marked(paragraph, block.text, revisions)
    _marked(paragraph, view["close"], revisions)
    mark_paragraph(paragraph, revisions, block.inserted, block.deleted)
    if block.moves:
        step, before = block.moves[0]
        old_style = _block_style(
            document, before.level, bool(block.term) and not _label_before(block, step)
        )
        unlabelled = not _label_before(block, step) and before.level > 0
        mark_paragraph_change(paragraph, revisions, step, document._style_id(old_style), unlabelled)


def _label_before(block: MarkedBlock, step: int) -> str:
    """The label a paragraph had just before a step."""
    return "".join(
        run.text
        for run in block.label
        if (run.inserted is None or run.inserted < step)
        and (run.deleted is None or run.deleted >= step)
    )


def _label_marks(block: MarkedBlock) -> dict:
    """The marks of the tab after a label: the label's own when the label came or went."""
    runs = [run for run in block.label if run.text]
    inserted = {run.inserted for run in runs}
    deleted = {run.deleted for run in runs}
    return {
        "inserted": inserted.pop() if len(inserted) == 1 else block.inserted,
        "deleted": deleted.pop() if len(deleted) == 1 else block.deleted,
    }


def _heading(
    document: DocxDocument,
    style: str,
    number: tuple[str, Text, str],
    heading: Text,
    revisions: Revisions,
    inserted: int | None,
    deleted: int | None,
) -> None:
    revisions.next_paragraph()
    paragraph = document.add_paragraph(style=style)
    before, runs, after = number
    marks = {"inserted": inserted, "deleted": deleted}
    if before:
        add_run(paragraph, before, revisions, **marks)
    _marked(paragraph, runs, revisions)
    if after:
        add_run(paragraph, after, revisions, **marks)
    if heading:
        add_run(paragraph, "", revisions, tab=True, **marks)
    _marked(paragraph, heading, revisions)
    mark_paragraph(paragraph, revisions, inserted, deleted)


def _table(
    document: DocxDocument, header: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    """A grid table; ``widths`` are the columns' shares of the text width."""
    page = style_spec()["page"]
    text_width = page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].style = document.styles["TMAD Table"]
        add_run(cell.paragraphs[0], text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].style = document.styles["TMAD Table"]
            add_run(cell.paragraphs[0], text)
    total = sum(widths)
    for column, share in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Mm(text_width * share / total)


def redline_docx(marked: MarkedDocument, context: str = "full") -> bytes:
    """A redline with native revision marks, one author and date per step."""
    meta = marked.document
    last = marked.editions[-1].version
    document = new_document(marked.title, meta.classification)
    masthead(document, meta.classification, marked.title, meta.title)
    if meta.notice:
        document.add_paragraph(meta.notice, style="TMAD Notice")
    steps = step_views(marked)
    scheme = meta.scheme
    revisions = Revisions(
        {
            step.index: Author(f"{step.new.author} (v{step.new.number})", step.new.date)
            for step in marked.steps
        }
    )
    document.add_paragraph("How changes are marked", style="Heading 1")
    document.add_paragraph(
        "Each step's changes are Word tracked changes by its own author and date: accept "
        "all changes to get the newest version, reject all to get the oldest.",
        style="Normal",
    )
    _table(
        document,
        ["Step", "Change", "Date", "Revision author"],
        [
            [
                s["label"],
                f"{s['title']} ({s['status']})",
                long_date(s["date"]),
                revisions.authors[s["index"]].name,
            ]
            for s in steps
        ],
        [2, 4, 2, 2],
    )
    document.add_paragraph("Summary of changes", style="Heading 1")
    for step in steps:
        document.add_paragraph(f"{step['label']}: {step['title']}", style="Heading 3")
        if not step["rows"]:
            document.add_paragraph("No changes.", style="Normal")
            continue
        _table(
            document,
            [scheme.unit.noun, "Was", "Now", "Changes", "Heading"],
            [
                [
                    r["number"],
                    r["old_number"] or "–",
                    r["new_number"] or "–",
                    ", ".join(r["kinds"]),
                    r["heading"],
                ]
                for r in step["rows"]
            ],
            [1, 1, 1, 2, 5],
        )
    document.add_page_break()
    unit_before, unit_after = unit_affixes(scheme)
    labels = [f"v{s.old.number} → v{s.new.number}" for s in marked.steps]
    for view in section_views(marked, context):
        section = at_place(view["section"])
        if view["shown"]:
            _heading(
                document,
                f"Heading {view['rank'] - 1}",
                (view["before"], section.number, view["after"]),
                section.heading,
                revisions,
                section.arrived,
                section.left,
            )
        for item in view["entries"]:
            if item["gap"]:
                note = document.add_paragraph(style="TMAD Note")
                add_run(note, f"[{item['gap']} unchanged {scheme.unit.name}(s) not shown]")
                continue
            clause = at_place(item["entry"])
            _heading(
                document,
                f"Heading {item['rank'] - 1}",
                (unit_before, clause.number, unit_after),
                clause.heading,
                revisions,
                clause.arrived,
                clause.left,
            )
            for block in block_views(marked, clause.blocks, labels):
                _marked_block(document, block, revisions, labels)
    set_core_properties(
        document,
        title=marked.title,
        subject=f"Changes to the {meta.title}",
        author=meta.owner,
        date=last.date,
        category=meta.classification,
    )
    return save(document, last.date)


def render(product: Product) -> bytes:
    """Render any product as DOCX."""
    from tmad.render import word_form, word_publication

    match product:
        case VersionProduct(edition=edition):
            return version_docx(edition)
        case RedlineProduct(marked=marked, context=context):
            return redline_docx(marked, context)
        case ConsultationProduct(publication=publication):
            return word_publication.consultation_docx(publication)
        case DirectionProduct(publication=publication, annex=annex, amendments=amendments):
            return word_publication.direction_docx(publication, annex, amendments)
        case ResponseTemplateProduct(publication=publication):
            return word_form.response_docx(publication)
        case AmendmentsProduct(schedule=schedule):
            from tmad.render.amendments import amendments_docx

            return amendments_docx(schedule)
    raise TypeError(product)


FORMAT = register(
    Format(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render,
        frozenset(
            {"version", "redline", "consultation", "direction", "response-template", "amendments"}
        ),
    )
)
