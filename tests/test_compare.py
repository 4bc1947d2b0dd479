"""Clause alignment by stable id: renumbered, moved, inserted, deleted, modified."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmad.diff.compare import align_blocks, compare
from tmad.model import Block
from tmad.project import load_project

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def comparison():
    project = load_project(MINIMAL)
    return compare(project.edition("1.0"), project.edition("1.1"))


def kinds(comparison) -> dict[str, tuple[str, ...]]:
    return {c.id: c.kinds for c in comparison.changed()}


def test_every_kind_is_reported_once(comparison) -> None:
    assert kinds(comparison) == {
        "reviews": ("renumbered", "moved"),
        "purpose": ("modified", "renumbered"),  # its reference to 'meanings' now reads 1.4
        "scope": ("inserted",),
        "meanings": ("modified", "renumbered"),
        "duties": ("modified", "renumbered"),
        "spent": ("deleted",),
    }


def test_renumbered_clause_is_not_deleted_and_inserted(comparison) -> None:
    change = comparison.clauses["purpose"]
    assert (change.old_number, change.new_number) == ("1.1", "1.2")
    assert "inserted" not in change.kinds
    assert "deleted" not in change.kinds


def test_unchanged_clause_reports_nothing(comparison) -> None:
    assert comparison.clauses["notices"].kinds == ()


def test_moved_clause_stands_at_both_places(comparison) -> None:
    general = next(s for s in comparison.order if s.id == "general")
    other = next(s for s in comparison.order if s.id == "other")
    assert ("insert", "reviews") in [(c.op, c.id) for c in general.clauses]
    assert ("delete", "reviews") in [(c.op, c.id) for c in other.clauses]


def test_word_changes_inside_a_sub_paragraph(comparison) -> None:
    change = comparison.clauses["duties"]
    modified = [b for b in change.blocks if b.kind == "modified"]
    assert [b.new.label for b in modified] == ["a", "i"]
    assert [(s.op, s.text) for s in modified[0].text] == [
        ("equal", "keep records of each Alpha Term"),
        ("insert", ", Beta Term"),
        ("equal", " and "),
        ("delete", "Beta"),
        ("insert", "Gamma"),
        ("equal", " Term;"),
    ]
    assert [(s.op, s.text) for s in modified[1].text if s.op != "equal"] == [
        ("delete", "six"),
        ("insert", "seven"),
    ]
    assert [(s.op, s.text) for s in change.heading if s.op != "equal"] == [
        ("insert", " of the Owner")
    ]


def test_defined_term_added(comparison) -> None:
    change = comparison.clauses["meanings"]
    inserted = [b for b in change.blocks if b.kind == "inserted"]
    assert [b.new.term for b in inserted] == ["Gamma Term"]


def test_relabelled_paragraph_is_aligned_not_replaced() -> None:
    old = (Block(1, "a", "first thing;"), Block(1, "b", "second thing."))
    new = (
        Block(1, "a", "first thing;"),
        Block(1, "b", "new thing;"),
        Block(1, "c", "second thing."),
    )
    changes = align_blocks(old, new)
    assert [c.kind for c in changes] == ["equal", "inserted", "modified"]
    relabelled = changes[2]
    assert [(s.op, s.text) for s in relabelled.label] == [("delete", "(b)"), ("insert", "(c)")]
    assert all(s.op == "equal" for s in relabelled.text)


def test_alike_paragraphs_pair_as_modified() -> None:
    old = (Block(0, "", "DCC shall publish the report each month."),)
    new = (Block(0, "", "DCC shall publish the report each quarter."),)
    assert [c.kind for c in align_blocks(old, new)] == ["modified"]
    different = (Block(0, "", "Something entirely unrelated is said here instead."),)
    assert [c.kind for c in align_blocks(old, different)] == ["deleted", "inserted"]
