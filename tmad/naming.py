"""House file names for published products (what publishers upload)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tmad.model import Document, Edition

if TYPE_CHECKING:
    from tmad.publication.model import Publication


def stem(document: Document) -> str:
    """The document's short title as a file name: letters, digits, dots and hyphens, other
    characters as one underscore ("Title 34" → "Title_34")."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", document.short_title).strip("_") or document.id


def version_name(edition: Edition) -> str:
    """ "TMAD_v5.2"."""
    return f"{stem(edition.document)}_v{edition.version.number}"


def redline_name(editions: list[Edition]) -> str:
    """ "TMAD_v5.2_redline_against_v5.1", or "TMAD_redline_v5.1_to_v5.2_to_v5.3" for a chain."""
    short = stem(editions[0].document)
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
