"""Collating returned forms: filled DOCX and PDF read back, outputs, and hostile files refused.

The forms are the response template as tmad builds it, filled in programmatically:
the DOCX by setting the text inside each tagged content control (and clearing its
placeholder state, as Word does when a respondent types), the PDF by setting each
field's ``/V`` with pikepdf (and the radio group's state, as a viewer does).
Damaged and hostile files are built here at run time (the sparse file, the FIFO,
the zip bombs); each must be skipped with its reason and never raise.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pikepdf
import pypdf
import pytest

from tests.forms import (
    LABEL,
    PUBLISHABLE,
    Q1,
    Q2,
    REPO,
    RESPONDENTS,
    document_xml,
    fill_docx,
    fill_pdf,
    hostile_folder,
    person,
    replace_member,
    sdt_xml,
    write_forms,
    zip_of,
)
from tmad.errors import UsageError
from tmad.formfields import CONFIDENTIALITY, RESPONDENT
from tmad.responses import (
    Collation,
    Limits,
    Response,
    collate,
    summary_lines,
    write_collation,
)
from tmad.responses.output import CSV_COLUMNS, safe_cell

# --- the templates ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forms(tmp_path_factory, template_docx, template_pdf) -> Path:
    folder = tmp_path_factory.mktemp("returned")
    write_forms(folder, template_docx, template_pdf)
    return folder


@pytest.fixture(scope="module")
def collation(forms, publication) -> Collation:
    return collate(forms, publication)


@pytest.fixture(scope="module")
def written(collation, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("collation")
    return {path.name: path for path in write_collation(collation, out)}


def by_file(collation: Collation) -> dict[str, Response]:
    return {r.file: r for r in collation.responses}


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


# --- reading filled forms -------------------------------------------------------------------


def test_every_filled_form_is_read(collation: Collation) -> None:
    assert [r.file for r in collation.responses] == sorted(r.file for r in RESPONDENTS)
    assert collation.skipped == ()
    assert collation.files_seen == len(RESPONDENTS)
    responses = by_file(collation)
    for respondent in RESPONDENTS:
        response = responses[respondent.file]
        assert dict(response.answers) == respondent.answers, respondent.file
        assert response.name == respondent.values["respondent.name"]
        assert response.organisation == respondent.values.get("respondent.organisation", "")
        assert response.email == respondent.values["respondent.email"]
        assert response.format == respondent.file.rsplit(".", 1)[1]


def test_confidentiality_is_mapped_from_display_text_and_export_value(collation) -> None:
    responses = by_file(collation)
    assert {f: r.confidentiality for f, r in responses.items()} == {
        "alice.docx": "none",
        "bob.docx": "all",
        "carol.pdf": "none",
        "dave.pdf": "part",
        "erin.docx": "not stated",
        "frank.docx": "none",
    }
    assert {f for f, r in responses.items() if r.publishable} == PUBLISHABLE
    assert responses["bob.docx"].confidentiality_reason == "Commercially sensitive."
    assert "not stated" in responses["erin.docx"].withheld_because
    assert "whole response" in responses["dave.pdf"].withheld_because


def test_counts_per_question(collation) -> None:
    assert collation.answer_count(Q1) == 5
    assert collation.answer_count(Q2) == 4
    assert collation.answer_count(Q1, publishable=True) == 2
    assert collation.answer_count(Q2, publishable=True) == 3
    assert collation.confidentiality_counts() == {
        "none": 3, "part": 1, "all": 1, "not stated": 1, "unrecognised": 0,
    }  # fmt: skip


def test_same_email_is_flagged_as_possible_duplicate_and_both_kept(collation) -> None:
    responses = by_file(collation)
    assert responses["alice.docx"].duplicates == ("frank.docx",)
    assert responses["frank.docx"].duplicates == ("alice.docx",)
    assert any("same email" in note for note in responses["frank.docx"].notes)
    assert responses["bob.docx"].duplicates == ()


def test_multi_paragraph_answers_keep_their_paragraphs(collation) -> None:
    alice = by_file(collation)["alice.docx"]
    assert alice.answers[Q1] == "Yes, we agree.\nThe EPCL criteria are sound."


def test_pdf_radio_read_from_widget_state_alone(tmp_path, template_pdf, publication) -> None:
    values = person("Gus", "Gee", "gus@g.example", "all", {Q1: "secret"})
    (tmp_path / "gus.pdf").write_bytes(fill_pdf(template_pdf, values, by_state_only=True))
    (response,) = collate(tmp_path, publication).responses
    assert response.confidentiality == "all"
    assert not response.publishable


def test_the_pdf_form_is_one_field_per_name_for_pypdf(template_pdf) -> None:
    """Each radio button is a widget of its group, never a field of its own."""
    reader = pypdf.PdfReader(io.BytesIO(template_pdf))
    expected = [f.name for f in RESPONDENT] + ["confidential", "confidential.reason"]
    expected += [f"question.{q}" for q in (Q1, Q2)]
    assert sorted(reader.get_fields()) == sorted(expected)


def test_the_pdf_form_filled_in_by_pypdf_is_collated(tmp_path, template_pdf, publication) -> None:
    reader = pypdf.PdfReader(io.BytesIO(template_pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    values = {
        "respondent.name": "Pia Pypdf",
        "respondent.organisation": "Pypdf Ltd",
        "respondent.email": "pia@pypdf.example",
        f"question.{Q1}": "Yes, filled in by pypdf.",
        "confidential": "/2",  # the third button: "None of my response is confidential"
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = tmp_path / "pia.pdf"
    with out.open("wb") as stream:
        writer.write(stream)
    (response,) = collate(tmp_path, publication).responses
    assert response.name == "Pia Pypdf"
    assert response.answers[Q1] == "Yes, filled in by pypdf."
    assert response.confidentiality == "none"
    assert response.publishable


def test_pdf_form_fields_fit_their_text_and_stay_by_their_labels(template_pdf) -> None:
    pdf = pikepdf.open(io.BytesIO(template_pdf))
    reader = pypdf.PdfReader(io.BytesIO(template_pdf))
    pages = {page.indirect_reference.idnum: page for page in reader.pages}
    for field in pdf.Root.AcroForm.Fields:
        for widget in field.Kids if "/Kids" in field else [field]:
            x0, y0, x1, y1 = (float(v) for v in widget.Rect)
            width, height = abs(x1 - x0), abs(y1 - y0)
            if str(field.T) == "confidential":
                assert 6 <= width <= 14  # a round button, not a stretched ellipse
                assert abs(width - height) < 0.01
            else:
                assert height >= 12  # at least a line of 10 pt text
            label = str(widget.get("/TU") or field.TU)[:30]
            # NFKC: where fontTools subsets the fonts (no libharfbuzz-subset), "fi" reads "ﬁ"
            text = unicodedata.normalize("NFKC", pages[widget.P.objgen[0]].extract_text())
            page_text = " ".join(text.split())
            assert label in page_text, f"{label!r} is not on the page of its field"


# --- outputs ---------------------------------------------------------------------------------


def test_writes_every_output(written) -> None:
    assert sorted(written) == sorted(
        [
            "responses.csv",
            "collation.json",
            "collation.html",
            "collation-publishable.html",
            "collation-publishable.docx",
        ]
    )


def test_csv_has_one_row_per_respondent_per_question(written, collation) -> None:
    raw = written["responses.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(RESPONDENTS) * 2
    cells = {(row["file"], row["question_id"]): row for row in rows}
    assert cells[("alice.docx", Q1)]["answer"] == "Yes, we agree.\nThe EPCL criteria are sound."
    assert cells[("bob.docx", Q2)]["answer"] == ""
    assert cells[("bob.docx", Q1)]["publishable"] == "no"
    assert cells[("bob.docx", Q1)]["confidentiality"] == "all"
    assert cells[("frank.docx", Q1)]["possible_duplicates"] == "alice.docx"
    # formula injection: answers (and a telephone number) starting = + - @ are quoted
    assert cells[("carol.pdf", Q1)]["answer"].startswith("'=HYPERLINK(")
    assert cells[("carol.pdf", Q2)]["answer"] == "'@SUM(1+1) is fine"
    assert cells[("alice.docx", Q1)]["telephone"] == "'+44 20 7946 0001"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_every_answer_appears_exactly_once(written) -> None:
    rows = list(csv.DictReader(io.StringIO(written["responses.csv"].read_text("utf-8-sig"))))
    full = written["collation.html"].read_text()
    data = json.loads(written["collation.json"].read_text())
    for respondent in RESPONDENTS:
        for question, text in respondent.answers.items():
            matches = [r for r in rows if r["answer"].lstrip("'") == text]
            assert len(matches) == 1, (respondent.file, question)
            assert matches[0]["file"] == respondent.file
            assert matches[0]["question_id"] == question
            for line in text.split("\n"):
                escaped = line.replace("&", "&amp;").replace('"', "&#34;").replace("<", "&lt;")
                assert full.count(f"<p>{escaped}</p>") == 1, (respondent.file, line)
            json_answers = [r["answers"].get(question) for r in data["responses"]]
            assert json_answers.count(text) == 1


def test_full_collation_marks_confidential_answers(written) -> None:
    full = written["collation.html"].read_text()
    assert "Not for publication" in full
    assert "CONFIDENTIAL-BOB-Q1" in full
    assert "Confidential: all" in full
    assert "Confidential: part" in full
    assert "Withheld: confidentiality not stated" in full
    assert "bob@secret.example" in full


def test_publishable_outputs_leave_confidential_responses_out(written) -> None:
    html = written["collation-publishable.html"].read_text()
    text = docx_text(written["collation-publishable.docx"])
    for output in (html, text):
        assert "CONFIDENTIAL-" not in output
        for secret in ("Bob Baker", "Secret Supplies", "Dave Dunn", "Part Co", "Erin", "Unsure"):
            assert secret not in output
        assert "@acme.example" not in output  # no contact details, even of the published
        assert "+44" not in output
        assert ".docx" not in output  # no file names
        assert ".pdf" not in output
        assert "4 September suits us." in output
        assert "Revised: 4 September still suits us." in output
        assert "Acme Energy" in output
        assert "Individual respondent 1" in output  # Carol gave no organisation
        assert "Alice Able" not in output  # individuals are not named
    assert "DCC Public" in html
    assert "Not for publication" not in html


def test_publishable_counts_in_summary(written) -> None:
    html = written["collation-publishable.html"].read_text()
    assert re.search(r"Responses read</th><td class=\"n\">6<", html)
    assert re.search(r"Withheld: all confidential</th><td class=\"n\">1<", html)
    assert re.search(r"Withheld: part confidential</th><td class=\"n\">1<", html)
    assert re.search(r"Withheld: confidentiality not stated</th><td class=\"n\">1<", html)


def test_output_is_deterministic(collation, forms, publication, written, tmp_path) -> None:
    again = write_collation(collate(forms, publication), tmp_path / "again")
    for path in again:
        assert path.read_bytes() == written[path.name].read_bytes(), path.name


def test_summary_lines(collation) -> None:
    lines = summary_lines(collation)
    assert lines[0] == (
        "read 6 response(s) from 6 file(s); 3 publishable, 3 withheld; 0 file(s) skipped"
    )
    assert "Firmware Q1: 5 answer(s), 2 publishable" in lines


def test_safe_cell() -> None:
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("  =1+2") == "'  =1+2"
    assert safe_cell("-3") == "'-3"
    assert safe_cell("\t=x") == "'\t=x"
    assert safe_cell("plain") == "plain"
    assert safe_cell("") == ""


def test_usage_errors(tmp_path, publication, collation) -> None:
    with pytest.raises(UsageError, match="no folder"):
        collate(tmp_path / "missing", publication)
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        write_collation(collation, tmp_path / "file")


# --- what other clients write ------------------------------------------------------------------


def test_controls_without_tags_are_read_by_title(tmp_path, template_docx, publication) -> None:
    """What LibreOffice writes: titles (w:alias) but no tags, the drop-down bare, two w:t."""
    options = "".join(
        f'<w:listItem w:displayText="{o["label"]}" w:value="{o["value"]}"/>'
        for o in CONFIDENTIALITY["options"]
    )
    body = (
        "<w:p>"
        + sdt_xml('<w:alias w:val="Name"/><w:text/>', "<w:r><w:t>Lo User</w:t></w:r>")
        + sdt_xml('<w:alias w:val="Email"/>', "<w:r><w:t>lo@example.org</w:t></w:r>")
        + sdt_xml(
            f"<w:dropDownList>{options}</w:dropDownList>",
            "<w:r><w:t>None of my response is confidential</w:t></w:r>",
        )
        + sdt_xml(
            '<w:alias w:val="Response to Firmware Q1"/>',
            "<w:r><w:t>first line</w:t><w:t>second line</w:t></w:r>",
        )
        + sdt_xml(
            '<w:alias w:val="Response to Firmware Q2"/>',
            "<w:r><w:t>Click or tap here to enter text.</w:t></w:r>",
        )
        + "</w:p>"
    )
    data = replace_member(template_docx, "word/document.xml", document_xml(body))
    (tmp_path / "lo.docx").write_bytes(data)
    (response,) = collate(tmp_path, publication).responses
    assert response.name == "Lo User"
    assert response.email == "lo@example.org"
    assert response.confidentiality == "none"
    assert dict(response.answers) == {Q1: "first line\nsecond line"}
    assert any("titles" in note for note in response.notes)


def test_tracked_changes_read_as_accepted(tmp_path, template_docx, publication) -> None:
    body = (
        "<w:p>"
        + sdt_xml(
            '<w:tag w:val="question.early-firmware"/>',
            '<w:r><w:t xml:space="preserve">kept </w:t></w:r>'
            '<w:ins w:id="1" w:author="A" w:date="2020-08-01T00:00:00Z">'
            "<w:r><w:t>added</w:t></w:r></w:ins>"
            '<w:del w:id="2" w:author="A" w:date="2020-08-01T00:00:00Z">'
            "<w:r><w:delText>gone</w:delText></w:r></w:del>",
        )
        + "</w:p>"
    )
    (tmp_path / "t.docx").write_bytes(
        replace_member(template_docx, "word/document.xml", document_xml(body))
    )
    (response,) = collate(tmp_path, publication).responses
    assert response.answers[Q1] == "kept added"
    assert any("tracked changes" in note for note in response.notes)


def test_nothing_outside_the_questions_is_lost(tmp_path, template_docx, publication) -> None:
    body = (
        "<w:p>"
        + sdt_xml('<w:tag w:val="question.early-firmware"/>', "<w:r><w:t>one</w:t></w:r>")
        + sdt_xml('<w:tag w:val="question.early-firmware"/>', "<w:r><w:t>two</w:t></w:r>")
        + sdt_xml('<w:tag w:val="question.retired-question"/>', "<w:r><w:t>old answer</w:t></w:r>")
        + sdt_xml('<w:tag w:val="my-own-box"/>', "<w:r><w:t>stray text</w:t></w:r>")
        + sdt_xml("", "<w:r><w:t>untitled text</w:t></w:r>")
        + "</w:p>"
    )
    (tmp_path / "x.docx").write_bytes(
        replace_member(template_docx, "word/document.xml", document_xml(body))
    )
    collation = collate(tmp_path, publication)
    (response,) = collation.responses
    assert response.answers[Q1] == "one\n\ntwo"
    assert [(o.name, o.text) for o in response.other_fields] == [
        ("my-own-box", "stray text"),
        ("(untitled control 1)", "untitled text"),
        ("question.retired-question", "old answer"),
    ]
    assert any("appears 2 times" in note for note in response.notes)
    out = write_collation(collation, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(out[0].read_text("utf-8-sig"))))
    assert [r["answer"] for r in rows] == ["one\n\ntwo", "", "stray text", "untitled text",
                                           "old answer"]  # fmt: skip
    assert "stray text" in (tmp_path / "out" / "collation.html").read_text()
    assert "stray text" not in (tmp_path / "out" / "collation-publishable.html").read_text()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, template_docx, template_pdf) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile_folder(folder, template_docx, template_pdf)


def test_hostile_files_are_each_skipped_with_their_reason(hostile, publication) -> None:
    folder, expected = hostile
    collation = collate(folder, publication)
    assert collation.responses == ()
    reasons = {item.file: item.reason for item in collation.skipped}
    assert sorted(reasons) == sorted(expected)
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    everything = json.dumps([item.reason for item in collation.skipped])
    assert "root:" not in everything  # /etc/passwd was never read
    assert "lollol" not in everything
    assert " at 0x" not in everything  # reasons are stable text


def test_no_answer_is_lost_among_hostile_files(
    tmp_path, template_docx, template_pdf, publication
) -> None:
    folder = tmp_path / "mixed"
    expected = hostile_folder(folder, template_docx, template_pdf)
    write_forms(folder, template_docx, template_pdf)
    collation = collate(folder, publication)
    assert len(collation.responses) == len(RESPONDENTS)
    assert len(collation.skipped) == len(expected)
    assert collation.files_seen == len(os.listdir(folder))
    responses = by_file(collation)
    for respondent in RESPONDENTS:
        assert dict(responses[respondent.file].answers) == respondent.answers
    paths = write_collation(collation, tmp_path / "out")
    full = (tmp_path / "out" / "collation.html").read_text()
    for name in expected:
        assert name in full, name
    assert f"{len(expected)} file(s) skipped" in summary_lines(collation)[0]
    assert all(path.stat().st_size for path in paths)


def test_total_uncompressed_size_is_limited(tmp_path, template_docx, publication) -> None:
    members = {f"word/media/image{i}.bin": os.urandom(64) + b"x" * 900_000 for i in range(12)}
    with zipfile.ZipFile(io.BytesIO(template_docx)) as package:
        members.update({i.filename: package.read(i.filename) for i in package.infolist()})
    (tmp_path / "big.docx").write_bytes(zip_of(members))
    limits = Limits(max_uncompressed_bytes=10 * 1024 * 1024)
    (skipped,) = collate(tmp_path, publication, limits).skipped
    assert "zip bomb refused: the members expand to" in skipped.reason


def test_too_many_members_is_refused(tmp_path, publication) -> None:
    (tmp_path / "many.docx").write_bytes(zip_of({f"m{i}": b"" for i in range(1001)}))
    (skipped,) = collate(tmp_path, publication).skipped
    assert "1001 members" in skipped.reason


def test_link_inside_the_folder_is_followed(tmp_path, template_docx, publication) -> None:
    values = person("Lin", "Link Ltd", "lin@link.example", LABEL["none"], {Q1: "via a link"})
    (tmp_path / "real.docx").write_bytes(fill_docx(template_docx, values))
    (tmp_path / "alias.docx").symlink_to(tmp_path / "real.docx")
    collation = collate(tmp_path, publication)
    assert [r.file for r in collation.responses] == ["alias.docx", "real.docx"]
    assert collation.responses[0].duplicates == ("real.docx",)
    assert any("identical" in note for note in collation.responses[0].notes)


def test_hostile_text_is_escaped_and_names_are_printable(
    tmp_path, template_docx, template_pdf, publication
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    markup = "<script>alert('x')</script> & <b>bold</b>"
    values = person("Mal", "<i>Org</i> & Co", "mal@x.example", LABEL["none"], {Q1: markup})
    with open(os.fsencode(folder) + b"/evil\xff\nname.docx", "wb") as stream:
        stream.write(fill_docx(template_docx, values))
    controls = "bell\x07 null\x00 escape\x1b[31mred\x1b[0m \ufffe end"
    values = person("Pat", "Pdf Ltd", "pat@x.example", "none", {Q2: controls})
    (folder / "pat.pdf").write_bytes(fill_pdf(template_pdf, values))
    collation = collate(folder, publication)
    files = [r.file for r in collation.responses]
    assert files == ["evil\ufffd\ufffdname.docx", "pat.pdf"]
    assert collation.responses[1].answers[Q2] == "bell null escape[31mred[0m  end"
    write_collation(collation, tmp_path / "out")
    for name in ("collation.html", "collation-publishable.html"):
        page = (tmp_path / "out" / name).read_text()
        assert "<script>" not in page
        assert "<i>Org" not in page
        assert (
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
        )
    assert markup in docx_text(tmp_path / "out" / "collation-publishable.docx")
    assert json.loads((tmp_path / "out" / "collation.json").read_text())["files_read"] == 2
    assert all("\n" not in line for line in summary_lines(collation))


# --- the command line -------------------------------------------------------------------------


def _collate_command(tmad, folder: Path, out: Path):
    return tmad("--project", str(REPO), "responses", "collate", str(folder), "-o", str(out))


def test_command_collates_a_folder(tmad, forms, tmp_path) -> None:
    result = _collate_command(tmad, forms, tmp_path / "out")
    assert result.code == 0, result.err
    assert "read 6 response(s) from 6 file(s)" in result.err
    assert (tmp_path / "out" / "collation-publishable.docx").is_file()


def test_command_reports_skipped_files(tmad, hostile, tmp_path) -> None:
    folder, expected = hostile
    result = _collate_command(tmad, folder, tmp_path / "out")
    assert result.code == 1, result.err
    for name in expected:
        assert f"skipped {name}: " in result.err
    assert (tmp_path / "out" / "collation.html").is_file()


def test_command_refuses_a_missing_folder(tmad, tmp_path) -> None:
    result = _collate_command(tmad, tmp_path / "missing", tmp_path / "out")
    assert result.code == 2
    assert "no folder of returned forms" in result.err
