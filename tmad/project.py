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
from tmad.errors import UsageError
from tmad.loader import DOCUMENT_FILE, SOURCE_DIR, load_document
from tmad.model import Clause, Document, Edition


@dataclass(frozen=True, slots=True)
class Project:
    """Everything read from a project directory."""

    root: Path
    """The project directory (holding ``clauses/``)."""
    document: Document
    """The versioned document."""
    editions: Mapping[str, Edition]
    """Every version's consolidated text, keyed by version number, in base order."""

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


def find_root(start: Path) -> Path:
    """The nearest directory from ``start`` upwards holding ``clauses/document.yaml``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / SOURCE_DIR / DOCUMENT_FILE).is_file():
            return candidate
    return start


def load_project(root: Path) -> Project:
    """Load and consolidate everything under ``root``."""
    root = root.resolve()
    document = load_document(root)
    return Project(root, document, MappingProxyType(all_editions(document)))
