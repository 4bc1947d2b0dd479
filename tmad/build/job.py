"""A job of the build, and a product kind: what each kind's module under
:mod:`tmad.build.kinds` gives the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from tmad.kinds import Kind
from tmad.naming import Address
from tmad.products import Product
from tmad.project import Project


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


@dataclass(frozen=True, slots=True)
class ProductKind:
    """What the build knows of one kind of product: each kind's module declares one."""

    kind: Kind
    """The kind."""
    formats: tuple[str, ...]
    """The formats the build publishes it in, in the manifest's order."""
    jobs: Callable[[Project], list[Job]]
    """Every product of this kind that a project publishes, in a stable order."""
    make: Callable[[Project, Job], Product]
    """The product one of those jobs renders."""
