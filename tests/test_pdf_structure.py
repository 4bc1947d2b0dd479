"""The tagged PDF's structure follows the document, not the page (tmad.render.pdftags): one
element per section and clause across page breaks, footnotes as Note, one Link per link,
labelled paragraphs as lists, insertions and deletions that say so, page furniture as
artifacts, and a parent tree that agrees with every page."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pikepdf
import pytest

from tests.pdf_structure import Node, structure
from tmad import render
from tmad.build.plan import make_product, plan
from tmad.diff.compose import chain
from tmad.products import Product, RedlineProduct, VersionProduct
from tmad.project import load_project

REPO = Path(__file__).resolve().parent.parent
US_CODE = REPO / "examples" / "us-code"


@cache
def _product(name: str) -> Product:
    if name == "us-code version":
        return VersionProduct(load_project(US_CODE).edition("2025"))
    project = load_project(REPO)
    if name == "version":
        return VersionProduct(project.edition("5.3"))
    if name == "redline 5.1 5.2":
        return RedlineProduct(chain([project.edition("5.1"), project.edition("5.2")]))
    if name == "redline":
        return RedlineProduct(chain([project.edition(v) for v in ("5.1", "5.2", "5.3")]))
    return make_product(project, next(job for job in plan(project) if job.kind == name))


@cache
def _pdf(name: str) -> bytes:
    return render.render(_product(name), "pdf")


@cache
def _html(name: str) -> str:
    return render.render(_product(name), "html").decode()


def _tree(name: str) -> Node:
    return structure(_pdf(name))


def _all(tree: Node, role: str) -> list[Node]:
    return [node for node in tree.walk() if node.role == role]


@pytest.mark.parametrize(
    "name",
    ["version", "us-code version", "redline", "consultation", "direction", "response-template"],
)
def test_tree_parent_tree_and_pages_agree(name: str) -> None:
    """Every element is in the tree once under its parent, every marked-content sequence a
    page draws and every annotation is held by the element the parent tree names (checked
    by tests.pdf_structure.structure), and the pages' margins are artifacts."""
    tree = _tree(name)
    assert tree.role == "Document"
    with pikepdf.open(io.BytesIO(_pdf(name))) as pdf:
        for page in pdf.pages:
            artifacts = [
                operands
                for operands, operator in pikepdf.parse_content_stream(page)
                if str(operator) == "BDC" and str(operands[0]) == "/Artifact"
            ]
            assert any(
                isinstance(properties, pikepdf.Dictionary) and properties.Type == "/Pagination"
                for _, properties in artifacts
            ), "the running footer is page furniture"


def test_one_element_per_section_and_clause_across_pages() -> None:
    tree, html = _tree("version"), _html("version")
    assert tree.roles().count("Part") == 1
    sections = html.count('<section class="tmad-section')
    clauses = html.count('<article class="clause"')
    assert sections >= 6
    assert clauses >= 60
    assert len(_all(tree, "Sect")) == sections
    assert len(_all(tree, "Art")) == clauses
    assert not [node for node in tree.kids if node.role == "NonStruct" and not node.kids]


def test_footnotes_are_notes_at_their_call() -> None:
    tree = _tree("consultation")
    notes = []
    for node in tree.walk():
        for before, kid in zip(node.kids, node.kids[1:], strict=False):
            if kid.role == "Note":
                notes.append(kid)
                assert before.role == "Reference", "a note follows its call"
                assert node.role == "P"
    assert len(notes) == len(_all(tree, "Note")) == 2
    assert all(note.kids[0].role == "Lbl" for note in notes)
    assert len({note.attributes["ID"] for note in notes}) == 2


def test_a_link_is_one_link_and_an_entry_reads_as_its_text_and_page() -> None:
    tree = _tree("version")
    links = _all(tree, "Link")
    assert not [link for link in links if any(n.role == "Link" for n in link.walk() if n != link)]
    entries = [link for link in links if "ActualText" in link.attributes]
    assert len(entries) >= 80  # sections and clauses in the contents
    for link in entries:
        assert link.targets, "a contents entry leads somewhere"
        assert link.attributes["ActualText"].endswith(f", page {link.targets[0]}")
        assert "..." not in link.attributes["ActualText"]


def test_a_link_annotation_is_held_by_its_link() -> None:
    """The direction's contents entry "Annex [XX]: …" holds a placeholder's ``mark``, on
    which WeasyPrint hangs the link's annotation."""
    tree = _tree("direction")
    holders = [node for node in tree.walk() if node.targets]
    assert len(holders) >= 2
    assert {node.role for node in holders} == {"Link"}


def _list_depths(node: Node, depth: int = 0) -> list[int]:
    """The list depth of each list item below ``node``."""
    found = []
    for kid in node.kids:
        inner = depth + 1 if kid.role == "L" else depth
        if kid.role == "LI":
            found.append(depth)
        found.extend(_list_depths(kid, inner))
    return found


def test_labelled_paragraphs_are_lists_nested_by_level() -> None:
    tree, html = _tree("us-code version"), _html("us-code version")
    clauses = _all(tree, "Art")
    items = [item for clause in clauses for item in _all(clause, "LI")]
    labelled = re.findall(
        r'<p class="block (?:definition )?level-(\d+)[^"]*"><span class="label">', html
    )
    assert len(items) == len(labelled) >= 30
    assert all(item.roles() == ["Lbl", "LBody"] for item in items)
    depths = [depth for clause in clauses for depth in _list_depths(clause)]
    assert sorted(depths) == sorted(int(level) for level in labelled)
    assert max(depths) == 5  # (a) → (1) → (A) → (i) → (I)


def test_insertions_and_deletions_say_so() -> None:
    tree, html = _tree("redline"), _html("redline")
    said = [node.attributes["Alt"] for node in _all(tree, "Span") if "Alt" in node.attributes]
    assert len(said) == html.count("<ins ") + html.count("<del ") >= 40
    pattern = re.compile(r"^(Inserted|Deleted)( in [^:;]+)?(; (Inserted|Deleted) in [^:;]+)?: ")
    assert all(pattern.match(alt) for alt in said), [a for a in said if not pattern.match(a)]
    assert any(alt.startswith("Deleted in v5.1 → v5.2: ") for alt in said)
    assert any(alt.startswith("Inserted in v5.2 → v5.3: ") for alt in said)


def test_a_table_over_pages_has_one_head_and_cells_name_its_header_cells() -> None:
    """The redlines' summaries run over pages; WeasyPrint repeats the head on each and
    splits a row at a page break."""
    tree = _tree("redline 5.1 5.2")
    tables = _all(tree, "Table")
    assert tables
    for table in tables:
        assert table.roles().count("THead") <= 1
        headers = {cell.attributes.get("ID") for cell in _all(table, "TH")}
        cells = [cell for cell in _all(table, "TD") if "Headers" in cell.attributes]
        assert all(set(cell.attributes["Headers"].split()) <= headers for cell in cells)
        widths = {
            len([cell for cell in row.kids if cell.role in ("TH", "TD")])
            for row in _all(table, "TR")
        }
        assert len(widths) == 1, "a row split across pages keeps its cells"
    summary = max(tables, key=lambda table: len(_all(table, "TR")))
    assert summary.roles() == ["THead", "TBody"]
