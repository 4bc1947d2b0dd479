"""Schedules of amendments: generated from comparisons, applied by the interpreter, rendered.

The proof of a schedule is that :mod:`tmad.amend.interpret`, reading only its
Markdown text, applies it to FROM and gets TO exactly: for every ordered pair
of corpus versions and for random documents under random edits (including
sections inserted, omitted and moved, paragraphs relabelled and changed in
level, and text full of Markdown's own characters). The wording is checked
against hand-reviewed schedules in ``tests/amendments/``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.docx_text import paragraphs
from tests.editions import WORDS, chains, edited, edition, editions
from tmad import render
from tmad.amend import paragraphs as refs
from tmad.amend import rules
from tmad.amend.interpret import apply_schedule, interpret, read
from tmad.amend.rules import AmendmentError
from tmad.amend.schedule import schedule
from tmad.amend.text import amendments_markdown
from tmad.amend.vocabulary import Vocabulary
from tmad.amend.words import plan, replay
from tmad.diff.compare import compare
from tmad.editionjson import edition_json
from tmad.labels import format_ordinal, ordinal
from tmad.model import Block, Clause, Edition, Section
from tmad.products import AmendmentsProduct
from tmad.project import load_project
from tmad.scheme import DEFAULT

REPO = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "amendments"

STYLE = {1: "a", 2: "i", 3: "A"}
"""The TMAD's label style at each paragraph level."""


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def markdown(old: Edition, new: Edition) -> str:
    return amendments_markdown(schedule(compare(old, new)))


def assert_reproduces(old: Edition, new: Edition) -> str:
    """Apply the schedule's Markdown to ``old``: it must give ``new`` exactly."""
    text = markdown(old, new)
    applied = apply_schedule(text, old)
    wanted = [{k: v for k, v in c.items() if k != "id"} for c in edition_json(new)["clauses"]]
    assert list(applied.clauses) == wanted, text
    assert applied.sections == tuple((s.number, s.heading) for s in new.sections), text
    assert applied.version == new.version.number
    return text


# --- the corpus -------------------------------------------------------------------------


def test_corpus_every_ordered_pair_reproduces_to(project) -> None:
    for a, b in itertools.permutations(project.editions, 2):
        old, new = project.edition(a), project.edition(b)
        got = interpret(markdown(old, new), old)
        want = edition_json(new)
        want["clauses"] = [{k: v for k, v in c.items() if k != "id"} for c in want["clauses"]]
        assert got == want, (a, b)
        assert_reproduces(old, new)


def _amendments_part(text: str) -> str:
    """The amendments, without the explanatory note after them (tests/test_reasons.py)."""
    part = text[text.index("## Amendments") :]
    if "## Explanatory note" in part:
        part = part[: part.index("## Explanatory note")].rstrip("\n") + "\n"
    return part


@pytest.mark.parametrize(("a", "b"), [("5.0", "5.1"), ("5.1", "5.2"), ("5.2", "5.3")])
def test_wording_matches_the_reviewed_schedules(project, a, b) -> None:
    text = markdown(project.edition(a), project.edition(b))
    expected = (EXPECTED / f"{a}-{b}.md").read_text(encoding="utf-8")
    assert _amendments_part(text) == expected


def test_5_2_to_5_3_in_uk_drafting_style(project) -> None:
    text = markdown(project.edition("5.2"), project.edition("5.3"))
    assert (
        "**1.** In Clause 2.1 (Definitions), insert the following definition in its "
        "alphabetical place, after the definition of “Panel”—" in text
    )
    assert "> “**Planned EPCL Entry** means an entry which DCC expects" in text
    assert (
        "**2.** Clause 4.26 (Firmware Upgrades and Re-configuration of Dormant Meters) "
        "is amended as follows." in text
    )
    assert "(1) In paragraph (a), omit “and/or”." in text
    assert "(3) After paragraph (b) insert—" in text
    assert "> > > (ii) in the case of a Planned EPCL Entry that goes through" in text


def test_renumbering_ranges_are_collapsed(project) -> None:
    text = markdown(project.edition("5.1"), project.edition("5.2"))
    assert "Clauses 4.34 to 4.42 are renumbered 4.35 to 4.43." in text
    assert "After Clause 4.33 (Firmware Upgrade Paths) insert—" in text
    text = markdown(project.edition("5.0"), project.edition("5.1"))
    assert "Omit Clause 3.14 (Interim Arrangements for IOC Testing)." in text
    assert (
        "Move Clause 3.15 (Transition Reporting) so that it follows Clause 6.2 "
        "(Migration Performance Reports)." in text
    )
    assert "(1) Clause 3.15 is renumbered 6.3." in text
    assert "(2) Clauses 6.3 to 6.7 are renumbered 6.4 to 6.8." in text
    assert "for “Decommissioning” substitute “Cessation”" in text


def test_backwards_schedule_refers_to_what_it_inserts(project) -> None:
    text = markdown(project.edition("5.3"), project.edition("5.0"))
    assert "After Clause 3.13 (Testing Advisory Group) insert—" in text
    number = re.search(r"\*\*(\d+)\.\*\* After Clause 3\.13", text).group(1)  # type: ignore[union-attr]
    assert f"so that it follows the clause inserted by amendment {number}." in text
    assert "Omit paragraph (c) and its sub-paragraphs." in text


def test_equal_texts_need_no_amendments(project) -> None:
    old = project.edition("5.2")
    result = schedule(compare(old, old))
    assert result.amendments == ()
    text = amendments_markdown(result)
    assert "nothing to amend" in text
    assert apply_schedule(text, old).clauses == tuple(
        {k: v for k, v in c.items() if k != "id"} for c in edition_json(old)["clauses"]
    )


# --- random documents -------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_random_edits_reproduce_every_pair(versions) -> None:
    for old, new in itertools.permutations(versions, 2):
        assert_reproduces(old, new)


SPECIAL = [
    "*", "_x_", "<b>", "&amp;", "#", "1.", "(a)", "\\", "[x]", "|", "`", ">", "-", "2)",
    "“TMAD”", "“a” substitute “b”", "”", "“",
]  # fmt: skip
TERMS = ["Alpha", "Beta Meter", "DCC", "Gamma (Secure)", "Omega", "SMETS1 Meter", "Zeta"]

separators = st.sampled_from([" ", " ", " ", ", ", "  ", "; ", ""])


@st.composite
def tricky(draw) -> str:
    """Words joined by odd spacing and punctuation, some of them Markdown's own characters."""
    pieces = draw(st.lists(st.sampled_from(WORDS + SPECIAL), min_size=1, max_size=10))
    out = pieces[0]
    for piece in pieces[1:]:
        out += draw(separators) + piece
    return out.strip() or "DCC"


def _relabelled(body: list[Block], at: int, text: str) -> list[Block]:
    """Insert a paragraph at ``at`` with the label there, relabelling the siblings after it."""
    level = body[at].level
    out = [*body[:at], Block(level, body[at].label, text)]
    shifting = True
    for block in body[at:]:
        if block.level < level:
            shifting = False
        if shifting and block.level == level and ordinal(STYLE[level], block.label):
            label = format_ordinal(STYLE[level], ordinal(STYLE[level], block.label) + 1)
            block = replace(block, label=label)
        out.append(block)
    return out


@st.composite
def restructured(draw, base: Edition, number: str, day: int) -> Edition:
    """Edits that :func:`tests.editions.edited` does not make: sections inserted, omitted and
    moved; paragraphs relabelled, changed in level or made definitions; tricky words."""
    sections = [[s, list(s.clauses)] for s in base.sections]
    fresh = 0
    for _ in range(draw(st.integers(1, 5))):
        action = draw(
            st.sampled_from(["insert_section", "delete_section", "move_section", "relabel",
                             "level", "definition", "tricky_words", "tricky_heading"])
        )  # fmt: skip
        fresh += 1
        if action == "insert_section" or not sections:
            clauses = [
                Clause(f"x{number}-{fresh}-{k}", draw(tricky()), (Block(0, "", draw(tricky())),))
                for k in range(draw(st.integers(0, 2)))
            ]
            section = Section(f"xs{number}-{fresh}", draw(tricky()), ())
            sections.insert(draw(st.integers(0, len(sections))), [section, clauses])
            continue
        if action == "delete_section" and len(sections) > 1:
            index = draw(st.integers(0, len(sections) - 1))
            _, clauses = sections.pop(index)
            for clause in clauses:
                if draw(st.booleans()):
                    target = draw(st.sampled_from(sections))
                    target[1].insert(draw(st.integers(0, len(target[1]))), clause)
            continue
        if action == "move_section":
            moving = sections.pop(draw(st.integers(0, len(sections) - 1)))
            sections.insert(draw(st.integers(0, len(sections))), moving)
            continue
        if action == "tricky_heading":
            pair = draw(st.sampled_from(sections))
            pair[0] = replace(pair[0], heading=draw(tricky()))
            continue
        populated = [pair for pair in sections if pair[1]]
        if not populated:
            continue
        pair = draw(st.sampled_from(populated))
        index = draw(st.integers(0, len(pair[1]) - 1))
        clause = pair[1][index]
        body = list(clause.body)
        at = draw(st.integers(0, len(body) - 1))
        if action == "relabel":
            labelled = [i for i, b in enumerate(body) if b.label]
            if labelled:
                body = _relabelled(body, draw(st.sampled_from(labelled)), draw(tricky()))
        elif action == "level":
            level = draw(st.integers(0, 2))
            label = format_ordinal(STYLE[level], draw(st.integers(1, 3))) if level else ""
            text = body[at].text or draw(tricky())  # a paragraph with no label has words
            body[at] = replace(body[at], level=level, label=label, term="", text=text, table="")
        elif action == "definition":
            term = draw(st.sampled_from(TERMS))
            body.insert(at + 1, Block(0, "", draw(tricky()), term=term))
            if draw(st.booleans()):
                body.insert(at + 2, Block(1, "a", draw(tricky())))
        else:
            body[at] = replace(body[at], text=draw(tricky()))
        pair[1][index] = replace(clause, body=tuple(body))
    return edition([replace(s, clauses=tuple(c)) for s, c in sections], number=number, day=day)


@st.composite
def restructured_pairs(draw):
    first = draw(editions())
    second = draw(restructured(draw(edited(first, "1.1", 2)), "1.1", 2))
    return first, second


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(restructured_pairs())
def test_restructured_documents_reproduce_both_ways(pair) -> None:
    old, new = pair
    assert_reproduces(old, new)
    assert_reproduces(new, old)


@settings(max_examples=300, deadline=None)
@given(tricky(), tricky())
def test_word_instructions_turn_one_text_into_another(old, new) -> None:
    edits = plan(old, new)
    if edits is not None:
        assert replay(old, edits) == new
        for edit in edits:
            for quoted in (edit.words, edit.new):
                assert quoted == quoted.strip()
                assert rules.balanced(quoted)


@settings(max_examples=300, deadline=None)
@given(tricky())
def test_markdown_escaping_reads_back(text) -> None:
    assert rules.unescape(rules.escape(text)) == text
    assert rules.unescape(rules.escape(text, line_start=True)) == text


# --- the rules, one by one --------------------------------------------------------------


def test_quoted_words_match_whole_words_only() -> None:
    assert rules.occurrences("within the Clause 4.26 and 4.2", "in") == []
    assert rules.occurrences("within the Clause 4.26 and 4.2", "4.2") == [27]
    with pytest.raises(AmendmentError, match="occurs 2 times"):
        rules.substitute("the cat and the dog", "the", "a")
    assert rules.substitute("the cat and the dog", "the", "a", 2) == "the cat and a dog"


@pytest.mark.parametrize(
    ("text", "words", "result"),
    [
        ("S1SR; and/or", "and/or", "S1SR;"),
        ("and/or S1SR", "and/or", "S1SR"),
        ("a (MDS and Secure)", "MDS and", "a (Secure)"),
        ("Days, together with it;", ", together with it", "Days;"),
    ],
)
def test_omitting_takes_one_space(text, words, result) -> None:
    assert rules.omit(text, words) == result


@pytest.mark.parametrize(
    ("text", "anchor", "words", "result"),
    [
        ("IOC and MOC", "IOC", ", MOC (MDS)", "IOC, MOC (MDS) and MOC"),
        ("set out in subsequent", "in", "a", "set out in a subsequent"),
        ("EPCL.", "EPCL", "; and/or", "EPCL; and/or."),
    ],
)
def test_inserting_separates_by_a_space_unless_punctuation(text, anchor, words, result) -> None:
    assert rules.insert_after(text, anchor, words) == result


def test_inserting_at_the_beginning_and_end() -> None:
    assert rules.insert_at_beginning("FOC Cohorts", "MOC (Secure) and") == (
        "MOC (Secure) and FOC Cohorts"
    )
    assert rules.insert_at_end("of S1SR;", "and/or") == "of S1SR; and/or"
    assert rules.insert_at_end("the EPCL", ".") == "the EPCL."


def test_paragraph_references_name_one_paragraph() -> None:
    body = (
        Block(0, "", "opening"),
        Block(1, "a", "first"),
        Block(2, "i", "sub"),
        Block(0, "", "middle"),
        Block(1, "a", "again"),
        Block(0, "", "x", term="SMETS1 Installation"),
        Block(1, "a", "meter"),
    )
    vocabulary = Vocabulary(DEFAULT)
    names = [refs.name(body, i, vocabulary) for i in range(len(body))]
    assert names == [
        "the first unlabelled paragraph",
        "paragraph (a) of the first unlabelled paragraph",
        "paragraph (a)(i)",
        "the second unlabelled paragraph",
        "paragraph (a) of the second unlabelled paragraph",
        "the definition of “SMETS1 Installation”",
        "paragraph (a) of the definition of “SMETS1 Installation”",
    ]
    for index, words in enumerate(names):
        assert refs.resolve(refs.parse(words, vocabulary), body) == index
    assert refs.name((Block(0, "", "a"), Block(1, "b", "c")), 0, vocabulary) == (
        "the unlabelled paragraph"
    )
    twice = (Block(1, "a", "x"), Block(1, "a", "y"))
    assert refs.name(twice, 1, vocabulary) == "the second paragraph (a)"


def test_ordinals() -> None:
    assert [rules.ordinal(n) for n in (1, 2, 20, 21, 22, 23, 111)] == [
        "first",
        "second",
        "twentieth",
        "21st",
        "22nd",
        "23rd",
        "111th",
    ]
    assert rules.ordinal_value("21st") == 21
    assert rules.ordinal_value("second") == 2
    with pytest.raises(AmendmentError):
        rules.ordinal_value("21th")


def test_word_plan_prefers_short_unique_quotations() -> None:
    edits = plan("ensuring S1SR; and/or", "ensuring S1SR;")
    assert [e.phrase() for e in edits or []] == ["omit “and/or”"]
    edits = plan("the cat and the dog", "the cat and a dog")
    assert [e.phrase() for e in edits or []] == ["for “and the” substitute “and a”"]
    edits = plan("a a a a", "a a b a a")
    assert [e.phrase() for e in edits or []] == ["for “a a a a” substitute “a a b a a”"]
    many = ["a"] * 30
    edits = plan(" ".join(many), " ".join([*many[:15], "b", *many[15:]]))
    assert [e.phrase() for e in edits or []] == ["after the fifteenth occurrence of “a” insert “b”"]


# --- the interpreter refuses what it cannot apply ---------------------------------------


def test_interpreter_refuses_a_schedule_that_does_not_fit(project) -> None:
    old, new = project.edition("5.2"), project.edition("5.3")
    text = markdown(old, new)
    with pytest.raises(AmendmentError, match=r"amends version 5\.2, not 5\.1"):
        apply_schedule(text, project.edition("5.1"))
    with pytest.raises(AmendmentError, match="occurs nowhere"):
        apply_schedule(text.replace("omit “and/or”", "omit “or/and”"), old)
    with pytest.raises(AmendmentError, match="cannot read"):
        apply_schedule(text.replace("After paragraph (b) insert", "Beside paragraph (b) put"), old)
    with pytest.raises(AmendmentError, match="headed"):
        apply_schedule(text.replace("(Firmware Upgrades", "(Firmware Downgrades"), old)


def test_interpreter_checks_the_renumbering(project) -> None:
    old, new = project.edition("5.1"), project.edition("5.2")
    text = markdown(old, new)
    broken = text.replace("Clauses 4.34 to 4.42 are renumbered 4.35 to 4.43.", "")
    broken = broken.replace("**11.** \n", "")
    with pytest.raises(AmendmentError, match="numbered"):
        apply_schedule(broken, old)


def test_read_gives_the_versions_and_amendments(project) -> None:
    old, new = project.edition("5.2"), project.edition("5.3")
    before, after, amendments = read(markdown(old, new))
    assert (before, after) == ("5.2", "5.3")
    assert [len(a.instructions) for a in amendments] == [0, 3]


# --- rendering --------------------------------------------------------------------------


def test_html_page_is_self_contained_and_escaped(project) -> None:
    old, new = project.edition("5.1"), project.edition("5.2")
    page = amendments_html(schedule(compare(old, new)))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert "<title>TMAD v5.1 to v5.2: schedule of amendments</title>" in page
    assert 'id="amendment-11"' in page
    assert "Clauses 4.34 to 4.42 are renumbered 4.35 to 4.43." in page
    assert "How to apply this schedule" in page
    assert "<link" not in page
    assert "<script" not in page
    hostile = edition([Section("s", "S", (Clause("c", "H", (Block(0, "", "plain"),)),))])
    worse = edition(
        [Section("s", "S", (Clause("c", "H", (Block(0, "", "<script>x</script> & y"),)),))],
        "1.1",
    )
    page = amendments_html(schedule(compare(hostile, worse)))
    assert "<script>x" not in page
    assert "&lt;script&gt;x&lt;/script&gt; &amp; y" in page
    assert_reproduces(hostile, worse)


def test_amendment_references_are_linked(project) -> None:
    page = amendments_html(schedule(compare(project.edition("5.3"), project.edition("5.0"))))
    assert re.search(
        r'follows the clause inserted by <a href="#amendment-(\d+)">amendment \1</a>', page
    )


def test_docx_holds_every_instruction(project) -> None:
    old, new = project.edition("5.2"), project.edition("5.3")
    result = schedule(compare(old, new))
    texts = paragraphs(amendments_docx(result))
    assert "TMAD v5.2 to v5.3: schedule of amendments" in texts
    assert any(t.startswith("2.") and "is amended as follows." in t for t in texts)
    assert any("In paragraph (a), omit “and/or”." in t for t in texts)
    assert any(t.startswith("“(c)") for t in texts)
    assert any(t.endswith("has been published.”.") for t in texts)
    assert amendments_docx(result) == amendments_docx(result)


def test_every_format_renders_the_same_schedule(project) -> None:
    from tmad.errors import UsageError
    from tmad.products import VersionProduct

    result = schedule(compare(project.edition("5.0"), project.edition("5.1")))
    product = AmendmentsProduct(result)
    text = render.render(product, "md").decode("utf-8")
    assert text == amendments_markdown(result)
    assert text.startswith("# TMAD v5.0 to v5.1: schedule of amendments\n")
    assert "## How to apply this schedule" in text
    assert render.kinds("md") == {"amendments"}
    with pytest.raises(UsageError, match="format 'md' cannot render a version"):
        render.render(VersionProduct(project.edition("5.0")), "md")


def test_pdf_renders(project) -> None:
    from tmad import render

    old, new = project.edition("5.2"), project.edition("5.3")
    data = render.render(AmendmentsProduct(schedule(compare(old, new))), "pdf")
    assert data.startswith(b"%PDF")


def amendments_html(schedule_: object) -> str:
    """The schedule's HTML page, as the build renders it."""
    return render.render(AmendmentsProduct(schedule_), "html").decode("utf-8")


def amendments_docx(schedule_: object) -> bytes:
    """The schedule's DOCX, as the build renders it."""
    return render.render(AmendmentsProduct(schedule_), "docx")
