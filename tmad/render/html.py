"""HTML: self-contained pages (inline stylesheet, no external files) for reviewers' browsers.

The same HTML, laid out for print, is what the PDF renderer hands to WeasyPrint.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from tmad.dates import long_date
from tmad.diff.compose import MarkedClause, MarkedDocument, MarkedSection, lifetime
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
from tmad.templating import render as render_template

_XREF = re.compile(r"\b(Clauses?|Sections?)(\s+)(\d+(?:\.\d+)?)")


def xref_filter(edition: Edition) -> Callable[[str], Markup]:
    """Escape text and link "Clause 4.28" / "Section 4" to their places in the edition."""
    anchors = {s.number: f"section-{s.id}" for s in edition.sections}
    anchors.update({c.number: f"clause-{c.id}" for c in edition.clauses()})

    def xref(text: str) -> Markup:
        out: list[str] = []
        last = 0
        for match in _XREF.finditer(text):
            anchor = anchors.get(match.group(3))
            if anchor is None:
                continue
            out.append(escape(text[last : match.start()]))
            out.append(Markup('<a href="#{}">{}</a>').format(anchor, match.group(0)))
            last = match.end()
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
        **extra,
    )


def step_views(marked: MarkedDocument) -> list[dict]:
    """Each step's legend entry and summary rows."""
    views = []
    for step in marked.steps:
        rows = [
            {
                "anchor": f"clause-{change.id}",
                "number": change.number,
                "old_number": change.old_number,
                "new_number": change.new_number,
                "kinds": change.kinds,
                "heading": (change.new or change.old).heading,  # type: ignore[union-attr]
            }
            for change in step.comparison.changed()
        ]
        views.append(
            {
                "index": step.index,
                "label": f"v{step.old.number} → v{step.new.number}",
                "title": step.new.title,
                "status": step.new.status,
                "date": step.new.date,
                "author": step.new.author,
                "rows": rows,
            }
        )
    return views


def _notes(clause: MarkedClause, marked: MarkedDocument, labels: list[str]) -> list[str]:
    notes = []
    for index, kinds in enumerate(clause.kinds, start=1):
        if not kinds:
            continue
        change = marked.steps[index - 1].comparison.clauses[clause.id]
        label = labels[index - 1]
        if "inserted" in kinds:
            notes.append(f"Inserted in {label}.")
        if "deleted" in kinds:
            notes.append(f"Deleted in {label}.")
        if "moved" in kinds:
            notes.append(f"Moved in {label} from Clause {change.old_number}.")
    return notes


def section_views(marked: MarkedDocument, context: str) -> list[dict]:
    """Sections with their clause entries (unchanged clauses as gaps for context 'changed')."""
    labels = [f"v{s.old.number} → v{s.new.number}" for s in marked.steps]
    views = []
    for section in marked.sections:
        items: list[dict] = []
        gap = 0
        for clause in section.clauses:
            if context == "changed" and not clause.changed:
                gap += 1
                continue
            if gap:
                items.append({"gap": gap})
                gap = 0
            item: dict = {
                "gap": 0,
                "entry": clause,
                "clause": lifetime(clause),
                "notes": _notes(clause, marked, labels),
            }
            if clause.moved_out and clause.left is not None:
                change = marked.steps[clause.left - 1].comparison.clauses[clause.id]
                item["moved_to"] = change.new_number
            items.append(item)
        if (
            context == "changed"
            and not any(i["gap"] == 0 for i in items)
            and not any(section.kinds)
        ):
            continue
        if gap and items:
            items.append({"gap": gap})
        views.append(_section_view(section, items))
    return views


def _section_view(section: MarkedSection, items: list[dict]) -> dict:
    shown = lifetime(section)
    return {
        "section": section,
        "anchor": section.anchor,
        "number": shown.number,
        "heading": shown.heading,
        "moved_out": section.moved_out,
        "left": section.left,
        "entries": items,
    }


def redline_html(marked: MarkedDocument, context: str = "full") -> str:
    """A redline as a page."""
    document = marked.document
    last = marked.editions[-1].version
    return render_template(
        "redline.html",
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
