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
from tmad.consolidate import consolidate
from tmad.diff.compose import chain
from tmad.editionjson import edition_json
from tmad.importing.akn import akn_seen
from tmad.importing.builder import Builder
from tmad.importing.compare import compared
from tmad.importing.infer import infer_scheme, merged, relevel
from tmad.importing.run import read_events, run_import
from tmad.model import Edition
from tmad.numbering import number as numbered
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project
from tmad.scaffold import init_project
from tmad.showtext import edition_markdown


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


@pytest.mark.parametrize("form", ["docx", "akn", "txt"])
@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_files_compared_in_memory_are_the_files_imported(
    root: Path, form: str, tmp_path: Path
) -> None:
    """The direct comparison reads each file as ``tmad import`` reads it and holds it in
    memory: its versions are exactly what importing the files into a project (the scheme
    declared, each file a version on the one before) writes, proves and loads back, and so
    is its redline, byte for byte."""
    numbers, paths = _files(root, tmp_path, form="docx" if form == "txt" else form)
    if form == "txt":
        project = load_project(root)
        paths = [_printed(project.edition(number), tmp_path) for number in numbers]
    files = compared(paths, "2026-01-01")
    names = " and ".join(str(p) for p in paths)
    if form == "akn":
        numbering, _ = infer_scheme(merged([akn_seen(p) for p in paths]), names)
    else:
        events = [e for p in paths for e in read_events(p, False)[0]]
        numbering, _ = infer_scheme(Builder(names, None, relevel(events, None)).build().seen, names)
    project_root = tmp_path / "imported"
    init_project(
        project_root, f"{paths[-1].stem} compared", owner="tmad redline", numbering=numbering
    )
    for index, path in enumerate(paths, 1):
        base = str(index - 1) if index > 1 else None
        run_import(
            project_root, path, str(index), base, path.name, path.name, "2026-01-01", "draft",
            False,
        )  # fmt: skip
    project = load_project(project_root)
    imported = [project.edition(str(i)) for i in range(1, len(paths) + 1)]
    assert [edition_json(e) for e in files.editions] == [edition_json(e) for e in imported]
    for edition, other in zip(files.editions, imported, strict=True):  # references by id too
        held = [numbered(consolidate(e.document, e.version.number)) for e in (edition, other)]
        assert edition_json(held[0]) == edition_json(held[1])
    for fmt in ("json", "docx"):
        ours = render.render(RedlineProduct(chain(files.editions)), fmt)
        assert ours == render.render(RedlineProduct(chain(imported)), fmt)


def _printed(edition: Edition, folder: Path) -> Path:
    """An edition as text laid out the way legislation is printed (``tmad show`` without the
    heading marks), as ``tmad import`` reads text."""
    shown = edition_markdown(edition)
    lines = (
        line.lstrip("#").lstrip() if line.startswith("#") else line for line in shown.split("\n")
    )
    path = folder / f"v{edition.version.number}.txt"
    path.write_text("\n".join(lines), "utf-8")
    return path


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
