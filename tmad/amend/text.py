"""A schedule of amendments as its own text: the Markdown a drafter reads and
:mod:`tmad.amend.interpret` applies, and the proof that applying it gives the new version.

Quoted paragraphs are block quotations, one ``>`` per level (a clause-level paragraph at
one, "(a)" at two, …), terms and headings in bold, and Markdown's own characters
backslash-escaped (:func:`tmad.amend.rules.escape`). The page layout is
``templates/amendments.md``; the HTML and DOCX renderings are in :mod:`tmad.render`.
"""

from __future__ import annotations

from tmad.amend.model import Line, Schedule
from tmad.amend.rules import escape as md_escape
from tmad.dates import long_date
from tmad.errors import TmadError
from tmad.labels import format_ordinal
from tmad.model import Edition
from tmad.templating import render as render_template

INNER_OPEN = "\u2018"
"""Opens quoted structure quoted again in a schedule."""
INNER_CLOSE = "\u2019"
"""Closes it."""


def markdown_line(line: Line) -> str:
    """One quoted line's Markdown, without its ``>`` marks or quotation marks; a paragraph of
    quoted structure starts with one single quotation mark for each depth of quotation; a
    table row is its text (cells joined by " | ") between ``| `` and `` |``, a header row's
    in bold."""
    if line.kind != "paragraph":
        return f"**{md_escape(f'{line.number} {line.text}'.strip())}**"
    parts = [INNER_OPEN * line.quote] if line.quote else []
    if line.note:  # "[^1]: its words"
        return "".join(parts) + f"[^{line.note}]: {md_escape(line.text)}"
    if line.table:  # "| a | b |", a header row's words in bold: the text exactly as it is
        bold = "**" if line.table == "head" else ""
        return "".join(parts) + f"| {bold}{md_escape(line.text)}{bold} |"
    if line.label:
        parts.append(f"({line.label}) ")
    if line.term:
        parts.append(f"**{md_escape(line.term)}** ")
    parts.append(md_escape(line.text, line_start=not (line.label or line.term)))
    return "".join(parts)


def schedule_context(schedule: Schedule) -> dict:
    """What every schedule template needs: the schedule, its versions, rules and styles."""
    return {
        "schedule": schedule,
        "document": schedule.document,
        "old": schedule.old,
        "new": schedule.new,
        "rules": schedule.rules,
        "unit": schedule.document.scheme.unit.name,
        "label_styles": [
            format_ordinal(level.style, 1) for level in schedule.document.scheme.labels
        ],
        "long_date": long_date,
        "letter": lambda index: format_ordinal("a", index),
    }


def amendments_markdown(schedule: Schedule) -> str:
    """The schedule as Markdown (the text :mod:`tmad.amend.interpret` applies)."""
    text = render_template(
        "amendments.md", md=md_escape, markdown_line=markdown_line, **schedule_context(schedule)
    )
    return text.rstrip("\n") + "\n"


def proven_schedule(old: Edition, new: Edition) -> Schedule:
    """The schedule of amendments from ``old`` to ``new``, proved before it is published.

    The schedule's own Markdown text is applied to ``old`` by the interpreter and must
    give ``new`` exactly (numbers, headings and text of every clause), or TmadError.
    """
    from tmad.amend.interpret import AmendmentError, interpret
    from tmad.amend.schedule import schedule
    from tmad.diff.compare import compare
    from tmad.editionjson import edition_json

    result = schedule(compare(old, new))
    try:
        got = interpret(amendments_markdown(result), old)["clauses"]
    except AmendmentError as exc:
        raise TmadError(f"the schedule of amendments cannot be applied: {exc}") from None
    want = [{k: v for k, v in c.items() if k != "id"} for c in edition_json(new)["clauses"]]
    if got != want:
        raise TmadError(
            f"the schedule of amendments from {old.label} does not give {new.label} "
            "(please report this: the comparison and the schedule disagree)"
        )
    return result
