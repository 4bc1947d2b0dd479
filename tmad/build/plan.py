"""The build plan: every product tmad publishes, its formats, sources and house name.

A job is one product (a version, a redline, ...) rendered in several formats.
Its fingerprint covers everything its bytes depend on (its source files, the
parameters it uses, tmad's own code and templates), so an unchanged job is
never rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tmad import __version__, templating
from tmad.diff.compare import compare
from tmad.diff.consequence import classify
from tmad.kinds import Kind
from tmad.model import Edition
from tmad.naming import (
    Address,
    amendments_address,
    publication_address,
    publication_links,
    redline_address,
    version_address,
)
from tmad.products import Product
from tmad.project import Project
from tmad.publication.model import Publication
from tmad.publication.resolve import day

VERSION_FORMATS = ("html", "pdf", "docx", "akn")
REDLINE_FORMATS = ("html", "pdf", "docx", "json")
AMENDMENTS_FORMATS = ("html", "pdf", "docx", "md", "akn")


@dataclass(frozen=True, slots=True)
class Job:
    """One product to build, in one or more formats."""

    kind: Kind
    """What the job makes."""
    key: tuple[str, ...]
    """What the product is of: version numbers, or a publication id."""
    address: Address
    """Its folder in build/ and house name (:mod:`tmad.naming`)."""
    title: str
    """Human title for progress and the index."""
    summary: str
    """One-line description (a redline's change summary)."""
    formats: tuple[str, ...]
    """Formats to render."""
    sources: tuple[str, ...]
    """Source files the product is built from (relative to the project root)."""
    date: dt.date
    """The date stamped into outputs (zip members, PDF and DOCX metadata)."""
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Other inputs that change the bytes (parameter values), as name/value pairs."""

    @property
    def name(self) -> str:
        """House file name without suffix ("TMAD_v5.2_redline_against_v5.1")."""
        return self.address.name

    @property
    def folder(self) -> str:
        """Sub-directory of build/ ("redlines")."""
        return self.address.folder

    def path(self, suffix: str) -> str:
        """Output path relative to build/."""
        return self.address.path(suffix)


def _edition_job(edition: Edition) -> Job:
    version = edition.version
    return Job(
        kind=Kind.VERSION,
        key=(version.number,),
        address=version_address(edition),
        title=f"{edition.label} ({version.status}): {version.title}",
        summary=f"Consolidated text, {version.status} {version.date.isoformat()}",
        formats=VERSION_FORMATS,
        sources=edition.sources,
        date=version.date,
    )


def change_summary(old: Edition, new: Edition) -> str:
    """ "2 modified, 1 inserted, 10 renumbered" for one step."""
    comparison = compare(old, new)
    parts = [f"{count} {kind}" for kind, count in comparison.counts().items() if count]
    if not parts:
        return "no changes"
    consequential = classify(comparison)
    substantive = sum(not flag for flag in consequential.values())
    return (
        ", ".join(parts)
        + f" ({substantive} substantive, {len(consequential) - substantive} consequential)"
    )


def _redline_job(editions: list[Edition]) -> Job:
    numbers = [e.version.number for e in editions]
    if len(editions) == 2:
        summary = change_summary(*editions)
    else:
        summary = "; ".join(
            f"v{a.version.number} → v{b.version.number}: {change_summary(a, b)}"
            for a, b in itertools.pairwise(editions)
        )
    sources = tuple(dict.fromkeys(s for e in editions for s in e.sources))
    label = " → ".join(f"v{n}" for n in numbers)
    return Job(
        kind=Kind.REDLINE,
        key=tuple(numbers),
        address=redline_address(editions),
        title=f"{editions[0].document.short_title} {label}",
        summary=summary,
        formats=REDLINE_FORMATS,
        sources=sources,
        date=max(e.version.date for e in editions),
    )


def _amendments_job(old: Edition, new: Edition) -> Job:
    return Job(
        kind=Kind.AMENDMENTS,
        key=(old.version.number, new.version.number),
        address=amendments_address(old, new),
        title=f"{old.document.short_title} v{old.version.number} to v{new.version.number}: "
        "schedule of amendments",
        summary=f"Drafting instructions that turn v{old.version.number} into "
        f"v{new.version.number}; proved by applying them",
        formats=AMENDMENTS_FORMATS,
        sources=tuple(dict.fromkeys((*old.sources, *new.sources))),
        date=new.version.date,
    )


PUBLICATION_FORMATS = ("html", "pdf", "docx")
RESPONSE_FORMATS = ("pdf", "docx")
"""The response form as a PDF to fill in and a DOCX: a static HTML page could neither send
the answers nor save them, so it is not published (it is only the PDF's page)."""


def _publication_jobs(project: Project, publication: Publication) -> list[Job]:
    issued = publication.parameter("issued")
    assert issued is not None
    values = tuple((p.name, str(p.value)) for p in publication.parameters)
    base, proposed = project.edition(publication.base), project.edition(publication.proposed)
    sources = tuple(dict.fromkeys((*base.sources, *proposed.sources, *publication.sources)))
    form = publication.parameter("annex_form")
    titles = {
        Kind.CONSULTATION: (publication.title, "The consultation document"),
        Kind.DIRECTION: (
            f"{publication.direction.title if publication.direction else 'Draft direction'}",
            f"Draft direction; its annex: the amendments from {base.label} to {proposed.label}"
            if form is not None and form.value == "schedule"
            else f"Draft direction with the re-designated {proposed.label} as its annex",
        ),
        Kind.RESPONSE_TEMPLATE: (
            "Response Template",
            f"{len(publication.questions())} questions; DOCX and PDF forms",
        ),
    }
    kinds = [Kind.CONSULTATION, Kind.RESPONSE_TEMPLATE]
    if publication.direction is not None:
        kinds.insert(1, Kind.DIRECTION)
    return [
        Job(
            kind=kind,
            key=(publication.id,),
            address=publication_address(publication, kind),
            title=titles[kind][0],
            summary=titles[kind][1],
            formats=RESPONSE_FORMATS if kind is Kind.RESPONSE_TEMPLATE else PUBLICATION_FORMATS,
            sources=sources,
            date=day(issued),
            extra=values,
        )
        for kind in kinds
    ]


def plan(project: Project) -> list[Job]:
    """Every product of the project, in a stable order."""
    editions = list(project.editions.values())
    jobs = [_edition_job(e) for e in editions]
    for edition in editions:
        base = edition.version.base
        if base is not None:
            jobs.append(_redline_job([project.edition(base), edition]))
    for chain in project.document.chains:
        jobs.append(_redline_job([project.edition(n) for n in chain]))
    for edition in editions:
        base = edition.version.base
        if base is not None:
            jobs.append(_amendments_job(project.edition(base), edition))
    for publication in project.publications:
        jobs.extend(_publication_jobs(project, publication))
    return jobs


@cache
def code_digest() -> str:
    """A digest of tmad's code and templates: a new tmad rebuilds everything."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    templates = templating.folder()
    for entry in sorted(templates.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith(".pyc"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def fingerprint(job: Job, root: Path, source_digests: dict[str, str]) -> str:
    """Everything the job's bytes depend on, hashed."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(repr((job.kind, job.key, job.name, job.formats, job.date, job.extra)).encode())
    for source in job.sources:
        if source not in source_digests:
            source_digests[source] = hashlib.sha256((root / source).read_bytes()).hexdigest()
        digest.update(source.encode())
        digest.update(source_digests[source].encode())
    return digest.hexdigest()


def make_product(project: Project, job: Job) -> Product:
    """The product a job renders (schedules of amendments proved first)."""
    from tmad.amend.text import proven_schedule
    from tmad.diff.compose import chain
    from tmad.products import (
        AmendmentsProduct,
        ConsultationProduct,
        DirectionProduct,
        RedlineProduct,
        ResponseTemplateProduct,
        VersionProduct,
    )
    from tmad.publication.resolve import resolve_publication

    if job.kind is Kind.VERSION:
        return VersionProduct(project.edition(job.key[0]))
    if job.kind is Kind.REDLINE:
        return RedlineProduct(chain([project.edition(n) for n in job.key]))
    if job.kind is Kind.AMENDMENTS:
        old, new = (project.edition(n) for n in job.key)
        return AmendmentsProduct(proven_schedule(old, new))
    publication = project.publication(job.key[0])
    printed_in = ""  # the response form links "Attachment 1" into the consultation's PDF
    if job.kind is Kind.RESPONSE_TEMPLATE:
        printed_in = publication_address(publication, Kind.CONSULTATION).name + ".pdf"
    links = publication_links(publication, project.editions, job.folder)
    publication = resolve_publication(
        publication, dict(project.editions), links, printed_in=printed_in
    )
    match job.kind:
        case Kind.CONSULTATION:
            return ConsultationProduct(publication)
        case Kind.DIRECTION:
            proposed = project.edition(publication.proposed)
            form = publication.parameter("annex_form")
            amendments = None
            if form is not None and form.value == "schedule":
                amendments = proven_schedule(project.edition(publication.base), proposed)
            return DirectionProduct(publication, proposed, amendments)
        case Kind.RESPONSE_TEMPLATE:
            return ResponseTemplateProduct(publication)
    raise ValueError(f"{job.kind} is not a publication's product")
