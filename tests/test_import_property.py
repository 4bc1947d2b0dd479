"""Property: a random document, written by tmad as Word, as Akoma Ntoso and as the text
``tmad show`` prints, imports back into a project of its scheme with the same provisions,
numbers, headings, labels, levels, quotations, definitions and words.

The random documents are those of the redline property tests (tests/editions.py), with two
changes that a flat file cannot tell apart: a paragraph's words never open with a
bracketed label of their own ("(a) published;"), which Word and text would read as the
paragraph's label (nor does a defined term); and a definition's meaning opens with
"means", which is how a defined term is recognised in Word."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.editions import editions
from tmad import render
from tmad.importing.run import run_import
from tmad.model import Block, Edition
from tmad.products import VersionProduct
from tmad.project import load_project
from tmad.scaffold import init_project
from tmad.showtext import edition_markdown

_LABEL = re.compile(r"\(\w+\)")


def _flat(block: Block) -> Block:
    text = block.text
    if _LABEL.match(text):
        text = "see " + text
    term = block.term
    if term:
        text = "means " + text
        if _LABEL.match(term):
            term = "the " + term
    return replace(block, text=text, term=term)


def _readable(edition: Edition) -> Edition:
    sections = tuple(
        replace(s, clauses=tuple(replace(c, body=tuple(map(_flat, c.body))) for c in s.clauses))
        for s in edition.sections
    )
    document = replace(edition.document, versions=(edition.version,))
    return replace(edition, document=document, sections=sections)


def _shape(edition: Edition) -> list[tuple]:
    return [
        (c.number, c.heading, [(b.level, b.label, b.quote, b.term, b.plain()) for b in c.body])
        for c in edition.clauses()
    ] + [(s.number, s.heading) for s in edition.sections if not s.is_root]


def _imported(data: bytes, suffix: str) -> Edition:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "p"
        init_project(root, "Random", scheme="tmad")
        path = Path(temp) / f"in{suffix}"
        path.write_bytes(data)
        run_import(root, path, "1.0", None, None, "Tester", "2020-06-01", "draft", False)
        return load_project(root).edition("1.0")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(editions(), st.sampled_from(["docx", "akn", "md"]))
def test_a_random_document_imports_back(edition: Edition, form: str) -> None:
    edition = _readable(edition)
    if not any(edition.clauses()):
        return  # nothing to import: an empty document is refused, as it should be
    if form == "md":
        data, suffix = edition_markdown(edition).encode(), ".md"
    else:
        data = render.render(VersionProduct(edition), form)
        suffix = ".xml" if form == "akn" else ".docx"
    back = _imported(data, suffix)
    assert _shape(back) == _shape(edition)
