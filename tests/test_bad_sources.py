"""Bad input, as data: each tests/bad_sources/CASE overlays the minimal project.

A case holds the files that differ from tests/fixtures/minimal, an optional
DELETE (paths to remove, one a line) and expect.txt: the command, its exit
status and the exact error it prints. No traceback, sources untouched.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import tree_digest
from tmad.checks import run_checks
from tmad.errors import Location, SourceError
from tmad.project import load_project

CASES = Path(__file__).resolve().parent / "bad_sources"


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _overlay(case: Path, target: Path) -> None:
    for path in case.rglob("*"):
        if path.is_file() and path.name not in ("expect.txt", "DELETE"):
            dest = target / path.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    delete = case / "DELETE"
    if delete.exists():
        for line in delete.read_text().split():
            (target / line).unlink()


@pytest.mark.parametrize("name", _cases())
def test_bad_source(name: str, minimal: Path, tmad) -> None:
    case = CASES / name
    _overlay(case, minimal)
    command, status, *message = (case / "expect.txt").read_text().rstrip("\n").split("\n")
    args = shlex.split(command.removeprefix("$ "))
    assert args[0] == "tmad"
    before = tree_digest(minimal)
    result = tmad("--project", str(minimal), *args[1:])
    assert result.code == int(status.removeprefix("exit "))
    assert result.err.rstrip("\n").split("\n") == message
    assert "Traceback" not in result.err
    assert tree_digest(minimal) == before


def _source_cases() -> list[str]:
    """The cases whose sources are bad (exit 1), not a command's arguments (exit 2)."""
    return [n for n in _cases() if "\nexit 1\n" in (CASES / n / "expect.txt").read_text()]


@pytest.mark.parametrize("name", _source_cases())
def test_check_reports_the_problem_that_stops_a_load(name: str, minimal: Path) -> None:
    """``tmad check`` and every other command read a project through the same loader
    (tmad.project.read_project): the problem that stops a load is one that check reports."""
    _overlay(CASES / name, minimal)
    with pytest.raises(SourceError) as stopped:
        load_project(minimal)
    error = stopped.value
    reported = {(d.message, d.location) for d in run_checks(minimal).diagnostics}
    assert (error.message, error.location or Location("")) in reported
