"""The Secretary of State's draft direction, with its annex (the re-designated text, or a
schedule of amendments): an HTML page (and so PDF) and DOCX."""

from __future__ import annotations

from tmad.kinds import Kind
from tmad.products import DirectionProduct
from tmad.publication.model import Attachment, Inline, Placeholder, Text
from tmad.publication.resolve import day, shown
from tmad.render import page, renders
from tmad.render.docxkit import edition_body, masthead, meta_fields, new_document
from tmad.render.docxwriter import Writer
from tmad.render.htmlkit import publication_context, xref_filter
from tmad.render.schedulekit import list_context, write_schedule
from tmad.render.structure import edition_view
from tmad.render.wordml import add_run, highlight_last_run, save, set_core_properties
from tmad.templating import render as render_template

STATUS = "Draft for consultation: the Secretary of State has not made this direction"
"""What the cover says of a draft direction."""


def annex_title(product: DirectionProduct) -> str:
    """What the annex holds: the re-designated text, or the amendments that give it."""
    annex, amendments = product.annex, product.amendments
    meta = annex.document
    title = f"{meta.title} (Appendix {meta.appendix} of the {meta.code}), version "
    if amendments is not None:
        title = f"Amendments to the {title}{amendments.old.number}, giving version "
    return title + annex.version.number


def cover(product: DirectionProduct) -> list[tuple[str, str]]:
    """The cover's fields, label and value: status, dates, annex, publisher."""
    publication = product.publication
    issued = publication.parameter("issued")
    respond_by = publication.parameter("respond_by")
    assert issued is not None
    fields = [("Status", STATUS), ("Consultation issued", shown(issued, "long"))]
    if respond_by is not None:
        fields.append(("Responses by", shown(respond_by, "long")))
    return [*fields, ("Annex", annex_title(product)), ("Published by", publication.owner)]


def _attachment(product: DirectionProduct) -> Attachment | None:
    return next((a for a in product.publication.attachments if a.product == ("direction",)), None)


@page(Kind.DIRECTION)
def direction_page(product: DirectionProduct, print_: bool = False) -> str:
    """The draft direction with its annex (the text, or a schedule of amendments) as a page."""
    publication, annex, amendments = product.publication, product.annex, product.amendments
    assert publication.direction is not None
    annex_parameter = publication.parameter("annex")
    label: tuple[Inline, ...]
    if annex_parameter is None or annex_parameter.value is None:
        label = (Placeholder(annex_parameter.placeholder if annex_parameter else "[XX]", "annex"),)
    else:
        label = (Text(str(annex_parameter.value)),)
    attachment = _attachment(product)
    issued = publication.parameter("issued")
    assert issued is not None
    extra = list_context(amendments) if amendments is not None else {}
    return render_template(
        "direction.html",
        publication=publication,
        ctx=publication_context(publication, print_),
        annex=annex,
        amendments=amendments,
        annex_label=label,
        **extra,
        attachment_number=attachment.number if attachment else 1,
        intro=attachment.intro if attachment else (),
        cover=cover(product),
        annex_title=annex_title(product),
        xref=xref_filter(annex, print_),
        annex_sections=edition_view(annex, 3),
        language=publication.language,
        title=f"{publication.direction.title}: {publication.title}",
        author=publication.owner,
        subject=f"Draft direction re-designating the {annex.document.title}",
        date=day(issued).isoformat(),
    )


@renders(Kind.DIRECTION, "docx")
def direction_docx(product: DirectionProduct) -> bytes:
    """The draft direction, with the re-designated text (or a schedule of amendments) as
    its annex."""
    publication, annex, amendments = product.publication, product.annex, product.amendments
    assert publication.direction is not None
    direction = publication.direction
    document = new_document(direction.title, publication.classification)
    writer = Writer(document, direction.footnotes)
    writer.publication = publication
    attachment = _attachment(product)
    number = attachment.number if attachment else 1
    masthead(
        document,
        publication.classification,
        direction.title,
        f"{publication.title}: Attachment {number}",
    )
    if attachment is not None and attachment.intro:
        writer.inlines(document.add_paragraph(style="Normal"), attachment.intro)
    meta_fields(document, cover(product))
    document.add_page_break()
    writer.blocks(direction.blocks, italic=True)
    document.add_page_break()
    heading = document.add_paragraph(style="Heading 1")
    add_run(heading, "Annex ")
    parameter = publication.parameter("annex")
    if parameter is None or parameter.value is None:
        add_run(heading, parameter.placeholder if parameter else "[XX]")
        highlight_last_run(heading)
    else:
        add_run(heading, str(parameter.value))
    meta = annex.document
    document.add_paragraph(annex_title(product), style="Subtitle")
    if meta.notice:
        document.add_paragraph(meta.notice, style="TMAD Notice")
    if amendments is not None:
        write_schedule(document, amendments, level=2)
    else:
        edition_body(document, annex, top=2)
    issued = publication.parameter("issued")
    assert issued is not None
    set_core_properties(
        document,
        title=f"{direction.title}: {publication.title}",
        subject=f"Draft direction re-designating the {meta.title}",
        author=publication.owner,
        date=day(issued),
        category=publication.classification,
    )
    return save(document, day(issued))
