"""The projects in examples/, in the shapes of real law: each checks clean, builds, and its
redlines and schedules of amendments reproduce every version exactly."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from tests.docx_text import attribute, body, find, paragraphs, text_of
from tests.editions import lines_of
from tmad import render
from tmad.amend import schedule
from tmad.amend.interpret import interpret
from tmad.amend.text import amendments_markdown
from tmad.diff.apply import apply
from tmad.diff.compare import compare
from tmad.diff.compose import chain
from tmad.editionjson import edition_json
from tmad.products import RedlineProduct, VersionProduct
from tmad.project import load_project
from tmad.render.wordml import bookmark_name

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "clauses").is_dir())


def test_there_are_the_examples_the_readme_describes() -> None:
    assert NAMES == ["sec-section-x", "uk-si", "us-code"]
    readme = (EXAMPLES / "README.md").read_text()
    for name in NAMES:
        assert f"`{name}/`" in readme


@pytest.mark.parametrize("name", NAMES)
def test_example_checks_clean(name: str, tmad) -> None:
    result = tmad("--project", str(EXAMPLES / name), "check")
    assert result.code == 0, result.out
    assert result.out.startswith("All checks passed")


@pytest.mark.parametrize("name", NAMES)
def test_example_redlines_and_schedules_reproduce_every_version(name: str) -> None:
    project = load_project(EXAMPLES / name)
    editions = list(project.editions.values())
    assert len(editions) >= 2
    for old, new in itertools.permutations(editions, 2):
        data = json.loads(render.render(RedlineProduct(chain([old, new])), "json"))
        assert apply(edition_json(old), data) == edition_json(new)
        text = amendments_markdown(schedule(compare(old, new)))
        want = edition_json(new)
        want["clauses"] = [{k: v for k, v in c.items() if k != "id"} for c in want["clauses"]]
        assert interpret(text, old) == want, text


@pytest.mark.parametrize("name", NAMES)
def test_example_docx_redline_accepts_and_rejects_exactly(name: str) -> None:
    project = load_project(EXAMPLES / name)
    versions = list(project.editions.values())
    data = render.render(RedlineProduct(chain(versions)), "docx")
    for action, version in (("accept", versions[-1]), ("reject", versions[0])):
        expected = [_normal(line) for line in _lines(version)]
        got = paragraphs(data, action, levels=True, rows=True)
        assert got[-len(expected) :] == expected


def _lines(edition) -> list[str]:
    """An edition's lines as the DOCX prints them: numbers with the scheme's affixes."""
    scheme = edition.document.scheme
    out = []
    for line, kind in zip(lines_of(edition), _kinds(edition), strict=True):
        if kind:
            before, after = scheme.level(kind[0]).printed("")
            number, _, heading = line.partition(" ")
            line = f"{before}{number}{after} {heading}".strip()
        out.append(line)
    return [line for line, kind in zip(out, _kinds(edition), strict=True) if kind != ("",)]


def _kinds(edition) -> list[tuple[str, ...]]:
    kinds: list[tuple[str, ...]] = []
    for section in edition.sections:
        kinds.append((section.level,))
        for clause in section.clauses:
            kinds.append((edition.document.scheme.unit.name,))
            kinds.extend(() for _ in clause.body)
    return kinds


def _normal(line: str) -> str:
    indent = len(line) - len(line.lstrip(" "))
    return " " * indent + " ".join(line.split())


SCHEDULES = {
    "us-code": [
        "**1.** Section 34-1501 (Definitions) is amended as follows.",
        "(1) After paragraph (9) insert—",
        "(2) After subsection (c) insert—",
        "**3.** After section 34-1503 (Collection of energy usage data) insert—",
        "> “**§ 34-1503A. Security of energy usage data**",
        "(2) For subsection (b) substitute—",
    ],
    "uk-si": [
        "**1.** In regulation 2 (Interpretation), in the note \\[^2\\], after “29” insert “; "
        "section 6(1)(d) was amended by the Utilities Act 2000 (c. 27), section 30”.",
        "**2.** Regulation 3 (Retention of consumption data) is amended as follows.",
        "(1) In the second table row, for “24” substitute “18”.",
        "(2) After the third table row insert—",
        "> > “| Records of consent to sharing | 6 years after the consent ends |”.",
        "**3.** In regulation 4 (Access by consumers), after paragraph (2) insert—",
        "> “**4A. Complaints about access**",
        "> > > “(aa) the consent names that person; and”.",
        "(3) Omit paragraph (3).",
        "(1) In the second quoted paragraph, for “14” substitute “28”.",
    ],
    "sec-section-x": [
        "**1.** Omit Section X2.2.",
        "**2.** In Section X5.1, for “X5.2” substitute “X5.3”.",
        "**5.** After Section X5 (Incorporation of Certain Documents into this Code) insert a "
        "new section—",
        "**7.** Sections X5.2 and X5.3 are renumbered X5.3 and X5.4.",
    ],
}


@pytest.mark.parametrize("name", NAMES)
def test_example_schedules_cite_the_real_numbers(name: str) -> None:
    project = load_project(EXAMPLES / name)
    first, last = list(project.editions.values())[:2]
    text = amendments_markdown(schedule(compare(first, last)))
    for line in SCHEDULES[name]:
        assert line in text.split("\n"), line
    assert "unlabelled paragraph" not in text.split("## Amendments")[1]


@pytest.mark.parametrize("name", NAMES)
def test_example_builds(name: str, tmp_path: Path, tmad) -> None:
    out = tmp_path / "build"
    result = tmad("--project", str(EXAMPLES / name), "build", "-o", str(out), "-q", "-j", "1")
    assert result.code == 0, result.err
    manifest = json.loads((out / "manifest.json").read_text())
    kinds = {(o["kind"], o["format"]) for o in manifest["outputs"]}
    for fmt in ("html", "pdf", "docx"):
        assert ("version", fmt) in kinds
        assert ("redline", fmt) in kinds
        assert ("amendments", fmt) in kinds
    assert all(" " not in o["path"] for o in manifest["outputs"])


@pytest.mark.parametrize("name", [*NAMES, "tmad"])
def test_version_docx_links_the_citations_the_html_links(name: str) -> None:
    """A version's DOCX bookmarks every container and clause heading and links each citation
    of the document to its bookmark: the same citations, with the same text, as the HTML
    links to the same anchors."""
    project = load_project(EXAMPLES / name if name != "tmad" else EXAMPLES.parent)
    edition = list(project.editions.values())[-1]
    product = VersionProduct(edition)
    html = render.render(product, "html").decode()
    main = html[html.index("<main>") :]
    in_html = [
        (bookmark_name(anchor), re.sub(r"<[^>]+>", "", text))
        for anchor, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', main)
    ]
    root = body(render.render(product, "docx"))
    names = {attribute(mark, "name") for mark in find(root, ".//w:bookmarkStart")}
    in_docx = [
        (attribute(link, "anchor"), text_of(link))
        for link in find(root, ".//w:hyperlink[@w:anchor]")
    ]
    assert in_docx == in_html
    assert len(in_docx) >= 2
    assert {anchor for anchor, _ in in_docx} <= names
    headings = sum(len(section.clauses) for section in edition.sections)
    assert len(names) >= headings
