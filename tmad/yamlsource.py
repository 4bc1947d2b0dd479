"""Reading YAML metadata safely, keeping the line of every key for error messages.

Numbers stay strings ("5.10" is not the float 5.1), dates become ``datetime.date``,
anchors and aliases are refused (no exponential expansion), and every failure is a
:class:`~tmad.errors.SourceError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tmad.dates import out_of_range
from tmad.errors import Location, SourceError, UnreadableSource
from tmad.textfile import read_text

_NUMERIC_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves numbers as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NUMERIC_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Mapping:
    """A YAML mapping read from a file, with the location of each key."""

    path: str
    """The file, relative to the project root."""
    line: int
    """The line the mapping starts on."""
    values: dict[str, Any]
    """The values, with nested mappings as :class:`Mapping` too."""
    lines: dict[str, int]
    """The line of each key."""
    cols: dict[str, int] = field(default_factory=dict)
    """The column of each key (1-based)."""
    col: int = 0
    """The column the mapping starts on."""

    def where(self, key: str | None = None) -> Location:
        """The location of a key, or of the mapping itself."""
        if key and key in self.lines:
            return Location(self.path, self.lines[key], self.cols.get(key, 0))
        return Location(self.path, self.line, self.col)

    def get(self, key: str, default: Any = None) -> Any:
        """A value, or the default when the key is absent."""
        return self.values.get(key, default)

    def require(self, key: str) -> Any:
        """A value that must be present and not empty."""
        value = self.values.get(key)
        if value is None or value == "":
            raise SourceError(f"missing required key '{key}'", self.where())
        return value

    def string(self, key: str, default: str | None = None) -> str | None:
        """A value that must be a string (or absent, giving the default)."""
        value = self.values.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise SourceError(f"'{key}' must be text, not {_kind(value)}", self.where(key))
        return value

    def require_text(self, key: str) -> str:
        """A value that must be present, not empty, and text (not a list, date, mapping …)."""
        self.require(key)
        text = self.string(key)
        assert text is not None
        return text

    def date(self, key: str) -> dt.date | None:
        """A value that must be a date written as YYYY-MM-DD (or absent)."""
        value = self.values.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            shown = (
                value.isoformat(sep=" ")
                if isinstance(value, dt.datetime)
                else (value if isinstance(value, str) else _kind(value))
            )
            raise SourceError(
                f"'{key}' must be a date written YYYY-MM-DD, not {shown!r}", self.where(key)
            )
        problem = out_of_range(value)
        if problem:
            raise SourceError(f"'{key}': {problem}", self.where(key))
        return value

    def mapping(self, key: str) -> Mapping | None:
        """A value that must be a mapping (or absent)."""
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise SourceError(f"'{key}' must be a mapping of names to values", self.where(key))
        return value

    def sequence(self, key: str) -> list[Any]:
        """A value that must be a list (absent gives an empty list)."""
        value = self.values.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SourceError(f"'{key}' must be a list", self.where(key))
        return value

    def refuse_unknown(self, known: set[str]) -> None:
        """Fail on a key that is not one of ``known`` (a typo would otherwise be ignored)."""
        for key in self.values:
            if key not in known:
                allowed = ", ".join(sorted(known))
                raise SourceError(f"unknown key '{key}' (allowed: {allowed})", self.where(key))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__


def load_mapping(path: Path, root: Path) -> Mapping:
    """Read a YAML file whose top level is a mapping."""
    rel = path.relative_to(root).as_posix()
    text = read_text(path, root)
    return parse_mapping(text, rel)


def parse_mapping(text: str, rel: str, first_line: int = 1) -> Mapping:
    """Parse YAML text whose top level is a mapping; ``first_line`` offsets line numbers."""
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 0
        problem = exc.problem or exc.context or "malformed YAML"
        raise UnreadableSource(f"malformed YAML: {problem}", Location(rel, line)) from None
    except yaml.YAMLError as exc:
        raise UnreadableSource(f"malformed YAML: {exc}", Location(rel)) from None
    except RecursionError:
        raise UnreadableSource("YAML nested too deeply", Location(rel, first_line)) from None
    if node is None:
        raise UnreadableSource("empty file: expected a YAML mapping", Location(rel, first_line))
    converter = _Converter(rel, offset)
    try:
        value = converter.convert(node)
    except RecursionError:
        raise UnreadableSource("YAML nested too deeply", Location(rel, first_line)) from None
    if not isinstance(value, Mapping):
        raise UnreadableSource(
            f"expected a YAML mapping (key: value lines), found {_kind(value)}",
            Location(rel, node.start_mark.line + 1 + offset),
        )
    return value


class _Converter:
    """Turns a composed YAML node tree into values, refusing aliases."""

    def __init__(self, rel: str, offset: int) -> None:
        self.rel = rel
        self.offset = offset
        self.seen: set[int] = set()
        self.constructor = _Loader("")

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def convert(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            raise UnreadableSource(
                "YAML anchors and aliases are not supported", Location(self.rel, self.line(node))
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            values: dict[str, Any] = {}
            lines: dict[str, int] = {}
            cols: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    raise UnreadableSource(
                        "mapping keys must be plain names", Location(self.rel, self.line(key_node))
                    )
                key = str(key_node.value)
                if key in values:
                    raise UnreadableSource(
                        f"key '{key}' given twice", Location(self.rel, self.line(key_node))
                    )
                values[key] = self.convert(value_node)
                lines[key] = self.line(key_node)
                cols[key] = key_node.start_mark.column + 1
            return Mapping(
                self.rel, self.line(node), values, lines, cols, node.start_mark.column + 1
            )
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item) for item in node.value]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            problem = " ".join((exc.problem or exc.context or "not a value").split())
            raise UnreadableSource(
                f"malformed YAML value: {problem}", Location(self.rel, self.line(node))
            ) from None
        except (yaml.YAMLError, ValueError) as exc:
            problem = str(exc).strip().splitlines()[0] if str(exc).strip() else "not a value"
            if "timedelta" in problem:  # Python's words for a time zone offset of 24 hours or more
                problem = "a time zone offset must be less than 24 hours"
            raise UnreadableSource(
                f"malformed YAML value {str(node.value)[:80]!r}: {problem}",
                Location(self.rel, self.line(node)),
            ) from None
