"""A Word file tmad did not write imports: LibreOffice turns a short set of regulations
(HTML headings and ordered lists) into a DOCX with Word's automatic numbering, headings
"PART 1 General" and "1. Citation" with their numbers typed, and lists numbered "1.",
"a.", "i." by numbering.xml. tmad infers the scheme, computes every label as Word shows it,
nests (i) under (b), and keeps every word."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import run
from tmad.cli import main
from tmad.project import load_project
from tmad.showtext import edition_markdown

REGULATIONS = """\
<html><body>
<h1>PART 1 General</h1>
<h2>1. Citation</h2>
<ol><li>These Regulations may be cited as the Test Regulations.</li>
<li>They come into force on 1 October 2026.</li></ol>
<h2>2. Duties</h2>
<p>A supplier must—</p>
<ol type="a"><li>keep records; and</li>
<li>report each month, stating—
<ol type="i"><li>the number of meters; and</li><li>the number of faults.</li></ol></li></ol>
<h1>PART 2 Enforcement</h1>
<h2>3. Penalties</h2>
<p>A supplier who fails to comply commits an offence.</p>
</body></html>
"""

EXPECTED = """\
## PART 1 General

### 1. Citation

(1) These Regulations may be cited as the Test Regulations.
(2) They come into force on 1 October 2026.

### 2. Duties

A supplier must—
(a) keep records; and
(b) report each month, stating—
    (i) the number of meters; and
    (ii) the number of faults.

## PART 2 Enforcement

### 3. Penalties

A supplier who fails to comply commits an offence.
"""


def test_a_libreoffice_docx_with_automatic_numbering_imports(tmp_path: Path) -> None:
    html = tmp_path / "regs.html"
    html.write_text(REGULATIONS, encoding="utf-8")
    profile = tmp_path / "profile"
    run(
        "soffice", "--headless", f"-env:UserInstallation=file://{profile}",
        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(html),
    )  # fmt: skip
    docx = tmp_path / "regs.docx"
    assert b"word/numbering.xml" in docx.read_bytes()  # the labels are Word's, not typed
    project = tmp_path / "p"
    assert main(["init", str(project), "--title", "Test Regulations"]) == 0
    assert main(["--project", str(project), "import", str(docx), "--version", "1.0"]) == 0
    shown = edition_markdown(load_project(project).edition("1.0"))
    assert shown.split("\n", 4)[4].rstrip("\n") + "\n" == EXPECTED
