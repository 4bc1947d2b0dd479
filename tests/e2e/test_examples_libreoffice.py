"""The examples' redlines in LibreOffice: accepting every change gives the newest version and
rejecting every change the oldest, words, labels and levels (paragraph styles) alike, through
relabelling, re-nesting (w:pPrChange), insertions without renumbering, quoted structure and
table rows changed, inserted and deleted (w:trPr)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, run
from tests.editions import shown_notes
from tmad.cli import main
from tmad.project import load_project

UNO_SCRIPT = Path(__file__).resolve().parent / "lo_revisions.py"
EXAMPLES = REPO / "examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "clauses").is_dir())


def _expected(name: str, version: str) -> list[str]:
    """The version's body as "level|text" lines: headings at level 0."""
    edition = load_project(EXAMPLES / name).edition(version)
    scheme = edition.document.scheme
    from tmad.render.structure import edition_view

    lines = []
    for view in edition_view(edition):
        section = view["section"]
        if view["shown"]:
            number = f"{view['before']}{section.number}{view['after']}"
            lines.append(f"0|{number} {section.heading}")
        for item in view["clauses"]:
            clause = item["clause"]
            number = f"{item['before']}{clause.number}{item['after']}"
            lines.append(f"0|{number} {clause.heading}".rstrip())
            for block in item["blocks"]:
                b = block["block"]
                text = shown_notes(b)
                lines.append(f"{b.level}|{block['open']}{text}{block['close']}")
    del scheme
    return [_normal(line) for line in lines]


def _normal(line: str) -> str:
    level, _, text = line.partition("|")
    return f"{level}|{' '.join(text.split())}"


def _libreoffice(action: str, path: Path) -> list[str]:
    options = ("--styles", "--rows")
    output = run("/usr/bin/python3", str(UNO_SCRIPT), action, str(path), *options).stdout
    lines = []
    for line in output.split("\n")[1:]:
        style, _, text = line.partition("\t")
        if not text.strip():
            continue
        level = int(style.removeprefix("TMAD Level ")) if style.startswith("TMAD Level") else 0
        lines.append(_normal(f"{level}|{text}"))
    return lines


@pytest.mark.parametrize("name", NAMES)
def test_example_redline_accept_and_reject_in_libreoffice(name: str, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert main(["--project", str(EXAMPLES / name), "build", "-o", str(out), "-q"]) == 0
    versions = list(load_project(EXAMPLES / name).editions)
    docx = sorted((out / "redlines").glob("*.docx"))
    assert len(docx) == len(versions) - 1
    path = docx[-1]
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = _expected(name, version)
        got = _libreoffice(action, path)
        assert got[-len(expected) :] == expected, (action, version)


@pytest.mark.parametrize("name", NAMES)
def test_word_to_word_redline_accept_and_reject_in_libreoffice(name: str, tmp_path: Path) -> None:
    """tmad redline OLD.docx NEW.docx, with no project: accept-all is NEW, reject-all OLD."""
    from tmad import render
    from tmad.products import VersionProduct

    project = load_project(EXAMPLES / name)
    versions = list(project.editions)
    files = []
    for number in (versions[0], versions[-1]):
        path = tmp_path / f"{number}.docx"
        path.write_bytes(render.render(VersionProduct(project.edition(number)), "docx"))
        files.append(str(path))
    out = tmp_path / "redline.docx"
    assert main(["redline", *files, "--format", "docx", "-o", str(out)]) == 0
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = _expected(name, version)
        got = _libreoffice(action, out)
        assert got[-len(expected) :] == expected, (action, version)
