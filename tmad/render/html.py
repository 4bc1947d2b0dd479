"""HTML: self-contained pages (inline stylesheet, no external files) for reviewers' browsers.

The same HTML, laid out for print, is what the PDF renderer hands to WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from tmad.citations import find, resolve
from tmad.dates import long_date
from tmad.diff.compose import MarkedDocument
from tmad.model import Edition
from tmad.products import (
    AmendmentsProduct,
    ConsultationProduct,
    DirectionProduct,
    Product,
    RedlineProduct,
    ResponseTemplateProduct,
    VersionProduct,
)
from tmad.publication.model import Heading, Publication, Text, plain_text
from tmad.publication.resolve import day, shown
from tmad.render import Format, register
from tmad.render.structure import (
    contents,
    edition_view,
    section_views,
    step_views,
    unit_affixes,
)
from tmad.templating import render as render_template


def xref_filter(edition: Edition) -> Callable[[str], Markup]:
    """Escape text and link citations of this document ("Clause 4.28", "§ 34-1501") to their
    places in the edition (the number is the link; citations of other instruments are not
    linked)."""
    document = edition.document

    def xref(text: str) -> Markup:
        out: list[str] = []
        last = 0
        for citation in find(text, document):
            start = citation.lead if citation.lead >= 0 else citation.start
            if citation.external or not citation.number or start < last:
                continue
            kind, ident = resolve(citation, edition)
            if kind not in ("clause", "section"):
                continue
            out.append(escape(text[last:start]))
            out.append(
                Markup('<a href="#{}-{}">{}</a>').format(kind, ident, text[start : citation.end])
            )
            last = citation.end
        out.append(escape(text[last:]))
        return Markup("").join(out)

    return xref


def version_html(edition: Edition, **extra: object) -> str:
    """A version's clean text as a page."""
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
        xref=xref_filter(edition),
        sections=edition_view(edition),
        contents=contents(edition),
        **extra,
    )


def redline_html(marked: MarkedDocument, context: str = "full") -> str:
    """A redline as a page."""
    document = marked.document
    last = marked.editions[-1].version
    unit_before, unit_after = unit_affixes(document.scheme)
    return render_template(
        "redline.html",
        unit=document.scheme.unit.name,
        unit_noun=document.scheme.unit.noun,
        unit_before=unit_before,
        unit_after=unit_after,
        document=document,
        marked=marked,
        steps=step_views(marked),
        sections=section_views(marked, context),
        context=context,
        language=document.language,
        title=marked.title,
        author=document.owner,
        subject=f"Changes to the {document.title}: "
        + "; ".join(f"v{s.new.number} {s.new.title}" for s in marked.steps),
        date=last.date.isoformat(),
        long_date=long_date,
    )


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


def consultation_html(publication: Publication, print_: bool = False) -> str:
    """The consultation document as a page."""
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


def direction_html(
    publication: Publication, annex: Edition, amendments=None, print_: bool = False
) -> str:
    """The draft direction with its annex (the text, or a schedule of amendments) as a page."""
    from tmad.publication.model import Placeholder
    from tmad.render.amendments import list_context

    assert publication.direction is not None
    annex_parameter = publication.parameter("annex")
    if annex_parameter is None or annex_parameter.value is None:
        label = (Placeholder(annex_parameter.placeholder if annex_parameter else "[XX]", "annex"),)
    else:
        label = (Text(str(annex_parameter.value)),)
    number = next((a.number for a in publication.attachments if a.product == ("direction",)), 1)
    issued = publication.parameter("issued")
    extra = list_context(amendments) if amendments is not None else {}
    return render_template(
        "direction.html",
        publication=publication,
        ctx=publication_context(publication, print_),
        annex=annex,
        amendments=amendments,
        annex_label=label,
        **extra,
        attachment_number=number,
        xref=xref_filter(annex),
        annex_sections=edition_view(annex, 3),
        language=publication.language,
        title=f"{publication.direction.title}: {publication.title}",
        author=publication.owner,
        subject=f"Draft direction re-designating the {annex.document.title}",
        date=day(issued).isoformat(),
    )


def page(product: Product, print_: bool = False) -> str:
    """The HTML page of a product; ``print_`` lays it out for WeasyPrint."""
    match product:
        case VersionProduct(edition=edition):
            return version_html(edition)
        case RedlineProduct(marked=marked, context=context):
            return redline_html(marked, context)
        case ConsultationProduct(publication=publication):
            return consultation_html(publication, print_)
        case DirectionProduct(publication=publication, annex=annex, amendments=amendments):
            return direction_html(publication, annex, amendments, print_)
        case ResponseTemplateProduct(publication=publication):
            from tmad.render.form import response_html

            return response_html(publication, print_)
        case AmendmentsProduct(schedule=schedule):
            from tmad.render.amendments import amendments_html

            return amendments_html(schedule)
    raise TypeError(product)


def render(product: Product) -> bytes:
    """Render any product as a page for the screen."""
    return page(product).encode("utf-8")


FORMAT = register(
    Format(
        "html",
        ".html",
        "text/html",
        render,
        frozenset(
            {"version", "redline", "consultation", "direction", "response-template", "amendments"}
        ),
    )
)
