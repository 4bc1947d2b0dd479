"""The HTML kit: what every product's page shares (citation links, the publication context).

A leaf of :mod:`tmad.render`: it imports no renderer.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from tmad.citations import linked_pieces
from tmad.model import Edition
from tmad.publication.model import Publication


def xref_filter(edition: Edition) -> Callable[[str], Markup]:
    """Escape text and link citations of this document ("Clause 4.28", "§ 34-1501") to their
    places in the edition (the number is the link; citations of other instruments are not
    linked)."""

    def xref(text: str) -> Markup:
        return Markup("").join(
            Markup('<a href="#{}">{}</a>').format(anchor, piece) if anchor else escape(piece)
            for piece, anchor in linked_pieces(text, edition)
        )

    return xref


def publication_context(publication: Publication, print_: bool) -> dict:
    """What the publication macros need: footnotes by number, links, the print flag."""
    links = {
        a.id: f"#attachment-{a.number}" if a.include else a.href for a in publication.attachments
    }
    return {
        "print": print_,
        "notes": {note.number: note for note in publication.consultation.footnotes},
        "publication": publication,
        "attachment_links": links,
        "table_number": 1,
    }
