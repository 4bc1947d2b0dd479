"""Numbering schemes: labels read as drafters read them, fixed and inserted numbers, levels,
citations and definitions that follow the scheme, and clear errors for schemes that
contradict themselves."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tmad import labels
from tmad.citations import find, resolve
from tmad.consolidate import ChangeError
from tmad.definitions import definitions
from tmad.errors import SourceError
from tmad.model import Block
from tmad.outline import assign_kinds, label_problems
from tmad.project import load_project
from tmad.scheme import DEFAULT, compute, parse_scheme
from tmad.yamlsource import parse_mapping

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

US = """\
skip: true
levels:
  - {level: section, heading: required, fixed: true, insert: "A", print: "§ {number}.",
     cite: [section, §]}
  - {level: subsection, label: "(a)", fixed: true, insert: "-1", cite: subsection}
  - {level: paragraph, label: "(1)", fixed: true, insert: "A", cite: paragraph}
  - {level: subparagraph, label: "(A)", fixed: true, cite: subparagraph}
  - {level: clause, label: "(i)", fixed: true, cite: clause}
  - {level: subclause, label: "(I)", fixed: true, cite: subclause}
"""


def scheme(text: str = US):
    return parse_scheme(parse_mapping(text, "clauses/document.yaml"))


def kinds(body: list[tuple[int, str]], numbering=None) -> list[str]:
    blocks = tuple(Block(level, label, "text") for level, label in body)
    return [b.kind for b in assign_kinds(numbering or scheme(), blocks)]


# --- labels --------------------------------------------------------------------------


def test_label_styles_and_insertions() -> None:
    assert [labels.format_ordinal("a", n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert labels.format_ordinal("aa", 1) == "aa"
    assert labels.format_ordinal("I", 4) == "IV"
    assert labels.keys("a", "-1", "c-1") == {(3, 1)}
    assert labels.keys("1", "A", "9A") == {(9, 1)}
    assert labels.keys("a", "a", "aa") == {(27, 0), (1, 1)}  # the 27th letter, or after (a)
    assert labels.follows("a", "-1", "c", "c-1")
    assert labels.follows("a", "-1", "c-1", "d")
    assert labels.follows("1", "A", "9", "9A")
    assert labels.follows("a", "a", "a", "aa")  # UK: (aa) inserted between (a) and (b)
    assert labels.follows("a", "a", "aa", "b")
    assert not labels.follows("a", "", "a", "c")
    assert labels.follows("a", "", "a", "c", fixed=True)  # (b) repealed, never reused
    assert not labels.follows("a", "", "c", "b", fixed=True)


def test_ambiguous_labels_read_from_context() -> None:
    # (i) after (h) is a letter; (i) under (A) is a roman numeral
    assert kinds([(1, "h"), (1, "i")]) == ["subsection", "subsection"]
    assert kinds([(1, "a"), (2, "1"), (3, "A"), (4, "i"), (5, "I")]) == [
        "subsection", "paragraph", "subparagraph", "clause", "subclause",
    ]  # fmt: skip
    # a section may hold paragraphs (1) directly (skip: true)
    assert kinds([(1, "1"), (1, "2"), (2, "A")]) == ["paragraph", "paragraph", "subparagraph"]
    # the TMAD: (a) → (i) → (A); (v) and (x) after (iv) and (ix) stay roman
    tmad = [(1, "a"), (2, "i"), (2, "iv"), (2, "v"), (3, "A"), (1, "b")]
    assert kinds(tmad, DEFAULT) == [
        "paragraph", "subparagraph", "subparagraph", "subparagraph", "point", "paragraph",
    ]  # fmt: skip


def problems(body: list[tuple[int, str]], numbering=None) -> list[tuple[str, str]]:
    numbering = numbering or scheme()
    blocks = assign_kinds(numbering, tuple(Block(level, label, "text") for level, label in body))
    return [(blocks[p.index].label, p.message) for p in label_problems(numbering, blocks)]


def test_inserted_labels_are_not_errors() -> None:
    body = [(1, "a"), (1, "b"), (1, "c"), (1, "c-1"), (1, "d"), (2, "9"), (2, "9A"), (2, "10")]
    assert problems(body) == []


def test_label_errors_say_what_was_expected() -> None:
    assert problems([(1, "a"), (1, "c")], DEFAULT) == [
        ("c", "paragraph (c) is out of sequence after (a): expected (b)")
    ]
    # (i) at the top of a TMAD clause: one error, not one per paragraph of the run
    assert problems([(1, "i"), (1, "ii"), (1, "iii")], DEFAULT) == [
        ("i", "paragraph (i) is out of sequence: a run of paragraphs starts at (a)")
    ]
    deep = problems([(1, "a"), (2, "i"), (3, "A"), (4, "I")], DEFAULT)
    assert deep == [
        ("I", "(I) is nested below point (A), the deepest level this document's numbering "
              "has: declare a deeper level under 'numbering' in document.yaml, or move it up"),
    ]  # fmt: skip
    assert problems([(1, "a"), (1, "1")])[0][1].startswith("paragraph (1) stands beside")


# --- schemes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("levels:\n  - {level: article2, heading: required}\n", "unknown level 'article2'"),
        (
            "levels:\n  - {level: paragraph, label: '(a)'}\n"
            "  - {level: section, heading: required}\n",
            "heading level 'section' comes after label levels",
        ),
        (
            "levels:\n  - {level: section, heading: required, insert: A}\n",
            "level 'section' is computed",
        ),
        ("levels:\n  - {level: section, heading: required, number: '{x}'}\n", "number '{x}'"),
        (
            "levels:\n  - {level: section, heading: required}\n"
            "  - {level: paragraph, label: 'a)'}\n",
            "label 'a)': write the first label",
        ),
        (
            "levels:\n  - {level: section, heading: required}\n"
            "  - {level: section, label: '(a)'}\n",
            "level 'section' is declared twice",
        ),
        ("levels:\n  - {level: paragraph, label: '(a)'}\n", "at least one heading level"),
        (
            "levels:\n  - {level: section, heading: required, number: '{parent}.{1}'}\n",
            "outermost level",
        ),
    ],
)
def test_a_scheme_that_contradicts_itself_is_refused(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as info:
        scheme(text)
    assert info.value.location is not None
    assert info.value.location.path == "clauses/document.yaml"
    assert info.value.location.line >= 1
    assert info.value.location.col >= 1


def test_computed_numbers() -> None:
    level = DEFAULT.unit
    assert compute(level, 26, "4") == "4.26"
    assert compute(level, 3, "") == "3"
    sec = scheme("levels:\n  - {level: part, heading: required, number: '{I}'}\n"
                 "  - {level: section, heading: required, number: '{parent}{1}'}\n")  # fmt: skip
    assert compute(sec.headings[0], 4, "") == "IV"
    assert compute(sec.unit, 5, "X") == "X5"


# --- the examples ---------------------------------------------------------------------------


def test_fixed_numbers_and_insertions_without_renumbering() -> None:
    project = load_project(EXAMPLES / "us-code")
    old, new = project.edition("2024"), project.edition("2025")
    assert [c.number for c in new.clauses()][:5] == [
        "34-1501", "34-1502", "34-1503", "34-1503A", "34-1504",
    ]  # fmt: skip
    assert [s.number for s in old.sections] == ["15", "I", "II", "III", "16"]
    inserted = new.clause("34-1503")
    assert [b.label for b in inserted.body if b.level == 1] == ["a", "b", "c", "c-1", "d"]


def test_inserting_a_fixed_number_first_among_siblings_needs_num(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "us-code", tmp_path / "p")
    changes = tmp_path / "p" / "clauses" / "2025" / "changes.md"
    changes.write_text("### New {#new-first insert after=ch-15-sub-1}\n\nText.\n")
    with pytest.raises(ChangeError, match="comes first among its siblings: give it its number"):
        load_project(tmp_path / "p")
    changes.write_text("### New {#new-first insert after=ch-15-sub-1 num=34-1500}\n\nText.\n")
    assert load_project(tmp_path / "p").edition("2025").clauses()[0].number == "34-1500"


def test_insertions_after_an_insertion_continue_its_letters(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "uk-si", tmp_path / "p")
    changes = tmp_path / "p" / "clauses" / "1.1" / "changes.md"
    changes.write_text(
        changes.read_text() + "\n## Later {#later insert after=access-complaints}\n\n(1) Text.\n"
    )
    numbers = [c.number for c in load_project(tmp_path / "p").edition("1.1").clauses()]
    assert numbers == ["1", "2", "3", "4", "4A", "4B", "5", "6"]


def test_citations_follow_the_scheme() -> None:
    project = load_project(EXAMPLES / "us-code")
    edition = project.edition("2025")
    text = (
        "See section 34-1503(a)(2), § 34-1501(9A), sections 34-1503 and 34-1599, section "
        "552 of title 5, and subsection (c-1)."
    )
    found = [(c.shown, c.external) for c in find(text, project.document)]
    assert found == [
        ("section 34-1503(a)(2)", False),
        ("§ 34-1501(9A)", False),
        ("sections 34-1503", False),
        ("sections 34-1599", False),
        ("section 552", True),
        ("subsection (c-1)", False),
    ]
    current = edition.clause("34-1503").id
    results = [resolve(c, edition, current) for c in find(text, project.document)]
    assert results[0] == ("clause", current)
    assert results[3] == ("missing", "34-1599")
    assert results[5] == ("clause", current)
    assert resolve(find("subsection (z)", project.document)[0], edition, current) == (
        "no-paragraph", "(z)",
    )  # fmt: skip


WORDS = [
    "section",
    "SECTIONS",
    "§",
    "§§",
    "subsection",
    "Paragraph",
    "clause",
    "ſection",
    "sectİon",
    "SECTİON",
    "ſubſection",
    "\u212aey",
    "sectıon",
    "title",
    "and",
]
CITED = ["34-1503", "34-1501(9A)", "(a)", "(c-1)(2)", "552 of title 5", "4.5A", "x"]


@settings(max_examples=300, deadline=None)
@example([("ſection", " ", "34-1503")])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(WORDS),
            st.sampled_from([" ", "  ", "\n", ", “", "—"]),
            st.sampled_from(CITED),
        ),
        max_size=6,
    )
)
def test_the_quick_test_hides_no_citation(pieces: list[tuple[str, str, str]]) -> None:
    """find's quick test (does the text hold a citing word, case aside?) never drops a
    citation the patterns find: citing words in every case, with the characters that
    case-insensitive matching takes for a letter (ſ, İ, ı, the Kelvin sign)."""
    from tmad import citations

    document = load_project(EXAMPLES / "us-code").document
    text = " and ".join("".join(piece) for piece in pieces)
    names = (document.short_title, document.title, document.code)
    grammar = citations._grammar(document.scheme, names)
    assert grammar.words is not None  # § has no case: the quick test applies
    slow = dataclasses.replace(grammar, words=None)
    original = citations._grammar
    try:
        citations._grammar = lambda *_: slow  # type: ignore[assignment]
        expected = find(text, document)
    finally:
        citations._grammar = original
    assert find(text, document) == expected


def test_titles_and_amended_instruments_are_not_citations() -> None:
    project = load_project(EXAMPLES / "uk-si")
    title = "the Smart Meter Data (Retention and Access) Regulations 2026 apply"
    assert find(title, project.document) == []
    starts = find("Regulation 3 applies to data.", project.document)
    assert [c.number for c in starts] == ["3"]
    from tmad.citations import amends_another

    edition = project.edition("1.0")
    assert amends_another(edition.clause("6"))
    assert not amends_another(edition.clause("5"))


def test_definitions_are_scoped_to_their_chapter() -> None:
    edition = load_project(EXAMPLES / "us-code").edition("2025")
    found = {(d.term, d.scope) for d in definitions(edition)}
    assert ("Customer", "ch-15") in found
    assert ("Customer", "ch-16") in found  # defined again for chapter 16: not twice
    assert ("energy usage data", "ch-16") in found  # "have the meanings given in …"
    uk = load_project(EXAMPLES / "uk-si").edition("1.0")
    assert {d.scope for d in definitions(uk)} == {""}  # "In these Regulations": everywhere


def test_a_chapter_scoped_term_defined_twice_in_one_scope_is_an_error(tmp_path: Path, tmad) -> None:
    shutil.copytree(EXAMPLES / "us-code", tmp_path / "p")
    chapter = tmp_path / "p" / "clauses" / "2024" / "16-smart-meter-deployment.md"
    chapter.write_text(
        chapter.read_text().replace(
            "(2) “Opt-out meter”", "(1A) “Customer” means anyone.\n(2) “Opt-out meter”"
        )
    )
    result = tmad("--project", str(tmp_path / "p"), "check", "--select", "T")
    assert result.code == 1
    assert "T003 error: 'Customer' is defined twice in the same scope in Title 34 v2024" in (
        result.out
    )


def test_edition_blocks_carry_their_levels() -> None:
    edition = load_project(EXAMPLES / "uk-si").edition("1.1")
    regulation = edition.clause("6")
    quoted = [b for b in regulation.body if b.quote]
    assert [(b.level, b.label, b.kind) for b in quoted] == [
        (2, "2A", ""), (2, "4", ""), (3, "a", ""), (3, "b", ""),
    ]  # fmt: skip
    assert dataclasses.asdict(regulation.body[0])["kind"] == "paragraph"


def test_paragraphs_nested_deeper_than_the_scheme_still_render() -> None:
    """A check error (S006), but never an internal error: every level has a DOCX style."""
    from tests.docx_text import paragraphs
    from tests.editions import edition
    from tmad import render
    from tmad.diff.compose import chain
    from tmad.model import Clause, Section
    from tmad.products import RedlineProduct, VersionProduct

    body = (
        Block(0, "", "lead"),
        Block(1, "a", "one"),
        Block(2, "i", "two"),
        Block(3, "A", "three"),
        Block(4, "I", "four"),
        Block(5, "", "flush five"),
    )
    old = edition([Section("s", "S", (Clause("c", "H", body),))])
    new = edition([Section("s", "S", (Clause("c", "H", body[:-1]),))], "1.1")
    data = render.render(VersionProduct(new), "docx")
    assert paragraphs(data, levels=True)[-1] == "                (I) four"
    redline = render.render(RedlineProduct(chain([old, new])), "docx")
    assert paragraphs(redline, "reject", levels=True)[-1] == "                    flush five"
