"""Markdown: the plain-text form of a schedule of amendments (what the interpreter reads back)."""

from __future__ import annotations

from tmad.products import AmendmentsProduct, Product
from tmad.render import Format, register


def render(product: Product) -> bytes:
    """Render a schedule of amendments as Markdown."""
    from tmad.render.amendments import amendments_markdown

    if not isinstance(product, AmendmentsProduct):
        raise TypeError(product)
    return amendments_markdown(product.schedule).encode("utf-8")


FORMAT = register(Format("md", ".md", "text/markdown", render, frozenset({"amendments"})))
