"""Versions: each version's consolidated text."""

from __future__ import annotations

from tmad.build.job import Job, ProductKind
from tmad.kinds import Kind
from tmad.model import Edition
from tmad.naming import version_address
from tmad.products import Product, VersionProduct
from tmad.project import Project

FORMATS = ("html", "pdf", "docx", "akn")


def job(edition: Edition) -> Job:
    """The job of one version."""
    version = edition.version
    return Job(
        kind=Kind.VERSION,
        key=(version.number,),
        address=version_address(edition),
        title=f"{edition.label} ({version.status}): {version.title}",
        summary=f"Consolidated text, {version.status} {version.date.isoformat()}",
        formats=FORMATS,
        sources=edition.sources,
        date=version.date,
    )


def jobs(project: Project) -> list[Job]:
    """Every version, in the project's order."""
    return [job(edition) for edition in project.editions.values()]


def make(project: Project, job: Job) -> Product:
    """The version's text."""
    return VersionProduct(project.edition(job.key[0]))


KIND = ProductKind(Kind.VERSION, FORMATS, jobs, make)
