"""The kinds of product tmad makes, one name each: the renderer table, the build plan, the
layout of build/ and the manifest all key on these."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A kind of product. A member is its own name as text ("redline"), in the manifest, the
    index and the templates alike."""

    VERSION = "version"
    """A version's consolidated text."""
    REDLINE = "redline"
    """The changes between versions, marked up."""
    AMENDMENTS = "amendments"
    """A schedule of amendments from one version to the next."""
    CONSULTATION = "consultation"
    """A consultation document."""
    DIRECTION = "direction"
    """The Secretary of State's draft direction."""
    RESPONSE_TEMPLATE = "response-template"
    """The form respondents fill in."""
