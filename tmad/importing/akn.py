"""Reading an Akoma Ntoso 3.0 document (``act``, ``bill`` or ``doc``) into the model.

The inverse of :mod:`tmad.render.akn`, and tolerant of documents tmad did not write:

- the **unit** (what becomes a clause) is the element named by the project's scheme
  (``clause`` for the TMAD, ``section`` for a code), or for a new project the innermost
  hierarchy element numbered other than as a label (a TMAD's ``section`` holds its
  ``clause`` 4.26; a code's ``section`` § 34-1501 holds ``subsection`` (a));
- hierarchy elements that hold units are containers, at the scheme level of their name;
- inside a unit, elements with a ``num`` are labelled paragraphs (``(a)`` read from the
  num), ``intro``/``content``/``wrapUp`` paragraphs are the element's own text, and
  ``hcontainer name="text"|"quotation"`` paragraphs keep the level their ``class`` gives;
- ``def`` at the start of a paragraph is a definition's term; ``ref`` is read as its
  text (citations become ``[[id]]`` after loading, as for every import).

The file is parsed with no DTD, no entity expansion and no network, and refused with the
element and line named when it is not AKN 3.0 or holds something that would be lost.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tmad.akoma import HIERARCHY, NS
from tmad.errors import SourceError
from tmad.importing.builder import INFERRED_STYLES, INSERTS, Seen
from tmad.importing.sources import Ids, unprinted
from tmad.labels import keys, starts
from tmad.model import NOTE_LABEL, Block, Clause, Section, TableRow, escape_cell, join_cells
from tmad.scheme import Scheme
from tmad.untrusted import Limits, MiB, Unreadable, parse_xml, read_bounded

A = f"{{{NS}}}"
LIMITS = Limits(max_file_bytes=200 * MiB)
_LABEL = re.compile(r"\(([A-Za-z0-9]{1,8}(?:-\d{1,3})?)\)\s*")
_CLASS = re.compile(r"level-(\d+) quote-(\d+)")
_NOTE_EID = re.compile(rf"__note_({NOTE_LABEL})\Z")
"""The label of a footnote in the eId tmad gives its ``authorialNote``."""


@dataclass
class Read:
    """What was read: containers and clauses in reading order, and notes for the report."""

    title: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)


def _all_text(element: etree._Element) -> str:
    """The text an element holds, its children's included."""
    return "".join(str(piece) for piece in element.itertext())


def read_akn(path: Path, scheme: Scheme | None) -> Read:
    """An AKN file's text; SourceError naming the file (and element) when it cannot be."""
    try:
        data = read_bounded(path, LIMITS)
        root = parse_xml(data, path.name)
    except Unreadable as exc:
        raise SourceError(f"{path}: {exc}") from None
    return _Reader(path, scheme).read(root)


def akn_seen(path: Path) -> Seen:
    """What an AKN file's structure shows, for inferring a scheme (a first import into a
    project that declares none): its container and unit elements outermost first, each
    with the numbers it prints, and its labelled elements with their label styles, how
    they nest and their runs of siblings. Level names are the file's element names."""
    try:
        root = parse_xml(read_bounded(path, LIMITS), path.name)
    except Unreadable as exc:
        raise SourceError(f"{path}: {exc}") from None
    body = next((e for e in root.iter(f"{A}body", f"{A}mainBody")), None)
    if body is None:
        raise SourceError(f"{path}: no <body> or <mainBody>: nothing to import")
    reader = _Reader(path, None)
    unit = reader.unit(body)
    seen = Seen()
    depths: dict[str, int] = {}
    numbers: dict[str, list[tuple[str, str, bool]]] = {}
    labels: dict[str, list[list[str]]] = {}

    def raw(element: etree._Element) -> str:
        num = element.find(f"{A}num")
        return " ".join(_all_text(num).split()) if num is not None else ""

    def containers(element: etree._Element, depth: int, parent: str) -> None:
        for child in element:
            name = _name(child)
            holds = name == unit or any(_name(e) == unit for e in child.iter())
            if not holds or name in ("", "num", "heading"):
                continue
            depths[name] = min(depths.get(name, depth), depth)
            has_heading = child.find(f"{A}heading") is not None
            numbers.setdefault(name, []).append((raw(child), parent, has_heading))
            if name == unit:
                labelled(child, "")
            else:
                containers(child, depth + 1, raw(child))

    def labelled(element: etree._Element, outer: str) -> None:
        run: list[str] = []
        for child in element:
            name = _name(child)
            written = raw(child) if name not in ("", "num", "heading") else ""
            if not written.startswith("("):
                continue
            label = written.strip("()")
            runs = labels.setdefault(name, [])
            if not run or runs[-1] is not run:
                run = []
                runs.append(run)
            run.append(label)
            if (outer, name) not in nested:
                nested.append((outer, name))
            labelled(child, name)

    nested: list[tuple[str, str]] = []
    containers(body, 0, "")
    order = sorted(depths, key=lambda n: (depths[n], n == unit))
    seen.headings = len(order)
    seen.names = order
    seen.numbers = [[(number, parent, titled) for number, parent, titled in numbers[n]]
                    for n in order]  # fmt: skip
    styles = {name: _style(runs) for name, runs in labels.items()}
    for name, style in styles.items():
        if style in seen.label_names:
            raise SourceError(
                f"{path}: <{name}> and <{seen.label_names[style]}> are both labelled "
                f"({style}): declare the numbering in clauses/document.yaml and import again"
            )
        seen.label_names[style] = name
        seen.styles.append(style)
        seen.runs[style] = labels[name]
    seen.nested = [(styles.get(outer, ""), styles[inner]) for outer, inner in nested]
    return seen


def _style(runs: list[list[str]]) -> str:
    """The label style of an element's runs of labels ((a), (b) → "a"; (i), (ii) → "i")."""
    for style in INFERRED_STYLES:
        readable = all(any(keys(style, i, label) for i in INSERTS) for r in runs for label in r)
        if readable and any(starts(style, "", r[0]) for r in runs):
            return style
    for style in INFERRED_STYLES:
        if all(any(keys(style, i, label) for i in INSERTS) for r in runs for label in r):
            return style
    return "1"


def _numbered(body: etree._Element) -> list[str]:
    """The hierarchy elements numbered other than as labels ("4.26", "§ 34-1501.", not
    "(a)"), in document order: the containers and units of a document."""
    found: dict[str, None] = {}
    for element in body.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in HIERARCHY:
            continue
        num = element.find(f"{A}num")
        written = _all_text(num).strip() if num is not None else ""
        if written and not written.startswith(("(", "“(", '"(')):
            found.setdefault(_name(element))
    return list(found)


_CELLS = ("th", "td")


def _row(element: etree._Element) -> TableRow:
    """A ``tr``'s kind of row: "head" when all its cells are ``th``; "" for a ``p``."""
    if _name(element) != "tr":
        return ""
    cells = [_name(cell) for cell in element if _name(cell) in _CELLS]
    return "head" if cells and all(name == "th" for name in cells) else "row"


def _empty(element: etree._Element) -> bool:
    """Whether a hierarchy element holds no words besides its number and heading."""
    tag = etree.QName(element).localname
    if (tag not in HIERARCHY and tag != "hcontainer") or (element.text or "").strip():
        return False
    for child in element:
        if not isinstance(child.tag, str) or _name(child) in ("num", "heading", "subheading"):
            continue
        if _all_text(child).strip():
            return False
    return True


def _name(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    name = etree.QName(element).localname
    if name == "hcontainer":
        return element.get("name", "hcontainer")
    return name


class _Reader:
    def __init__(self, path: Path, scheme: Scheme | None) -> None:
        self.path = path
        self.scheme = scheme
        self.ids = Ids()
        self.notes: list[str] = []
        self.footnotes: list[Block] = []  # the current provision's, in the order referred to
        self.read_p: set[etree._Element] = set()

    def fail(self, element: etree._Element, message: str) -> SourceError:
        return SourceError(f"{self.path}:{element.sourceline or 0}: {message}")

    def read(self, root: etree._Element) -> Read:
        if root.tag != f"{A}akomaNtoso":
            namespace = etree.QName(root).namespace or "no namespace"
            raise self.fail(
                root,
                f"not Akoma Ntoso 3.0: the root is <{etree.QName(root).localname}> in "
                f"{namespace} (expected <akomaNtoso> in {NS})",
            )
        document = next((c for c in root if isinstance(c.tag, str)), None)
        if document is None:
            raise self.fail(root, "the document is empty")
        body = document.find(f"{A}body")
        if body is None:
            body = document.find(f"{A}mainBody")
        if body is None:
            raise self.fail(document, f"<{_name(document)}> has no <body> or <mainBody>")
        name = document.find(f"{A}meta/{A}identification/{A}FRBRWork/{A}FRBRname")
        title = name.get("value", "") if name is not None else ""
        for part in ("preface", "preamble", "conclusions", "attachments"):
            if document.find(f"{A}{part}") is not None:
                self.notes.append(f"<{part}> is not clause text and was not imported")
        unit = self.unit(body)
        sections: list[Section] = [Section("", "", ())]
        self.walk(body, unit, sections)
        if not any(s.clauses for s in sections):
            raise self.fail(body, f"no <{unit}> in the body: nothing to import")
        for p in body.iter(f"{A}p"):
            noted = any(_name(a) == "authorialNote" for a in p.iterancestors())
            if p not in self.read_p and not noted:
                raise self.fail(p, "a paragraph the import did not place: it would be lost")
        if not sections[0].clauses:
            sections = sections[1:]
        return Read(title, sections, self.notes)

    def unit(self, body: etree._Element) -> str:
        names = {_name(e) for e in body.iter()}
        if self.scheme is not None and self.scheme.unit.name in names:
            return self.scheme.unit.name
        numbered = _numbered(body)
        for unit in numbered:  # the innermost: a TMAD's sections hold its clauses
            inside = {_name(e) for u in body.iter(f"{A}{unit}") for e in u.iter() if e is not u}
            if not inside & set(numbered):
                return unit
        raise self.fail(
            body, "no provisions to import: no numbered <section>, <article>, <clause>, …"
        )

    def walk(
        self,
        element: etree._Element,
        unit: str,
        sections: list[Section],
    ) -> None:
        for child in element:
            name = _name(child)
            if not name:
                continue
            if name == unit:
                last = sections[-1]
                sections[-1] = Section(
                    last.id, last.heading, (*last.clauses, self.clause(child)),
                    last.number, level=last.level,
                )  # fmt: skip
            elif any(_name(e) == unit for e in child.iter()):
                number, heading = self.head(child, name)
                ident = self.ident(child, heading, name, number)
                sections.append(Section(ident, heading, (), number, level=name))
                self.walk(child, unit, sections)
            elif name not in ("num", "heading", "subheading") and _empty(child):
                number, heading = self.head(child, name)  # a container with no provision
                ident = self.ident(child, heading, name, number)
                sections.append(Section(ident, heading, (), number, level=name))
                self.read_p.update(child.iter(f"{A}p"))
            elif name not in ("num", "heading", "subheading"):
                raise self.fail(
                    child,
                    f"<{etree.QName(child).localname}> holds text outside any <{unit}>: "
                    "tmad keeps text only in provisions, so it would be lost",
                )

    def head(self, element: etree._Element, level: str) -> tuple[str, str]:
        num = element.find(f"{A}num")
        heading = element.find(f"{A}heading")
        number = " ".join(_all_text(num).split()) if num is not None else ""
        text = " ".join(_all_text(heading).split()) if heading is not None else ""
        return self.strip(number, level), text

    def strip(self, number: str, level: str) -> str:
        """The number without what the scheme prints around it ("§ 34-1501." → "34-1501")."""
        if self.scheme is not None:
            with contextlib.suppress(KeyError):  # a level the scheme does not have
                number = unprinted(number, self.scheme.level(level))
        words = number.split()
        if (len(words) > 1 and words[0].rstrip(".").isalpha()) or words[:1] == ["§"]:
            number = " ".join(words[1:])
        return number.rstrip(".:")

    def ident(self, element: etree._Element, heading: str, level: str, number: str) -> str:
        wid = element.get("wId", "")
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", wid) and wid not in self.ids.taken:
            self.ids.taken.add(wid)
            return wid
        return self.ids.make(heading, level, number)

    def clause(self, element: etree._Element) -> Clause:
        number, heading = self.head(element, _name(element))
        ident = self.ident(element, heading, _name(element), number)
        blocks: list[Block] = []
        self.footnotes = []
        self.blocks(element, 0, blocks)
        return Clause(ident, heading, (*blocks, *self.footnotes), number)

    def blocks(self, element: etree._Element, level: int, out: list[Block]) -> None:
        """The paragraphs of an element at ``level`` (0: a clause), in reading order."""
        pending = level > 0
        if pending:
            num = element.find(f"{A}num")
            written = " ".join(_all_text(num).split()) if num is not None else ""
            label = written.strip("()")
            if not written.startswith("(") or not label:
                raise self.fail(element, f"a paragraph numbered {written!r}: expected (a)")
            out.append(Block(level, label))
        for child in element:
            name = _name(child)
            if name in ("num", "heading", "subheading", ""):
                continue
            if name in ("intro", "content", "wrapUp"):
                for p in self.paragraphs(child):
                    term, text = self.text(p)
                    row = _row(p)
                    if pending and not row:
                        out[-1] = Block(level, out[-1].label, text, term)
                    else:
                        out.append(Block(level + 1 if level else 0, "", text, term, table=row))
                    pending = False
            elif name in ("text", "quotation"):
                pending = False
                for p in (p for part in child for p in self.paragraphs(part)):
                    out.append(self.placed(p, level + 1))
            elif name in HIERARCHY or name == "hcontainer" or child.find(f"{A}num") is not None:
                pending = False
                self.blocks(child, level + 1, out)
            else:
                raise self.fail(child, f"<{etree.QName(child).localname}> cannot be imported")

    def paragraphs(self, element: etree._Element) -> list[etree._Element]:
        out = []
        for child in element:
            name = _name(child)
            if name == "p":
                out.append(child)
                self.read_p.add(child)
            elif name == "table":  # each row a paragraph of its own, its cells joined
                for row in child.iter(f"{A}tr"):
                    out.append(row)
                    self.read_p.update(row.iter(f"{A}p"))
            elif name in ("blockList", "list", "foreign", "tblock"):
                raise self.fail(
                    child,
                    f"<{name}> is not supported in imported text yet: it would be lost",
                )
        return out

    def text(self, p: etree._Element) -> tuple[str, str]:
        """(term, text) of a paragraph: a ``def`` that opens it is a definition's term; of a
        table row, its cells joined by " | " (a '|' standing alone in a cell escaped)."""
        if _name(p) == "tr":
            cells = [" ".join(_all_text(cell).split()) for cell in p if _name(cell) in _CELLS]
            return "", join_cells([escape_cell(cell) for cell in cells])
        first = next((c for c in p if isinstance(c.tag, str)), None)
        if first is not None and _name(first) == "def" and not (p.text or "").strip():
            term = " ".join(_all_text(first).split())
            rest = (first.tail or "") + "".join(
                self.words(c) + (c.tail or "") for c in first.itersiblings()
            )
            return term, " ".join(rest.split())
        return "", " ".join(((p.text or "") + "".join(
            self.words(c) + (c.tail or "") for c in p)).split())  # fmt: skip

    def words(self, element: etree._Element) -> str:
        """An inline element's words; an ``authorialNote`` is the footnote reference ``[^1]``
        (its label from the eId tmad writes, ``…__note_1``, else its marker), the note a
        paragraph at the end of its provision."""
        if _name(element) != "authorialNote":
            return (element.text or "") + "".join(
                self.words(c) + (c.tail or "") for c in element
            )  # fmt: skip
        written = _NOTE_EID.search(element.get("eId", ""))
        label = written.group(1) if written else element.get("marker", "")
        if not re.fullmatch(NOTE_LABEL, label):
            label = str(len(self.footnotes) + 1)
        self.footnotes.append(Block(0, "", " ".join(_all_text(element).split()), note=label))
        return f"[^{label}]"

    def placed(self, p: etree._Element, level: int) -> Block:
        """A paragraph of quoted structure or text beside labelled ones, at the level and
        quotation depth its class gives (tmad writes them), else beside its siblings."""
        quote = 0
        holder = p.getparent() if _name(p) == "tr" else p
        if holder is not None and _name(holder) != "table":
            holder = next((a for a in p.iterancestors() if _name(a) == "table"), p)
        placed = _CLASS.search((holder if holder is not None else p).get("class", ""))
        if placed:
            level, quote = int(placed.group(1)), int(placed.group(2))
        term, text = self.text(p)
        label = _LABEL.match(text) if "labelled" in p.get("class", "").split() else None
        if label and not term:
            return Block(level, label.group(1), text[label.end() :], "", quote=quote)
        return Block(level, "", text, term, quote=quote, table=_row(p))
