"""Cross-references: every citation of this document resolves, and none is stale.

Citations are found by the words the numbering scheme cites its levels by
(:mod:`tmad.citations`): "Clause 4.26(a)(i)", "Section 4", "section 34-1501(a)(2)",
"paragraph (10)". Clause text is checked against its own version, a citation of a
label against the provision it stands in; a publication's text against the version
it speaks of (``base``). Citations of other instruments ("section 5 of the Act") and
text quoted for insertion elsewhere are not checked. A citation that pointed at one
clause in the base version and now names another number is reported with the new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.citations import Citation, clause_index, find, find_path, resolve
from tmad.errors import Location
from tmad.model import Edition

_BY_ID = re.compile(r"\[\[([^\[\]\n]*)\]\]((?:\([A-Za-z0-9-]{1,12}\))+)")
"""``[[id]](a)(ii)``: a citation by id with the paragraph it names."""


def clause_references(context: CheckContext) -> Iterator[Diagnostic]:
    """R001: the provision cited exists; R003: so does the paragraph cited."""
    project = context.project
    for unit in context.clause_units():
        number = unit.scope.split()[-1]
        if number not in project.editions or unit.quoted:
            continue
        edition = project.editions[number]
        yield from _check_text(unit.text, unit.location, edition, context, unit.clause)
        yield from _check_by_id(unit.text, unit.location, context.written[number], context)
    for publication in context.publications:
        base = project.editions.get(publication.base)
        if base is None:
            continue
        for unit in context.publication_units():
            if unit.scope == publication.id:
                yield from _check_text(unit.text, unit.location, base, context, None)


def _check_text(
    text: str, where: Location, edition: Edition, context: CheckContext, current: str | None
) -> Iterator[Diagnostic]:
    for citation in find(text, edition.document):
        if citation.external:
            continue
        kind, what = resolve(citation, edition, current)
        if kind == "missing":
            yield Diagnostic(
                "R001", "error",
                f"{citation.level.noun} {what} does not exist in {edition.label}",
                context.locator.find(where, citation.shown),
            )  # fmt: skip
        elif kind == "no-paragraph":
            yield Diagnostic("R003", "error", _no_paragraph(citation, edition, current),
                             context.locator.find(where, citation.shown))  # fmt: skip


def _check_by_id(text: str, where: Location, edition: Edition, context) -> Iterator[Diagnostic]:
    """R003 for ``[[id]](a)(ii)``: the clause named by id has that paragraph."""
    for match in _BY_ID.finditer(text):
        ident, path = match.group(1).strip(), match.group(2)
        labels = tuple(re.findall(r"\(([^()]*)\)", path))
        clause = next((c for c in edition.clauses() if c.id == ident), None)
        noun = edition.document.scheme.unit.noun
        if clause is None:
            if any(s.id == ident for s in edition.sections):
                yield Diagnostic(
                    "R003", "error",
                    f"[[{ident}]]{path}: '{ident}' is a heading, which has no paragraphs",
                    context.locator.find(where, match.group(0)),
                )  # fmt: skip
            continue  # an unknown id is S007
        if find_path(clause.body, labels) is None:
            yield Diagnostic(
                "R003", "error",
                f"[[{ident}]]{path}: {noun} {clause.number} of {edition.label} has no "
                f"paragraph {path}",
                context.locator.find(where, match.group(0)),
            )  # fmt: skip


def _no_paragraph(citation: Citation, edition: Edition, current: str | None) -> str:
    if citation.number:
        noun = citation.level.noun
        return (
            f"{noun} {citation.number}{citation.path}: {noun.lower()} {citation.number} of "
            f"{edition.label} has no paragraph {citation.path}"
        )
    unit = edition.document.scheme.unit.noun
    number = next((c.number for c in edition.clauses() if c.id == current), "")
    return f"{citation.shown}: {unit} {number} of {edition.label} has no {citation.shown}"


def renumbered_references(context: CheckContext) -> Iterator[Diagnostic]:
    """R002 (warning): a reference written as a number that follows a renumbered clause."""
    project = context.project
    reported: set[tuple[Location, str]] = set()
    for unit in context.clause_units(every_version=True):
        number = unit.scope.split()[-1]
        edition = project.editions.get(number)
        earlier = edition.version.base if edition is not None else None
        if edition is None or earlier is None or earlier not in project.editions or unit.quoted:
            continue
        base = project.editions[earlier]
        for found in _stale(unit.text, unit.location, base, edition, context, "in this version"):
            key = (found.location, found.message)
            if key not in reported:  # text written once, stale in several versions
                reported.add(key)
                yield found
    for publication in context.publications:
        spoken = project.editions.get(publication.base)
        proposed = project.editions.get(publication.proposed)
        if spoken is None or proposed is None:
            continue
        for unit in context.publication_units():
            if unit.scope == publication.id:
                yield from _stale(
                    unit.text, unit.location, spoken, proposed, context, "in the version proposed"
                )


def _stale(text, where, base: Edition, new: Edition, context, phrase) -> Iterator[Diagnostic]:
    unit = base.document.scheme.unit
    for citation in find(text, base.document):
        if citation.external or unit not in (citation.levels or (citation.level,)):
            continue
        meant = clause_index(base).by_number.get(citation.number)
        if meant is None:
            continue
        clause = clause_index(new).by_id.get(meant.id)
        now = clause.number if clause is not None else None
        if now is not None and now != citation.number:
            noun = unit.noun
            yield Diagnostic(
                "R002", "warning",
                f"{noun} {citation.number}{f' ({meant.heading})' if meant.heading else ''} of "
                f"{base.label} is {noun} {now} "
                f"{phrase} ({new.label}); write {noun} {now}, or [[{meant.id}]] in clause text",
                context.locator.find(where, citation.number),
            )  # fmt: skip
