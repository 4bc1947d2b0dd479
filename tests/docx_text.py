"""Reading DOCX in tests: text with every tracked change accepted or rejected, and the
document's XML to query (:func:`body`, :func:`find`) instead of matching substrings.

An independent reading of the revision marks (the e2e tests let LibreOffice do
the same): accepting drops ``w:del`` and ``w:moveFrom`` and keeps ``w:ins`` and
``w:moveTo``; rejecting does the opposite; a paragraph whose mark is dropped joins the
next paragraph.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_KIND = {"ins": "ins", "del": "del", "moveTo": "ins", "moveFrom": "del"}
"""Revision elements by what accepting or rejecting does: a move's two ends are an
insertion (w:moveTo) and a deletion (w:moveFrom)."""


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _level(paragraph, action: str) -> int:
    """A paragraph's level from its style ("TMADLevel3" → 3) after accept or reject: rejecting
    restores the style recorded in a paragraph-property revision (w:pPrChange)."""
    style = paragraph.find("w:pPr/w:pStyle", NS)
    if action == "reject":
        old = paragraph.find("w:pPr/w:pPrChange/w:pPr/w:pStyle", NS)
        if old is not None:
            style = old
    name = style.get(_q("val")) if style is not None else ""
    return int(name[len("TMADLevel") :]) if name.startswith("TMADLevel") else 0


def _row_dropped(paragraph, drop: str) -> bool:
    """Whether the table row a paragraph is in goes (its w:trPr marks it ``drop``)."""
    row = next(paragraph.iterancestors(_q("tr")), None)
    marks = [] if row is None else row.findall("w:trPr/*", NS)
    return any(_KIND.get(mark.tag.split("}")[1]) == drop for mark in marks)


def _table_level(row) -> int:
    """A table's paragraph level, from its indent (1 cm a level, as tmad writes it)."""
    indent = row.getparent().find("w:tblPr/w:tblInd", NS)
    return round(int(indent.get(_q("w"))) / 567) if indent is not None else 0


def paragraphs(
    data: bytes, action: str = "keep", levels: bool = False, rows: bool = False
) -> list[str]:
    """Body paragraph texts (table cells included, in order) after accept/reject/keep; with
    ``levels``, each indented four spaces a level, as its paragraph style says; with
    ``rows``, a table row is one line, its cells joined by " | " as in the model's text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    drop, keep = ("del", "ins") if action == "accept" else ("ins", "del")
    lines: list[str | list[str]] = []  # with rows, a row's line is the list of its cells
    pending = ""
    row_of: dict = {}  # with rows: each table row's place in lines, by row element
    for paragraph in root.iter(_q("p")):
        if action != "keep" and _row_dropped(paragraph, drop):
            continue
        mark = paragraph.find("w:pPr/w:rPr", NS)
        texts = []
        for node in paragraph.iter(
            _q("t"), _q("delText"), _q("tab"), _q("br"), _q("footnoteReference")
        ):
            revisions = [
                _KIND[a.tag.split("}")[1]]
                for a in node.iterancestors()
                if a.tag.split("}")[1] in _KIND and a.getparent() is not None
            ]
            if action != "keep" and drop in revisions:
                continue
            if node.tag == _q("footnoteReference"):
                texts.append(" " + node.get(_q("id")) + " ")
            elif node.tag in (_q("tab"), _q("br")):
                texts.append("\t" if node.tag == _q("tab") else "\n")
            else:
                texts.append(node.text or "")
        text = pending + "".join(texts)
        mark_revisions = (
            []
            if mark is None
            else [_KIND[c.tag.split("}")[1]] for c in mark if c.tag.split("}")[1] in _KIND]
        )
        if action != "keep" and drop in mark_revisions:
            pending = text
            continue
        pending = ""
        row = next(paragraph.iterancestors(_q("tr")), None) if rows else None
        if row is not None:
            if row not in row_of:
                row_of[row] = len(lines)
                lines.append([("    " * _table_level(row) if levels else "")])
            cells = lines[row_of[row]]
            assert isinstance(cells, list)
            cells.append(" ".join(text.split()))
            continue
        indent = "    " * _level(paragraph, action) if levels else ""
        lines.append(indent + " ".join(text.split()))
    del keep
    shown = [line if isinstance(line, str) else line[0] + " | ".join(line[1:]) for line in lines]
    return [line for line in shown if line.strip()]


def footnotes(data: bytes) -> list[str]:
    """The text of each footnote (separators left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    out = []
    for note in root.iter(_q("footnote")):
        if note.get(_q("type")):
            continue
        text = "".join(t.text or "" for t in note.iter(_q("t")))
        out.append(" ".join(text.split()))
    return out


def body(data: bytes, part: str = "word/document.xml"):
    """The root element of a DOCX's ``word/document.xml``, or of another of its parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def find(root, path: str) -> list:
    """Elements matching an XPath with the ``w:`` prefix (``.//w:hyperlink``)."""
    return root.xpath(path, namespaces=NS)


def attribute(element, name: str) -> str | None:
    """A ``w:`` attribute of an element (``attribute(link, "anchor")``)."""
    return element.get(_q(name))


def text_of(element) -> str:
    """The text an element holds, deleted text included."""
    return "".join(node.text or "" for node in element.iter(_q("t"), _q("delText")))
