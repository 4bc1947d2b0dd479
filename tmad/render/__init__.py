"""Renderers: output formats, and one renderer per (product kind, format), keyed in a table.

A format (:mod:`tmad.render.formats`) is a name, a file suffix and a media type. A renderer
turns one kind of product into bytes of one format; each product kind has one module
(``version``, ``redline``, ``amendments``, ``consultation``, ``direction``, ``response``)
that registers its renderers with :func:`renders`, and its HTML page with :func:`page`,
which serves both HTML (for the screen) and PDF (the page laid out for print by
WeasyPrint). Those modules share small kits (``htmlkit``, ``docxkit``, ``docxwriter``,
``schedulekit``, ``pdfkit``, ``structure``, ``wordml``) that never import a renderer.

Adding a format: declare it in ``formats.py`` and register renderers for the kinds it
serves. Adding a product kind: one module here listed in :data:`_MODULES`. What a format
can render is read from the table, never kept by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TypeVar, cast

from tmad.errors import UsageError
from tmad.kinds import Kind
from tmad.products import Product

Renderer = Callable[[Product], bytes]
"""Renders one product to one format's bytes."""
P = TypeVar("P", bound=Product)
"""One kind of product: a renderer is written for its own kind and looked up by it."""


@dataclass(frozen=True, slots=True)
class Format:
    """An output format."""

    name: str
    """Registry key and command-line name ("html")."""
    suffix: str
    """File suffix including the dot (".html")."""
    media_type: str
    """IANA media type."""
    prepare: Callable[[], object] | None = None
    """Loads what rendering in this format needs (WeasyPrint, for PDF), where that is slow:
    :func:`prepare` runs it before a build forks its workers, so they share one copy."""


_FORMATS: dict[str, Format] = {}
_RENDERERS: dict[tuple[Kind, str], Renderer] = {}
_MODULES = (
    "formats",
    "version",
    "akn",
    "akn_amendments",
    "redline",
    "redline_json",
    "amendments",
    "consultation",
    "direction",
    "response",
)


def register(fmt: Format) -> Format:
    """Declare a format; a second format with the same name is an error."""
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} is registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


def renders(kind: Kind, fmt: str) -> Callable[[Callable[[P], bytes]], Callable[[P], bytes]]:
    """Register the decorated function as the renderer of ``kind`` products in ``fmt`` (the
    table is keyed by kind, so a renderer only ever gets products of its own kind)."""

    def add(renderer: Callable[[P], bytes]) -> Callable[[P], bytes]:
        if (kind, fmt) in _RENDERERS:
            raise ValueError(f"{kind} in {fmt} has two renderers")
        _RENDERERS[(kind, fmt)] = cast(Renderer, renderer)
        return renderer

    return add


def page(kind: Kind) -> Callable[[Callable[[P, bool], str]], Callable[[P, bool], str]]:
    """Register the decorated function as the HTML page of ``kind`` products: their HTML is
    the page for the screen, their PDF the page laid out for print."""

    def add(maker: Callable[[P, bool], str]) -> Callable[[P, bool], str]:
        from tmad.render.pdfkit import html_to_pdf

        def html(product: P) -> bytes:
            return maker(product, False).encode("utf-8")

        def pdf(product: P) -> bytes:
            return html_to_pdf(maker(product, True))

        renders(kind, "html")(html)
        renders(kind, "pdf")(pdf)
        return maker

    return add


def _load() -> None:
    """Import every renderer module (each registers itself; importing twice does nothing)."""
    for module in _MODULES:
        import_module(f"tmad.render.{module}")


def get(name: str) -> Format:
    """The format with this name."""
    _load()
    try:
        return _FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}' (formats: {', '.join(names())})") from None


def names() -> list[str]:
    """Every format name."""
    _load()
    return sorted(_FORMATS)


def kinds(name: str) -> frozenset[Kind]:
    """The product kinds a format renders (read from the table)."""
    _load()
    return frozenset(kind for kind, fmt in _RENDERERS if fmt == name)


def prepare(names: Iterable[str]) -> None:
    """Load now, in this process, what rendering in these formats needs (each format's
    :attr:`Format.prepare`): a process forked afterwards finds it loaded."""
    for name in sorted(set(names)):
        loader = get(name).prepare
        if loader is not None:
            loader()


def render(product: Product, name: str) -> bytes:
    """Render a product in a format."""
    get(name)
    renderer = _RENDERERS.get((product.kind, name))
    if renderer is None:
        raise UsageError(f"format '{name}' cannot render a {product.kind}")
    return renderer(product)
