"""Packaging: every sub-package of tmad is listed in pyproject.toml, so installs are complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_packaged() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "tmad").rglob("__init__.py")
    }
    assert found | {"tmad.templates"} == listed
    assert config["package-dir"]["tmad.templates"] == "templates"
