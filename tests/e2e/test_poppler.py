"""PDFs through poppler and pikepdf: text present, tagged, language and metadata, fonts embedded."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from tests.e2e.conftest import REPO, run
from tmad.project import load_project


def _info(path: Path) -> dict[str, str]:
    out = run("pdfinfo", str(path)).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_every_pdf_is_tagged_titled_and_embeds_its_fonts(build_dir: Path) -> None:
    pdfs = sorted(build_dir.rglob("*.pdf"))
    assert len(pdfs) >= 8
    for path in pdfs:
        info = _info(path)
        assert info["Tagged"] == "yes", path.name
        assert info["Page size"].startswith("595.276 x 841.89"), path.name  # A4
        assert info["Title"], path.name
        assert info["Author"], path.name
        assert info["Subject"], path.name
        fonts = run("pdffonts", str(path)).stdout.splitlines()[2:]
        assert fonts, path.name
        assert all(line.split()[-5] == "yes" for line in fonts), f"{path.name}: font not embedded"
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            assert pdf.Root.MarkInfo.Marked
            with pdf.open_metadata() as meta:
                assert meta["pdfuaid:part"] == "1"


def test_version_pdf_carries_every_word(build_dir: Path) -> None:
    project = load_project(REPO)
    edition = project.edition("5.3")
    text = " ".join(
        run("pdftotext", str(build_dir / "versions" / "TMAD_v5.3.pdf"), "-").stdout.split()
    )
    for clause in edition.clauses():
        for block in clause.body:
            # words, not line breaks: a paragraph may wrap across lines and pages
            for word in block.plain().split():
                assert word in text, (clause.number, word)


def test_redline_pdf_has_running_header_and_page_numbers(build_dir: Path) -> None:
    path = build_dir / "redlines" / "TMAD_v5.2_redline_against_v5.1.pdf"
    pages = run("pdftotext", "-layout", str(path), "-").stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert "TMAD v5.2 marked against v5.1" in page
        assert "DCC Public" in page
        assert f"Page {number} of {total}" in page
