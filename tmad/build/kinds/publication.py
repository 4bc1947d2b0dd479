"""What the three products of a publication (consultation, direction, response template)
share: a job per publication, and the publication resolved for the job's folder."""

from __future__ import annotations

from tmad.build.job import Job
from tmad.kinds import Kind
from tmad.naming import publication_address, publication_links
from tmad.project import Project
from tmad.publication.model import Publication
from tmad.publication.resolve import day, resolve_publication

FORMATS = ("html", "pdf", "docx")


def job(
    project: Project,
    publication: Publication,
    kind: Kind,
    title: str,
    summary: str,
    formats: tuple[str, ...] = FORMATS,
) -> Job:
    """The job of one of ``publication``'s products. Its bytes depend on the base and
    proposed versions, the publication's own sources and its parameters' values."""
    issued = publication.parameter("issued")
    assert issued is not None
    base, proposed = project.edition(publication.base), project.edition(publication.proposed)
    return Job(
        kind=kind,
        key=(publication.id,),
        address=publication_address(publication, kind),
        title=title,
        summary=summary,
        formats=formats,
        sources=tuple(dict.fromkeys((*base.sources, *proposed.sources, *publication.sources))),
        date=day(issued),
        extra=tuple((p.name, str(p.value)) for p in publication.parameters),
    )


def resolved(project: Project, job: Job, printed_in: str = "") -> Publication:
    """The job's publication with its parameters, citations and links resolved for the
    job's folder; ``printed_in``: the file where its attachments are printed."""
    publication = project.publication(job.key[0])
    links = publication_links(publication, project.editions, job.folder)
    return resolve_publication(publication, dict(project.editions), links, printed_in=printed_in)


def annex_is_schedule(publication: Publication) -> bool:
    """Whether the direction's annex is a schedule of amendments (``annex_form=schedule``)
    rather than the whole re-designated text."""
    form = publication.parameter("annex_form")
    return form is not None and form.value == "schedule"
