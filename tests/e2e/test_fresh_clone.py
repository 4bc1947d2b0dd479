"""A fresh clone of the repository alone runs the README's two commands: build, then tests.

The clone has nothing beside it (no ``../shared``) and no virtual environments; the commands
are read from the README's "Two commands" block and run as a user would type them. It
clones the last commit, which is what CI checks out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The commands of the README's "Two commands" block, comments removed."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README.md has no sh block under 'Two commands'"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_commands_are_the_two_the_brief_names() -> None:
    assert readme_commands() == ["python3 -m pip install nox && nox -s build", "nox -s tests"]


def test_a_fresh_clone_builds_and_tests_with_the_readme_commands(tmp_path: Path) -> None:
    alone = tmp_path / "alone"  # nothing beside the clone: no ../shared
    alone.mkdir()
    clone = alone / "tmad"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    assert sorted(p.name for p in alone.iterdir()) == ["tmad"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMAD_", "NOX", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".nox" not in p
    )
    for command in readme_commands():
        result = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True
        )
        tail = (result.stdout + result.stderr)[-3000:]
        assert result.returncode == 0, f"{command!r} failed in a fresh clone:\n{tail}"
    manifest = json.loads((clone / "build" / "manifest.json").read_text())
    assert len(manifest["outputs"]) > 40
    assert (clone / "build" / "index.html").is_file()
    assert (clone / "build" / "examples" / "us-code" / "manifest.json").is_file()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=clone, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert status.stdout == "", "the commands changed tracked files"
