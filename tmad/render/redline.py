"""A redline: the changes between versions (one step or a chain) as an HTML page (and so PDF)
and as DOCX with native tracked changes.

The DOCX carries each step's insertions and deletions as ``w:ins`` / ``w:del`` with the
step's author and date, so accepting every change in Word or LibreOffice gives the newest
version's text and rejecting every change the oldest's. The JSON change list is in
:mod:`tmad.render.redline_json`.
"""

from __future__ import annotations

from docx.shared import Cm
from docx.text.paragraph import Paragraph

from tmad.dates import long_date
from tmad.diff.compose import MarkedBlock, MarkedClause, MarkedSection, Text, at_place
from tmad.kinds import Kind
from tmad.model import note_pieces
from tmad.products import RedlineProduct
from tmad.render import page, renders
from tmad.render.docxkit import RowTables, block_style, grid_table, masthead, new_document
from tmad.render.oxml import put
from tmad.render.structure import (
    Linked,
    block_views,
    cites,
    section_views,
    step_reasons,
    step_views,
    unit_affixes,
)
from tmad.render.wordml import (
    TAB,
    Author,
    FastDocument,
    PlainRun,
    Revisions,
    add_bookmark,
    add_comment,
    add_run,
    internal_link,
    mark_paragraph,
    mark_paragraph_change,
    move_range,
    save,
    set_core_properties,
    track_revisions,
    unlink_missing,
)
from tmad.templating import render as render_template


@page(Kind.REDLINE)
def redline_page(product: RedlineProduct, print_: bool = False) -> str:
    """A redline as a page."""
    marked, context = product.marked, product.context
    document = marked.document
    last = marked.editions[-1].version
    unit_before, unit_after = unit_affixes(document.scheme)
    sections = section_views(marked, context)
    changes = [
        item["clause"].anchor
        for view in sections
        for item in view["entries"]
        if not item["gap"] and not item["clause"].moved_out and item["clause"].changed
    ]
    return render_template(
        "redline.html",
        unit=document.scheme.unit.name,
        unit_noun=document.scheme.unit.noun,
        unit_before=unit_before,
        unit_after=unit_after,
        document=document,
        marked=marked,
        steps=step_views(marked),
        sections=sections,
        changes=changes,
        context=context,
        language=document.language,
        title=marked.title
        if print_
        else f"{marked.title} ({len(changes)} changed {document.scheme.unit.noun.lower()}"
        f"{'s' if len(changes) != 1 else ''})",
        author=document.owner,
        subject=f"Changes to the {document.title}: "
        + "; ".join(f"v{s.new.number} {s.new.title}" for s in marked.steps),
        date=last.date.isoformat(),
        long_date=long_date,
    )


@renders(Kind.REDLINE, "docx")
def redline_docx(product: RedlineProduct) -> bytes:
    """A redline with native revision marks, one author and date per step."""
    marked, context = product.marked, product.context
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
    grid_table(
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
        if not step["rows"] and not step["consequential"] and not step["unmarked"]:
            document.add_paragraph("No changes.", style="Normal")
            continue
        if step["rows"]:
            _summary_table(document, scheme.unit.noun, step["rows"])
            for row in step["rows"] + step["consequential"]:
                if row["reason"]:
                    reason = document.add_paragraph(style="TMAD Note")
                    add_run(reason, f"Reason for {scheme.unit.noun} {row['number']}: ", bold=True)
                    add_run(reason, row["reason"])
        else:
            document.add_paragraph("No substantive changes.", style="Normal")
        if step["unmarked"]:
            count = step["unmarked"]
            document.add_paragraph(
                f"{count} consequential change{'s' if count != 1 else ''} (numbers that only "
                "follow from renumbering) shown in the new form, not marked.",
                style="TMAD Note",
            )
        if step["consequential"]:
            count = len(step["consequential"])
            document.add_paragraph(
                f"{count} consequential change{'s' if count != 1 else ''}: numbers that only "
                "follow from renumbering",
                style="TMAD Note",
            )
            _summary_table(document, scheme.unit.noun, step["consequential"])
    document.add_page_break()
    unit_before, unit_after = unit_affixes(scheme)
    labels = [f"v{s.old.number} → v{s.new.number}" for s in marked.steps]
    reasons = [step.new.reasons() for step in marked.steps]

    def comment(paragraph: Paragraph, item: MarkedClause | MarkedSection) -> None:
        if product.comments:
            for step, reason in step_reasons(item, reasons):
                add_comment(document, paragraph, reason, revisions.authors[step])

    for view in section_views(marked, context):
        section = at_place(view["section"])
        if view["shown"]:
            heading = _heading(
                document,
                f"Heading {view['rank'] - 1}",
                (view["before"], section.number, view["after"]),
                section.heading,
                revisions,
                section.arrived,
                section.left,
            )
            add_bookmark(document, heading, section.anchor)
            comment(heading, section)
        for item in view["entries"]:
            if item["gap"]:
                note = document.add_paragraph(style="TMAD Note")
                add_run(note, f"[{item['gap']} unchanged {scheme.unit.name}(s) not shown]")
                continue
            clause = at_place(item["entry"])
            revisions.moves = _moves(clause)
            tail = _heading(
                document,
                f"Heading {item['rank'] - 1}",
                (unit_before, clause.number, unit_after),
                clause.heading,
                revisions,
                clause.arrived,
                clause.left,
            )
            add_bookmark(document, tail, clause.anchor)
            if not clause.moved_out:  # the reason goes where the clause now stands
                comment(tail, clause)
            for moving in revisions.moves:  # a moved clause is one move range, heading to end
                move_range(tail, revisions, moving, f"move-{clause.id}-{moving}", end=False)
            linked = cites(marked, clause.id)
            tables = RowTables(document)
            for block in block_views(marked, clause.blocks, labels, linked):
                tail = _marked_block(document, block, revisions, tables)
            for moving in revisions.moves:
                move_range(tail, revisions, moving, f"move-{clause.id}-{moving}", end=True)
            revisions.moves = {}
    unlink_missing(document)
    track_revisions(document)
    set_core_properties(
        document,
        title=marked.title,
        subject=f"Changes to the {meta.title}",
        author=meta.owner,
        date=last.date,
        category=meta.classification,
    )
    return save(document, last.date)


def _marked(paragraph: Paragraph, text: Text, revisions: Revisions, bold: bool = False) -> None:
    for run in text:
        add_run(
            paragraph, run.text, revisions, inserted=run.inserted, deleted=run.deleted, bold=bold
        )


def _marked_cites(
    paragraph: Paragraph, text: Linked, revisions: Revisions, bold: bool = False
) -> None:
    """Marked clause text whose citations link to their clauses: one w:hyperlink per
    citation, its revisions inside it."""
    for anchor, runs in text:
        link = internal_link(paragraph, anchor) if anchor else None
        for run in runs:
            for words, label in note_pieces(run.text):  # a reference shown as its label raised
                if words:
                    add_run(
                        paragraph, label or words, revisions, inserted=run.inserted,
                        deleted=run.deleted, bold=bold, superscript=bool(label), link=link,
                    )  # fmt: skip


def _moves(clause) -> dict[int, str]:
    """For a clause entry that a step moved away or moved here, that step and which end."""
    moves = {}
    if clause.moved_out and clause.left:
        moves[clause.left] = "from"
    if clause.moved_in and clause.arrived:
        moves[clause.arrived] = "to"
    return moves


def _marked_row(tables: RowTables, view: dict, revisions: Revisions) -> Paragraph:
    """A table row: inserted or deleted as a whole row (``w:trPr``), its cells' words marked."""
    block: MarkedBlock = view["block"]
    cells = view["cells"]
    paragraphs, properties = tables.row(view, len(cells))
    if block.inserted is not None:
        put(properties, revisions.element("w:ins", block.inserted))
    if block.deleted is not None:
        put(properties, revisions.element("w:del", block.deleted))
    for index, (paragraph, cell) in enumerate(zip(paragraphs, cells, strict=True)):
        if index == 0:
            _marked(paragraph, view["open"], revisions, bold=block.table == "head")
        _marked_cites(paragraph, cell, revisions, bold=block.table == "head")
    _marked(paragraphs[-1], view["close"], revisions)
    return paragraphs[-1]


def _marked_block(
    document: FastDocument, view: dict, revisions: Revisions, tables: RowTables
) -> Paragraph:
    block: MarkedBlock = view["block"]
    revisions.next_paragraph()
    if block.table:
        return _marked_row(tables, view, revisions)
    if block.note:  # its label raised, then its words, in the clause where it stands
        paragraph = document.add_paragraph(style=block_style(document, 0, False))
        add_run(
            paragraph, block.note, revisions, inserted=block.inserted, deleted=block.deleted,
            superscript=True,
        )  # fmt: skip
        add_run(paragraph, " ", revisions, inserted=block.inserted, deleted=block.deleted)
        _marked_cites(paragraph, view["text"], revisions)
        mark_paragraph(paragraph, revisions, block.inserted, block.deleted)
        return paragraph
    style = block_style(document, block.level, bool(block.term) and not block.label)
    plain = _plain_runs(view)
    if plain is not None:
        unlabelled = not block.label and block.level > 0
        made = document.add_plain_paragraph(style, plain, first_line_zero=unlabelled)
        if made is not None:
            return made
    paragraph = document.add_paragraph(style=style)
    _marked(paragraph, view["open"], revisions)
    if block.label:
        _marked(paragraph, block.label, revisions)
        inserted, deleted = _label_marks(block)
        add_run(paragraph, "", revisions, tab=True, inserted=inserted, deleted=deleted)
    elif block.level:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    if block.term:
        _marked(paragraph, block.term, revisions, bold=True)
        add_run(paragraph, " ", revisions, inserted=block.inserted, deleted=block.deleted)
    _marked_cites(paragraph, view["text"], revisions)
    _marked(paragraph, view["close"], revisions)
    mark_paragraph(paragraph, revisions, block.inserted, block.deleted)
    if block.moves:
        step, before = block.moves[0]
        old_style = block_style(
            document, before.level, bool(block.term) and not _label_before(block, step)
        )
        unlabelled = not _label_before(block, step) and before.level > 0
        mark_paragraph_change(paragraph, revisions, step, document.style_id(old_style), unlabelled)
    return paragraph


def _plain_runs(view: dict) -> list[PlainRun] | None:
    """The runs of a paragraph no step changed, as :func:`_marked_block` writes them one at
    a time (label, tab, bold term and a space, text): None when anything in it is marked
    or is more than text (a link, a note reference, a quotation mark, a move)."""
    block: MarkedBlock = view["block"]
    if block.inserted is not None or block.deleted is not None or block.moves:
        return None
    if view["open"] or view["close"] or any(anchor for anchor, _ in view["text"]):
        return None
    texts = [run for _, runs in view["text"] for run in runs]
    if any(r.inserted is not None or r.deleted is not None for r in (*block.label, *block.term)):
        return None
    if any(r.inserted is not None or r.deleted is not None or "[^" in r.text for r in texts):
        return None
    runs: list[PlainRun] = [(run.text, False) for run in block.label]
    if block.label:
        runs.append(TAB)
    if block.term:
        runs += [(run.text, True) for run in block.term]
        runs.append((" ", False))
    runs += [(run.text, False) for run in texts if run.text]
    return runs


def _label_before(block: MarkedBlock, step: int) -> str:
    """The label a paragraph had just before a step."""
    return "".join(
        run.text
        for run in block.label
        if (run.inserted is None or run.inserted < step)
        and (run.deleted is None or run.deleted >= step)
    )


def _label_marks(block: MarkedBlock) -> tuple[int | None, int | None]:
    """The marks (inserted, deleted) of the tab after a label: the label's own when the
    label came or went."""
    runs = [run for run in block.label if run.text]
    inserted = {run.inserted for run in runs}
    deleted = {run.deleted for run in runs}
    return (
        inserted.pop() if len(inserted) == 1 else block.inserted,
        deleted.pop() if len(deleted) == 1 else block.deleted,
    )


def _heading(
    document: FastDocument,
    style: str,
    number: tuple[str, Text, str],
    heading: Text,
    revisions: Revisions,
    inserted: int | None,
    deleted: int | None,
) -> Paragraph:
    revisions.next_paragraph()
    before, runs, after = number
    marked = [r for r in (*runs, *heading) if r.inserted is not None or r.deleted is not None]
    if inserted is None and deleted is None and not marked:  # unchanged: one string of XML
        plain: list[PlainRun] = [(before, False)] if before else []
        plain += [(run.text, False) for run in runs]
        plain += [(after, False)] if after else []
        plain += [TAB] if heading else []
        plain += [(run.text, False) for run in heading]
        made = document.add_plain_paragraph(style, plain)
        if made is not None:
            return made
    paragraph = document.add_paragraph(style=style)
    if before:
        add_run(paragraph, before, revisions, inserted=inserted, deleted=deleted)
    _marked(paragraph, runs, revisions)
    if after:
        add_run(paragraph, after, revisions, inserted=inserted, deleted=deleted)
    if heading:
        add_run(paragraph, "", revisions, tab=True, inserted=inserted, deleted=deleted)
    _marked(paragraph, heading, revisions)
    mark_paragraph(paragraph, revisions, inserted, deleted)
    return paragraph


def _summary_table(document: FastDocument, noun: str, rows: list[dict]) -> None:
    grid_table(
        document,
        [noun, "Was", "Now", "Changes", "Heading"],
        [
            [
                r["number"],
                r["old_number"] or "–",
                r["new_number"] or "–",
                ", ".join(r["kinds"]),
                r["heading"],
            ]
            for r in rows
        ],
        [1, 1, 1, 2, 5],
    )
