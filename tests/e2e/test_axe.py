"""Every HTML page tmad makes, checked with axe-core in headless Chromium: no violations.

The pages: the whole build of the example corpus (versions, redlines, amendments, the
consultation, the draft direction, index.html) and of each project in examples/; the
response template's page (the PDF form's page, not published as HTML); both collation
pages, of forms filled in as in test_responses.py; and the chained redline with changed
clauses only. ``.ci/axe/run-axe.js`` opens them all in one headless Chromium (Debian's,
driven by puppeteer-core), injects axe-core and runs the WCAG 2.0 and 2.1 A and AA rules
and axe's best practices. axe-core and puppeteer-core come from ``.ci/install-axe``
(``npm ci`` from ``.ci/axe/package-lock.json``); without them the test fails, never skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO
from tests.forms import write_forms
from tmad import render
from tmad.cli import main
from tmad.products import ResponseTemplateProduct
from tmad.responses import collate, write_collation

AXE = REPO / ".ci" / "axe"
SCRIPT = AXE / "run-axe.js"
EXAMPLES = REPO / "examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "clauses").is_dir())
FORM = Path("early-firmware", "Early_Firmware_Response_Template")


def _pinned(package: str) -> str:
    return json.loads((AXE / "package.json").read_text())["dependencies"][package]


@pytest.fixture(scope="session", autouse=True)
def node() -> str:
    """node, with the pinned axe-core and puppeteer-core installed in .ci/axe/node_modules."""
    found = shutil.which("node")
    missing = [] if found else ["node (Debian: nodejs)"]
    for package in ("axe-core", "puppeteer-core"):
        installed = AXE / "node_modules" / package / "package.json"
        if not installed.is_file():
            missing.append(f"{package} {_pinned(package)} in {AXE.relative_to(REPO)}/node_modules")
        elif json.loads(installed.read_text())["version"] != _pinned(package):
            missing.append(f"{package} {_pinned(package)} (another version is installed)")
    if missing or found is None:
        pytest.fail(
            f"the axe-core check needs {', '.join(missing)}: run .ci/install-axe", pytrace=False
        )
    return found


@pytest.fixture(scope="module")
def pages(
    build_dir: Path, example_builds: dict[str, Path], publication, tmp_path_factory
) -> list[Path]:
    """Every HTML page: the corpus's build, the examples' builds and the pages made apart."""
    assert sorted(example_builds) == NAMES
    root = tmp_path_factory.mktemp("axe-pages")
    extra = root / "extra"
    extra.mkdir()
    page = render.render(ResponseTemplateProduct(publication), "html")
    (extra / f"{FORM.name}.html").write_bytes(page)
    changed = extra / "TMAD_redline_changed_only.html"
    args = ["--project", str(REPO), "redline", "5.1", "5.2", "5.3", "--format", "html"]
    assert main([*args, "--context", "changed", "-o", str(changed)]) == 0
    forms = root / "returned"
    docx, pdf = ((build_dir / FORM).with_suffix(s).read_bytes() for s in (".docx", ".pdf"))
    write_forms(forms, docx, pdf)
    write_collation(collate(forms, publication), root / "collation")
    examples = [page for name in NAMES for page in sorted(example_builds[name].rglob("*.html"))]
    return sorted(build_dir.rglob("*.html")) + examples + sorted(root.rglob("*.html"))


@pytest.fixture(scope="module")
def results(node: str, pages: list[Path]) -> list[dict]:
    """axe-core's findings, page by page, from one browser."""
    result = subprocess.run(
        [node, str(SCRIPT), *map(str, pages)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"run-axe.js failed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


def test_every_kind_of_page_is_checked(pages: list[Path], results: list[dict]) -> None:
    names = [page.name for page in pages]
    for wanted in (
        "index.html", "TMAD_v5.3.html", "TMAD_v5.3_redline_against_v5.2.html",
        "TMAD_redline_v5.1_to_v5.2_to_v5.3.html", "TMAD_v5.3_amendments_to_v5.2.html",
        "Early_Firmware_Consultation_issued.html", "Early_Firmware_Draft_Direction.html",
        f"{FORM.name}.html", "collation.html", "collation-publishable.html",
        "TMAD_redline_changed_only.html",
    ):  # fmt: skip
        assert wanted in names, f"{wanted} was not built"
    assert names.count("index.html") == 1 + len(NAMES)
    assert [r["page"] for r in results] == [str(page) for page in pages]
    assert {r["engine"]["version"] for r in results} == {_pinned("axe-core")}
    assert all(r["passes"] > 10 for r in results), "axe-core ran no rules on some page"


def test_no_page_has_an_axe_violation(results: list[dict]) -> None:
    problems = []
    for result in results:
        for violation in result["violations"]:
            for node in violation["nodes"]:
                # a selector, or a list of them for an element inside a frame or shadow root
                parts = node["target"]
                target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in parts)
                problems.append(
                    f"{Path(result['page']).name}: {violation['id']} ({violation['impact']}) "
                    f"at {target}: {violation['help']}\n    {node['html'][:200]}"
                )
    assert not problems, f"{len(problems)} axe-core violations:\n" + "\n".join(problems)
