"""tmad import of Word files: tmad's own DOCX of every TMAD version reads back as the same
text (the first whole, the next as changes against their base, with the same redlines); a
document numbered by Word's automatic numbering gets its labels as Word displays them;
tracked changes read accepted, or as before with --reject; tables become rows and footnotes
notes; bad files are refused and nothing is created."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_import_akn import _empty_project, _texts
from tmad import render
from tmad.products import VersionProduct
from tmad.project import load_project


def _plain(project, number: str) -> list[tuple]:
    """The text without ids (a Word file carries none: ids come from headings)."""
    return [t[1:] for t in _texts(project, number)]


def test_tmad_docx_of_each_version_imports_back(tmp_path: Path, tmad) -> None:
    original = load_project(REPO)
    target = _empty_project(REPO, tmp_path / "p")
    for number in ("5.0", "5.1", "5.2"):
        edition = original.edition(number)
        path = tmp_path / f"{number}.docx"
        path.write_bytes(render.render(VersionProduct(edition), "docx"))
        args = ["--project", str(target), "import", str(path), "--version", number]
        if edition.version.base:
            args += ["--base", edition.version.base]
        result = tmad(*args)
        assert result.code == 0, result.err
        assert "paragraphs before the first heading" in result.err  # the title page, reported
    imported = load_project(target)
    for number in ("5.0", "5.1", "5.2"):
        assert _plain(imported, number) == _plain(original, number)
    from tmad.diff.compose import chain
    from tmad.products import RedlineProduct

    for old, new in (("5.0", "5.1"), ("5.1", "5.2")):
        summaries = [
            json.loads(
                render.render(RedlineProduct(chain([p.edition(old), p.edition(new)])), "json")
            )["summary"]
            for p in (original, imported)
        ]
        assert summaries[0] == summaries[1]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str, style: str = "", num: tuple[int, int] | None = None, runs: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    body = runs or f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"


def _docx(path: Path, paragraphs: list[str], footnotes: str = "") -> Path:
    styles = (
        f"<w:styles {W}>"
        + "".join(
            f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
            f'<w:pPr><w:outlineLvl w:val="{n - 1}"/></w:pPr></w:style>'
            for n in (1, 2)
        )
        + "</w:styles>"
    )
    levels = [("lowerLetter", "(%1)"), ("lowerRoman", "(%2)")]
    numbering = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="7">'
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="{(i + 1) * 567}"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        + '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
    )
    document = f"<w:document {W}><w:body>{''.join(paragraphs)}</w:body></w:document>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
        archive.writestr("word/numbering.xml", numbering)
        if footnotes:
            archive.writestr("word/footnotes.xml", f"<w:footnotes {W}>{footnotes}</w:footnotes>")
    return path


def _row(*cells: str, marks: str = "") -> str:
    tcs = "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in cells)
    return f"<w:tr>{f'<w:trPr>{marks}</w:trPr>' if marks else ''}{tcs}</w:tr>"


def test_a_table_and_footnotes_from_word_become_rows_and_notes(tmp_path: Path, tmad) -> None:
    """A table Word repeats a header row of, with a row a reviewer deleted and a merged
    cell, and a footnote: the rows and the note come back as clause text."""
    deleted = '<w:del w:id="9" w:author="Reviewer" w:date="2026-11-30T10:00:00Z"/>'
    table = (
        '<w:tbl><w:tblPr><w:tblInd w:w="0" w:type="dxa"/></w:tblPr>'
        + _row("Data", "Period", marks="<w:tblHeader/>")
        + _row("Daily data", "24 months")
        + _row("Old data", "1 month", marks=deleted)
        + _row("Spanning both columns")
        + "</w:tbl>"
    )
    reference = (
        '<w:r><w:t xml:space="preserve">under the Act</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="5"/></w:r><w:r><w:t>.</w:t></w:r>'
    )
    note = (
        '<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r>'
        "<w:r><w:t>1989 c. 29.</w:t></w:r></w:p></w:footnote>"
    )
    path = _docx(
        tmp_path / "table.docx",
        [_p("1\tGeneral", "Heading1"), _p("1.1\tRetention", "Heading2"),
         _p("", runs=reference), table],
        footnotes=note,
    )  # fmt: skip
    target = _empty_project(REPO, tmp_path / "p")
    result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
    assert result.code == 0, result.err
    assert "merged cells were read as separate, empty cells" in result.err
    body = load_project(target).edition("1.0").clause("1.1").body
    assert [(b.table, b.note, b.text) for b in body] == [
        ("", "", "under the Act[^1]."),
        ("head", "", "Data | Period"),
        ("row", "", "Daily data | 24 months"),
        ("row", "", "Spanning both columns | "),
        ("", "1", "1989 c. 29."),
    ]


def test_automatic_numbering_and_tracked_changes(tmp_path: Path, tmad) -> None:
    ins = (
        '<w:r><w:t xml:space="preserve">DCC shall </w:t></w:r>'
        '<w:ins w:author="Reviewer" w:date="2026-11-30T10:00:00Z"><w:r><w:t xml:space="preserve">'
        "promptly </w:t></w:r></w:ins>"
        '<w:del w:author="Reviewer" w:date="2026-11-30T10:00:00Z"><w:r><w:delText xml:space='
        '"preserve">always </w:delText></w:r></w:del>'
        "<w:r><w:t>report:</w:t></w:r>"
    )
    path = _docx(
        tmp_path / "numbered.docx",
        [
            _p("Title page", "Title"),
            _p("1\tGeneral", "Heading1"),
            _p("1.1\tReporting", "Heading2"),
            _p("", runs=ins),
            _p("each incident;", num=(3, 0)),
            _p("each defect, including:", num=(3, 0)),
            _p("its cause; and", num=(3, 1)),
            _p("its fix; and", num=(3, 1)),
            _p("each delay.", num=(3, 0)),
        ],
    )
    results = {}
    for number, extra in (("1.0", []), ("0.9", ["--reject"])):
        target = _empty_project(REPO, tmp_path / number)
        result = tmad("--project", str(target), "import", str(path), "--version", number, *extra)
        assert result.code == 0, result.err
        assert "tracked insertion by Reviewer (2026-11-30)" in result.err
        results[number] = load_project(target).edition(number)
    accepted = results["1.0"].clause("1.1")
    assert [b.plain() for b in accepted.body] == [
        "DCC shall promptly report:",
        "(a) each incident;",
        "(b) each defect, including:",
        "(i) its cause; and",
        "(ii) its fix; and",
        "(c) each delay.",
    ]
    assert [b.level for b in accepted.body] == [0, 1, 1, 2, 2, 1]
    assert results["0.9"].clause("1.1").body[0].text == "DCC shall always report:"


def test_text_inside_links_fields_and_equations_is_read(tmp_path: Path, tmad) -> None:
    """Runs are found wherever Word nests them (a hyperlink, a field's result, a content
    control, an Office Math equation's own runs) and read by their local names, so no words
    are lost; field codes and bookmarks are not text."""
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    runs = (
        '<w:r><w:t xml:space="preserve">The charge is </w:t></w:r>'
        f"<m:oMath {math}><m:r><m:t>C = 2n</m:t></m:r></m:oMath>"
        '<w:r><w:t xml:space="preserve"> as in </w:t></w:r>'
        '<w:hyperlink w:anchor="x"><w:r><w:t>Schedule 2</w:t></w:r></w:hyperlink>'
        '<w:bookmarkStart w:id="1" w:name="b"/><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve">, as amended</w:t></w:r>'
        '</w:sdtContent></w:sdt><w:bookmarkEnd w:id="1"/><w:r><w:t>.</w:t></w:r>'
    )
    path = _docx(tmp_path / "nested.docx", [_p("1\tCharges", "Heading1"), _p("", runs=runs)])
    target = _empty_project(REPO, tmp_path / "p")
    result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
    assert result.code == 0, result.err
    body = load_project(target).edition("1.0").clause("1").body
    assert [b.plain() for b in body] == ["The charge is C = 2n as in Schedule 2, as amended."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"not a zip", "not a DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected or old-format"),
    ],
)
def test_bad_word_files_are_refused(data: bytes, expected: str, tmp_path: Path, tmad) -> None:
    target = _empty_project(REPO, tmp_path / "p")
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
    assert result.code in (1, 2)
    assert expected in result.err
    assert "bad.docx" in result.err
    assert sorted(p.name for p in (target / "clauses").iterdir()) == ["document.yaml"]


def test_a_docx_with_a_doctype_is_refused(tmp_path: Path, tmad) -> None:
    target = _empty_project(REPO, tmp_path / "p")
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f"<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
        )
    result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
    assert result.code in (1, 2)
    assert "DOCTYPE" in result.err
    assert sorted(p.name for p in (target / "clauses").iterdir()) == ["document.yaml"]


def test_list_numbers_read_as_labels_however_word_punctuates_them() -> None:
    from tmad.importing.word import _list_label

    for shown, label in (("(a)", "a"), ("a)", "a"), ("a.", "a"), ("1.", "1"), ("(c-1)", "c-1"),
                         ("iv.", "iv"), ("9A", "9A")):  # fmt: skip
        assert _list_label(shown) == label
