"""Reading a schedule of amendments (its Markdown text) and applying it to FROM by hand's rules.

This is the proof that a schedule is complete and precise: it reads only the
Markdown a person reads (never the generator's data), parses every sentence
against the fixed forms the schedule uses, applies them with the rules of
:mod:`tmad.amend.rules` and :mod:`tmad.amend.paragraphs`, and returns the text
in the form of ``tmad show TO --json`` without ids (the schedule does not carry
them)::

    {"document", "version", "clauses": [{"number", "heading", "text"}]}

``text`` is each paragraph's plain text (label, term, words) one per line, as
:meth:`tmad.model.Clause.plain` writes it. :func:`apply_schedule` also gives
the sections (number and heading), which that JSON leaves out. Anything that
does not read as a known form, does not resolve to exactly one thing, or
leaves numbering out of sequence raises :class:`AmendmentError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tmad.amend import paragraphs, rules
from tmad.amend.paragraphs import REF_PATTERN
from tmad.amend.rules import CLOSE, DASH, OPEN, ORDINAL_PATTERN, AmendmentError, ordinal_value
from tmad.labels import format_ordinal, ordinal
from tmad.model import Block, Edition
from tmad.outline import assign_kinds
from tmad.showtext import block_json

_Q = rf"{OPEN}(.*){CLOSE}"
"""A quotation that runs to the end of the sentence (it may hold balanced quotation marks)."""
_OCC = rf"(?:the ({ORDINAL_PATTERN}) occurrence of )?"
_TWO_QUOTES = re.compile(rf"(for|after) {_OCC}{OPEN}(.*){CLOSE}\Z")
_OMIT = re.compile(rf"omit {_OCC}{OPEN}(.*){CLOSE}\Z")
_AT = re.compile(rf"at the (beginning|end) insert {OPEN}(.*){CLOSE}\Z")


def _split(body: str, separator: str) -> tuple[str, str] | None:
    """Two quotations joined by a separator ("A” substitute “B"), each balanced."""
    start = 0
    while (at := body.find(separator, start)) != -1:
        first, second = body[:at], body[at + len(separator) :]
        if rules.balanced(first) and rules.balanced(second):
            return first, second
        start = at + 1
    return None


def parse_edit(phrase: str) -> tuple[str, int | None, str, str] | None:
    """A word instruction's kind, occurrence and quotations ("for “A” substitute “B”")."""
    if match := _TWO_QUOTES.match(phrase):
        kind = "substitute" if match.group(1) == "for" else "after"
        separator = (
            f"{CLOSE} substitute {OPEN}" if kind == "substitute" else f"{CLOSE} insert {OPEN}"
        )
        parts = _split(match.group(3), separator)
        if parts is None:
            return None
        nth = ordinal_value(match.group(2)) if match.group(2) else None
        return kind, nth, parts[0], parts[1]
    if match := _OMIT.match(phrase):
        if not rules.balanced(match.group(2)):
            return None
        nth = ordinal_value(match.group(1)) if match.group(1) else None
        return "omit", nth, match.group(2), ""
    if match := _AT.match(phrase):
        return match.group(1), None, "", match.group(2)
    return None


# --- the text being amended ---------------------------------------------------------------


# The text being amended is working state, changed in place as each instruction applies;
# unlike the rest of tmad these classes are mutable (and compared by identity).


@dataclass(eq=False)
class _Paragraph:
    """A paragraph of the text being amended."""

    level: int
    """0 clause-level, 1 for (a), 2 for (i), 3 for (A)."""
    label: str
    """The label without brackets, or ""."""
    term: str
    """For a definition, the defined term."""
    text: str
    """The words (a definition's meaning)."""
    origin: int | None
    """Its index in the FROM clause, or None when the schedule inserted it."""
    quote: int = 0
    """How deep it is in quoted structure (kept from FROM)."""

    def block(self) -> Block:
        return Block(self.level, self.label, self.text, self.term, quote=self.quote)

    def plain(self) -> str:
        return self.block().plain()


@dataclass(eq=False)
class _Clause:
    """A clause of the text being amended."""

    number: str
    """Its number: FROM's until the renumbering, or TO's when the schedule inserted it."""
    heading: str
    """Its heading as amended so far."""
    paragraphs: list[_Paragraph]
    """Its paragraphs as amended so far."""
    original: tuple[Block, ...]
    """The FROM body, which paragraph references are resolved against (empty if inserted)."""
    original_heading: str = ""
    """The FROM heading, which references to the clause repeat."""


@dataclass(eq=False)
class _Section:
    """A section of the text being amended."""

    number: str
    """Its number: FROM's until the renumbering, or TO's when the schedule inserted it."""
    heading: str
    """Its heading as amended so far."""
    clauses: list[_Clause] = field(default_factory=list)
    """Its clauses, in order."""
    original_heading: str = ""
    """The FROM heading, which references to the section repeat."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The text a schedule gives."""

    version: str
    """The version the schedule says it gives."""
    sections: tuple[tuple[str, str], ...]
    """Each section's number and heading."""
    clauses: tuple[dict, ...]
    """Each clause's number, heading and plain text."""


# --- reading the Markdown -----------------------------------------------------------------


@dataclass
class _Item:
    """A sentence with its lettered items and quotation, as read (filled line by line)."""

    text: str
    """The sentence, unescaped."""
    items: list[str] = field(default_factory=list)
    """Its lettered items (a), (b), … unescaped."""
    quotation: list[str] = field(default_factory=list)
    """Its quotation's Markdown lines, as written."""


@dataclass
class _Amendment:
    """A numbered amendment, as read (filled line by line)."""

    number: int
    """Its number."""
    lead: _Item
    """The sentence after the number: the lead, or the only instruction."""
    instructions: list[_Item] = field(default_factory=list)
    """The numbered instructions (1), (2), … after a lead."""


_AMENDMENT = re.compile(r"\*\*(\d+)\.\*\* (.*)\Z")
_INSTRUCTION = re.compile(r"\((\d+)\) (.*)\Z")
_LETTERED = re.compile(r"\(([a-z]+)\) (.*)\Z")
_RENUMBER = re.compile(
    r"(Clause|Section) (\S+) is renumbered (\S+)\.|"
    r"(Clause|Section)s (\S+) (to|and) (\S+) are renumbered (\S+) (to|and) (\S+)\."
)
_SUMMARY = re.compile(r"This schedule amends version (.+?) of the .* to give version (.+?)\.\Z")


def read(markdown: str) -> tuple[str, str, list[_Amendment]]:
    """FROM's and TO's version numbers and the amendments, as written."""
    lines = markdown.splitlines()
    versions = None
    for line in lines:
        if match := _SUMMARY.match(rules.unescape(line)):
            versions = match.group(1), match.group(2)
            break
    if versions is None:
        raise AmendmentError("the schedule does not say which versions it is between")
    try:
        start = lines.index("## Amendments") + 1
    except ValueError:
        raise AmendmentError("the schedule has no '## Amendments' section") from None
    amendments: list[_Amendment] = []
    current: _Item | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.startswith("## "):
            break
        if not line.strip():
            continue
        if line.startswith(">"):
            if current is None:
                raise AmendmentError(f"line {number}: a quotation outside an amendment")
            current.quotation.append(line)
            continue
        if match := _AMENDMENT.match(line):
            if int(match.group(1)) != len(amendments) + 1:
                raise AmendmentError(f"line {number}: amendment {match.group(1)} out of order")
            current = _Item(rules.unescape(match.group(2)))
            amendments.append(_Amendment(len(amendments) + 1, current))
            continue
        if not amendments:
            if line.startswith("The two versions have the same text"):
                continue
            raise AmendmentError(f"line {number}: expected an amendment: {line!r}")
        if match := _INSTRUCTION.match(line):
            amendment = amendments[-1]
            if int(match.group(1)) != len(amendment.instructions) + 1:
                raise AmendmentError(f"line {number}: instruction {match.group(1)} out of order")
            current = _Item(rules.unescape(match.group(2)))
            amendment.instructions.append(current)
            continue
        if match := _LETTERED.match(line):
            if current is None:
                raise AmendmentError(f"line {number}: an item outside an amendment")
            if match.group(1) != format_ordinal("a", len(current.items) + 1):
                raise AmendmentError(f"line {number}: item ({match.group(1)}) out of order")
            current.items.append(rules.unescape(match.group(2)))
            continue
        raise AmendmentError(f"line {number}: cannot read {line!r}")
    return versions[0], versions[1], amendments


@dataclass(frozen=True, slots=True)
class _Quoted:
    """One line of a quotation, read back (the counterpart of :class:`tmad.amend.model.Line`)."""

    kind: str
    """ "section", "clause" (a heading) or "paragraph"."""
    level: int
    """A paragraph's level (how many ``>`` it has, less one)."""
    number: str = ""
    """A heading's number."""
    label: str = ""
    """A paragraph's label."""
    term: str = ""
    """A definition's term."""
    text: str = ""
    """The heading or the paragraph's words."""


_LABEL = re.compile(r"\(([A-Za-z]+)\) ")
_TERM = re.compile(r"\*\*((?:\\.|[^*\\])*)\*\* ")
_HEADING = re.compile(r"\*\*((?:\\.|[^*\\])*)\*\*\Z")


def quotation(lines: list[str], headed: str | None = None) -> list[_Quoted]:
    """The quoted lines: each ``>`` mark is a level; ``headed`` names a first heading line."""
    if not lines:
        raise AmendmentError("an instruction ending in a dash needs a quotation")
    out: list[_Quoted] = []
    contents: list[tuple[int, str]] = []
    for line in lines:
        marks = re.match(r"((?:> ?)+)", line)
        if marks is None:
            raise AmendmentError(f"not a quotation line: {line!r}")
        depth = marks.group(1).count(">")
        content = line[len(marks.group(1)) :]
        if content.strip():
            contents.append((depth, content))
    if not contents:
        raise AmendmentError("empty quotation")
    first_depth, first = contents[0]
    if not first.startswith(OPEN):
        raise AmendmentError(f"a quotation begins with {OPEN}: {first!r}")
    contents[0] = (first_depth, first[1:])
    last_depth, last = contents[-1]
    if not last.endswith(f"{CLOSE}."):
        raise AmendmentError(f"a quotation ends with {CLOSE}.: {last!r}")
    contents[-1] = (last_depth, last[:-2])
    for index, (depth, content) in enumerate(contents):
        if index == 0 and headed is not None:
            match = _HEADING.match(content)
            if match is None or depth != 1:
                raise AmendmentError(f"expected a bold {headed} heading: {content!r}")
            number, _, heading = rules.unescape(match.group(1)).partition(" ")
            out.append(_Quoted(headed, 0, number=number, text=heading))
            continue
        label = term = ""
        if match := _LABEL.match(content):
            label = match.group(1)
            content = content[match.end() :]
        if match := _TERM.match(content):
            term = rules.unescape(match.group(1))
            content = content[match.end() :]
        out.append(
            _Quoted("paragraph", depth - 1, label=label, term=term, text=rules.unescape(content))
        )
    return out


# --- applying -----------------------------------------------------------------------------


_SUBJECT_LEAD = re.compile(
    r"(Move |For the heading of |For the text of |In the heading of |For |In )(?=Clause|Section)"
)
_RELATIVE = {
    "Move ": "Move the {noun}",
    "For the heading of ": "For the heading",
    "For the text of ": "For the text",
    "In the heading of ": "In the heading",
    "For ": "For the {noun}",
}
"""How an instruction written in full for a clause or section reads relative to it
(the reverse of :func:`tmad.amend.clauses.absolute`)."""


def _is_edit(phrase: str) -> bool:
    return parse_edit(phrase) is not None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Interpreter:
    """Applies amendments, in order, to a working copy of FROM."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.sections: list[_Section] = []
        self.section_by_number: dict[str, _Section] = {}
        self.clause_by_number: dict[str, _Clause] = {}
        for section in edition.sections:
            own = _Section(section.number, section.heading, [], section.heading)
            for clause in section.clauses:
                body = [
                    _Paragraph(b.level, b.label, b.term, b.text, i, b.quote)
                    for i, b in enumerate(clause.body)
                ]
                item = _Clause(clause.number, clause.heading, body, clause.body, clause.heading)
                own.clauses.append(item)
                self.clause_by_number[clause.number] = item
            self.sections.append(own)
            self.section_by_number[section.number] = own
        self.inserted: dict[int, _Clause | _Section] = {}
        self.renumbered: dict[int, str] = {}
        self.amendment = 0

    # --- references ----------------------------------------------------------------------

    def subject(self, text: str) -> tuple[_Clause | _Section, str]:
        """The clause or section a text begins with ("Clause 4.26 (Heading)"), and the rest."""
        match = re.match(r"(Clause|Section) (\d+(?:\.\d+)?)", text)
        if match is None:
            raise AmendmentError(f"expected a clause or section: {text!r}")
        table = self.clause_by_number if match.group(1) == "Clause" else self.section_by_number
        item = table.get(match.group(2))
        if item is None:
            raise AmendmentError(f"there is no {match.group(1)} {match.group(2)} in FROM")
        rest = text[match.end() :]
        original = item.original_heading
        if original and rest.startswith(f" ({original})"):
            rest = rest[len(original) + 3 :]
        elif original:
            raise AmendmentError(f"{match.group(0)} is headed {original!r} in FROM: {text!r}")
        return item, rest

    def place(self, text: str, noun: str) -> tuple[_Clause | _Section, str]:
        """ "Clause 4.33 (…)" or "the clause inserted by amendment 3", and the rest."""
        match = re.match(rf"the {noun} inserted by amendment (\d+)", text)
        if match is not None:
            item = self.inserted.get(int(match.group(1)))
            wanted = _Clause if noun == "clause" else _Section
            if not isinstance(item, wanted) or int(match.group(1)) >= self.amendment:
                raise AmendmentError(f"amendment {match.group(1)} inserted no {noun} before this")
            return item, text[match.end() :]
        item, rest = self.subject(text)
        if noun == "clause" and not isinstance(item, _Clause):
            raise AmendmentError(f"expected a clause: {text!r}")
        if noun == "section" and not isinstance(item, _Section):
            raise AmendmentError(f"expected a section: {text!r}")
        return item, rest

    def section_holding(self, clause: _Clause) -> _Section:
        for section in self.sections:
            if any(c is clause for c in section.clauses):
                return section
        raise AmendmentError("a clause the schedule refers to is no longer in the text")

    # --- amendments ----------------------------------------------------------------------

    def apply(self, amendment: _Amendment) -> None:
        self.amendment = amendment.number
        lead = amendment.lead
        if amendment.instructions:
            if lead.items or lead.quotation:
                raise AmendmentError(f"amendment {amendment.number}: a lead has no items")
            if re.fullmatch(
                r"(Sections|Clauses|Sections and clauses) are renumbered as follows\.", lead.text
            ):
                for item in amendment.instructions:
                    self.renumber(item.text)
                return
            if not lead.text.endswith(" is amended as follows."):
                raise AmendmentError(f"amendment {amendment.number}: cannot read {lead.text!r}")
            item, rest = self.subject(lead.text)
            if rest != " is amended as follows.":
                raise AmendmentError(f"amendment {amendment.number}: cannot read {lead.text!r}")
            for instruction in amendment.instructions:
                self.relative(item, instruction)
            return
        self.whole(lead)

    def whole(self, item: _Item) -> None:
        """A one-instruction amendment, written in full."""
        text = item.text
        if _RENUMBER.fullmatch(text):
            self.renumber(text)
            return
        if text.startswith("Omit Section "):
            section, rest = self.subject(text[5:])
            if rest != " and every clause remaining in it.":
                raise AmendmentError(f"cannot read {text!r}")
            self.sections.remove(section)  # type: ignore[arg-type]
            return
        if text.startswith("Omit Clause "):
            clause, rest = self.subject(text[5:])
            if rest != ".":
                raise AmendmentError(f"cannot read {text!r}")
            self.section_holding(clause).clauses.remove(clause)  # type: ignore[arg-type]
            return
        if text.endswith(f" insert a new section{DASH}"):
            self.insert_section(text[: -len(f" insert a new section{DASH}")], item)
            return
        if text.endswith(f" insert{DASH}") and text.startswith(("After C", "After t", "At ")):
            self.insert_clause(text[: -len(f" insert{DASH}")], item)
            return
        match = _SUBJECT_LEAD.match(text)
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        lead = match.group(1)
        subject, rest = self.subject(text[len(lead) :])
        noun = "clause" if isinstance(subject, _Clause) else "section"
        if lead != "In ":
            relative = _RELATIVE[lead].format(noun=noun) + rest
        elif rest.startswith(DASH) or (rest.startswith(", ") and _is_edit(rest[2:-1])):
            relative = f"In the text{rest}"
        elif rest.startswith(", "):
            relative = _capital(rest[2:])
        else:
            raise AmendmentError(f"cannot read {text!r}")
        self.relative(subject, _Item(relative, item.items, item.quotation))

    def relative(self, subject: _Clause | _Section, item: _Item) -> None:
        text = item.text
        if isinstance(subject, _Section):
            self.section_instruction(subject, item)
            return
        clause = subject
        if text.startswith("Move the clause "):
            self.move_clause(clause, text[len("Move the clause ") :])
            return
        if text == f"For the clause substitute{DASH}":
            lines = quotation(item.quotation, headed="clause")
            if lines[0].number != clause.number:
                raise AmendmentError(f"Clause {clause.number} is quoted as {lines[0].number}")
            clause.heading = lines[0].text
            clause.paragraphs = [
                _Paragraph(q.level, q.label, q.term, q.text, None) for q in lines[1:]
            ]
            clause.original = ()
            return
        if text.startswith("In the heading"):
            clause.heading = self.edit_text(clause.heading, text[len("In the heading") :], item)
            return
        if match := re.fullmatch(rf"For the heading substitute {_Q}\.", text):
            clause.heading = match.group(1)
            return
        if match := re.fullmatch(rf"For the text substitute {_Q}\.", text):
            self.single(clause).text = match.group(1)
            return
        if text.startswith("In the text"):
            paragraph = self.single(clause)
            paragraph.text = self.edit_text(paragraph.text, text[len("In the text") :], item)
            return
        if match := re.fullmatch(rf"For the text of ({REF_PATTERN}) substitute {_Q}\.", text):
            self.paragraph(clause, match.group(1)).text = match.group(2)
            return
        if match := re.fullmatch(rf"In ({REF_PATTERN})(, .*|{DASH})", text):
            paragraph = self.paragraph(clause, match.group(1))
            paragraph.text = self.edit_text(paragraph.text, match.group(2), item)
            return
        if match := re.fullmatch(
            rf"For ({REF_PATTERN})(, but not its sub-paragraphs,)? substitute{DASH}", text
        ):
            self.substitute_paragraph(clause, match.group(1), bool(match.group(2)), item)
            return
        if text.startswith("Omit "):
            self.omit(clause, text[len("Omit ") :])
            return
        if match := re.fullmatch(rf"(After|Before) ({REF_PATTERN}) insert{DASH}", text):
            self.insert_paragraphs(clause, match.group(1), match.group(2), item)
            return
        definition = re.fullmatch(
            rf"Insert the following definition in its alphabetical place, (after|before) "
            rf"({REF_PATTERN}){DASH}",
            text,
        )
        if definition is not None:
            lines = quotation(item.quotation)
            if not lines[0].term or any(q.level == 0 for q in lines[1:]):
                raise AmendmentError(f"not one definition: {text!r}")
            self.insert_paragraphs(clause, _capital(definition.group(1)), definition.group(2), item)
            return
        if " relabelled " in text:
            self.relabel(clause, text)
            return
        raise AmendmentError(f"cannot read {text!r}")

    def section_instruction(self, section: _Section, item: _Item) -> None:
        text = item.text
        if text.startswith("Move the section "):
            rest = text[len("Move the section ") :]
            self.sections.remove(section)
            if rest == "to the beginning of the document.":
                self.sections.insert(0, section)
                return
            if not rest.startswith("so that it follows "):
                raise AmendmentError(f"cannot read {text!r}")
            after, tail = self.place(rest[len("so that it follows ") :], "section")
            if tail != ".":
                raise AmendmentError(f"cannot read {text!r}")
            self.sections.insert(self.sections.index(after) + 1, section)  # type: ignore[arg-type]
            return
        if text.startswith("In the heading"):
            section.heading = self.edit_text(section.heading, text[len("In the heading") :], item)
            return
        if match := re.fullmatch(rf"For the heading substitute {_Q}\.", text):
            section.heading = match.group(1)
            return
        raise AmendmentError(f"cannot read {text!r}")

    # --- words ----------------------------------------------------------------------------

    def edit_text(self, text: str, rest: str, item: _Item) -> str:
        """Apply ", EDIT." or "—" with lettered items."""
        if rest == DASH:
            if len(item.items) < 2:
                raise AmendmentError("a dash before word changes introduces several items")
            for index, edit in enumerate(item.items):
                end = "." if index == len(item.items) - 1 else ";"
                if not edit.endswith(end):
                    raise AmendmentError(f"item should end with {end!r}: {edit!r}")
                text = self.edit(text, edit[:-1])
            return text
        if not rest.startswith(", ") or not rest.endswith("."):
            raise AmendmentError(f"cannot read {rest!r}")
        return self.edit(text, rest[2:-1])

    def edit(self, text: str, phrase: str) -> str:
        parsed = parse_edit(phrase)
        if parsed is None:
            raise AmendmentError(f"not a word instruction: {phrase!r}")
        kind, nth, words, new = parsed
        if kind == "substitute":
            return rules.substitute(text, words, new, nth)
        if kind == "omit":
            return rules.omit(text, words, nth)
        if kind == "after":
            return rules.insert_after(text, words, new, nth)
        if kind == "beginning":
            return rules.insert_at_beginning(text, new)
        return rules.insert_at_end(text, new)

    # --- paragraphs -----------------------------------------------------------------------

    def single(self, clause: _Clause) -> _Paragraph:
        if len(clause.original) != 1:
            raise AmendmentError("“the text” is for a clause of one paragraph")
        return self.origin(clause, 0)

    def origin(self, clause: _Clause, index: int) -> _Paragraph:
        for paragraph in clause.paragraphs:
            if paragraph.origin == index:
                return paragraph
        raise AmendmentError("the paragraph referred to has been omitted")

    def resolve(self, clause: _Clause, text: str) -> int:
        if not clause.original:
            raise AmendmentError("a clause substituted whole has no paragraphs from FROM")
        return paragraphs.resolve(paragraphs.parse(text), clause.original)

    def paragraph(self, clause: _Clause, text: str) -> _Paragraph:
        return self.origin(clause, self.resolve(clause, text))

    def below(self, clause: _Clause, paragraph: _Paragraph) -> int:
        """How many sub-paragraphs follow a paragraph now."""
        at = clause.paragraphs.index(paragraph)
        end = at + 1
        while end < len(clause.paragraphs) and clause.paragraphs[end].level > paragraph.level:
            end += 1
        return end - at - 1

    def substitute_paragraph(self, clause: _Clause, ref: str, keep: bool, item: _Item) -> None:
        paragraph = self.paragraph(clause, ref)
        if bool(self.below(clause, paragraph)) != keep:
            raise AmendmentError(f"say whether {ref} keeps its sub-paragraphs")
        lines = quotation(item.quotation)
        if len(lines) != 1:
            raise AmendmentError("a paragraph is substituted by one paragraph")
        new = lines[0]
        paragraph.level, paragraph.label, paragraph.term = new.level, new.label, new.term
        paragraph.text = new.text

    def omit(self, clause: _Clause, text: str) -> None:
        match = re.fullmatch(
            r"paragraphs ((?:\([A-Za-z]+\))+) (to|and) ((?:\([A-Za-z]+\))+)\.", text
        )
        if match is not None:
            first = self.resolve(clause, f"paragraph {match.group(1)}")
            last = self.resolve(clause, f"paragraph {match.group(3)}")
            family = paragraphs.siblings(clause.original, first)
            if last not in family or family.index(last) <= family.index(first):
                raise AmendmentError(f"not a run of paragraphs: {text!r}")
            run = family[family.index(first) : family.index(last) + 1]
            if (match.group(2) == "and") != (len(run) == 2):
                raise AmendmentError(f"say “and” for two paragraphs, “to” for more: {text!r}")
            for index in run:
                paragraph = self.origin(clause, index)
                if self.below(clause, paragraph):
                    raise AmendmentError(f"a paragraph in {text!r} has sub-paragraphs")
                clause.paragraphs.remove(paragraph)
            return
        match = re.fullmatch(
            rf"({REF_PATTERN})( and its sub-paragraphs|, but not its sub-paragraphs)?\.", text
        )
        if match is None:
            raise AmendmentError(f"cannot read 'Omit {text}'")
        paragraph = self.paragraph(clause, match.group(1))
        count = self.below(clause, paragraph)
        how = match.group(2) or ""
        if bool(count) != bool(how):
            raise AmendmentError(f"say what becomes of the sub-paragraphs: 'Omit {text}'")
        at = clause.paragraphs.index(paragraph)
        if how == " and its sub-paragraphs":
            del clause.paragraphs[at : at + 1 + count]
        else:
            del clause.paragraphs[at]

    def insert_paragraphs(self, clause: _Clause, where: str, ref: str, item: _Item) -> None:
        lines = quotation(item.quotation)
        anchor = self.paragraph(clause, ref)
        at = clause.paragraphs.index(anchor)
        if where == "After":
            at += 1 + self.below(clause, anchor)
        new = [_Paragraph(q.level, q.label, q.term, q.text, None) for q in lines]
        clause.paragraphs[at:at] = new

    def relabel(self, clause: _Clause, text: str) -> None:
        match = re.fullmatch(
            r"Paragraphs ((?:\([A-Za-z]+\))+) (to|and) ((?:\([A-Za-z]+\))+) are relabelled "
            r"\(([A-Za-z]+)\) (to|and) \(([A-Za-z]+)\)\.",
            text,
        )
        if match is not None:
            first = self.resolve(clause, f"paragraph {match.group(1)}")
            last = self.resolve(clause, f"paragraph {match.group(3)}")
            family = paragraphs.siblings(clause.original, first)
            if last not in family or family.index(last) <= family.index(first):
                raise AmendmentError(f"not a run of paragraphs: {text!r}")
            run = family[family.index(first) : family.index(last) + 1]
            if match.group(2) != match.group(5) or (match.group(2) == "and") != (len(run) == 2):
                raise AmendmentError(f"cannot read {text!r}")
            style = self.style(clause.original[first])
            start = ordinal(style, match.group(4))
            labels = [format_ordinal(style, start + k) for k in range(len(run))] if start else []
            if not labels or labels[-1] != match.group(6):
                raise AmendmentError(f"the new labels do not run in sequence: {text!r}")
            for index, label in zip(run, labels, strict=True):
                self.origin(clause, index).label = label
            return
        match = re.fullmatch(
            rf"({REF_PATTERN}) is relabelled \(([A-Za-z]+)\)\.", text[:1].lower() + text[1:]
        )
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        self.paragraph(clause, match.group(1)).label = match.group(2)

    def style(self, block: Block) -> str:
        """The label style of a FROM paragraph's level."""
        scheme = self.edition.document.scheme
        return scheme.level(block.kind).style if block.kind else "a"

    # --- clauses and sections -------------------------------------------------------------

    def move_clause(self, clause: _Clause, rest: str) -> None:
        self.section_holding(clause).clauses.remove(clause)
        if rest.startswith("so that it follows "):
            after, tail = self.place(rest[len("so that it follows ") :], "clause")
            if tail != ".":
                raise AmendmentError(f"cannot read {rest!r}")
            section = self.section_holding(after)  # type: ignore[arg-type]
            section.clauses.insert(section.clauses.index(after) + 1, clause)  # type: ignore[arg-type]
            return
        if rest.startswith("to the beginning of "):
            section, tail = self.place(rest[len("to the beginning of ") :], "section")
            if tail != ".":
                raise AmendmentError(f"cannot read {rest!r}")
            section.clauses.insert(0, clause)  # type: ignore[union-attr]
            return
        raise AmendmentError(f"cannot read {rest!r}")

    def insert_clause(self, where: str, item: _Item) -> None:
        lines = quotation(item.quotation, headed="clause")
        clause = _Clause(
            lines[0].number,
            lines[0].text,
            [_Paragraph(q.level, q.label, q.term, q.text, None) for q in lines[1:]],
            (),
        )
        if where.startswith("After "):
            after, tail = self.place(where[len("After ") :], "clause")
            section = self.section_holding(after)  # type: ignore[arg-type]
            section.clauses.insert(section.clauses.index(after) + 1, clause)  # type: ignore[arg-type]
        else:
            section, tail = self.place(where[len("At the beginning of ") :], "section")
            section.clauses.insert(0, clause)  # type: ignore[union-attr]
        if tail:
            raise AmendmentError(f"cannot read {where!r}")
        self.inserted[self.amendment] = clause

    def insert_section(self, where: str, item: _Item) -> None:
        lines = quotation(item.quotation, headed="section")
        if len(lines) != 1:
            raise AmendmentError("a new section is quoted as its heading alone")
        section = _Section(lines[0].number, lines[0].text)
        if where == "At the beginning of the document":
            self.sections.insert(0, section)
        elif where.startswith("After "):
            after, tail = self.place(where[len("After ") :], "section")
            if tail:
                raise AmendmentError(f"cannot read {where!r}")
            self.sections.insert(self.sections.index(after) + 1, section)  # type: ignore[arg-type]
        else:
            raise AmendmentError(f"cannot read {where!r}")
        self.inserted[self.amendment] = section

    def renumber(self, text: str) -> None:
        match = _RENUMBER.fullmatch(text)
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        if match.group(1):
            noun, pairs = match.group(1), [(match.group(2), match.group(3))]
        else:
            noun = match.group(4)
            first, joint, last = match.group(5), match.group(6), match.group(7)
            new_first, new_joint, new_last = match.group(8), match.group(9), match.group(10)
            old_numbers = _number_run(first, last)
            new_numbers = _number_run(new_first, new_last)
            if len(old_numbers) != len(new_numbers) or joint != new_joint:
                raise AmendmentError(f"the ranges differ in length: {text!r}")
            if (joint == "and") != (len(old_numbers) == 2):
                raise AmendmentError(f"say “and” for two, “to” for more: {text!r}")
            pairs = list(zip(old_numbers, new_numbers, strict=True))
        table = self.clause_by_number if noun == "Clause" else self.section_by_number
        for old, new in pairs:
            item = table.get(old)
            if item is None:
                raise AmendmentError(f"there is no {noun} {old} in FROM")
            if id(item) in self.renumbered:
                raise AmendmentError(f"{noun} {old} is renumbered twice")
            self.renumbered[id(item)] = new

    # --- the result -----------------------------------------------------------------------

    def finish(self) -> list[_Section]:
        for section in self.sections:
            section.number = self.renumbered.get(id(section), section.number)
            for clause in section.clauses:
                clause.number = self.renumbered.get(id(clause), clause.number)
        for s_index, section in enumerate(self.sections, start=1):
            if section.number != str(s_index):
                raise AmendmentError(f"section {s_index} is numbered {section.number}")
            for c_index, clause in enumerate(section.clauses, start=1):
                if clause.number != f"{s_index}.{c_index}":
                    raise AmendmentError(f"clause {s_index}.{c_index} is numbered {clause.number}")
        return self.sections


def _number_run(first: str, last: str) -> list[str]:
    head, _, start = first.rpartition(".")
    last_head, _, end = last.rpartition(".")
    if head != last_head or not start.isdigit() or not end.isdigit() or int(end) <= int(start):
        raise AmendmentError(f"not a range of numbers: {first} to {last}")
    prefix = f"{head}." if head else ""
    return [f"{prefix}{n}" for n in range(int(start), int(end) + 1)]


def apply_schedule(markdown: str, edition: Edition) -> Applied:
    """Apply a schedule's Markdown text to FROM; AmendmentError when it cannot be applied."""
    old_version, new_version, amendments = read(markdown)
    if old_version != edition.version.number:
        raise AmendmentError(
            f"the schedule amends version {old_version}, not {edition.version.number}"
        )
    interpreter = _Interpreter(edition)
    for amendment in amendments:
        try:
            interpreter.apply(amendment)
        except AmendmentError as exc:
            raise AmendmentError(f"amendment {amendment.number}: {exc}") from None
    sections = interpreter.finish()
    scheme = edition.document.scheme
    clauses = []
    for section in sections:
        for clause in section.clauses:
            body = assign_kinds(scheme, tuple(p.block() for p in clause.paragraphs))
            clauses.append(
                {
                    "number": clause.number,
                    "heading": clause.heading,
                    "text": "\n".join(b.plain() for b in body),
                    "blocks": [block_json(b) for b in body],
                }
            )
    return Applied(new_version, tuple((s.number, s.heading) for s in sections), tuple(clauses))


def interpret(markdown: str, edition: Edition) -> dict:
    """The text a schedule gives, in the form of ``tmad show TO --json`` without ids."""
    applied = apply_schedule(markdown, edition)
    return {
        "document": edition.document.id,
        "version": applied.version,
        "clauses": list(applied.clauses),
    }


__all__ = ["Applied", "apply_schedule", "interpret", "read"]
