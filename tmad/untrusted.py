"""Reading untrusted files: bounded reads, zip bomb checks and an XML parser that expands nothing.

A returned form is whatever a respondent (or anyone) sent, and a file to import whatever a
drafter was given: it may be truncated, misnamed, encrypted, a zip bomb or XML crafted to
expand entities or read local files. Every check here raises :class:`Unreadable` with a
sentence for the collation's list of skipped files, or an importer's one-line error;
nothing here ever raises anything else for a bad file. Shared by
:mod:`tmad.responses` and :mod:`tmad.importing`.
"""

from __future__ import annotations

import io
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of an untrusted file is read before it is refused.

    The defaults are generous for a filled-in form (the response template is
    about 40 kB as DOCX, 240 kB as PDF; a form with pasted pictures a few MB)
    and small enough that a hostile file cannot exhaust memory.
    """

    max_file_bytes: int = 20 * MiB
    """A returned file larger than this is refused unread."""
    max_files: int = 10_000
    """A folder with more entries than this is refused as a whole (TmadError)."""
    max_zip_members: int = 1000
    """A DOCX with more zip members is refused (Word writes 15 to 50, plus one per picture)."""
    max_uncompressed_bytes: int = 256 * MiB
    """A DOCX whose members declare more than this in total is refused (zip bomb)."""
    max_ratio: int = 100
    """A member this many times larger than its compressed size is refused (zip bomb) ..."""
    ratio_floor: int = 1 * MiB
    """... when it declares more than this (small members compress as they like)."""
    max_part_bytes: int = 32 * MiB
    """The most that is decompressed of any one part that is read (document.xml, a PDF stream)."""
    max_pdf_fields: int = 2000
    """A PDF with more form fields (widgets included) is refused."""
    max_pdf_depth: int = 32
    """Deepest field hierarchy followed in a PDF (parents and kids)."""
    max_controls: int = 500
    """A form with more fields or content controls than this is refused (the template has
    about 20; a hostile file may hold thousands)."""
    max_pdf_objects: int = 20_000
    """The most PDF objects (arrays, their items, fields) looked at in one file, however they
    are shared: an array of arrays of shared arrays cannot multiply the work."""
    max_answer_chars: int = 2_000_000
    """A form whose fields hold more characters than this in all is refused (about 300,000
    words: far more than any response)."""
    max_answer_lines: int = 20_000
    """A field holding more lines than this is refused."""
    max_duplicates_listed: int = 10
    """A response lists at most this many other files as possible duplicates (the rest are
    counted): identical copies cannot grow the collation with the square of their number."""


class Unreadable(Exception):
    """A file that cannot be read (as a response, or for import); the message says why."""


def size_text(size: int) -> str:
    """ "20 MB", "512 kB", "12 bytes"."""
    if size >= MiB:
        return f"{size / MiB:.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size} bytes"


def read_bounded(path: Path, limits: Limits) -> bytes:
    """A regular file's bytes, refusing empty files and files over the size limit.

    The size is checked before reading and again while reading (a file that grows
    meanwhile is still refused), so no more than the limit is ever held in memory.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file")
    if info.st_size == 0:
        raise Unreadable("empty file (0 bytes)")
    if info.st_size > limits.max_file_bytes:
        raise Unreadable(
            f"{size_text(info.st_size)}, larger than the {size_text(limits.max_file_bytes)} "
            "limit for a returned form"
        )
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(path, flags)
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise Unreadable(f"larger than the {size_text(limits.max_file_bytes)} limit")
    if not data:
        raise Unreadable("empty file (0 bytes)")
    return data


# --- zip ---------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: an old .doc, or a password-protected (encrypted) .docx."""


class SafeZip:
    """A zip archive whose directory has been checked, reading members with a size cap."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        if data.startswith(OLE_MAGIC):
            raise Unreadable(
                "a password-protected or old-format (.doc) Word file, not a .docx: ask the "
                "respondent for an unprotected .docx or a PDF"
            )
        if not data.startswith(b"PK\x03\x04"):
            raise Unreadable(f"not a DOCX (a DOCX is a zip file; this one starts {_magic(data)})")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise Unreadable(f"damaged or truncated DOCX (zip: {first_line(exc)})") from None
        if len(members) > limits.max_zip_members:
            raise Unreadable(
                f"the zip holds {len(members)} members, more than the {limits.max_zip_members} "
                "a DOCX may have: refused"
            )
        names: set[str] = set()
        total = 0
        for member in members:
            if member.filename in names:
                raise Unreadable(f"the zip holds two members named {member.filename!r}: refused")
            names.add(member.filename)
            if member.flag_bits & 0x1:
                raise Unreadable("the zip is encrypted: ask for an unprotected file")
            total += member.file_size
            if member.file_size > limits.ratio_floor and member.file_size > limits.max_ratio * max(
                member.compress_size, 1
            ):
                raise Unreadable(
                    f"zip bomb refused: {member.filename!r} expands "
                    f"{member.file_size // max(member.compress_size, 1)} times, to "
                    f"{size_text(member.file_size)}"
                )
        if total > limits.max_uncompressed_bytes:
            raise Unreadable(
                f"zip bomb refused: the members expand to {size_text(total)}, more than the "
                f"{size_text(limits.max_uncompressed_bytes)} limit"
            )
        self.names = names

    def read(self, name: str, cap: int | None = None) -> bytes:
        """A member's bytes; refuses one that expands beyond ``cap`` whatever it declares."""
        cap = self.limits.max_part_bytes if cap is None else cap
        info = self.zip.getinfo(name)
        if info.file_size > cap:
            raise Unreadable(f"{name} is {size_text(info.file_size)}, over the limit of a part")
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(64 * 1024):
                    size += len(chunk)
                    if size > cap:
                        raise Unreadable(f"{name} expands beyond {size_text(cap)}: refused")
                    chunks.append(chunk)
        except Unreadable:
            raise
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError) as exc:
            raise Unreadable(f"damaged or truncated DOCX ({name}: {first_line(exc)})") from None
        except Exception as exc:  # zlib.error, lzma.LZMAError, ...
            raise Unreadable(f"damaged DOCX ({name}: {first_line(exc)})") from None
        return b"".join(chunks)


def part_name(base: str, target: str) -> str:
    """A relationship target resolved against the folder of the part it belongs to."""
    if target.startswith("/"):
        path = PurePosixPath(target.lstrip("/"))
    else:
        path = PurePosixPath(base) / target
    parts: list[str] = []
    for piece in path.parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


# --- XML ---------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


_DOCTYPE = (
    "declares a DOCTYPE or entities (never written by Word or LibreOffice; entity expansion "
    "and external entities are refused)"
)


def parse_xml(data: bytes, name: str):
    """Parse a part safely: no DTD, no entity expansion, no network, no huge trees.

    A part with a DOCTYPE is refused outright: Word and LibreOffice never write
    one, and it is how entity expansion ("billion laughs") and external entities
    (reading local files) are attempted.
    """
    head = data[:8192].replace(b"\x00", b"").upper()  # UTF-16 too
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise Unreadable(f"{name} {_DOCTYPE}")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = re.sub(r"\s*\(<string>, line \d+\)$", "", first_line(exc))
        if "Excessive depth" in message:
            raise Unreadable(
                f"{name} is nested deeper than an XML parser allows: refused"
            ) from None
        if "huge" in message.casefold():
            raise Unreadable(
                f"{name} holds a text longer than an XML parser reads (about 10 million "
                "characters): far more than a response; refused"
            ) from None
        raise Unreadable(f"{name} is not well-formed XML ({message})") from None
    except (ValueError, MemoryError) as exc:
        raise Unreadable(f"{name} cannot be parsed ({first_line(exc)})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise Unreadable(f"{name} {_DOCTYPE}")
    return root


# --- text --------------------------------------------------------------------------------


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Directional embeddings, overrides and isolates: they reorder what a reader sees."""

INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e")
"""Zero-width and invisible characters that carry no text."""


def clean_text(text: str) -> str:
    """Text fit for every output: newlines normalised, characters XML cannot hold removed.

    Keeps tabs and newlines; drops other control characters, lone surrogates, the
    non-characters U+FFFE/U+FFFF (a PDF string can hold anything; a DOCX written
    from it could not be saved), directional overrides and isolates (which make
    text read in another order than it is stored) and zero-width spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    out = []
    for char in text:
        code = ord(char)
        control = code < 0x20 or 0x7F <= code < 0xA0
        if char in BIDI_CONTROLS or char in INVISIBLE:
            continue
        if char in "\t\n" or not (control or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)):
            out.append(char)
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", "".join(out)).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def shown_name(text: str, limit: int = 200) -> str:
    """A name (a field's, a file's, a respondent's) fit to print in a terminal, a report or a
    page: one line, no control, directional or invisible characters (each shown as U+FFFD so
    a reader sees something was there), at most ``limit`` characters."""
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or char in BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        elif char in INVISIBLE or char in "\u200c\u200d\u200e\u200f":
            continue
        else:
            out.append(char)
    shown = " ".join("".join(out).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def identity(text: str) -> str:
    """A form of an email address or name for telling duplicates apart: compatibility-
    normalised, case-folded, without invisible characters or spaces."""
    text = unicodedata.normalize("NFKC", text)
    kept = (
        c
        for c in text
        if c not in INVISIBLE and c not in BIDI_CONTROLS and c not in "\u200c\u200d\u200e\u200f"
    )
    return "".join("".join(kept).split()).casefold()


def first_line(exc: BaseException) -> str:
    """An exception's message, one line, at most 160 characters."""
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) <= 160 else line[:157] + "..."


def _magic(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "'%PDF' (it is a PDF misnamed .docx?)"
    if head[:5].lower() in (b"<html", b"<!doc"):
        return "like an HTML page"
    if head.startswith(b"{\\rtf"):
        return "'{\\rtf' (an RTF file misnamed .docx?)"
    return "0x" + head.hex()
