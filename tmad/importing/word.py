"""Reading a legal document from Word (.docx) as a run of headings and paragraphs.

- **Headings** by style (``Heading 1`` … or any style with an outline level), of the
  depth the style gives. The number is Word's automatic number (``w:numPr``, computed
  from ``numbering.xml`` as Word displays it) or the typed text before the first tab
  ("4.26<tab>Heading", "§ 34-1501.<tab>…").
- **Paragraphs** with their labels, typed ("(a)<tab>text") or automatic, and their
  indentation; :mod:`tmad.importing.builder` nests them under the headings.
- **Definitions**: a paragraph that opens with bold words followed by "means", "has the
  meaning", "includes" or "shall mean".
- **Tracked changes**: insertions and deletions read accepted (or, with ``reject``, as
  they were before); each revision's author and date is listed in the report.
- **Tables**: each row a paragraph of its cells (a row Word repeats as a header is a
  header row), at the table's indent.
- **Footnotes**: a reference is ``[^n]`` (n counting the notes as Word numbers them) and
  the note's words a footnote of the provision.
- Pictures are not clause text: each is listed in the report, never dropped silently.

The file is read as untrusted (:mod:`tmad.untrusted`): a bounded zip with bomb
checks, and XML with no DTD, no entities and no network.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from tmad.errors import SourceError
from tmad.importing.builder import Event, Heading, Para
from tmad.importing.text import split_number
from tmad.labels import format_ordinal
from tmad.model import TableRow, escape_cell, join_cells
from tmad.untrusted import Limits, MiB, SafeZip, Unreadable, parse_xml, read_bounded

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIMITS = Limits(max_file_bytes=200 * MiB, max_uncompressed_bytes=1024 * MiB)
_TYPED_LABEL = re.compile(r"(“?)\(([A-Za-z0-9]{1,8}(?:-\d{1,3})?)\)(?:[\t ]+|\Z)")
_DEFINES = re.compile(r"(means|has the meaning|have the meaning|includes|shall mean)\b")
_CLOSE = "”"
_LIST_NUMBER = re.compile(r"\(?([A-Za-z0-9]{1,8}(?:-\d{1,3})?)[.)]?\)?")
_HEADING = re.compile(r"heading (\d)\Z", re.IGNORECASE)
PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml")
"""The parts of a DOCX that are read (each bounded and parsed as untrusted XML)."""
_P, _PPR, _RPR, _B = (f"{W}{name}" for name in ("p", "pPr", "rPr", "b"))
_PSTYLE, _OUTLINE, _IND, _NUMPR = (f"{W}{n}" for n in ("pStyle", "outlineLvl", "ind", "numPr"))
_REVISIONS = {"ins": "insertion", "moveTo": "insertion", "del": "deletion", "moveFrom": "deletion"}
_NOT_TEXT = {"pPr", "rPr", "instrText", "fldChar", "bookmarkStart", "bookmarkEnd"}
"""Elements of a paragraph that hold no text (the others are searched for runs)."""
_FORMATS = {
    "decimal": "1",
    "lowerLetter": "a",
    "upperLetter": "A",
    "lowerRoman": "i",
    "upperRoman": "I",
}


@dataclass
class Read:
    """What was read, and notes for the report."""

    events: list[Event]
    notes: list[str] = field(default_factory=list)


def read_word(path: Path, reject: bool = False) -> Read:
    """A DOCX's headings and paragraphs, in order; SourceError naming the file when it
    cannot be read. :class:`tmad.importing.builder.Builder` nests them."""
    try:
        package = SafeZip(read_bounded(path, LIMITS), LIMITS)
        parts: dict[str, etree._Element] = {
            name: parse_xml(package.read(name), name) for name in PARTS if name in package.names
        }
    except Unreadable as exc:
        raise SourceError(f"{path}: {exc}") from None
    if "word/document.xml" not in parts:
        raise SourceError(f"{path}: no word/document.xml: not a Word document")
    return _Reader(path, reject, parts).read()


@dataclass
class _Style:
    name: str
    outline: int | None
    """The outline level its paragraphs take: a "Heading N" style's, else its own."""
    left: int | None
    numbering: tuple[str, int] | None


class _Numbering:
    """Word's automatic numbers, computed as Word displays them."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            ident = abstract.get(f"{W}abstractNumId", "")
            for lvl in abstract.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or "1")
                self.levels[(ident, ilvl)] = (fmt, text, start)
        for num in root.iter(f"{W}num"):
            abstract = num.find(f"{W}abstractNumId")
            self.abstract_of[num.get(f"{W}numId", "")] = _val(abstract) or ""

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of a list level, as displayed ("(a)", "4.26", "" for bullets)."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(abstract, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        start = self.levels.get((abstract, ilvl), ("decimal", "", 1))[2]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = self.levels.get((abstract, ilvl), ("decimal", f"%{ilvl + 1}.", 1))
        if fmt not in _FORMATS:
            return ""

        def place(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt = self.levels.get((abstract, level), ("decimal", "", 1))[0]
            value = counters[level] or self.levels.get((abstract, level), ("", "", 1))[2]
            return format_ordinal(_FORMATS.get(level_fmt, "1"), value)

        return re.sub(r"%([1-9])", place, text)


_VAL = f"{W}val"


def _val(element: etree._Element | None) -> str | None:
    return element.get(_VAL) if element is not None else None


class _Reader:
    def __init__(self, path: Path, reject: bool, parts: dict[str, etree._Element]) -> None:
        self.path = path
        self.reject = reject
        self.document = parts["word/document.xml"]
        self.styles = self._styles(parts.get("word/styles.xml"))
        self.numbering = _Numbering(parts.get("word/numbering.xml"))
        footnotes = parts.get("word/footnotes.xml")
        self.footnotes = {
            note.get(f"{W}id", ""): note
            for note in (footnotes.iter(f"{W}footnote") if footnotes is not None else ())
        }
        self.referred = 0  # footnotes referred to so far: the next one's label
        self.pending: list[Para] = []  # the footnotes of the paragraph being read
        self.notes: list[str] = []
        self.revisions: Counter[tuple[str, str, str]] = Counter()

    def _styles(self, root: etree._Element | None) -> dict[str, _Style]:
        raw: dict[str, tuple[str, str, int | None, int | None, tuple[str, int] | None]] = {}
        if root is not None:
            for style in root.iter(f"{W}style"):
                ident = style.get(f"{W}styleId", "")
                props = _props(_child(style, _PPR))
                raw[ident] = (
                    _val(_child(style, f"{W}name")) or ident,
                    _val(_child(style, f"{W}basedOn")) or "",
                    _outline(props),
                    _left(props),
                    _numpr(props),
                )
        out: dict[str, _Style] = {}
        for ident in raw:
            name, outline, left, numbering = raw[ident][0], None, None, None
            seen, current = set(), ident
            while current in raw and current not in seen:
                seen.add(current)
                _, based, o, lft, num = raw[current]
                outline = outline if outline is not None else o
                left = left if left is not None else lft
                numbering = numbering or num
                current = based
            heading = _HEADING.match(name)
            outline = int(heading.group(1)) - 1 if heading else outline
            out[ident] = _Style(name, outline, left, numbering)
        return out

    def read(self) -> Read:
        body = self.document.find(f"{W}body")
        if body is None:
            raise SourceError(f"{self.path}: the document has no body")
        events: list[Event] = []
        quoting = False  # inside quoted structure: “(4) … to the paragraph ending ”
        for index, element in enumerate(body, 1):
            tag = _local(element.tag) if isinstance(element.tag, str) else ""
            if tag == "tbl":
                events.extend(self.table(element, f"table {index}"))
                events.extend(self.pending)
                self.pending = []
                continue
            if tag != "p":
                continue
            props = _props(_child(element, _PPR))
            text, term, deleted = self.text(element, props)
            notes, self.pending = self.pending, []
            if deleted:
                continue
            style = self._style(props)
            depth = self._heading_depth(props, style)
            number = self._auto_number(props, style)
            where = f"paragraph {index}"
            if depth is not None:
                if not number and "\t" in text:
                    number, text = (part.strip() for part in text.split("\t", 1))
                elif not number:  # "PART 1 General", "1. Citation", or "X1.1" with no heading
                    number, text = split_number(text)
                events.append(Heading(depth, number, text, where))
                events.extend(notes)
                continue
            label = ""
            if number:
                label = _list_label(number)
            else:
                typed = _TYPED_LABEL.match(text)
                if typed:
                    label, text = typed.group(2), text[typed.end() :]
                    quoting = quoting or bool(typed.group(1))
            indent = self._left(props, style)
            text = " ".join(text.split())
            quote = int(quoting)
            if quoting and text.endswith(_CLOSE):
                text, quoting = text[: -len(_CLOSE)], False
            events.append(Para(label, text, indent, where, term, quote=quote))
            events.extend(notes)
        for (kind, author, date), count in sorted(self.revisions.items()):
            read = "rejected" if self.reject else "accepted"
            self.notes.append(f"{count} tracked {kind} by {author} ({date or 'no date'}): {read}")
        return Read(events, self.notes)

    def table(self, table: etree._Element, where: str) -> list[Para]:
        """A table's rows, each a paragraph of its cells joined by " | " at the table's
        indent (``w:tblInd``); rows Word repeats as headers (``w:tblHeader``) are header
        rows. A row a tracked change removes is left out like a paragraph; a row with fewer
        cells than the table's widest (merged cells) is padded with empty cells, noted."""
        gone = "ins" if self.reject else "del"
        ind = table.find(f"{W}tblPr/{W}tblInd")
        width = ind.get(f"{W}w", "0") if ind is not None else "0"
        indent = int(width) if width.lstrip("-").isdigit() else 0
        rows: list[tuple[TableRow, list[str]]] = []
        for row in table.iter(f"{W}tr"):
            if next(row.iterancestors(f"{W}tbl")) is not table:
                continue  # a table nested in a cell: its text is in that cell's
            marks = row.find(f"{W}trPr")
            if marks is not None and marks.find(f"{W}{gone}") is not None:
                continue
            head = marks is not None and marks.find(f"{W}tblHeader") is not None
            cells = []
            for cell in row.iter(f"{W}tc"):
                if next(cell.iterancestors(f"{W}tr")) is row:
                    words = " ".join(self.text(p)[0] for p in cell.iter(_P))
                    cells.append(escape_cell(" ".join(words.split())))
            rows.append(("head" if head and all(r[0] == "head" for r in rows) else "row", cells))
        widest = max((len(cells) for _, cells in rows), default=0)
        if any(len(cells) < widest for _, cells in rows):
            self.notes.append(f"{where}: merged cells were read as separate, empty cells")
        return [
            Para("", join_cells(cells + [""] * (widest - len(cells))), indent, where, table=kind)
            for kind, cells in rows
        ]

    def footnote(self, reference: etree._Element) -> str:
        """A footnote reference as ``[^n]`` (n counting the notes in order, as Word numbers
        them); the note's words wait in ``pending`` for the paragraph's event."""
        note = self.footnotes.get(reference.get(f"{W}id", ""))
        if note is None:
            self.notes.append("a footnote reference names no footnote: left out")
            return ""
        self.referred += 1
        label = str(self.referred)
        words = " ".join(" ".join(self.text(p)[0] for p in note.iter(_P)).split())
        self.pending.append(Para("", words, 0, f"footnote {label}", note=label))
        return f"[^{label}]"

    def _style(self, props: Props) -> _Style | None:
        return self.styles.get(_val(props.get(_PSTYLE)) or "Normal")

    def _heading_depth(self, props: Props, style: _Style | None) -> int | None:
        outline = _outline(props)
        if outline is None and style is not None:
            outline = style.outline
        return outline + 1 if outline is not None and outline < 9 else None

    def _auto_number(self, props: Props, style: _Style | None) -> str:
        numbering = _numpr(props) or (style.numbering if style else None)
        if numbering is None:
            return ""
        return self.numbering.label(*numbering)

    def _left(self, props: Props, style: _Style | None) -> int:
        left = _left(props)
        if left is None and style is not None:
            left = style.left
        return left or 0

    def text(self, paragraph: etree._Element, props: Props | None = None) -> tuple[str, str, bool]:
        """(text, defined term, whether the whole paragraph is a deleted one); ``props``: its
        properties when already found."""
        props = props if props is not None else _props(_child(paragraph, _PPR))
        mark = props.get(_RPR)
        gone = "ins" if self.reject else "del"
        pieces: list[tuple[str, bool]] = []
        self._runs(paragraph, pieces)
        text = "".join(t for t, _ in pieces)
        whole_gone = mark is not None and _child(mark, f"{W}{gone}") is not None
        whole_gone = whole_gone and not text.strip()
        term = ""
        bold = ""
        for piece, is_bold in pieces:
            if not is_bold:
                break
            bold += piece
        if bold.strip() and _DEFINES.match(text[len(bold) :].lstrip()):
            term, text = bold.strip(), text[len(bold) :]
        return text.strip(), term, whole_gone

    def _runs(self, element: etree._Element, out: list[tuple[str, bool]]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = _local(tag)  # by local name, as Word's own elements and others (m:r)
            kind = _REVISIONS.get(name)
            if kind is not None:
                author = child.get(f"{W}author", "unknown")
                date = (child.get(f"{W}date") or "")[:10]
                self.revisions[(kind, author, date)] += 1
                if (kind == "insertion") != self.reject:
                    self._runs(child, out)
                continue
            if name == "r":  # its text, bold when its (first) w:rPr says so
                rpr = None
                texts = []
                for part in child:
                    part_tag = part.tag
                    if not isinstance(part_tag, str):
                        continue
                    if part_tag == _RPR:
                        rpr = part if rpr is None else rpr
                        continue
                    part_name = _local(part_tag)
                    if part_name in ("t", "delText"):
                        texts.append(part.text or "")
                    elif part_name == "tab":
                        texts.append("\t")
                    elif part_name in ("br", "cr"):
                        texts.append(" ")
                    elif part_name == "footnoteReference":
                        texts.append(self.footnote(part))
                    elif part_name in ("drawing", "pict", "object"):
                        self.notes.append("a picture or object was not imported")
                bold = _child(rpr, _B) if rpr is not None else None
                strong = bold is not None and _val(bold) not in ("0", "false")
                out.extend((text, strong) for text in texts)
                continue
            if name in _NOT_TEXT:
                continue
            self._runs(child, out)


@cache
def _local(tag: str) -> str:
    """An element's local name (``{namespace}r`` → ``r``), worked out once per tag."""
    return tag.rpartition("}")[2]


def _list_label(number: str) -> str:
    """A list number as a label: "(a)", "a)", "a." and "1." all label (a) or (1)."""
    match = _LIST_NUMBER.fullmatch(number.strip())
    return match.group(1) if match else number.strip().strip("()")


Props = dict[object, etree._Element]
"""A properties element's children by tag (the first of each)."""


def _props(properties: etree._Element | None) -> Props:
    """The children of ``w:pPr`` (or another properties element) by tag, read in one pass:
    lxml's ``find`` parses its path on every call, and a paragraph asks for five of them."""
    out: Props = {}
    if properties is not None:
        for child in properties:
            out.setdefault(child.tag, child)
    return out


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``: the first child itself when it is (a paragraph's
    ``w:pPr``, a run's ``w:rPr``), else found in C."""
    if len(element) and element[0].tag == tag:
        return element[0]
    return next(element.iterchildren(tag), None)


def _outline(props: Props) -> int | None:
    value = _val(props.get(_OUTLINE))
    return int(value) if value is not None and value.isdigit() else None


def _left(props: Props) -> int | None:
    ind = props.get(_IND)
    if ind is None:
        return None
    value = ind.get(f"{W}left") or ind.get(f"{W}start")
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _numpr(props: Props) -> tuple[str, int] | None:
    numpr = props.get(_NUMPR)
    if numpr is None:
        return None
    number = _props(numpr)
    num_id = _val(number.get(f"{W}numId"))
    ilvl = _val(number.get(f"{W}ilvl")) or "0"
    if not num_id or num_id == "0":
        return None
    return num_id, int(ilvl) if ilvl.isdigit() else 0
