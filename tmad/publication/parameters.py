"""Parameter values: the document's own, the publication's, and ``--set NAME=VALUE`` overrides.

Overrides are applied once, when the project loads, so every product of a build
sees the same value: the consultation's "Friday 4 September 2020" and the
direction's "with effect from 4 September 2020" cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tmad.errors import Location, SourceError, UsageError
from tmad.model import Document
from tmad.publication.loader import parse_value
from tmad.publication.model import Parameter, Publication

COMMAND_LINE = Location("command line")


def parse_settings(settings: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``NAME=VALUE`` strings from the command line, checked for shape."""
    out = []
    for setting in settings:
        name, sep, value = setting.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set takes NAME=VALUE, not {setting!r}")
        out.append((name.strip(), value.strip()))
    return tuple(out)


ANNEX_FORMS = ("document", "schedule")
"""What a draft direction's annex holds: the whole re-designated text, or a schedule of
amendments to the version in force (``--set annex_form=schedule``)."""


def with_document(publication: Publication, document: Document) -> Publication:
    """Add the document's name, its appendix letter and the annex form as parameters,
    unless the source sets them."""
    declared = {p.name for p in publication.parameters}
    extra = []
    where = Location(document.sources[0]) if document.sources else None
    for name, value in (
        ("document_name", document.title),
        ("appendix", document.appendix),
        ("annex_form", "document"),
    ):
        if name not in declared:
            extra.append(Parameter(name, "text", value, "[XX]", where))
    return replace(publication, parameters=publication.parameters + tuple(extra))


def with_overrides(
    publications: tuple[Publication, ...], settings: tuple[tuple[str, str], ...]
) -> tuple[Publication, ...]:
    """Publications with command-line values applied; unknown names are an error."""
    known = {p.name for pub in publications for p in pub.parameters}
    for name, _ in settings:
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            raise UsageError(
                f"--set {name}: no publication has that parameter (parameters: {names})"
            )
    out = []
    for publication in publications:
        parameters = []
        for parameter in publication.parameters:
            value = parameter.value
            for name, raw in settings:
                if name == parameter.name:
                    try:
                        value = (
                            None if raw == "" else parse_value(parameter.type, raw, COMMAND_LINE)
                        )
                    except SourceError as exc:
                        raise UsageError(f"--set {name}: {exc.message}") from None
            if parameter.name == "annex_form" and value not in ANNEX_FORMS:
                raise UsageError(
                    f"annex_form must be one of {', '.join(ANNEX_FORMS)}, not {value!r}"
                )
            parameters.append(
                replace(parameter, value=value, location=COMMAND_LINE)
                if value != parameter.value
                else parameter
            )
        out.append(replace(publication, parameters=tuple(parameters)))
    return tuple(out)
