"""A version's consolidated ("clean") text: an HTML page (and so PDF), DOCX and JSON."""

from __future__ import annotations

import json

from tmad.dates import long_date
from tmad.editionjson import edition_json
from tmad.kinds import Kind
from tmad.products import VersionProduct
from tmad.render import page, renders
from tmad.render.docxkit import edition_body, masthead, meta_fields, new_document
from tmad.render.htmlkit import xref_filter
from tmad.render.structure import contents, edition_view
from tmad.render.wordml import save, set_core_properties
from tmad.templating import render as render_template


@page(Kind.VERSION)
def version_page(product: VersionProduct, print_: bool = False) -> str:
    """A version's clean text as a page."""
    edition = product.edition
    document = edition.document
    return render_template(
        "version.html",
        document=document,
        edition=edition,
        version=edition.version,
        language=document.language,
        title=f"{document.title}: version {edition.version.number}",
        author=document.owner,
        subject=f"{edition.label} ({edition.version.status}): {edition.version.title}",
        date=edition.version.date.isoformat(),
        long_date=long_date,
        xref=xref_filter(edition, print_),
        print=print_,
        sections=edition_view(edition),
        contents=contents(edition),
    )


@renders(Kind.VERSION, "docx")
def version_docx(product: VersionProduct) -> bytes:
    """A version's clean text."""
    edition = product.edition
    document_meta = edition.document
    version = edition.version
    document = new_document(edition.label, document_meta.classification)
    masthead(
        document,
        document_meta.classification,
        document_meta.title,
        f"{document_meta.code}: Appendix {document_meta.appendix}",
    )
    meta_fields(
        document,
        (
            ("Version", f"{document_meta.appendix} {version.number}"),
            ("Status", version.status.capitalize()),
            ("Date", long_date(version.date)),
            ("Change", version.title),
            ("Owner", document_meta.owner),
        ),
    )
    if document_meta.notice:
        document.add_paragraph(document_meta.notice, style="TMAD Notice")
    edition_body(document, edition)
    set_core_properties(
        document,
        title=f"{document_meta.title}: version {version.number}",
        subject=f"{edition.label} ({version.status}): {version.title}",
        author=document_meta.owner,
        date=version.date,
        category=document_meta.classification,
    )
    return save(document, version.date)


@renders(Kind.VERSION, "json")
def version_json(product: VersionProduct) -> bytes:
    """A version's clauses as ``tmad show --json`` prints them."""
    data = edition_json(product.edition)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
