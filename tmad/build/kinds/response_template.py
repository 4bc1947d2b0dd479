"""Response templates: the form respondents fill in, one for each publication.

Published as a PDF to fill in and a DOCX: a static HTML page could neither send the answers
nor save them, so it is not published (it is only the PDF's page)."""

from __future__ import annotations

from tmad.build.job import Job, ProductKind
from tmad.build.kinds import publication
from tmad.kinds import Kind
from tmad.naming import publication_address
from tmad.products import Product, ResponseTemplateProduct
from tmad.project import Project

FORMATS = ("pdf", "docx")


def jobs(project: Project) -> list[Job]:
    """The response template of each publication."""
    summary = "{} questions; DOCX and PDF forms"
    return [
        publication.job(
            project,
            p,
            Kind.RESPONSE_TEMPLATE,
            "Response Template",
            summary.format(len(p.questions())),
            FORMATS,
        )
        for p in project.publications
    ]


def make(project: Project, job: Job) -> Product:
    """The form; its "Attachment 1" links into the consultation's PDF."""
    consultation = publication_address(project.publication(job.key[0]), Kind.CONSULTATION)
    return ResponseTemplateProduct(
        publication.resolved(project, job, printed_in=consultation.name + ".pdf")
    )


KIND = ProductKind(Kind.RESPONSE_TEMPLATE, FORMATS, jobs, make)
