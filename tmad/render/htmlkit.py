"""The HTML kit: what every product's page shares (citation links, the publication context).

A leaf of :mod:`tmad.render`: it imports no renderer.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from tmad.citations import linked_pieces
from tmad.model import Edition, note_pieces
from tmad.publication.model import Publication

XRef = Callable[..., Markup]
"""``xref(text, notes=None, link=True)``: clause text as HTML."""


def xref_filter(edition: Edition, print_: bool = False) -> XRef:
    """Escape text and link citations of this document ("Clause 4.28", "§ 34-1501") to their
    places in the edition (the number is the link; citations of other instruments are not
    linked, nor any with ``link`` false: quoted or amending text).

    A footnote reference ``[^1]`` of the clause's ``notes``
    (:func:`tmad.render.structure.clause_notes`) becomes, on screen, its number linked to
    the note at the clause's end; in print the note itself, which WeasyPrint sets at the
    foot of the page (``float: footnote``) and numbers there."""

    def words(text: str, link: bool) -> Markup:
        if not link:
            return escape(text)
        return Markup("").join(
            Markup('<a href="#{}">{}</a>').format(anchor, piece) if anchor else escape(piece)
            for piece, anchor in linked_pieces(text, edition)
        )

    def xref(text: str, notes: dict | None = None, link: bool = True) -> Markup:
        out = []
        for piece, label in note_pieces(text) if notes else [(text, "")]:
            note = notes.get(label) if notes and label else None
            if note is None:
                out.append(words(piece, link))
            elif print_:
                html = '<span class="footnote" id="{}">{}</span>'
                out.append(Markup(html).format(note["anchor"], words(note["text"], link)))
            else:
                html = '<sup class="note-ref"><a id="{}" href="#{}">{}</a></sup>'
                out.append(Markup(html).format(note["ref"], note["anchor"], note["number"]))
        return Markup("").join(out)

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
