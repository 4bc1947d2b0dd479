"""House file names for published products (what publishers upload)."""

from __future__ import annotations

from tmad.model import Edition


def version_name(edition: Edition) -> str:
    """ "TMAD_v5.2"."""
    return f"{edition.document.short_title}_v{edition.version.number}"


def redline_name(editions: list[Edition]) -> str:
    """ "TMAD_v5.2_redline_against_v5.1", or "TMAD_redline_v5.1_to_v5.2_to_v5.3" for a chain."""
    short = editions[0].document.short_title
    numbers = [e.version.number for e in editions]
    if len(numbers) == 2:
        return f"{short}_v{numbers[1]}_redline_against_v{numbers[0]}"
    return f"{short}_redline_" + "_to_".join(f"v{n}" for n in numbers)
