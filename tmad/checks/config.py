"""A project's justified exceptions to the checks, declared once in ``clauses/document.yaml``
and honoured by ``tmad check`` and ``tmad build`` alike, as ruff's ``ignore`` and
``per-file-ignores`` are::

    checks:
      ignore: [T001]                          # codes or prefixes, everywhere
      per-file-ignores:
        "publications/*/direction.md": [X003] # glob (as fnmatch) of project paths: codes
      proofread: true                         # run P001 in every check and build
      words: [tmad, SMETS1]                   # house words the proof-reader accepts (P001)
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from tmad.checks.codes import UNIGNORABLE, known
from tmad.errors import SourceError
from tmad.yamlsource import Mapping, load_mapping

KEY = "checks"
"""The key of ``clauses/document.yaml`` that holds the configuration."""


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Codes a project ignores, everywhere or in some files."""

    ignore: tuple[str, ...] = ()
    """Codes or prefixes never reported."""
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(glob of project paths, codes or prefixes) not reported in matching files."""
    words: tuple[str, ...] = ()
    """House words the proof-reading check (P001) accepts as spelt."""
    proofread: bool = False
    """Whether every check and build proof-reads (P001); else only ``tmad check --proofread``."""

    def ignores(self, code: str, path: str) -> bool:
        """Whether a diagnostic with ``code`` in file ``path`` is a declared exception."""
        if code in UNIGNORABLE:
            return False
        if code.startswith(self.ignore):
            return True
        return any(
            fnmatchcase(path, glob) and code.startswith(codes) for glob, codes in self.per_file
        )


def read_config(root: Path) -> CheckConfig:
    """The ``checks:`` configuration of the project under ``root`` (none: nothing ignored).

    A malformed configuration raises SourceError (S002) at its line."""
    from tmad.loader import DOCUMENT_FILE, SOURCE_DIR

    path = root / SOURCE_DIR / DOCUMENT_FILE
    if not path.is_file():
        return CheckConfig()
    section = load_mapping(path, root).mapping(KEY)
    if section is None:
        return CheckConfig()
    section.refuse_unknown({"ignore", "per-file-ignores", "words", "proofread"})
    ignore = _codes(section, "ignore", section.sequence("ignore"))
    files = section.mapping("per-file-ignores")
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if files is not None:
        per_file = tuple(
            (glob, _codes(files, glob, value if isinstance(value, list) else [value]))
            for glob, value in files.values.items()
        )
    words = section.sequence("words")
    if not all(isinstance(word, str) and word.strip() for word in words):
        raise SourceError("checks: 'words' is a list of words", section.where("words"))
    proofread = section.get("proofread", False)
    if not isinstance(proofread, bool):
        raise SourceError("checks: 'proofread' is true or false", section.where("proofread"))
    return CheckConfig(ignore, per_file, tuple(word.strip() for word in words), proofread)


def _codes(section: Mapping, key: str, values: list[object]) -> tuple[str, ...]:
    out = []
    for value in values:
        if not isinstance(value, str) or not known(value):
            raise SourceError(
                f"checks: {value!r} is not a check code or prefix ('tmad check --list')",
                section.where(key),
            )
        code = value.upper()
        if code in UNIGNORABLE:
            raise SourceError(
                f"checks: {code} cannot be ignored: the sources cannot be built past it",
                section.where(key),
            )
        out.append(code)
    return tuple(out)
