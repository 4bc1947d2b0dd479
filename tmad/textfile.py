"""Reading source text files defensively.

Every source passes through :func:`read_text`: it must lie inside the project,
be at most :data:`MAX_SOURCE_BYTES`, be UTF-8, and contain no control characters
(they are invalid in XML, so DOCX and PDF outputs could not carry them). Line
endings are normalised to ``\\n`` and a byte-order mark is dropped.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from tmad.errors import Location, UnreadableSource

MAX_SOURCE_BYTES = 4 * 1024 * 1024
"""The largest source file read: far above any legal document's text."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (after resolving links) lies inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_text(path: Path, root: Path) -> str:
    """The text of a source file, checked and normalised; SourceError otherwise."""
    rel = _relative(path, root)
    if not inside(path, root):
        raise UnreadableSource("source lies outside the project (refusing to follow the link)", rel)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSource(
                "not a regular file (a pipe, socket or device): sources are files", rel
            )
        size = info.st_size
        if size > MAX_SOURCE_BYTES:
            raise UnreadableSource(
                f"file is {size:,} bytes; sources are limited to {MAX_SOURCE_BYTES:,}", rel
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableSource("file not found", rel) from None
    except IsADirectoryError:
        raise UnreadableSource("expected a file, found a directory", rel) from None
    except OSError as exc:
        raise UnreadableSource(f"cannot read: {exc.strerror or exc}", rel) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableSource(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded (save the file as UTF-8)",
            Location(rel.path, line),
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, rel.path)
    return text


def check_characters(text: str, path: str, first_line: int = 1) -> None:
    """Fail on a control character, naming its line and column."""
    match = _CONTROL.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + first_line
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise UnreadableSource(
        f"control character U+{ord(match.group()):04X} is not allowed in text",
        Location(path, line, col),
    )


def _relative(path: Path, root: Path) -> Location:
    try:
        return Location(path.relative_to(root).as_posix())
    except ValueError:
        return Location(path.as_posix())
