"""Building editions in tests without files, and random ones for property tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import strategies as st

from tmad import numbering
from tmad.labels import format_ordinal
from tmad.model import (
    NOTE_REFERENCE,
    Block,
    Clause,
    Document,
    Edition,
    Section,
    Version,
    join_cells,
)
from tmad.outline import assign_kinds
from tmad.render.structure import quote_marks

WORDS = [
    "DCC", "shall", "the", "SMETS1", "Installation", "Dormant", "Meter", "EPCL", "TAG", "and",
    "or", "of", "in", "accordance", "with", "Clause", "4.26", "firmware", "upgrade", "Migration",
    "Testing", "Responsible", "Supplier", "a", "to", "be", "(a)", "published;", "report,",
    "MOC", "(Secure)", "deemed", "consent", "re-configure", "Devices", "its", "entry", "1,000",
]  # fmt: skip


def version(number: str, base: str | None = None, day: int = 1) -> Version:
    return Version(
        number=number,
        base=base,
        status="draft",
        date=dt.date(2020, 6, day),
        title=f"Change {number}",
        author="Tester",
        consultation=None,
        milestones=(),
        sections=None,
        changes=(),
        sources=(),
    )


DOCUMENT = Document(
    id="t", title="Test", short_title="T", code="Code", appendix="Z", owner="Owner",
    classification="Public", language="en-GB", notice="", versions=(), chains=(), sources=(),
)  # fmt: skip


def edition(sections: list[Section], number: str = "1.0", day: int = 1) -> Edition:
    """A numbered edition of the test document, labels read by its numbering scheme."""
    scheme = DOCUMENT.scheme
    read = [
        replace(s, clauses=tuple(replace(c, body=assign_kinds(scheme, c.body)) for c in s.clauses))
        for s in sections
    ]
    return numbering.number(Edition(DOCUMENT, version(number, day=day), tuple(read), ()))


def text_at(marked, index: int) -> list[str]:
    """The text of version ``index`` of a chain, read back from the marks (DOCX view)."""
    from tmad.diff.compose import at_place

    def visible(runs) -> str:
        return "".join(
            r.text
            for r in runs
            if (r.inserted is None or r.inserted <= index)
            and (r.deleted is None or r.deleted > index)
        )

    def alive(item) -> bool:
        return (item.arrived is None or item.arrived <= index) and (
            item.left is None or item.left > index
        )

    lines = []
    for section in marked.sections:
        if not alive(section):
            continue
        section = at_place(section)
        lines.append(f"{visible(section.number)} {visible(section.heading)}")
        for clause in section.clauses:
            if not alive(clause):
                continue
            clause = at_place(clause)
            lines.append(f"{visible(clause.number)} {visible(clause.heading)}")
            shown = [
                block
                for block in clause.blocks
                if (block.inserted is None or block.inserted <= index)
                and (block.deleted is None or block.deleted > index)
            ]
            places = [block.place_before(index + 1) for block in shown]
            for block, place, (opening, closing) in zip(
                shown, places, quote_marks(places), strict=True
            ):
                parts = [visible(block.label), visible(block.term), visible(block.text)]
                line = " ".join(p for p in parts if p)
                lines.append("    " * place.level + opening + line + closing)
    return lines


def lines_of(ed: Edition) -> list[str]:
    """An edition as the lines text_at gives, footnotes as a redline shows them: a reference
    ``[^1]`` as its label, a note as its label and words."""
    lines = []
    for section in ed.sections:
        lines.append(f"{section.number} {section.heading}")
        for clause in section.clauses:
            lines.append(f"{clause.number} {clause.heading}")
            marks = quote_marks(clause.body)
            lines.extend(
                "    " * block.level + opening + shown_notes(block) + closing
                for block, (opening, closing) in zip(clause.body, marks, strict=True)
            )
    return lines


def shown_notes(block: Block) -> str:
    """A paragraph's plain text with its footnotes as a redline shows them."""
    if block.note:
        return f"{block.note} {block.text}"
    return NOTE_REFERENCE.sub(r"\1", block.plain())


# --- random editions and random edits -------------------------------------------------

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)


@st.composite
def bodies(draw) -> tuple[Block, ...]:
    """A clause body: lettered paragraphs, roman and capital sub-paragraphs, sometimes a
    label with no text of its own, quoted structure or a definition."""
    blocks = [Block(0, "", draw(sentences))]
    for index in range(1, draw(st.integers(0, 4)) + 1):
        text = "" if draw(st.integers(0, 5)) == 0 else draw(sentences)
        blocks.append(Block(1, format_ordinal("a", index), text))
        for sub in range(1, draw(st.integers(0 if text else 1, 2)) + 1):
            blocks.append(Block(2, format_ordinal("i", sub), draw(sentences)))
            for deeper in range(1, draw(st.integers(0, 1)) + 1):
                blocks.append(Block(3, format_ordinal("A", deeper), draw(sentences)))
        if draw(st.integers(0, 6)) == 0:
            blocks.append(Block(2, "2A", draw(sentences), quote=1))
            blocks.append(Block(2, "", draw(sentences), quote=1))
    if draw(st.integers(0, 3)) == 0:  # a table at the clause's level or under its last (a)
        level = draw(st.sampled_from([0, blocks[-1].level if blocks[-1].label else 0]))
        width = draw(st.integers(1, 3))
        for row in range(draw(st.integers(1, 3))):
            head = row == 0 and draw(st.booleans())
            cells = join_cells([draw(sentences) for _ in range(width)])
            blocks.append(Block(level, "", cells, table="head" if head else "row"))
    if draw(st.booleans()):
        blocks.append(Block(0, "", draw(sentences), term=draw(st.sampled_from(WORDS))))
    return tuple(blocks)


@st.composite
def editions(draw) -> Edition:
    sections = []
    counter = 0
    for s_index in range(draw(st.integers(1, 3))):
        clauses = []
        for _ in range(draw(st.integers(0, 5))):
            counter += 1
            clauses.append(Clause(f"c{counter}", draw(sentences), draw(bodies())))
        sections.append(Section(f"s{s_index}", draw(sentences), tuple(clauses)))
    return edition(sections)


@st.composite
def edited(draw, base: Edition, number: str, day: int) -> Edition:
    """A random next version: words changed, paragraphs and clauses inserted, deleted, moved."""
    sections = [[s, list(s.clauses)] for s in base.sections]
    fresh = 0
    for _ in range(draw(st.integers(0, 6))):
        action = draw(
            st.sampled_from(["words", "heading", "insert_block", "delete_block", "insert_clause",
                             "delete_clause", "move_clause", "section_heading", "renest",
                             "relabel", "unlabel"])
        )  # fmt: skip
        populated = [pair for pair in sections if pair[1]]
        if action == "insert_clause" or not populated:
            target = draw(st.sampled_from(sections))
            fresh += 1
            clause = Clause(f"n{number}-{fresh}", draw(sentences), draw(bodies()))
            target[1].insert(draw(st.integers(0, len(target[1]))), clause)
            continue
        pair = draw(st.sampled_from(populated))
        index = draw(st.integers(0, len(pair[1]) - 1))
        clause = pair[1][index]
        if action == "words":
            b = draw(st.integers(0, len(clause.body) - 1))
            body = list(clause.body)
            width = len(body[b].cells()) if body[b].table else 1
            body[b] = replace(body[b], text=join_cells([draw(sentences) for _ in range(width)]))
            pair[1][index] = replace(clause, body=tuple(body))
        elif action == "heading":
            pair[1][index] = replace(clause, heading=draw(sentences))
        elif action == "insert_block":
            body = list(clause.body)
            body.insert(draw(st.integers(0, len(body))), Block(0, "", draw(sentences)))
            pair[1][index] = replace(clause, body=tuple(body))
        elif action == "delete_block" and len(clause.body) > 1:
            body = list(clause.body)
            del body[draw(st.integers(0, len(body) - 1))]
            pair[1][index] = replace(clause, body=tuple(body))
        elif action == "delete_clause":
            del pair[1][index]
        elif action == "move_clause":
            del pair[1][index]
            target = draw(st.sampled_from(sections))
            target[1].insert(draw(st.integers(0, len(target[1]))), clause)
        elif action == "section_heading":
            pair[0] = replace(pair[0], heading=draw(sentences))
        elif action in ("renest", "relabel", "unlabel"):
            body = list(clause.body)
            b = draw(st.integers(0, len(body) - 1))
            if action == "renest" and body[b].label and not body[b].quote:
                level = draw(st.sampled_from([lv for lv in (1, 2, 3) if lv != body[b].level]))
                body[b] = replace(body[b], level=level, text=body[b].text or draw(sentences))
            elif action == "relabel" and not body[b].quote and not body[b].table:
                label = format_ordinal(
                    {0: "a", 1: "a", 2: "i", 3: "A"}[body[b].level], draw(st.integers(1, 5))
                )
                body[b] = replace(body[b], label=label, level=max(body[b].level, 1))
            elif action == "unlabel" and body[b].label and body[b].text:
                body[b] = replace(body[b], label="", kind="")
            pair[1][index] = replace(clause, body=tuple(body))
    return edition([replace(s, clauses=tuple(c)) for s, c in sections], number=number, day=day)


@st.composite
def chains(draw) -> list[Edition]:
    """Three random versions, each a random edit of the one before."""
    first = draw(editions())
    second = draw(edited(first, "1.1", 2))
    third = draw(edited(second, "1.2", 3))
    return [first, second, third]
