"""The response template: a fillable form as an HTML page (and so a PDF form), and a DOCX
whose answers are content controls, layout protected.

Every field has the stable name of :mod:`tmad.formfields`. In the DOCX, respondent fields
are plain-text content controls (``w:sdt``) in a table; the confidentiality answer is a
drop-down list; each question's answer is a block content control that may hold several
paragraphs. Every control's ``w:tag`` is the field name, so a returned form is read back by
tag, whatever the respondent did to the wording around it. The document is protected for
filling in forms: respondents can type in the controls and nowhere else.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Cm

from tmad.formfields import (
    CHOICE_PROMPT,
    CONFIDENTIAL,
    CONFIDENTIAL_REASON,
    CONFIDENTIAL_TITLE,
    CONFIDENTIALITY,
    PROMPT,
    REASON_TITLE,
    RESPONDENT,
    answer_title,
    question_field,
)
from tmad.kinds import Kind
from tmad.products import ResponseTemplateProduct
from tmad.publication.resolve import day, shown
from tmad.render import page, renders
from tmad.render.docxkit import masthead, meta_fields, new_document
from tmad.render.docxwriter import Writer
from tmad.render.htmlkit import publication_context
from tmad.render.oxml import make, put, valued
from tmad.render.wordml import (
    add_run,
    add_setting,
    run_element,
    save,
    set_core_properties,
    shade_cell,
    style_properties,
)
from tmad.templating import render as render_template


@page(Kind.RESPONSE_TEMPLATE)
def response_page(product: ResponseTemplateProduct, print_: bool = False) -> str:
    """The response template as a page (a fillable form in the PDF)."""
    publication = product.publication
    issued = publication.parameter("issued")
    respond_by = publication.parameter("respond_by")
    assert issued is not None
    assert respond_by is not None
    return render_template(
        "response.html",
        publication=publication,
        ctx=publication_context(publication, print_),
        questions=publication.questions(),
        respondent=RESPONDENT,
        confidentiality=CONFIDENTIALITY,
        issued=shown(issued, "long"),
        respond_by=shown(respond_by),
        language=publication.language,
        title=f"Response Template: {publication.title}",
        author=publication.owner,
        subject=f"Response form for {publication.title}",
        date=day(issued).isoformat(),
    )


class Controls:
    """Issues content controls with unique ids."""

    def __init__(self) -> None:
        self.next_id = 1000

    def properties(self, tag: str, alias: str, kind: str):
        """The w:sdtPr of a control: alias (shown), tag (read back), lock, type."""
        props = make(
            "w:sdtPr",
            None,
            valued("w:alias", alias),
            valued("w:tag", tag),
            valued("w:id", str(self.next_id)),
            valued("w:lock", "sdtLocked"),
            make("w:showingPlcHdr"),
        )
        self.next_id += 1
        if kind == "text":
            put(props, make("w:text"))
        elif kind == "dropdown":
            items = [
                make("w:listItem", {"w:displayText": option["label"], "w:value": option["value"]})
                for option in CONFIDENTIALITY["options"]
            ]
            put(props, make("w:dropDownList", None, *items))
        return props

    def inline(self, paragraph, tag: str, alias: str, kind: str = "text") -> None:
        """A run-level control inside a paragraph."""
        prompt = _prompt_run(PROMPT if kind == "text" else CHOICE_PROMPT)
        content = make("w:sdtContent", None, prompt)
        paragraph._p.append(make("w:sdt", None, self.properties(tag, alias, kind), content))

    def block(self, document: DocxDocument, tag: str, alias: str) -> None:
        """A block-level control holding paragraphs (an answer area)."""
        paragraph = make("w:p", None, style_properties("p", "TMADAnswer"), _prompt_run(PROMPT))
        content = make("w:sdtContent", None, paragraph)
        sdt = make("w:sdt", None, self.properties(tag, alias, "rich"), content)
        body = document.element.body
        body.insert(len(body) - 1, sdt)  # before the final w:sectPr


def _prompt_run(text: str):
    run = run_element(text)
    run.insert(0, make("w:rPr", None, valued("w:color", "6F777B")))
    return run


def _protect(document: DocxDocument) -> None:
    add_setting(document, make("w:documentProtection", {"w:edit": "forms", "w:enforcement": "1"}))


@renders(Kind.RESPONSE_TEMPLATE, "docx")
def response_docx(product: ResponseTemplateProduct) -> bytes:
    """The response template with content controls."""
    publication = product.publication
    issued = publication.parameter("issued")
    respond_by = publication.parameter("respond_by")
    assert issued is not None
    assert respond_by is not None
    deadline = shown(respond_by)
    document = new_document(f"Response Template: {publication.title}", publication.classification)
    masthead(document, publication.classification, "Response Template", publication.title)
    meta_fields(
        document,
        (
            ("Consultation", f"{publication.title} ({publication.file_name})"),
            ("Issued", shown(issued, "long")),
            ("Respond by", deadline),
            ("Send to", publication.contact),
        ),
    )
    document.add_paragraph(
        f"Please enter your details and answers in the boxes below and send the completed "
        f"form to {publication.contact} by {deadline}. You may return it as a Word document or "
        "as a PDF.",
        style="Normal",
    )
    controls = Controls()
    document.add_paragraph("Respondent details", style="Heading 1")
    table = document.add_table(rows=0, cols=2)
    document.table_grid(table)
    for field in RESPONDENT:
        label, value = table.add_row().cells
        shade_cell(label, "F3F2F1")
        label.width, value.width = Cm(4.5), Cm(12)
        add_run(label.paragraphs[0], field.label, bold=True)
        controls.inline(value.paragraphs[0], field.name, field.label)
    document.add_paragraph("Confidentiality", style="Heading 1")
    document.add_paragraph(CONFIDENTIALITY["question"], style="Normal")
    paragraph = document.add_paragraph(style="Normal")
    add_run(paragraph, "Confidential: ", bold=True)
    controls.inline(paragraph, CONFIDENTIAL, CONFIDENTIAL_TITLE, "dropdown")
    document.add_paragraph(CONFIDENTIALITY["reason"], style="Form Label")
    controls.block(document, CONFIDENTIAL_REASON, REASON_TITLE)
    document.add_paragraph("Questions", style="Heading 1")
    writer = Writer(document, publication.consultation.footnotes)
    writer.publication = publication
    for question in publication.questions():
        heading = document.add_paragraph(style="Heading 2")
        add_run(heading, question.label)
        for text in question.paragraphs:
            writer.inlines(document.add_paragraph(style="Normal"), text.children)
        prompt = document.add_paragraph(style="Form Label")
        add_run(prompt, f"Your response to {question.label}")
        controls.block(document, question_field(question.id), answer_title(question.label))
    _answer_style(document)
    _protect(document)
    issue_day = day(issued)
    set_core_properties(
        document,
        title=f"Response Template: {publication.title}",
        subject=f"Response form for {publication.title}",
        author=publication.owner,
        date=issue_day,
        category=publication.classification,
    )
    return save(document, issue_day)


def _answer_style(document: DocxDocument) -> None:
    """The bordered paragraph style of answer areas (style id TMADAnswer)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    style = document.styles.add_style("TMAD Answer", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.paragraph_format.space_after = Pt(6)
    edge = {"w:val": "single", "w:sz": "6", "w:space": "4", "w:color": "6F777B"}
    sides = [make(f"w:{side}", edge) for side in ("top", "left", "bottom", "right")]
    put(style.element.get_or_add_pPr(), make("w:pBdr", None, *sides))
