"""An imported text made a version of a project, proved by reading it back.

1. The text is written as sources (:mod:`tmad.importing.sources`) into a copy of the
   project's ``clauses/`` in a temporary folder, and loaded and consolidated there by the
   ordinary loader.
2. Every container and clause must come back with the heading, paragraphs, labels and
   words that were imported; a difference is an error naming the clause, never a silent
   change. A computed number that differs from the one read is a note (the scheme numbers
   the text differently from the file).
3. Citations of the document's own provisions ("Clause 4.28") are rewritten as
   ``[[id]]``, so that they follow renumbering, and the text is proved again.
4. Only then is ``clauses/VERSION/`` created in the project, whole, by one rename.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from tmad.citations import find, resolve
from tmad.consolidate import consolidate
from tmad.editions import edition as consolidated
from tmad.errors import SourceError, UsageError
from tmad.importing.changes import align, changes_text
from tmad.importing.sources import files
from tmad.loader import CHANGES_FILE, DOCUMENT_FILE, SOURCE_DIR, VERSION_FILE, load_document
from tmad.model import Block, Clause, Document, Edition, Section
from tmad.numbering import number
from tmad.references import REFERENCE, targets
from tmad.scheme import Scheme
from tmad.templating import render

NUMBERING_NOTE = """\
# The numbering scheme, inferred by tmad import from the first version's text: how its
# headings and labels are numbered (README, "Numbering schemes"). Edit it freely.
"""


PLACEHOLDER = "# numbering: none declared yet."


@dataclass(frozen=True, slots=True)
class Meta:
    """A new version's metadata, from the command line."""

    number: str
    base: str | None
    title: str
    author: str
    date: dt.date
    status: str = "draft"


@dataclass
class Report:
    """What an import did, for the drafter."""

    version: str
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    citations: int = 0


def import_version(
    root: Path,
    sections: list[Section],
    meta: Meta,
    report: Report,
    numbering: str = "",
    stable_ids: bool = False,
    document: Document | None = None,
) -> Edition:
    """Write ``sections`` as version ``meta.number`` of the project at ``root``.

    ``numbering`` (an inferred scheme's YAML) is added to ``document.yaml`` with the version,
    both or neither. ``stable_ids``: the file's ids name the same provision in every version
    (Akoma Ntoso's), so they align it with its base. ``document``: the project as loaded
    (else it is loaded)."""
    document = document or load_document(root, empty=True)
    if any(v.number == meta.number for v in document.versions):
        raise UsageError(f"version {meta.number} already exists")
    target = root / SOURCE_DIR / meta.number
    if target.exists():
        raise UsageError(f"{target} already exists")
    base = None
    if meta.base:
        if not any(v.number == meta.base for v in document.versions):
            known = ", ".join(v.number for v in document.versions) or "none"
            raise UsageError(f"unknown base version '{meta.base}' (versions: {known})")
        base = number(consolidate(document, meta.base))
        retired = {
            c.id for v in document.versions for c in consolidated(document, v.number).clauses()
        }
        sections = align(base, sections, retired, report.notes, stable_ids)
    with tempfile.TemporaryDirectory(prefix=".tmad-import-", dir=root) as temp:
        scratch = Path(temp)
        shutil.copytree(root / SOURCE_DIR, scratch / SOURCE_DIR)
        described = scratch / SOURCE_DIR / DOCUMENT_FILE
        if numbering:
            text = _without_placeholder(described.read_text("utf-8")).rstrip("\n")
            described.write_text(f"{text}\n{NUMBERING_NOTE}{numbering}", "utf-8")
        scheme = load_document(scratch, empty=True).scheme if numbering else document.scheme
        edition = _prove(scratch, sections, meta, base, report, True, scheme)
        cited = with_citations(edition, sections, report)
        if report.citations:
            edition = _prove(scratch, cited, meta, base, report, False, scheme)
        staged = scratch / SOURCE_DIR / meta.number
        os.replace(staged, target)
        if numbering:
            try:
                os.replace(described, root / SOURCE_DIR / DOCUMENT_FILE)
            except OSError:
                shutil.rmtree(target)
                raise
            report.written.append(f"{SOURCE_DIR}/{DOCUMENT_FILE} (numbering)")
    report.written[:0] = sorted(
        (target / name).relative_to(root).as_posix() for name in os.listdir(target)
    )
    return edition


def _without_placeholder(text: str) -> str:
    """``document.yaml`` without the comment ``tmad init`` leaves where numbering goes."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(PLACEHOLDER):
            end = index + 1
            while end < len(lines) and lines[end].startswith("# "):
                end += 1
            return "".join(lines[:index] + lines[end:])
    return text


def _prove(
    scratch: Path,
    sections: list[Section],
    meta: Meta,
    base: Edition | None,
    report: Report,
    first: bool,
    scheme: Scheme,
) -> Edition:
    folder = scratch / SOURCE_DIR / meta.number
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    context = {
        "number": meta.number,
        "base": meta.base,
        "title": meta.title,
        "author": meta.author,
        "date": meta.date.isoformat(),
        "status": meta.status,
    }
    (folder / VERSION_FILE).write_text(render("new-version.yaml", **context), "utf-8")
    if base is None:
        for name, text in files(scheme, sections):
            (folder / name).write_text(text, "utf-8")
    else:
        text = changes_text(scheme, base, sections, meta.title)
        (folder / CHANGES_FILE).write_text(text, "utf-8")
    try:
        edition = consolidated(load_document(scratch), meta.number)
    except SourceError as exc:
        raise SourceError(f"the imported text cannot be held as sources: {exc}") from None
    problems = compare(sections, edition, report if first else None)
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise SourceError(
            f"the imported text does not read back as it was imported:\n  {shown}{more}"
        )
    return edition


def _shape(block: Block, numbers: dict[str, str]) -> tuple[int, str, str, str, int]:
    """A paragraph as compared: its ``[[id]]`` read as the number it shows."""
    text = REFERENCE.sub(lambda m: numbers.get(m.group(1), m.group(0)), block.text)
    return (block.level, block.label, block.term, " ".join(text.split()), block.quote)


def compare(sections: list[Section], edition: Edition, report: Report | None) -> list[str]:
    """Differences between what was imported and what the sources read back as."""
    problems: list[str] = []
    wanted = [s for s in sections if not s.is_root]
    got = [s for s in edition.sections if not s.is_root]
    if [(s.id, s.heading) for s in wanted] != [(s.id, s.heading) for s in got]:
        problems.append("the containers (parts, chapters, sections) differ")
    clauses = {c.id: c for c in edition.clauses()}
    numbers = targets(edition)
    for section in sections:
        for clause in section.clauses:
            back_clause = clauses.get(clause.id)
            if back_clause is None:
                problems.append(f"{clause.id}: missing")
                continue
            if clause.heading != back_clause.heading:
                problems.append(f"{clause.id}: heading {back_clause.heading!r}")
            shapes = [_shape(b, numbers) for b in clause.body]
            if shapes != [_shape(b, numbers) for b in back_clause.body]:
                problems.append(_first_difference(clause, back_clause, numbers))
    if report is not None:
        report.notes.extend(renumbered(sections, edition))
    return problems


def renumbered(sections: list[Section], edition: Edition) -> list[str]:
    """A note for each container and clause that the file numbers differently from the
    scheme (the numbered ``edition`` of ``sections``)."""
    notes = []
    wanted = [s for s in sections if not s.is_root]
    got = [s for s in edition.sections if not s.is_root]
    for section, back in zip(wanted, got, strict=False):
        if section.number and back.number != section.number:
            notes.append(
                f"{section.level} {section.number} is numbered {back.number} by the scheme"
            )
    numbers = {c.id: c.number for c in edition.clauses()}
    unit = edition.document.scheme.unit.name
    for section in sections:
        for clause in section.clauses:
            back_number = numbers.get(clause.id)
            if clause.number and back_number is not None and back_number != clause.number:
                notes.append(
                    f"{unit} {clause.number} ({clause.id}) is numbered {back_number} by the scheme"
                )
    return notes


def _first_difference(clause: Clause, back: Clause, numbers: dict[str, str]) -> str:
    for index, (a, b) in enumerate(zip(clause.body, back.body, strict=False)):
        if _shape(a, numbers) != _shape(b, numbers):
            return (
                f"{clause.id}, paragraph {index + 1}: imported {a.plain()[:80]!r}, "
                f"reads back as {b.plain()[:80]!r}"
            )
    return f"{clause.id}: {len(clause.body)} paragraphs imported, {len(back.body)} read back"


def with_citations(edition: Edition, sections: list[Section], report: Report) -> list[Section]:
    """The sections with each citation of this document's own provisions as ``[[id]]``."""
    out = []
    for section in sections:
        clauses = []
        for clause in section.clauses:
            texts = [_cite(block.text, edition, clause.id, report) for block in clause.body]
            if any(text != block.text for text, block in zip(texts, clause.body, strict=True)):
                body = tuple(
                    block if text == block.text else replace(block, text=text)
                    for text, block in zip(texts, clause.body, strict=True)
                )
                clause = replace(clause, body=body)
            clauses.append(clause)
        out.append(replace(section, clauses=tuple(clauses)))
    return out


def _cite(text: str, edition: Edition, current: str, report: Report) -> str:
    document: Document = edition.document
    pieces = []
    last = 0
    for citation in find(text, document):
        if citation.external or not citation.number:
            continue
        end = citation.start + len(citation.number)
        if text[citation.start : end] != citation.number or citation.start < last:
            continue
        kind, ident = resolve(citation, edition, current)
        if kind not in ("clause", "section"):
            continue
        pieces.append(text[last : citation.start])
        pieces.append(f"[[{ident}]]")
        last = end
        report.citations += 1
    pieces.append(text[last:])
    return "".join(pieces)
