"""The instructions that amend one clause in place: its heading, paragraphs and labels.

Paragraphs come from the comparison's alignment (:class:`tmad.diff.records.BlockChange`).
A FROM paragraph that is kept (equal or modified) keeps its identity; between
two kept paragraphs, removed paragraphs are omitted and then added ones
inserted, placed "after" or "before" a kept paragraph. A modified paragraph
gets word instructions, or its text is substituted when the word
instructions would be longer; a change of level, of label style or of
defined term substitutes the paragraph. Relabelling comes last.

Positions are chosen on a running copy of the clause's outline, amended as
each instruction is written, with the same meaning the interpreter gives them
(``after X`` is after X and the sub-paragraphs it then has). Instructions are
relative to the clause ("In paragraph (a), …"); :func:`absolute` writes one
in full when it is the only one in its amendment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tmad.amend import words
from tmad.amend.model import Instruction, InstructionKind, Line
from tmad.amend.paragraphs import (
    Ref,
    labels_text,
    name,
    parents,
    plain_labelled,
    ref_to,
    siblings,
)
from tmad.amend.rules import CLOSE, DASH, OPEN
from tmad.amend.vocabulary import Vocabulary, capital
from tmad.consolidate import sort_key
from tmad.diff.records import BlockChange, ClauseChange
from tmad.diff.words import Segment
from tmad.labels import ordinal
from tmad.model import Block, Clause
from tmad.scheme import Scheme


class Unplaceable(Exception):
    """Paragraphs cannot be placed by reference to kept ones: substitute the whole clause."""


def paragraph_lines(blocks: tuple[Block, ...] | list[Block]) -> tuple[Line, ...]:
    """Paragraphs as quoted lines."""
    return tuple(
        Line("paragraph", b.level, "", b.label, b.term, b.text, b.quote, b.table, b.note)
        for b in blocks
    )


def clause_lines(vocabulary: Vocabulary, number: str, clause: Clause) -> tuple[Line, ...]:
    """A whole clause as quoted lines: its heading (with the number given, as printed) and
    paragraphs."""
    shown = vocabulary.printed(vocabulary.unit, number)
    return (Line("clause", 0, shown, "", "", clause.heading), *paragraph_lines(clause.body))


def quote(text: str) -> str:
    """“text”."""
    return f"{OPEN}{text}{CLOSE}"


def text_instructions(target: str, old: str, new: str, segments: tuple[Segment, ...] | None):
    """Word instructions turning one text into another, or its substitution if shorter.

    ``target`` names the text ("paragraph (a)", "the heading", "the text"); the
    substitution reads "For the text of paragraph (a) substitute “…”." (or "For
    the heading …", "For the text …").
    """
    if target in ("the heading", "the text"):
        whole_text = f"For {target} substitute {quote(new)}."
    else:
        whole_text = f"For the text of {target} substitute {quote(new)}."
    kind: InstructionKind = "substitute-heading" if target == "the heading" else "substitute-text"
    whole = Instruction(kind, whole_text)
    edits = words.plan(old, new, segments)
    if not edits:
        return whole
    if len(edits) == 1:
        edit = edits[0]
        kinds: dict[str, InstructionKind] = {
            "substitute": "substitute-words",
            "omit": "omit-words",
        }
        kind = kinds.get(edit.kind, "insert-words")
        if target == "the heading":
            kind = "amend-heading"
        piece = Instruction(kind, f"In {target}, {edit.phrase()}.")
    else:
        items = tuple(
            edit.phrase() + (";" if index < len(edits) - 1 else ".")
            for index, edit in enumerate(edits)
        )
        kind = "amend-heading" if target == "the heading" else "amend-words"
        piece = Instruction(kind, f"In {target}{DASH}", items)
    return whole if piece.size() > whole.size() else piece


@dataclass
class _Entry:
    """A paragraph of the running outline: its level now and where it came from (mutable:
    a structural substitution changes the level in place)."""

    level: int
    """Its level now."""
    old: int | None
    """Its index in FROM, or None for a paragraph this schedule inserts."""


class _Outline:
    """The clause's paragraphs as the instructions written so far leave them."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self.entries = [_Entry(b.level, i) for i, b in enumerate(blocks)]

    def where(self, old: int) -> int:
        return next(i for i, e in enumerate(self.entries) if e.old == old)

    def has(self, old: int) -> bool:
        return any(e.old == old for e in self.entries)

    def end_of(self, position: int) -> int:
        """The index after a paragraph's sub-paragraphs."""
        level = self.entries[position].level
        end = position + 1
        while end < len(self.entries) and self.entries[end].level > level:
            end += 1
        return end

    def subparagraphs(self, old: int) -> list[_Entry]:
        position = self.where(old)
        return self.entries[position + 1 : self.end_of(position)]


class _Body:
    """Writes the instructions for one clause's paragraphs."""

    def __init__(self, change: ClauseChange, scheme: Scheme) -> None:
        if change.old is None or change.new is None:
            raise ValueError("only a clause in both texts is amended in place")
        self.old = change.old.body
        self.new = change.new.body
        self.change = change
        self.scheme = scheme
        self.vocabulary = Vocabulary(scheme)
        self.outline = _Outline(self.old)
        self.out: list[Instruction] = []
        self.relabels: list[tuple[int, str]] = []

    def style(self, block: Block) -> str:
        """The label style of a paragraph's level."""
        return self.scheme.level(block.kind).style if block.kind else "a"

    def ref(self, index: int) -> str:
        return name(self.old, index, self.vocabulary)

    def ref_to(self, index: int) -> Ref:
        return ref_to(self.old, index, self.vocabulary)

    def run(self) -> list[Instruction]:
        kept_prev: int | None = None
        deleted: list[int] = []
        inserted: list[int] = []
        old_i = new_i = 0
        for change in self.change.blocks:
            o = n = -1
            if change.old is not None:
                o, old_i = old_i, old_i + 1
            if change.new is not None:
                n, new_i = new_i, new_i + 1
            if change.kind == "deleted":
                deleted.append(o)
            elif change.kind == "inserted":
                inserted.append(n)
            else:
                self.gap(kept_prev, o, deleted, inserted)
                deleted, inserted = [], []
                self.modified(change, o, n)
                kept_prev = o
        self.gap(kept_prev, None, deleted, inserted)
        self.out += self.relabelling()
        return self.out

    # --- omissions ---------------------------------------------------------------------

    def gap(self, before: int | None, after: int | None, deleted: list[int], inserted: list[int]):
        self.omissions(deleted)
        if inserted:
            self.insertion(before, after, inserted)

    def omissions(self, deleted: list[int]) -> None:
        gone = set(deleted)
        index = 0
        while index < len(deleted):
            block = deleted[index]
            below = self.outline.subparagraphs(block)
            position = self.outline.where(block)
            if below and all(e.old in gone for e in below):
                text = f"Omit {self.ref(block)} and its sub-paragraphs."
                del self.outline.entries[position : position + 1 + len(below)]
                index += 1
                while index < len(deleted) and deleted[index] in {e.old for e in below}:
                    index += 1
                self.out.append(Instruction("omit-paragraphs", text))
                continue
            if below:
                text = f"Omit {self.ref(block)}, but not its sub-paragraphs."
                del self.outline.entries[position]
                self.out.append(Instruction("omit-paragraphs", text))
                index += 1
                continue
            run = self.leaf_run(deleted, index)
            if len(run) > 1:
                first, last = self.ref_to(run[0]), self.ref_to(run[-1])
                joint = " and " if len(run) == 2 else " to "
                nouns = self.vocabulary.plural(first.noun)
                text = f"Omit {nouns} {labels_text(first.labels)}{joint}{labels_text(last.labels)}."
            else:
                text = f"Omit {self.ref(block)}."
            for member in run:
                del self.outline.entries[self.outline.where(member)]
            self.out.append(Instruction("omit-paragraphs", text))
            index += len(run)

    def leaf_run(self, deleted: list[int], index: int) -> list[int]:
        """Consecutive sibling paragraphs without sub-paragraphs, omitted together."""
        run = [deleted[index]]
        if not plain_labelled(self.ref_to(run[0])):
            return run
        family = siblings(self.old, run[0])
        while index + len(run) < len(deleted):
            following = deleted[index + len(run)]
            at = family.index(run[-1])
            if at + 1 >= len(family) or family[at + 1] != following:
                break
            if not plain_labelled(self.ref_to(following)):
                break
            if self.outline.subparagraphs(following):
                break
            if self.outline.where(following) != self.outline.where(run[-1]) + 1:
                break
            run.append(following)
        return run

    # --- insertions --------------------------------------------------------------------

    def insertion(self, before: int | None, after: int | None, inserted: list[int]) -> None:
        blocks = [self.new[j] for j in inserted]
        at = self.outline.where(before) + 1 if before is not None else 0
        position = self.position(before, after, at, blocks[0])
        if position is None:
            raise Unplaceable
        lines = paragraph_lines(blocks)
        definition = self.definition_place(position, inserted)
        if definition is not None:
            text = f"Insert the following definition in its alphabetical place, {definition}{DASH}"
            kind: InstructionKind = "insert-definition"
        else:
            text = f"{position[0].upper()}{position[1:]} insert{DASH}"
            kind = "insert-paragraphs"
        self.out.append(Instruction(kind, text, quotation=lines))
        self.outline.entries[at:at] = [_Entry(b.level, None) for b in blocks]

    def position(self, before: int | None, after: int | None, at: int, first: Block) -> str | None:
        """ "after paragraph (b)" or "before paragraph (c)": where ``at`` is, in words."""
        if before is not None:
            choices: list[int] = []
            family = parents(self.old)
            current: int | None = before
            while current is not None:
                choices.append(current)
                current = family[current]
            preferred = [c for c in choices if self.old[c].level == first.level]
            ordered = [*preferred, before, *choices]
            for choice in dict.fromkeys(ordered):
                block = self.old[choice]
                if choice != before and not (block.label or block.term):
                    continue
                if not self.outline.has(choice):
                    continue
                if self.outline.end_of(self.outline.where(choice)) == at:
                    return f"after {self.ref(choice)}"
        if after is not None:
            return f"before {self.ref(after)}"
        return None

    def definition_place(self, position: str, inserted: list[int]) -> str | None:
        """Where an inserted definition goes, if it is one and in alphabetical order."""
        first = self.new[inserted[0]]
        if not first.term or any(self.new[j].level == 0 for j in inserted[1:]):
            return None
        if not re.match(r"(after|before) the (\S+ )?definition of ", position):
            return None
        terms = [b.term for b in self.new if b.term]
        place = [j for j, b in enumerate(self.new) if b.term].index(inserted[0])
        key = sort_key(first.term)
        if place > 0 and not sort_key(terms[place - 1]) < key:
            return None
        if place + 1 < len(terms) and not key < sort_key(terms[place + 1]):
            return None
        return position

    # --- modified paragraphs -----------------------------------------------------------

    def modified(self, change: BlockChange, o: int, n: int) -> None:
        old, new = self.old[o], self.new[n]
        if old == new:
            return
        structural = (
            old.level != new.level
            or old.quote != new.quote
            or bool(old.label) != bool(new.label)
            or old.term != new.term
            or old.table != new.table  # a paragraph made a row, a row a header row, …
            or old.note != new.note
        )
        if structural:
            below = self.outline.subparagraphs(o)
            but = ", but not its sub-paragraphs," if below else ""
            text = f"For {self.ref(o)}{but} substitute{DASH}"
            lines = paragraph_lines([new])
            self.out.append(Instruction("substitute-paragraph", text, quotation=lines))
            self.outline.entries[self.outline.where(o)].level = new.level
            return
        if old.text != new.text:
            target = "the text" if len(self.old) == 1 else self.ref(o)
            self.out.append(text_instructions(target, old.text, new.text, change.text))
        if old.label != new.label:
            self.relabels.append((o, new.label))

    # --- relabelling -------------------------------------------------------------------

    def relabelling(self) -> list[Instruction]:
        out: list[Instruction] = []
        index = 0
        while index < len(self.relabels):
            run = [self.relabels[index]]
            while index + len(run) < len(self.relabels):
                o, label = run[-1]
                following, next_label = self.relabels[index + len(run)]
                family = siblings(self.old, o)
                at = family.index(o)
                style = self.style(self.old[o])
                if not (
                    at + 1 < len(family)
                    and family[at + 1] == following
                    and plain_labelled(self.ref_to(o))
                    and plain_labelled(self.ref_to(following))
                    and ordinal(style, next_label) == ordinal(style, label) + 1
                    and ordinal(style, next_label) > 0
                ):
                    break
                run.append((following, next_label))
            out.append(Instruction("relabel", self.relabel_text(run)))
            index += len(run)
        return out

    def relabel_text(self, run: list[tuple[int, str]]) -> str:
        if len(run) == 1:
            o, label = run[0]
            return f"{capital(self.ref(o))} is relabelled ({label})."
        first, last = self.ref_to(run[0][0]), self.ref_to(run[-1][0])
        joint = " and " if len(run) == 2 else " to "
        nouns = capital(self.vocabulary.plural(first.noun))
        return (
            f"{nouns} {labels_text(first.labels)}{joint}{labels_text(last.labels)} are "
            f"relabelled ({run[0][1]}){joint}({run[-1][1]})."
        )


def body_instructions(change: ClauseChange, scheme: Scheme) -> list[Instruction]:
    """Instructions amending a clause's paragraphs in place (Unplaceable when impossible)."""
    return _Body(change, scheme).run()


def heading_instructions(old: str, new: str, segments) -> list[Instruction]:
    """Instructions amending a heading ("In the heading, …" or "For the heading …")."""
    if old == new:
        return []
    return [text_instructions("the heading", old, new, segments)]


def absolute(text: str, subject: str, noun: str) -> str:
    """A relative instruction written in full for a subject ("Clause 4.26 (…)").

    ``noun`` is the noun of what is amended, as "the {noun}" reads ("clause", "section",
    "chapter"). The interpreter reverses exactly these forms.
    """
    rules = (
        ("In the heading, ", f"In the heading of {subject}, "),
        (f"In the heading{DASH}", f"In the heading of {subject}{DASH}"),
        ("For the heading substitute ", f"For the heading of {subject} substitute "),
        ("In the text, ", f"In {subject}, "),
        (f"In the text{DASH}", f"In {subject}{DASH}"),
        ("For the text substitute ", f"For the text of {subject} substitute "),
        (f"Move the {noun} ", f"Move {subject} "),
        (f"For the {noun} substitute{DASH}", f"For {subject} substitute{DASH}"),
    )
    for relative, full in rules:
        if text.startswith(relative):
            return full + text[len(relative) :]
    return f"In {subject}, {text[:1].lower()}{text[1:]}"
