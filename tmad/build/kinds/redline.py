"""Redlines: each version against its base, then each chain the document declares."""

from __future__ import annotations

import itertools

from tmad.build.job import Job, ProductKind
from tmad.diff.compare import compare
from tmad.diff.compose import chain
from tmad.diff.consequence import classify
from tmad.kinds import Kind
from tmad.model import Edition
from tmad.naming import redline_address
from tmad.products import Product, RedlineProduct
from tmad.project import Project

FORMATS = ("html", "pdf", "docx", "json")


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


def job(editions: list[Edition]) -> Job:
    """The job of the redline through ``editions``, oldest first."""
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
        formats=FORMATS,
        sources=sources,
        date=max(e.version.date for e in editions),
    )


def jobs(project: Project) -> list[Job]:
    """Each version with a base against it, then the document's chains."""
    pairs = [
        [project.edition(edition.version.base), edition]
        for edition in project.editions.values()
        if edition.version.base is not None
    ]
    chains = [[project.edition(n) for n in numbers] for numbers in project.document.chains]
    return [job(editions) for editions in [*pairs, *chains]]


def make(project: Project, job: Job) -> Product:
    """The composed changes through the job's versions."""
    return RedlineProduct(chain([project.edition(n) for n in job.key]))


KIND = ProductKind(Kind.REDLINE, FORMATS, jobs, make)
