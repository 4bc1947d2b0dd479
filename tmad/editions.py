"""The pipeline from a document to a version's finished text: consolidate, number, resolve."""

from __future__ import annotations

from tmad import numbering, references
from tmad.consolidate import consolidate
from tmad.model import Document, Edition


def edition(document: Document, number: str) -> Edition:
    """A version's consolidated, numbered text with references resolved."""
    return references.resolve(numbering.number(consolidate(document, number)))


def all_editions(document: Document) -> dict[str, Edition]:
    """Every version's edition, keyed by version number, in base order."""
    return {version.number: edition(document, version.number) for version in document.versions}
