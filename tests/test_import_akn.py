"""tmad import of Akoma Ntoso: every version of the corpus and of every example, exported and
imported into a new project in lineage order (the first whole, the others as changes against
their base), reads back as the same consolidated text and gives the same redlines; hostile
or foreign files are refused with the file and line named, and nothing is created."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tmad import render
from tmad.products import VersionProduct
from tmad.project import load_project

PROJECTS = [REPO, *sorted(p for p in (REPO / "examples").iterdir() if (p / "clauses").is_dir())]


def _empty_project(source: Path, target: Path) -> Path:
    (target / "clauses").mkdir(parents=True)
    text = (source / "clauses" / "document.yaml").read_text()
    text = re.sub(r"(?ms)^redline_chains:\n(  - .*?\n)+", "", text)
    (target / "clauses" / "document.yaml").write_text(text)
    return target


def _texts(project, number: str) -> list[tuple]:
    edition = project.edition(number)
    return [(c.id, c.number, c.heading, [b.plain() for b in c.body]) for c in edition.clauses()] + [
        (s.id, s.level, s.number, s.heading) for s in edition.sections
    ]


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_export_then_import_gives_every_version_back(root: Path, tmp_path: Path, tmad) -> None:
    original = load_project(root)
    target = _empty_project(root, tmp_path / "imported")
    for number, edition in original.editions.items():
        version = edition.version
        exported = tmp_path / f"{number}.xml"
        exported.write_bytes(render.render(VersionProduct(edition), "akn"))
        args = ["--project", str(target), "import", str(exported), "--version", number]
        args += ["--date", version.date.isoformat(), "--status", version.status]
        if version.base:
            args += ["--base", version.base]
        result = tmad(*args)
        assert result.code == 0, result.err
        written = "changes.md" if version.base else ".md"
        assert any(line.endswith(written) for line in result.out.splitlines())
    imported = load_project(target)
    for number in original.editions:
        assert _texts(imported, number) == _texts(original, number), number
    numbers = list(original.editions)
    for old, new in itertools.pairwise(numbers):
        if original.document.version(new).base != old:
            continue
        summaries = []
        for project in (original, imported):
            data = render.render(_redline(project, old, new), "json")
            summaries.append(json.loads(data)["summary"])
        assert summaries[0] == summaries[1], (old, new)


def _redline(project, old: str, new: str):
    from tmad.diff.compose import chain
    from tmad.products import RedlineProduct

    return RedlineProduct(chain([project.edition(old), project.edition(new)]))


def test_import_writes_citations_as_ids(tmp_path: Path, tmad) -> None:
    target = _empty_project(REPO, tmp_path / "p")
    exported = tmp_path / "v.xml"
    exported.write_bytes(render.render(VersionProduct(load_project(REPO).edition("5.0")), "akn"))
    assert tmad("--project", str(target), "import", str(exported), "--version", "5.0").code == 0
    text = "".join(p.read_text() for p in sorted((target / "clauses" / "5.0").glob("*.md")))
    assert "Clause [[epcl-upgrade-paths]]" in text
    # Only a citation read as another instrument's ("Clause 3.12 of the DMCs") stays literal.
    assert re.findall(r"Clause \d+\.\d+\b(?! of)", text) == []


HOSTILE = {
    "doctype": (
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&x;</akomaNtoso>',
        "DOCTYPE",
    ),
    "laughs": (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<l>&b;</l>",
        "DOCTYPE",
    ),
    "namespace": (
        '<akomaNtoso xmlns="http://example.com/other"><act/></akomaNtoso>',
        "not Akoma Ntoso 3.0",
    ),
    "not-xml": ("this is not XML at all", "v.xml"),
    "outside": (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
        '<section eId="sec_1"><num>1</num><heading>One</heading><content><p>Text.</p>'
        "</content></section><p>Loose text.</p></body></act></akomaNtoso>",
        "outside any <section>",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_foreign_akn_is_refused_and_nothing_is_created(
    case: str, tmp_path: Path, tmad
) -> None:
    text, expected = HOSTILE[case]
    target = _empty_project(REPO / "examples" / "us-code", tmp_path / "p")
    path = tmp_path / "v.xml"
    path.write_text(text)
    result = tmad("--project", str(target), "import", str(path), "--version", "1.0")
    assert result.code in (1, 2), result.err
    assert expected in result.err
    assert "v.xml" in result.err
    assert sorted(p.name for p in (target / "clauses").iterdir()) == ["document.yaml"]


def test_a_version_that_exists_is_not_overwritten(tmp_path: Path, tmad) -> None:
    exported = tmp_path / "v.xml"
    exported.write_bytes(render.render(VersionProduct(load_project(REPO).edition("5.0")), "akn"))
    result = tmad("--project", str(REPO), "import", str(exported), "--version", "5.0")
    assert result.code == 2
    assert "already exists" in result.err


def test_a_version_number_that_is_not_one_is_refused(tmp_path: Path, tmad) -> None:
    target = _empty_project(REPO, tmp_path / "p")
    exported = tmp_path / "v.xml"
    exported.write_bytes(render.render(VersionProduct(load_project(REPO).edition("5.0")), "akn"))
    result = tmad("--project", str(target), "import", str(exported), "--version", "../../x")
    assert result.code == 2
    assert "should look like 5.4" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "v.xml"]
