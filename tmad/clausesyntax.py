"""Parsing the clause text format: headings with ids, labelled paragraphs, quoted structure.

The format (documented in README.md) is line based, so every heading and
paragraph knows its line::

    # Migration {#migration}

    ## Firmware upgrades for Dormant Meters {#dormant-firmware}

    Text at clause level, which may wrap
    over several lines.

    (a) a paragraph;
        (i) a sub-paragraph; and
        (ii) another.
    (b)
        (i) a label with no text of its own, above its sub-paragraphs.
    (c) after paragraph (2) insert—
        > (2A) quoted structure: paragraphs to be inserted elsewhere,
        >     (a) kept with their labels and levels.

    Dormant Meter
    : means a definition's meaning[^1].

    | Period | Fee |
    | --- | --- |
    | a table row | its header rows above the rule |

    [^1]: A footnote of the clause, referred to once in its text.

A table row is a ``|`` line (a paragraph whose text is its cells joined by ``" | "``);
a footnote ``[^1]: …`` a paragraph that the clause's text refers to with ``[^1]``.

A heading is one to six ``#`` (which level of the document's numbering scheme it is)
and ends with an attribute block: ``{#id}`` plus, where the scheme fixes numbers,
``num=4.5A``, and in a version's ``changes.md`` an action (``insert``, ``delete``,
``move``, ``amend``) and a position (``after=ID`` or ``before=ID``). Lines from
``<!--`` to ``-->`` are comments for drafters, not text. This module only parses: the
loader decides what the headings mean, and the numbering scheme what the labels are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from tmad.errors import Location, UnreadableSource
from tmad.labels import INSERTIONS, STYLES, keys
from tmad.model import NOTE_LINE, NOTE_REFERENCE, Block, join_cells

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
"""Ids are lowercase slugs: letters, digits and hyphens."""

NUMBER_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,23}\Z")
"""A written number (``num=34-1501``, ``num=4.5A``): letters, digits, dots and hyphens."""

INDENT = 4
"""Spaces per paragraph level."""

MAX_HEADING = 6
"""The most ``#`` a heading may have."""

_HEADING = re.compile(r"(#+)(?:[ \t]+(.*?))?[ \t]*\Z")
_ATTRS = re.compile(r"(.*?)[ \t]*\{([^{}]*)\}\Z")
_LABEL = re.compile(r"\(([A-Za-z0-9]{1,8}(?:-[0-9]{1,3})?)\)(?:[ \t]+(.*))?\Z")
_QUOTE = re.compile(r"((?:>[ \t]?)+)(.*)\Z")
_ACTIONS = ("insert", "delete", "move", "amend")
_PIPE = re.compile(r"(?<!\\)\|")
"""A '|' between cells (``\\|`` is one within a cell)."""
_RULE = re.compile(r":?-{3,}:?\Z")
"""A cell of the rule under a table's header rows."""

Place = tuple[Literal["after", "before"], str]
"""A heading's position: ``after=ID`` or ``before=ID``."""
_REASON = "Reason:"


def _slug(text: str) -> str:
    """The id a heading's text suggests: "Spent Rule" → "spent-rule"."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60].strip("-")


LabelTest = Callable[[str], bool]
"""Whether a bracketed word at the start of a line is a paragraph label."""


def any_label(label: str) -> bool:
    """Whether a word is a label in any style (how quoted structure is read)."""
    return any(keys(style, insert, label) for style in STYLES for insert in ("", *INSERTIONS))


@dataclass(frozen=True, slots=True)
class Heading:
    """A parsed heading with the body that follows it."""

    level: int
    """How many ``#``: which heading level of the numbering scheme it is."""
    id: str
    """The id from ``{#id}``."""
    text: str
    """The heading text ("" when only attributes were given)."""
    action: str
    """"" (replace or plain text), "insert", "delete", "move" or "amend"."""
    position: Place | None
    """("after" | "before", anchor id), if given."""
    body: tuple[Block, ...]
    """The paragraphs under the heading."""
    location: Location = field(compare=False)
    """The heading line."""
    number: str = ""
    """The number written with ``num=``, or ""."""
    reason: str = ""
    """(A change) the drafter's reason, from a ``Reason:`` paragraph under its heading."""


def row_cells(line: str) -> list[str]:
    """The cells of a ``|`` line (``| a | b |``; the closing ``|`` may be left out)."""
    cells = [cell.strip() for cell in _PIPE.split(line.rstrip())[1:]]
    if len(cells) > 1 and not cells[-1]:
        cells.pop()  # the closing '|'
    return cells


def is_rule(cells: list[str]) -> bool:
    """Whether a ``|`` line's cells are the rule under a table's header rows (``---``)."""
    return bool(cells) and all(_RULE.match(cell) for cell in cells)


def note_problems(body: tuple[Block, ...] | list[Block]) -> list[UnreadableSource]:
    """A clause's footnotes that do not fit its text: a reference ``[^x]`` with no note
    ``[^x]: …`` in the clause, a note no paragraph refers to, two notes with one label, a
    note referred to twice (each note is referred to once, where its number is printed)."""
    notes: dict[str, Block] = {}
    problems = []
    for block in body:
        if block.note and block.note in notes:
            problems.append(
                UnreadableSource(f"a second note [^{block.note}] in this clause", block.location)
            )
        notes.setdefault(block.note, block)
    notes.pop("", None)
    seen: set[str] = set()
    for block in body:
        for match in NOTE_REFERENCE.finditer(block.text):
            label = match.group(1)
            if block.note:
                problems.append(
                    UnreadableSource(f"note [^{block.note}] refers to [^{label}]: a note "
                                     "cannot have a note of its own", block.location)
                )  # fmt: skip
            elif label not in notes:
                problems.append(
                    UnreadableSource(f"[^{label}] refers to no note: add a line '[^{label}]: "
                                     "…' with the note's words to this clause", block.location)
                )  # fmt: skip
            elif label in seen:
                problems.append(
                    UnreadableSource(f"[^{label}] is referred to twice: a note is referred to "
                                     "once, where its number is printed", block.location)
                )  # fmt: skip
            seen.add(label)
    for label, block in notes.items():
        if label not in seen:
            problems.append(
                UnreadableSource(f"note [^{label}] is not referred to: refer to it with "
                                 f"[^{label}] in the text, or delete it", block.location)
            )  # fmt: skip
    return problems


def parse(
    text: str,
    path: str,
    is_label: LabelTest = any_label,
    problems: list[UnreadableSource] | None = None,
    reasons: bool = False,
) -> list[Heading]:
    """Parse a clause source file into its headings and bodies.

    ``is_label`` says which bracketed words are labels in the document's own text
    (those of its numbering scheme); quoted structure accepts a label of any style.
    Without ``problems`` the first syntax error raises. With it (``tmad check``), each
    error is collected there and the parse recovers, so that one error hides nothing
    else: an indent that is not a multiple of the step is read at the level below it,
    tabs as spaces, a heading without an id as if it had the id its text suggests, a
    definition written ``:means`` as ``: means``; any other bad heading is skipped with its
    text to the next heading, any other bad line is skipped. With ``reasons`` (a
    ``changes.md``), a paragraph opening ``Reason:`` straight under a heading is the change's
    reason, not its text.
    """
    return _Parser(path, is_label, problems, reasons).run(text)


class _Parser:
    def __init__(
        self,
        path: str,
        is_label: LabelTest,
        problems: list[UnreadableSource] | None,
        reasons: bool = False,
    ) -> None:
        self.path = path
        self.reasons = reasons
        self.reason: list[str] | None = None  # the Reason: paragraph being read
        self.is_label = is_label
        self.problems = problems
        self.headings: list[Heading] = []
        self.current: dict | None = None
        self.blocks: list[Block] = []
        self.open: dict | None = None  # the paragraph being read
        self.skipping = False  # recovering: the lines after a bad heading, to the next

    def fail(self, error: UnreadableSource) -> None:
        """Raise ``error``, or (recovering) collect it and go on."""
        if self.problems is None:
            raise error
        self.problems.append(error)

    def where(self, line: int, col: int = 0) -> Location:
        return Location(self.path, line, col)

    def run(self, text: str) -> list[Heading]:
        comment_from = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            stripped = raw.strip()
            if comment_from or stripped.startswith("<!--"):
                if not comment_from:
                    self.close_block()
                    comment_from = number
                if "-->" in stripped:
                    if not stripped.endswith("-->"):
                        self.fail(
                            UnreadableSource(
                                "text after '-->': a comment must end its line",
                                self.where(number),
                            )
                        )
                    comment_from = 0
                continue
            try:
                self.line(raw.rstrip(), number)
            except UnreadableSource as error:
                self.fail(error)
                if raw.startswith("#"):  # a heading that cannot be read: skip to the next
                    self.finish_heading()
                    self.skipping = True
        if comment_from:
            self.fail(
                UnreadableSource(
                    "comment opened with '<!--' is never closed", self.where(comment_from)
                )
            )
        self.finish_heading()
        return self.headings

    def line(self, raw: str, number: int) -> None:
        if not raw.strip():
            self.close_block()
            self.reason = None
            return
        if self.reason is not None and not raw.startswith("#"):
            self.reason.append(raw.strip())  # the reason runs to a blank line
            return
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            self.fail(UnreadableSource("indent with spaces, not tabs", self.where(number, 1)))
            raw = raw.expandtabs(INDENT)
        if raw.startswith("#"):
            self.skipping = False
            self.heading(raw, number)
            return
        if self.skipping:
            return
        fresh = not self.blocks and self.open is None and not self.current_reason()
        if self.reasons and self.current is not None and fresh and raw.startswith(_REASON):
            self.reason = [raw[len(_REASON) :].strip()]
            self.current["reason"] = self.reason
            return
        if self.current is None:
            self.skipping = True  # reported once; the lines up to the first heading are skipped
            raise UnreadableSource(
                "text before the first heading: start with a heading such as "
                "'# Section {#id}' or '## Clause {#id}'",
                self.where(number, 1),
            )
        self.body_line(raw, number)

    def heading(self, raw: str, number: int) -> None:
        match = _HEADING.match(raw)
        if match is None or len(match.group(1)) > MAX_HEADING:
            raise UnreadableSource(
                f"a heading is one to {MAX_HEADING} '#', a space, its text and {{#id}}",
                self.where(number, 1),
            )
        self.finish_heading()
        level = len(match.group(1))
        content = match.group(2) or ""
        attrs = _ATTRS.match(content)
        if attrs is None:
            guess = _slug(content)
            missing = UnreadableSource(
                f"heading needs an id at its end, like '{'#' * level} {content or 'Heading'}"
                f" {{#{guess or 'some-id'}}}'",
                self.where(number, 1),
            )
            if self.problems is None or not guess:
                raise missing
            self.fail(missing)  # recovering: read on as if it had the id its text suggests
            attrs = _ATTRS.match(f"{content} {{#{guess}}}")
            assert attrs is not None
        heading_text, attr_text = attrs.group(1), attrs.group(2)
        col = raw.rindex("{") + 2 if "{" in raw else len(raw) + 1
        ident, action, position, written = self.attributes(attr_text, number, col)
        self.reason = None
        self.current = {
            "reason": None,
            "level": level,
            "id": ident,
            "text": heading_text.strip(),
            "action": action,
            "position": position,
            "number": written,
            "location": self.where(number),
        }
        self.blocks = []

    def attributes(self, text: str, number: int, col: int) -> tuple[str, str, Place | None, str]:
        ident = ""
        action = ""
        written = ""
        position: Place | None = None
        where = self.where(number, col)
        for token in text.split():
            if token.startswith("#"):
                if ident:
                    raise UnreadableSource("a heading has one id", where)
                ident = token[1:]
                if not ID_PATTERN.match(ident):
                    raise UnreadableSource(
                        f"bad id '{ident}': use lowercase letters, digits and hyphens", where
                    )
            elif token in _ACTIONS:
                if action:
                    raise UnreadableSource("a heading has one action", where)
                action = token
            elif "=" in token:
                key, _, value = token.partition("=")
                if key == "num":
                    if written:
                        raise UnreadableSource("a heading has one num=", where)
                    if not NUMBER_PATTERN.match(value):
                        raise UnreadableSource(
                            f"bad number '{value}' in num=: use letters, digits, dots and "
                            "hyphens, like num=4.5A or num=34-1501",
                            where,
                        )
                    written = value
                    continue
                if key not in ("after", "before"):
                    raise UnreadableSource(
                        f"unknown attribute '{key}' (use after=ID, before=ID or num=NUMBER)",
                        where,
                    )
                if position is not None:
                    raise UnreadableSource("a heading has one position", where)
                if not ID_PATTERN.match(value):
                    raise UnreadableSource(f"bad id '{value}' in {key}=", where)
                position = ("after" if key == "after" else "before", value)
            else:
                raise UnreadableSource(
                    f"unknown attribute '{token}' (expected #id, insert, delete, move, "
                    "amend, after=ID, before=ID or num=NUMBER)",
                    where,
                )
        if not ident:
            raise UnreadableSource("heading attributes need an id: {#some-id}", where)
        return ident, action, position, written

    def body_line(self, raw: str, number: int) -> None:
        indent = len(raw) - len(raw.lstrip(" "))
        content = raw.strip()
        quote = 0
        depth = self.level(indent, number)
        quoted = _QUOTE.match(content)
        if quoted is not None:
            quote = quoted.group(1).count(">")
            inner = quoted.group(2)
            if not inner.strip():  # a bare '>' line ends the quoted paragraph
                self.close_block()
                return
            inner_indent = len(inner) - len(inner.lstrip(" "))
            depth += self.level(inner_indent, number, indent + len(quoted.group(1)))
            content = inner.strip()
            indent += len(quoted.group(1)) + inner_indent
        if content.startswith("|"):
            self.row(content, depth, quote, number, indent)
            return
        if note := NOTE_LINE.match(content):
            self.close_block()
            self.open = {
                "level": depth, "label": "", "lines": [note.group(2)], "term": "",
                "quote": quote, "line": number, "note": note.group(1),
            }  # fmt: skip
            return
        label = _LABEL.match(content)
        test = any_label if quote else self.is_label
        if label is not None and not test(label.group(1)) and any_label(label.group(1)):
            self.fail(
                UnreadableSource(
                    f"({label.group(1)}) reads as a label, but not as one of this document's "
                    "numbering scheme: to insert it without renumbering, give its level "
                    "'fixed: true' and an 'insert' style in clauses/document.yaml (README, "
                    "'Numbering schemes'); to continue the paragraph above, join the lines",
                    self.where(number, indent + 1),
                )
            )
        if label is not None and test(label.group(1)):
            self.close_block()
            self.open = {
                "level": depth + 1,
                "label": label.group(1),
                "lines": [label.group(2)] if label.group(2) else [],
                "term": "",
                "quote": quote,
                "line": number,
            }
            return
        if content.startswith(":") and content[1:2] not in ("", " ", "\t", ":"):
            self.fail(
                UnreadableSource(
                    f"a definition's meaning starts with ': ' (a colon, then a space): write "
                    f"': {content[1:41]}{'…' if len(content) > 41 else ''}', or this line is "
                    "not read as a definition",
                    self.where(number, indent + 1),
                )
            )
            content = ": " + content[1:]  # recovering: read as the definition it was meant as
        if content.startswith(":") and (content == ":" or content[1] in " \t"):
            self.definition(content[1:].strip(), number, indent, quote)
            return
        if self.open is not None and self.open["quote"] == quote:
            self.open["lines"].append(content)
            return
        self.close_block()
        self.open = {
            "level": depth,
            "label": "",
            "lines": [content],
            "term": "",
            "quote": quote,
            "line": number,
        }

    def row(self, content: str, depth: int, quote: int, number: int, indent: int) -> None:
        """A ``|`` line: a table row, or the rule under its header rows (``| --- | --- |``)."""
        self.close_block()
        where = self.where(number, indent + 1)
        cells = row_cells(content)
        table = []  # the rows of this table so far, last first
        for block in reversed(self.blocks):
            if not block.table or block.level != depth or block.quote != quote:
                break
            table.append(block)
        if is_rule(cells):
            if not table:
                raise UnreadableSource(
                    "a rule such as '| --- | --- |' goes straight under a table's header "
                    "row: write the header row above it",
                    where,
                )
            if any(block.table == "head" for block in table):
                raise UnreadableSource("a table has one rule under its header rows", where)
            if len(cells) != len(table[-1].cells()):
                raise UnreadableSource(
                    f"the rule has {len(cells)} cells and the header row "
                    f"{len(table[-1].cells())}: give them the same number",
                    where,
                )
            heads = len(table)
            self.blocks[-heads:] = [replace(block, table="head") for block in self.blocks[-heads:]]
            return
        if table and len(cells) != len(table[-1].cells()):
            self.fail(
                UnreadableSource(
                    f"this row has {len(cells)} cells and the table's first row "
                    f"{len(table[-1].cells())}: give every row of a table the same number",
                    where,
                )
            )
        self.blocks.append(
            Block(level=depth, text=join_cells(cells), quote=quote, table="row", location=where)
        )

    def definition(self, meaning: str, number: int, indent: int, quote: int) -> None:
        """A ':' line: the line before it is the defined term (it ends the paragraph above)."""
        open_block = self.open
        if open_block is None or not open_block["lines"] or open_block["quote"] != quote:
            raise UnreadableSource(
                "':' starts a definition's meaning and must follow a line holding the defined term",
                self.where(number, indent + 1),
            )
        if not meaning:
            raise UnreadableSource(
                "definition has no meaning after ':'", self.where(number, indent + 1)
            )
        term = open_block["lines"].pop()
        label, level, line = "", open_block["level"], number - 1
        if open_block["lines"]:  # the term ended a paragraph: that paragraph stays
            self.close_block()
            level = 0
        elif open_block["label"]:  # "(1) Term" then ": means …": a numbered definition
            label, line = open_block["label"], open_block["line"]
        self.open = {
            "level": level,
            "label": label,
            "lines": [meaning],
            "term": term,
            "quote": quote,
            "line": line,
        }

    def level(self, indent: int, number: int, offset: int = 0) -> int:
        if indent % INDENT:
            self.fail(
                UnreadableSource(
                    f"indent paragraphs by multiples of {INDENT} spaces (found {indent})",
                    self.where(number, offset + 1),
                )
            )
        return indent // INDENT

    def close_block(self) -> None:
        if self.open is None:
            return
        block = self.open
        self.open = None
        self.blocks.append(
            Block(
                level=block["level"],
                label=block["label"],
                text=" ".join(block["lines"]),
                term=block["term"],
                quote=block["quote"],
                note=block.get("note", ""),
                location=self.where(block["line"]),
            )
        )

    def current_reason(self) -> bool:
        return self.current is not None and self.current["reason"] is not None

    def finish_heading(self) -> None:
        self.close_block()
        if self.current is None:
            return
        current = self.current
        if current["action"] != "amend":  # an amendment of definitions holds part of a body
            for problem in note_problems(self.blocks):
                self.fail(problem)
        self.headings.append(
            Heading(
                level=current["level"],
                id=current["id"],
                text=current["text"],
                action=current["action"],
                position=current["position"],
                body=tuple(self.blocks),
                location=current["location"],
                number=current["number"],
                reason=" ".join(" ".join(current["reason"] or ()).split()),
            )
        )
        self.current = None
        self.blocks = []
