"""Scaffolding: ``tmad init`` (an empty project) and ``tmad new-version`` (a version that
records changes against a base)."""

from __future__ import annotations

import re
from pathlib import Path

from tmad.dates import option_date
from tmad.errors import UsageError
from tmad.loader import CHANGES_FILE, DOCUMENT_FILE, SOURCE_DIR, VERSION_FILE
from tmad.project import Project
from tmad.scheme import DEFAULT_TEXT
from tmad.templating import render
from tmad.writing import write_atomic

SCHEMES = ("infer", "tmad")

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)*\Z")


def check_version_number(number: str) -> None:
    """Refuse a version number that is not one (it names a folder under clauses/)."""
    if not _NUMBER.match(number):
        raise UsageError(f"version number '{number}' should look like 5.4")


def new_version(
    project: Project,
    number: str,
    base: str,
    title: str,
    author: str | None = None,
    date: str | None = None,
) -> list[str]:
    """Create ``clauses/NUMBER/`` with its metadata and an empty changes file."""
    check_version_number(number)
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


def new_document(title: str, owner: str, language: str) -> dict[str, str]:
    """A new document's metadata (``document.yaml``): its id made from the title's first
    words, the title shortened for running heads, a public classification."""
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title must not be empty")
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return {
        "id": "-".join(words.split("-")[:5]) or "document",
        "title": title,
        "short_title": title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0],
        "owner": " ".join(owner.split()) or "Owner",
        "classification": "Public",
        "language": language,
    }


def init_project(
    root: Path,
    title: str,
    owner: str = "Owner",
    language: str = "en-GB",
    scheme: str = "infer",
    numbering: str = "",
) -> list[str]:
    """Create ``ROOT/clauses/document.yaml`` for a project with no version yet; ``numbering``
    is a ``numbering:`` block to declare (else the scheme named by ``scheme``)."""
    fields = new_document(title, owner, language)
    if scheme not in SCHEMES:
        raise UsageError(f"unknown --scheme '{scheme}' (use one of: {', '.join(SCHEMES)})")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", language):
        raise UsageError(f"--language '{language}' should be a language tag like en-GB")
    path = root / SOURCE_DIR / DOCUMENT_FILE
    if (root / SOURCE_DIR).exists():
        raise UsageError(f"{root / SOURCE_DIR} already exists: {root} is a project already")
    if scheme == "tmad" and not numbering:
        numbering = "numbering:\n  " + DEFAULT_TEXT.rstrip("\n").replace("\n", "\n  ")
    context = {**fields, "numbering": numbering.rstrip("\n")}
    write_atomic(path, render("document.yaml", **context).encode("utf-8"))
    return [path.as_posix()]
