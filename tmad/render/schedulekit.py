"""The schedule kit: a schedule of amendments' HTML template context and DOCX paragraphs
(shared by the schedule itself and the draft direction, whose annex may be a schedule).

The sentences come from the schedule (:mod:`tmad.amend.schedule`), its Markdown text from
:mod:`tmad.amend.text`; page layout is in ``templates/amendments*.html``. A leaf of
:mod:`tmad.render`: it imports no renderer.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.shared import Cm
from markupsafe import Markup, escape

from tmad.amend.model import Amendment, Instruction, Line, Schedule
from tmad.amend.rules import CLOSE, OPEN
from tmad.amend.text import INNER_CLOSE, INNER_OPEN
from tmad.labels import format_ordinal
from tmad.render.wordml import FastDocument, add_run, level_style

_AMENDMENT_REF = re.compile(r"\bamendment (\d+)\b")


def linked(text: str, numbers: set[int]) -> Markup:
    """Escape text and link "amendment 3" to that amendment."""
    out: list[str] = []
    last = 0
    for match in _AMENDMENT_REF.finditer(text):
        if int(match.group(1)) not in numbers:
            continue
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<a href="#amendment-{}">{}</a>').format(match.group(1), match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def list_context(schedule: Schedule) -> dict:
    """What templates/amendments_list.html needs besides the schedule."""
    numbers = {a.number for a in schedule.amendments}
    return {
        "linked": lambda text: linked(text, numbers),
        "letter": lambda index: format_ordinal("a", index),
        "rules": schedule.rules,
    }


_QUOTE_INDENT = Cm(1.8)
"""Quotations stand this far in from the instruction that introduces them."""


def _sentence(document: DocxDocument, style: str, marker: str, text: str, bold_marker: bool):
    paragraph = document.add_paragraph(style=style)
    add_run(paragraph, marker, bold=bold_marker)
    add_run(paragraph, "", tab=True)
    add_run(paragraph, text)
    paragraph.paragraph_format.keep_with_next = text.endswith("—")
    return paragraph


def _quotation(document: FastDocument, lines: tuple[Line, ...], indent) -> None:
    for index, line in enumerate(lines):
        first, last = index == 0, index == len(lines) - 1
        if line.kind != "paragraph":
            paragraph = document.add_paragraph(style="TMAD Level 0")
            paragraph.paragraph_format.left_indent = indent
            add_run(paragraph, OPEN if first else "")
            add_run(paragraph, f"{line.number} {line.text}".strip(), bold=True)
        else:
            style = "TMAD Definition" if line.term else level_style(document, line.level)
            paragraph = document.add_paragraph(style=style)
            style_format = paragraph.style.paragraph_format if paragraph.style else None
            base = (style_format.left_indent if style_format else None) or Cm(0)
            paragraph.paragraph_format.left_indent = base + indent
            if not line.label and line.level:
                paragraph.paragraph_format.first_line_indent = Cm(0)
            before = lines[index - 1].quote if index else 0
            after = lines[index + 1].quote if index + 1 < len(lines) else 0
            add_run(paragraph, (OPEN if first else "") + INNER_OPEN * max(0, line.quote - before))
            if line.label:
                add_run(paragraph, f"({line.label})")
                add_run(paragraph, "", tab=True)
            if line.term:
                add_run(paragraph, line.term, bold=True)
                add_run(paragraph, " ")
            if line.table:  # "| a | b |", a header row's cells in bold
                for cell in line.cells():
                    add_run(paragraph, "| ")
                    add_run(paragraph, cell, bold=line.table == "head")
                    add_run(paragraph, " ")
                add_run(paragraph, "|" + INNER_CLOSE * max(0, line.quote - after))
            else:
                add_run(paragraph, line.text + INNER_CLOSE * max(0, line.quote - after))
        if last:
            add_run(paragraph, f"{CLOSE}.")
        paragraph.paragraph_format.keep_with_next = not last


def _instruction(document: FastDocument, instruction: Instruction, depth: int, marker: str):
    style = f"TMAD List {depth}"
    _sentence(document, style, marker, instruction.text, bold_marker=depth == 1)
    for index, item in enumerate(instruction.items):
        _sentence(
            document, f"TMAD List {depth + 1}", f"({format_ordinal('a', index + 1)})", item, False
        )
    if instruction.quotation:
        _quotation(document, instruction.quotation, Cm(0.9 * depth) + _QUOTE_INDENT - Cm(0.9))


def _amendment(document: FastDocument, amendment: Amendment) -> None:
    marker = f"{amendment.number}."
    if not amendment.lead:
        _instruction(document, amendment.instructions[0], 1, marker)
        return
    _sentence(document, "TMAD List 1", marker, amendment.lead, bold_marker=True)
    for index, instruction in enumerate(amendment.instructions, start=1):
        _instruction(document, instruction, 2, f"({index})")


def write_schedule(document: FastDocument, schedule: Schedule, level: int) -> None:
    """The rules and the numbered amendments, under headings of the given level."""
    document.add_paragraph("How to apply this schedule", style=f"Heading {level}")
    for index, rule in enumerate(schedule.rules, start=1):
        _sentence(document, "TMAD List 1", f"{index}.", rule, bold_marker=False)
    document.add_paragraph("Amendments", style=f"Heading {level}")
    if not schedule.amendments:
        document.add_paragraph("The two versions have the same text.", style="Normal")
    for amendment in schedule.amendments:
        _amendment(document, amendment)
    if schedule.notes:
        document.add_paragraph("Explanatory note", style=f"Heading {level}")
        document.add_paragraph("This note is not part of the schedule.", style="TMAD Note")
        for number, subject, reason in schedule.notes:
            _sentence(document, "TMAD List 1", f"{number}.", f"({subject}) {reason}", True)
