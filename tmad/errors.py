"""Errors a user can act on, and the source locations they point at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written.

    ``path`` is relative to the project root (posix separators) so messages and
    manifests are the same on every machine; ``line`` and ``col`` are 1-based,
    0 when unknown.
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


class TmadError(Exception):
    """An error reported to the user as one line: ``path:line: message``.

    ``code`` names the kind of problem as ``tmad check`` reports it (README.md,
    "Checks"): S001 for a source that cannot be read or parsed at all.
    """

    def __init__(self, message: str, location: Location | None = None, code: str = "S002") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class SourceError(TmadError):
    """A source file is unreadable, malformed or inconsistent."""


class UsageError(TmadError):
    """The command line asks for something that does not exist or does not make sense."""


class UnreadableSource(SourceError):
    """A source cannot be read or parsed at all (I/O, encoding, YAML or clause syntax)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message, location, code="S001")
