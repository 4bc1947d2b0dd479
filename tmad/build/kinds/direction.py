"""Draft directions: one for each publication that has a direction."""

from __future__ import annotations

from tmad.amend.text import proven_schedule
from tmad.build.job import Job, ProductKind
from tmad.build.kinds import publication
from tmad.kinds import Kind
from tmad.products import DirectionProduct, Product
from tmad.project import Project


def jobs(project: Project) -> list[Job]:
    """The draft direction of each publication with one."""
    made = []
    for p in project.publications:
        if p.direction is None:
            continue
        base, proposed = project.edition(p.base), project.edition(p.proposed)
        summary = (
            f"Draft direction; its annex: the amendments from {base.label} to {proposed.label}"
            if publication.annex_is_schedule(p)
            else f"Draft direction with the re-designated {proposed.label} as its annex"
        )
        made.append(publication.job(project, p, Kind.DIRECTION, p.direction.title, summary))
    return made


def make(project: Project, job: Job) -> Product:
    """The direction with its annex: the proposed version, or the proved schedule of
    amendments from the base version to it."""
    resolved = publication.resolved(project, job)
    proposed = project.edition(resolved.proposed)
    amendments = None
    if publication.annex_is_schedule(resolved):
        amendments = proven_schedule(project.edition(resolved.base), proposed)
    return DirectionProduct(resolved, proposed, amendments)


KIND = ProductKind(Kind.DIRECTION, publication.FORMATS, jobs, make)
