"""The PDF kit: WeasyPrint over a product's HTML page, laid out by the print stylesheet.

Every PDF is tagged PDF/UA-1 with title, author, subject and language from the
page's metadata. Rendering may not read any file or URL: the pages are
self-contained, and the URL fetcher refuses every request with a clear error
(so an image or stylesheet named in a source can never pull in
``file:///etc/passwd`` or reach the network).

Fonts are subset by HarfBuzz where ``libharfbuzz-subset`` is installed, else by fontTools,
which stamps the time of subsetting into each font it writes: the render pins that time
(``SOURCE_DATE_EPOCH``, which fontTools honours) so that two builds are byte-identical
either way.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from functools import cache

from tmad.errors import SourceError
from tmad.render import pdftags

PDF_VARIANT = "pdf/ua-1"

FONT_TIMESTAMP = "315532800"
"""The time written into fonts subset by fontTools: 1980-01-01 00:00 UTC, the earliest date
tmad's outputs hold, never the clock."""


def load() -> None:
    """Import WeasyPrint now rather than at the first PDF (it takes most of a second)."""
    _weasyprint()


@cache
def _weasyprint():
    """Import WeasyPrint on first use (it takes most of a second to load)."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    class RefusedFetch(FatalURLFetchingError):
        """Rendering asked for an external resource; tmad never fetches one."""

    return weasyprint, RefusedFetch


def refuse_fetch(url: str, *args: object, **kwargs: object) -> None:
    """The URL fetcher: no file or URL is ever read while rendering."""
    shown = url if len(url) < 120 else url[:117] + "..."
    raise _weasyprint()[1](f"refusing to fetch {shown!r} while rendering a PDF")


@contextlib.contextmanager
def _pinned_font_time() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to :data:`FONT_TIMESTAMP` for the block, then restored."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def radio_kids_as_widgets(document: object, pdf) -> None:
    """A WeasyPrint finisher: each radio button becomes a widget of its group, not a field.

    WeasyPrint gives every button of a radio group its own ``/T`` and lists it in the form's
    ``/Fields`` beside the group, so viewers read a second field ``confidential.confidential``
    (pypdf: "already parsed"). A kid of a group keeps its description (``/TU``) for screen
    readers, loses its name, and only the group is a field.
    """
    acroform = pdf.catalog.get("AcroForm")
    if not acroform or "Fields" not in acroform:
        return
    kids = set()
    for item in pdf.objects:
        if _is_widget_kid(item):
            item.pop("T", None)
            kids.add(item.reference)
    acroform["Fields"][:] = [ref for ref in acroform["Fields"] if ref not in kids]


def _is_widget_kid(item: object) -> bool:
    """Whether a PDF object is a widget with a parent field (a radio button of a group)."""
    return isinstance(item, dict) and "Parent" in item and item.get("Subtype") == "/Widget"


def _finisher(origins: pdftags.Origins):
    """What WeasyPrint runs on the finished PDF objects before it writes them."""

    def finish(document: object, pdf) -> None:
        pdftags.restructure(document, pdf, origins)
        radio_kids_as_widgets(document, pdf)

    return finish


def html_to_pdf(html: str) -> bytes:
    """Lay out a self-contained page and write a tagged PDF."""
    weasyprint, refused = _weasyprint()
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=refuse_fetch)
        origins: pdftags.Origins = {}
        with _pinned_font_time(), pdftags.recording(origins):
            return document.write_pdf(
                pdf_variant=PDF_VARIANT, pdf_forms=True, finisher=_finisher(origins)
            )
    except refused as exc:
        raise SourceError(str(exc)) from None
