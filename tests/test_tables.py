"""Tables in clause text: the source syntax, its errors, and a table in every format.

The example ``uk-si`` holds a table in regulation 3(4), changed between its versions (a
cell and a new row); tests/test_examples.py proves its redlines and schedule reproduce each
version exactly, and the import tests read it back from DOCX, Akoma Ntoso and text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, assert_unreadable
from tests.docx_text import attribute, body, find, paragraphs, text_of
from tests.editions import edition
from tmad import render
from tmad.clausesyntax import parse
from tmad.diff.compose import chain
from tmad.importing.sources import body_lines
from tmad.model import Block, Clause, Edition, Section
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project

EXAMPLE = REPO / "examples" / "uk-si"
SOURCE = """# Fees {#fees}

## Fees payable {#fees-payable}

The fees are—

| Application | Fee |
| --- | --- |
| First registration | £50 |
| Renewal \\| late | |

(a) for a copy;
    | Copy | £5 |
"""


def _body(text: str):
    (_, clause) = parse(text, "fees.md")
    return clause.body


def test_rows_are_paragraphs_of_cells_with_a_header_and_a_level() -> None:
    rows = [block for block in _body(SOURCE) if block.table]
    assert [(b.table, b.level, b.text) for b in rows] == [
        ("head", 0, "Application | Fee"),
        ("row", 0, "First registration | £50"),
        ("row", 0, "Renewal \\| late | "),
        ("row", 1, "Copy | £5"),
    ]
    assert rows[2].cells() == ("Renewal \\| late", "")
    assert rows[0].location is not None
    assert rows[0].location.line == 7


def test_rows_are_written_back_as_they_were_read() -> None:
    blocks = _body(SOURCE)
    written = "\n".join(body_lines(blocks))
    assert _body(f"# Fees {{#fees}}\n\n## Fees payable {{#fees-payable}}\n\n{written}") == blocks


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        ("| --- | --- |", "goes straight under a table's header row", 5),
        ("| a | b |\n| --- | --- |\n| c | d |\n| --- | --- |", "one rule", 8),
        ("| a | b |\n| --- |", "the rule has 1 cells and the header row 2", 6),
        ("| a | b |\n| c |", "this row has 1 cells and the table's first row 2", 6),
    ],
)
def test_a_malformed_table_is_an_error_naming_the_line(lines: str, message: str, line: int) -> None:
    assert_unreadable("# S {#s}\n\n## C {#c}\n\n" + lines + "\n", message, line)


def test_html_and_pdf_show_a_table_with_column_headers_and_escaped_cells(tmp_path: Path) -> None:
    project = load_project(EXAMPLE)
    html = render.render(VersionProduct(project.edition("1.1")), "html").decode()
    table = html[html.index('<table class="provision-table level-1">') :]
    table = table[: table.index("</table>")]
    assert '<thead><tr><th scope="col">Data</th><th scope="col">Period of retention</th>' in table
    assert "<td>Records of consent to sharing</td><td>6 years after the consent ends</td>" in table
    assert table.count("<tr>") == 5


def test_cell_text_is_escaped(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "p")
    other = tmp_path / "p" / "clauses" / "1.0" / "02-other.md"
    other.write_text(other.read_text() + "\n| <b>cell</b> | <script>alert(1)</script> |\n")
    edition = load_project(tmp_path / "p").edition("1.0")
    html = render.render(VersionProduct(edition), "html").decode()
    assert "<td>&lt;b&gt;cell&lt;/b&gt;</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "<script>alert" not in html


def test_redline_marks_a_changed_cell_and_an_added_row() -> None:
    project = load_project(EXAMPLE)
    old, new = project.edition("1.0"), project.edition("1.1")
    html = render.render(RedlineProduct(chain([old, new])), "html").decode()
    assert '<tr class="row modified"><td>Daily consumption data</td><td><del class="s1"' in html
    assert '<tr class="row added s1"><td><ins class="s1"' in html
    data = json.loads(render.render(RedlineProduct(chain([old, new])), "json"))
    (clause,) = [c for c in data["clauses"] if c["id"] == "retention"]
    added = [b for b in clause["blocks"] if b["kind"] == "inserted"]
    assert added[0]["new"]["table"] == "row"


def test_docx_tables_repeat_their_header_and_redlines_mark_whole_rows() -> None:
    project = load_project(EXAMPLE)
    old, new = project.edition("1.0"), project.edition("1.1")
    version = body(render.render(VersionProduct(new), "docx"))
    (table,) = [t for t in find(version, "//w:tbl") if find(t, "w:tblPr/w:tblInd")]
    (indent,) = find(table, "w:tblPr/w:tblInd")
    assert attribute(indent, "w") == "567"  # level 1: 1 cm, the indent of its paragraphs
    rows = find(table, "w:tr")
    assert [bool(find(row, "w:trPr/w:tblHeader")) for row in rows] == [True] + [False] * 4
    assert [text_of(cell) for cell in find(rows[1], "w:tc")] == [
        "Daily consumption data", "18 months",
    ]  # fmt: skip
    redline = render.render(RedlineProduct(chain([old, new])), "docx")
    inserted = find(body(redline), "//w:tr[w:trPr/w:ins]")
    assert [text_of(row) for row in inserted] == [
        "Records of consent to sharing6 years after the consent ends"
    ]
    for action, version in (("accept", new), ("reject", old)):
        rows_shown = [p for p in paragraphs(redline, action, rows=True) if "|" in p]
        want = [b.text for c in version.clauses() for b in c.body if b.table]
        assert rows_shown[-len(want) :] == want


def _table(*rows: str) -> Edition:
    """A one-clause edition holding a table of these rows (the first a header row)."""
    body = [Block(0, "", "The fees are—")]
    body += [Block(0, "", row, table="head" if i == 0 else "row") for i, row in enumerate(rows)]
    clause = Clause("fees", "Fees", tuple(body))
    return edition([Section("s", "Fees", (clause,))], number=f"1.{len(rows)}")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("Data | Period", "Daily | 24 months"), ("Data | Period | Note", "Daily | 24 | months")),
        (("A | B | C | D", "a | b | c | d"), ("Data | Period", "Daily | 24 months", "x | y")),
    ],
    ids=["a column added", "a table of other columns"],
)
def test_a_row_cut_into_other_cells_is_deleted_and_inserted_whole(old, new) -> None:
    """Where the cells of a row change (a column added, removed or moved) the old row is
    deleted and the new inserted, and rows of other widths are separate tables: accepting
    and rejecting every change of the DOCX gives each version's table, row for row."""
    before, after = _table(*old), _table(*new)
    data = render.render(RedlineProduct(chain([before, after])), "docx")
    for action, rows in (("accept", new), ("reject", old)):
        shown = [line for line in paragraphs(data, action, rows=True) if " | " in line]
        assert shown[-len(rows) :] == list(rows)
