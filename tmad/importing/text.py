"""Reading legislation laid out as plain text (.txt) or Markdown (.md), line by line.

The layout is the one legislation is printed in, and the one ``tmad show`` prints:

- **Headings**: in Markdown, ``#`` lines (the shallowest numbered ones are depth 1); in
  plain text, a line that opens with a number, on its own ("4.26 Heading", "1. Citation")
  or after a heading word ("PART 1 Introduction", "CHAPTER 15. …", "§ 34-1501. …"), then a
  capitalised heading with no closing punctuation. In plain text each kind of number
  (PART, CHAPTER, §, "1", "1.1") is one heading depth, in the order they first appear.
- **Paragraphs**, one per line: a label at the start ("(a) text", "(c-1) text"), indented
  four spaces per level below the first. An unlabelled line is text at the level its
  indentation shows; at the margin it is the unit's own text after a blank line, and the
  text of the open paragraph (1) without one.
- **Quoted structure** (amending text) is marked ``>`` once per quotation depth, its
  quotation marks kept outside the label: ``> “(4) A supplier must …”``.
- **Definitions**: ``**Term** means …`` (as ``tmad show`` prints them).
- **Tables**: ``| cell | cell |`` lines, one row each; a rule ``| --- | --- |`` under the
  first rows makes them header rows.
- **Footnotes**: ``[^1]`` where a note is referred to, and a line ``[^1]: its words``
  (as ``tmad show`` prints them), the note of the provision it is in.
- Lines before the first numbered heading (a title, a status line) are front matter,
  reported and not imported.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from tmad.clausesyntax import is_rule, row_cells
from tmad.errors import SourceError
from tmad.importing.builder import Event, Heading, Para
from tmad.model import NOTE_LINE, TableRow, join_cells
from tmad.textfile import read_text

_WORD = (
    r"PART|Part|CHAPTER|Chapter|SUBCHAPTER|Subchapter|TITLE|Title|ARTICLE|Article|"
    r"SECTION|Section|REGULATION|Regulation|DIVISION|Division|SUBPART|Subpart|§"
)
_NUMBERED = re.compile(
    rf"(?P<number>(?P<word>{_WORD})\s*[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*[.:]?"
    r"|[A-Z]{0,3}\d+[A-Z]{0,2}(?:[.\-]\d+[A-Z]{0,2})*\.?)"
    r"(?:(?:\s+[—–-]\s+|\s+)(?P<text>\S.*))?"
)
_MARKDOWN = re.compile(r"(?P<hashes>#{1,9})\s+(?P<rest>.*)")
_LABEL = re.compile(r"\(([A-Za-z0-9]{1,8}(?:-\d{1,3})?)\)(?:\s+|\Z)")
_BOLD_TERM = re.compile(r"\*\*(?P<term>[^*]+)\*\*\s+(?=means|has the meaning|includes|shall)")
_QUOTE = re.compile(r"((?:> ?)+)")
_OPEN, _CLOSE = "“", "”"


def read_text_file(path: Path) -> list[Event]:
    """The headings and paragraphs of a text or Markdown file; SourceError naming the file."""
    real = path.resolve()
    text = read_text(real, real.parent)  # UTF-8, no control characters, bounded size
    lines = text.splitlines()
    markdown = path.suffix.lower() == ".md"
    headings = _markdown_headings(lines) if markdown else _text_headings(lines)
    return _events(str(path), lines, headings)


def _markdown_headings(lines: list[str]) -> dict[int, tuple[int, str, str]]:
    found = {}
    for index, line in enumerate(lines):
        match = _MARKDOWN.fullmatch(line.strip())
        if match:
            number, text = split_number(match.group("rest").strip())
            found[index] = (len(match.group("hashes")), number, text)
    numbered = [hashes for hashes, number, _ in found.values() if number]
    top = min(numbered, default=1)
    return {i: (max(h - top + 1, 1), n, t) for i, (h, n, t) in found.items()}


def _text_headings(lines: list[str]) -> dict[int, tuple[int, str, str]]:
    found = {}
    kinds: list[str] = []
    for index, line in enumerate(lines):
        if line[:1].isspace() or not line.strip():
            continue
        match = _NUMBERED.fullmatch(line.strip())
        if match is None or not _heading_like(match.group("text") or ""):
            continue
        word = match.group("word")
        number = match.group("number")
        kind = word.lower() if word else f"{number.rstrip('.').count('.')}{number[-1] == '.'}"
        if kind not in kinds:
            kinds.append(kind)
        found[index] = (kinds.index(kind) + 1, number, match.group("text") or "")
    return found


def _heading_like(text: str) -> bool:
    if not text:
        return True  # a number alone: a provision with no heading
    first = text[:1]
    return (first.isupper() or first in "“\"'") and text[-1:] not in ".;:,—" and len(text) < 200


def split_number(rest: str) -> tuple[str, str]:
    """A heading's printed number and its text ("PART 1 General" → "PART 1", "General")."""
    match = _NUMBERED.fullmatch(rest)
    if match is None:
        return "", rest
    return match.group("number"), match.group("text") or ""


def _headers(events: list[Event]) -> None:
    """The rule under a table's first rows: those rows are its header rows."""
    index = len(events)
    while index:
        event = events[index - 1]
        if not isinstance(event, Para) or not event.table:
            break
        events[index - 1] = replace(event, table="head")
        index -= 1


def _events(
    origin: str, lines: list[str], headings: dict[int, tuple[int, str, str]]
) -> list[Event]:
    events: list[Event] = []
    blank = True
    previous = 0
    quoting = False
    for index, raw in enumerate(lines):
        where = f"line {index + 1}"
        if index in headings:
            depth, number, text = headings[index]
            events.append(Heading(depth, number, text, where))
            blank, quoting = True, False
            continue
        if not raw.strip():
            blank = True
            continue
        expanded = raw.expandtabs(4)
        column = len(expanded) - len(expanded.lstrip())
        body = expanded.strip()
        quote = 0
        marks = _QUOTE.match(body)
        if marks:
            quote = marks.group(1).count(">")
            body = body[marks.end() :]
            if not quoting and body.startswith(_OPEN):
                body = body[1:]
            closing = index + 1 >= len(lines) or not _QUOTE.match(lines[index + 1].strip())
            if closing and body.endswith(_CLOSE):
                body = body[:-1]
        quoting = bool(quote)
        if note := NOTE_LINE.match(body):
            events.append(Para("", " ".join(note.group(2).split()), column, where, note=note[1]))
            blank = False
            continue
        row = row_cells(body) if body.startswith("|") else None
        if row is not None and is_rule(row):
            _headers(events)
            continue
        label = term = ""
        typed = _LABEL.match(body) if row is None else None
        if typed:
            label, body = typed.group(1), body[typed.end() :]
        defined = _BOLD_TERM.match(body) if row is None else None
        if defined:
            term, body = defined.group("term").strip(), body[defined.end() :]
        if column % 4:
            raise SourceError(
                f"{origin}: {where}: indented {column} spaces; indent four spaces per level "
                f"({body[:40]!r})"
            )
        inside = label or column or quote or (previous and not blank)
        level = column // 4 + 1 if inside else 0
        text = join_cells(row) if row is not None else " ".join(body.split())
        table: TableRow = "row" if row is not None else ""
        events.append(Para(label, text, column, where, term, level, quote, table=table))
        blank, previous = False, level
    return events
