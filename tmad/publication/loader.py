"""Loading publications from ``publications/ID/``: metadata, parameters and Markdown parts.

Layout (README.md, "Publications")::

    publications/early-firmware/
      publication.yaml   title, dates and other parameters, attachments
      consultation.md    the consultation's sections, questions and footnotes
      direction.md       the draft direction's text (optional)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tmad.dates import out_of_range
from tmad.errors import Location, SourceError
from tmad.publication.markdown import parse, parse_inline
from tmad.publication.model import Attachment, Parameter, ParameterType, Part, Publication
from tmad.textfile import read_text
from tmad.yamlsource import Mapping, load_mapping

PUBLICATIONS_DIR = "publications"
META_FILE = "publication.yaml"
CONSULTATION_FILE = "consultation.md"
DIRECTION_FILE = "direction.md"

_KEYS = {
    "title", "subtitle", "file_name", "author", "owner", "classification", "language",
    "document", "base", "proposed", "question_prefix", "contact", "sequence",
    "parameters", "attachments",
}  # fmt: skip
_ATTACHMENT_KEYS = {"id", "title", "product", "url", "note", "include", "intro"}
_PARAMETER_KEYS = {"type", "value", "placeholder"}
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})\Z")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_TYPES: tuple[ParameterType, ...] = ("date", "datetime", "text")
"""The types a parameter can declare."""
PLACEHOLDERS = {"date": "[DD MMM YYYY]", "datetime": "[HHMM on DD MMM YYYY]", "text": "[XX]"}
"""What an unset parameter shows, by type, unless it names its own placeholder."""
REQUIRED = {"issued": "date", "respond_by": "datetime"}
"""Parameters every publication has (the title block shows them)."""


def load_publications(root: Path) -> tuple[Publication, ...]:
    """Every publication under ``publications/`` (none when the directory is absent)."""
    base = root / PUBLICATIONS_DIR
    if not base.is_dir():
        return ()
    return tuple(
        load_publication(entry, root)
        for entry in sorted(base.iterdir())
        if entry.is_dir() and not entry.name.startswith(".")
    )


def _in_range(day: dt.date, where: Location) -> dt.date:
    problem = out_of_range(day)
    if problem:
        raise SourceError(problem, where)
    return day


def parse_value(kind: str, raw: object, where: Location) -> dt.date | dt.datetime | str:
    """A parameter value of a type, from YAML or the command line."""
    if kind == "date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return _in_range(raw, where)
        try:
            return _in_range(dt.date.fromisoformat(str(raw)), where)
        except ValueError:
            raise SourceError(f"{raw!r} is not a date written YYYY-MM-DD", where) from None
    if kind == "datetime":
        match = _DATETIME.match(str(raw))
        if match is None:
            raise SourceError(f"{raw!r} is not a date and time written YYYY-MM-DD HH:MM", where)
        try:
            day = _in_range(dt.date.fromisoformat(match.group(1)), where)
            return dt.datetime(
                day.year, day.month, day.day, int(match.group(2)), int(match.group(3))
            )
        except ValueError as exc:
            raise SourceError(f"{raw!r} is not a valid date and time: {exc}", where) from None
    if isinstance(raw, dt.date | bool | Mapping | list):
        raise SourceError(f"expected text, found {raw!r}", where)
    return str(raw)


def _parameter(name: str, raw: object, table: Mapping) -> Parameter:
    where = table.where(name)
    if not _NAME.match(name):
        raise SourceError(f"parameter name '{name}': use lowercase letters, digits, _", where)
    if isinstance(raw, Mapping):
        raw.refuse_unknown(_PARAMETER_KEYS)
        written = raw.string("type", "text") or "text"
        kind = next((known for known in _TYPES if known == written), None)
        if kind is None:
            raise SourceError(
                f"unknown type '{written}' (date, datetime or text)", raw.where("type")
            )
        value = raw.get("value")
        placeholder = raw.string("placeholder") or PLACEHOLDERS[kind]
        parsed = None if value is None else parse_value(kind, value, raw.where("value"))
        return Parameter(name, kind, parsed, placeholder, where)
    if raw is None:
        raise SourceError(
            f"parameter '{name}' has no value: give one, or declare it unset with "
            "'type:' (and optionally 'placeholder:')",
            where,
        )
    guessed: ParameterType
    if isinstance(raw, dt.date):
        guessed = "date"
    elif isinstance(raw, str) and _DATETIME.match(raw):
        guessed = "datetime"
    else:
        guessed = "text"
    parsed = parse_value(guessed, raw, where)
    return Parameter(name, guessed, parsed, PLACEHOLDERS[guessed], where)


def load_publication(directory: Path, root: Path) -> Publication:
    """One publication."""
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise SourceError(
            f"publication directory has no {META_FILE}",
            Location(directory.relative_to(root).as_posix()),
        )
    meta = load_mapping(meta_path, root)
    meta.refuse_unknown(_KEYS)
    table = meta.mapping("parameters")
    if table is None:
        raise SourceError("missing required key 'parameters'", meta.where())
    parameters = tuple(_parameter(name, raw, table) for name, raw in table.values.items())
    by_name = {p.name: p for p in parameters}
    for name, kind in REQUIRED.items():
        if name not in by_name or by_name[name].type != kind:
            raise SourceError(f"parameter '{name}' ({kind}) is required", table.where())
    sequence = tuple(str(n) for n in meta.sequence("sequence"))
    for name in sequence:
        if name not in by_name or by_name[name].type == "text":
            raise SourceError(
                f"'sequence' names '{name}', which is not a date parameter", meta.where("sequence")
            )
    file_name = meta.require_text("file_name")
    if not _FILE_NAME.match(file_name):
        raise SourceError(
            "file_name may hold letters, digits, '_', '-' and '.' only", meta.where("file_name")
        )
    prefix = meta.require_text("question_prefix")
    sources = [meta.path]
    consultation = _part(directory / CONSULTATION_FILE, root, prefix, sources, required=True)
    direction = _part(directory / DIRECTION_FILE, root, prefix, sources, required=False)
    assert consultation is not None
    attachments = _attachments(meta, direction is not None)
    return Publication(
        id=directory.name,
        title=meta.require_text("title"),
        subtitle=meta.string("subtitle", "") or "",
        file_name=file_name,
        author=meta.require_text("author"),
        owner=meta.require_text("owner"),
        classification=meta.require_text("classification"),
        language=meta.string("language", "en-GB") or "en-GB",
        document=meta.require_text("document"),
        base=meta.require_text("base"),
        proposed=meta.require_text("proposed"),
        question_prefix=prefix,
        issued="issued",
        respond_by="respond_by",
        contact=meta.require_text("contact"),
        sequence=sequence,
        parameters=parameters,
        attachments=attachments,
        consultation=consultation,
        direction=direction,
        sources=tuple(sources),
        location=meta.where(),
    )


def _part(path: Path, root: Path, prefix: str, sources: list[str], required: bool) -> Part | None:
    if not path.is_file():
        if required:
            raise SourceError("file not found", Location(path.relative_to(root).as_posix()))
        return None
    rel = path.relative_to(root).as_posix()
    sources.append(rel)
    parsed = parse(read_text(path, root), rel, prefix)
    return Part(parsed.front.get("title", ""), parsed.blocks, parsed.footnotes, rel)


def _attachments(meta: Mapping, has_direction: bool) -> tuple[Attachment, ...]:
    out: list[Attachment] = []
    notes = 0
    for number, item in enumerate(meta.sequence("attachments"), start=1):
        if not isinstance(item, Mapping):
            raise SourceError(
                "each attachment is a mapping (id, title, ...)", meta.where("attachments")
            )
        item.refuse_unknown(_ATTACHMENT_KEYS)
        ident = item.require_text("id")
        if any(a.id == ident for a in out):
            raise SourceError(f"attachment id '{ident}' is used twice", item.where("id"))
        product = tuple((item.string("product", "") or "").split())
        url = item.string("url", "") or ""
        if bool(product) == bool(url):
            raise SourceError(
                "an attachment names either a 'product' (direction, response-template, "
                "redline FROM TO) or a 'url'",
                item.where(),
            )
        if product and not _valid_product(product):
            raise SourceError(
                f"unknown product '{' '.join(product)}' (direction, response-template or "
                "redline FROM TO)",
                item.where("product"),
            )
        if product == ("direction",) and not has_direction:
            raise SourceError(
                "attachment names the direction, but there is no direction.md",
                item.where("product"),
            )
        if url and not url.startswith(("https://", "http://")):
            raise SourceError("an attachment's url must be http(s)://", item.where("url"))
        note_text = item.string("note", "") or ""
        note = parse_inline(note_text, item.where("note")) if note_text else ()
        if note:
            notes += 1
        intro_text = item.string("intro", "") or ""
        include = bool(item.get("include", False))
        if include and product != ("direction",):
            raise SourceError(
                "only the direction can be included in the consultation", item.where("include")
            )
        out.append(
            Attachment(
                id=ident,
                number=number,
                title=item.require_text("title"),
                product=product,
                href=url,
                note=note,
                note_number=notes if note else 0,
                include=include,
                intro=parse_inline(intro_text, item.where("intro")) if intro_text else (),
                location=item.where(),
            )
        )
    return tuple(out)


def _valid_product(product: tuple[str, ...]) -> bool:
    if product in (("direction",), ("response-template",)):
        return True
    return len(product) == 3 and product[0] == "redline"
