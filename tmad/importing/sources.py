"""Writing imported text as tmad sources: the clause syntax of README "Clause text".

An importer gives containers and clauses as the model's own values (``Section``,
``Clause``, ``Block``: ids, levels, numbers as read, paragraphs with their labels); this
module writes them the way a drafter would have typed them. What it writes is read back
by the ordinary loader and compared with what was imported (:mod:`tmad.importing.project`),
so a text the syntax cannot hold is an error, never a silent change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tmad.model import Block, Clause, Section, same_table
from tmad.scheme import Level, Scheme

INDENT = "    "

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str) -> str:
    """A lowercase id from a heading ("Role of the Panel" → "role-of-the-panel")."""
    words = _SLUG.sub("-", text.lower()).strip("-")
    words = "-".join(words.split("-")[:6])
    return words or fallback


def unprinted(number: str, level: Level) -> str:
    """A number as read, without what the level prints around it ("§ 34-1501." → "34-1501")."""
    before, after = (part.strip() for part in level.printed(""))
    number = number.strip()
    if before and number.startswith(before):
        number = number[len(before) :].strip()
    if after and number.endswith(after):
        number = number[: -len(after)].strip()
    return number


class Ids:
    """Unique ids in a document, made from headings or numbers."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def make(self, heading: str, level: str, number: str) -> str:
        base = slug(heading, "") or slug(f"{level} {number}", level or "clause")
        if base[0].isdigit():
            base = slug(f"{level} {base}", "clause")
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


def heading_line(
    scheme: Scheme, level: str, heading: str, ident: str, number: str, extra: str = ""
) -> str:
    """``## Heading {#id num=4.5A}``: ``num=`` where the level keeps fixed numbers."""
    rank = scheme.level(level).depth
    attributes = [f"#{ident}"]
    if extra:
        attributes.append(extra)
    if number and scheme.level(level).fixed:
        attributes.append(f"num={number}")
    text = f"{heading} " if heading else ""
    return f"{'#' * rank} {text}{{{' '.join(attributes)}}}"


def body_lines(body: Sequence[Block]) -> list[str]:
    """A clause's paragraphs: labels nested four spaces a level, an unlabelled paragraph
    at the indent of the text it continues, a blank line before each unlabelled one (so that
    it does not join the paragraph above), quoted structure after ``>``."""
    lines: list[str] = []
    for index, block in enumerate(body):
        indent = INDENT * (block.level - 1 if block.label else block.level)
        quote = "> " * block.quote
        label = f"({block.label}) " if block.label else ""
        before = body[index - 1] if index else None
        continues = same_table(before, block)
        after_table = before is not None and bool(before.table)
        if (not block.label or after_table) and lines and lines[-1] and not continues:
            lines.append("")  # a paragraph, or a table, set off from what is above it
        if block.note:
            lines.append(f"{indent}{quote}[^{block.note}]: {block.text}")
        elif block.table:
            cells = block.cells()
            lines.append(f"{indent}{quote}| {' | '.join(cells)} |".replace("|  |", "| |"))
            after = body[index + 1] if index + 1 < len(body) else None
            if block.table == "head" and (after is None or after.table != "head"):
                lines.append(f"{indent}{quote}|{' --- |' * len(cells)}")
        elif block.term:
            lines.append(f"{indent}{quote}{label}{block.term}")
            lines.append(f"{indent}{quote}: {block.text}")
        else:
            lines.append(f"{indent}{quote}{label}{block.text}".rstrip())
    return lines


def clause_text(scheme: Scheme, clause: Clause, extra: str = "") -> str:
    """One clause: its heading line, then its body."""
    head = heading_line(scheme, scheme.unit.name, clause.heading, clause.id, clause.number, extra)
    lines = [head, ""]
    if clause.body:
        lines += [*body_lines(clause.body), ""]
    return "\n".join(lines) + "\n"


def full_text(scheme: Scheme, sections: Sequence[Section]) -> str:
    """Containers and their clauses, in reading order (a first version's whole text)."""
    out: list[str] = []
    for section in sections:
        if not section.is_root:
            out.append(
                heading_line(scheme, section.level, section.heading, section.id, section.number)
            )
            out.append("\n\n")
        for clause in section.clauses:
            out.append(clause_text(scheme, clause) + "\n")
    return "".join(out).rstrip("\n") + "\n"


def files(scheme: Scheme, sections: Sequence[Section]) -> list[tuple[str, str]]:
    """The whole text split into one file per outermost container, named in order
    (``01-introduction.md``), as a drafter would keep it."""
    groups: list[list[Section]] = []
    top = scheme.headings[0].name
    for section in sections:
        if not groups or (section.level == top and not section.is_root):
            groups.append([])
        groups[-1].append(section)
    width = max(2, len(str(len(groups))))
    out = []
    for index, group in enumerate(groups, 1):
        first = group[-1] if group[0].is_root and len(group) > 1 else group[0]
        name = slug(first.heading or first.id, "text")[:40].strip("-") or "text"
        out.append((f"{index:0{width}d}-{name}.md", full_text(scheme, group)))
    return out
