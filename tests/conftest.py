"""Shared fixtures: the example corpus, small source trees copied into tmp dirs, the CLI."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tmad.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def tmad(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the tmad CLI in-process and capture its output."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of the minimal two-version project."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The example corpus: this repository's own sources (never written to)."""
    return REPO


@pytest.fixture(scope="session")
def publication():
    """The corpus's publication that has a response template (early firmware)."""
    from tmad.project import load_project
    from tmad.responses import publication_for

    return publication_for(load_project(REPO))


@pytest.fixture(scope="session")
def template_docx(publication) -> bytes:
    """The response template as tmad builds it, in DOCX."""
    from tmad import render
    from tmad.products import ResponseTemplateProduct

    return render.render(ResponseTemplateProduct(publication), "docx")


@pytest.fixture(scope="session")
def template_pdf(publication) -> bytes:
    """The response template as tmad builds it, in PDF."""
    from tmad import render
    from tmad.products import ResponseTemplateProduct

    return render.render(ResponseTemplateProduct(publication), "pdf")


def tree_digest(root: Path) -> dict[str, str]:
    """The sha256 of every file under root, to prove sources were not modified."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def assert_unreadable(text: str, message: str, line: int) -> None:
    """A clause source is refused with ``message`` naming ``line``, and ``tmad check``
    (which collects problems and reads on) reports that one error, at that line."""
    from tmad.clausesyntax import parse
    from tmad.errors import UnreadableSource

    with pytest.raises(UnreadableSource) as caught:
        parse(text, "bad.md")
    assert message in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.line == line
    problems: list[UnreadableSource] = []
    parse(text, "bad.md", problems=problems)
    assert [(p.message, p.location.line if p.location else 0) for p in problems] == [
        (caught.value.message, line)
    ]
