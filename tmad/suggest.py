"""'Did you mean …?' for a name that names nothing: the closest known names, by difflib."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str], cutoff: float = 0.75) -> str:
    """``"; did you mean 'x'?"`` with the closest of ``known``, or "" when none is close."""
    close = difflib.get_close_matches(name, list(known), n=2, cutoff=cutoff)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
