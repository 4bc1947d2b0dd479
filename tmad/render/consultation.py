"""The consultation document: an HTML page (and so PDF) and DOCX (Word's heading styles, a
table of contents field, real footnotes, questions and the attachments table)."""

from __future__ import annotations

from tmad.kinds import Kind
from tmad.products import ConsultationProduct
from tmad.publication.model import Heading, plain_text
from tmad.publication.resolve import day, shown
from tmad.render import page, renders
from tmad.render.docxkit import masthead, meta_fields, new_document
from tmad.render.docxwriter import Writer, contents
from tmad.render.htmlkit import publication_context
from tmad.render.wordml import add_run, save, set_core_properties
from tmad.templating import render as render_template


@page(Kind.CONSULTATION)
def consultation_page(product: ConsultationProduct, print_: bool = False) -> str:
    """The consultation document as a page."""
    publication = product.publication
    headings = [
        b for b in publication.consultation.blocks if isinstance(b, Heading) and b.level == 1
    ]
    contents = [
        {"anchor": h.anchor, "text": f"{h.number}. {plain_text(h.children)}"} for h in headings
    ]
    included = [a for a in publication.attachments if a.include]
    contents += [
        {"anchor": f"attachment-{a.number}", "text": f"Attachment {a.number}"} for a in included
    ]
    issued = publication.parameter("issued")
    respond_by = publication.parameter("respond_by")
    assert issued is not None
    assert respond_by is not None
    return render_template(
        "consultation.html",
        publication=publication,
        ctx=publication_context(publication, print_),
        contents=contents,
        included=included,
        issued=shown(issued, "long"),
        respond_by=shown(respond_by, "long"),
        language=publication.language,
        title=publication.title,
        author=publication.author,
        subject=publication.subtitle,
        date=day(issued).isoformat(),
    )


@renders(Kind.CONSULTATION, "docx")
def consultation_docx(product: ConsultationProduct) -> bytes:
    """The consultation document."""
    publication = product.publication
    document = new_document(publication.subtitle, publication.classification)
    writer = Writer(document, publication.consultation.footnotes)
    writer.publication = publication
    masthead(document, publication.classification, publication.title, publication.subtitle)
    issued = publication.parameter("issued")
    respond_by = publication.parameter("respond_by")
    assert issued is not None
    assert respond_by is not None
    meta_fields(
        document,
        (
            ("Filename", publication.file_name),
            ("Date", shown(issued, "long")),
            ("Respond by", shown(respond_by, "long")),
            ("Author", publication.author),
            ("Classification", publication.classification),
        ),
    )
    document.add_page_break()
    headings = [
        b for b in publication.consultation.blocks if isinstance(b, Heading) and b.level == 1
    ]
    included = [a for a in publication.attachments if a.include]
    entries = [(h.anchor, f"{h.number}. {plain_text(h.children)}") for h in headings]
    entries += [(f"attachment-{a.number}", f"Attachment {a.number}") for a in included]
    contents(writer, entries)
    document.add_page_break()
    writer.blocks(publication.consultation.blocks)
    for attachment in included:
        document.add_page_break()
        heading = document.add_paragraph(style="Heading 1")
        add_run(heading, f"Attachment {attachment.number}")
        writer.bookmark(heading, f"attachment-{attachment.number}")
        if attachment.intro:
            writer.inlines(document.add_paragraph(style="Normal"), attachment.intro)
        if publication.direction is not None:
            add_run(document.add_paragraph(style="Heading 2"), publication.direction.title)
            writer.blocks(publication.direction.blocks, italic=True)
    set_core_properties(
        document,
        title=publication.title,
        subject=publication.subtitle,
        author=publication.author,
        date=day(issued),
        category=publication.classification,
    )
    return save(document, day(issued))
