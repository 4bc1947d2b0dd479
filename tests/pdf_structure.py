"""Reading a tagged PDF's structure tree in tests: a plain tree of roles, and a check that
the tree, its parent tree and the pages' marked content agree (ISO 32000-1, 14.7)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf


@dataclass
class Node:
    """One structure element."""

    role: str
    """The structure type without its slash: "P", "LI" …"""
    attributes: dict[str, str] = field(default_factory=dict)
    """Alt, ActualText, ID, and a table cell's Headers (space-separated), as text."""
    kids: list[Node] = field(default_factory=list)
    """Child elements in reading order (marked content and objects left out)."""
    targets: list[int] = field(default_factory=list)
    """For a link: the page (from 1) each of its annotations leads to."""

    def walk(self):
        """This node and every node below it, depth first."""
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def roles(self) -> list[str]:
        return [kid.role for kid in self.kids]


def structure(data: bytes) -> Node:
    """The structure tree of a PDF, checked for consistency on the way (see :func:`_check`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        assert len(kids) == 1, "one Document element under the root"
        held = _Held(destinations=_destinations(pdf))
        tree = _read(kids[0], None, pdf, held)
        _check(pdf, held)
        return tree


@dataclass
class _Held:
    """What the elements hold: (page number, MCID) -> element, annotation -> element."""

    content: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    objects: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    seen: set[tuple[int, int]] = field(default_factory=set)
    destinations: dict[str, int] = field(default_factory=dict)


def _read(element, parent, pdf, held: _Held) -> Node:
    identity = element.objgen
    assert identity not in held.seen, f"element {identity} is in the tree twice"
    held.seen.add(identity)
    if parent is not None:
        assert element.P.objgen == parent.objgen, f"{element.S} names the wrong parent"
    node = Node(str(element.S)[1:])
    for key in ("Alt", "ActualText", "ID"):
        if f"/{key}" in element:
            node.attributes[key] = str(element[f"/{key}"])
    table = element.get("/A")
    if isinstance(table, pikepdf.Dictionary) and "/Headers" in table:
        node.attributes["Headers"] = " ".join(str(name) for name in table.Headers)
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    for kid in kids:
        if isinstance(kid, int):
            held.content[(element.Pg.objgen, int(kid))] = identity
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            held.content[(kid.Pg.objgen, int(kid.MCID))] = identity
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            held.objects[kid.Obj.objgen] = identity
            if "/Dest" in kid.Obj:
                node.targets.append(held.destinations[str(kid.Obj.Dest)])
        else:
            node.kids.append(_read(kid, element, pdf, held))
    return node


def _check(pdf, held: _Held) -> None:
    """Every marked-content sequence on every page and every annotation belongs to the
    element the parent tree names, and that element holds it."""
    parents = _numbers(pdf.Root.StructTreeRoot.ParentTree)
    drawn = 0
    for page in pdf.pages:
        mcids = _mcids(page)
        drawn += len(mcids)
        if not mcids:
            continue
        owners = parents[int(page.obj.StructParents)]
        for mcid in mcids:
            owner = held.content.get((page.obj.objgen, mcid))
            assert owner is not None, f"MCID {mcid} of a page is in no element"
            assert owners[mcid].objgen == owner, f"parent tree misplaces MCID {mcid}"
        for annotation in page.get("/Annots", []):
            if "/StructParent" in annotation:
                owner = held.objects.get(annotation.objgen)
                assert owner is not None, "an annotation is in no element"
                assert parents[int(annotation.StructParent)].objgen == owner
    assert drawn == len(held.content), "an element holds content that no page draws"


def _destinations(pdf) -> dict[str, int]:
    """Named destination -> page number (from 1)."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return {}
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    return {
        name: pages[target[0].objgen]
        for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items()
    }


def _numbers(tree) -> dict[int, object]:
    numbers = tree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def _mcids(page) -> list[int]:
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        properties = operands[1] if str(operator) == "BDC" else None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            found.append(int(properties.MCID))
    return found
