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
from pathlib import Path

from tmad import clausesyntax
from tmad.errors import Location, SourceError
from tmad.model import STATUSES, Change, Clause, Document, Position, Section, Version
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


def load_document(root: Path) -> Document:
    """Read ``clauses/`` under the project root into a :class:`Document`."""
    base = root / SOURCE_DIR
    if not base.is_dir():
        raise SourceError(f"no '{SOURCE_DIR}/' directory in {root} (is this a tmad project?)")
    meta = load_mapping(base / DOCUMENT_FILE, root)
    meta.refuse_unknown(_DOCUMENT_KEYS)
    versions = [
        _load_version(entry, root)
        for entry in sorted(base.iterdir())
        if entry.is_dir() and not entry.name.startswith(".")
    ]
    if not versions:
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
        id=str(meta.require("id")),
        title=str(meta.require("title")),
        short_title=str(meta.require("short_title")),
        code=meta.string("code", "") or "",
        appendix=meta.string("appendix", "") or "",
        owner=str(meta.require("owner")),
        classification=str(meta.require("classification")),
        language=meta.string("language", "en-GB") or "en-GB",
        notice=" ".join((meta.string("notice", "") or "").split()),
        versions=ordered,
        chains=tuple(chains),
        sources=(meta.path,),
        location=meta.where(),
    )


def _load_version(directory: Path, root: Path) -> Version:
    meta_path = directory / VERSION_FILE
    if not meta_path.is_file():
        rel = directory.relative_to(root).as_posix()
        raise SourceError(f"version directory has no {VERSION_FILE}", Location(rel))
    meta = load_mapping(meta_path, root)
    meta.refuse_unknown(_VERSION_KEYS)
    number = str(meta.require("version"))
    if number != directory.name:
        raise SourceError(
            f"version '{number}' is in directory '{directory.name}/': they must match",
            meta.where("version"),
        )
    status = str(meta.require("status"))
    if status not in STATUSES:
        raise SourceError(
            f"unknown status '{status}' (use one of: {', '.join(STATUSES)})", meta.where("status")
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
            parsed.extend(clausesyntax.parse(read_text(path, root), rel))
        sections = _sections(parsed)
    else:
        if [p.name for p in markdown] != [CHANGES_FILE]:
            raise SourceError(
                f"a version with a base records its changes in {CHANGES_FILE} only "
                f"(found: {', '.join(p.name for p in markdown) or 'nothing'})",
                meta.where("base"),
            )
        rel = markdown[0].relative_to(root).as_posix()
        sources.append(rel)
        changes = tuple(_change(h) for h in clausesyntax.parse(read_text(markdown[0], root), rel))
    return Version(
        number=number,
        base=base,
        status=status,  # type: ignore[arg-type]
        date=date,
        title=" ".join(str(meta.require("title")).split()),
        author=str(meta.require("author")),
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


def _sections(headings: list[clausesyntax.Heading]) -> tuple[Section, ...]:
    """Group the headings of a full text into sections of clauses."""
    sections: list[Section] = []
    clauses: list[Clause] = []
    current: clausesyntax.Heading | None = None

    def close() -> None:
        if current is not None:
            sections.append(
                Section(current.id, current.text, tuple(clauses), location=current.location)
            )

    for heading in headings:
        if heading.action or heading.position:
            raise SourceError(
                "actions and positions (insert, delete, move, after=, before=) belong in a "
                f"version's {CHANGES_FILE}, not in a full text",
                heading.location,
            )
        if not heading.text:
            raise SourceError("heading has an id but no text", heading.location)
        if heading.level == 1:
            close()
            current = heading
            clauses = []
            continue
        if current is None:
            raise SourceError(
                "clause before any section: start the file with '# Section {#id}'",
                heading.location,
            )
        if not heading.body:
            raise SourceError(f"clause '{heading.id}' has no text", heading.location)
        clauses.append(Clause(heading.id, heading.text, heading.body, location=heading.location))
    close()
    return tuple(sections)


def _change(heading: clausesyntax.Heading) -> Change:
    """Interpret one heading of a ``changes.md`` as a change."""
    target = "section" if heading.level == 1 else "clause"
    position = Position(*heading.position) if heading.position else None  # type: ignore[arg-type]
    body = heading.body if heading.body else None
    text = heading.text or None
    where = heading.location
    if heading.action == "delete":
        if text or body or position:
            raise SourceError(
                f"'delete' takes only the id: '{'#' * heading.level} {{#{heading.id} delete}}'",
                where,
            )
        return Change("delete", target, heading.id, location=where)
    if heading.action == "insert":
        if position is None:
            raise SourceError(
                f"'insert' needs a position: after=ID or before=ID (inserting '{heading.id}')",
                where,
            )
        if not text:
            raise SourceError(f"inserted {target} '{heading.id}' needs a heading", where)
        if target == "clause" and not body:
            raise SourceError(f"inserted clause '{heading.id}' needs its text", where)
        return Change("insert", target, heading.id, position, text, body, where)
    if heading.action == "amend":
        if target != "clause" or text or position or not body:
            raise SourceError(
                "'amend' takes a clause id and the definitions to insert or replace: "
                f"'## {{#{heading.id} amend}}' followed by 'Term' / ': means ...' lines",
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
        return Change("amend", target, heading.id, None, None, body, where)
    if heading.action == "move":
        if position is None:
            raise SourceError(
                f"'move' needs a position: after=ID or before=ID (moving '{heading.id}')", where
            )
        if target == "clause" and bool(text) != bool(body):
            raise SourceError(
                "a moved clause keeps its text (give neither heading nor text) or gets new "
                "text (give both)",
                where,
            )
        return Change("move", target, heading.id, position, text, body, where)
    if position is not None:
        raise SourceError(
            f"a position needs an action: add 'insert' or 'move' to {{#{heading.id} ...}}", where
        )
    if not text:
        raise SourceError(
            f"replacing {target} '{heading.id}' needs its new heading"
            + (" and text" if target == "clause" else ""),
            where,
        )
    if target == "clause" and not body:
        raise SourceError(f"replacing clause '{heading.id}' needs its new text", where)
    if target == "section" and body:
        raise SourceError("a section heading carries no text", where)
    return Change("replace", target, heading.id, None, text, body, where)


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
