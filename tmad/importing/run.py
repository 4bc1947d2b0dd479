"""``tmad import``: a file read by its importer, then written as a version of the project."""

from __future__ import annotations

from pathlib import Path

from tmad.dates import option_date
from tmad.errors import UsageError
from tmad.importing.builder import Builder, Event
from tmad.importing.infer import infer_scheme, relevel
from tmad.importing.version import Meta, Report, import_version
from tmad.loader import load_document
from tmad.scaffold import check_version_number
from tmad.scheme import DEFAULT

READERS = (".docx", ".txt", ".md")


def read_events(path: Path, reject: bool) -> tuple[list[Event], list[str]]:
    """The headings and paragraphs of a Word or text file, and notes on what was skipped."""
    if path.suffix.lower() == ".docx":
        from tmad.importing.word import read_word

        read = read_word(path, reject)
        return read.events, read.notes
    from tmad.importing.text import read_text_file

    if reject:
        raise UsageError("--reject applies to Word files with tracked changes, not to text")
    return read_text_file(path), []


def run_import(
    root: Path,
    path: Path,
    number: str,
    base: str | None,
    title: str | None,
    author: str | None,
    date: str | None,
    status: str,
    reject: bool,
    events: list[Event] | None = None,
) -> Report:
    """Import ``path`` as version ``number``; the report says what was done. ``events``:
    the file's headings and paragraphs when already read (:func:`read_events`)."""
    check_version_number(number)
    day = option_date(date)
    document = load_document(root, empty=True)
    suffix = path.suffix.lower()
    report = Report(number)
    numbering = ""
    if suffix == ".xml":
        from tmad.importing.akn import akn_seen, read_akn

        if reject:
            raise UsageError("--reject applies to Word files with tracked changes, not to AKN")
        scheme = document.scheme
        if not document.versions and scheme is DEFAULT:
            numbering, scheme = infer_scheme(akn_seen(path), str(path))
        read = read_akn(path, scheme)
        sections, notes = read.sections, read.notes
    elif suffix in READERS:
        if events is None:
            events, notes = read_events(path, reject)
        else:
            notes = []
        scheme = document.scheme
        if not document.versions and scheme is DEFAULT:
            first = Builder(str(path), None, relevel(events, None)).build()
            numbering, scheme = infer_scheme(first.seen, str(path))
        built = Builder(str(path), scheme, relevel(events, scheme)).build()
        sections, notes = built.sections, built.notes + notes
    else:
        raise UsageError(
            f"{path}: import reads Akoma Ntoso (.xml), Word (.docx) or text (.txt, .md) files"
        )
    report.notes.extend(notes)
    if author is None:
        known = {v.number: v for v in document.versions}
        author = known[base].author if base in known else document.owner
    meta = Meta(
        number=number,
        base=base,
        title=title or f"Imported from {path.name}",
        author=author,
        date=day,
        status=status,
    )
    import_version(root, list(sections), meta, report, numbering, suffix == ".xml", document)
    return report
