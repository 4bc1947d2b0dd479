"""A drafter's reason for a change: a ``Reason:`` paragraph under a change in changes.md is
kept with the change, never read as clause text, and shown with the change in every
redline (HTML margin note and summary, PDF, DOCX summary, JSON) and as the explanatory note
of the schedule of amendments, which the schedule's proof ignores. The corpus's 5.3 carries
the consultation's reasons for Clauses 2.1 and 4.26."""

from __future__ import annotations

import io
import json
import zipfile

from lxml import etree

from tests.conftest import REPO
from tests.docx_text import attribute, body, find, paragraphs, text_of
from tmad import render
from tmad.amend.text import proven_schedule
from tmad.clausesyntax import parse
from tmad.diff.compose import chain
from tmad.products import AmendmentsProduct, RedlineProduct
from tmad.project import load_project

CHANGES = """\
## Duties {#duties}

Reason: Monthly reports were
too frequent.

The Owner shall report each quarter.

## {#meanings delete}

Reason: Unused.
"""


def test_a_reason_is_kept_with_its_change_and_is_not_clause_text() -> None:
    headings = parse(CHANGES, "changes.md", reasons=True)
    assert [h.reason for h in headings] == ["Monthly reports were too frequent.", "Unused."]
    assert [b.text for b in headings[0].body] == ["The Owner shall report each quarter."]
    assert headings[1].body == ()
    plain = parse(CHANGES, "01-text.md")  # a version's own text has no reasons
    assert plain[0].reason == ""
    assert plain[0].body[0].text == "Reason: Monthly reports were too frequent."


def test_a_reason_in_the_middle_of_a_clause_is_its_text() -> None:
    text = "## Duties {#duties}\n\nThe Owner shall:\n\nReason: to be given.\n"
    headings = parse(text, "changes.md", reasons=True)
    assert headings[0].reason == ""
    assert [b.text for b in headings[0].body] == ["The Owner shall:", "Reason: to be given."]


def _redline(fmt: str, comments: bool = False) -> bytes:
    project = load_project(REPO)
    marked = chain([project.edition("5.2"), project.edition("5.3")])
    return render.render(RedlineProduct(marked, comments=comments), fmt)


def test_every_redline_format_shows_the_reasons() -> None:
    data = json.loads(_redline("json"))
    reasons = {c["id"]: c["reason"] for c in data["clauses"]}
    assert reasons["dormant-meter-firmware"].startswith("To expedite the migration")
    assert reasons["definitions"].startswith("The new Clause 4.26(c)")
    html = _redline("html").decode()
    assert html.count('<aside class="reason"') == 2
    assert "Reason (v5.2 → v5.3):</span> To expedite the migration" in html
    assert '<tr class="reason-row">' in html
    docx = _redline("docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = package.read("word/document.xml").decode()
        names = package.namelist()
    assert "Reason for Clause 4.26: " in body
    assert "To expedite the migration" in body
    # no Word comments unless asked: LibreOffice 7.4 crashes loading any through UNO
    assert "word/comments.xml" not in names


def test_with_comments_each_reason_is_a_word_comment_on_its_heading() -> None:
    """``--comments``: each reason is a w:comment by the step's revision author, dated with
    the step, its range the whole heading of the clause it explains; the text and its
    tracked changes are as without comments, and the file is reproducible."""
    data = _redline("docx", comments=True)
    assert _redline("docx", comments=True) == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
    notes = find(comments, "w:comment")
    assert [text_of(note)[:23] for note in notes] == [
        "The new Clause 4.26(c) ",
        "To expedite the migrati",
    ]
    assert {attribute(note, "author") for note in notes} == {"DCC (v5.3)"}
    assert {attribute(note, "date") for note in notes} == {"2020-07-24T00:00:00Z"}
    headings = []
    for start in find(body(data), ".//w:commentRangeStart"):
        paragraph = start.getparent()
        ident = attribute(start, "id")
        assert find(paragraph, f"w:commentRangeEnd[@w:id='{ident}']")
        assert find(paragraph, f"w:r/w:commentReference[@w:id='{ident}']")
        assert attribute(find(paragraph, "w:pPr/w:pStyle")[0], "val").startswith("Heading")
        headings.append(text_of(paragraph))
    assert headings == [
        "2.1Definitions",
        "4.26Firmware Upgrades and Re-configuration of Dormant Meters",
    ]
    plain = _redline("docx")
    for action in ("keep", "accept", "reject"):
        assert paragraphs(data, action) == paragraphs(plain, action)


def test_the_schedule_has_an_explanatory_note_outside_its_proof() -> None:
    project = load_project(REPO)
    schedule = proven_schedule(project.edition("5.2"), project.edition("5.3"))
    assert [(n, s) for n, s, _ in schedule.notes] == [(1, "Clause 2.1"), (2, "Clause 4.26")]
    text = render.render(AmendmentsProduct(schedule), "md").decode()
    note = text.index("## Explanatory note")
    assert note > text.index("## Amendments")
    assert "- **Amendment 2** (Clause 4.26): To expedite" in text[note:]
    html = render.render(AmendmentsProduct(schedule), "html").decode()
    assert '<section class="explanatory-note"' in html
    docx = render.render(AmendmentsProduct(schedule), "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        assert "Explanatory note" in package.read("word/document.xml").decode()


def test_a_version_without_reasons_shows_none() -> None:
    project = load_project(REPO)
    data = json.loads(
        render.render(
            RedlineProduct(chain([project.edition("5.1"), project.edition("5.2")])), "json"
        )
    )
    assert not any(c["reason"] for c in data["clauses"])
    assert proven_schedule(project.edition("5.1"), project.edition("5.2")).notes == ()
