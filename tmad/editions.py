"""The pipeline from a document to a version's finished text: consolidate, number, resolve."""

from __future__ import annotations

from tmad import numbering, references
from tmad.consolidate import consolidate
from tmad.model import Document, Edition


def edition(document: Document, number: str) -> Edition:
    """A version's consolidated, numbered text with references resolved."""
    return references.resolve(numbering.number(consolidate(document, number)))
