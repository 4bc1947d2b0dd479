"""Returned forms filled in with LibreOffice (a real client) are collated with every answer.

LibreOffice opens the built response template (protected for forms), the answers are
typed into its fields through UNO as a respondent would through the user interface
(see lo_fill_form.py for what LibreOffice makes of the content controls), and the
form is saved as DOCX. LibreOffice drops the controls' names (``w:tag``) when it
saves; the collation must still read every answer back, by the controls' titles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, run
from tmad.formfields import CONFIDENTIALITY
from tmad.project import load_project
from tmad.responses import collate, publication_for, write_collation

FILL_SCRIPT = Path(__file__).resolve().parent / "lo_fill_form.py"
TEMPLATE = Path("early-firmware", "Early_Firmware_Response_Template.docx")
LABEL = {o["value"]: o["label"] for o in CONFIDENTIALITY["options"]}

FORMS = {
    "lo-part.docx": {
        "fields": {
            "Name": "Zoë Lovelace",
            "Organisation": "Analytical Engines Ltd",
            "Role": "Head of Metering",
            "Email": "zoe@engines.example",
            "Telephone": "+44 20 7946 0000",
            "If all or part": "Our cost figures in Firmware Q1.",
            "Your response to Firmware Q1": (
                "LO-SECRET We agree.\nOur costs are £12,000 per “batch”."
            ),
            "Your response to Firmware Q2": '=HYPERLINK("http://evil.example") we disagree',
        },
        "confidential": LABEL["part"],
    },
    "lo-none.docx": {
        "fields": {
            "Name": "Ned None",
            "Organisation": "Open Meters plc",
            "Email": "ned@open.example",
            "Your response to Firmware Q2": "LO-PUBLIC 4 September 2020 works for us.",
        },
        "confidential": LABEL["none"],
    },
}
"""Two respondents: one part confidential (every field), one not (Q1 and role left blank)."""


@pytest.fixture(scope="module")
def filled(build_dir: Path, tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("returned-lo")
    reports = {}
    for name, answers in FORMS.items():
        spec = folder.parent / f"{name}.json"
        spec.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
        result = run("/usr/bin/python3", str(FILL_SCRIPT), str(build_dir / TEMPLATE),
                     str(folder / name), str(spec))  # fmt: skip
        reports[name] = json.loads(result.stdout.strip().splitlines()[-1])
    return folder, reports


@pytest.fixture(scope="module")
def publication():
    return publication_for(load_project(REPO))


def test_libreoffice_finds_every_field_in_the_protected_form(filled) -> None:
    _, reports = filled
    for name, report in reports.items():
        assert report["protected_for_forms"] is True
        labels = [label for label, _ in report["fields"]]
        assert labels[:5] == ["Name", "Organisation", "Role", "Email", "Telephone"], name
        assert labels[5] == "confidential"
        assert labels[6].startswith("If all or part")
        assert labels[7:] == ["Your response to Firmware Q1", "Your response to Firmware Q2"]
    assert all(done for _, done in reports["lo-part.docx"]["fields"])


def test_every_answer_typed_in_libreoffice_is_collated(filled, publication) -> None:
    folder, _ = filled
    collation = collate(folder, publication)
    assert collation.skipped == ()
    responses = {r.file: r for r in collation.responses}
    assert sorted(responses) == sorted(FORMS)

    part = responses["lo-part.docx"]
    fields = FORMS["lo-part.docx"]["fields"]
    assert part.name == fields["Name"]
    assert part.organisation == fields["Organisation"]
    assert part.role == fields["Role"]
    assert part.email == fields["Email"]
    assert part.telephone == fields["Telephone"]
    assert part.confidentiality == "part"
    assert part.confidentiality_reason == fields["If all or part"]
    assert dict(part.answers) == {
        "early-firmware": fields["Your response to Firmware Q1"],  # the line break survives
        "redesignation-date": fields["Your response to Firmware Q2"],
    }
    assert any("titles" in note for note in part.notes)
    assert not part.publishable

    none = responses["lo-none.docx"]
    assert none.confidentiality == "none"
    assert none.role == ""  # a field left alone still holds its prompt: read as empty
    assert dict(none.answers) == {
        "redesignation-date": FORMS["lo-none.docx"]["fields"]["Your response to Firmware Q2"]
    }
    assert none.publishable


def test_libreoffice_forms_in_the_outputs(filled, publication, tmp_path) -> None:
    folder, _ = filled
    write_collation(collate(folder, publication), tmp_path)
    full = (tmp_path / "collation.html").read_text()
    public = (tmp_path / "collation-publishable.html").read_text()
    csv_text = (tmp_path / "responses.csv").read_text("utf-8-sig")
    assert "LO-SECRET" in full
    assert "LO-PUBLIC" in full
    assert "LO-SECRET" not in public
    assert "LO-PUBLIC" in public
    assert "Open Meters plc" in public
    assert "Analytical Engines" not in public
    assert "'=HYPERLINK(" in csv_text
    assert "Our costs are £12,000 per “batch”." in csv_text
