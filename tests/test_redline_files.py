"""tmad redline OLD.docx NEW.docx: two files compared with no project, as clause-aware as a
redline between versions (the same summary, renumbering and moves as the project's own),
in every format; bad requests are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.docx_text import attribute, body, find
from tests.test_import_akn import PROJECTS
from tmad import render
from tmad.diff.compose import chain
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project


def _files(
    root: Path, tmp_path: Path, count: int = 2, form: str = "docx"
) -> tuple[list[str], list[Path]]:
    project = load_project(root)
    numbers = list(project.editions)[:count]
    paths = []
    for number in numbers:
        path = tmp_path / f"v{number}.{'xml' if form == 'akn' else form}"
        path.write_bytes(render.render(VersionProduct(project.edition(number)), form))
        paths.append(path)
    return numbers, paths


@pytest.mark.parametrize("form", ["docx", "akn"])
@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_two_files_give_the_projects_own_redline(
    root: Path, form: str, tmp_path: Path, tmad
) -> None:
    numbers, paths = _files(root, tmp_path, form=form)
    out = tmp_path / "out.json"
    result = tmad("redline", *map(str, paths), "--format", "json", "-o", str(out))
    assert result.code == 0, result.err
    project = load_project(root)
    expected = render.render(RedlineProduct(chain([project.edition(n) for n in numbers])), "json")
    got, want = json.loads(out.read_bytes()), json.loads(expected)
    assert got["summary"] == want["summary"]
    changed = [
        [(c["kinds"], c["old_number"], c["new_number"]) for c in d["clauses"]] for d in (got, want)
    ]
    assert changed[0] == changed[1]


def test_a_chain_of_files_and_every_format(tmp_path: Path, tmad, monkeypatch) -> None:
    _, paths = _files(REPO, tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    for fmt in ("html", "docx", "pdf"):
        result = tmad("redline", *map(str, paths), "--format", fmt, "--date", "2020-07-01")
        assert result.code == 0, result.err
    name = "v5.2_redline_against_v5.0"
    document = body((tmp_path / f"{name}.docx").read_bytes())
    revisions = find(document, "//w:ins | //w:del")
    assert {r.tag.split("}")[1] for r in revisions} == {"ins", "del"}
    assert {attribute(r, "date")[:10] for r in revisions} == {"2020-07-01"}
    assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    assert "v5.1.docx" in (tmp_path / f"{name}.html").read_text()  # each step named by its file


def test_bad_requests_are_one_line_errors(tmp_path: Path, tmad) -> None:
    missing = tmad("redline", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"))
    assert missing.code == 2
    assert "no such file" in missing.err
    garbage = tmp_path / "x.docx"
    garbage.write_bytes(b"not a zip")
    _, paths = _files(REPO, tmp_path, 1)
    bad = tmad("redline", str(paths[0]), str(garbage))
    assert bad.code != 0
    assert str(garbage) in bad.err
    assert "Traceback" not in bad.err
    mixed = tmad("redline", str(paths[0]), str(tmp_path / "x.xml"))
    assert mixed.code == 2
    (tmp_path / "x.xml").write_text("<x/>")
    mixed = tmad("redline", str(paths[0]), str(tmp_path / "x.xml"))
    assert mixed.code == 2
    assert "compare Akoma Ntoso files with Akoma Ntoso files" in mixed.err
    dated = tmad("--project", str(REPO), "redline", "5.1", "5.2", "--date", "2020-01-01")
    assert dated.code == 2
    assert "--date is for files" in dated.err
    assert not list(tmp_path.glob("*_redline_against_*"))
