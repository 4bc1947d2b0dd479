"""``tmad check``: problems in the sources, each with a code, severity and location.

Checks are small functions from the loaded project to diagnostics, registered
in :func:`_registry`. A source that cannot be read or parsed at all stops the run
(exit status 2); everything else is reported together (exit status 1 for errors;
warnings alone are 0 unless ``--strict``). A project's justified exceptions
(``checks:`` in ``clauses/document.yaml``) are left out of the report and counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tmad.checks.config import CheckConfig
    from tmad.checks.context import CheckContext

from tmad.errors import Location, SourceError

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the sources."""

    code: str
    """Stable code, like a linter's ("S006")."""
    severity: Severity
    """"error" stops a build; "warning" does not."""
    message: str
    """What is wrong, and where possible how to fix it."""
    location: Location
    """Where: file, line and column (1-based; 0 when unknown)."""

    def line(self) -> str:
        """The diagnostic as ``path:line:col: CODE severity: message``."""
        where = self.location
        if not where.path:
            place = "tmad"  # nothing to point into (no project at all)
        elif not where.line and " " in where.path:  # "command line": no file to point into
            place = where.path
        else:
            place = f"{where.path}:{max(where.line, 1)}:{max(where.col, 1)}"
        return f"{place}: {self.code} {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """All diagnostics of a run, and whether the run could be completed."""

    diagnostics: tuple[Diagnostic, ...]
    """Problems found, sorted by file and line."""
    fatal: bool = False
    """True when a source could not be read, so the check could not run (exit status 2)."""
    checked: tuple[str, ...] = field(default=())
    """Versions checked."""
    excepted: int = 0
    """Diagnostics left out as the project's declared exceptions."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity error."""
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity warning."""
        return tuple(d for d in self.diagnostics if d.severity == "warning")


Check = Callable[["CheckContext"], Iterable[Diagnostic]]
"""A check: reads the project, yields diagnostics."""


def _registry() -> tuple[Check, ...]:
    from tmad.checks import dates, references, structure, terms, text

    return (
        structure.labels,
        structure.definitions_order,
        references.clause_references,
        references.renumbered_references,
        terms.defined_terms,
        terms.abbreviations,
        dates.dates_in_text,
        dates.house_style,
        dates.declared_order,
        text.repeated_words,
        text.balance,
        text.placeholders,
        text.unused_parameters,
    )


def from_error(error: SourceError) -> Diagnostic:
    """A diagnostic for an error raised while loading or consolidating."""
    return Diagnostic(error.code, "error", error.message, error.location or Location(""))


def run_checks(
    root: Path,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    settings: tuple[tuple[str, str], ...] = (),
    final: bool = False,
    proofread: bool = False,
) -> CheckResult:
    """Load the project under ``root`` and run every check on it.

    ``settings`` are --set overrides (a bad one raises UsageError); with ``final``,
    placeholders and unset parameters are errors; with ``proofread`` (or ``proofread: true``
    in the project's configuration) the proof-reading check (P001) runs too.
    """
    from tmad.checks.config import CheckConfig, read_config
    from tmad.checks.context import CheckContext, Locator
    from tmad.naming import publication_links
    from tmad.project import read_project
    from tmad.publication.resolve import resolve_publication

    root = root.resolve()
    found: list[Diagnostic] = []
    try:
        config = read_config(root)
    except SourceError as error:  # reported; the checks run with no exceptions declared
        config = CheckConfig()
        found.append(from_error(error))
    reading = read_project(root, settings)
    found.extend(from_error(problem) for problem in reading.problems)
    project = reading.project
    if project is None:
        return _result(found, select, ignore, config, fatal=reading.fatal)
    editions = dict(project.editions)
    resolved = []
    for publication in project.publications:
        if publication.base not in editions or publication.proposed not in editions:
            continue  # R001, reported by read_project
        problems: list[SourceError] = []
        try:
            links = publication_links(publication, editions, publication.id)
            resolved.append(resolve_publication(publication, editions, links, problems))
        except SourceError as error:
            found.append(from_error(error))
        found.extend(from_error(problem) for problem in problems)
    context = CheckContext(project, reading.written, tuple(resolved), final, Locator(root))
    checks = list(_registry())
    if proofread or config.proofread:
        from tmad.checks.proofreading import proofread as proofreading

        checks.append(proofreading)
    for check in checks:
        found.extend(check(context))
    return _result(found, select, ignore, config, checked=tuple(editions))


def _result(
    found: Sequence[Diagnostic],
    select: Sequence[str],
    ignore: Sequence[str],
    config: CheckConfig,
    fatal: bool = False,
    checked: tuple[str, ...] = (),
) -> CheckResult:
    """The diagnostics chosen by --select and --ignore, less the project's declared exceptions
    and the follow-on problems of a line that could not be read (its S001 says it all)."""
    unreadable = {
        (d.location.path, d.location.line) for d in found if d.code == "S001" and d.location.line
    }
    chosen = {
        d
        for d in found
        if (not select or d.code.startswith(tuple(select)))
        and not d.code.startswith(tuple(ignore))
        and (d.code == "S001" or (d.location.path, d.location.line) not in unreadable)
    }
    kept = {d for d in chosen if not config.ignores(d.code, d.location.path)}
    ordered = sorted(
        kept, key=lambda d: (d.location.path, d.location.line, d.location.col, d.code, d.message)
    )
    return CheckResult(tuple(ordered), fatal, checked, len(chosen) - len(kept))


def report(result: CheckResult, form: str = "text") -> str:
    """The result as text lines (with a summary line) or as JSON."""
    errors = len(result.errors)
    warnings = len(result.diagnostics) - errors
    if form == "json":
        data = {
            "diagnostics": [
                {
                    "code": d.code,
                    "severity": d.severity,
                    "message": d.message,
                    "path": d.location.path,
                    "line": d.location.line,
                    "col": d.location.col,
                }
                for d in result.diagnostics
            ],
            "summary": {
                "errors": errors,
                "warnings": warnings,
                "fatal": result.fatal,
                "excepted": result.excepted,
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    lines = [d.line() for d in result.diagnostics]
    excepted = (
        f" ({result.excepted} declared exception(s) in clauses/document.yaml not shown)"
        if result.excepted
        else ""
    )
    if result.fatal:
        lines.append("Check could not run: fix the unreadable source above.")
    elif result.diagnostics:
        lines.append(f"Found {errors} error(s) and {warnings} warning(s){excepted}.")
    else:
        lines.append(f"All checks passed ({len(result.checked)} versions){excepted}.")
    return "\n".join(lines) + "\n"
