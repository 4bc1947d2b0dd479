"""``tmad redline OLD.docx NEW.docx``: two files compared without a project.

Each file is read as ``tmad import`` reads it, and made a version of a document held in
memory: the numbering scheme is inferred from all the files together, the first file is
version 1 and each later one is aligned with the one before (its provisions matched by
heading and text, the import's alignment), and citations of the document's own provisions
become references, so that numbers which only follow a renumbering are consequential. The
redline is then the ordinary clause-aware redline of those versions: summary, renumbering,
moves, JSON change list and tracked-changes DOCX. Akoma Ntoso files compare the same way.

Nothing is written: the texts are those ``tmad import`` would write and prove by reading
back (a test holds the two equal), without the round trip through source files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tmad.consolidate import consolidate
from tmad.dates import option_date
from tmad.errors import UsageError
from tmad.importing.akn import akn_seen, read_akn
from tmad.importing.builder import Builder
from tmad.importing.changes import align
from tmad.importing.infer import infer_scheme, merged, relevel
from tmad.importing.run import READERS, read_events
from tmad.importing.version import Report, renumbered, with_citations
from tmad.model import Document, Edition, Section, Version
from tmad.numbering import number
from tmad.outline import assign_kinds
from tmad.references import resolve
from tmad.scaffold import new_document
from tmad.scheme import Scheme

SUFFIXES = (*READERS, ".xml")
"""The files ``tmad redline`` compares directly."""


@dataclass(frozen=True, slots=True)
class Compared:
    """Files compared: each one's edition, in order, and notes on how they were read."""

    editions: list[Edition]
    notes: list[str]


def are_files(arguments: list[str]) -> bool:
    """Whether ``tmad redline``'s arguments name files rather than versions."""
    return all(Path(a).suffix.lower() in SUFFIXES for a in arguments)


def compared(paths: list[Path], date: str | None = None) -> Compared:
    """``paths`` as versions 1, 2, … of one document, each aligned with the one before.
    The scheme is inferred from all the files together (Word and text files are read
    once; Akoma Ntoso files name their levels by their elements)."""
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    day = option_date(date)
    names = " and ".join(str(p) for p in paths)
    akn = [p.suffix.lower() == ".xml" for p in paths]
    if any(akn) and not all(akn):
        raise UsageError("compare Akoma Ntoso files with Akoma Ntoso files: import the others")
    texts: list[tuple[list[Section], list[str]]] = []
    if all(akn):  # each file's elements name its levels
        _, scheme = infer_scheme(merged([akn_seen(path) for path in paths]), names)
        for path in paths:
            read = read_akn(path, scheme)
            texts.append((read.sections, read.notes))
    else:
        read_files = [read_events(path, False) for path in paths]
        events = [event for file_events, _ in read_files for event in file_events]
        first = Builder(names, None, relevel(events, None)).build()
        _, scheme = infer_scheme(first.seen, names)
        for path, (file_events, skipped) in zip(paths, read_files, strict=True):
            built = Builder(str(path), scheme, relevel(file_events, scheme)).build()
            texts.append((built.sections, built.notes + skipped))
    fields = new_document(f"{paths[-1].stem} compared", "tmad redline", "en-GB")
    document = Document(
        id=fields["id"], title=fields["title"], short_title=fields["short_title"], code="",
        appendix="", owner=fields["owner"], classification=fields["classification"],
        language=fields["language"], notice="", versions=(), chains=(), sources=(),
        scheme=scheme,
    )  # fmt: skip
    notes: list[str] = []
    editions: list[Edition] = []
    numbered: Edition | None = None  # the file before, numbered, its references unresolved
    for index, (path, (sections, read_notes)) in enumerate(zip(paths, texts, strict=True), 1):
        report = Report(str(index))
        report.notes.extend(read_notes)
        if numbered is not None:
            retired = {c.id for e in editions for c in e.clauses()}
            sections = align(numbered, sections, retired, report.notes, all(akn))
        version = Version(
            number=str(index), base=None, status="draft", date=day, title=path.name,
            author=path.name, consultation=None, milestones=(), sections=None, changes=(),
            sources=(),
        )  # fmt: skip
        held = [_with_kinds(section, scheme) for section in sections]
        document, numbered = _added(document, version, held)
        report.notes.extend(renumbered(held, numbered))
        cited = with_citations(numbered, held, report)
        if report.citations:
            document, numbered = _added(document, version, cited)
        editions.append(resolve(numbered))
        notes.extend(f"{path.name}: {note}" for note in report.notes)
    return Compared([replace(e, document=document) for e in editions], notes)


def _with_kinds(section: Section, scheme: Scheme) -> Section:
    """The section with each label's level found, as the loader finds it."""
    clauses = tuple(replace(c, body=assign_kinds(scheme, c.body)) for c in section.clauses)
    return replace(section, clauses=clauses)


def _added(
    document: Document, version: Version, sections: list[Section]
) -> tuple[Document, Edition]:
    """The document with ``version`` holding ``sections``, and the version's numbered text
    (its references by id not yet resolved: the last step, once its citations are)."""
    versions = [v for v in document.versions if v.number != version.number]
    document = replace(document, versions=(*versions, replace(version, sections=tuple(sections))))
    return document, number(consolidate(document, version.number))
