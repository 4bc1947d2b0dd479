"""Products: the things tmad renders, each a value a renderer can present in any format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from tmad.amend.model import Schedule
from tmad.diff.compose import MarkedDocument
from tmad.kinds import Kind
from tmad.model import Edition
from tmad.publication.model import Publication


@dataclass(frozen=True, slots=True)
class VersionProduct:
    """A version's consolidated ("clean") text."""

    edition: Edition
    """The text."""
    kind: ClassVar[Kind] = Kind.VERSION


@dataclass(frozen=True, slots=True)
class RedlineProduct:
    """A marked-up comparison of two or more versions."""

    marked: MarkedDocument
    """The composed changes."""
    context: Literal["full", "changed"] = "full"
    """Whether to show the whole text or only changed clauses."""
    comments: bool = False
    """(DOCX) Whether each change's reason is also a Word comment on its heading."""
    kind: ClassVar[Kind] = Kind.REDLINE


@dataclass(frozen=True, slots=True)
class ConsultationProduct:
    """A consultation document (with its included attachments)."""

    publication: Publication
    """The publication, resolved."""
    kind: ClassVar[Kind] = Kind.CONSULTATION


@dataclass(frozen=True, slots=True)
class DirectionProduct:
    """The Secretary of State's draft direction, with the re-designated text as its annex."""

    publication: Publication
    """The publication, resolved."""
    annex: Edition
    """The version the direction re-designates."""
    amendments: Schedule | None = None
    """When the annex is a schedule of amendments (``annex_form=schedule``) rather than the
    whole re-designated text: the amendments from the base version to ``annex``."""
    kind: ClassVar[Kind] = Kind.DIRECTION


@dataclass(frozen=True, slots=True)
class ResponseTemplateProduct:
    """The form respondents fill in, built from the consultation's questions."""

    publication: Publication
    """The publication, resolved."""
    kind: ClassVar[Kind] = Kind.RESPONSE_TEMPLATE


@dataclass(frozen=True, slots=True)
class AmendmentsProduct:
    """A schedule of amendments from one version to another."""

    schedule: Schedule
    """The amendments: ``tmad.amend.schedule(compare(old, new))``."""
    kind: ClassVar[Kind] = Kind.AMENDMENTS


Product = (
    VersionProduct
    | RedlineProduct
    | AmendmentsProduct
    | ConsultationProduct
    | DirectionProduct
    | ResponseTemplateProduct
)
