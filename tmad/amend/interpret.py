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

from tmad import numbering
from tmad.amend import paragraphs, rules
from tmad.amend.paragraphs import ref_pattern
from tmad.amend.rules import CLOSE, DASH, OPEN, ORDINAL_PATTERN, AmendmentError, ordinal_value
from tmad.amend.vocabulary import LABEL, LABELS, Vocabulary, capital
from tmad.editionjson import block_json
from tmad.labels import format_ordinal, ordinal
from tmad.model import NOTE_LABEL, Block, Clause, Edition, Section, TableRow
from tmad.outline import assign_kinds
from tmad.scheme import Level

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
    table: TableRow = ""
    """A table row's "head" or "row" (kept from FROM, or as quoted)."""
    note: str = ""
    """A footnote's label (kept from FROM, or as quoted)."""

    def block(self) -> Block:
        return Block(
            self.level, self.label, self.text, self.term, quote=self.quote, table=self.table,
            note=self.note,
        )  # fmt: skip

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
    """A container of the text being amended (or the root, level "")."""

    number: str
    """Its number: FROM's until the renumbering, or TO's when the schedule inserted it."""
    heading: str
    """Its heading as amended so far."""
    clauses: list[_Clause] = field(default_factory=list)
    """Its clauses, in order."""
    original_heading: str = ""
    """The FROM heading, which references to the section repeat."""
    level: str = ""
    """Its level in the numbering scheme ("" for the root, which holds clauses before any
    heading)."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The text a schedule gives."""

    version: str
    """The version the schedule says it gives."""
    sections: tuple[tuple[str, str], ...]
    """Each container's number and heading (the root left out)."""
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
    quote: int = 0
    """A paragraph's depth in quoted structure of its own (leading single quotation marks)."""
    table: TableRow = ""
    """A table row's "head" (its words in bold) or "row"."""
    note: str = ""
    """A footnote's label (``[^1]: …``)."""


_LABEL = re.compile(r"\(([A-Za-z0-9]{1,8}(?:-\d{1,3})?)\) ")
_NOTE_LINE = re.compile(rf"\[\^({NOTE_LABEL})\]: ")
_INNER = "\u2018"
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
            out.append(_Quoted(headed, 0, text=rules.unescape(match.group(1))))
            continue
        quote = len(content) - len(content.lstrip(_INNER))
        content = content[quote:]
        if content.startswith("|"):
            out.append(_row(content, depth - 1, quote))
            continue
        if note := _NOTE_LINE.match(content):
            text = rules.unescape(content[note.end() :])
            out.append(_Quoted("paragraph", depth - 1, text=text, quote=quote, note=note.group(1)))
            continue
        label = term = ""
        if match := _LABEL.match(content):
            label = match.group(1)
            content = content[match.end() :]
        if match := _TERM.match(content):
            term = rules.unescape(match.group(1))
            content = content[match.end() :]
        out.append(
            _Quoted(
                "paragraph", depth - 1, label=label, term=term, text=rules.unescape(content),
                quote=quote,
            )
        )  # fmt: skip
    return out


def _row(content: str, level: int, quote: int) -> _Quoted:
    """A quoted table row, ``| a | b |`` (a header row's words in bold, ``| **a | b** |``)."""
    if not (content.startswith("| ") and content.endswith(" |")):
        raise AmendmentError(f"a quoted table row is '| cell | cell |': {content!r}")
    inner = content[2:-2]
    head = len(inner) >= 4 and inner.startswith("**") and inner.endswith("**")
    text = rules.unescape(inner[2:-2] if head else inner)
    return _Quoted("paragraph", level, text=text, quote=quote, table="head" if head else "row")


# --- applying -----------------------------------------------------------------------------


_LEADS = r"(Move |For the heading of |For the text of |In the heading of |For |In )"
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


class _Interpreter:
    """Applies amendments, in order, to a working copy of FROM."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.scheme = edition.document.scheme
        self.vocabulary = Vocabulary(self.scheme)
        self.ref = ref_pattern(self.vocabulary)
        self.sections: list[_Section] = []
        self.numbered: dict[tuple[str, str], _Clause | _Section] = {}
        unit = self.scheme.unit.name
        for section in edition.sections:
            own = _Section(section.number, section.heading, [], section.heading, section.level)
            for clause in section.clauses:
                body = [
                    _Paragraph(b.level, b.label, b.term, b.text, i, b.quote, b.table, b.note)
                    for i, b in enumerate(clause.body)
                ]
                item = _Clause(clause.number, clause.heading, body, clause.body, clause.heading)
                own.clauses.append(item)
                self.numbered[(unit, clause.number)] = item
            self.sections.append(own)
            if section.level:
                self.numbered[(section.level, section.number)] = own
        self.inserted: dict[int, _Clause | _Section] = {}
        self.renumbered: dict[int, str] = {}
        self.amendment = 0
        nouns = self.vocabulary.noun_pattern()
        plural = self.vocabulary.noun_pattern(plural=True)
        self.subject_lead = re.compile(rf"{_LEADS}(?={nouns} )")
        self.renumbering = re.compile(
            rf"({nouns}) (\S+) is renumbered (\S+)\.|"
            rf"({plural}) (\S+) (to|and) (\S+) are renumbered (\S+) (to|and) (\S+)\."
        )
        self.unit_word = self.scheme.unit.noun.lower()
        self.container_words = tuple(level.noun.lower() for level in self.scheme.containers)

    # --- references ----------------------------------------------------------------------

    def lookup(self, noun: str, token: str) -> tuple[_Clause | _Section, str]:
        """The clause or container a noun and number name ("Clause", "4.26."), and the number
        as it was written (a full stop ending the sentence left out)."""
        levels = self.vocabulary.levels_cited(noun)
        for number in dict.fromkeys((token, token.rstrip(".,"))):
            found = [
                self.numbered[(lv.name, number)]
                for lv in levels
                if (lv.name, number) in self.numbered
            ]
            if len(found) > 1:
                raise AmendmentError(f"{noun} {number} names more than one provision in FROM")
            if found:
                return found[0], number
        raise AmendmentError(f"there is no {noun} {token.rstrip('.,')} in FROM")

    def subject(self, text: str) -> tuple[_Clause | _Section, str]:
        """The clause or section a text begins with ("Clause 4.26 (Heading)"), and the rest."""
        match = re.match(rf"({self.vocabulary.noun_pattern()}) (\S+)", text)
        if match is None:
            raise AmendmentError(f"expected a provision: {text!r}")
        item, number = self.lookup(match.group(1), match.group(2))
        rest = text[match.start(2) + len(number) :]
        original = item.original_heading
        if original and rest.startswith(f" ({original})"):
            rest = rest[len(original) + 3 :]
        elif original:
            raise AmendmentError(
                f"{match.group(1)} {number} is headed {original!r} in FROM: {text!r}"
            )
        return item, rest

    def place(self, text: str, kind: str) -> tuple[_Clause | _Section, str]:
        """ "Clause 4.33 (…)" or "the clause inserted by amendment 3", and the rest;
        ``kind`` is "clause" or "section" (a container)."""
        words = (self.unit_word,) if kind == "clause" else self.container_words
        choice = "|".join(re.escape(word) for word in words) or "(?!)"
        match = re.match(rf"the (?:{choice}) inserted by amendment (\d+)", text)
        if match is not None:
            item = self.inserted.get(int(match.group(1)))
            wanted = _Clause if kind == "clause" else _Section
            if not isinstance(item, wanted) or int(match.group(1)) >= self.amendment:
                raise AmendmentError(
                    f"amendment {match.group(1)} inserted no such {kind} before this"
                )
            return item, text[match.end() :]
        item, rest = self.subject(text)
        if kind == "clause" and not isinstance(item, _Clause):
            raise AmendmentError(f"expected a {self.unit_word}: {text!r}")
        if kind == "section" and not isinstance(item, _Section):
            raise AmendmentError(f"expected a heading: {text!r}")
        return item, rest

    def clause_at(self, text: str) -> tuple[_Clause, str]:
        """:meth:`place` of a clause."""
        item, rest = self.place(text, "clause")
        assert isinstance(item, _Clause)  # place refuses anything else
        return item, rest

    def section_at(self, text: str) -> tuple[_Section, str]:
        """:meth:`place` of a container."""
        item, rest = self.place(text, "section")
        assert isinstance(item, _Section)  # place refuses anything else
        return item, rest

    def section_holding(self, clause: _Clause) -> _Section:
        for section in self.sections:
            if any(c is clause for c in section.clauses):
                return section
        raise AmendmentError("a clause the schedule refers to is no longer in the text")

    def root(self) -> _Section:
        """The root (clauses before any heading), made when first needed."""
        if not self.sections or self.sections[0].level:
            self.sections.insert(0, _Section("", ""))
        return self.sections[0]

    def noun_of(self, item: _Clause | _Section) -> str:
        """ "clause", "section", "chapter": how the thing reads after "the"."""
        if isinstance(item, _Clause):
            return self.unit_word
        return self.vocabulary.noun(item.level).lower()

    # --- amendments ----------------------------------------------------------------------

    def apply(self, amendment: _Amendment) -> None:
        self.amendment = amendment.number
        lead = amendment.lead
        if amendment.instructions:
            if lead.items or lead.quotation:
                raise AmendmentError(f"amendment {amendment.number}: a lead has no items")
            if lead.text.endswith(" are renumbered as follows."):
                for item in amendment.instructions:
                    self.renumber(item.text)
                return
            if not lead.text.endswith(" is amended as follows."):
                raise AmendmentError(f"amendment {amendment.number}: cannot read {lead.text!r}")
            target, rest = self.subject(lead.text)
            if rest != " is amended as follows.":
                raise AmendmentError(f"amendment {amendment.number}: cannot read {lead.text!r}")
            for instruction in amendment.instructions:
                self.relative(target, instruction)
            return
        self.whole(lead)

    def whole(self, item: _Item) -> None:
        """A one-instruction amendment, written in full."""
        text = item.text
        if self.renumbering.fullmatch(text):
            self.renumber(text)
            return
        remaining = f" and every {self.unit_word} remaining in it."
        if text.startswith("Omit ") and text.endswith(remaining):
            section, rest = self.subject(text[5:])
            if rest != remaining or not isinstance(section, _Section):
                raise AmendmentError(f"cannot read {text!r}")
            self.sections.remove(section)
            return
        if text.startswith("Omit "):
            clause, rest = self.subject(text[5:])
            if rest != "." or not isinstance(clause, _Clause):
                raise AmendmentError(f"cannot read {text!r}")
            self.section_holding(clause).clauses.remove(clause)
            return
        if match := re.fullmatch(rf"(.*) insert a new (\S+){DASH}", text):
            self.insert_section(match.group(1), match.group(2), item)
            return
        if text.endswith(f" insert{DASH}") and text.startswith(("After ", "At the beginning of ")):
            self.insert_clause(text[: -len(f" insert{DASH}")], item)
            return
        match = self.subject_lead.match(text)
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        lead = match.group(1)
        subject, rest = self.subject(text[len(lead) :])
        noun = self.noun_of(subject)
        if lead != "In ":
            relative = _RELATIVE[lead].format(noun=noun) + rest
        elif rest.startswith(DASH) or (rest.startswith(", ") and _is_edit(rest[2:-1])):
            relative = f"In the text{rest}"
        elif rest.startswith(", "):
            relative = capital(rest[2:])
        else:
            raise AmendmentError(f"cannot read {text!r}")
        self.relative(subject, _Item(relative, item.items, item.quotation))

    def relative(self, subject: _Clause | _Section, item: _Item) -> None:
        text = item.text
        if isinstance(subject, _Section):
            self.section_instruction(subject, item)
            return
        clause = subject
        ref = self.ref
        if text.startswith(f"Move the {self.unit_word} "):
            self.move_clause(clause, text[len(f"Move the {self.unit_word} ") :])
            return
        if text == f"For the {self.unit_word} substitute{DASH}":
            lines = quotation(item.quotation, headed="clause")
            number, heading = self.vocabulary.split_heading(self.scheme.unit, lines[0].text)
            if number != clause.number:
                raise AmendmentError(f"{self.unit_word} {clause.number} is quoted as {number}")
            clause.heading = heading
            clause.paragraphs = [_new_paragraph(q) for q in lines[1:]]
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
        if match := re.fullmatch(rf"For the text of ({ref}) substitute {_Q}\.", text):
            self.paragraph(clause, match.group(1)).text = match.group(2)
            return
        if match := re.fullmatch(rf"In ({ref})(, .*|{DASH})", text):
            paragraph = self.paragraph(clause, match.group(1))
            paragraph.text = self.edit_text(paragraph.text, match.group(2), item)
            return
        if match := re.fullmatch(
            rf"For ({ref})(, but not its sub-paragraphs,)? substitute{DASH}", text
        ):
            self.substitute_paragraph(clause, match.group(1), bool(match.group(2)), item)
            return
        if text.startswith("Omit "):
            self.omit(clause, text[len("Omit ") :])
            return
        if match := re.fullmatch(rf"(After|Before) ({ref}) insert{DASH}", text):
            self.insert_paragraphs(clause, match.group(1), match.group(2), item)
            return
        definition = re.fullmatch(
            rf"Insert the following definition in its alphabetical place, (after|before) "
            rf"({ref}){DASH}",
            text,
        )
        if definition is not None:
            lines = quotation(item.quotation)
            if not lines[0].term or any(q.level == 0 for q in lines[1:]):
                raise AmendmentError(f"not one definition: {text!r}")
            self.insert_paragraphs(clause, capital(definition.group(1)), definition.group(2), item)
            return
        if " relabelled " in text:
            self.relabel(clause, text)
            return
        raise AmendmentError(f"cannot read {text!r}")

    def section_instruction(self, section: _Section, item: _Item) -> None:
        text = item.text
        move = f"Move the {self.noun_of(section)} "
        if text.startswith(move):
            rest = text[len(move) :]
            self.sections.remove(section)
            if rest == "to the beginning of the document.":
                self.sections.insert(
                    1 if self.sections and not self.sections[0].level else 0, section
                )
                return
            if not rest.startswith("so that it follows "):
                raise AmendmentError(f"cannot read {text!r}")
            after, tail = self.section_at(rest[len("so that it follows ") :])
            if tail != ".":
                raise AmendmentError(f"cannot read {text!r}")
            self.sections.insert(self.sections.index(after) + 1, section)
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
        return paragraphs.resolve(paragraphs.parse(text, self.vocabulary), clause.original)

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
        paragraph.text, paragraph.quote, paragraph.table = new.text, new.quote, new.table
        paragraph.note = new.note

    def run_of(self, clause: _Clause, noun: str, first: str, last: str, text: str) -> list[int]:
        """The sibling paragraphs from one label chain to another, in FROM order."""
        start = self.resolve(clause, f"{noun} {first}")
        end = self.resolve(clause, f"{noun} {last}")
        family = paragraphs.siblings(clause.original, start)
        if end not in family or family.index(end) <= family.index(start):
            raise AmendmentError(f"not a run of paragraphs: {text!r}")
        return family[family.index(start) : family.index(end) + 1]

    def plural_noun(self, plural: str) -> str:
        for noun in self.vocabulary.label_nouns:
            if self.vocabulary.plural(noun).casefold() == plural.casefold():
                return noun
        raise AmendmentError(f"not a paragraph noun: {plural!r}")

    def omit(self, clause: _Clause, text: str) -> None:
        match = re.fullmatch(rf"(\S+) ({LABELS}) (to|and) ({LABELS})\.", text)
        if match is not None and not text.startswith("the "):
            noun = self.plural_noun(match.group(1))
            run = self.run_of(clause, noun, match.group(2), match.group(4), text)
            if (match.group(3) == "and") != (len(run) == 2):
                raise AmendmentError(f"say “and” for two paragraphs, “to” for more: {text!r}")
            for index in run:
                paragraph = self.origin(clause, index)
                if self.below(clause, paragraph):
                    raise AmendmentError(f"a paragraph in {text!r} has sub-paragraphs")
                clause.paragraphs.remove(paragraph)
            return
        match = re.fullmatch(
            rf"({self.ref})( and its sub-paragraphs|, but not its sub-paragraphs)?\.", text
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
        clause.paragraphs[at:at] = [_new_paragraph(q) for q in lines]

    def relabel(self, clause: _Clause, text: str) -> None:
        match = re.fullmatch(
            rf"(\S+) ({LABELS}) (to|and) ({LABELS}) are relabelled ({LABEL}) (to|and) ({LABEL})\.",
            text,
        )
        if match is not None:
            noun = self.plural_noun(match.group(1))
            run = self.run_of(clause, noun, match.group(2), match.group(4), text)
            if match.group(3) != match.group(6) or (match.group(3) == "and") != (len(run) == 2):
                raise AmendmentError(f"cannot read {text!r}")
            style = self.style(clause.original[run[0]])
            start = ordinal(style, match.group(5)[1:-1])
            labels = [format_ordinal(style, start + k) for k in range(len(run))] if start else []
            if not labels or labels[-1] != match.group(7)[1:-1]:
                raise AmendmentError(f"the new labels do not run in sequence: {text!r}")
            for index, label in zip(run, labels, strict=True):
                self.origin(clause, index).label = label
            return
        match = re.fullmatch(
            rf"({self.ref}) is relabelled ({LABEL})\.", text[:1].lower() + text[1:]
        )
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        self.paragraph(clause, match.group(1)).label = match.group(2)[1:-1]

    def style(self, block: Block) -> str:
        """The label style of a FROM paragraph's level."""
        return self.scheme.level(block.kind).style if block.kind else "a"

    # --- clauses and sections -------------------------------------------------------------

    def move_clause(self, clause: _Clause, rest: str) -> None:
        self.section_holding(clause).clauses.remove(clause)
        if rest.startswith("so that it follows "):
            after, tail = self.clause_at(rest[len("so that it follows ") :])
            if tail != ".":
                raise AmendmentError(f"cannot read {rest!r}")
            section = self.section_holding(after)
            section.clauses.insert(section.clauses.index(after) + 1, clause)
            return
        if rest == "to the beginning of the document.":
            self.root().clauses.insert(0, clause)
            return
        if rest.startswith("to the beginning of "):
            section, tail = self.section_at(rest[len("to the beginning of ") :])
            if tail != ".":
                raise AmendmentError(f"cannot read {rest!r}")
            section.clauses.insert(0, clause)
            return
        raise AmendmentError(f"cannot read {rest!r}")

    def insert_clause(self, where: str, item: _Item) -> None:
        lines = quotation(item.quotation, headed="clause")
        number, heading = self.vocabulary.split_heading(self.scheme.unit, lines[0].text)
        clause = _Clause(number, heading, [_new_paragraph(q) for q in lines[1:]], ())
        tail = ""
        if where.startswith("After "):
            after, tail = self.clause_at(where[len("After ") :])
            section = self.section_holding(after)
            section.clauses.insert(section.clauses.index(after) + 1, clause)
        elif where == "At the beginning of the document":
            self.root().clauses.insert(0, clause)
        else:
            section, tail = self.section_at(where[len("At the beginning of ") :])
            section.clauses.insert(0, clause)
        if tail:
            raise AmendmentError(f"cannot read {where!r}")
        self.inserted[self.amendment] = clause

    def insert_section(self, where: str, noun: str, item: _Item) -> None:
        lines = quotation(item.quotation, headed="section")
        if len(lines) != 1:
            raise AmendmentError("a new heading is quoted as its heading alone")
        level = self.level_named(noun, lines[0].text)
        number, heading = self.vocabulary.split_heading(level, lines[0].text)
        section = _Section(number, heading, level=level.name)
        if where == "At the beginning of the document":
            self.sections.insert(1 if self.sections and not self.sections[0].level else 0, section)
        elif where.startswith("After "):
            after, tail = self.section_at(where[len("After ") :])
            if tail:
                raise AmendmentError(f"cannot read {where!r}")
            self.sections.insert(self.sections.index(after) + 1, section)
        else:
            raise AmendmentError(f"cannot read {where!r}")
        self.inserted[self.amendment] = section

    def level_named(self, noun: str, heading: str) -> Level:
        """The container level a new heading is at: the one its noun cites (and, where a noun
        cites several, the one its number is written in)."""
        levels = [lv for lv in self.vocabulary.levels_cited(noun) if lv is not self.scheme.unit]
        if len(levels) > 1:  # the number as printed tells them apart ("SECTION X:", "X5")
            printed = [lv for lv in levels if heading.startswith(lv.printed("")[0])]
            prefixed = [lv for lv in printed if lv.printed("")[0]]
            levels = prefixed if len(prefixed) == 1 else printed
        if len(levels) > 1:
            fitting = [
                lv for lv in levels
                if self.vocabulary.successor(lv, self.vocabulary.split_heading(lv, heading)[0])
            ]  # fmt: skip
            levels = fitting or [lv for lv in levels if lv.fixed]
        if len(levels) != 1:
            raise AmendmentError(f"cannot tell which level a new {noun} is")
        return levels[0]

    def renumber(self, text: str) -> None:
        match = self.renumbering.fullmatch(text)
        if match is None:
            raise AmendmentError(f"cannot read {text!r}")
        if match.group(1):
            noun, pairs = match.group(1), [(match.group(2), match.group(3))]
        else:
            noun = self.plural_heading_noun(match.group(4))
            first, joint, last = match.group(5), match.group(6), match.group(7)
            new_first, new_joint, new_last = match.group(8), match.group(9), match.group(10)
            item, _ = self.lookup(noun, first)
            level = self.level_of(item)
            old_numbers = self.vocabulary.run(level, first, last)
            new_numbers = self.vocabulary.run(level, new_first, new_last)
            if not old_numbers or not new_numbers:
                raise AmendmentError(f"not a range of numbers: {text!r}")
            if len(old_numbers) != len(new_numbers) or joint != new_joint:
                raise AmendmentError(f"the ranges differ in length: {text!r}")
            if (joint == "and") != (len(old_numbers) == 2):
                raise AmendmentError(f"say “and” for two, “to” for more: {text!r}")
            pairs = list(zip(old_numbers, new_numbers, strict=True))
        for old, new in pairs:
            item, _ = self.lookup(noun, old)
            if id(item) in self.renumbered:
                raise AmendmentError(f"{noun} {old} is renumbered twice")
            self.renumbered[id(item)] = new

    def plural_heading_noun(self, plural: str) -> str:
        for noun in self.vocabulary.heading_nouns:
            if self.vocabulary.plural(noun).casefold() == plural.casefold():
                return noun
        raise AmendmentError(f"not a heading noun: {plural!r}")

    def level_of(self, item: _Clause | _Section) -> Level:
        if isinstance(item, _Clause):
            return self.scheme.unit
        return self.scheme.level(item.level)

    # --- the result -----------------------------------------------------------------------

    def finish(self) -> list[_Section]:
        """The text as amended, checked to be numbered as the numbering scheme numbers it."""
        for section in self.sections:
            section.number = self.renumbered.get(id(section), section.number)
            for clause in section.clauses:
                clause.number = self.renumbered.get(id(clause), clause.number)
        built = Edition(
            self.edition.document,
            self.edition.version,
            tuple(
                Section(
                    f"s{index}" if section.level else "",
                    section.heading,
                    tuple(
                        Clause(f"c{index}-{k}", c.heading, (), c.number)
                        for k, c in enumerate(section.clauses)
                    ),
                    section.number,
                    level=section.level,
                )
                for index, section in enumerate(self.sections)
            ),
            (),
        )
        for section, numbered in zip(self.sections, numbering.number(built).sections, strict=True):
            if section.level and section.number != numbered.number:
                noun = self.vocabulary.noun(section.level)
                raise AmendmentError(f"{noun} {numbered.number} is numbered {section.number}")
            for clause, expected in zip(section.clauses, numbered.clauses, strict=True):
                if clause.number != expected.number:
                    raise AmendmentError(
                        f"{self.unit_word} {expected.number} is numbered {clause.number}"
                    )
        return self.sections


def _new_paragraph(line: _Quoted) -> _Paragraph:
    """A paragraph the schedule quotes, to insert."""
    return _Paragraph(
        line.level, line.label, line.term, line.text, None, line.quote, line.table, line.note
    )


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
    containers = tuple((s.number, s.heading) for s in sections if s.level)
    return Applied(new_version, containers, tuple(clauses))


def interpret(markdown: str, edition: Edition) -> dict:
    """The text a schedule gives, in the form of ``tmad show TO --json`` without ids."""
    applied = apply_schedule(markdown, edition)
    return {
        "document": edition.document.id,
        "version": applied.version,
        "clauses": list(applied.clauses),
    }


__all__ = ["Applied", "apply_schedule", "interpret", "read"]
