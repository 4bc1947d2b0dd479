"""Schedules of amendments: each version from its base, proved by applying it."""

from __future__ import annotations

from tmad.amend.text import proven_schedule
from tmad.build.job import Job, ProductKind
from tmad.kinds import Kind
from tmad.model import Edition
from tmad.naming import amendments_address
from tmad.products import AmendmentsProduct, Product
from tmad.project import Project

FORMATS = ("html", "pdf", "docx", "md", "akn")


def job(old: Edition, new: Edition) -> Job:
    """The job of the schedule turning ``old`` into ``new``."""
    return Job(
        kind=Kind.AMENDMENTS,
        key=(old.version.number, new.version.number),
        address=amendments_address(old, new),
        title=f"{old.document.short_title} v{old.version.number} to v{new.version.number}: "
        "schedule of amendments",
        summary=f"Drafting instructions that turn v{old.version.number} into "
        f"v{new.version.number}; proved by applying them",
        formats=FORMATS,
        sources=tuple(dict.fromkeys((*old.sources, *new.sources))),
        date=new.version.date,
    )


def jobs(project: Project) -> list[Job]:
    """One schedule for each version with a base."""
    return [
        job(project.edition(edition.version.base), edition)
        for edition in project.editions.values()
        if edition.version.base is not None
    ]


def make(project: Project, job: Job) -> Product:
    """The schedule, proved: applied to the old version it gives the new one."""
    old, new = (project.edition(n) for n in job.key)
    return AmendmentsProduct(proven_schedule(old, new))


KIND = ProductKind(Kind.AMENDMENTS, FORMATS, jobs, make)
