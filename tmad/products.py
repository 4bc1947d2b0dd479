"""Products: the things tmad renders, each a value a renderer can present in any format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from tmad.diff.compose import MarkedDocument
from tmad.model import Edition


@dataclass(frozen=True, slots=True)
class VersionProduct:
    """A version's consolidated ("clean") text."""

    edition: Edition
    """The text."""
    kind: ClassVar[str] = "version"


@dataclass(frozen=True, slots=True)
class RedlineProduct:
    """A marked-up comparison of two or more versions."""

    marked: MarkedDocument
    """The composed changes."""
    context: Literal["full", "changed"] = "full"
    """Whether to show the whole text or only changed clauses."""
    kind: ClassVar[str] = "redline"


Product = VersionProduct | RedlineProduct
