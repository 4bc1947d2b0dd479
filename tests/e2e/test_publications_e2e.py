"""The consultation through real clients: pdftotext words against the seed; LibreOffice's view."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from tests.e2e.conftest import run
from tests.seed import differences, seed_text, words

FOLDER = "early-firmware"
NAME = "Early_Firmware_Consultation_issued"
HEADER = "A consultation on changes to the SMETS1 Transition and Migration Approach Document (TMAD)"
FOOTER = re.compile(r"^DCC Public\s+Page \d+ of \d+$")
NOTE = re.compile(r"^(\d)\. (https?://|DCC concluded)")


def _lines(page: str) -> list[str]:
    """A page's lines, with a web address that wrapped at a hyphen joined up again."""
    out: list[str] = []
    for raw in page.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if out and out[-1].endswith("-") and "/" in out[-1].split()[-1]:
            out[-1] += line
        else:
            out.append(line)
    return out


def _pdf_words(path: Path) -> tuple[list[str], list[str]]:
    """Body words and footnote texts from pdftotext, page furniture and contents left out."""
    body: list[str] = []
    footnotes: list[str] = []
    for page in run("pdftotext", "-layout", str(path), "-").stdout.split("\f"):
        lines = _lines(page)
        while lines and (lines[0].startswith(HEADER[:40]) or lines[0] == "DCC Public"):
            lines.pop(0)  # running header and classification at the top of the page
        while lines and (FOOTER.match(lines[-1]) or lines[-1] == "DCC Public"):
            lines.pop()  # classification and page number at the foot
        in_notes = False
        for line in lines:
            if NOTE.match(line):
                in_notes = True
                footnotes.append(line.split(". ", 1)[1])
            elif in_notes:
                footnotes[-1] += " " + line
            else:
                body.append(line)
    start = body.index("Table of Contents")
    end = next(i for i in range(start + 1, len(body)) if body[i] == "1. Introduction and Context")
    words = " ".join(body[:start] + body[end:]).split()
    return [w for w in words if w not in ("•", "◦", "▪")], footnotes


def test_pdf_words_match_the_seed(build_dir: Path) -> None:
    body, notes = _pdf_words(build_dir / FOLDER / f"{NAME}.pdf")
    seed_body, seed_notes = seed_text()
    # WeasyPrint writes a footnote call as a digit stuck to its word ("Code1")
    body = [re.sub(r"^(Code|\(Secure\))(\d)$", r"\1 \2", word) for word in body]
    body = " ".join(body).split()
    ratio, unexplained = differences(body, words(seed_body))
    assert unexplained == []
    assert ratio >= 0.99  # ~2,400 words, 14 changed by the corrections
    assert [" ".join(n.split()) for n in notes] == seed_notes


def test_libreoffice_sees_outline_footnotes_and_tables(build_dir: Path, tmp_path: Path) -> None:
    docx = build_dir / FOLDER / f"{NAME}.docx"
    run(
        "soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
        "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx), timeout=300,
    )  # fmt: skip
    pdf = tmp_path / f"{NAME}.pdf"
    text = run("pdftotext", "-layout", str(pdf), "-").stdout
    assert "Table 1 - Attachments" in text
    assert "Firmware Q1" in text
    assert "Firmware Q2" in text
    assert "DCC concluded on the TMAD for MOC (Secure) on 30 June 2020" in text  # a footnote
    # the contents as Word shows them without refreshing a field: one line per section
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("Table of Contents") + 1
    assert lines[start : start + 6] == [
        "1. Introduction and Context", "2. Early Firmware Updates for Dormant Devices",
        "3. Next Steps", "4. How to Respond", "5. Attachments", "Attachment 1",
    ]  # fmt: skip
    with pikepdf.open(pdf) as document:
        outline = [item.title for item in document.open_outline().root]
    assert outline[:2] == [
        "SMETS1 Consultation on Early Firmware Updates",
        "Table of Contents",
    ] or ("1. Introduction and Context" in outline)
    assert "2. Early Firmware Updates for Dormant Devices" in outline
    assert "Attachment 1" in outline
