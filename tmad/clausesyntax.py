"""Parsing the clause text format: ``#`` sections, ``##`` clauses, labelled paragraphs.

The format (documented in README.md) is line based, so every heading and
paragraph knows its line::

    # Migration {#migration}

    ## Firmware upgrades for Dormant Meters {#dormant-firmware}

    Text at clause level, which may wrap
    over several lines.

    (a) a paragraph;
        (i) a sub-paragraph; and
        (ii) another.

    Dormant Meter
    : means a definition's meaning.

Lines from ``<!--`` to ``-->`` are comments for drafters, not text.
A heading ends with an attribute block: ``{#id}`` plus, in a version's
``changes.md``, an action (``insert``, ``delete``, ``move``, ``amend``) and a
position (``after=ID`` or ``before=ID``). This module only parses; the loader decides
what the headings mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tmad.errors import Location, UnreadableSource
from tmad.model import Block

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
"""Ids are lowercase slugs: letters, digits and hyphens."""

INDENT = 4
"""Spaces per paragraph level."""

MAX_LEVEL = 3
"""(a) → (i) → (A): the deepest paragraph level."""

_HEADING = re.compile(r"(#+)(?:[ \t]+(.*?))?[ \t]*\Z")
_ATTRS = re.compile(r"(.*?)[ \t]*\{([^{}]*)\}\Z")
_LABEL = re.compile(r"\(([A-Za-z]{1,8})\)(?:[ \t]+(.*))?\Z")
_ACTIONS = ("insert", "delete", "move", "amend")
_ROMAN = re.compile(r"(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\Z")
_STYLE = {1: "letter (a), (b)", 2: "roman (i), (ii)", 3: "capital (A), (B)"}


def label_level(label: str) -> tuple[int, ...]:
    """The paragraph levels a label can stand at: (a) at 1, (ii) at 2, (A) at 3.

    "(i)", "(v)" and "(x)" are both letters and roman numerals, so they fit
    levels 1 and 2; a label of another shape fits none.
    """
    levels = []
    if re.fullmatch(r"[a-z]{1,2}", label) and (len(label) == 1 or label[0] == label[1]):
        levels.append(1)
    if _ROMAN.match(label):
        levels.append(2)
    if re.fullmatch(r"[A-Z]{1,2}", label) and (len(label) == 1 or label[0] == label[1]):
        levels.append(3)
    return tuple(levels)


@dataclass(frozen=True, slots=True)
class Heading:
    """A parsed ``#`` or ``##`` heading with the body that follows it."""

    level: int
    """1 for a section, 2 for a clause."""
    id: str
    """The id from ``{#id}``."""
    text: str
    """The heading text ("" when only attributes were given)."""
    action: str
    """"" (replace or plain text), "insert", "delete", "move" or "amend"."""
    position: tuple[str, str] | None
    """("after" | "before", anchor id), if given."""
    body: tuple[Block, ...]
    """The paragraphs under a clause heading."""
    location: Location = field(compare=False)
    """The heading line."""


def parse(text: str, path: str) -> list[Heading]:
    """Parse a clause source file into its headings and bodies."""
    return _Parser(path).run(text)


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.headings: list[Heading] = []
        self.current: dict | None = None
        self.blocks: list[Block] = []
        self.open: dict | None = None  # the paragraph being read

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
                        raise UnreadableSource(
                            "text after '-->': a comment must end its line", self.where(number)
                        )
                    comment_from = 0
                continue
            self.line(raw.rstrip(), number)
        if comment_from:
            raise UnreadableSource(
                "comment opened with '<!--' is never closed", self.where(comment_from)
            )
        self.finish_heading()
        return self.headings

    def line(self, raw: str, number: int) -> None:
        if not raw.strip():
            self.close_block()
            return
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise UnreadableSource("indent with spaces, not tabs", self.where(number, 1))
        if raw.startswith("#"):
            self.heading(raw, number)
            return
        if self.current is None:
            raise UnreadableSource(
                "text before the first heading: start with '# Section {#id}' or '## Clause {#id}'",
                self.where(number, 1),
            )
        if self.current["level"] == 1:
            raise UnreadableSource(
                "text directly under a section heading: put it in a clause ('## Heading {#id}')",
                self.where(number, 1),
            )
        self.body_line(raw, number)

    def heading(self, raw: str, number: int) -> None:
        match = _HEADING.match(raw)
        if match is None or len(match.group(1)) > 2:
            raise UnreadableSource(
                "only '#' (section) and '##' (clause) headings are allowed", self.where(number, 1)
            )
        self.finish_heading()
        level = len(match.group(1))
        content = match.group(2) or ""
        attrs = _ATTRS.match(content)
        if attrs is None:
            kind = "section" if level == 1 else "clause"
            raise UnreadableSource(
                f"{kind} heading needs an id at its end, like '{'#' * level} {content or 'Heading'}"
                " {#some-id}'",
                self.where(number, 1),
            )
        heading_text, attr_text = attrs.group(1), attrs.group(2)
        ident, action, position = self.attributes(attr_text, number)
        self.current = {
            "level": level,
            "id": ident,
            "text": heading_text.strip(),
            "action": action,
            "position": position,
            "location": self.where(number),
        }
        self.blocks = []

    def attributes(self, text: str, number: int) -> tuple[str, str, tuple[str, str] | None]:
        ident = ""
        action = ""
        position: tuple[str, str] | None = None
        for token in text.split():
            if token.startswith("#"):
                if ident:
                    raise UnreadableSource("a heading has one id", self.where(number))
                ident = token[1:]
                if not ID_PATTERN.match(ident):
                    raise UnreadableSource(
                        f"bad id '{ident}': use lowercase letters, digits and hyphens",
                        self.where(number),
                    )
            elif token in _ACTIONS:
                if action:
                    raise UnreadableSource("a heading has one action", self.where(number))
                action = token
            elif "=" in token:
                key, _, value = token.partition("=")
                if key not in ("after", "before"):
                    raise UnreadableSource(
                        f"unknown attribute '{key}' (use after=ID or before=ID)",
                        self.where(number),
                    )
                if position is not None:
                    raise UnreadableSource("a heading has one position", self.where(number))
                if not ID_PATTERN.match(value):
                    raise UnreadableSource(f"bad id '{value}' in {key}=", self.where(number))
                position = (key, value)
            else:
                raise UnreadableSource(
                    f"unknown attribute '{token}' (expected #id, insert, delete, move, "
                    "amend, after=ID or before=ID)",
                    self.where(number),
                )
        if not ident:
            raise UnreadableSource("heading attributes need an id: {#some-id}", self.where(number))
        return ident, action, position

    def body_line(self, raw: str, number: int) -> None:
        indent = len(raw) - len(raw.lstrip(" "))
        content = raw.strip()
        label = _LABEL.match(content)
        if label is not None and label_level(label.group(1)):
            level = self.level(indent, number) + 1
            styles = label_level(label.group(1))
            if level not in styles:
                want = " or ".join(f"{(s - 1) * INDENT} spaces" for s in styles)
                raise UnreadableSource(
                    f"label ({label.group(1)}) is indented {indent} spaces; a {_STYLE[styles[0]]} "
                    f"label is indented {want}",
                    self.where(number, indent + 1),
                )
            if not label.group(2):
                raise UnreadableSource(
                    f"paragraph ({label.group(1)}) has no text after its label",
                    self.where(number, indent + 1),
                )
            self.close_block()
            self.open = {
                "level": level,
                "label": label.group(1),
                "lines": [label.group(2)],
                "term": "",
                "line": number,
            }
            return
        if content.startswith(":") and (content == ":" or content[1] in " \t"):
            self.definition(content[1:].strip(), number, indent)
            return
        if self.open is not None:
            self.open["lines"].append(content)
            return
        self.open = {
            "level": self.level(indent, number),
            "label": "",
            "lines": [content],
            "term": "",
            "line": number,
        }

    def definition(self, meaning: str, number: int, indent: int) -> None:
        """A ':' line: the line before it is the defined term (it ends the paragraph above)."""
        open_block = self.open
        if open_block is None or (len(open_block["lines"]) == 1 and open_block["label"]):
            raise UnreadableSource(
                "':' starts a definition's meaning and must follow a line holding the defined term",
                self.where(number, indent + 1),
            )
        if not meaning:
            raise UnreadableSource(
                "definition has no meaning after ':'", self.where(number, indent + 1)
            )
        term = open_block["lines"].pop()
        if open_block["lines"]:
            self.close_block()
        self.open = {"level": 0, "label": "", "lines": [meaning], "term": term, "line": number - 1}

    def level(self, indent: int, number: int) -> int:
        if indent % INDENT:
            raise UnreadableSource(
                f"indent paragraphs by multiples of {INDENT} spaces (found {indent})",
                self.where(number, 1),
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
                location=self.where(block["line"]),
            )
        )

    def finish_heading(self) -> None:
        self.close_block()
        if self.current is None:
            return
        current = self.current
        self.headings.append(
            Heading(
                level=current["level"],
                id=current["id"],
                text=current["text"],
                action=current["action"],
                position=current["position"],
                body=tuple(self.blocks),
                location=current["location"],
            )
        )
        self.current = None
        self.blocks = []
