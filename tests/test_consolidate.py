"""Loading and consolidation on the minimal project: every kind of change, ids kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmad.errors import SourceError
from tmad.project import load_project

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def project():
    return load_project(MINIMAL)


def numbers(edition) -> dict[str, str]:
    return {clause.id: clause.number for clause in edition.clauses()}


def test_base_version_numbers_in_order(project) -> None:
    assert numbers(project.edition("1.0")) == {
        "purpose": "1.1",
        "meanings": "1.2",
        "duties": "1.3",
        "notices": "2.1",
        "reviews": "2.2",
        "spent": "2.3",
    }


def test_changes_apply_in_order(project) -> None:
    edition = project.edition("1.1")
    assert numbers(edition) == {
        "reviews": "1.1",  # moved to the start of section 1
        "purpose": "1.2",
        "scope": "1.3",  # inserted after purpose
        "meanings": "1.4",
        "duties": "1.5",
        "notices": "2.1",  # spent deleted
    }
    assert edition.clause("duties").heading == "Duties of the Owner"
    assert "(i) for seven years; and" in edition.clause("duties").plain()


def test_renumbering_keeps_identity_and_text(project) -> None:
    old, new = project.edition("1.0").clause("purpose"), project.edition("1.1").clause("purpose")
    assert (old.number, new.number) == ("1.1", "1.2")
    assert old.heading == new.heading
    # the reference [[meanings]] follows its target from 1.2 to 1.4
    assert "Clause 1.2 defines" in old.plain()
    assert "Clause 1.4 defines" in new.plain()


def test_amend_inserts_definition_in_alphabetical_place(project) -> None:
    terms = [b.term for b in project.edition("1.1").clause("meanings").body if b.term]
    assert terms == ["Alpha Term", "Beta Term", "Gamma Term"]


def test_unchanged_version_text_is_shared(project) -> None:
    """A version records only what it changes: untouched clauses are the base's, equal."""
    assert project.edition("1.0").clause("notices") == project.edition("1.1").clause("notices")


def test_sources_are_the_lineage(project) -> None:
    sources = project.edition("1.1").sources
    assert "clauses/1.0/01-general.md" in sources
    assert "clauses/1.1/changes.md" in sources
    assert sources[0] == "clauses/document.yaml"


def test_metadata_round_trips(project, tmad) -> None:
    import json

    result = tmad("--project", str(MINIMAL), "versions", "--json")
    data = json.loads(result.out)
    assert data["document"] == "mini"
    first, second = data["versions"]
    assert first == {
        "version": "1.0",
        "base": None,
        "status": "designated",
        "date": "2020-01-15",
        "title": "First text",
        "author": "Tester",
        "consultation": None,
        "milestones": {"designated": "2020-01-15"},
        "changes": 0,
    }
    assert second["base"] == "1.0"
    assert second["changes"] == 5
    version = project.document.version("1.1")
    assert (version.status, version.date.isoformat(), version.title) == (
        "draft",
        "2020-03-02",
        "Second text",
    )


def test_show_json_selects_by_number_or_id(tmad) -> None:
    import json

    result = tmad("--project", str(MINIMAL), "show", "1.1", "1.5", "notices", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert [c["id"] for c in data["clauses"]] == ["duties", "notices"]
    assert data["clauses"][0]["text"].split("\n")[1] == (
        "(a) keep records of each Alpha Term, Beta Term and Gamma Term;"
    )


def test_new_version_scaffold_consolidates_to_its_base(minimal, tmad) -> None:
    result = tmad(
        "--project",
        str(minimal),
        "new-version",
        "1.2",
        "--from",
        "1.1",
        "--title",
        "Third text",
        "--date",
        "2020-05-01",
    )
    assert result.code == 0, result.err
    assert "created clauses/1.2/version.yaml" in result.out
    project = load_project(minimal)
    version = project.document.version("1.2")
    assert (version.base, version.status, version.title, version.author) == (
        "1.1",
        "draft",
        "Third text",
        "Tester",
    )
    assert project.edition("1.2").sections == project.edition("1.1").sections
    again = tmad("--project", str(minimal), "new-version", "1.2", "--from", "1.1", "--title", "x")
    assert again.code == 2
    assert "version 1.2 already exists" in again.err


def test_change_order_matters(minimal) -> None:
    changes = minimal / "clauses" / "1.1" / "changes.md"
    changes.write_text(
        "## A {#a insert after=b}\n\nText a.\n\n## B {#b insert after=purpose}\n\nText b.\n"
    )
    with pytest.raises(SourceError, match=r"after=b: no clause or section 'b'") as info:
        load_project(minimal)
    assert str(info.value.location) == "clauses/1.1/changes.md:1"


def test_check_reports_labels_out_of_sequence(minimal, tmad) -> None:
    other = minimal / "clauses" / "1.0" / "02-other.md"
    other.write_text(other.read_text() + "\n## Extra {#extra}\n\nLead:\n\n(a) one;\n(c) three.\n")
    result = tmad("--project", str(minimal), "check", "--select", "S")
    assert result.code == 1
    assert (
        "clauses/1.0/02-other.md:20:1: S006 error: in 1.0, clause 2.4: paragraph (c) is out of "
        "sequence after (a): expected (b)"
    ) in result.out
    assert "Found 1 error(s) and 0 warning(s)." in result.out
