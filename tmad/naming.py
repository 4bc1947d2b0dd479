"""The layout of build/: every product's folder and house file name (what publishers
upload), and the relative links between products.

One home for addresses, as cobalt's ``FrbrUri`` or Sphinx's ``get_target_uri`` are: the
build plan, the command line's default output paths and the links a publication makes to
its companion products all ask here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tmad.errors import SourceError
from tmad.kinds import Kind
from tmad.model import Document, Edition

if TYPE_CHECKING:
    from tmad.publication.model import Publication

VERSIONS = "versions"
REDLINES = "redlines"
AMENDMENTS = "amendments"


@dataclass(frozen=True, slots=True)
class Address:
    """Where a product's files go under build/: a folder and a house name, suffix apart."""

    folder: str
    """Sub-directory of build/ ("redlines", or a publication's id)."""
    name: str
    """House file name without suffix ("TMAD_v5.2_redline_against_v5.1")."""

    def path(self, suffix: str) -> str:
        """The file's path relative to build/ ("redlines/TMAD_….pdf")."""
        return f"{self.folder}/{self.name}{suffix}"

    def href(self, suffix: str, here: str) -> str:
        """A relative link to the file from a product in folder ``here``."""
        return f"{self.name}{suffix}" if self.folder == here else f"../{self.path(suffix)}"


def stem(document: Document) -> str:
    """The document's short title as a file name: letters, digits, dots and hyphens, other
    characters as one underscore ("Title 34" → "Title_34")."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", document.short_title).strip("_") or document.id


def version_address(edition: Edition) -> Address:
    """ "versions/TMAD_v5.2"."""
    return Address(VERSIONS, f"{stem(edition.document)}_v{edition.version.number}")


def redline_address(editions: list[Edition]) -> Address:
    """ "redlines/TMAD_v5.2_redline_against_v5.1", or "…/TMAD_redline_v5.1_to_v5.2_to_v5.3"
    for a chain."""
    short = stem(editions[0].document)
    numbers = [e.version.number for e in editions]
    if len(numbers) == 2:
        return Address(REDLINES, f"{short}_v{numbers[1]}_redline_against_v{numbers[0]}")
    return Address(REDLINES, f"{short}_redline_" + "_to_".join(f"v{n}" for n in numbers))


def amendments_address(old: Edition, new: Edition) -> Address:
    """ "amendments/TMAD_v5.2_amendments_to_v5.1" (the amendments to 5.1 giving 5.2)."""
    name = f"{stem(old.document)}_v{new.version.number}_amendments_to_v{old.version.number}"
    return Address(AMENDMENTS, name)


def publication_address(publication: Publication, kind: Kind) -> Address:
    """A publication's product, in the publication's folder: the consultation's house name is
    its ``file_name`` ("Early_Firmware_Consultation_issued"); the direction's and the
    response template's share its stem ("Early_Firmware_Draft_Direction")."""
    stem = publication.file_name.split("_Consultation")[0]
    names = {
        Kind.CONSULTATION: publication.file_name,
        Kind.DIRECTION: f"{stem}_Draft_Direction",
        Kind.RESPONSE_TEMPLATE: f"{stem}_Response_Template",
    }
    return Address(publication.id, names[kind])


def publication_links(
    publication: Publication, editions: Mapping[str, Edition], here: str
) -> dict[str, str]:
    """What a publication's text links to, relative to the folder ``here`` of the product
    being rendered: its direction (PDF), its response template (DOCX), each version (HTML)
    by "version N", and each redline it attaches by its product line ("redline 5.1 5.2");
    SourceError (Q003) for an attachment that names a version there is not."""
    links = {
        Kind.DIRECTION.value: publication_address(publication, Kind.DIRECTION).href(".pdf", here),
        Kind.RESPONSE_TEMPLATE.value: publication_address(publication, Kind.RESPONSE_TEMPLATE).href(
            ".docx", here
        ),
    }
    for number, edition in editions.items():
        links[f"version {number}"] = version_address(edition).href(".html", here)
    for attachment in publication.attachments:
        if attachment.product[:1] == (Kind.REDLINE,):
            missing = [n for n in attachment.product[1:] if n not in editions]
            if missing:
                raise SourceError(
                    f"attachment '{attachment.id}' names unknown version {missing[0]} "
                    f"(versions: {', '.join(editions)})",
                    attachment.location,
                    code="Q003",
                )
            chain = [editions[n] for n in attachment.product[1:]]
            links[" ".join(attachment.product)] = redline_address(chain).href(".pdf", here)
    return links
