"""tmad init, and a first import that infers the numbering scheme: tmad's own DOCX of every
version of the examples (and the TMAD) imports into an empty project with the same text and,
version after version, the same redlines; text laid out as legislation is printed (and as
``tmad show`` prints it) imports the same way; a redline DOCX reads back as its newest
version, or with --reject its oldest; what cannot be inferred is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_import_akn import PROJECTS
from tmad import render
from tmad.diff.compose import chain
from tmad.importing.builder import Builder
from tmad.importing.infer import infer_scheme, relevel
from tmad.importing.text import read_text_file
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project
from tmad.showtext import edition_markdown


def _plain(project, number: str) -> list[tuple]:
    """Each provision's number, heading and paragraphs (ids come from headings)."""
    edition = project.edition(number)
    return [
        (c.number, c.heading, [(b.level, b.label, b.quote, b.plain()) for b in c.body])
        for c in edition.clauses()
    ] + [(s.number, s.heading) for s in edition.sections]  # level names may differ


def _body(text: str) -> str:
    """``tmad show`` output without its title and status lines."""
    return text.split("\n", 3)[3]


def _init(tmad, path: Path) -> Path:
    result = tmad("init", str(path), "--title", "Imported")
    assert result.code == 0, result.err
    return path


def test_init_makes_a_project_ready_for_import(tmp_path: Path, tmad) -> None:
    project = _init(tmad, tmp_path / "new")
    text = (project / "clauses" / "document.yaml").read_text()
    assert 'title: "Imported"' in text
    assert "numbering:" not in text.replace("# numbering", "")
    again = tmad("init", str(project))
    assert again.code == 2
    assert "is a project already" in again.err
    bad = tmad("init", str(tmp_path / "other"), "--language", "english")
    assert bad.code == 2
    assert "language tag" in bad.err
    assert not (tmp_path / "other").exists()
    explicit = tmad("init", str(tmp_path / "tmad"), "--scheme", "tmad")
    assert explicit.code == 0
    assert "{parent}.{1}" in (tmp_path / "tmad" / "clauses" / "document.yaml").read_text()


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_every_version_docx_imports_into_an_empty_project(root: Path, tmp_path: Path, tmad) -> None:
    original = load_project(root)
    for number in list(original.editions)[: 2 if root == REPO else None]:
        target = _init(tmad, tmp_path / number)
        path = tmp_path / f"{number}.docx"
        path.write_bytes(render.render(VersionProduct(original.edition(number)), "docx"))
        result = tmad("--project", str(target), "import", str(path), "--version", number)
        assert result.code == 0, result.err
        described = (target / "clauses" / "document.yaml").read_text()
        assert "inferred by tmad import" in described
        assert "none declared yet" not in described
        imported = load_project(target)
        assert _plain(imported, number) == _plain(original, number)
        shown = [_body(edition_markdown(p.edition(number))) for p in (original, imported)]
        assert shown[0] == shown[1]  # numbers printed as the original scheme prints them


def test_a_later_version_outside_the_inferred_scheme_says_how_to_widen_it(
    tmp_path: Path, tmad
) -> None:
    """uk-si 1.0 numbers (1), (2), (3) in order; 1.1 inserts (2A) without renumbering."""
    original = load_project(REPO / "examples" / "uk-si")
    target = _init(tmad, tmp_path / "p")
    for number, extra in (("1.0", []), ("1.1", ["--base", "1.0"])):
        path = tmp_path / f"{number}.docx"
        path.write_bytes(render.render(VersionProduct(original.edition(number)), "docx"))
        result = tmad("--project", str(target), "import", str(path), "--version", number, *extra)
    assert result.code == 1
    assert "label (2A)" in result.err
    assert "'fixed: true' and an 'insert' style" in result.err
    assert not (target / "clauses" / "1.1").exists()


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_text_as_printed_imports(root: Path, suffix: str, tmp_path: Path, tmad) -> None:
    original = load_project(root)
    number = list(original.editions)[-1]
    shown = edition_markdown(original.edition(number))
    if suffix == ".txt":  # printed legislation: no Markdown heading marks
        shown = "\n".join(line.lstrip("#").lstrip() if line.startswith("#") else line
                          for line in shown.split("\n"))  # fmt: skip
    path = tmp_path / f"in{suffix}"
    path.write_text(shown)
    target = _init(tmad, tmp_path / "p")
    result = tmad("--project", str(target), "import", str(path), "--version", number)
    assert result.code == 0, result.err
    back = edition_markdown(load_project(target).edition(number))
    assert _body(back) == _body(edition_markdown(original.edition(number)))


def test_a_redline_docx_reads_back_as_its_newest_or_oldest_version(tmp_path: Path, tmad) -> None:
    original = load_project(REPO)
    editions = [original.edition(n) for n in ("5.1", "5.2", "5.3")]
    path = tmp_path / "redline.docx"
    path.write_bytes(render.render(RedlineProduct(chain(editions)), "docx"))
    for number, flags in (("5.3", []), ("5.1", ["--reject"])):
        target = _init(tmad, tmp_path / number)
        result = tmad("--project", str(target), "import", str(path), "--version", number, *flags)
        assert result.code == 0, result.err
        assert "tracked insertion by DCC (v5.3)" in result.err  # each author's revisions counted
        assert "Summary of changes" not in json.dumps(_plain(load_project(target), number))
        assert _plain(load_project(target), number) == _plain(original, number)


def _scheme(tmp_path: Path, text: str) -> str:
    path = tmp_path / "doc.txt"
    path.write_text(text)
    events = relevel(read_text_file(path), None)
    return infer_scheme(Builder(str(path), None, events).build().seen, str(path))[0]


def test_inference_keeps_what_the_text_shows(tmp_path: Path) -> None:
    text = """\
PART 1 General

1. Scope

(1) This applies.
(2) It applies—
    (a) here;
    (b) there; and
    (b-1) elsewhere.
(4) The rest.

PART 2 Other

2. Other

(1) Nothing.
"""
    yaml = _scheme(tmp_path, text)
    assert '{level: part, heading: required, number: "{1}", print: "PART {number}"' in yaml
    assert 'number: "{1}", count: document, print: "{number}."' in yaml  # 1, 2: through the text
    assert 'label: "(1)", fixed: true' in yaml  # (2) to (4): a gap, so the numbers are kept
    assert 'label: "(a)", insert: "-1"' in yaml  # (b-1) inserted


def test_what_cannot_be_inferred_or_read_is_a_clear_error(tmp_path: Path, tmad) -> None:
    target = _init(tmad, tmp_path / "p")
    cases = {
        "two orders": (
            "1 One\n\n1.1 A\n\n(a) x\n    (i) y\n\n1.2 B\n\n(i) x\n    (a) y\n",
            "the labels nest in more than one order",
        ),
        "indent": ("1 One\n\n1.1 A\n\n(a) x\n  (i) y\n", "line 6: indented 2 spaces"),
        "container text": ("PART 1 General\n\nStray text.\n\n1. Scope\n\nx\n", "line 3"),
        "no headings": ("just text\n", "no headings found"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text)
        result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
        assert result.code != 0, name
        assert message in result.err, (name, result.err)
        assert str(path) in result.err, (name, result.err)
        assert "Traceback" not in result.err
    binary = tmp_path / "latin.txt"
    binary.write_bytes("1 Caf\xe9\n".encode("latin-1"))
    result = tmad("--project", str(target), "import", str(binary), "--version", "1.0")
    assert result.code != 0
    assert "UTF-8" in result.err
    assert sorted(p.name for p in (target / "clauses").iterdir()) == ["document.yaml"]
    assert "none declared yet" in (target / "clauses" / "document.yaml").read_text()
