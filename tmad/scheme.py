"""A document's numbering scheme: its levels, named as Akoma Ntoso names them.

The scheme is data, declared in ``clauses/document.yaml`` under ``numbering``
(README.md, "Numbering schemes"). Its levels run from the outermost to the innermost:

- **Heading levels** come first and are written as Markdown headings: the first
  heading level with ``#``, the second with ``##``, and so on. The last heading
  level is the **unit**: the provision that has a stable id, is aligned between
  versions and is cited by number (the TMAD's clause, a US code's section, an
  SI's regulation). Heading levels before it are **containers** (part, chapter,
  subchapter, the TMAD's section) that group units.
- **Label levels** follow: the labelled paragraphs inside a unit, ``(a)``,
  ``(1)``, ``(i)``, to any depth the scheme declares.

A level's number is either computed from its place (``number: "{parent}.{1}"``)
or **fixed**: written in the source (``{#id num=34-1501}`` on a heading, the label
itself on a paragraph) and never renumbered; something inserted between fixed
numbers is numbered by the level's insertion style (``4.5A``, ``(c-1)``, ``(aa)``).

A document without ``numbering`` has the TMAD's scheme, :data:`DEFAULT`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tmad.akoma import HIERARCHY
from tmad.errors import Location, SourceError
from tmad.labels import INSERTIONS, STYLES, format_ordinal
from tmad.yamlsource import Mapping, parse_mapping

_ORDINAL = re.compile(r"\{(1|a|i|A|I)\}")
_TOKEN = re.compile(r"\{([^{}]*)\}")
_LEVEL_KEYS = {"level", "heading", "label", "number", "fixed", "insert", "print", "cite", "count"}


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a numbering scheme."""

    name: str
    """The Akoma Ntoso element ("section", "subsection", "paragraph"); unique in a scheme."""
    heading: str
    """For a heading level, whether its heading text is "required" or "optional"; "" for a
    label level."""
    depth: int
    """A heading level's number of ``#``; a label level's place among label levels (1 for
    the first)."""
    style: str = ""
    """A label level's label style ("a" for (a), (b); see :mod:`tmad.labels`)."""
    number: str = ""
    """A computed heading level's number: ``{1}`` (or ``{a}``, ``{i}``, ``{A}``, ``{I}``) is
    its place among its siblings, ``{parent}`` the number of the container above it
    ("{parent}.{1}" gives 4.26). "" for a fixed level or a label level."""
    fixed: bool = False
    """Whether numbers or labels are written in the source and never renumbered."""
    insert: str = ""
    """How something inserted between fixed numbers is numbered: "A" (4.5A, (9A)), "a"
    ((aa)) or "-1" ((c-1)); "" when insertions are not allowed."""
    print: str = "{number}"
    """How the number is printed before a heading ("§ {number}.", "PART {number}")."""
    cite: tuple[str, ...] = ()
    """The words that cite the level in text ("Clause"; "section", "§"); the first is the
    one tmad writes."""
    count: str = "parent"
    """A computed heading level counts its siblings within its "parent" container, or
    through the whole "document" (an SI's regulations run on across its parts)."""
    location: Location | None = field(default=None, compare=False)
    """Where the level is declared."""

    @property
    def is_heading(self) -> bool:
        """Whether the level is written as a heading (``#``) rather than a label."""
        return bool(self.heading)

    @property
    def noun(self) -> str:
        """The word tmad writes to cite the level ("Clause", "subsection")."""
        return self.cite[0]

    def printed(self, number: str) -> tuple[str, str]:
        """The text printed before and after a number ("§ ", ".")."""
        before, _, after = self.print.partition("{number}")
        return before, after


@dataclass(frozen=True, slots=True)
class Scheme:
    """The levels of a document, outermost first."""

    levels: tuple[Level, ...]
    """Heading levels (containers, then the unit), then label levels."""
    skip: bool = False
    """Whether a provision may hold a deeper level directly, skipping one (a US code section
    holding paragraph (1) without a subsection; a chapter holding sections without a
    subchapter)."""
    location: Location | None = field(default=None, compare=False)
    """Where the scheme is declared (None for the default)."""
    headings: tuple[Level, ...] = field(init=False, compare=False, repr=False)
    """The heading levels, outermost first; the last is the unit."""
    labels: tuple[Level, ...] = field(init=False, compare=False, repr=False)
    """The label levels, outermost first."""
    _hash: int = field(init=False, compare=False, repr=False)
    """The hash of the compared fields, worked out once: a scheme keys the cached grammar
    that every paragraph's citations are searched with."""

    def __post_init__(self) -> None:
        headings = tuple(level for level in self.levels if level.is_heading)
        object.__setattr__(self, "headings", headings)
        labels = tuple(level for level in self.levels if not level.is_heading)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "_hash", hash((self.levels, self.skip)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple:
        # made again where it is unpickled, so the hash is that process's (str hashes differ)
        return (Scheme, (self.levels, self.skip, self.location))

    @property
    def containers(self) -> tuple[Level, ...]:
        """The heading levels above the unit."""
        return self.headings[:-1]

    @property
    def unit(self) -> Level:
        """The level of the provisions that have ids and are compared (the TMAD's clause)."""
        return self.headings[-1]

    def level(self, name: str) -> Level:
        """The level with this element name; KeyError when there is none."""
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(name)

    def heading_level(self, depth: int) -> Level | None:
        """The heading level written with ``depth`` hashes, or None."""
        headings = self.headings
        return headings[depth - 1] if 1 <= depth <= len(headings) else None

    def marks(self) -> str:
        """The heading levels as they are written ("'#' section, '##' clause")."""
        return ", ".join(f"'{'#' * level.depth}' {level.name}" for level in self.headings)


@cache
def compute(level: Level, index: int, parent: str) -> str:
    """A computed number: the index-th sibling under a parent numbered ``parent``.

    ``{parent}`` and one separator after it drop out when there is no parent number.
    """

    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        return parent if name == "parent" else format_ordinal(name, index)

    template = level.number
    if not parent and template.startswith("{parent}"):
        template = re.sub(r"\A\{parent\}[^{}]?", "", template)
    return _TOKEN.sub(token, template)


def parse_scheme(meta: Mapping) -> Scheme:
    """The scheme declared under ``numbering`` in ``document.yaml``."""
    meta.refuse_unknown({"levels", "skip"})
    skip = meta.get("skip", False)
    if not isinstance(skip, bool):
        raise SourceError("'skip' must be true or false", meta.where("skip"))
    raw = meta.sequence("levels")
    if not raw:
        raise SourceError(
            "'numbering' needs 'levels': a list of levels, outermost first", meta.where()
        )
    levels: list[Level] = []
    headings = labels = 0
    for item in raw:
        if not isinstance(item, Mapping):
            raise SourceError(
                "each level is a mapping, like {level: section, heading: required}", meta.where()
            )
        level = _level(item, headings + 1, labels + 1)
        if level.is_heading:
            if labels:
                raise SourceError(
                    f"heading level '{level.name}' comes after label levels: heading levels "
                    "(parts, sections, clauses) come first, then label levels ((a), (1))",
                    item.where(),
                )
            headings += 1
        else:
            labels += 1
        if any(other.name == level.name for other in levels):
            raise SourceError(f"level '{level.name}' is declared twice", item.where("level"))
        levels.append(level)
    if not headings:
        raise SourceError(
            "the numbering needs at least one heading level: the provisions that have ids "
            "(such as {level: section, heading: required, number: '{1}'})",
            meta.where(),
        )
    scheme = Scheme(tuple(levels), skip, meta.where())
    if "{parent}" in scheme.headings[0].number:
        raise SourceError(
            f"'{scheme.headings[0].name}' is the outermost level: it has no parent for "
            "'{parent}' in its number",
            scheme.headings[0].location,
        )
    return scheme


def _level(item: Mapping, heading_depth: int, label_depth: int) -> Level:
    item.refuse_unknown(_LEVEL_KEYS)
    name = item.string("level")
    if not name:
        raise SourceError("a level needs a name: 'level: section'", item.where())
    if name not in HIERARCHY:
        raise SourceError(
            f"unknown level '{name}': use an Akoma Ntoso level ({', '.join(sorted(HIERARCHY))})",
            item.where("level"),
        )
    heading = item.string("heading")
    label = item.string("label")
    if (heading is None) == (label is None):
        raise SourceError(
            f"level '{name}' needs either 'heading: required|optional' (a heading level, "
            "written with '#') or 'label: \"(a)\"' (a labelled paragraph)",
            item.where(),
        )
    fixed = _flag(item, "fixed")
    insert = item.string("insert", "") or ""
    if insert and insert not in INSERTIONS:
        raise SourceError(
            f'unknown insertion style \'{insert}\' (use "A" for 4.5A and (9A), "a" for (aa), '
            '"-1" for (c-1))',
            item.where("insert"),
        )
    cite = _cite(item, name)
    if label is not None:
        return _label_level(item, name, label, label_depth, fixed, insert, cite)
    if heading not in ("required", "optional"):
        raise SourceError(
            f"'heading' is 'required' or 'optional', not '{heading}'", item.where("heading")
        )
    number = item.string("number", "" if fixed else "{1}") or ""
    if fixed and number:
        raise SourceError(
            f"level '{name}' is fixed: its numbers are written in the source "
            "({#id num=...}), so it takes no 'number' template",
            item.where("number"),
        )
    if not fixed:
        _check_template(number, item)
        if insert:
            raise SourceError(
                f"level '{name}' is computed (renumbered from order), so it has no insertion "
                "style; add 'fixed: true' to keep its numbers",
                item.where("insert"),
            )
    printed = item.string("print", "{number}") or ""
    if printed.count("{number}") != 1 or len(_TOKEN.findall(printed)) != 1:
        raise SourceError(
            f"'print' shows the number once as {{number}}, like \"§ {{number}}.\" "
            f"(got {printed!r})",
            item.where("print"),
        )
    count = item.string("count", "parent") or ""
    if count not in ("parent", "document"):
        raise SourceError(f"'count' is 'parent' or 'document', not '{count}'", item.where("count"))
    return Level(
        name,
        heading,
        heading_depth,
        "",
        number,
        fixed,
        insert,
        printed,
        cite,
        count,
        item.where(),
    )


def _label_level(
    item: Mapping,
    name: str,
    label: str,
    depth: int,
    fixed: bool,
    insert: str,
    cite: tuple[str, ...],
) -> Level:
    for key in ("number", "print", "count"):
        if key in item.values:
            raise SourceError(
                f"'{key}' is for heading levels; a label level has only its label",
                item.where(key),
            )
    match = re.fullmatch(r"\((.+)\)", label)
    if match is None or match.group(1) not in STYLES:
        raise SourceError(
            f"label {label!r}: write the first label of the level in brackets, one of "
            + ", ".join(f"({s})" for s in STYLES),
            item.where("label"),
        )
    return Level(
        name, "", depth, match.group(1), "", fixed, insert, "{number}", cite, "parent",
        item.where(),
    )  # fmt: skip


def _flag(item: Mapping, key: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise SourceError(f"'{key}' must be true or false", item.where(key))
    return value


def _cite(item: Mapping, name: str) -> tuple[str, ...]:
    value: Any = item.get("cite")
    if value is None:
        return (name,)
    words = value if isinstance(value, list) else [value]
    out = []
    for word in words:
        if not isinstance(word, str) or not word.strip() or len(word) > 40:
            raise SourceError(
                "'cite' is a word or a list of words citing the level, like [section, §]",
                item.where("cite"),
            )
        out.append(" ".join(word.split()))
    return tuple(out)


def _check_template(number: str, item: Mapping) -> None:
    tokens = _TOKEN.findall(number)
    ordinals = _ORDINAL.findall(number)
    unknown = [t for t in tokens if t != "parent" and t not in ("1", "a", "i", "A", "I")]
    if unknown or len(ordinals) != 1 or tokens.count("parent") > 1:
        raise SourceError(
            f"number {number!r}: use one of {{1}}, {{a}}, {{i}}, {{A}}, {{I}} for the place "
            'among siblings, and optionally {parent} for the number above ("{parent}.{1}")',
            item.where("number"),
        )


DEFAULT_TEXT = """\
levels:
  - {level: section, heading: required, number: "{1}", cite: Section}
  - {level: clause, heading: required, number: "{parent}.{1}", cite: Clause}
  - {level: paragraph, label: "(a)", cite: paragraph}
  - {level: subparagraph, label: "(i)", cite: paragraph}
  - {level: point, label: "(A)", cite: paragraph}
"""
"""The TMAD's scheme, used when ``document.yaml`` declares none: sections 1, 2, …; clauses
4.1, 4.2, … within them; paragraphs (a) → (i) → (A), renumbered from order."""

DEFAULT = parse_scheme(parse_mapping(DEFAULT_TEXT, "<default numbering>"))
