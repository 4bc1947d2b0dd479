"""The schedule of amendments generated from a comparison: ``schedule(comparison) -> Schedule``.

How the schedule is applied (:data:`RULES`, printed with every schedule, says the same):

- Amendments apply in order, top to bottom, each to the text as the amendments
  before it leave it.
- Every reference to a section, clause or paragraph (number, label, defined
  term, ordinal) is to FROM as it stood before any amendment in the schedule,
  wherever an earlier amendment has moved it. Something the schedule inserts is
  referred to only as "the clause (section) inserted by amendment N".
- Quoted words are exact and matched as whole words in the text as it then
  stands (see :mod:`tmad.amend.rules` for omitting and inserting spaces).
- Inserted clauses and sections are quoted with their number in TO. Relabelling
  (at the end of an amendment) and renumbering (the last amendment) change
  labels and numbers only, never words, and take effect together.

The schedule is written in document order: for each section (in the merged
order of :class:`tmad.diff.records.Comparison`), its own amendment (moved,
renamed) then one amendment per changed clause. A moved clause is amended at
its new place; a deleted section is omitted after every clause amendment, once
its clauses have moved out. A clause whose in-place instructions would be longer
than the clause itself is substituted whole.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from tmad.amend.clauses import (
    Unplaceable,
    absolute,
    body_instructions,
    clause_lines,
    heading_instructions,
)
from tmad.amend.model import Amendment, Effect, Instruction, Line, Schedule
from tmad.amend.rules import DASH
from tmad.amend.vocabulary import Vocabulary, capital
from tmad.diff.records import ClauseChange, Comparison, SectionChange
from tmad.model import Clause, Section
from tmad.scheme import Level

_T = TypeVar("_T")


def schedule_rules(
    vocabulary: Vocabulary, quoted: bool = False, tables: bool = False, notes: bool = False
) -> tuple[str, ...]:
    """How to apply a schedule, in the words printed with it (nouns from the document's
    numbering scheme: for the TMAD "section, clause or paragraph"); ``quoted`` and
    ``tables`` add the rules for quoted structure and for table rows where the text has
    them."""
    unit = vocabulary.unit.noun.lower()
    containers = list(
        dict.fromkeys(
            noun
            for noun in (level.noun.lower() for level in vocabulary.scheme.containers)
            if noun != unit
        )
    )
    things = _listed([*dict.fromkeys([*containers, unit, "paragraph"])], "or")
    headed = _listed([*dict.fromkeys([unit, *containers])], "or")
    inserted_as = f"the {unit}" + (f" (or {containers[-1]})" if containers else "")
    quoted_kinds = _listed(
        [*dict.fromkeys(["paragraphs", *(n + "s" for n in [unit, *containers])])]
    )
    numbered = _listed([*dict.fromkeys([unit + "s", *(n + "s" for n in containers)])])
    out = [
        "Apply the amendments in order, from first to last, each to the text as the amendments "
        "before it leave it.",
        f"A {things} is identified by its number, label, defined term or "
        "place in the version amended, as it stood before any amendment in this schedule, "
        f"wherever an earlier amendment has moved it. A {headed} this schedule inserts "
        f"is identified as {inserted_as} inserted by the amendment that inserts it.",
        "A paragraph is one labelled paragraph, unlabelled paragraph or definition; “paragraph "
        "(c)(ii)” is paragraph (ii) within paragraph (c). A paragraph's sub-paragraphs are the "
        "paragraphs after it at a deeper level, up to the next paragraph at its level or above; "
        "an instruction affects them only when it says so, except that “after paragraph (b)” "
        "means after paragraph (b) and its sub-paragraphs. “The second unlabelled paragraph” "
        f"counts the {unit}'s paragraphs that have no label and are not definitions; “paragraph "
        "(a) of the second unlabelled paragraph” is the paragraph (a) among its sub-paragraphs; "
        "“the second paragraph (a)” counts the paragraphs so labelled.",
        "Quoted words are exact, punctuation included, and are matched as whole words in the "
        "text as it stands when the instruction is applied. They occur there once, unless the "
        "instruction names an occurrence (“the second occurrence of”).",
        "Omitting words also omits one space next to them: the space before them or, if there "
        "is none, the space after them. Inserted words are separated from the words before them "
        "by one space, unless they begin with a comma, full stop, semicolon, colon, exclamation "
        "mark, question mark or closing bracket. Words inserted at the beginning are followed "
        "by one space.",
        f"{capital(quoted_kinds)} inserted or substituted are quoted in full, each "
        f"paragraph at its level. An inserted {headed} is given the number it has in "
        "the new version.",
        "Relabelling and renumbering change labels and numbers only, never words, and a "
        f"renumbering takes effect for all the {numbered} it lists at once. Each "
        "cross-reference that changes is amended by its own instruction.",
    ]
    if vocabulary.label_nouns != ("paragraph",):
        nouns = ", ".join(f"{level.noun} ({level.style})" for level in vocabulary.scheme.labels)
        out[2] += (
            " A paragraph is named after the level of its outermost label: "
            f"{nouns}; “{vocabulary.scheme.labels[0].noun} (c)(2)” is the paragraph (2) within "
            f"{vocabulary.scheme.labels[0].noun} (c)."
        )
    if len(vocabulary.scheme.containers) > 1:
        out.append(
            "Inserting, moving or omitting a heading (a "
            f"{_listed([level.name for level in vocabulary.scheme.containers], 'or')}) places or "
            f"removes the heading and the {unit}s directly under it; headings nested under it are "
            "placed by their own instructions."
        )
    if quoted:
        out.append(
            "“The second quoted paragraph” counts the paragraphs of quoted structure (text "
            "quoted in the amended text for insertion in another text); their labels are not "
            "the amended text's own, and a quoted paragraph is quoted again with single "
            "quotation marks."
        )
    if tables:
        out.append(
            "A row of a table is a paragraph of its own, and not an unlabelled paragraph: “the "
            f"second table row” counts the rows of the {unit}'s tables, header rows included. A "
            "quoted row is written “| cell | cell |”, a header row's words in bold, and its "
            "words are amended as a paragraph's are."
        )
    if notes:
        out.append(
            "A footnote is a paragraph of its own, named by its label (“the note [^2]”), and "
            "a paragraph refers to it with that label in its words; a quoted note is written "
            "“[^2]: its words”."
        )
    return tuple(out)


def _listed(words: list[str], joint: str = "and") -> str:
    """ "a, b and c"."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {joint} " + words[-1]


def subject(noun: str, number: str, heading: str) -> str:
    """ "Clause 4.26 (Firmware Upgrades …)" (no brackets when there is no heading)."""
    return f"{noun} {number} ({heading})" if heading else f"{noun} {number}"


def _both(old: _T | None, new: _T | None) -> tuple[_T, _T]:
    """A clause or section that stands in both texts."""
    if old is None or new is None:
        raise ValueError("expected something in both texts")
    return old, new


def _cost(instructions: list[Instruction]) -> int:
    return sum(i.size() for i in instructions)


def _clause_size(clause: Clause) -> int:
    return len(clause.heading) + sum(len(b.plain()) for b in clause.body)


class _Writer:
    """Writes the amendments of one comparison, in order."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.old = comparison.old
        self.new = comparison.new
        self.vocabulary = Vocabulary(self.old.document.scheme)
        self.unit = self.vocabulary.unit
        self.old_clauses = {c.id: c for c in self.old.clauses()}
        self.old_sections = {s.id: s for s in self.old.sections}
        self.new_sections = {s.id: s for s in self.new.sections}
        self.amendments: list[Amendment] = []
        self.inserted: dict[str, int] = {}
        """The amendment inserting each new clause or section, by id."""

    def add(
        self,
        subject_text: str,
        heading: str,
        instructions: list[Instruction],
        full: str,
        target: str,
        effect: Effect = "substitution",
    ) -> int:
        """Add an amendment of ``target`` (an id); ``full`` is the subject as written in a
        lead sentence."""
        number = len(self.amendments) + 1
        lead = f"{capital(full)} is amended as follows." if len(instructions) > 1 else ""
        self.amendments.append(
            Amendment(number, subject_text, heading, lead, tuple(instructions), (target,), effect)
        )
        return number

    # --- references --------------------------------------------------------------------

    def section_noun(self, section: Section) -> str:
        return self.vocabulary.noun(section.level)

    def clause_ref(self, ident: str) -> str:
        if ident in self.old_clauses:
            old = self.old_clauses[ident]
            return subject(self.unit.noun, old.number, old.heading)
        return f"the {self.unit.noun.lower()} inserted by amendment {self.inserted[ident]}"

    def section_ref(self, ident: str) -> str:
        if ident in self.old_sections:
            old = self.old_sections[ident]
            return subject(self.section_noun(old), old.number, old.heading)
        noun = self.section_noun(self.new_sections[ident]).lower()
        return f"the {noun} inserted by amendment {self.inserted[ident]}"

    def clause_place(self, ident: str) -> tuple[str, str]:
        """Where a clause stands in TO: ("after", clause) or ("beginning", section)."""
        section = self.new.section_of(ident)
        ids = [c.id for c in section.clauses]
        at = ids.index(ident)
        if at:
            return "after", self.clause_ref(ids[at - 1])
        if section.is_root:
            return "beginning", "the document"
        return "beginning", self.section_ref(section.id)

    def section_place(self, ident: str) -> str | None:
        ids = [s.id for s in self.new.sections if not s.is_root]
        at = ids.index(ident)
        return self.section_ref(ids[at - 1]) if at else None

    # --- the walk ----------------------------------------------------------------------

    def run(self) -> Schedule:
        comparison = self.comparison
        omitted_sections: list[SectionChange] = []
        for slot in comparison.order:
            section = comparison.sections[slot.id]
            if slot.op == "delete":
                if section.new is None:
                    omitted_sections.append(section)
                else:
                    for clause_slot in slot.clauses:
                        change = comparison.clauses[clause_slot.id]
                        if change.new is None:
                            self.omit_clause(change)
                continue
            if not slot.id:
                pass  # the root holds clauses before any heading: it is never amended itself
            elif section.old is None and section.new is not None:
                self.insert_section(section.new)
            else:
                self.amend_section(section, moved=slot.op == "insert")
            for clause_slot in slot.clauses:
                change = comparison.clauses[clause_slot.id]
                if clause_slot.op == "delete":
                    if change.new is None:
                        self.omit_clause(change)
                    continue
                if change.old is None and change.new is not None:
                    self.insert_clause(change.new)
                else:
                    self.amend_clause(change)
        for section in omitted_sections:
            self.omit_section(section)
        self.renumber()
        blocks = [b for e in (self.old, self.new) for c in e.clauses() for b in c.body]
        quoted = any(b.quote for b in blocks)
        tables = any(b.table for b in blocks)
        footnotes = any(b.note for b in blocks)
        reasons = comparison.new.version.reasons()
        notes = []
        for amendment in self.amendments:
            given = dict.fromkeys(reasons[t] for t in amendment.targets if t in reasons)
            if given:
                notes.append((amendment.number, amendment.subject, " ".join(given)))
        return Schedule(
            comparison.old.document,
            comparison.old.version,
            comparison.new.version,
            tuple(self.amendments),
            schedule_rules(self.vocabulary, quoted, tables, footnotes),
            tuple(notes),
        )

    # --- sections ----------------------------------------------------------------------

    def insert_section(self, section: Section) -> None:
        after = self.section_place(section.id)
        noun = self.section_noun(section)
        place = f"After {after} insert" if after else "At the beginning of the document insert"
        shown = self.vocabulary.printed(
            self.old.document.scheme.level(section.level), section.number
        )
        line = Line("section", 0, shown, "", "", section.heading)
        instruction = Instruction(
            "insert-section", f"{place} a new {noun.lower()}{DASH}", (), (line,)
        )
        number = self.add(
            f"New {noun} {section.number}", section.heading, [instruction], "", section.id,
            "insertion",
        )  # fmt: skip
        self.inserted[section.id] = number

    def amend_section(self, change: SectionChange, moved: bool) -> None:
        old, new = _both(change.old, change.new)
        noun = self.section_noun(old)
        instructions: list[Instruction] = []
        if moved:
            after = self.section_place(new.id)
            where = f"so that it follows {after}" if after else "to the beginning of the document"
            instructions.append(Instruction("move-section", f"Move the {noun.lower()} {where}."))
        instructions += heading_instructions(old.heading, new.heading, change.heading)
        if instructions:
            full = subject(noun, old.number, old.heading)
            self.add(
                f"{capital(noun)} {old.number}",
                old.heading,
                self.written(instructions, full, noun),
                full,
                new.id,
                _effect(instructions),
            )

    def omit_section(self, change: SectionChange) -> None:
        old, _ = _both(change.old, change.old)
        noun = self.section_noun(old)
        full = subject(noun, old.number, old.heading)
        units = self.unit.noun.lower()
        text = f"Omit {full} and every {units} remaining in it."
        self.add(
            f"{capital(noun)} {old.number}", old.heading, [Instruction("omit-section", text)], "",
            old.id, "repeal",
        )  # fmt: skip

    # --- clauses -----------------------------------------------------------------------

    def written(self, instructions: list[Instruction], full: str, noun: str) -> list[Instruction]:
        """A lone instruction written in full; several stay relative to the lead."""
        if len(instructions) != 1:
            return instructions
        only = instructions[0]
        return [
            Instruction(
                only.kind, absolute(only.text, full, noun.lower()), only.items, only.quotation
            )
        ]

    def insert_clause(self, clause: Clause) -> None:
        how, where = self.clause_place(clause.id)
        place = f"After {where}" if how == "after" else f"At the beginning of {where}"
        instruction = Instruction(
            "insert-clause",
            f"{place} insert{DASH}",
            (),
            clause_lines(self.vocabulary, clause.number, clause),
        )
        noun = self.unit.noun
        number = self.add(
            f"New {noun} {clause.number}", clause.heading, [instruction], "", clause.id,
            "insertion",
        )  # fmt: skip
        self.inserted[clause.id] = number

    def omit_clause(self, change: ClauseChange) -> None:
        old, _ = _both(change.old, change.old)
        if change.old_section not in self.new_sections and change.old_section:
            return  # omitted with its section
        noun = self.unit.noun
        text = f"Omit {subject(noun, old.number, old.heading)}."
        self.add(
            f"{capital(noun)} {old.number}", old.heading, [Instruction("omit-clause", text)], "",
            old.id, "repeal",
        )  # fmt: skip

    def amend_clause(self, change: ClauseChange) -> None:
        old, new = _both(change.old, change.new)
        noun = self.unit.noun
        instructions: list[Instruction] = []
        if "moved" in change.kinds:
            how, where = self.clause_place(new.id)
            place = (
                f"so that it follows {where}" if how == "after" else f"to the beginning of {where}"
            )
            instructions.append(Instruction("move-clause", f"Move the {noun.lower()} {place}."))
        if "modified" in change.kinds:
            instructions += self.clause_text(change)
        if instructions:
            full = subject(noun, old.number, old.heading)
            self.add(
                f"{capital(noun)} {old.number}",
                old.heading,
                self.written(instructions, full, noun),
                full,
                new.id,
                _effect(instructions),
            )

    def clause_text(self, change: ClauseChange) -> list[Instruction]:
        """Instructions for a clause's heading and paragraphs, or one substituting it whole."""
        old, new = _both(change.old, change.new)
        whole = Instruction(
            "substitute-clause",
            f"For the {self.unit.noun.lower()} substitute{DASH}",
            (),
            clause_lines(self.vocabulary, old.number, new),
        )
        try:
            pieces = heading_instructions(old.heading, new.heading, change.heading)
            pieces += body_instructions(change, self.old.document.scheme)
        except Unplaceable:
            return [whole]
        if _cost(pieces) > _clause_size(new):
            return [whole]
        return pieces

    # --- renumbering -------------------------------------------------------------------

    def renumber(self) -> None:
        scheme = self.old.document.scheme
        sentences: list[str] = []
        nouns: list[str] = []
        renumbered: list[str] = []
        for level in [*scheme.containers, scheme.unit]:
            if level is scheme.unit:
                old = [(c.id, c.number) for c in self.old.clauses()]
                new = {c.id: c.number for c in self.new.clauses()}
            else:
                old = [(s.id, s.number) for s in self.old.sections if s.level == level.name]
                new = {s.id: s.number for s in self.new.sections if s.level == level.name}
            found = _runs(self.vocabulary, level, old, new)
            renumbered += [i for i, n in old if i in new and new[i] != n]
            if found:
                sentences += found
                nouns.append(self.vocabulary.plural(level.noun).lower())
        if not sentences:
            return
        instructions = [Instruction("renumber", text) for text in sentences]
        number = len(self.amendments) + 1
        lead = (
            f"{capital(_listed(list(dict.fromkeys(nouns))))} are renumbered as follows."
            if len(instructions) > 1
            else ""
        )
        made = Amendment(number, "Renumbering", "", lead, tuple(instructions))
        self.amendments.append(replace(made, targets=tuple(renumbered), effect="renumbering"))


def _effect(instructions: list[Instruction]) -> Effect:
    """A move alone renumbers (AKN has no move); anything else substitutes."""
    moves = ("move-clause", "move-section")
    return "renumbering" if all(i.kind in moves for i in instructions) else "substitution"


def _runs(
    vocabulary: Vocabulary, level: Level, old: list[tuple[str, str]], new: dict[str, str]
) -> list[str]:
    """ "Clauses 4.34 to 4.42 are renumbered 4.35 to 4.43." for each run of renumbering."""
    moving = [(ident, number, new[ident]) for ident, number in old if ident in new]
    moving = [item for item in moving if item[1] != item[2]]
    runs: list[list[tuple[str, str, str]]] = []
    for item in moving:
        if runs:
            last = runs[-1][-1]
            if vocabulary.successor(level, last[1]) == item[1] and (
                vocabulary.successor(level, last[2]) == item[2]
            ):
                runs[-1].append(item)
                continue
        runs.append([item])
    noun = level.noun
    out = []
    for run in runs:
        if len(run) == 1:
            out.append(f"{capital(noun)} {run[0][1]} is renumbered {run[0][2]}.")
        else:
            joint = " and " if len(run) == 2 else " to "
            out.append(
                f"{capital(vocabulary.plural(noun))} {run[0][1]}{joint}{run[-1][1]} are "
                f"renumbered {run[0][2]}{joint}{run[-1][2]}."
            )
    return out


def schedule(comparison: Comparison) -> Schedule:
    """The schedule of amendments that turns the comparison's old text into its new text."""
    return _Writer(comparison).run()
