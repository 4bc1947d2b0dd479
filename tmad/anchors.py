"""Anchors: the one name of a clause's or a container's place in every rendering (an HTML
``id``, a PDF destination, a Word bookmark) and in every link to it."""

from __future__ import annotations


def anchor(kind: str, ident: str) -> str:
    """``clause-early-firmware``, ``section-migration``: the kind, then the stable id."""
    return f"{kind}-{ident}"
