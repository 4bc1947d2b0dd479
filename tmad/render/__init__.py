"""Renderers: a registry of output formats, each one module, keyed by name.

A format declares its name, file suffix and media type and renders any
product it supports to bytes. Adding a format means adding one module and
listing it in :data:`_MODULES`; a duplicate name is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from tmad.errors import UsageError
from tmad.products import Product


@dataclass(frozen=True, slots=True)
class Format:
    """An output format."""

    name: str
    """Registry key and command-line name ("html")."""
    suffix: str
    """File suffix including the dot (".html")."""
    media_type: str
    """IANA media type."""
    render: Callable[[Product], bytes]
    """Render a product; raises UsageError for a product the format does not support."""
    kinds: frozenset[str]
    """The product kinds the format supports."""


_REGISTRY: dict[str, Format] = {}
_MODULES = ("html", "pdf", "word", "jsonout", "mdout")


def register(fmt: Format) -> Format:
    """Add a format; a second format with the same name is an error."""
    if fmt.name in _REGISTRY:
        raise ValueError(f"format {fmt.name!r} is registered twice")
    _REGISTRY[fmt.name] = fmt
    return fmt


def _load() -> None:
    """Import every format module (each registers itself; importing twice does nothing)."""
    for module in _MODULES:
        import_module(f"tmad.render.{module}")


def get(name: str) -> Format:
    """The format with this name."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}' (formats: {', '.join(names())})") from None


def names() -> list[str]:
    """Every registered format name."""
    _load()
    return sorted(_REGISTRY)


def render(product: Product, name: str) -> bytes:
    """Render a product in a format."""
    fmt = get(name)
    if product.kind not in fmt.kinds:
        raise UsageError(f"format '{name}' cannot render a {product.kind}")
    return fmt.render(product)
