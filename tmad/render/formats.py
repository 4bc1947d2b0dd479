"""The output formats: name, file suffix and media type (what renders each is in the table
of :mod:`tmad.render`)."""

from __future__ import annotations

from tmad.render import Format, register
from tmad.render.pdfkit import load

HTML = register(Format("html", ".html", "text/html"))
"""Self-contained pages for reviewers' browsers."""
PDF = register(Format("pdf", ".pdf", "application/pdf", load))
"""The HTML page laid out for print by WeasyPrint: tagged PDF/UA-1."""
DOCX = register(
    Format(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
)
"""Word documents built with python-docx; redlines with native tracked changes."""
JSON = register(Format("json", ".json", "application/json"))
"""Machine-readable change lists and texts."""
MD = register(Format("md", ".md", "text/markdown"))
"""Plain-text schedules of amendments (what the interpreter reads back)."""
AKN = register(Format("akn", ".xml", "application/akn+xml"))
"""Akoma Ntoso 3.0 (OASIS LegalDocML), what legislation systems exchange."""
