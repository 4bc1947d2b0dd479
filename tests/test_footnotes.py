"""Footnotes in clause text: ``[^1]`` in a paragraph refers to ``[^1]: …`` of its clause.

The example ``uk-si`` has two notes in regulation 2, the second brought up to date by its
second version; tests/test_examples.py proves its redlines and schedule reproduce each
version, and the import tests read the notes back from DOCX and Akoma Ntoso.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest

from tests.conftest import FIXTURES, REPO, assert_unreadable
from tests.docx_text import footnotes, paragraphs
from tmad import render
from tmad.amend.interpret import interpret
from tmad.amend.schedule import schedule
from tmad.amend.text import amendments_markdown
from tmad.clausesyntax import parse
from tmad.diff.compare import compare
from tmad.diff.compose import chain
from tmad.editionjson import edition_json
from tmad.importing.sources import body_lines
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project

EXAMPLE = REPO / "examples" / "uk-si"
HEAD = "# S {#s}\n\n## C {#c}\n\n"
SOURCE = (
    HEAD
    + """(1) Made under section 6(1)[^act] of the Act
    and section 7[^2].

[^act]: 1989 c. 29.
[^2]: Section 7 was
amended by the 2000 Act.
"""
)


def test_a_note_is_a_paragraph_of_its_clause_and_reads_back() -> None:
    (_, clause) = parse(SOURCE, "c.md")
    notes = [(b.note, b.text) for b in clause.body if b.note]
    assert notes == [("act", "1989 c. 29."), ("2", "Section 7 was amended by the 2000 Act.")]
    assert clause.body[0].text == "Made under section 6(1)[^act] of the Act and section 7[^2]."
    (_, again) = parse(HEAD + "\n".join(body_lines(clause.body)), "c.md")
    assert again.body == clause.body


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("Text[^1].\n", "[^1] refers to no note", 5),
        ("Text.\n\n[^1]: A note.\n", "note [^1] is not referred to", 7),
        ("Text[^1].\n\n[^1]: A.\n[^1]: B.\n", "a second note [^1]", 8),
        ("Text[^1] and[^1].\n\n[^1]: A.\n", "[^1] is referred to twice", 5),
        ("Text[^1].\n\n[^1]: A[^2].\n[^2]: B.\n", "cannot have a note of its own", 7),
    ],
)
def test_notes_that_do_not_fit_the_text_are_errors(body: str, message: str, line: int) -> None:
    assert_unreadable(HEAD + body, message, line)


def test_html_links_each_reference_to_its_note_and_pdf_sets_it_at_the_foot() -> None:
    edition = load_project(EXAMPLE).edition("1.1")
    html = render.render(VersionProduct(edition), "html").decode()
    assert (
        'Regulations 2020<sup class="note-ref"><a id="note-ref-interpretation-1" '
        'href="#note-interpretation-1">1</a></sup>;'
    ) in html
    assert '<li id="note-interpretation-2" value="2">1989 c. 29; section 6(1)(d)' in html
    assert "[^" not in html
    reader = pypdf.PdfReader(io.BytesIO(render.render(VersionProduct(edition), "pdf")))
    page = next(p.extract_text() for p in reader.pages if "means the holder" in p.extract_text())
    lines = [" ".join(line.split()) for line in page.splitlines()]
    assert "1. S.I. 2020/1004 (illustrative)." in lines  # the page's own footnotes
    assert any(line.startswith("2. 1989 c. 29; section 6(1)(d)") for line in lines)
    assert "[^" not in page


def test_docx_notes_are_word_footnotes() -> None:
    data = render.render(VersionProduct(load_project(EXAMPLE).edition("1.1")), "docx")
    assert footnotes(data) == [
        "S.I. 2020/1004 (illustrative).",
        "1989 c. 29; section 6(1)(d) was amended by the Utilities Act 2000 (c. 27), section 30.",
    ]
    text = " ".join(paragraphs(data))
    assert "Regulations 2020 1 ;" in text  # the reference, as the helper shows it
    assert "[^" not in text


def test_redlines_mark_a_changed_note_and_keep_references_raised() -> None:
    project = load_project(EXAMPLE)
    old, new = project.edition("1.0"), project.edition("1.1")
    product = RedlineProduct(chain([old, new]))
    html = render.render(product, "html").decode()
    assert (
        '<p class="block note modified"><sup class="note-label">2</sup> 1989 c. 29<ins class="s1"'
    ) in html
    assert 'Regulations 2020<sup class="note-ref">1</sup>;' in html
    data = json.loads(render.render(product, "json"))
    (clause,) = [c for c in data["clauses"] if c["id"] == "interpretation"]
    assert [b["new"]["note"] for b in clause["blocks"] if b["kind"] == "modified"] == ["2"]


def test_a_schedule_inserts_a_note_and_reads_back(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "p")
    changes = tmp_path / "p" / "clauses" / "1.1" / "changes.md"
    changes.write_text(
        changes.read_text()
        + "\n## Notices {#notices}\n\nNotices shall be given in writing[^1].\n\n"
        "[^1]: Or by email, *if agreed*.\n"
    )
    project = load_project(tmp_path / "p")
    old, new = project.edition("1.0"), project.edition("1.1")
    text = amendments_markdown(schedule(compare(old, new)))
    assert "[^1]: Or by email, \\*if agreed\\*.”." in text
    want = edition_json(new)
    want["clauses"] = [{k: v for k, v in c.items() if k != "id"} for c in want["clauses"]]
    assert interpret(text, old) == want
