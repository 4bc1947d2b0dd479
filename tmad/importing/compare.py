"""``tmad redline OLD.docx NEW.docx``: two files compared without a project.

Each file is imported, as ``tmad import`` would, into a project made for the purpose in a
temporary folder: the numbering scheme is inferred from all the files together, the first
file is version 1 and each later one records its changes against the one before, its
provisions aligned by heading and text. The redline is then the project's own, clause-aware
redline: summary, renumbering, moves, JSON change list and tracked-changes DOCX. Akoma Ntoso
files compare the same way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tmad.errors import UsageError
from tmad.importing.akn import akn_seen
from tmad.importing.builder import Builder, Event
from tmad.importing.infer import infer_scheme, merged, relevel
from tmad.importing.run import READERS, read_events, run_import
from tmad.project import Project, load_project
from tmad.scaffold import init_project

SUFFIXES = (*READERS, ".xml")
"""The files ``tmad redline`` compares directly."""


def are_files(arguments: list[str]) -> bool:
    """Whether ``tmad redline``'s arguments name files rather than versions."""
    return all(Path(a).suffix.lower() in SUFFIXES for a in arguments)


@contextmanager
def compared(paths: list[Path], date: str | None = None) -> Iterator[tuple[Project, list[str]]]:
    """A temporary project holding ``paths`` as versions 1, 2, …, and the import notes.
    The scheme is inferred from all the files together (Word and text files are read
    once; Akoma Ntoso files name their levels by their elements)."""
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    names = " and ".join(str(p) for p in paths)
    akn = [p.suffix.lower() == ".xml" for p in paths]
    if any(akn) and not all(akn):
        raise UsageError("compare Akoma Ntoso files with Akoma Ntoso files: import the others")
    if all(akn):  # each file's elements name its levels
        read: list[tuple[list[Event] | None, list[str]]] = [(None, []) for _ in paths]
        numbering, _ = infer_scheme(merged([akn_seen(path) for path in paths]), names)
    else:
        read = [read_events(path, False) for path in paths]
        events = [event for file_events, _ in read for event in file_events or []]
        first = Builder(names, None, relevel(events, None)).build()
        numbering, _ = infer_scheme(first.seen, names)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tmad-redline-") as temp:
        root = Path(temp)
        init_project(root, f"{paths[-1].stem} compared", owner="tmad redline", numbering=numbering)
        for index, (path, (file_events, skipped)) in enumerate(zip(paths, read, strict=True), 1):
            report = run_import(
                root, path, str(index), str(index - 1) if index > 1 else None, path.name,
                path.name, date, "draft", False, file_events,
            )  # fmt: skip
            notes.extend(f"{path.name}: {note}" for note in [*report.notes, *skipped])
        yield load_project(root), notes
