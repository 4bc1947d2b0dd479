"""DOCX in LibreOffice: every file opens and converts; redlines accept and reject exactly."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, run
from tmad.cli import main
from tmad.project import load_project

UNO_SCRIPT = Path(__file__).resolve().parent / "lo_revisions.py"


def _lines(version: str) -> list[str]:
    project = load_project(REPO)
    edition = project.edition(version)
    lines = []
    for section in edition.sections:
        lines.append(f"{section.number} {section.heading}")
        for clause in section.clauses:
            lines.append(f"{clause.number} {clause.heading}")
            lines.extend(block.plain() for block in clause.body)
    return [" ".join(line.split()) for line in lines]


def _libreoffice_text(action: str, path: Path) -> tuple[int, list[str], bool]:
    output = run("/usr/bin/python3", str(UNO_SCRIPT), action, str(path)).stdout.split("\n")
    _, count, _, recording = output[0].split()
    lines = [" ".join(line.split()) for line in output[1:] if line.strip()]
    return int(count), lines, recording == "True"


def test_every_docx_converts_to_pdf(build_dir: Path, tmp_path: Path) -> None:
    docx = sorted(build_dir.rglob("*.docx"))
    assert len(docx) >= 8
    profile = tmp_path / "profile"
    run(
        "soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
        "--outdir", str(tmp_path), *map(str, docx), timeout=600,
    )  # fmt: skip
    for path in docx:
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
        pages = int(
            next(
                line.split()[-1]
                for line in run("pdfinfo", str(pdf)).stdout.splitlines()
                if line.startswith("Pages:")
            )
        )
        assert pages >= 1
        text = run("pdftotext", "-layout", str(pdf), "-").stdout
        assert "DCC Public" in text


REDLINES = [("5.0", "5.1"), ("5.1", "5.2"), ("5.2", "5.3"), ("5.1", "5.3")]


@pytest.mark.parametrize(("old", "new"), REDLINES)
def test_redline_accept_all_and_reject_all(build_dir: Path, old: str, new: str) -> None:
    manifest = json.loads((build_dir / "manifest.json").read_text())
    docx = [
        o["path"] for o in manifest["outputs"] if o["kind"] == "redline" and o["format"] == "docx"
    ]
    name = (
        f"TMAD_v{new}_redline_against_v{old}.docx"
        if (old, new) != ("5.1", "5.3")
        else "TMAD_redline_v5.1_to_v5.2_to_v5.3.docx"
    )
    assert f"redlines/{name}" in docx
    path = build_dir / "redlines" / name
    count, accepted, recording = _libreoffice_text("accept", path)
    assert count > 0
    assert recording  # a reviewer's own edits are tracked too
    expected = _lines(new)
    assert accepted[-len(expected) :] == expected
    _, rejected, _ = _libreoffice_text("reject", path)
    expected = _lines(old)
    assert rejected[-len(expected) :] == expected


def test_redline_comments_are_comments_in_libreoffice(tmp_path: Path) -> None:
    """``tmad redline --comments``: LibreOffice (its command-line conversion: loading through
    UNO crashes 7.4 on any comment, hence the option) reads each reason as a comment by the
    step's author on the clause heading."""
    out = tmp_path / "redline.docx"
    args = ["--project", str(REPO), "redline", "5.2", "5.3", "--format", "docx"]
    assert main([*args, "--comments", "-o", str(out)]) == 0
    profile = tmp_path / "profile"
    run(
        "soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "odt",
        "--outdir", str(tmp_path), str(out), timeout=300,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "redline.odt") as package:
        content = package.read("content.xml").decode()
    notes = re.findall(
        r"<office:annotation [^>]*><dc:creator>([^<]*)</dc:creator>.*?<text:p>([^<]*)", content
    )
    assert [(author, text[:23]) for author, text in notes] == [
        ("DCC (v5.3)", "The new Clause 4.26(c) "),
        ("DCC (v5.3)", "To expedite the migrati"),
    ]
