"""House file names for published products (what publishers upload)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tmad.model import Edition

if TYPE_CHECKING:
    from tmad.publication.model import Publication


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


def publication_names(publication: Publication) -> dict[str, str]:
    """House names of a publication's products: the consultation's is its file_name
    ("Early_Firmware_Consultation_issued"); the others share its stem ("Early_Firmware")."""
    stem = publication.file_name.split("_Consultation")[0]
    return {
        "consultation": publication.file_name,
        "direction": f"{stem}_Draft_Direction",
        "response-template": f"{stem}_Response_Template",
    }
