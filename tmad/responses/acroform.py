"""Reading a returned PDF: the values of its form fields (AcroForm), by name.

The response template's PDF (WeasyPrint) has text fields named like the DOCX's
controls and a radio group ``confidential`` whose options' export values are
listed in ``/Opt`` (``all``, ``part``, ``none``) while its widgets' "on"
appearance states are ``/0``, ``/1``, ``/2``. A viewer that saves the form sets
the group's ``/V`` to the chosen state (``/1``), which is mapped through
``/Opt``; a viewer that only sets the chosen widget's ``/AS`` is read too.

pikepdf (qpdf) parses the file with qpdf's global limits tightened for the
duration (:func:`qpdf_limits`): decompression is capped, so a stream bomb is
an error, not an exhausted machine. qpdf has no cap for LZW (and for some image
filters), so a field value is decoded only when all its filters are ones qpdf
caps (Flate, RunLength) or that cannot expand (ASCIIHex, ASCII85); anything else
is refused. Every object looked at (fields, array items) counts against one
budget per file (``max_pdf_objects``), so arrays nested and shared many times over
cannot multiply the work. A PDF without form fields (printed to PDF, flattened) is
refused, since nothing can be read from it.

When a radio group's value (``/V``) and its widgets' appearance (``/AS``) disagree
(a viewer that updated only one of them), both are recorded: the collation then
sees two answers to the confidentiality question and withholds the response.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import Any

import pikepdf

from tmad.responses.fields import Schema
from tmad.responses.model import OtherField
from tmad.responses.word import RawForm
from tmad.untrusted import Limits, Unreadable, clean_text, first_line, size_text

_RADIO = 1 << 15
"""Field flag: the buttons are radio buttons."""
_PUSHBUTTON = 1 << 16
"""Field flag: a push button (holds no value)."""
_ADDRESS = re.compile(r"^stream <[^>]*>:?|<[^>]* at 0x[0-9a-fA-F]+>")
"""qpdf names an in-memory file by its object's address: left out, so reasons are stable."""


@contextlib.contextmanager
def qpdf_limits(limits: Limits) -> Iterator[None]:
    """qpdf's process-wide limits tightened while untrusted PDFs are read, then restored."""
    settings = getattr(pikepdf, "settings", None)
    setter = getattr(settings, "set_qpdf_limits", None)
    if setter is None:  # an old pikepdf: the file size limit still applies
        yield
        return
    previous = setter(
        flate_max_memory=limits.max_part_bytes,
        run_length_max_memory=limits.max_part_bytes,
        png_max_memory=limits.max_part_bytes,
        tiff_max_memory=limits.max_part_bytes,
        dct_max_memory=limits.max_part_bytes,
        parser_max_container_size=100_000,
        parser_max_nesting=100,
        max_stream_filters=4,
        doc_max_warnings=500,
    )
    try:
        yield
    finally:
        setter(**previous)


def read_pdf(data: bytes, schema: Schema, limits: Limits) -> RawForm:
    """The fields of a returned PDF; :class:`Unreadable` when it is not a filled-in form."""
    if b"%PDF-" not in data[:1024]:
        raise Unreadable("not a PDF (no %PDF- header)")
    with qpdf_limits(limits):
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PasswordError:
            raise Unreadable("a password-protected PDF: ask for an unprotected copy") from None
        except (pikepdf.PdfError, ValueError, OSError, RecursionError) as exc:
            raise Unreadable(_damaged("damaged PDF", exc)) from None
        try:
            with pdf:
                return _read(pdf, schema, limits)
        except Unreadable:
            raise
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise Unreadable(_damaged("damaged PDF form", exc)) from None
        except RecursionError:
            raise Unreadable("damaged PDF form (fields nested without end)") from None


def _read(pdf: pikepdf.Pdf, schema: Schema, limits: Limits) -> RawForm:
    form = RawForm()
    acroform = pdf.Root.get("/AcroForm")
    fields = acroform.get("/Fields") if isinstance(acroform, pikepdf.Dictionary) else None
    if not isinstance(fields, pikepdf.Array) or len(fields) == 0:
        raise Unreadable(
            "a PDF without form fields (printed to PDF or flattened, not the filled-in form): "
            "nothing can be read from it; read it by hand or ask for the form itself"
        )
    if len(fields) > limits.max_pdf_fields:
        raise Unreadable(f"the PDF has {len(fields)} form fields, more than a response form")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        form.notes.append("the PDF also holds an XFA form: only its AcroForm fields were read")
    seen: set[tuple[int, int]] = set()
    roots: list[pikepdf.Dictionary] = []
    for entry in fields:
        node = _root_of(entry, limits)
        if node is None:
            continue
        key = node.objgen if node.is_indirect else (id(node), -1)
        if key in seen:
            continue
        seen.add(key)
        roots.append(node)
    budget = [limits.max_pdf_objects]
    terminals = 0
    for node in roots:
        for name, value in _terminal(node, "", 0, limits, budget):
            terminals += 1
            if terminals > limits.max_controls:
                raise Unreadable(
                    f"the PDF has more than {limits.max_controls} form fields: not a response form"
                )
            if not name:
                continue
            text = clean_text(value)
            if schema.is_field(name):
                form.recognised += 1
                form.values.setdefault(name, []).append(text)
            elif text:
                form.other.append(OtherField(name, text))
    if not form.recognised:
        raise Unreadable(
            "no response fields found in the PDF's form: not the response template "
            "(or its fields were renamed); read it by hand"
        )
    return form


def _damaged(what: str, exc: BaseException) -> str:
    """A qpdf error as a reason: without the in-memory stream's address, bombs named as such."""
    message = _ADDRESS.sub("", first_line(exc)).strip(" :")
    message = re.sub(r"^\((object [^)]*)\):?\s*", r"\1: ", message)
    if "memory limit exceeded" in message:
        return f"decompression bomb refused: a stream expands beyond the limit ({message})"
    return f"{what} ({message})"


def _root_of(entry, limits: Limits) -> pikepdf.Dictionary | None:
    """The top of a field's hierarchy (WeasyPrint lists radio widgets beside their group)."""
    node = entry
    for _ in range(limits.max_pdf_depth):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        parent = node.get("/Parent")
        if not isinstance(parent, pikepdf.Dictionary):
            return node
        node = parent
    raise Unreadable("the PDF's form fields are nested too deep (or in a loop)")


def _inherited(node: pikepdf.Dictionary, key: str, limits: Limits):
    for _ in range(limits.max_pdf_depth):
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if not isinstance(parent, pikepdf.Dictionary):
            return None
        node = parent
    return None


def _terminal(node, prefix: str, depth: int, limits: Limits, budget: list[int]):
    """(fully qualified name, value) of each terminal field under ``node``."""
    _spend(budget)
    if depth > limits.max_pdf_depth:
        raise Unreadable("the PDF's form fields are nested too deep")
    partial = _string(node.get("/T")) if "/T" in node else ""
    name = f"{prefix}.{partial}" if prefix and partial else (partial or prefix)
    kind = _inherited(node, "/FT", limits)
    flags = _inherited(node, "/Ff", limits)
    flags = _as_int(flags) or 0
    if kind == pikepdf.Name.Btn and flags & _RADIO:
        for value in _radio(node, limits, budget):
            yield name, value
        return
    if kind == pikepdf.Name.Btn and flags & _PUSHBUTTON:
        return
    kids = node.get("/Kids")
    child_fields = (
        [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/T" in kid]
        if isinstance(kids, pikepdf.Array)
        else []
    )
    if child_fields:
        for kid in child_fields:
            yield from _terminal(kid, name, depth + 1, limits, budget)
        return
    if kind == pikepdf.Name.Btn:  # a check box: its on-state name, or nothing
        value = _inherited(node, "/V", limits)
        yield name, "" if value is None or str(value) == "/Off" else str(value).lstrip("/")
        return
    yield name, _value(_inherited(node, "/V", limits), limits, budget)


def _spend(budget: list[int], count: int = 1) -> None:
    budget[0] -= count
    if budget[0] < 0:
        raise Unreadable(
            "the PDF's form holds too many objects (fields, or values made of arrays nested and "
            "shared many times over): refused"
        )


def _radio(group, limits: Limits, budget: list[int]) -> list[str]:
    """The chosen option's export value: ``/V`` mapped through ``/Opt``, and the widgets'
    ``/AS`` when a viewer set only those, or set them to something else (then both)."""
    options = group.get("/Opt")
    labels = [_string(o) for o in options] if isinstance(options, pikepdf.Array) else []
    _spend(budget, len(labels))

    def label(state: str) -> str:
        if state.isdigit() and int(state) < len(labels):
            return labels[int(state)]
        return state

    state = group.get("/V")
    chosen = str(state).lstrip("/") if isinstance(state, pikepdf.Name) else ""
    shown: list[str] = []
    kids = group.get("/Kids")
    for kid in kids if isinstance(kids, pikepdf.Array) else []:
        _spend(budget)
        if isinstance(kid, pikepdf.Dictionary) and isinstance(kid.get("/AS"), pikepdf.Name):
            appearance = str(kid.get("/AS")).lstrip("/")
            if appearance and appearance != "Off":
                shown.append(appearance)
    values = [] if not chosen or chosen == "Off" else [label(chosen)]
    values += [label(state) for state in dict.fromkeys(shown) if label(state) not in values]
    return values or [""]


_BOUNDED_FILTERS = frozenset(
    {"/FlateDecode", "/Fl", "/RunLengthDecode", "/RL", "/ASCIIHexDecode", "/AHx",
     "/ASCII85Decode", "/A85"}
)  # fmt: skip
"""Filters whose output qpdf caps (Flate, RunLength) or that cannot expand much."""


def _value(value, limits: Limits, budget: list[int], depth: int = 0) -> str:
    _spend(budget)
    if value is None:
        return ""
    if isinstance(value, pikepdf.String):
        return _capped(_string(value), limits)
    if isinstance(value, pikepdf.Name):
        return str(value).lstrip("/")
    if isinstance(value, pikepdf.Array):
        if depth:  # a choice list holds strings; arrays of arrays are no value of a form
            return ""
        items = list(value)
        _spend(budget, len(items))
        return _capped("\n".join(_value(item, limits, budget, 1) for item in items), limits)
    if isinstance(value, pikepdf.Stream):  # a text stream (PDF 1.5 rich text fields)
        length = value.get("/Length")
        declared = _as_int(length)
        if declared is not None and declared > limits.max_part_bytes:
            raise Unreadable(f"a field's value is over {size_text(limits.max_part_bytes)}")
        filters = value.get("/Filter")
        names = (
            [str(f) for f in filters]
            if isinstance(filters, pikepdf.Array)
            else ([str(filters)] if filters is not None else [])
        )
        unbounded = [name for name in names if name not in _BOUNDED_FILTERS]
        if unbounded:
            raise Unreadable(
                f"a field's value is compressed with {unbounded[0].lstrip('/')}, which tmad does "
                "not decode (its output has no limit: a decompression bomb can hide there)"
            )
        return _capped(_string(pikepdf.String(value.read_bytes())), limits)
    return ""


def _capped(text: str, limits: Limits) -> str:
    if len(text) > limits.max_answer_chars:
        raise Unreadable(
            f"a field's value is {len(text):,} characters long, more than the "
            f"{limits.max_answer_chars:,} a response form may hold"
        )
    return text


def _as_int(value: Any) -> int | None:
    """A PDF number as an int, or None when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _string(value) -> str:
    if isinstance(value, pikepdf.String):
        try:
            return str(value)
        except UnicodeDecodeError:
            return bytes(value).decode("latin-1")
    if isinstance(value, pikepdf.Name):
        return str(value).lstrip("/")
    return "" if value is None else str(value)
