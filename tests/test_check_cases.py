"""`tmad check` on small projects, as data: tests/check_cases/CASE/ holds the files that
differ from tests/fixtures/minimal (plus tests/fixtures/publication when BASE says
"publication"), command.txt and expect.txt (exit status and the exact output).

expect.txt files are golden: after a deliberate change, regenerate them with
``python -m tests.test_check_cases`` and review the git diff line by line.
"""

from __future__ import annotations

import contextlib
import io
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from tmad.cli import main

HERE = Path(__file__).resolve().parent
CASES = HERE / "check_cases"
SPECIAL = {"BASE", "command.txt", "expect.txt"}


def _prepare(case: Path, target: Path) -> None:
    shutil.copytree(HERE / "fixtures" / "minimal", target)
    base = case / "BASE"
    if base.exists() and base.read_text().strip() == "publication":
        shutil.copytree(HERE / "fixtures" / "publication", target, dirs_exist_ok=True)
    for path in case.rglob("*"):
        if path.is_file() and path.name not in SPECIAL:
            dest = target / path.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def run_case(case: Path, target: Path) -> str:
    """Run a case's command on its project; the exit status and output as expect.txt holds."""
    _prepare(case, target)
    args = shlex.split((case / "command.txt").read_text().strip())
    assert args[0] == "tmad"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(["--project", str(target), *args[1:]])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return f"exit {code}\n{out.getvalue()}"


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_check_case(name: str, tmp_path: Path) -> None:
    case = CASES / name
    assert run_case(case, tmp_path / "project") == (case / "expect.txt").read_text()


def regenerate() -> None:
    """Rewrite every expect.txt from the current behaviour (review the diff!)."""
    import tempfile

    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        with tempfile.TemporaryDirectory() as temp:
            (case / "expect.txt").write_text(run_case(case, Path(temp) / "project"))
        print(f"regenerated {case.relative_to(HERE.parent)}/expect.txt", file=sys.stderr)


if __name__ == "__main__":
    regenerate()


def test_every_code_is_listed_documented_and_used() -> None:
    """tmad check --list, the README's table and the codes the checks report agree."""
    import re

    from tmad.checks.codes import CODES

    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| ([SRTADXQP]\d{3}) \|", readme, re.M)
    assert documented == list(CODES)
    used = set()
    for path in (HERE.parent / "tmad").rglob("*.py"):
        used.update(re.findall(r'"([SRTADXQP]\d{3})"', path.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()
    assert set(CODES) - used == set()
