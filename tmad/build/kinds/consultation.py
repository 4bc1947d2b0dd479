"""Consultation documents: one for each publication."""

from __future__ import annotations

from tmad.build.job import Job, ProductKind
from tmad.build.kinds import publication
from tmad.kinds import Kind
from tmad.products import ConsultationProduct, Product
from tmad.project import Project


def jobs(project: Project) -> list[Job]:
    """The consultation document of each publication."""
    return [
        publication.job(project, p, Kind.CONSULTATION, p.title, "The consultation document")
        for p in project.publications
    ]


def make(project: Project, job: Job) -> Product:
    """The consultation, resolved."""
    return ConsultationProduct(publication.resolved(project, job))


KIND = ProductKind(Kind.CONSULTATION, publication.FORMATS, jobs, make)
