"""The project context: every source loaded and every edition consolidated, once.

Like Pelican, tmad builds the whole context first and then renders; nothing
downstream reads source files again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tmad.errors import SourceError, UnreadableSource, UsageError
from tmad.loader import DOCUMENT_FILE, SOURCE_DIR, load_document
from tmad.model import Clause, Document, Edition
from tmad.publication.model import Publication


@dataclass(frozen=True, slots=True)
class Project:
    """Everything read from a project directory."""

    root: Path
    """The project directory (holding ``clauses/``)."""
    document: Document
    """The versioned document."""
    editions: Mapping[str, Edition]
    """Every version's consolidated text, keyed by version number, in base order."""
    publications: tuple[Publication, ...] = ()
    """Consultations and their companion products, with parameters as set for this run."""

    def edition(self, number: str) -> Edition:
        """A version's edition; UsageError naming the versions when there is none."""
        try:
            return self.editions[number]
        except KeyError:
            known = ", ".join(self.editions)
            raise UsageError(f"unknown version '{number}' (versions: {known})") from None

    def clause(self, edition: Edition, key: str) -> Clause:
        """A clause by number or id; UsageError when the edition has none."""
        try:
            return edition.clause(key)
        except KeyError:
            raise UsageError(f"no clause '{key}' in {edition.label}") from None

    def publication(self, ident: str) -> Publication:
        """A publication by id."""
        for publication in self.publications:
            if publication.id == ident:
                return publication
        known = ", ".join(p.id for p in self.publications) or "none"
        raise UsageError(f"unknown publication '{ident}' (publications: {known})")


def find_root(start: Path) -> Path:
    """The nearest directory from ``start`` upwards holding ``clauses/document.yaml``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / SOURCE_DIR / DOCUMENT_FILE).is_file():
            return candidate
    return start


@dataclass(slots=True)
class Reading:
    """A project read as far as its sources allow, with every problem met on the way: what
    ``tmad check`` reports from, where :func:`load_project` stops at the first problem."""

    root: Path
    """The project directory."""
    problems: list[SourceError] = field(default_factory=list)
    """Every problem, in the order met: syntax, consolidation, references, publications."""
    project: Project | None = None
    """The project (versions that could not be consolidated left out), or None when nothing
    could be read to check."""
    written: dict[str, Edition] = field(default_factory=dict)
    """Each consolidated version numbered, its references not yet resolved."""
    fatal: bool = False
    """Whether the sources could not be read at all (nothing else is worth reporting)."""


def read_project(root: Path, settings: tuple[tuple[str, str], ...] = ()) -> Reading:
    """Read and consolidate everything under ``root`` as far as possible, collecting every
    problem; ``settings`` are --set overrides (a bad one raises UsageError)."""
    from tmad import numbering, references
    from tmad.consolidate import consolidate
    from tmad.publication.loader import load_publications
    from tmad.publication.parameters import with_document, with_overrides

    reading = Reading(root.resolve())
    syntax: list[UnreadableSource] = []  # clause files' syntax errors, each parse recovered
    try:
        document = load_document(reading.root, syntax)
    except SourceError as error:
        reading.problems.extend([*syntax, error])
        reading.fatal = error.code == "S001" or error.location is None
        return reading
    reading.problems.extend(syntax)
    editions: dict[str, Edition] = {}
    for version in document.versions:
        try:
            written = numbering.number(consolidate(document, version.number))
        except SourceError as error:
            reading.problems.append(error)
            continue
        reading.written[version.number] = written
        editions[version.number] = references.resolve(written, reading.problems)
    try:
        loaded = load_publications(reading.root)
    except SourceError as error:
        reading.problems.append(error)
        if error.code == "S001":
            reading.fatal = True
            return reading
        loaded = ()
    publications = with_overrides(tuple(with_document(p, document) for p in loaded), settings)
    for publication in publications:
        for number in (publication.base, publication.proposed):
            if number not in editions:
                reading.problems.append(
                    SourceError(
                        f"publication '{publication.id}' speaks of version {number}, which "
                        f"does not exist (versions: {', '.join(editions)})",
                        publication.location,
                        code="R001",
                    )
                )
                break
    reading.project = Project(reading.root, document, MappingProxyType(editions), publications)
    return reading


def load_project(root: Path, settings: tuple[tuple[str, str], ...] = ()) -> Project:
    """Load and consolidate everything under ``root``; ``settings`` are --set overrides. The
    first problem :func:`read_project` meets is raised."""
    reading = read_project(root, settings)
    if reading.problems:
        raise reading.problems[0]
    assert reading.project is not None
    return reading.project
