"""The build plan: every product tmad publishes, its formats, sources and house name.

A job is one product (a version, a redline, ...) rendered in several formats. Each kind of
product has its module in :mod:`tmad.build.kinds`, listed in :data:`KINDS`, which says
which jobs a project has and how each job's product is made. A job's fingerprint covers
everything its bytes depend on (its source files, the parameters it uses, tmad's own code
and templates), so an unchanged job is never rendered again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from tmad import __version__, templating
from tmad.build.job import Job, ProductKind
from tmad.build.kinds import (
    amendments,
    consultation,
    direction,
    redline,
    response_template,
    version,
)
from tmad.kinds import Kind
from tmad.products import Product
from tmad.project import Project

KINDS: dict[Kind, ProductKind] = {
    module.KIND.kind: module.KIND
    for module in (version, redline, amendments, consultation, direction, response_template)
}
"""Every kind of product, in the order the plan lists them."""
PUBLICATION_KINDS = frozenset({Kind.CONSULTATION, Kind.DIRECTION, Kind.RESPONSE_TEMPLATE})
"""The kinds made for each publication, rather than from the versions alone."""


def plan(project: Project) -> list[Job]:
    """Every product of the project, in a stable order: versions, redlines, schedules of
    amendments, then each publication's products together."""
    jobs = [job for kind in KINDS.values() for job in kind.jobs(project)]
    publications = {p.id: index for index, p in enumerate(project.publications)}

    def publication(job: Job) -> int:
        return publications[job.key[0]] if job.kind in PUBLICATION_KINDS else -1

    return sorted(jobs, key=publication)  # stable: each kind's own order is kept


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
    return KINDS[job.kind].make(project, job)
