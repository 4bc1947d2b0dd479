"""Writing files atomically: a temporary file beside the target, then a rename.

A reader (or a failed build) never sees half a file: the target is either the
old content or the new.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from tmad.errors import TmadError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_output(path: Path, data: bytes) -> None:
    """Write a file a user named (``-o``): always a regular file, written through a temporary
    file and a rename. A device, pipe, folder or symbolic link is refused with a clear error,
    never replaced (``-o /dev/null`` would otherwise become an ordinary file)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise TmadError(f"{path} is a symbolic link: give the file it points to")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TmadError(f"{path} is a folder: give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise TmadError(
            f"{path} is not a regular file (a device or a pipe): tmad writes files; use '-o -' "
            "for standard output"
        )
    write_atomic(path, data)
