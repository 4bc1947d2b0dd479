"""Loading a versioned document from ``clauses/`` into the model.

Layout (README.md, "Sources")::

    clauses/
      document.yaml          the document's metadata
      5.0/version.yaml       a version's metadata
      5.0/01-intro.md ...    a version without a base: its sections, in file-name order
      5.1/version.yaml
      5.1/changes.md         a version with a base: only what it changes

Loading reads and parses; it does not consolidate (see :mod:`tmad.consolidate`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tmad import clausesyntax
from tmad.errors import Location, SourceError, UnreadableSource
from tmad.labels import keys
from tmad.model import (
    STATUSES,
    Action,
    Block,
    Change,
    Clause,
    Document,
    Position,
    Section,
    Version,
)
from tmad.outline import assign_kinds
from tmad.scheme import DEFAULT, Level, Scheme, parse_scheme
from tmad.textfile import read_text
from tmad.yamlsource import Mapping, load_mapping

SOURCE_DIR = "clauses"
DOCUMENT_FILE = "document.yaml"
VERSION_FILE = "version.yaml"
CHANGES_FILE = "changes.md"

_DOCUMENT_KEYS = {
    "id",
    "title",
    "short_title",
    "code",
    "appendix",
    "owner",
    "classification",
    "language",
    "notice",
    "redline_chains",
    "numbering",
    "checks",
}
_VERSION_KEYS = {
    "version",
    "base",
    "status",
    "date",
    "title",
    "author",
    "consultation",
    "milestones",
}


def load_document(
    root: Path, problems: list[UnreadableSource] | None = None, empty: bool = False
) -> Document:
    """Read ``clauses/`` under the project root into a :class:`Document`.

    With ``problems`` (``tmad check``), syntax errors in clause files are collected there and
    each file's parse recovers (see :func:`tmad.clausesyntax.parse`); else the first raises.
    ``empty`` allows a project with no version yet (``tmad import`` into a new project).
    """
    base = root / SOURCE_DIR
    if not base.is_dir():
        raise SourceError(f"no '{SOURCE_DIR}/' directory in {root} (is this a tmad project?)")
    meta = load_mapping(base / DOCUMENT_FILE, root)
    meta.refuse_unknown(_DOCUMENT_KEYS)
    numbering = meta.mapping("numbering")
    scheme = parse_scheme(numbering) if numbering is not None else DEFAULT
    versions = [
        _load_version(entry, root, scheme, problems)
        for entry in sorted(base.iterdir())
        if entry.is_dir() and not entry.name.startswith(".")
    ]
    if not versions and not empty:
        raise SourceError(
            f"no versions: expected directories like {SOURCE_DIR}/5.0/ holding {VERSION_FILE}",
            meta.where(),
        )
    ordered = _in_base_order(versions)
    known = {v.number for v in ordered}
    chains = []
    for chain in meta.sequence("redline_chains"):
        if not isinstance(chain, list) or len(chain) < 3:
            raise SourceError(
                "each redline chain is a list of three or more versions, like "
                '["5.1", "5.2", "5.3"]',
                meta.where("redline_chains"),
            )
        for number in chain:
            if str(number) not in known:
                raise SourceError(
                    f"redline chain names unknown version '{number}'",
                    meta.where("redline_chains"),
                )
        chains.append(tuple(str(n) for n in chain))
    return Document(
        id=meta.require_text("id"),
        title=meta.require_text("title"),
        short_title=meta.require_text("short_title"),
        code=meta.string("code", "") or "",
        appendix=meta.string("appendix", "") or "",
        owner=meta.require_text("owner"),
        classification=meta.require_text("classification"),
        language=meta.string("language", "en-GB") or "en-GB",
        notice=" ".join((meta.string("notice", "") or "").split()),
        versions=ordered,
        chains=tuple(chains),
        sources=(meta.path,),
        location=meta.where(),
        scheme=scheme,
    )


def _load_version(
    directory: Path, root: Path, scheme: Scheme, problems: list[UnreadableSource] | None
) -> Version:
    meta_path = directory / VERSION_FILE
    if not meta_path.is_file():
        rel = directory.relative_to(root).as_posix()
        raise SourceError(f"version directory has no {VERSION_FILE}", Location(rel))
    meta = load_mapping(meta_path, root)
    meta.refuse_unknown(_VERSION_KEYS)
    number = meta.require_text("version")
    if number != directory.name:
        raise SourceError(
            f"version '{number}' is in directory '{directory.name}/': they must match",
            meta.where("version"),
        )
    written = meta.require_text("status")
    status = next((known for known in STATUSES if known == written), None)
    if status is None:
        raise SourceError(
            f"unknown status '{written}' (use one of: {', '.join(STATUSES)})", meta.where("status")
        )
    date = meta.date("date")
    if date is None:
        raise SourceError("missing required key 'date'", meta.where())
    base = meta.string("base")
    markdown = sorted(p for p in directory.iterdir() if p.suffix == ".md")
    sources = [meta.path]
    sections: tuple[Section, ...] | None = None
    changes: tuple[Change, ...] = ()
    if base is None:
        if not markdown:
            raise SourceError(
                "a version without a base needs its text: section files like 01-introduction.md",
                meta.where(),
            )
        if any(p.name == CHANGES_FILE for p in markdown):
            raise SourceError(
                f"{CHANGES_FILE} records changes, but this version has no 'base'",
                meta.where(),
            )
        parsed = []
        for path in markdown:
            rel = path.relative_to(root).as_posix()
            sources.append(rel)
            text = read_text(path, root)
            parsed.extend(_parse(text, rel, scheme, problems))
        sections = _sections(parsed, scheme)
    else:
        if [p.name for p in markdown] != [CHANGES_FILE]:
            raise SourceError(
                f"a version with a base records its changes in {CHANGES_FILE} only "
                f"(found: {', '.join(p.name for p in markdown) or 'nothing'})",
                meta.where("base"),
            )
        rel = markdown[0].relative_to(root).as_posix()
        sources.append(rel)
        text = read_text(markdown[0], root)
        headings = _parse(text, rel, scheme, problems, reasons=True)
        changes = tuple(replace(_change(h, scheme), reason=h.reason) for h in headings)
    return Version(
        number=number,
        base=base,
        status=status,
        date=date,
        title=" ".join(meta.require_text("title").split()),
        author=meta.require_text("author"),
        consultation=meta.string("consultation"),
        milestones=_milestones(meta),
        sections=sections,
        changes=changes,
        sources=tuple(sources),
        location=meta.where(),
    )


def _milestones(meta: Mapping) -> tuple[tuple[str, dt.date], ...]:
    table = meta.mapping("milestones")
    if table is None:
        return ()
    return tuple((name, _date_of(table, name)) for name in table.values)


def _date_of(table: Mapping, name: str) -> dt.date:
    value = table.date(name)
    if value is None:
        raise SourceError(f"milestone '{name}' needs a date", table.where(name))
    return value


def _parse(
    text: str,
    rel: str,
    scheme: Scheme,
    problems: list[UnreadableSource] | None,
    reasons: bool = False,
) -> list[clausesyntax.Heading]:
    """A source file's headings; the same text parsed again (an import proving what it wrote
    loads the project's other versions each time) is not parsed twice."""
    if problems is not None:
        return clausesyntax.parse(text, rel, _labels(scheme), problems, reasons)
    return list(_parsed(text, rel, scheme, reasons))


@lru_cache(maxsize=64)
def _parsed(text: str, rel: str, scheme: Scheme, reasons: bool) -> tuple[clausesyntax.Heading, ...]:
    return tuple(clausesyntax.parse(text, rel, _labels(scheme), None, reasons))


def _labels(scheme: Scheme) -> clausesyntax.LabelTest:
    """Which bracketed words start a labelled paragraph: labels of the scheme's styles."""
    styles = {(level.style, level.insert) for level in scheme.labels}

    def test(label: str) -> bool:
        return any(keys(style, insert, label) for style, insert in styles)

    return test


def _heading_level(heading: clausesyntax.Heading, scheme: Scheme) -> Level:
    level = scheme.heading_level(heading.level)
    if level is None:
        raise SourceError(
            f"'{'#' * heading.level}' is not a heading of this document: its numbering has "
            f"{scheme.marks()}",
            heading.location,
        )
    if heading.number and not level.fixed:
        raise SourceError(
            f"{level.name} numbers are computed from their order: remove num={heading.number} "
            f"(or declare the {level.name} level 'fixed: true' under 'numbering')",
            heading.location,
        )
    return level


def _body(heading: clausesyntax.Heading, scheme: Scheme) -> tuple[Block, ...]:
    return assign_kinds(scheme, heading.body)


def _sections(headings: list[clausesyntax.Heading], scheme: Scheme) -> tuple[Section, ...]:
    """Group the headings of a full text into containers (flat, in reading order) of units."""
    unit = scheme.unit
    sections: list[Section] = []
    clauses: list[Clause] = []
    current: tuple[clausesyntax.Heading, Level] | None = None
    open_depths: list[int] = []

    def close() -> None:
        if current is None:
            if clauses:
                sections.append(Section("", "", tuple(clauses), level=""))
            return
        heading, level = current
        sections.append(
            Section(
                heading.id,
                heading.text,
                tuple(clauses),
                heading.number,
                location=heading.location,
                level=level.name,
            )
        )

    for heading in headings:
        if heading.action or heading.position:
            raise SourceError(
                "actions and positions (insert, delete, move, after=, before=) belong in a "
                f"version's {CHANGES_FILE}, not in a full text",
                heading.location,
            )
        level = _heading_level(heading, scheme)
        if level.fixed and not heading.number:
            raise SourceError(
                f"{level.name} numbers are fixed: write the number on the heading, like "
                f"'{'#' * heading.level} {heading.text or 'Heading'} {{#{heading.id} num=4}}'",
                heading.location,
            )
        if not heading.text and level.heading == "required":
            raise SourceError(f"{level.name} heading has an id but no text", heading.location)
        if level is not unit:
            if heading.body:
                raise SourceError(
                    f"text directly under a {level.name} heading: put it in a {unit.name} "
                    f"('{'#' * unit.depth} Heading {{#id}}')",
                    heading.body[0].location,
                )
            while open_depths and open_depths[-1] >= level.depth:
                open_depths.pop()
            if not scheme.skip and level.depth > 1 and open_depths[-1:] != [level.depth - 1]:
                outer = scheme.headings[level.depth - 2]
                raise SourceError(
                    f"{level.name} outside any {outer.name}: put a "
                    f"'{'#' * outer.depth} {outer.name.capitalize()} {{#id}}' heading above it "
                    "(or let levels be skipped with 'skip: true' under 'numbering')",
                    heading.location,
                )
            close()
            current = (heading, level)
            clauses = []
            open_depths.append(level.depth)
            continue
        if scheme.containers and not scheme.skip and open_depths[-1:] != [unit.depth - 1]:
            outer = scheme.containers[-1]
            raise SourceError(
                f"{unit.name} before any {outer.name}: start the file with "
                f"'{'#' * outer.depth} {outer.name.capitalize()} {{#id}}'",
                heading.location,
            )
        if not heading.body:
            raise SourceError(f"{unit.name} '{heading.id}' has no text", heading.location)
        clauses.append(
            Clause(
                heading.id,
                heading.text,
                _body(heading, scheme),
                heading.number,
                location=heading.location,
            )
        )
    close()
    return tuple(sections)


def _change(heading: clausesyntax.Heading, scheme: Scheme) -> Change:
    """Interpret one heading of a ``changes.md`` as a change."""
    level = _heading_level(heading, scheme)
    unit = level is scheme.unit
    target: Literal["section", "clause"] = "clause" if unit else "section"
    noun = level.name
    marks = "#" * heading.level
    position = Position(*heading.position) if heading.position else None
    body = _body(heading, scheme) if heading.body else None
    text = heading.text or None
    number = heading.number
    where = heading.location
    untitled_ok = level.heading == "optional"
    kind = level.name

    def change(action: Action, head: str | None, new_body: tuple[Block, ...] | None) -> Change:
        return Change(action, target, heading.id, position, head, new_body, where, kind, number)

    if not unit and body:
        raise SourceError(f"a {noun} heading carries no text", where)
    if heading.action == "delete":
        if text or body or position or number:
            raise SourceError(
                f"'delete' takes only the id: '{marks} {{#{heading.id} delete}}'", where
            )
        return change("delete", None, None)
    if heading.action == "insert":
        if position is None:
            raise SourceError(
                f"'insert' needs a position: after=ID or before=ID (inserting '{heading.id}')",
                where,
            )
        if not text and not untitled_ok:
            raise SourceError(f"inserted {noun} '{heading.id}' needs a heading", where)
        if unit and not body:
            raise SourceError(f"inserted {noun} '{heading.id}' needs its text", where)
        return change("insert", text or "", body)
    if heading.action == "amend":
        if not unit or text or position or number or not body:
            raise SourceError(
                "'amend' takes a clause id and the definitions to insert or replace: "
                f"'{marks} {{#{heading.id} amend}}' followed by 'Term' / ': means ...' lines",
                where,
            )
        if not body[0].is_definition:
            raise SourceError(
                "an amended clause's text must start with a definition ('Term' then ': means ...')",
                body[0].location,
            )
        if any(block.level == 0 and not block.is_definition for block in body):
            raise SourceError(
                "'amend' takes only definitions (and their lettered paragraphs)",
                next(b for b in body if b.level == 0 and not b.is_definition).location,
            )
        return Change("amend", target, heading.id, None, None, body, where, kind)
    if heading.action == "move":
        if position is None:
            raise SourceError(
                f"'move' needs a position: after=ID or before=ID (moving '{heading.id}')", where
            )
        if unit and text and not body:
            raise SourceError(
                f"a moved {noun} keeps its text (give neither heading nor text) or gets new "
                "text (give both)",
                where,
            )
        if body is not None:
            if not text and not untitled_ok:
                raise SourceError(f"the moved {noun} '{heading.id}' needs its heading", where)
            return change("move", text or "", body)
        return change("move", text, None)
    if position is not None:
        raise SourceError(
            f"a position needs an action: add 'insert' or 'move' to {{#{heading.id} ...}}", where
        )
    if not text and not body and number:
        return change("replace", None, None)  # renumbered only: {#id num=5}
    if unit and not body:
        raise SourceError(
            f"replacing {noun} '{heading.id}' needs its new "
            + ("text" if text or untitled_ok else "heading and text"),
            where,
        )
    if not text and not untitled_ok:
        raise SourceError(
            f"replacing {noun} '{heading.id}' needs its new heading"
            + (" and text" if unit else ""),
            where,
        )
    return change("replace", text or "", body)


def _in_base_order(versions: list[Version]) -> tuple[Version, ...]:
    """Order versions so each follows its base; fail on unknown bases and cycles."""
    by_number: dict[str, Version] = {}
    for version in versions:
        by_number[version.number] = version
    for version in versions:
        if version.base is not None and version.base not in by_number:
            raise SourceError(
                f"unknown base '{version.base}' (versions: {', '.join(sorted(by_number))})",
                version.location,
                code="S004",
            )
    ordered: list[Version] = []
    done: set[str] = set()
    for version in sorted(versions, key=lambda v: _number_key(v.number)):
        chain: list[Version] = []
        seen: set[str] = set()
        current: Version | None = version
        while current is not None and current.number not in done:
            if current.number in seen:
                cycle = " -> ".join(v.number for v in [*chain, current])
                raise SourceError(f"versions form a cycle: {cycle}", current.location, code="S004")
            seen.add(current.number)
            chain.append(current)
            current = by_number[current.base] if current.base is not None else None
        for item in reversed(chain):
            done.add(item.number)
            ordered.append(item)
    return tuple(ordered)


def _number_key(number: str) -> tuple:
    """Sort "5.10" after "5.9"."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in number.split("."))
