"""Headings and labelled paragraphs, read in order from a file, built into the model.

The Word and plain-text readers turn a file into a flat run of :class:`Heading` and
:class:`Para` events; a :class:`Builder` nests them under a numbering scheme:

- Heading depth N is the scheme's Nth heading level; the last is the unit (clause,
  section, regulation). Its number is read without what the level prints around it
  ("§ 34-1501." → "34-1501").
- When the file's headings are numbered, everything before the first numbered heading is
  front matter (a title page, contents, tmad's own "How changes are marked"): reported,
  not imported.
- A labelled paragraph is nested the way a drafter reads it: a label that continues an
  open sibling's sequence is its sibling, one that starts the next label level's sequence
  is its child, and the indentation settles a label that reads both ways ((i) after (h)).
  Unlabelled text is at the level whose indentation it has.

Without a scheme, labels are placed by their styles: a label that starts a style not yet
open ((a), (1), (i), (A), (I)) opens a deeper level. What was seen (each style, which style
it opened inside, its runs of siblings, the numbers of each heading depth) is kept in
:class:`Seen` for :mod:`tmad.importing.infer` to turn into a scheme, which a second build
then follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tmad.errors import SourceError
from tmad.importing.sources import Ids, unprinted
from tmad.labels import follows, starts
from tmad.model import Block, Clause, Section, TableRow
from tmad.scheme import Scheme

INFERRED_STYLES = ("a", "1", "i", "A", "I")
"""The label styles a document without a declared scheme may use, in the order tried."""
INSERTS = ("", "A", "-1", "a")
"""The insertion styles a label may be read in without a scheme: none, 4.5A, (c-1), (aa)."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of depth 1, 2, … with its number as printed ("PART 1", "4.26", "")."""

    depth: int
    number: str
    text: str
    where: str


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: its label without brackets ("c-1", "" when none), text and indent."""

    label: str
    text: str
    indent: int
    where: str
    term: str = ""
    level: int | None = None
    """The level the layout gives (a text file's indentation), for unlabelled or quoted text."""
    quote: int = 0
    """How deep in quoted structure (amending text): quoted paragraphs keep ``level``."""
    table: TableRow = ""
    """A table row ("head" or "row"): ``text`` is its cells joined by " | "."""
    note: str = ""
    """A footnote's label: the note's words, placed at the end of its provision."""


Event = Heading | Para


@dataclass
class Seen:
    """What a reading without a scheme observed, for inferring one."""

    headings: int = 0
    numbers: list[list[tuple[str, str, bool]]] = field(default_factory=list)
    """Per heading depth: (number as printed, the number of the heading it is under,
    whether it has heading text)."""
    styles: list[str] = field(default_factory=list)
    """The label styles, in the order first seen."""
    nested: list[tuple[str, str]] = field(default_factory=list)
    """(outer style, inner style) for each way one level of labels was seen inside another,
    with ("", style) for a style seen as a unit's outermost labels."""
    runs: dict[str, list[list[str]]] = field(default_factory=dict)
    """Per label style: each run of sibling labels."""
    names: list[str] = field(default_factory=list)
    """Per heading depth, the level's name where the file gives one (Akoma Ntoso's)."""
    label_names: dict[str, str] = field(default_factory=dict)
    """Per label style, the level's name where the file gives one."""


@dataclass
class Built:
    """The containers and units built, and notes for the report."""

    sections: list[Section]
    notes: list[str]
    seen: Seen


class Builder:
    """Builds sections from events, under ``scheme`` or (``scheme=None``) learning one."""

    def __init__(self, origin: str, scheme: Scheme | None, events: list[Event]) -> None:
        self.origin = origin
        self.scheme = scheme
        self.events = events
        self.seen = Seen()
        self.ids = Ids()
        self.notes: list[str] = []
        self.quoted: list[int] = []
        """In quoted text: its first level and indent, then each paragraph's indent."""
        self.unsure = False
        """Whether some text was placed before the indent of the level below it was known."""
        self.indents: dict[int, int] = {}
        """The indentation of each label level where first seen, for unlabelled text."""

    def fail(self, event: Event, message: str) -> SourceError:
        return SourceError(f"{self.origin}: {event.where} ({event.text[:60]!r}): {message}")

    def build(self) -> Built:
        built = self._run()
        if self.scheme is not None and self.unsure:
            # Again, knowing where each label level is indented, so that unlabelled text
            # placed before that level's first label (a definition list) is placed too.
            self.ids, self.notes, self.seen, self.unsure = Ids(), [], Seen(), False
            built = self._run()
        return built

    def _run(self) -> Built:
        headings = [e for e in self.events if isinstance(e, Heading) and (e.text or e.number)]
        numbered = any(h.number for h in headings)
        depth_count = (
            len(self.scheme.headings)
            if self.scheme is not None
            else max((h.depth for h in headings if h.number or not numbered), default=0)
        )
        self.seen.headings = depth_count
        self.seen.numbers = [[] for _ in range(depth_count)]
        sections: list[Section] = [Section("", "", ())]
        clause: dict | None = None
        front: list[str] = []
        started = False
        open_numbers = [""] * (depth_count + 1)
        stack: list[tuple[str, str, int]] = []  # open label levels: (style, last label, indent)
        for event in self.events:
            if isinstance(event, Heading) and (event.text or event.number):
                if numbered and not started and not event.number:
                    front.append(event.text)
                    continue
                if event.depth > depth_count:
                    if clause is None:
                        front.append(event.text or event.number)  # deeper, before any clause
                        continue
                    raise self.fail(event, self._too_deep(event.depth, depth_count))
                started = True
                if clause is not None:
                    _close(sections, clause)
                    clause = None
                stack = []
                clause = self._heading(event, depth_count, sections, open_numbers)
                continue
            if isinstance(event, Heading) or clause is None:
                if event.text and not started:
                    front.append(event.text)
                elif event.text and isinstance(event, Para):
                    raise self.fail(
                        event, "text under a heading that holds no text of its own (a part or "
                        "chapter): only its provisions (the deepest headings) hold text",
                    )  # fmt: skip
                continue
            if not event.text and not event.label:
                continue
            if isinstance(event, Para) and event.note:
                clause.setdefault("notes", []).append(Block(0, "", event.text, note=event.note))
                continue
            if event.quote:
                level = event.level if event.level is not None else self._quoted(event, stack)
            elif event.label:
                level = self._place(event, stack)
            elif event.level is not None:
                level = event.level
            else:
                level = self._text_level(event.indent, stack)
            if not event.quote:
                self.quoted = []
            block = Block(
                level, event.label, event.text, event.term, quote=event.quote, table=event.table
            )
            clause["body"].append(block)
        if clause is not None:
            _close(sections, clause)
        if front:
            self.notes.append(
                f"{len(front)} paragraphs before the first heading (a title page) were not "
                f"imported: {front[0][:40]!r} …"
            )
        if not any(s.clauses for s in sections):
            raise SourceError(f"{self.origin}: {self._no_units(depth_count)}")
        if not sections[0].clauses:
            sections = sections[1:]
        return Built(sections, self.notes, self.seen)

    def _too_deep(self, depth: int, count: int) -> str:
        if self.scheme is None:
            return f"a heading of level {depth} after the first clause, deeper than the others"
        return (
            f"a heading of level {depth}, deeper than the scheme's {count} heading levels "
            f"({self.scheme.marks()})"
        )

    def _no_units(self, count: int) -> str:
        if self.scheme is None:
            return "no headings found (Word heading styles, or numbered heading lines)"
        return (
            f"no clause headings found (styles 'Heading 1' … 'Heading {count}' for "
            f"{self.scheme.marks()})"
        )

    def _heading(
        self, event: Heading, count: int, sections: list[Section], open_numbers: list[str]
    ) -> dict | None:
        """Open a container, or return the unit the heading starts."""
        text = " ".join(event.text.split())
        if self.scheme is None:
            number = event.number
            parent = open_numbers[event.depth - 1]
            self.seen.numbers[event.depth - 1].append((number, parent, bool(text)))
            open_numbers[event.depth] = number
            name = "section" if event.depth == count else f"level-{event.depth}"
            unit = event.depth == count
        else:
            level = self.scheme.headings[event.depth - 1]
            number = unprinted(event.number, level)
            name, unit = level.name, level is self.scheme.unit
        ident = self.ids.make(text, name, number)
        if unit:
            return {"id": ident, "heading": text, "number": number, "body": []}
        sections.append(Section(ident, text, (), number, level=name))
        return None

    def _quoted(self, event: Para, stack: list[tuple[str, str, int]]) -> int:
        """The level of quoted text read without one: the first of a quotation is placed as
        unlabelled text, the rest by how much further each is indented."""
        if not self.quoted:
            self.quoted = [self._text_level(event.indent, stack), event.indent]
        base, first = self.quoted[0], self.quoted[1]
        deeper = sorted({i for i in self.quoted[1:] if i > first} | {event.indent})
        self.quoted.append(event.indent)
        return base + (deeper.index(event.indent) + 1 if event.indent > first else 0)

    def _text_level(self, indent: int, stack: list[tuple[str, str, int]]) -> int:
        """The level of unlabelled text: beside the open label it is indented as, or one
        level deeper when it is indented as far as that level's labels elsewhere."""
        level = sum(1 for _, last, open_indent in stack if last and open_indent <= indent)
        deeper = self.indents.get(level + 1)
        if deeper is None and level:
            self.unsure = True  # a deeper level's indent not seen yet: read again at the end
            here, outer = self.indents.get(level), self.indents.get(level - 1, 0)
            if here is not None and here > outer:
                deeper = here + (here - outer)  # indented a step further, as levels step
        return level + 1 if deeper is not None and level and deeper <= indent else level

    def _place(self, event: Para, stack: list[tuple[str, str, int]]) -> int:
        """The level of a labelled paragraph, as a drafter reads it (see module docstring)."""
        if self.scheme is None:
            return self._learn(event, stack)
        label, indent = event.label, event.indent
        levels = self.scheme.labels
        continuing = [
            depth
            for depth, (_, last, _) in enumerate(stack)
            if last and follows(levels[depth].style, levels[depth].insert, last, label,
                                levels[depth].fixed)
        ]  # fmt: skip
        further = range(len(stack), len(levels) if self.scheme.skip else len(stack) + 1)
        opening = [d for d in further if d < len(levels) and self._starts(d, label)]
        if opening and (not continuing or (stack and indent > stack[-1][2])):
            depth = opening[0]
        elif continuing:
            depth = continuing[-1]
        elif restart := [d for d in range(len(stack)) if self._starts(d, label)]:
            depth = restart[-1]  # a new list after text between ("… shall:" then (a) again)
        else:
            expected = ", ".join(f"({lv.style})" for lv in levels)
            hint = ""
            if wider := [
                lv.name for lv in levels
                if not (lv.fixed and lv.insert)
                and any(starts(lv.style, i, label, True) for i in INSERTS)
            ]:  # fmt: skip
                hint = (
                    f"; if it is inserted without renumbering, give level '{wider[0]}' "
                    "'fixed: true' and an 'insert' style in clauses/document.yaml"
                )
            raise self.fail(
                event, f"label ({label}) continues no open list and starts none (the "
                f"scheme's labels: {expected}){hint}",
            )  # fmt: skip
        del stack[depth:]
        stack.extend(("", "", indent) for _ in range(len(stack), depth))  # levels skipped
        stack.append((levels[depth].style, label, indent))
        level = sum(1 for _, last, _ in stack if last)  # levels skipped are not nested in
        self.indents.setdefault(level, indent)
        return level

    def _starts(self, depth: int, label: str) -> bool:
        assert self.scheme is not None
        level = self.scheme.labels[depth]
        return starts(level.style, level.insert, label, level.fixed)

    def _learn(self, event: Para, stack: list[tuple[str, str, int]]) -> int:
        """Without a scheme: place a label by its style, learning how styles nest."""
        label, indent = event.label, event.indent
        open_styles = {style for style, _, _ in stack}
        continuing = [
            depth
            for depth, (style, last, _) in enumerate(stack)
            if any(follows(style, insert, last, label) for insert in INSERTS)
        ]
        known = [*self.seen.styles, *(s for s in INFERRED_STYLES if s not in self.seen.styles)]
        opening = [s for s in known if s not in open_styles and starts(s, "", label)]
        if opening and (not continuing or (stack and indent > stack[-1][2])):
            depth, style = len(stack), opening[0]
        elif continuing:
            depth = continuing[-1]
            style = stack[depth][0]
        elif restart := [d for d, (s, _, _) in enumerate(stack) if starts(s, "", label)]:
            depth = restart[-1]
            style = stack[depth][0]
        elif gap := [
            d for d, (s, last, _) in enumerate(stack)
            if any(follows(s, insert, last, label, True) for insert in INSERTS)
        ]:  # fmt: skip
            depth = gap[-1]  # a label repealed and never reused: (a), (c)
            style = stack[depth][0]
        else:
            order = ", ".join(f"({s})" for s in self.seen.styles)
            raise self.fail(
                event, f"label ({label}) continues no open list and starts none (labels seen "
                f"so far: {order}); declare the numbering in clauses/document.yaml (README, "
                "'Numbering schemes') and import again",
            )  # fmt: skip
        if style not in self.seen.styles:
            self.seen.styles.append(style)
        outer = stack[depth - 1][0] if depth else ""
        if (outer, style) not in self.seen.nested:
            self.seen.nested.append((outer, style))
        runs = self.seen.runs.setdefault(style, [])
        same = len(stack) > depth and stack[depth][0] == style
        if same and any(follows(style, i, stack[depth][1], label, True) for i in INSERTS):
            runs[-1].append(label)
        else:
            runs.append([label])
        del stack[depth:]
        stack.append((style, label, indent))
        return depth + 1


def _close(sections: list[Section], clause: dict) -> None:
    last = sections[-1]
    body = (*clause["body"], *clause.get("notes", ()))  # footnotes after the provision's text
    made = Clause(clause["id"], clause["heading"], body, clause["number"])
    sections[-1] = Section(
        last.id, last.heading, (*last.clauses, made), last.number, level=last.level
    )
