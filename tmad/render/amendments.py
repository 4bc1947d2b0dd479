"""A schedule of amendments in UK drafting style, as HTML (and so PDF), DOCX and Markdown."""

from __future__ import annotations

from tmad.amend.text import amendments_markdown, schedule_context
from tmad.dates import long_date
from tmad.kinds import Kind
from tmad.products import AmendmentsProduct
from tmad.render import page, renders
from tmad.render.docxkit import masthead, meta_fields, new_document
from tmad.render.schedulekit import linked, write_schedule
from tmad.render.wordml import save, set_core_properties
from tmad.templating import render as render_template


@page(Kind.AMENDMENTS)
def amendments_page(product: AmendmentsProduct, print_: bool = False) -> str:
    """The schedule as a self-contained page (the PDF is WeasyPrint over it)."""
    schedule = product.schedule
    document = schedule.document
    numbers = {a.number for a in schedule.amendments}
    return render_template(
        "amendments.html",
        language=document.language,
        title=schedule.title,
        author=document.owner,
        subject=schedule.summary,
        date=schedule.new.date.isoformat(),
        linked=lambda text: linked(text, numbers),
        **schedule_context(schedule),
    )


@renders(Kind.AMENDMENTS, "docx")
def amendments_docx(product: AmendmentsProduct) -> bytes:
    """The schedule as a Word document (python-docx, styles from docx-styles.yaml)."""
    schedule = product.schedule
    meta = schedule.document
    old, new = schedule.old, schedule.new
    document = new_document(schedule.title, meta.classification)
    masthead(document, meta.classification, schedule.title, meta.title)
    document.add_paragraph(schedule.summary, style="Normal")
    meta_fields(
        document,
        (
            (label, f"version {v.number} ({v.status}), {long_date(v.date)}: {v.title}")
            for label, v in (("From", old), ("To", new))
        ),
    )
    if meta.notice:
        document.add_paragraph(meta.notice, style="TMAD Notice")
    write_schedule(document, schedule, level=1)
    set_core_properties(
        document,
        title=schedule.title,
        subject=schedule.summary,
        author=meta.owner,
        date=new.date,
        category=meta.classification,
    )
    return save(document, new.date)


@renders(Kind.AMENDMENTS, "md")
def amendments_md(product: AmendmentsProduct) -> bytes:
    """The schedule as Markdown (what :mod:`tmad.amend.interpret` reads back)."""
    return amendments_markdown(product.schedule).encode("utf-8")
