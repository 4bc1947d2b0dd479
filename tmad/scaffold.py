"""``tmad new-version``: scaffold a version that records changes against a base."""

from __future__ import annotations

import re
from pathlib import Path

from tmad.dates import option_date
from tmad.errors import UsageError
from tmad.loader import CHANGES_FILE, SOURCE_DIR, VERSION_FILE
from tmad.project import Project
from tmad.templating import render
from tmad.writing import write_atomic

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)*\Z")


def new_version(
    project: Project,
    number: str,
    base: str,
    title: str,
    author: str | None = None,
    date: str | None = None,
) -> list[str]:
    """Create ``clauses/NUMBER/`` with its metadata and an empty changes file."""
    if not _NUMBER.match(number):
        raise UsageError(f"version number '{number}' should look like 5.4")
    base_version = project.edition(base).version
    if number in project.editions:
        raise UsageError(f"version {number} already exists")
    if not title.strip():
        raise UsageError("--title must not be empty")
    day = option_date(date)
    directory = project.root / SOURCE_DIR / number
    if directory.exists():
        raise UsageError(f"{directory} already exists")
    context = {
        "number": number,
        "base": base,
        "title": " ".join(title.split()),
        "comment_title": " ".join(title.split()).replace("--", "- -"),
        "author": author or base_version.author,
        "date": day.isoformat(),
    }
    directory.mkdir(parents=True)
    created = []
    for name, template in ((VERSION_FILE, "new-version.yaml"), (CHANGES_FILE, "new-changes.md")):
        path: Path = directory / name
        write_atomic(path, render(template, **context).encode("utf-8"))
        created.append(path.relative_to(project.root).as_posix())
    return created
