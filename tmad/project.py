"""The project context: every source loaded and every edition consolidated, once.

Like Pelican, tmad builds the whole context first and then renders; nothing
downstream reads source files again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from tmad.editions import all_editions
from tmad.errors import SourceError, UsageError
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


def load_project(root: Path, settings: tuple[tuple[str, str], ...] = ()) -> Project:
    """Load and consolidate everything under ``root``; ``settings`` are --set overrides."""
    from tmad.publication.loader import load_publications
    from tmad.publication.parameters import with_document, with_overrides

    root = root.resolve()
    document = load_document(root)
    editions = all_editions(document)
    publications = tuple(with_document(p, document) for p in load_publications(root))
    for publication in publications:
        for number in (publication.base, publication.proposed):
            if number not in editions:
                raise SourceError(
                    f"publication '{publication.id}' speaks of version {number}, which does "
                    f"not exist (versions: {', '.join(editions)})",
                    publication.location,
                    code="R001",
                )
    return Project(
        root, document, MappingProxyType(editions), with_overrides(publications, settings)
    )
