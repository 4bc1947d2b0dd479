"""Schedules of amendments: the changes from one version to another as drafting instructions.

``schedule(compare(FROM, TO))`` gives a numbered schedule in UK drafting style
("In Clause 4.26 (…), in paragraph (a), omit “and/or”."), grouped by clause in
document order, that a person applying it by hand to FROM turns into TO.
``interpret.apply_schedule(markdown, FROM)`` reads the schedule's Markdown text
back and applies it, which is how the tests prove every schedule exact.

| module | role |
| --- | --- |
| :mod:`tmad.amend.model` | the schedule as data: Schedule, Amendment, Instruction, Line |
| :mod:`tmad.amend.schedule` | the generator and the rules printed with every schedule |
| :mod:`tmad.amend.clauses` | instructions amending one clause in place |
| :mod:`tmad.amend.words` | word instructions for one text, planned from its word diff |
| :mod:`tmad.amend.paragraphs` | naming paragraphs ("paragraph (c)(ii)") and resolving names |
| :mod:`tmad.amend.rules` | what word instructions mean, quotation marks, Markdown escaping |
| :mod:`tmad.amend.interpret` | reading a schedule's Markdown and applying it to FROM |
| :mod:`tmad.amend.text` | the schedule's Markdown text, and :func:`proven_schedule` (the proof) |

The build, ``tmad amendments`` and the tests all take schedules from
:func:`proven_schedule`. Rendering is in :mod:`tmad.render.amendments` (HTML and so PDF,
DOCX, Markdown).
"""

from __future__ import annotations

from tmad.amend.model import Amendment, Instruction, Line, Schedule
from tmad.amend.schedule import schedule, schedule_rules
from tmad.amend.text import proven_schedule

__all__ = [
    "Amendment",
    "Instruction",
    "Line",
    "Schedule",
    "proven_schedule",
    "schedule",
    "schedule_rules",
]
