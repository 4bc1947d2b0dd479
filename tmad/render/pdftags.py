"""The PDF structure tree shaped by the document, not by the page: a WeasyPrint finisher.

WeasyPrint tags each page on its own, so a section, a clause or a link that runs onto the
next page (or line) becomes two elements, and it maps HTML to PDF roles by tag name alone.
While WeasyPrint builds the tree, :func:`recording` notes the HTML element each structure
element comes from; :func:`restructure` then rewrites the tree (ISO 32000-1, 14.7-14.8;
PDF/UA-1, ISO 14289-1, 7):

- the pieces of one element split across pages or lines are joined: one ``Part`` for the
  body, one ``Sect`` per section, one ``Art`` per clause, one ``Link`` per link;
- a footnote is a ``Note`` with an ``ID``, placed at its call (a ``Reference``), its number
  a ``Lbl``, instead of a ``Span`` at the foot of the page;
- a link is one ``Link``: the nested ``Link`` elements of its generated text (a contents
  entry's dot leader and page number) are dissolved into it, and it reads as its own text
  and page number (``ActualText``) rather than a row of dots;
- labelled paragraphs are lists: ``L`` of ``LI``, each ``Lbl`` (the label) and ``LBody``,
  a deeper level a list inside the ``LBody`` of the item it belongs to; and every list item
  holds only a ``Lbl`` and an ``LBody``;
- a table's head, repeated on each page the table runs onto, is read once, and each header
  cell (``TH``) says what it heads, ``/Scope /Column`` in the head row, ``/Row`` beside a
  body row (ISO 14289-1, 7.5; WeasyPrint writes no scope);
- inserted and deleted text of a redline is a ``Span`` whose alternate description
  (``Alt``) says so, "Inserted in Version 5.2: …", where WeasyPrint wrote ``NonStruct``.

The parent tree (marked content and annotations to their elements) follows every move.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

Origins = dict[int, tuple[Any, str]]
"""Structure element number -> (HTML element, WeasyPrint's element tag) it was built from."""

_LEVEL = re.compile(r"\blevel-(\d+)\b")


@contextlib.contextmanager
def recording(origins: Origins) -> Iterator[None]:
    """While the block runs, each structure element WeasyPrint builds is noted in
    ``origins`` with the HTML element it comes from."""
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def noted(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        source = getattr(box, "_box", box)  # an absolutely placed box's placeholder
        for element in build(box, *args, **kwargs):
            if source.element is not None:
                origins.setdefault(element.number, (source.element, source.element_tag))
            yield element

    tags._build_box_tree = noted
    try:
        yield
    finally:
        tags._build_box_tree = build


def restructure(document: Any, pdf: Any, origins: Origins) -> None:
    """Rewrite the structure tree of ``pdf`` (a pydyf PDF) as the module describes."""
    root = _object(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    tree = _Tree(pdf, origins, root["K"][0])
    tree.join(tree.top)
    tree.notes()
    tree.links(document)
    tree.lists()
    reached = tree.last_touches()
    tree.furniture(reached)
    tree.finish(_object(pdf, root["ParentTree"]))


def _object(pdf: Any, reference: Any) -> Any:
    """The object a reference (``b"12 0 R"``) names."""
    if not isinstance(reference, bytes):
        return None
    return pdf.objects[int(reference.split()[0])]


def _is_element(item: Any) -> bool:
    """Whether a PDF object is a structure element."""
    return isinstance(item, dict) and item.get("Type") == "/StructElem"


def _text(html: Any) -> str:
    return " ".join("".join(html.itertext()).replace("\u200b", "").split())


def _classes(html: Any) -> list[str]:
    return (html.get("class") or "").split()


def _labels(html: Any) -> bool:
    """Whether an HTML element (or None) is a paragraph's label."""
    return html is not None and "label" in _classes(html)


class _Tree:
    """The structure elements of one PDF, rewritten in place."""

    def __init__(self, pdf: Any, origins: Origins, top: bytes) -> None:
        self.pdf = pdf
        self.origins = origins
        self.replaced: dict[bytes, bytes] = {}
        """A retired element's reference -> the element that took over its content."""
        self.unused: set[bytes] = set()
        """Elements that hold nothing any more (their content became an artifact)."""
        self.elements: dict[bytes, Any] = {
            item.reference: item for item in pdf.objects if _is_element(item)
        }
        """Every structure element in the tree or out of it, by reference."""
        self.top = self.elements[top]
        """The ``Document`` element, at the root of the tree."""

    def element(self, kid: Any) -> Any:
        """The structure element a kid names, or None (a marked-content id, an object)."""
        return self.elements.get(kid) if isinstance(kid, bytes) else None

    def origin(self, element: Any) -> tuple[Any, str] | None:
        return self.origins.get(element.number) if element is not None else None

    def html(self, element: Any) -> Any:
        origin = self.origin(element)
        return origin[0] if origin and "::" not in origin[1] else None

    def new(self, role: str, parent: Any, kids: list[Any]) -> Any:
        """A new element under ``parent``, on its page, adopting ``kids``."""
        import pydyf

        element = pydyf.Dictionary(
            {"Type": "/StructElem", "S": role, "K": pydyf.Array(), "P": parent.reference}
        )
        if "Pg" in parent:
            element["Pg"] = parent["Pg"]
        self.pdf.add_object(element)
        self.elements[element.reference] = element
        self.adopt(element, kids, parent)
        return element

    def adopt(self, parent: Any, kids: list[Any], source: Any) -> None:
        """Append ``source``'s ``kids`` to ``parent``: elements name their new parent, and a
        marked-content id keeps the page it is drawn on."""
        import pydyf

        for kid in kids:
            child = self.element(kid)
            if child is not None:
                child["P"] = parent.reference
            elif isinstance(kid, int):
                if source.get("Pg") != parent.get("Pg"):
                    kid = pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid})
                self.replaced[source.reference] = parent.reference
            elif isinstance(kid, bytes):  # an annotation's object reference
                self.replaced[source.reference] = parent.reference
            parent["K"].append(kid)

    def retire(self, element: Any, heir: Any) -> None:
        """``element`` has left the tree; ``heir`` holds what it held."""
        self.replaced[element.reference] = heir.reference
        self.elements.pop(element.reference, None)
        element.clear()

    def walk(self, element: Any) -> Iterator[Any]:
        """``element`` and every element below it, in reading order (each element's kids
        are read when it is reached)."""
        elements = self.elements
        stack = [element]
        pop, extend = stack.pop, stack.extend
        while stack:
            current = pop()
            yield current
            kids = current.get("K")
            if kids:
                extend(
                    [
                        child
                        for kid in reversed(kids)
                        if isinstance(kid, bytes) and (child := elements.get(kid)) is not None
                    ]
                )

    def join(self, element: Any) -> None:
        """Join each run of neighbours built from one HTML element (a page or line break
        split it), then the same below. An annotation between two pieces does not keep them
        apart (a link split over two lines holds one per line)."""
        if element.get("S") == "/Table":
            self._repeated_heads(element)
        elements, origins = self.elements, self.origins
        kept: list[Any] = []
        before = None  # the element last kept, unless content came after it (not annotations)
        for kid in element["K"]:
            if not isinstance(kid, bytes):
                before = None
                kept.append(kid)
                continue
            child = elements.get(kid)
            if child is None:  # an annotation
                kept.append(kid)
                continue
            origin = origins.get(child.number)
            if (
                origin is not None
                and before is not None
                and before["S"] == child["S"]
                and origins.get(before.number) == origin
            ):
                if child["S"] == "/TR":
                    self._join_row(before, child)
                else:
                    self.adopt(before, list(child["K"]), child)
                self.retire(child, before)
                continue
            before = child
            kept.append(kid)
        element["K"][:] = kept
        for kid in kept:
            child = self.element(kid)
            if child is not None:
                self.join(child)

    def _annotation(self, kid: Any) -> bool:
        """Whether a kid is an object reference (an annotation), not an element or content."""
        return isinstance(kid, bytes) and self.element(kid) is None

    def _join_row(self, row: Any, rest: Any) -> None:
        """A table row split across pages: each cell's rest joins the cell, not the row."""
        cells = {self.origin(self.element(kid)): self.element(kid) for kid in row["K"]}
        for kid in list(rest["K"]):
            piece = self.element(kid)
            cell = cells.get(self.origin(piece))
            if piece is None or cell is None or cell["S"] != piece["S"]:
                self.adopt(row, [kid], rest)
                continue
            self.adopt(cell, list(piece["K"]), piece)
            self.retire(piece, cell)

    def _repeated_heads(self, table: Any) -> None:
        """A table's head (or foot) repeated on each page it runs onto is read once: the
        repeats leave the tree (their content becomes page furniture) and the cells that
        named a repeated header cell name the first instead."""
        import pydyf

        first: dict[tuple[int, str], Any] = {}
        renamed: dict[str, Any] = {}
        kept = []
        for kid in table["K"]:
            child = self.element(kid)
            origin = self.origin(child)
            if child is not None and origin is not None and child["S"] in ("/THead", "/TFoot"):
                key = (id(origin[0]), origin[1])
                if key in first:
                    for repeat, cell in zip(
                        self._cells(child), self._cells(first[key]), strict=False
                    ):
                        if "ID" in repeat and "ID" in cell:
                            renamed[repeat["ID"].string] = cell["ID"]
                    continue
                first[key] = child
            kept.append(kid)
        table["K"][:] = kept
        for cell in self._cells(table):
            attributes = cell.get("A")
            if isinstance(attributes, dict) and "Headers" in attributes:
                attributes["Headers"] = pydyf.Array(
                    [renamed.get(name.string, name) for name in attributes["Headers"]]
                )

    def _cells(self, element: Any) -> list[Any]:
        return [cell for cell in self.walk(element) if cell.get("S") in ("/TH", "/TD")]

    def notes(self) -> None:
        """Each footnote becomes a ``Note`` right after its call."""
        calls: dict[int, tuple[Any, Any]] = {}
        notes: list[tuple[Any, Any]] = []
        for element in self.walk(self.top):
            origin = self.origin(element)
            if origin is None:
                continue
            html, tag = origin
            if tag.endswith("::footnote-call"):
                element["S"] = "/Reference"
                calls[id(html)] = (element, html)
            elif tag.endswith("::footnote-marker"):
                element["S"] = "/Lbl"
            elif "::" not in tag and "footnote" in _classes(html):
                notes.append((element, html))
        for note, html in notes:
            call = calls.get(id(html))
            if call is None:
                continue
            note["S"] = "/Note"
            if html.get("id"):
                note["ID"] = _string(html.get("id"))
            self._move_after(note, call[0])

    def _move_after(self, element: Any, anchor: Any) -> None:
        source = self.element(element["P"])
        source["K"][:] = [kid for kid in source["K"] if kid != element.reference]
        target = self.element(anchor["P"])
        index = list(target["K"]).index(anchor.reference)
        target["K"].insert(index + 1, element.reference)
        element["P"] = target.reference
        if not source["K"] and self.origin(source) is None:
            holder = self.element(source["P"])
            if holder is not None:
                holder["K"][:] = [kid for kid in holder["K"] if kid != source.reference]
                self.retire(source, holder)

    def links(self, document: Any) -> None:
        """A link within a link (generated text) joins it; a link with generated text reads
        as its own text and the page it leads to."""
        pages: dict[str, int] = {}  # an element split across pages is an anchor on each
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:
                pages.setdefault(anchor, number)
        for element in list(self.walk(self.top)):
            if element.get("S") != "/Link":  # or retired by an earlier turn
                continue
            parent = self.element(element["P"])
            if parent is None or parent.get("S") != "/Link":
                continue
            html = self.html(parent)
            kids = list(element["K"])
            position = list(parent["K"]).index(element.reference)
            parent["K"][position : position + 1] = []
            tail = list(parent["K"][position:])
            del parent["K"][position:]
            self.adopt(parent, kids, element)
            parent["K"].extend(tail)
            self.retire(element, parent)
            href = (html.get("href") or "") if html is not None else ""
            if href.startswith("#") and href[1:] in pages:
                parent["ActualText"] = _string(f"{_text(html)}, page {pages[href[1:]]}")
        for element in list(self.walk(self.top)):
            if element.get("S") == "/Link":
                self._annotations_up(element)

    def _annotations_up(self, link: Any) -> None:
        """A link annotation WeasyPrint hung on an element inside the link (the ``mark`` of
        a placeholder in a contents entry) belongs to the ``Link`` itself (ISO 32000-1,
        14.8.4.4.2)."""
        for inner in list(self.walk(link))[1:]:
            kids = list(inner["K"])
            if any(isinstance(kid, int) for kid in kids):
                continue
            objects = [kid for kid in kids if self._annotation(kid)]
            if objects:
                inner["K"][:] = [kid for kid in kids if kid not in objects]
                self.adopt(link, objects, inner)

    def lists(self) -> None:
        """Labelled paragraphs become list items, grouped into (nested) lists."""
        elements = self.elements
        for element in list(self.walk(self.top)):
            for kid in element["K"]:
                if isinstance(kid, bytes):
                    child = elements.get(kid)
                    if child is not None and child.get("S") == "/P" and self._block(child):
                        self._group(element)
                        break

    def _block(self, element: Any) -> tuple[int, bool] | None:
        """A legal paragraph's (level, whether it is labelled), or None."""
        if element is None or element.get("S") != "/P":
            return None
        html = self.html(element)
        if html is None or "block" not in _classes(html):
            return None
        level = _LEVEL.search(html.get("class") or "")
        if level is None or any(isinstance(kid, int) for kid in element["K"]):
            return None
        labelled = any(_labels(child) for child in html)
        return int(level.group(1)), labelled

    def _group(self, parent: Any) -> None:
        kept: list[Any] = []
        open_lists: list[tuple[int, Any]] = []
        for kid in list(parent["K"]):
            child = self.element(kid)
            block = self._block(child)
            if block is None:
                open_lists.clear()
                kept.append(kid)
                continue
            level, labelled = block
            if not labelled:
                while open_lists and open_lists[-1][0] >= level:
                    open_lists.pop()
                if open_lists:
                    body = self._last_body(open_lists[-1][1])
                    child["P"] = body.reference
                    body["K"].append(kid)
                else:
                    kept.append(kid)
                continue
            self._item(child)
            while open_lists and open_lists[-1][0] > level:
                open_lists.pop()
            if open_lists and open_lists[-1][0] == level:
                items = open_lists[-1][1]
            else:
                home = self._last_body(open_lists[-1][1]) if open_lists else parent
                items = self.new("/L", home, [])
                home["K"].append(items.reference)
                if home is parent:
                    kept.append(items.reference)
                    parent["K"].pop()
                open_lists.append((level, items))
            child["P"] = items.reference
            items["K"].append(kid)
        parent["K"][:] = kept

    def _last_body(self, items: Any) -> Any:
        item = self.element(items["K"][-1])
        return self.element(item["K"][-1])

    def _item(self, paragraph: Any) -> None:
        """A labelled paragraph becomes ``LI``: its label ``Lbl``, the rest ``LBody``."""
        kids = list(paragraph["K"])
        split = next(
            (index + 1 for index, kid in enumerate(kids) if _labels(self.html(self.element(kid)))),
            0,
        )
        paragraph["S"] = "/LI"
        paragraph["K"][:] = []
        label = self.new("/Lbl", paragraph, kids[:split])
        body = self.new("/LBody", paragraph, kids[split:])
        paragraph["K"].extend([label.reference, body.reference])

    def last_touches(self) -> set[int]:
        """One walk for the passes that move nothing across the tree (each looks at one
        element): list items, inserted and deleted text, table header cells. Returns the
        numbers of the elements in the tree, for :meth:`furniture`."""
        reached = set()
        for element in self.walk(self.top):
            reached.add(element.number)
            role = element.get("S")
            if role == "/LI":
                self._item_parts(element)
            elif role == "/TH":
                self._scope(element)
            else:
                origin = self.origin(element)
                if origin is not None and origin[1] in ("ins", "del"):
                    self._said_changed(element, origin[0])
        return reached

    def _item_parts(self, element: Any) -> None:
        """A list item holds a ``Lbl`` and an ``LBody`` only: what else WeasyPrint puts in
        one (the paragraphs of a Markdown list item) goes into an ``LBody``."""
        kids, kept, loose = list(element["K"]), [], []
        for kid in [*kids, None]:
            child = self.element(kid) if kid is not None else None
            if kid is not None and (child is None or child["S"] not in ("/Lbl", "/LBody")):
                loose.append(kid)
                continue
            if loose:
                body = self.new("/LBody", element, [])
                self.adopt(body, loose, element)
                kept.append(body.reference)
                loose = []
            if kid is not None:
                kept.append(kid)
        element["K"][:] = kept

    def _said_changed(self, element: Any, html: Any) -> None:
        """Inserted and deleted text says so to a screen reader."""
        marks = [html, *(inner for inner in html.iter() if inner.tag in ("ins", "del"))]
        said = []
        for mark in dict.fromkeys(marks):
            title = mark.get("title") or ("Inserted" if mark.tag == "ins" else "Deleted")
            said.append(title)
        element["S"] = "/Span"
        element["Alt"] = _string(f"{'; '.join(said)}: {_text(html)}")

    def _scope(self, cell: Any) -> None:
        """A table header cell says what it heads."""
        attributes = cell.get("A")
        if not isinstance(attributes, dict):
            return
        row = self.element(cell["P"])
        group = self.element(row["P"]) if row is not None else None
        in_head = group is not None and group.get("S") == "/THead"
        attributes["Scope"] = "/Column" if in_head else "/Row"

    def furniture(self, reached: set[int]) -> None:
        """Content tagged outside the tree is page furniture: WeasyPrint tags the page
        margins (running title, "Page 1 of 5") in elements it leaves out of the tree, so
        their content would be neither in the tree nor an artifact. It becomes an
        ``Artifact`` of type ``Pagination``, and the loose elements (those not ``reached``)
        go."""
        import pydyf

        loose: dict[bytes, set[int]] = {}
        for item in list(self.elements.values()):
            if item.number in reached:
                continue
            for kid in item.get("K", ()):
                if isinstance(kid, int):
                    loose.setdefault(item["Pg"], set()).add(kid)
            self.unused.add(item.reference)
            self.elements.pop(item.reference, None)
            item.clear()
        for page, mcids in loose.items():
            chunks = _object(self.pdf, _object(self.pdf, page)["Contents"]).stream
            for index, chunk in enumerate(chunks):
                if isinstance(chunk, dict) and chunk.get("MCID") in mcids:
                    chunks[index - 1] = "/Artifact"
                    chunks[index] = pydyf.Dictionary({"Type": "/Pagination"})

    def finish(self, parent_tree: Any) -> None:
        """Point the parent tree at the elements that now hold each item."""

        def final(reference: Any) -> Any:
            while reference in self.replaced:
                reference = self.replaced[reference]
            return "null" if reference in self.unused else reference

        numbers = parent_tree["Nums"]
        for index in range(1, len(numbers), 2):
            entry = numbers[index]
            if isinstance(entry, list):
                entry[:] = [final(reference) for reference in entry]
            else:
                numbers[index] = final(entry)


def _string(text: str) -> Any:
    import pydyf

    return pydyf.String(text)
