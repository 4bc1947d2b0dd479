"""End-to-end fixtures: one full build of the example corpus, shared by every e2e test.

Every test in tests/e2e is marked ``e2e`` (run by ``nox -s e2e``, never by ``nox -s tests``).
The tools are checked by the nox session before pytest starts; a missing one fails
here too, by name, rather than skipping.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tmad.cli import main

REPO = Path(__file__).resolve().parents[2]
TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "chromium", "java")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(Path(__file__).resolve().parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"e2e needs {', '.join(missing)}: install them with .ci/install-system-packages",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    code = main(["--project", str(REPO), "build", "-q", "-o", str(out)])
    assert code == 0
    return out


@pytest.fixture(scope="session")
def example_builds(tmp_path_factory) -> dict[str, Path]:
    """Each project in examples/ built once: name -> its build directory."""
    root = tmp_path_factory.mktemp("examples")
    builds = {}
    for project in sorted((REPO / "examples").iterdir()):
        if (project / "clauses").is_dir():
            out = root / project.name
            assert main(["--project", str(project), "build", "-q", "-o", str(out)]) == 0
            builds[project.name] = out
    return builds


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a client, failing the test with its output when it fails."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr[-2000:]}"
    return result
