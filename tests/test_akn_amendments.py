"""Amendments in Akoma Ntoso: each version with a base carries ``passiveModifications`` from
the same comparison as its schedule of amendments, and the schedule is an amending act
(``mod``, ``quotedText``, ``quotedStructure``, ``activeModifications``), valid against the
official OASIS schema (strict), for every step of the corpus and of every example. Every
modification points at a ``mod`` that exists and at a provision that exists; every word of
every instruction is in its ``mod``."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.test_akn import PROJECTS, SCHEMA
from tmad import render
from tmad.akoma import NS
from tmad.amend.text import proven_schedule
from tmad.products import AmendmentsProduct, VersionProduct
from tmad.project import load_project
from tmad.render.akn import amending_frbr, frbr

A = f"{{{NS}}}"


def _steps() -> list[tuple[Path, str, str]]:
    out = []
    for root in PROJECTS:
        for version in load_project(root).document.versions:
            if version.base:
                out.append((root, version.base, version.number))
    return out


@pytest.fixture(scope="module", params=_steps(), ids=lambda s: f"{s[0].name}-{s[1]}-{s[2]}")
def step(request):
    root, base, number = request.param
    project = load_project(root)
    old, new = project.edition(base), project.edition(number)
    schedule = proven_schedule(old, new)
    act = etree.fromstring(render.render(AmendmentsProduct(schedule), "akn"))
    version = etree.fromstring(render.render(VersionProduct(new), "akn"))
    return old, new, schedule, act, version


def test_the_amending_act_and_the_version_are_valid(step) -> None:
    *_, act, version = step
    for tree in (act, version):
        assert SCHEMA.validate(tree), [str(e) for e in SCHEMA.error_log][:5]


def test_every_modification_points_at_things_that_exist(step) -> None:
    old, new, schedule, act, version = step
    mods = {m.get("eId") for m in act.iter(f"{A}mod")}
    amending = amending_frbr(new.document, new.version)["expression"]
    old_uri, new_uri = frbr(old)["expression"], frbr(new)["expression"]
    old_ids = {
        e.get("eId")
        for e in etree.fromstring(render.render(VersionProduct(old), "akn")).iter()
        if e.get("eId")
    }
    new_ids = {e.get("eId") for e in version.iter() if e.get("eId")}
    expected = [(a.effect, t) for a in schedule.amendments for t in a.targets]
    for tree, kind in ((act, "activeModifications"), (version, "passiveModifications")):
        found = list(tree.iter(f"{A}{kind}"))
        textual = [m for f in found for m in f.iter(f"{A}textualMod")]
        assert len(textual) == len(expected), kind
        assert [m.get("type") for m in textual] == [effect for effect, _ in expected]
        for mod in textual:
            for source in mod.iter(f"{A}source"):
                href = source.get("href")
                assert href.split("#")[0] in ("", amending + "/!main")
                assert href.split("#")[1] in mods
            destination = mod.find(f"{A}destination").get("href")
            where, _, eid = destination.partition("#")
            repealed = mod.get("type") == "repeal"
            if repealed:
                assert where == old_uri + "/!main"
                assert eid in old_ids
            else:
                assert where in ("", new_uri + "/!main")
                assert eid in new_ids


def test_every_word_of_every_instruction_is_in_its_mod(step) -> None:
    _, _, schedule, act, _ = step
    mods = {m.get("eId"): " ".join("".join(m.itertext()).split()) for m in act.iter(f"{A}mod")}
    for amendment in schedule.amendments:
        for index, instruction in enumerate(amendment.instructions, 1):
            text = mods[f"mod_{amendment.number}_{index}"]
            wanted = [instruction.text, *instruction.items]
            wanted += [
                f"{line.number} {line.label} {line.term} {line.text}"
                for line in instruction.quotation
            ]
            for words in wanted:
                for word in words.replace("“", " ").replace("”", " ").split():
                    assert word.strip("()") in text, (amendment.number, word)
    if not schedule.amendments:
        assert "same text" in "".join(act.itertext())


def test_tmad_amendments_writes_an_amending_act(tmad, tmp_path) -> None:
    out = tmp_path / "a.xml"
    result = tmad(
        "--project", str(PROJECTS[0]), "amendments", "5.1", "5.2", "--format", "akn", "-o", str(out)
    )
    assert result.code == 0, result.err
    tree = etree.parse(str(out))
    assert tree.getroot().tag == f"{A}akomaNtoso"
    assert tree.find(f"{A}act/{A}body/{A}paragraph/{A}num").text == "1."
    assert len(list(tree.iter(f"{A}quotedStructure"))) >= 1
