"""Resolving a publication's text: values, references and placeholders (a stage: model → model).

- ``{{name}}`` becomes the parameter in house style ("Friday 21 August 2020",
  "1600 on Friday 21 August 2020"), or a highlighted placeholder while unset.
- ``{{question:ID}}`` and ``{{attachment:ID}}`` become "Firmware Q1", "Attachment 1".
- "Clause 4.26" in the text resolves against the version the publication speaks
  of and links to it; "AL 5.0" names a version and links to it. A reference to a
  clause or version that does not exist is an error naming the file and line.
  Resolving for a build raises the first error; resolving for ``tmad check`` collects
  every one and goes on, the unresolved text left as written, so that one error never
  hides the checks of the rest.
- Placeholders typed in the text ("[XX]", "[DD MMM YYYY]") are marked as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import assert_never

from tmad.anchors import anchor
from tmad.dates import long_date, time_on_date, weekday_date
from tmad.errors import Location, SourceError
from tmad.model import Edition
from tmad.publication.model import (
    Attachment,
    AttachmentsTable,
    Block,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Parameter,
    Part,
    Placeholder,
    Publication,
    Question,
    Reference,
    Styled,
    Text,
    Value,
)
from tmad.suggest import did_you_mean

STYLES = {
    "date": ("", "long", "weekday"),
    "datetime": ("", "long", "date", "time"),
    "text": ("",),
}
"""The styles each parameter type accepts in ``{{name|style}}``."""

PLACEHOLDER = re.compile(r"\[(?:[A-Z]{2,}(?: [A-Z]{2,})*)\]")
"""A placeholder typed in text: "[XX]", "[DD MMM YYYY]"."""


@dataclass(frozen=True, slots=True)
class Context:
    """What references resolve against."""

    publication: Publication
    """The publication."""
    parameters: dict[str, Parameter]
    """Parameters after command-line overrides."""
    base: Edition
    """The edition the text speaks of ("Clause 4.26" resolves here)."""
    editions: dict[str, Edition]
    """Every edition of the document, for version references ("AL 5.0")."""
    links: dict[str, str]
    """Where each product is, relative to the product being rendered ("direction": "x.html")."""
    problems: list[SourceError] | None = None
    """Where errors are collected (``tmad check``); None raises the first (a build)."""
    printed_in: str = ""
    """The file that prints the included attachments, when it is not the product being
    resolved (the response form links "Attachment 1" into the consultation); "" for here."""

    def fail(self, error: SourceError, written: Inline) -> Inline:
        """Raise ``error``, or collect it and carry on with the text as ``written``."""
        if self.problems is None:
            raise error
        self.problems.append(error)
        return written


def shown(parameter: Parameter, style: str = "") -> str:
    """A parameter as a reader sees it: in house style, or its placeholder while unset."""
    return format_value(parameter, style) if parameter.value is not None else parameter.placeholder


def day(parameter: Parameter) -> dt.date:
    """The day of a date or date-time parameter that is set (the issue date, always set)."""
    value = parameter.value
    if isinstance(value, dt.datetime):
        return value.date()
    assert isinstance(value, dt.date), f"{parameter.name} is not a set date"
    return value


def format_value(parameter: Parameter, style: str) -> str:
    """A set parameter in house style."""
    value = parameter.value
    if parameter.type == "date":
        assert isinstance(value, dt.date)
        return long_date(value) if style == "long" else weekday_date(value)
    if parameter.type == "datetime":
        assert isinstance(value, dt.datetime)
        if style == "long":
            return f"{value:%H%M} on {long_date(value.date())}"
        if style == "date":
            return weekday_date(value.date())
        if style == "time":
            return f"{value:%H%M}"
        return time_on_date(value)
    return str(value)


def resolve_part(part: Part, context: Context) -> Part:
    """A part with every value and reference resolved."""
    blocks = tuple(_block(block, context) for block in part.blocks)
    footnotes = tuple(
        replace(note, children=_inlines(note.children, context, Location(part.source)))
        for note in part.footnotes
    )
    return replace(part, blocks=blocks, footnotes=footnotes)


def resolve_attachment(attachment: Attachment, context: Context) -> Attachment:
    """An attachment with its note and intro resolved."""
    where = attachment.location or Location("")
    return replace(
        attachment,
        href=attachment.href or context.links[" ".join(attachment.product)],
        note=_inlines(attachment.note, context, where),
        intro=_inlines(attachment.intro, context, where),
    )


def _paragraph(block: Paragraph, context: Context) -> Paragraph:
    where = block.location or Location("")
    return replace(block, children=_inlines(block.children, context, where))


def _block(block: Block, context: Context) -> Block:
    match block:
        case Paragraph():
            return _paragraph(block, context)
        case Heading():
            where = block.location or Location("")
            return replace(block, children=_inlines(block.children, context, where))
        case Question():
            return replace(
                block, paragraphs=tuple(_paragraph(p, context) for p in block.paragraphs)
            )
        case ListBlock():
            items = tuple(
                ListItem(item.label, tuple(_block(b, context) for b in item.blocks))
                for item in block.items
            )
            return replace(block, items=items)
        case AttachmentsTable():
            return block
        case _:
            return assert_never(block)


def _inlines(children: tuple[Inline, ...], context: Context, where: Location) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in children:
        match child:
            case Value():
                out.append(_value(child, context))
            case Text():
                out.extend(_scan(child.text, context, where))
            case Styled() | Link():
                out.append(replace(child, children=_inlines(child.children, context, where)))
            case LineBreak() | Placeholder() | Reference() | FootnoteRef():
                out.append(child)
            case _:
                assert_never(child)
    return tuple(out)


def _value(value: Value, context: Context) -> Inline:
    where = value.location
    written = Text("{{" + value.name + (f"|{value.style}" if value.style else "") + "}}")
    kind, _, ident = value.name.partition(":")
    if ident:
        if value.style:
            return context.fail(SourceError(f"{{{{{value.name}}}}} takes no style", where), written)
        if kind == "question":
            questions = {q.id: q for q in context.publication.questions()}
            if ident not in questions:
                return context.fail(
                    SourceError(
                        f"no question '{ident}' (questions: {', '.join(questions) or 'none'})"
                        + did_you_mean(ident, questions),
                        where,
                        code="Q002",
                    ),
                    written,
                )
            question = questions[ident]
            return Reference(question.label, f"#{question.anchor}")
        if kind == "attachment":
            attachments = {a.id: a for a in context.publication.attachments}
            if ident not in attachments:
                return context.fail(
                    SourceError(
                        f"no attachment '{ident}' (attachments: "
                        f"{', '.join(attachments) or 'none'})" + did_you_mean(ident, attachments),
                        where,
                        code="Q003",
                    ),
                    written,
                )
            attachment = attachments[ident]
            return Reference(
                f"Attachment {attachment.number}", _attachment_href(attachment, context)
            )
        return context.fail(
            SourceError(f"unknown reference kind '{kind}' (question:ID, attachment:ID)", where),
            written,
        )
    parameter = context.parameters.get(value.name)
    if parameter is None:
        known = ", ".join(context.parameters)
        return context.fail(
            SourceError(
                f"unknown parameter '{value.name}' (parameters: {known})"
                + did_you_mean(value.name, context.parameters),
                where,
                code="X005",
            ),
            written,
        )
    if value.style not in STYLES[parameter.type]:
        allowed = ", ".join(s or "(none)" for s in STYLES[parameter.type])
        return context.fail(
            SourceError(
                f"style '{value.style}' does not apply to {parameter.type} '{value.name}' "
                f"(styles: {allowed})",
                where,
            ),
            written,
        )
    if parameter.value is None:
        return Placeholder(parameter.placeholder, parameter.name, where)
    return Text(format_value(parameter, value.style))


def _attachment_href(attachment: Attachment, context: Context) -> str:
    if attachment.include:
        return f"{context.printed_in}#attachment-{attachment.number}"
    return attachment.href or context.links[" ".join(attachment.product)]


def _reference_pattern(appendix: str) -> re.Pattern[str]:
    version = (
        rf"|\b(?P<appendix>{re.escape(appendix)}) (?P<version>\d+(?:\.\d+)+)\b" if appendix else ""
    )
    return re.compile(
        r"\b(?P<word>Clauses?) (?P<number>\d+\.\d+)(?P<sub>(?:\([a-zA-Z]+\))*)" + version
    )


def _scan(text: str, context: Context, where: Location) -> list[Inline]:
    """Split text at clause and version references and typed placeholders."""
    document = context.base.document
    pattern = _reference_pattern(document.appendix)
    out: list[Inline] = []
    last = 0
    for match in pattern.finditer(text):
        out.extend(_placeholders(text[last : match.start()], where))
        if match.group("number"):
            number = match.group("number")
            try:
                clause = context.base.clause(number)
            except KeyError:
                if context.problems is not None:  # tmad check's citation check (R001) has
                    out.append(Text(match.group(0)))  # reported it, with its column
                else:
                    raise SourceError(
                        f"{match.group(0)}: there is no Clause {number} in "
                        f"{context.base.label} (the version this publication speaks of)",
                        where,
                        code="R001",
                    ) from None
                last = match.end()
                continue
            link = context.links["version " + context.base.version.number]
            href = f"{link}#{anchor('clause', clause.id)}"
            out.append(Text(f"{match.group('word')} "))
            out.append(Reference(number + match.group("sub"), href))
        else:
            number = match.group("version")
            if number not in context.editions:
                known = ", ".join(context.editions)
                error = SourceError(
                    f"{match.group(0)}: there is no version {number} of the "
                    f"{document.short_title} (versions: {known})",
                    where,
                    code="R001",
                )
                out.append(context.fail(error, Text(match.group(0))))
                last = match.end()
                continue
            out.append(Reference(match.group(0), context.links.get(f"version {number}", "")))
        last = match.end()
    out.extend(_placeholders(text[last:], where))
    return out


def _placeholders(text: str, where: Location) -> list[Inline]:
    out: list[Inline] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            out.append(Text(text[last : match.start()]))
        out.append(Placeholder(match.group(0), "", where))
        last = match.end()
    if last < len(text):
        out.append(Text(text[last:]))
    return out


def resolve_publication(
    publication: Publication,
    editions: dict[str, Edition],
    links: dict[str, str],
    problems: list[SourceError] | None = None,
    printed_in: str = "",
) -> Publication:
    """The publication with every part and attachment resolved, its references to companion
    products pointing at ``links`` (:func:`tmad.naming.publication_links`, made for the
    folder of the product being rendered).

    With ``problems``, errors are collected there and resolving goes on; else the first raises.
    ``printed_in`` names the file that prints included attachments when the product being
    made does not (see :attr:`Context.printed_in`).
    """
    context = Context(
        publication=publication,
        parameters={p.name: p for p in publication.parameters},
        base=editions[publication.base],
        editions=editions,
        links=links,
        problems=problems,
        printed_in=printed_in,
    )
    return replace(
        publication,
        consultation=resolve_part(publication.consultation, context),
        direction=resolve_part(publication.direction, context) if publication.direction else None,
        attachments=tuple(resolve_attachment(a, context) for a in publication.attachments),
    )
